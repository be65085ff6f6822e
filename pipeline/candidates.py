"""New-actor candidates: the names of an article that the registry does not know and that could be
actors. Pure; resolve calls `find_candidates` with what it could not resolve.

A name is left out, for the first of these reasons (`not_a_name` names it):
    not-a-name     a fragment, a date, a photo credit, a shouted header, a wire service
    headline       every mention sits in a title-case line: another story's headline or page
                   furniture ("Trump Tightens Grip on Corporate America, CEOs Stay Silent")
    function-word  a capitalized function word in it ("Everything Roger", "Most Read Nation &
                   World Stories", "Across West Executive Drive")
    furniture      page furniture ("Follow Ashley May", "The Washington Post Buy Photo")
    description    a lowercase word or a role in it, no name ("Russian oligarch", "HOST", "Police")
    possessive     two names run together ("Elon Musk's SpaceX": each is found on its own)
    compound       places joined by a hyphen ("U.S.-Russia", "U.S.–India")
    place          NER calls it a place or a nationality more often than a person or an
                   organization ("Latinos"), or it is named as one ("Mill Lane", "Atacama
                   Desert", "the River Ost")
    common-word    a one-word name the text also writes in lower case ("Drop", "Numbers",
                   "FURIOUS"; hashtags, handles and URLs aside)
    outlet         the article's own outlet or publisher, or its web domain ("Newsmax" on
                   newsmax.com, "Trump Tyranny Tracker" on trumptyrannytracker.substack.com)
    cited          only ever named as a source ("according to Reuters", "Source: The Hill")
A place (GPE: a country, a state, a city) is a candidate of kind "place" only from the mentions
where it acts (`find_places`): the subject or object of a clause ("Mexico accepted ...", "Russia
annexed Crimea"), not a place of the event ("in Ukraine", "trucks from Mexico") nor a modifier ("U.S.
officials"); the short forms of a country take its name ("U.S." -> "United States").
Buildings and works stay candidates, with their `kind` ("building": FAC, or a building word such
as "Tower", "Maison"; "work": WORK_OF_ART): an event's actor only when the event is about them
(pipeline/actors.py).

A person's name before "administration" names the administration ("the George W. Bush
administration" -> "Bush Administration", as a timeline writes it).

One actor once: a surname joins the full name in the article ("Rybolovlev" -> "Dmitry
Rybolovlev", whatever NER labelled either), a one-word name the longer name it is part of
("Treasury" -> "Treasury Department"), an acronym the name spelled out before it, a person's
full name with words before it the person ("Crooked Hillary Clinton"), and a name that is part
of a registry actor named in the article, or a registry person's full name with words before it,
becomes a mention of that actor ("Trump" -> "Donald Trump"; `part-of-name`).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from .names import TITLE_WORDS, is_part_of, normalize_name, strip_titles
from .records import ActorMatch, Article, Candidate, Mention

# News and photo agencies: credited for copy and pictures, almost never actors of the event.
WIRE_SERVICES = frozenset({
    "reuters", "associated press", "ap", "afp", "agence france presse", "getty", "getty images", "epa", "upi",
    "pa media", "press association", "xinhua", "tass", "interfax", "ria novosti", "anadolu", "dpa", "ansa",
    "kyodo", "yonhap",
})
# Words a name may hold in lower case ("Bank of America", "Charles de Gaulle", "Osama bin Laden").
PARTICLES = frozenset("of for and the on in to at & de du des la le da di do dos van von der den ter ten bin ibn "
                      "al el y e zu".split())
# Capitalized, these open no name: pronouns, quantifiers, prepositions, conjunctions, question
# words, auxiliaries. ("Will", "May" and "Do" are kept out of the list: Will Smith, Theresa May, Do Kwon.)
FUNCTION_WORDS = frozenset("""everything everyone everybody everywhere anything anyone anybody anywhere nothing
    nobody something someone somebody most more many much all some any each every few several both either
    neither none this that these those here there what which who whom whose why how when where while whether
    if unless although though because since until after before during across against among amongst around above
    behind below beneath beside besides between beyond inside outside near toward towards upon within without
    into onto through throughout i you he she it we they me him her them my your his its our their mine yours
    ours theirs is are was were be been being am does did done has have had having could would should must
    might shall also just only even still very really too yet not no nor so than then thus however""".split())
# Page furniture: a name opening with one of these ("Follow Ashley May", "Read More") ...
FURNITURE_FIRST = frozenset("follow read watch subscribe share click sign download listen contact email buy "
                            "related advertisement sponsored continue print tweet like join invalid".split())
# ... or holding one of these anywhere ("The Washington Post Buy Photo").
FURNITURE_ANY = frozenset("photo photos photograph video videos newsletter subscribe advertisement".split())
# Generic roles, written as names in transcripts and captions ("HOST:", "Unidentified Male").
ROLE_WORDS = frozenset("""host cohost co-host anchor moderator reporter correspondent narrator announcer caller
    guest audience crowd voice unidentified unknown male female man woman men women interviewer panelist
    presenter commentator analyst editor staff official officials source sources witness protester protesters
    demonstrators""".split())
# Words that alone name no one in particular ("Police said", "the Council voted").
GENERIC_WORDS = frozenset("""police council court government army navy ministry parliament champion committee
    commission agency department authority board company party team club union state nation republic""".split())
# Occupations written before a name as if a title ("Comedian Ricky Gervais"); the name is kept.
OCCUPATIONS = frozenset("""comedian actor actress singer rapper musician author writer novelist journalist
    columnist lawyer attorney economist historian professor activist pastor priest chef model star legend
    designer director producer filmmaker entrepreneur investor""".split())
# Places a hyphen joins into an adjective ("U.S.-Russia"), besides the article's own GPE/NORP/LOC names.
PLACE_KEYS = frozenset({"us", "u s", "uk", "u k", "eu", "un", "usa", "nato", "gcc", "asean"})
# A building's name holds one of these ("Maison de L'Amitie", "Trump Tower", "Doral Golf Course").
BUILDING_WORDS = frozenset("""tower towers mansion maison villa chateau palace castle estate manor hotel resort
    casino golf course club clubhouse building plaza hall arena stadium airport bridge museum cathedral church
    mosque temple synagogue lodge ranch""".split())
# A place's name ends in one of these ("Mill Lane", "Atacama Desert") or follows one ("the River Ost").
PLACE_WORDS = frozenset("""street st lane road rd avenue ave drive boulevard highway square river lake mountain
    mountains valley island islands sea ocean bay gulf coast desert plateau peninsula canyon""".split())
PLACE_FIRST = frozenset("river lake mount mt cape isle".split())  # "River Ost", "Lake Tahoe"
_PLACE_BEFORE = re.compile(r"\b(?:River|Lake|Mount|Mt\.|Cape|Bay|Gulf|Sea|Isle|Island|Port of)\s+$")
HYPHENS = re.compile(r"[-‐‑–]")
_QUOTE_OPENS = re.compile(r"(?:^|\s)['‘\"“]|[\"“”]")  # "Obama Sees 'Personal Insult'" is a headline's words
_POSSESSIVE_INSIDE = re.compile(r"['’]s\s+\S")
# An ORG mention that is a news outlet being cited, not an actor in the event.
_CITED_BEFORE = re.compile(r"(?:according to|per|via|told|reported by|reports? from|citing|quoted by)\s+(?:the\s+)?$", re.I)
_CITED_AFTER = re.compile(r"^\s*(?:reported|reports|said in a report|news agency)", re.I)
# Any mention right after a source line's label ("Source: The Hill", "Photo: Reuters").
_SOURCE_LABEL = re.compile(r"(?:sources?|photo|photos|image|credit|via)\s*:\s*(?:[^\n:]{0,80}\b(?:and|&)\s+)?(?:the\s+)?$", re.I)
_GOVERNMENT_WORDS = re.compile(
    r"\b(?:ministry|department|agency|authority|council|board|commission|parliament|senate|congress|"
    r"court|government|administration|office|bureau|police|army|navy|kremlin|white house)\b",
    re.I,
)
_WORD = re.compile(r"[A-Za-zÀ-ÖØ-öø-ÿ0-9][\w'’&.-]*")
_PLAIN_WORD = re.compile(r"(?<![#@/.\w])[a-zà-öø-ÿ]+(?![\w@/])")  # not in a hashtag, a handle or a URL
# Title-case lines: words that headline style leaves in lower case.
_HEADLINE_SMALL = frozenset("a an the and or but nor of in on at to for by with from as vs via per into over up "
                            "off out is are be if than v".split())
_SENTENCE_OPENERS = " “\"‘'([—–-•*"
_LOWER_WORD = re.compile(r"(?<![\w'’.@#/-])(?!(?:" + "|".join(sorted(_HEADLINE_SMALL)) + r")(?![\w'’-]))[a-z]")
_MODALS = frozenset("will can may should would could did does do is are was".split())
_THE = re.compile(r"^the\s+(?=\S+\s)", re.I)
_ADMINISTRATION = re.compile(r"(?:['’]s)?\s+[Aa]dministration\b")  # "Bush administration", "Obama's administration"
# Prepositions that make a place the scene of an event, not an actor in it ("in Ukraine", "to Mexico").
PLACE_PREPOSITIONS = frozenset("""in at from to into onto across inside within throughout near outside around through
    toward towards via along across over""".split())
_WORD_BEFORE = re.compile(r"([A-Za-z]+)\s+(?:the\s+)?$", re.I)
# Short forms of countries, as keys, and the name a timeline writes.
COUNTRY_NAMES = {"us": "United States", "u s": "United States", "usa": "United States", "u s a": "United States",
                 "america": "United States", "united states of america": "United States",
                 "uk": "United Kingdom", "u k": "United Kingdom", "britain": "United Kingdom",
                 "great britain": "United Kingdom"}  # "The State Department" is named "State Department"; "The Hill" keeps it


@dataclass(frozen=True)
class NameContext:
    """What the rules read about one article, computed once: its text, sentences, the sentences
    that are title-case lines, the keys of its place names and every label each name was given."""

    text: str
    sentences: Sequence[tuple[int, int]]
    headline: frozenset[int]
    places: frozenset[str]
    labels: dict[str, Counter]
    outlet_keys: frozenset[str]
    lower_words: frozenset[str]
    starts: tuple[int, ...] = ()
    reasons: dict[str, str | None] = field(default_factory=dict, compare=False, repr=False)  # not_a_name, once a text

    @classmethod
    def of(cls, article: Article, sentences: Sequence[tuple[int, int]], mentions: Sequence[Mention]) -> "NameContext":
        text = article.text
        labels: dict[str, Counter] = {}
        for m in mentions:
            key = normalize_name(strip_titles(m.text))
            labels.setdefault(key, Counter())[m.label] += 1
            if key.split()[:1] and key.split()[0] in PLACE_FIRST:  # "the River Ost": "the Ost" too
                labels.setdefault(key.split(" ", 1)[-1], Counter())[m.label] += 1
        places = frozenset(normalize_name(m.text) for m in mentions if m.label in ("GPE", "NORP", "LOC")) | PLACE_KEYS
        return cls(text=text, sentences=sentences, headline=frozenset(headline_sentences(text, sentences, mentions)),
                   places=places, labels=labels, outlet_keys=frozenset(outlet_keys(article)),
                   lower_words=frozenset(_PLAIN_WORD.findall(text)), starts=tuple(s for s, _ in sentences))

    def sentence_of(self, start: int) -> int:
        return bisect_right(self.starts, start) - 1


def headline_sentences(text: str, sentences: Sequence[tuple[int, int]], mentions: Sequence[Mention]) -> list[int]:
    """The sentences written in title case: at least three words, none in lower case but the
    small words headlines leave so, and either a line of its own (a headline, a section title)
    or a capitalized word outside every entity (so a sentence of names only in running text,
    "Donald Trump and Vladimir Putin met.", is not one)."""
    spans = sorted((m.start, m.end) for m in mentions)
    starts = [s for s, _ in spans]
    found = []
    for i, (start, end) in enumerate(sentences):
        if _LOWER_WORD.search(text, start, end):
            continue  # running text: a word in lower case that headlines capitalize (most sentences, found at once)
        words = [(start + m.start(), m.group()) for m in _WORD.finditer(text[start:end]) if any(c.isalpha() for c in m.group())]
        if len(words) < 3 or any(w[:1].islower() and w.lower() not in _HEADLINE_SMALL for _, w in words):
            continue
        line_start, line_end = text.rfind("\n", 0, start) + 1, text.find("\n", end)
        if not _LOWER_WORD.search(text, line_start, len(text) if line_end == -1 else line_end):  # "What’s Next? Will Musk Play Along?"
            found.append(i)
            continue
        for at, word in words:
            if word[:1].isupper() and word.lower() not in _HEADLINE_SMALL:
                j = bisect_right(starts, at) - 1
                if j < 0 or spans[j][1] <= at:
                    found.append(i)
                    break
    return found


def outlet_keys(article: Article) -> list[str]:
    """Keys an article's own outlet goes by: its name, and the labels of its web address
    ("newsmax", "trumptyrannytracker"; "www" and the top-level domain left out)."""
    keys = []
    if article.outlet:
        keys.append(_squashed(article.outlet))
    for url in (article.url, article.canonical_url):
        host = (urlsplit(url).hostname or "") if url else ""
        labels = host.split(".")[:-1]
        keys += [label.replace("-", "") for label in labels if label not in ("www", "m", "amp", "edition", "news")]
    return [k for k in keys if len(k) > 2]


def _squashed(name: str) -> str:
    return normalize_name(name).replace(" ", "")


def _is_outlet(name: str, ctx: NameContext) -> bool:
    """The name is the article's outlet: its key, the key with 'the', or initials and last word
    ("New York Times" and nytimes.com) equal one of the outlet's keys."""
    words = normalize_name(name).split()
    if not words or not ctx.outlet_keys:
        return False
    forms = {"".join(words), "the" + "".join(words), "".join(w[0] for w in words[:-1]) + words[-1]}
    return bool(forms & ctx.outlet_keys)


def not_a_name(text: str, ctx: NameContext) -> str | None:
    """Why a mention's text cannot be a new actor's name (a rule of the module docstring), or None."""
    if text not in ctx.reasons:
        ctx.reasons[text] = _not_a_name(text, ctx)
    return ctx.reasons[text]


def _not_a_name(text: str, ctx: NameContext) -> str | None:
    stripped = text.strip()
    if not _is_name_like(stripped):
        return "not-a-name"
    if _POSSESSIVE_INSIDE.search(stripped):
        return "possessive"
    name = strip_occupation(strip_titles(stripped).strip(" ,.;:"))
    words = name.split()
    lowered = [w.lower().strip(",.") for w in words]
    credits = [w for w, raw in zip(lowered, words) if w in WIRE_SERVICES and (raw.isupper() or w == "getty")]
    if (lowered[0] in FURNITURE_FIRST or FURNITURE_ANY & set(lowered) or credits
            or any(".com" in w or "@" in w for w in lowered)):
        return "furniture"
    if any(w in FUNCTION_WORDS for w, raw in zip(lowered, words) if raw[:1].isupper() and raw[1:].islower()):
        return "function-word"
    if any(not any(c.isupper() for c in w) and w.lower() not in PARTICLES for w in words):
        return "description"
    if len(words) > 1 and lowered[-1] in PARTICLES:
        return "not-a-name"  # a name cut short ("Trump Bureau of")
    if all(w in ROLE_WORDS or w in TITLE_WORDS or _demonym(raw) for w, raw in zip(lowered, words)):
        return "description"
    if len(words) == 1 and lowered[0] in GENERIC_WORDS:
        return "description"
    parts = [normalize_name(p) for p in HYPHENS.split(name) if p.strip()]
    if len(parts) > 1 and any(p in ctx.places for p in parts):
        return "compound"
    if len(words) == 1 and (not name.isupper() or len(name) > 3) and name.lower() in ctx.lower_words:
        return "common-word"  # "Drop", "FURIOUS"; an acronym of four letters or more is not written so ("NATO")
    labels = ctx.labels.get(normalize_name(name), Counter())
    if (labels["GPE"] + labels["NORP"] + labels["LOC"] >= max(1, labels["PERSON"] + labels["ORG"])
            or (len(words) > 1 and (lowered[-1] in PLACE_WORDS or lowered[0] in PLACE_FIRST))):
        return "place"
    if _is_outlet(name, ctx):
        return "outlet"
    return None


def strip_occupation(name: str) -> str:
    """'Comedian Ricky Gervais' -> 'Ricky Gervais' (an occupation written as a title)."""
    words = name.split()
    while len(words) > 2 and words[0].lower() in OCCUPATIONS:
        words = words[1:]
    return " ".join(words)


def _demonym(word: str) -> bool:
    return word[:1].isupper() and word.lower().endswith(("ian", "ese", "ish", "can", "ean", "ic")) and len(word) > 4


def _is_name_like(text: str) -> bool:
    """Not a fragment, a date, a photo credit, a shouted header or a wire service."""
    if len(text) < 2 or not text[0].isupper() or "\n" in text or "/" in text or "[" in text or "]" in text:
        return False
    if not any(ch.isalpha() for ch in text) or re.search(r"\d", text) or " — " in text or _QUOTE_OPENS.search(text):
        return False
    if len(text.split()) > 1 and text.isupper():
        return False
    key = normalize_name(text)
    return key not in {"", "u", "us", "uk", "eu"} and key not in TITLE_WORDS and key not in WIRE_SERVICES


def kind_of(name: str, ctx: NameContext) -> str:
    """'building', 'work' or 'name': by the labels NER gave the name across the article, then by
    its words."""
    labels = ctx.labels.get(normalize_name(name), Counter())
    places = labels["FAC"] + labels["WORK_OF_ART"]
    if places and places >= labels["PERSON"] + labels["ORG"]:
        return "work" if labels["WORK_OF_ART"] > labels["FAC"] else "building"
    words = normalize_name(name).split()
    if any(w in BUILDING_WORDS for w in words[-2:]) or (words and words[0] in BUILDING_WORDS):
        return "building"
    return "name"


def names_someone_else(mention: Mention, ctx: NameContext) -> bool:
    """A name of several words that is someone's or something's own, so that a registry
    person's surname inside it is not that person ("Melania Trump", "Trump Tower"): a name by the
    rules above, outside headline lines, not a question opening with a modal ("Will Musk even ...")."""
    words = mention.text.split()
    if len(words) < 2 or ctx.sentence_of(mention.start) in ctx.headline or not_a_name(mention.text, ctx):
        return False
    return not (words[0].lower() in _MODALS and _first_word(ctx.text, ctx.starts[ctx.sentence_of(mention.start)]) == mention.start)


def is_cited_source(text: str, mention: Mention) -> bool:
    """The mention names a source of the text, not an actor: "according to Reuters", "Source:
    The Hill" (any label), "Reuters reported" (an organization)."""
    before = text[max(0, mention.start - 100) : mention.start]
    if _SOURCE_LABEL.search(before.rsplit("\n", 1)[-1]):
        return True
    return bool(
        mention.label == "ORG"
        and (_CITED_BEFORE.search(text[max(0, mention.start - 30) : mention.start])
             or _CITED_AFTER.match(text[mention.end : mention.end + 30]))
    )


def find_candidates(
    unresolved: Sequence[Mention], resolved: Sequence[ActorMatch], ctx: NameContext, *, labels: Sequence[str],
    acronyms: dict[str, str], full_names: dict[str, str], registry_actors: dict[str, str],
    apart: frozenset[str] = frozenset(),
) -> tuple[list[Candidate], list[ActorMatch]]:
    """Unresolved names worth an analyst's look, grouped (surnames, first names, parts of names
    and acronyms folded in), and the mentions that turned out to name a registry actor of the
    article (`part-of-name` matches).

    registry_actors: the registry actors matched in the article, name -> type.
    apart: surnames (keys) that alone name someone other than the full name ending in them.
    """
    text = ctx.text
    groups: dict[str, dict] = {}
    opening = {_first_word(text, start) for start, _ in ctx.sentences}
    surnames = {normalize_name(m.text.split()[-1]) for m in unresolved
                if len(m.text.split()) > 1 and m.label in ("PERSON", "ORG")}  # "Rybolovlev" opening a sentence
    resolved_keys = {normalize_name(strip_titles(m.text)) for m in resolved}
    taken = sorted((m.start, m.end) for m in resolved)
    expansions = {normalize_name(v): k for k, v in acronyms.items()}
    first_names = {normalize_name(full.split()[0]): full for full in full_names.values()}
    folded: list[ActorMatch] = []
    for mention in unresolved:
        if mention.label not in labels or _overlaps(taken, mention.start, mention.end):
            continue
        if ctx.sentence_of(mention.start) in ctx.headline or not_a_name(mention.text, ctx):
            continue
        if _PLACE_BEFORE.search(text[max(0, mention.start - 12) : mention.start]):
            continue  # "the River Ost"
        name = _THE.sub("", strip_occupation(strip_titles(mention.text).strip(" ,.;:")))
        administration = _ADMINISTRATION.match(text, mention.end) if mention.label == "PERSON" else None
        if administration:  # "the George W. Bush administration": the administration, not the man
            name = f"{name.split()[-1]} Administration"
            mention = mention.model_copy(update={"end": administration.end(), "label": "ORG"})
        key = normalize_name(name)
        words = name.split()
        if (len(mention.text.split()) == 1 and not name.isupper() and mention.start in opening
                and key not in full_names and key not in surnames):
            continue  # one capitalized word opening a sentence: most often not a name ("Lady Gaga" is)
        if len(words) == 1 and key not in full_names and key in first_names:
            key = normalize_name(first_names[key].split()[-1])  # "Donald" after "Donald Trump"
        if len(words) == 1 and key in full_names:  # a surname alone, whatever NER labelled it
            name = full_names[key]
            key = normalize_name(name)
            if key in resolved_keys:
                continue  # the person is in the registry: the full name was resolved
        if name.replace(".", "") in acronyms:
            name = acronyms[name.replace(".", "")]
            key = normalize_name(name)
        actor = _part_of(name, registry_actors)
        if actor is not None:
            folded.append(ActorMatch(actor=actor, actor_type=registry_actors[actor], text=mention.text,
                                     start=mention.start, end=mention.end, method="part-of-name", score=90.0))
            continue
        if _is_outlet(name, ctx) or is_cited_source(text, mention):
            groups.setdefault(key, {"cited_only": True})
            if groups[key].get("cited_only"):
                continue
        group = groups.get(key)
        if group is None or group.get("cited_only"):
            group = groups[key] = {"name": name, "labels": Counter(), "mentions": [], "cited_only": False}
        group["labels"][mention.label] += 1
        group["mentions"].append((mention.start, mention.end))
    live = {k: g for k, g in groups.items() if not g.get("cited_only")}
    _add_surnames(live, text, [*taken, *((m.start, m.end) for m in unresolved)], apart)
    folded += _fold_prefixed(live, registry_actors, text)  # before parts: "Hillary Clinton" is not part of "Crooked ..."
    _fold_parts(live, apart)
    result = []
    for key, group in live.items():
        label = group["labels"].most_common(1)[0][0]
        name = group["name"]
        kind = kind_of(name, ctx)
        suggested = ("place" if kind == "building" else "person" if label == "PERSON"
                     else "government" if _GOVERNMENT_WORDS.search(name) else "organization")
        if key in expansions:
            name = f"{name} ({expansions[key]})"
        result.append(Candidate(name=name, suggested_type=suggested, mentions=sorted(group["mentions"]), kind=kind))
    return sorted(result, key=lambda c: (-len(c.mentions), c.mentions[0])), folded


def find_places(unresolved: Sequence[Mention], resolved: Sequence[ActorMatch], ctx: NameContext) -> list[Candidate]:
    """Places that act in the article (GPE mentions that are the subject or object of a clause,
    not after a preposition of place, not in a title-case line), one candidate of kind "place"
    per place with those mentions only: a country acting can be an event's actor, the scene of
    an event cannot."""
    taken = sorted((m.start, m.end) for m in resolved)
    people = {w for m in unresolved if m.label == "PERSON" and len(m.text.split()) > 1
              for w in normalize_name(m.text).split()}  # "Melania" of "Melania Trump", which NER once calls a place
    groups: dict[str, Candidate] = {}
    for mention in unresolved:
        if mention.label != "GPE" or mention.role == "other" or _overlaps(taken, mention.start, mention.end):
            continue
        if ctx.sentence_of(mention.start) in ctx.headline:
            continue
        before = _WORD_BEFORE.search(ctx.text[max(0, mention.start - 20) : mention.start])
        if before and before.group(1).lower() in PLACE_PREPOSITIONS:
            continue
        name = _THE.sub("", mention.text.strip(" ,.;:")) if len(mention.text.split()) > 1 else mention.text.strip(" ,;:")
        key = normalize_name(name)
        if key in people:
            continue
        name = COUNTRY_NAMES.get(key, name)
        if (not key or re.search(r"\d", name) or not_a_name(name, ctx) not in (None, "place")
                or any(w[:1].islower() and w not in PARTICLES for w in name.split())):
            continue  # "Trump on DC", "9/1"
        key = normalize_name(name)
        found = groups.get(key)
        spans = [*(found.mentions if found else []), (mention.start, mention.end)]
        groups[key] = Candidate(name=name, suggested_type="government", mentions=spans, kind="place")
    return list(groups.values())


def _overlaps(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    i = bisect_right(spans, (start, float("inf"))) - 1
    return any(s < end and start < e for s, e in spans[max(0, i - 1) : i + 2])


def _part_of(name: str, registry_actors: dict[str, str]) -> str | None:
    """The registry actor of the article a name is part of (names.is_part_of: "Trump" of "Donald
    Trump", "Treasury" of "Department of the Treasury"), a person first; None when none or several
    are ("Trump" of "Donald Trump" and "Ivanka Trump")."""
    holders = [actor for actor in registry_actors if is_part_of(name, actor)]
    people = [actor for actor in holders if registry_actors[actor] == "person"]
    if len(people) == 1:
        return people[0]
    return holders[0] if len(holders) == 1 else None


def _add_surnames(groups: dict[str, dict], text: str, spans: list[tuple[int, int]], apart: frozenset[str]) -> None:
    """A person named in full is named by surname alone later, where NER often sees no entity
    ("Greta Vilhelmsen signed ... Vilhelmsen thanked ..."): those words join the person's mentions
    (capitalized, outside every other mention); so do the other places of a person NER named
    by one word once ("Oz" of "Dr. Oz", which the model sees as a person one time in seventeen)."""
    named_in_full = {k.split()[-1] for k in groups if len(k.split()) > 1}  # a one-word name may be one's surname
    people = {k.split()[-1]: k for k, g in groups.items()
              if g["labels"].most_common(1)[0][0] == "PERSON" and k.split()[-1] not in apart
              and (len(k.split()) > 1 or k not in named_in_full)}
    if not people:
        return
    taken = sorted([*spans, *(m for g in groups.values() for m in g["mentions"])])
    written = {m.group(): key for key, group in groups.items() if key in people.values()
               for s, e in group["mentions"] for m in [re.search(r"\S+$", text[s:e])] if m}
    words = {w.rstrip(".,'’s"): k for w, k in written.items() if w[:1].isupper()}
    if not words:
        return
    pattern = re.compile(r"(?<![\w-])(?:" + "|".join(map(re.escape, sorted(words, key=len, reverse=True))) + r")(?![\w-])")
    for match in pattern.finditer(text):
        if not _overlaps(taken, match.start(), match.end()):
            groups[words[match.group()]]["mentions"].append((match.start(), match.end()))


def _fold_parts(groups: dict[str, dict], apart: frozenset[str] = frozenset()) -> None:
    """A candidate that is part of one other candidate (names.is_part_of: "Treasury" of "Treasury
    Department", "Rybolovlev" of "Dmitry Rybolovlev") is that candidate: its mentions join it; a
    person's name never joins a body's ("Obama" stays out of "Obama Administration")."""
    def label(key: str) -> str:
        return groups[key]["labels"].most_common(1)[0][0]

    for key in sorted(groups, key=lambda k: len(k.split())):
        if key in apart:
            continue  # "Obama" of "President Obama" is not "first lady Michelle Obama"
        holders = [k for k in groups if k != key and is_part_of(key, k)
                   and not (label(key) == "PERSON" and label(k) != "PERSON")]  # "Obama" is not "Obama Administration"
        if len(holders) == 1:
            target = groups[holders[0]]
            target["mentions"] += groups[key]["mentions"]
            target["labels"].update(groups[key]["labels"])
            del groups[key]


def _fold_prefixed(groups: dict[str, dict], registry_actors: dict[str, str], text: str) -> list[ActorMatch]:
    """A candidate that is a person's full name with words before it ("Crooked Hillary Clinton",
    "Comedian Ricky Gervais") is that person: its mentions become mentions of the registry person
    (`part-of-name`), or join the candidate of that name. A surname with a word before it stays
    ("Bill Clinton" is not "Clinton" with a word before it)."""
    people = {normalize_name(n): n for n, t in registry_actors.items() if t == "person" and len(n.split()) > 1}
    full = {k for k, g in groups.items() if len(k.split()) > 1 and g["labels"].most_common(1)[0][0] == "PERSON"}
    found: list[ActorMatch] = []
    for key in list(groups):
        words = key.split()
        for size in range(len(words) - 1, 1, -1):  # a full name: "Bill Clinton" is not "Clinton" with a word before
            tail = " ".join(words[-size:])
            if tail in people:
                actor = people[tail]
                found += [ActorMatch(actor=actor, actor_type="person", text=text[s:e], start=s, end=e,
                                     method="part-of-name", score=90.0) for s, e in groups.pop(key)["mentions"]]
                break
            if tail in full and tail != key:
                groups[tail]["mentions"] += groups[key]["mentions"]
                groups[tail]["labels"].update(groups.pop(key)["labels"])
                break
    return found


def _first_word(text: str, start: int) -> int:
    """Where the first word of a sentence starts (after quote marks, brackets and bullets)."""
    while start < len(text) and text[start] in _SENTENCE_OPENERS:
        start += 1
    return start
