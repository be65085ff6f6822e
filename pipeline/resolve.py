"""Resolve: mentions -> canonical actors of the registry; unknown names -> new-actor candidates.

Rules, tried in order for each mention (the rule that matched is kept as `ActorMatch.method`):
    alias             the name (titles and possessive stripped) is a name or alias in the registry
    acronym           "RDIF" is a registered acronym
    acronym-in-text   "RDIF" was spelled out in this article: "Russian Direct Investment Fund (RDIF)"
    surname-in-text   "Musk" alone, after "Elon Musk" in the same article
    surname           "Putin" alone: the one registered person with that surname
    fuzzy             rapidfuzz ratio >= settings.resolve.threshold against aliases sharing a word
Registry aliases are also searched for in the text itself (longest first), which finds
descriptions NER does not tag, such as "Moscow's sovereign wealth fund". The names left over
become new-actor candidates by the rules of pipeline/candidates.py (which also folds a part of a
registry actor's name, "Trump" beside "Donald Trump", into that actor: `part-of-name`).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from rapidfuzz import fuzz, process

from .candidates import NameContext, find_candidates, find_places, names_someone_else, not_a_name
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

CONNECTORS = frozenset({"of", "for", "and", "the", "on", "&", "de", "du", "des", "la", "le", "in", "to"})
PERSON_TYPES = frozenset({"person"})
DRAFT_ACTOR_TYPES = frozenset({"person", "organization", "government", "group"})
RESOLVABLE_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP", "LOC", "FAC"})
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
    context = NameContext.of(analysis.article, analysis.sentences, analysis.mentions)
    full_names = _full_person_names(mentions, context)
    apart = _other_people(mentions, full_names, text)
    full_names = {k: v for k, v in full_names.items() if k not in apart}
    matches: list[ActorMatch] = []
    unresolved: list[Mention] = []
    places = {m.end: m.start for m in analysis.mentions if m.label in ("GPE", "NORP")}
    for mention in mentions:
        found = _resolve_name(mention.text, mention.label, index, cfg, acronyms, full_names)
        if found is not None and index.actors[found[0]].type == "government":
            qualified = _qualified(text, mention.start, places)
            if qualified is not None:  # "the Ohio Senate" is not the U.S. Senate: a name of its own
                mention = mention.model_copy(update={"text": text[qualified : mention.end], "start": qualified,
                                                     "label": "ORG"})
                found = None
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
    others = [(m.start, m.end) for m in unresolved if names_someone_else(m, context)]  # "Melania Trump", "Trump Tower"
    starts = [start for start, _ in analysis.sentences]
    for hit in _gazetteer(text, index, taken=[(m.start, m.end) for m in matches], surnames=surnames, others=others):
        if hit.actor_type != "government":
            matches.append(hit)
            continue
        if any(m.start <= hit.start and hit.end <= m.end and m.end - m.start > hit.end - hit.start for m in unresolved):
            continue  # "Supreme Court" in "The Ohio Supreme Court", a name NER found and the registry does not know
        qualified = _qualified(text, hit.start, places)
        if qualified is None:
            matches.append(hit)
        elif not any(m.start <= qualified < m.end for m in unresolved):  # NER saw no name there: one now
            unresolved.append(Mention(text=text[qualified : hit.end], label="ORG", start=qualified, end=hit.end,
                                      sentence=bisect_right(starts, qualified) - 1))
    quotes = [_resolve_speaker(q, index, cfg, acronyms, full_names) for q in analysis.quotes]
    candidates, parts = find_candidates(unresolved, matches, context, labels=cfg.candidate_labels, acronyms=acronyms,
                                        full_names=full_names, registry_actors={m.actor: m.actor_type for m in matches},
                                        apart=apart)
    candidates += [p for p in find_places(unresolved, matches, context)
                   if normalize_name(p.name) not in {normalize_name(c.name) for c in candidates}]
    matches = sorted([*matches, *parts], key=lambda m: m.start)
    ranking = _ranking(matches, candidates, analysis, quotes)
    matches = _order_by_salience(matches, ranking)
    return analysis.model_copy(update={"actors": matches, "candidates": candidates, "quotes": quotes, "ranking": ranking})


# Words before a body's name that make it another place's body ("the state Senate", "Ohio Supreme
# Court"), and the place names that keep it the nation's ("U.S. Senate", "federal courts").
_QUALIFIER = re.compile(r"(?:^|[\s(\"“])((?:[A-Z][\w.'’-]*\s+){0,2}[A-Z][\w.'’-]*|state|provincial|county|city|regional)\s+$")
_NATIONAL = frozenset({"us", "u s", "usa", "united states", "america", "american", "federal", "the", "a", "an"})


def _qualified(text: str, start: int, places: dict[int, int]) -> int | None:
    """Where a place before a government body's name starts ("Ohio" of "Ohio Supreme Court",
    "state" of "state Senate", "Philippine" of "the Philippine Senate"): the name is that place's
    body, not the registry's. None when nothing qualifies it, or when the place is the nation's."""
    found = _QUALIFIER.search(text, max(0, start - 40), start)
    if found is None:
        return None
    word = found.group(1)
    if word[:1].islower():
        return found.start(1)
    end = found.end(1)
    if end not in places or normalize_name(word) in _NATIONAL:
        return None
    return places[end]


def _full_person_names(mentions: Sequence[Mention], context: NameContext) -> dict[str, str]:
    """Surname -> the first multi-word PERSON name ending in it, as used in this article (not
    in a headline line, and shaped like a name: "Trump Tightens Grip" is no full name of Trump)."""
    names: dict[str, str] = {}
    for mention in mentions:
        words = strip_titles(mention.text).split()
        if (mention.label == "PERSON" and len(words) > 1 and context.sentence_of(mention.start) not in context.headline
                and not_a_name(mention.text, context) is None):
            names.setdefault(normalize_name(words[-1]), " ".join(words))
    return names


def _other_people(mentions: Sequence[Mention], full_names: dict[str, str], text: str) -> frozenset[str]:
    """Surnames that name someone else when alone: the full name is named as a relative ("first
    lady Michelle Obama", "his son Hunter Biden") and the surname alone with an office ("President
    Obama"): two people, and the surname is not the relative's."""
    alone: dict[str, set[str]] = defaultdict(set)
    full: dict[str, set[str]] = defaultdict(set)
    for mention in mentions:
        if mention.label != "PERSON":
            continue
        words = strip_titles(mention.text).split()
        key = normalize_name(words[-1]) if words else ""
        if key not in full_names:
            continue
        offices = _offices_before(mention.text, text, mention.start)
        if len(words) == 1:
            alone[key] |= offices
        elif normalize_name(" ".join(words)) == normalize_name(full_names[key]):
            full[key] |= offices
    return frozenset(k for k in alone if full[k] & RELATIVES and alone[k] - RELATIVES)


_OFFICE_FORMS = {"sen": "senator", "rep": "representative", "gov": "governor", "gen": "general", "prof": "professor"}
_HONORIFICS = frozenset("mr mrs ms dr former late".split())
# Words that name someone by kin: the person named after one is a relative of the one in the news.
RELATIVES = frozenset("lady wife husband son daughter brother sister father mother widow nephew niece".split())


def _offices_before(written: str, text: str, start: int) -> set[str]:
    """The office words right before a name, in the mention or in the text before it ("President"
    of "President Obama", "lady" of "first lady Michelle Obama"), honorifics and "former" aside."""
    words = [*text[max(0, start - 40) : start].split()[-3:], *written.split()[:-1]]
    found: set[str] = set()
    for word in reversed(words):
        key = normalize_name(word)
        if key not in TITLE_WORDS and key not in RELATIVES and key not in ("first", "vice", "his", "her"):
            if word[:1].isupper() and not found:
                continue  # a given name ("Michelle" of "Michelle Obama")
            break
        if key not in _HONORIFICS:
            found.add(_OFFICE_FORMS.get(key, key))
    return found


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
    text: str, index: ActorIndex, taken: list[tuple[int, int]], surnames: dict[str, int],
    others: Sequence[tuple[int, int]] = (),
) -> list[ActorMatch]:
    """Registry names and aliases found verbatim in the text, longest first, not overlapping NER;
    and surnames alone of people already named in full in this article (which NER can miss), but
    not inside another name NER found (`others`: "Trump" in "Melania Trump" or "Trump Tower")."""
    words = [(m.start(), m.end(), m.group()) for m in _WORD.finditer(text)]
    keys = [normalize_name(word) for _, _, word in words]
    found: list[ActorMatch] = []
    occupied = list(taken)
    i = 0
    while i < len(words):
        hit = _gazetteer_hit(text, words, keys, i, index, surnames)
        if hit is not None and hit[4] == "surname-in-text" and any(s <= hit[0] and hit[1] <= e for s, e in others):
            hit = None
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
    """Registry actors and new-actor candidates in one order, most salient first (places left
    out: clustering compares articles by these, and a country names no story)."""
    positions: dict[str, list[tuple[int, str]]] = defaultdict(list)
    for match in matches:
        if match.actor_type in DRAFT_ACTOR_TYPES:
            positions[match.actor].append((match.start, match.text))
    text = analysis.article.text
    for candidate in candidates:
        if candidate.kind != "place":  # a place acts in some events, it is not what the article is about
            positions[candidate.name].extend((s, text[s:e]) for s, e in candidate.mentions)
    speakers: Counter[str] = Counter(q.speaker_actor or q.speaker_name for q in quotes if q.speaker_actor or q.speaker_name)
    scores = _salience(positions, analysis, speakers)
    return sorted(scores, key=lambda name: (-scores[name], min(s for s, _ in positions[name])))


def _order_by_salience(matches: list[ActorMatch], ranking: list[str]) -> list[ActorMatch]:
    """Mentions grouped by actor, the most salient actor's first."""
    rank = {name: i for i, name in enumerate(ranking)}
    return sorted(matches, key=lambda m: (rank.get(m.actor, len(rank)), m.start))
