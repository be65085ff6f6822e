"""The actors of one event: its central actors, most central first, and the others its article
names. Pure.

An event is told by some sentences of an article (the lead, for the article's main event; the
sentence a background event comes from) and may have a title (the headline, or a span of the
text). An actor of the article (a registry actor or a new-actor candidate, as resolve found and
ranked them) is central when, in those sentences or that title, it is
    named in the title              TITLE (the first actor a headline names: TITLE_FIRST more)
    the subject of a clause         SUBJECT ("Saudi Prince Alwaleed bin Talal purchased ...",
                                    a passive's agent: "... was bought by Alwaleed")
    an object of a clause           OBJECT ("... purchased Trump's yacht", "met with Musk", a
                                    passive's subject)
    the speaker of a quote          SPEAKER
and the weights add up. (An analysis with no clause roles, made without a parse or stored
before roles were, has the article's salience ranking instead.) Central actors come most central first (ties: the article's salience
ranking), at most `draft.max_actors`; the others, and every actor of the article named only in
passing, are `mentioned`, in the article's ranking. A building or a work ("Maison de L'Amitie",
"Dead Poets Society") is central only when the event is about it: its subject, or in its title; a
place that acts (resolve keeps only such mentions of it: "Mexico accepted ...") only as a subject
or an object of the event's sentences.

An event of several articles (`event_actors`) ranks each source's central actors 1, 1/2, 1/3 ...
and adds the weights up; a name one source writes in part ("Rybolovlev", "Trump", "Treasury")
joins the longer name another source has ("Dmitry Rybolovlev", "Donald Trump", "Treasury
Department"): one actor once.
"""

from __future__ import annotations

from bisect import bisect_right
from collections import Counter
from collections.abc import Collection, Iterable, Sequence
from typing import NamedTuple

from .names import NAME_PARTICLES, is_part_of, name_words, normalize_name, strip_titles
from .records import Analysis

# Weights of the evidence that an actor is central to an event. Chosen on the seeds (against the
# record 004) and the digests of ../shared/gold (against the events that cite them): a name in
# the title or as a subject outranks an object, which outranks a speaker.
TITLE = 3.0
TITLE_FIRST = 1.0
SUBJECT = 2.0
OBJECT = 1.5
SPEAKER = 1.0
NAMED = 0.5  # named in the event's sentences in any role ("director of the FBI", "alongside Dan Bongino")
# For an article's main event, its other sentences: subject or object of clauses in at least
# CONTEXT_MIN of them makes an actor central; each adds CONTEXT to its weight, up to CONTEXT_CAP.
# (CONTEXT_MIN 2 -> 1 raised recall on the development set, 0.697 -> 0.711, at the same precision.)
CONTEXT = 0.5
CONTEXT_MIN = 1
CONTEXT_CAP = 1.5
DRAFT_ACTOR_TYPES = frozenset({"person", "organization", "government", "group"})
# An event of SUPPORT_SOURCES sources or more: an actor more than half of them name (centrally or
# in passing) gains SUPPORT for each ("Roscosmos", in three of the seeds' four articles); a place
# is central only when more than half of them have it act.
SUPPORT_SOURCES = 3
SUPPORT = 0.2


class EventActors(NamedTuple):
    """An event's actors: central (most central first, at most max_actors) and mentioned."""

    central: list[str]
    mentioned: list[str]


def central_actors(
    analysis: Analysis, sentences: Collection[int], *, title: tuple[int, int] | str | None = None, max_actors: int = 8,
    context: Collection[int] = (), clause: tuple[int, int] | None = None, aside: Sequence[tuple[int, int]] = (),
) -> EventActors:
    """The central actors of the event told by `sentences` (indexes into analysis.sentences) of
    one article, and the other actors the article names.

    title: the event's title, as a span of the article's text or as a text of its own (the
        headline); None: no title.
    max_actors: at most this many central actors; the rest are mentioned.
    context: other sentences of the article that tell the same event (the body of an article
        about its main event): an actor that is the subject or object of CONTEXT_MIN of their
        clauses is central too, and each such sentence adds CONTEXT (up to CONTEXT_CAP).
    clause: the event's clause in its sentence (character offsets), for a past event a sentence
        tells beside others ("Kerry said the United States would ..., and he urged North Korea to
        resume talks it abandoned in 2009"): only names there have a role in the event (names in
        its title still count), and not those of its relative clauses in `aside` ("Dmitriev, who
        attended Harvard, was appointed in 2011": not Harvard).
    """
    names, kinds = _actor_mentions(analysis)
    if not analysis.roles:  # no clause roles recorded (no parse, or an analysis stored before they were)
        ranked = _ranked(analysis, names)
        return EventActors(ranked[:max_actors], ranked[max_actors:])
    starts = [s for s, _ in analysis.sentences]
    roles = _RoleIndex(analysis.roles)
    inside = set(sentences)
    speakers = _speakers(analysis, inside, starts)
    title_at = _title_positions(analysis, names, title)
    first = min(title_at, key=title_at.__getitem__) if title_at else None
    doers = _title_doers(title) if isinstance(title, str) else set()
    around = set(context) - inside
    scores: dict[str, float] = {}
    for name, spans in names.items():
        score = TITLE if name in title_at else 0.0
        score += TITLE_FIRST if name == first else 0.0
        event_roles = {role for span in spans if _sentence(starts, span[0]) in inside
                       and (clause is None or clause[0] <= span[0] < clause[1])
                       and not any(a <= span[0] < b for a, b in aside) for role in [roles.of(span)]}
        kind = kinds.get(name, "name")
        if kind == "place":  # a country acting: the subject of the event's clauses (and in a main event's title)
            if ("subject" in event_roles and (not context or name in title_at)) or (
                    clause and (name == first or (name in title_at and set(normalize_name(name).split()) <= doers))):
                scores[name] = SUBJECT  # (a past event's title names its doer: "North Korea abandoned talks")
            continue
        building = kind != "name"
        score += SUBJECT if "subject" in event_roles else 0.0
        if not building:
            score += OBJECT if "object" in event_roles else 0.0
            score += SPEAKER if name in speakers else 0.0
            score += NAMED if event_roles else 0.0
        elif name not in title_at and "subject" not in event_roles:
            continue
        support = len({_sentence(starts, s) for s, e in spans if roles.of((s, e)) != "other"} & around)
        if score > 0 or support >= CONTEXT_MIN:
            scores[name] = score + min(CONTEXT * support, CONTEXT_CAP)
    rank = {name: i for i, name in enumerate(analysis.ranking)}
    ordered = sorted(scores, key=lambda n: (-scores[n], rank.get(n, len(rank)), min(s for s, _ in names[n])))
    central = ordered[:max_actors]
    chosen = set(central)
    rest = [n for n in ordered[max_actors:]] + [n for n in _ranked(analysis, names) if n not in scores]
    return EventActors(central, [n for n in dict.fromkeys(rest) if n not in chosen])


class _RoleIndex:
    """The role of any span of the text, from Analysis.roles: 'subject' when a subject run
    overlaps it, else 'object' when an object run does, else 'other'."""

    def __init__(self, runs: Sequence[tuple[int, int, str, int]]) -> None:
        self.runs = sorted(runs)
        self.starts = [r[0] for r in self.runs]

    def of(self, span: tuple[int, int]) -> str:
        start, end = span
        i = bisect_right(self.starts, end - 1)
        found = {role for s, e, role, _ in self.runs[max(0, i - 4) : i] if s < end and start < e}
        return "subject" if "subject" in found else "object" if "object" in found else "other"


def event_actors(events: Iterable[tuple[Analysis, EventActors]], *, max_actors: int) -> EventActors:
    """The actors of an event several articles tell, from each one's `central_actors`: each
    source's central actors weighted 1, 1/2, 1/3 ... and added up (ties: the order sources
    joined), a name one source writes in part ("Rybolovlev", "Treasury") counted as the longer
    name any source has ("Dmitry Rybolovlev", "Treasury Department"); the mentioned actors of
    all sources after them."""
    events = list(events)
    registry = {m.actor for analysis, _ in events for m in analysis.actors}
    named = [n for _, actors in events for n in (*actors.central, *actors.mentioned)]
    whole = _parts(list(dict.fromkeys(named)), fixed=registry)
    weight: dict[str, float] = {}
    dropped: list[str] = []
    for _, actors in events:
        for rank, name in enumerate(actors.central):
            name = whole.get(name, name)
            weight[name] = weight.get(name, 0.0) + 1.0 / (1 + rank)
    if len(events) >= SUPPORT_SOURCES:  # named by most of many sources, in passing or not: the story's
        places = {c.name for analysis, _ in events for c in analysis.candidates if c.kind != "name"}
        naming: Counter[str] = Counter()  # how many sources name it
        acting: Counter[str] = Counter()  # how many have it central
        for _, actors in events:  # each source once, in the order it names them (ties: first named)
            acts = list(dict.fromkeys(whole.get(n, n) for n in actors.central))
            naming.update(list(dict.fromkeys([*acts, *(whole.get(n, n) for n in actors.mentioned)])))
            acting.update(acts)
        for name, count in naming.items():
            if count * 2 > len(events) and name not in places:
                weight[name] = weight.get(name, 0.0) + SUPPORT * count
        for place in [p for p in weight if p in places and acting[p] * 2 <= len(events)]:
            del weight[place]  # a country one source of many has act ("The Russian Federation may be trying ...")
            dropped.append(place)
    ordered = sorted(weight, key=lambda name: (-round(weight[name], 6), name not in registry))  # ties: known actors, then first seen
    central = ordered[:max_actors]
    rest = [*ordered[max_actors:], *dropped, *(whole.get(n, n) for _, actors in events for n in actors.mentioned)]
    return EventActors(central, [n for n in dict.fromkeys(rest) if n not in set(central)])


def _actor_mentions(analysis: Analysis) -> tuple[dict[str, list[tuple[int, int]]], dict[str, str]]:
    """Every actor of the article with its mention spans (registry actors of the types a draft
    lists, and new-actor candidates), and the kind of each candidate."""
    names: dict[str, list[tuple[int, int]]] = {}
    for match in analysis.actors:
        if match.actor_type in DRAFT_ACTOR_TYPES:
            names.setdefault(match.actor, []).append((match.start, match.end))
    kinds = {}
    for candidate in analysis.candidates:
        names.setdefault(candidate.name, []).extend(candidate.mentions)
        kinds[candidate.name] = candidate.kind
    return names, kinds


def _ranked(analysis: Analysis, names: dict[str, list[tuple[int, int]]]) -> list[str]:
    """The article's actors in its salience ranking (then in order of first mention)."""
    ranked = [n for n in analysis.ranking if n in names]
    return ranked + sorted((n for n in names if n not in set(ranked)), key=lambda n: min(names[n]))


def _sentence(starts: Sequence[int], offset: int) -> int:
    return bisect_right(starts, offset) - 1


def _speakers(analysis: Analysis, sentences: set[int], starts: Sequence[int]) -> set[str]:
    """Who speaks in a quote that lies in the event's sentences (its actor, else its name)."""
    found = set()
    for quote in analysis.quotes:
        if quote.spans and _sentence(starts, quote.spans[0][0]) in sentences:
            speaker = quote.speaker_actor or quote.speaker_name
            if speaker:
                found.add(speaker)
    return found


def _title_positions(
    analysis: Analysis, names: dict[str, list[tuple[int, int]]], title: tuple[int, int] | str | None,
) -> dict[str, int]:
    """Actor -> where the title first names it (a word position, or a character offset for a
    title that is a span of the text)."""
    if title is None:
        return {}
    if isinstance(title, tuple):
        start, end = title
        return {name: min(s for s, e in spans if start <= s and e <= end)
                for name, spans in names.items() if any(start <= s and e <= end for s, e in spans)}
    words = [normalize_name(w) for w in title.split() if w[:1].isupper()]  # sentence-case headlines: names only
    at: dict[str, int] = {}
    by_surname: dict[str, list[str]] = {}
    text = analysis.article.text
    for name, spans in names.items():
        keys = {normalize_name(strip_titles(text[s:e])) for s, e in spans} | {normalize_name(name)}
        for key in keys:
            found = _position(words, key.split())
            if found is None:
                continue
            at[name] = min(at.get(name, found), found)
            if not _whole_in(words, key.split()):
                by_surname.setdefault(key.split()[-1], []).append(name)
    # "Clinton noted ...": a surname alone names nobody when two of the article's people bear it
    for surname, holders in by_surname.items():
        if len(set(holders)) > 1 or any(n not in holders and normalize_name(n).split()[-1:] == [surname] for n in at):
            for name in holders:
                at.pop(name, None)
    return at


def _title_doers(title: str) -> set[str]:
    """The words of a who-did-what title's subject: those before its first word in lower case
    ("Mexico and the United States signed ..." -> mexico, united, states)."""
    words: set[str] = set()
    for word in title.split():
        if word[:1].islower() and word not in ("and", "the", "of", "&"):
            break
        words.add(normalize_name(word))
    return words


def _whole_in(words: list[str], key: list[str]) -> bool:
    return any(words[i : i + len(key)] == key for i in range(len(words) - len(key) + 1)) if key else False


def _position(words: list[str], key: list[str]) -> int | None:
    """Where `key` (or, for a name of several words, its last word) stands in `words`."""
    if not key:
        return None
    size = len(key)
    for i in range(len(words) - size + 1):
        if words[i : i + size] == key:
            return i
    if size > 1 and key[-1] not in NAME_PARTICLES:
        return words.index(key[-1]) if key[-1] in words else None
    return None


def _parts(names: Sequence[str], *, fixed: Collection[str] = ()) -> dict[str, str]:
    """Name -> the one longer name among `names` it is part of (names.is_part_of: "Rybolovlev" ->
    "Dmitry Rybolovlev", "Treasury" -> "Treasury Department"); names part of none, or of several
    that are not one another's ("Trump": "Donald Trump", "Ivanka Trump"), stay, and so do the
    `fixed` ones (registry actors: "Trump Administration" is not "Donald Trump")."""
    content = {n: name_words(n) for n in names}
    having: dict[str, list[str]] = {}  # a word -> the names that hold it, in order (a whole holds every word of its part)
    for n in names:
        for word in content[n]:
            having.setdefault(word, []).append(n)
    found: dict[str, str] = {}
    for name in names:
        if name in fixed or not content[name]:
            continue
        word = min(content[name], key=lambda w: len(having[w]))
        holders = [n for n in having[word] if n != name and is_part_of(name, n)]
        largest = [h for h in holders if not any(content[h] < content[o] for o in holders)]
        if len(largest) == 1:
            found[name] = largest[0]
    return found
