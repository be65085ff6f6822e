"""Resolve: mentions -> canonical actors of the registry; unknown names -> new-actor candidates.

Rules, tried in order for each mention (the rule that matched is kept as `ActorMatch.method`):
    alias             the name (titles and possessive stripped) is a name or alias in the registry
    acronym           "RDIF" is a registered acronym
    acronym-in-text   "RDIF" was spelled out in this article: "Russian Direct Investment Fund (RDIF)"
    surname-in-text   "Musk" alone, after "Elon Musk" in the same article
    surname           "Putin" alone: the one registered person with that surname
    fuzzy             rapidfuzz ratio >= settings.resolve.threshold against aliases sharing a word
Registry aliases are also searched for in the text itself (longest first), which finds
descriptions NER does not tag, such as "Moscow's sovereign wealth fund".
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from rapidfuzz import fuzz, process

from .names import TITLE_WORDS, normalize_name, strip_titles
from .records import (
    Actor,
    ActorMatch,
    Analysis,
    Candidate,
    Mention,
    Quote,
    StageResult,
    per_article,
)
from .settings import ResolveSettings

# News and photo agencies: credited for copy and pictures, almost never actors of the event.
WIRE_SERVICES = frozenset({
    "reuters", "associated press", "ap", "afp", "agence france presse", "getty", "getty images", "epa", "upi",
    "pa media", "press association", "xinhua", "tass", "interfax", "ria novosti", "anadolu", "dpa", "ansa",
    "kyodo", "yonhap",
})
CONNECTORS = frozenset({"of", "for", "and", "the", "on", "&", "de", "du", "des", "la", "le", "in", "to"})
PERSON_TYPES = frozenset({"person"})
DRAFT_ACTOR_TYPES = frozenset({"person", "organization", "government", "group"})
RESOLVABLE_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP", "LOC", "FAC"})
# Words that mark an ORG mention as a news outlet being cited, not an actor in the event.
_CITED_BEFORE = re.compile(r"(?:according to|per|via|told|reported by|reports? from|citing|quoted by)\s+(?:the\s+)?$", re.I)
_CITED_AFTER = re.compile(r"^\s*(?:reported|reports|said in a report|news agency)", re.I)
_GOVERNMENT_WORDS = re.compile(
    r"\b(?:ministry|department|agency|authority|council|board|commission|parliament|senate|congress|"
    r"court|government|administration|office|bureau|police|army|navy|kremlin|white house)\b",
    re.I,
)
_WORD = re.compile(r"[A-Za-zÀ-ÖØ-öø-ÿ0-9][\w'’&.-]*")
_ACRONYM_DEF = re.compile(r"\(([A-Z][A-Za-z&.]{1,11})\)")
# Gazetteer n-grams are at most this many words long (longer aliases are rare and slow the scan).
MAX_GAZETTEER_WORDS = 8
# Salience weights, chosen on the who/when training set (../shared/gold) and the seeds.
SALIENCE_PER_MENTION = 0.5
SALIENCE_MENTION_CAP = 5
SALIENCE_FIRST_SENTENCE = 3.0
SALIENCE_LEAD = 1.5
SALIENCE_TITLE = 2.0
SALIENCE_TITLE_FIRST = 3.0  # the first actor a headline names is usually its subject
# A quoted phrase in a headline ("'I BLAME COMEY' Clinton blames ...") is someone's words, not its subject.
_HEADLINE_QUOTE = re.compile(r"(?:^|(?<=\s))['‘\"“][^'’\"”]{2,80}['’\"”](?=\s|:|$)")
SALIENCE_SPEAKER = 1.0
LEAD_SENTENCES = 3


@dataclass
class ActorIndex:
    """Lookup structures over the registry, built once per run (dicts and a token index)."""

    actors: list[Actor]
    by_alias: dict[str, int] = field(default_factory=dict)
    by_acronym: dict[str, int] = field(default_factory=dict)
    by_surname: dict[str, int] = field(default_factory=dict)
    by_token: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    actors_by_name: dict[str, int] = field(default_factory=dict)
    first_words: set[str] = field(default_factory=set)
    max_words: int = 1

    @classmethod
    def build(cls, actors: Sequence[Actor]) -> "ActorIndex":
        index = cls(actors=list(actors))
        ambiguous: set[str] = set()
        surnames: Counter[str] = Counter()
        for i, actor in enumerate(index.actors):
            index.actors_by_name[actor.name] = i
            for alias in [actor.name, *actor.aliases]:
                key = normalize_name(alias)
                if not key:
                    continue
                if index.by_alias.get(key, i) != i:
                    ambiguous.add(key)
                index.by_alias[key] = i
                index.first_words.add(key.split()[0])
                index.max_words = min(MAX_GAZETTEER_WORDS, max(index.max_words, len(key.split())))
                for token in key.split():
                    if token not in CONNECTORS:
                        index.by_token[token].add(key)
            for acronym in actor.acronyms:
                index.by_acronym[acronym.replace(".", "")] = i
            if actor.type in PERSON_TYPES and len(actor.name.split()) > 1:
                surname = normalize_name(actor.name.split()[-1])
                surnames[surname] += 1
                index.by_surname[surname] = i
        for key in ambiguous:  # a name two actors answer to names neither of them
            index.by_alias.pop(key, None)
            for token in key.split():
                index.by_token.get(token, set()).discard(key)
        for surname, count in surnames.items():
            if count > 1:
                index.by_surname.pop(surname, None)
        return index

    def lookup(self, name: str, threshold: float) -> tuple[int, str, float] | None:
        """Registry-only rules for one name: alias (as written, then without titles, a note in
        parentheses or a leading office such as "Secretary of State"), acronym, fuzzy."""
        compact = name.strip().replace(".", "")
        if compact in self.by_acronym:
            return self.by_acronym[compact], "acronym", 100.0
        keys = _lookup_keys(name)
        if not keys:
            return None
        for key in keys:
            if key in self.by_alias:
                return self.by_alias[key], "alias", 100.0
        key = normalize_name(strip_titles(_NOTE.sub("", name).strip() or name))
        pool: set[str] = set()
        for token in key.split():
            pool |= self.by_token.get(token, set())
        if not pool:
            return None
        best = process.extractOne(key, list(pool), scorer=fuzz.ratio, score_cutoff=threshold)
        if best is None:
            return None
        return self.by_alias[best[0]], "fuzzy", round(float(best[1]), 1)  # pool holds live keys only


_NOTE = re.compile(r"\s*\([^)]*\)\s*$")


def _lookup_keys(name: str) -> list[str]:
    """The keys a name may be registered under, most literal first (duplicates removed)."""
    plain = _NOTE.sub("", name).strip() or name
    stripped = strip_titles(plain)
    keys = [normalize_name(name), normalize_name(plain), normalize_name(stripped)]
    words = stripped.split()
    if " of " in f" {stripped} " and len(words) > 3:  # "Secretary of State Brad Raffensperger"
        keys += [normalize_name(" ".join(words[-3:])), normalize_name(" ".join(words[-2:]))]
    return [k for i, k in enumerate(keys) if k and k not in keys[:i]]


def resolve_name(index: ActorIndex, name: str, threshold: float) -> tuple[int, str, float] | None:
    """A name on its own, with no article around it: the registry rules, then a unique surname."""
    found = index.lookup(name, threshold)
    if found is not None:
        return found
    words = strip_titles(name).split()
    if len(words) == 1 and normalize_name(words[0]) in index.by_surname:
        return index.by_surname[normalize_name(words[0])], "surname", 90.0
    return None


def learn_acronyms(text: str) -> dict[str, str]:
    """Acronyms spelled out in the text: 'Russian Direct Investment Fund (RDIF)' -> {'RDIF': ...}."""
    found: dict[str, str] = {}
    for match in _ACRONYM_DEF.finditer(text):
        acronym = match.group(1).replace(".", "")
        letters = [c for c in acronym if c.isupper() or c == "&"]
        words = _WORD.findall(text[max(0, match.start() - 160) : match.start()])
        for size in range(len(letters), min(len(words), len(letters) + 4) + 1):
            phrase = words[-size:]
            initials = [w[0] for w in phrase if w.lower() not in CONNECTORS]
            if [c.upper() for c in initials] == letters and phrase[0][0].isupper():
                found[acronym] = " ".join(phrase)
                break
    return found


def resolve_analyses(analyses: Iterable[Analysis], *, index: ActorIndex, cfg: ResolveSettings) -> StageResult[Analysis]:
    """Resolve every article's mentions and quote speakers against the registry; an article the
    rules fail on is recorded as a Failure and the batch goes on."""
    return per_article("resolve", analyses, lambda analysis: resolve_analysis(analysis, index=index, cfg=cfg))


def resolve_analysis(analysis: Analysis, *, index: ActorIndex, cfg: ResolveSettings) -> Analysis:
    """One article: actors (ordered by salience), candidates, and speaker actors for quotes."""
    text = analysis.article.text
    acronyms = learn_acronyms(text)
    mentions = [m for m in analysis.mentions if m.label in RESOLVABLE_LABELS]
    full_names = _full_person_names(mentions)
    matches: list[ActorMatch] = []
    unresolved: list[Mention] = []
    for mention in mentions:
        found = _resolve_name(mention.text, mention.label, index, cfg, acronyms, full_names)
        if found is None:
            unresolved.append(mention)
            continue
        i, method, score = found
        actor = index.actors[i]
        matches.append(
            ActorMatch(actor=actor.name, actor_type=actor.type, text=mention.text, start=mention.start,
                       end=mention.end, method=method, score=score)
        )
    surnames = {
        normalize_name(m.text.split()[-1]): index.actors_by_name[m.actor]
        for m in matches
        if m.actor_type == "person" and len(strip_titles(m.text).split()) > 1
    }
    matches.extend(_gazetteer(text, index, taken=[(m.start, m.end) for m in matches], surnames=surnames))
    matches.sort(key=lambda m: m.start)
    quotes = [_resolve_speaker(q, index, cfg, acronyms, full_names) for q in analysis.quotes]
    candidates = _candidates(unresolved, matches, text, cfg, acronyms, full_names, analysis.article.outlet,
                             analysis.sentences)
    ranking = _ranking(matches, candidates, analysis, quotes)
    matches = _order_by_salience(matches, ranking)
    return analysis.model_copy(update={"actors": matches, "candidates": candidates, "quotes": quotes, "ranking": ranking})


def _full_person_names(mentions: Sequence[Mention]) -> dict[str, str]:
    """Surname -> the first multi-word PERSON name ending in it, as used in this article."""
    names: dict[str, str] = {}
    for mention in mentions:
        words = strip_titles(mention.text).split()
        if mention.label == "PERSON" and len(words) > 1:
            names.setdefault(normalize_name(words[-1]), " ".join(words))
    return names


def _resolve_name(
    name: str, label: str, index: ActorIndex, cfg: ResolveSettings, acronyms: dict[str, str], full_names: dict[str, str]
) -> tuple[int, str, float] | None:
    found = index.lookup(name, cfg.threshold)
    if found is not None:
        return found
    compact = name.strip().replace(".", "")
    if compact in acronyms:
        long_found = index.lookup(acronyms[compact], cfg.threshold)
        if long_found is not None:
            return long_found[0], "acronym-in-text", long_found[2]
    words = strip_titles(name).split()
    if len(words) == 1 and label in ("PERSON", "ORG"):
        key = normalize_name(words[0])
        full = full_names.get(key)
        if full is not None and normalize_name(full) != key:
            full_found = index.lookup(full, cfg.threshold)
            if full_found is not None:
                return full_found[0], "surname-in-text", full_found[2]
            return None
        if label == "PERSON" and key in index.by_surname:
            return index.by_surname[key], "surname", 90.0
    return None


def _gazetteer(
    text: str, index: ActorIndex, taken: list[tuple[int, int]], surnames: dict[str, int]
) -> list[ActorMatch]:
    """Registry names and aliases found verbatim in the text, longest first, not overlapping NER;
    and surnames alone of people already named in full in this article (which NER can miss)."""
    words = [(m.start(), m.end(), m.group()) for m in _WORD.finditer(text)]
    keys = [normalize_name(word) for _, _, word in words]
    found: list[ActorMatch] = []
    occupied = list(taken)
    i = 0
    while i < len(words):
        hit = _gazetteer_hit(text, words, keys, i, index, surnames)
        if hit is not None and not any(s < hit[1] and hit[0] < e for s, e in occupied):
            actor = index.actors[hit[2]]
            found.append(ActorMatch(actor=actor.name, actor_type=actor.type, text=text[hit[0]:hit[1]],
                                    start=hit[0], end=hit[1], method=hit[4], score=100.0))
            occupied.append((hit[0], hit[1]))
            i += hit[3]
        else:
            i += 1
    return found


def _gazetteer_hit(
    text: str, words: list[tuple[int, int, str]], keys: list[str], i: int, index: ActorIndex, surnames: dict[str, int]
) -> tuple[int, int, int, int, str] | None:
    """The longest registry phrase starting at word i: (start, end, actor, words, method)."""
    first = keys[i]
    if first in index.first_words:
        for size in range(min(index.max_words, len(words) - i), 0, -1):
            key = " ".join(k for k in keys[i : i + size] if k)
            if key not in index.by_alias:
                continue
            start, end = words[i][0], words[i + size - 1][1]
            phrase = text[start:end].rstrip(".")
            if "\n" not in phrase and (size > 1 or phrase[:1].isupper()):
                return start, start + len(phrase), index.by_alias[key], size, "registry-phrase"
    start, end, word = words[i]
    word = word.rstrip(".")
    if word.isupper() and len(word) > 1 and word in index.by_acronym:
        return start, start + len(word), index.by_acronym[word], 1, "registry-phrase"
    if word[:1].isupper() and first in surnames:
        return start, start + len(word), surnames[first], 1, "surname-in-text"
    return None


def _resolve_speaker(
    quote: Quote, index: ActorIndex, cfg: ResolveSettings, acronyms: dict[str, str], full_names: dict[str, str]
) -> Quote:
    name = quote.speaker_name
    if not name:
        return quote
    found = _resolve_name(name, "PERSON", index, cfg, acronyms, full_names)
    if found is not None:
        return quote.model_copy(update={"speaker_actor": index.actors[found[0]].name})
    full = full_names.get(normalize_name(strip_titles(name).split()[-1]))
    if full and len(strip_titles(name).split()) == 1:
        return quote.model_copy(update={"speaker_name": full})
    return quote


def _salience(
    positions: dict[str, list[tuple[int, str]]], analysis: Analysis, speakers: Counter[str]
) -> dict[str, float]:
    """How central each actor is to the article: named in the first sentence or the lead, in the
    title (first in the title above all: a headline's subject), how often (up to a cap), and as a
    quoted speaker. Names map to (start, text) mentions."""
    sents = analysis.sentences
    first_end = sents[0][1] if sents else 0
    lead_end = sents[min(LEAD_SENTENCES, len(sents)) - 1][1] if sents else 0
    # capitalized words only: in a sentence-case headline "rescue" is not the actor "Rescue"
    headline = _HEADLINE_QUOTE.sub(" ", analysis.article.title or "")
    title = [normalize_name(w) for w in headline.split() if w[:1].isupper()]
    title_at = {word: i for i, word in reversed(list(enumerate(title)))}
    scores: dict[str, float] = {}
    in_title: dict[str, int] = {}
    for name, mentions in positions.items():
        first = min(start for start, _ in mentions)
        score = SALIENCE_PER_MENTION * min(len(mentions), SALIENCE_MENTION_CAP)
        score += SALIENCE_FIRST_SENTENCE if first < first_end else SALIENCE_LEAD if first < lead_end else 0.0
        surnames = {normalize_name(strip_titles(text)).split()[-1] for _, text in mentions if normalize_name(text)}
        at = [title_at[w] for w in surnames if w in title_at]
        if at:
            score += SALIENCE_TITLE
            in_title[name] = min(at)
        score += SALIENCE_SPEAKER * min(speakers[name], 2)
        scores[name] = score
    if in_title:
        scores[min(in_title, key=in_title.__getitem__)] += SALIENCE_TITLE_FIRST
    return scores


def _ranking(matches: list[ActorMatch], candidates: list[Candidate], analysis: Analysis, quotes: list[Quote]) -> list[str]:
    """Registry actors and new-actor candidates in one order, most salient first."""
    positions: dict[str, list[tuple[int, str]]] = defaultdict(list)
    for match in matches:
        if match.actor_type in DRAFT_ACTOR_TYPES:
            positions[match.actor].append((match.start, match.text))
    text = analysis.article.text
    for candidate in candidates:
        positions[candidate.name].extend((s, text[s:e]) for s, e in candidate.mentions)
    speakers: Counter[str] = Counter(q.speaker_actor or q.speaker_name for q in quotes if q.speaker_actor or q.speaker_name)
    scores = _salience(positions, analysis, speakers)
    return sorted(scores, key=lambda name: (-scores[name], min(s for s, _ in positions[name])))


def _order_by_salience(matches: list[ActorMatch], ranking: list[str]) -> list[ActorMatch]:
    """Mentions grouped by actor, the most salient actor's first."""
    rank = {name: i for i, name in enumerate(ranking)}
    return sorted(matches, key=lambda m: (rank.get(m.actor, len(rank)), m.start))


def _candidates(
    unresolved: list[Mention], resolved: list[ActorMatch], text: str, cfg: ResolveSettings, acronyms: dict[str, str],
    full_names: dict[str, str], outlet: str | None, sentences: list[tuple[int, int]],
) -> list[Candidate]:
    """Unresolved names worth an analyst's look, grouped (surname and acronym folded in)."""
    groups: dict[str, dict] = {}
    sentence_starts = {_first_word(text, start) for start, _ in sentences}
    resolved_keys = {normalize_name(strip_titles(m.text)) for m in resolved}
    expansions = {normalize_name(v): k for k, v in acronyms.items()}
    outlet_key = normalize_name(outlet) if outlet else None
    first_names = {normalize_name(full.split()[0]): full for full in full_names.values()}
    for mention in unresolved:
        if mention.label not in cfg.candidate_labels or not _is_name_like(mention.text):
            continue
        name = strip_titles(mention.text).strip(" ,.;:")
        key = normalize_name(name)
        words = name.split()
        if (len(mention.text.split()) == 1 and not name.isupper() and mention.start in sentence_starts
                and key not in full_names):
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
        if key == outlet_key or _is_cited_source(text, mention):
            groups.setdefault(key, {"cited_only": True})
            if groups[key].get("cited_only"):
                continue
        group = groups.get(key)
        if group is None or group.get("cited_only"):
            group = groups[key] = {"name": name, "labels": Counter(), "mentions": [], "cited_only": False}
        group["labels"][mention.label] += 1
        group["mentions"].append((mention.start, mention.end))
    result = []
    for key, group in groups.items():
        if group.get("cited_only"):
            continue
        label = group["labels"].most_common(1)[0][0]
        name = group["name"]
        suggested = "person" if label == "PERSON" else "government" if _GOVERNMENT_WORDS.search(name) else "organization"
        if key in expansions:
            name = f"{name} ({expansions[key]})"
        result.append(Candidate(name=name, suggested_type=suggested, mentions=sorted(group["mentions"])))
    return sorted(result, key=lambda c: (-len(c.mentions), c.mentions[0]))


def _first_word(text: str, start: int) -> int:
    """Where the first word of a sentence starts (after quote marks and brackets)."""
    while start < len(text) and text[start] in " “\"‘'([—–-":
        start += 1
    return start


def _is_name_like(text: str) -> bool:
    """Not a fragment, a date, a photo credit, a shouted header or a wire service."""
    stripped = text.strip()
    if len(stripped) < 2 or not stripped[0].isupper() or "\n" in stripped or "/" in stripped:
        return False
    if not any(ch.isalpha() for ch in stripped) or re.search(r"\d", stripped):
        return False
    if len(stripped.split()) > 1 and stripped.isupper():
        return False
    key = normalize_name(stripped)
    return key not in {"", "u", "us", "uk", "eu"} and key not in TITLE_WORDS and key not in WIRE_SERVICES


def _is_cited_source(text: str, mention: Mention) -> bool:
    return bool(
        mention.label == "ORG"
        and (_CITED_BEFORE.search(text[max(0, mention.start - 30) : mention.start])
             or _CITED_AFTER.match(text[mention.end : mention.end + 30]))
    )
