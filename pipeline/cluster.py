"""Cluster: which articles report the same event. Pure functions over small profiles.

Each article is reduced to a profile (its own event date, its most salient actors, the content
words of its title and lead, the start of its text). Profiles are assigned one at a time, in a
stable order, to the best-scoring known event or to a new one, so the result does not depend on
how the articles were split into batches:

    same URL        a new snapshot of a page already in an event (the URL it was fetched from, or
                    its record's URL; never the URL the page claims) replaces that source when its
                    text is recognizably the same article (SAME_ARTICLE_RATIO); a different text at
                    that URL replaces nothing: it is clustered as any article, and the conflict
                    is recorded
    dates           an event's dated sources span at most `max_days`: never the same event beyond
    score           actor_weight * shared salient actors + text_weight * text similarity (half
                    rapidfuzz token_set_ratio of the content words of title and lead, half the
                    cosine of the most frequent content words); joined at >= threshold, best first
    undated         an article without a date of its own is compared with the events that share
                    one of its actors (the runner loads those; no date window can narrow them)
    periods         a year or a month (a past event dated that coarsely) must hold every day of the
                    event it joins and overlap its other periods
    past events     a background event (one sentence of an article) joins only an event that shares
                    one of its actors
    one article     an event takes one event of each article: two items of a digest, or two past
                    events of one article, are two events (an article tells an event once)
    near-duplicate  among events that score, the start of the text matches one of its sources
                    (syndicated copies, one text on two URLs): cited with that source, not a new one

The score and its parts go into each draft's provenance, so an analyst sees why sources merged.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from functools import lru_cache

from pydantic import Field
from rapidfuzz import fuzz

from .article_events import ArticleEvent, actors_named, input_of, main_event
from .dates import period_end
from .records import Analysis, EventSignature, Record
from .settings import ClusterSettings, DraftSettings

_WORD = re.compile(r"[^\W\d_]{3,}", re.UNICODE)
ITEM_LEAD_SENTENCES = 3
HEAD_CHARS = 1500  # compared for near-duplicates
# rapidfuzz ratio (0-100) of the texts' starts at which a new snapshot of a URL is the same article
# (corrected, updated: a 250-character paragraph added at the top still scores 84); four outlets'
# reports of one event (the seeds) score 43-48 against each other.
SAME_ARTICLE_RATIO = 60.0
EVENT_WORDS = 300  # distinct content words an event keeps for comparing leads
EVENT_KEYWORDS = 80  # topic words an event keeps (summed over its sources)


class ArticleProfile(Record):
    """What clustering needs of one article."""

    sha256: str
    url: str | None = None
    date: dt.date | None = Field(None, description="The event's own date; None when it has no date.")
    date_end: dt.date | None = Field(None, description="For a year or a month: the period's last day.")
    date_rule: str = ""
    kind: str = Field("main", description="main (what an article's lead reports) or background (a past event it narrates).")
    actors: list[str] = []
    words: str = Field("", description="Content words of the title and lead, lower case.")
    keywords: dict[str, float] = Field({}, description="The text's most frequent content words (title and lead count more).")
    head: str = Field("", description="The start of the text, normalized, for near-duplicates.")




class Assignment(Record):
    """Where one article went, and why."""

    sha256: str
    event: str
    new_event: bool
    duplicate_of: str | None = None
    replaces: str | None = Field(None, description="An earlier snapshot of the same URL this one replaces.")
    conflicts: list[str] = Field([], description="Sources at the same URL with another text: not replaced.")
    again: bool = Field(False, description="Already a source of the event (a re-run): its first merge stands.")
    score: float | None = None
    reason: str


def profile_article(analysis: Analysis, *, cfg: ClusterSettings, draft_cfg: DraftSettings) -> ArticleProfile:
    """The profile of an article's main event (see `profile_event`)."""
    return profile_event(main_event(analysis, cfg=draft_cfg), cfg=cfg)


def profile_event(event: ArticleEvent, *, cfg: ClusterSettings) -> ArticleProfile:
    """An article event's profile: its own date (unless only the collection day is known; a year
    or a month is a period), its top actors by salience, the words of its title and its sentences.
    A main event is identified by its URL (a new snapshot replaces it); a background one or a
    digest's item is not."""
    analysis = event.analysis
    article = analysis.article
    text = " ".join(article.text[analysis.sentences[i][0] : analysis.sentences[i][1]] for i in event.sentences)
    main = event.kind == "main"
    # what its lead says, as a main event's lead: a digest's item is compared by its first sentences
    # (its whole text shares the digest's labels and the names every item has)
    lead = text if main else " ".join(article.text[analysis.sentences[i][0] : analysis.sentences[i][1]]
                                      for i in event.sentences[:ITEM_LEAD_SENTENCES])
    actors = actors_named(event, analysis.ranking)
    return ArticleProfile(
        sha256=event.key,
        url=article.url if main else None,
        date=event.date if event.dated else None,
        date_end=period_end(event.date, event.precision) if event.dated and event.precision != "day" else None,
        date_rule=event.rule.split(":", 1)[0],
        kind=event.kind,
        actors=list(actors[: cfg.top_actors]),
        words=" ".join(content_words(f"{article.title if main else event.title} {lead}")),
        keywords=keywords(article.title if main else event.title, text, article.text if main else text),
        head=normalize_head(article.text if main else text),
    )


def keywords(title: str, lead: str, text: str, top: int = 40) -> dict[str, float]:
    """The text's top content words by frequency; title words count twice more, lead words once more."""
    counts: Counter[str] = Counter(content_words(text))
    counts.update({w: 2 for w in content_words(title)})
    counts.update(content_words(lead))
    return {w: float(c) for w, c in counts.most_common(top)}


def cosine(a: dict[str, float], b: dict[str, float]) -> float:
    dot = sum(v * b[k] for k, v in a.items() if k in b)
    if not dot:
        return 0.0
    return dot / (sum(v * v for v in a.values()) ** 0.5 * sum(v * v for v in b.values()) ** 0.5)


def content_words(text: str) -> list[str]:
    return [w for w in _WORD.findall(text.lower()) if w not in _stop_words()]


@lru_cache(maxsize=1)
def _stop_words() -> frozenset[str]:
    from spacy.lang.en.stop_words import STOP_WORDS

    return frozenset(STOP_WORDS) | {"said", "says", "told", "would", "could", "also", "new"}


def normalize_head(text: str) -> str:
    return " ".join(text[: HEAD_CHARS * 2].lower().split())[:HEAD_CHARS]


def score_event(profile: ArticleProfile, event: EventSignature, *, cfg: ClusterSettings) -> tuple[float, str]:
    """How likely `profile` reports `event` (0-1), and the reason in words."""
    apart = dates_apart(profile, event, max_days=cfg.max_days)
    if apart:
        return 0.0, apart
    mine = profile.actors[: cfg.top_actors]
    theirs = set(event.actors[: cfg.top_actors * 2])
    shared = [a for a in mine if a in theirs]
    if profile.kind == "background" and not shared:  # one sentence: its words alone say little
        return 0.0, "a past event of another article that names none of this one's actors"
    room = min(cfg.top_actors, max(len(mine), 2), max(len(theirs), 2))  # one shared name alone is half the evidence
    actor_score = min(1.0, len(shared) / room)
    lead_score = fuzz.token_set_ratio(profile.words, event.words) / 100 if profile.words and event.words else 0.0
    topic_score = cosine(profile.keywords, event.keywords)
    text_score = (lead_score + topic_score) / 2
    score = cfg.actor_weight * actor_score + cfg.text_weight * text_score
    reason = (f"shared actors {', '.join(shared) or 'none'} ({actor_score:.2f}); lead similarity {lead_score:.2f}; "
              f"topic words {topic_score:.2f}")
    return round(score, 3), reason


def same_article(profile: ArticleProfile, head: str) -> float:
    """How much `profile`'s text is the article whose normalized start is `head` (rapidfuzz ratio,
    0-100): a page's new snapshot replaces the old one only when this is high."""
    if not profile.head or not head:
        return 0.0
    return fuzz.ratio(profile.head, head)


def dates_apart(profile: ArticleProfile, event: EventSignature, *, max_days: int) -> str | None:
    """Why `profile` cannot be `event` by their dates, or None: an event's days span at most
    `max_days`; a year or a month (a period) must hold every day of the event and overlap its
    other periods (no window around a period: 2005 and 2006 touch, but are not one year)."""
    if profile.date is None:
        return None
    start, end = profile.date, profile.date_end or profile.date
    if event.dates:
        if profile.date_end is None:
            gap = max(abs((start - event.dates[0]).days), abs((start - event.dates[-1]).days))
            if gap > max_days:
                return f"dates {gap} days apart (more than {max_days})"
        elif event.dates[0] < start or event.dates[-1] > end:
            return f"the event's days are outside {start.isoformat()[:7 if (end - start).days < 32 else 4]}"
    for first, last in event.periods:
        if first > end or last < start:
            return f"periods apart: {first.isoformat()}..{last.isoformat()} and {start.isoformat()}..{end.isoformat()}"
    return None


def find_duplicate(profile: ArticleProfile, event: EventSignature, *, cfg: ClusterSettings) -> str | None:
    """A source of `event` with the same text as `profile` (syndicated copy, same text elsewhere)."""
    if len(profile.head) < 200:
        return None
    for sha, head in event.heads.items():
        if sha != profile.sha256 and fuzz.ratio(profile.head, head, score_cutoff=cfg.duplicate_ratio) :
            return sha
    return None


def assign(
    profiles: Iterable[ArticleProfile], events: Sequence[EventSignature], *, cfg: ClusterSettings,
    new_id: Callable[[ArticleProfile], str],
) -> tuple[list[Assignment], list[EventSignature]]:
    """Assign each profile to a known event, or to a new one; RETURNS the assignments and every
    event touched (updated signatures). Profiles are taken in order of (date, sha256)."""
    by_id = {e.id: e for e in events}
    member_of = {sha: e.id for e in events for sha in e.members}
    touched: dict[str, EventSignature] = {}
    assignments = []
    near = _MonthIndex(events, max_days=cfg.max_days, top_actors=cfg.top_actors)
    for profile in sorted(profiles, key=_order):
        known = member_of.get(profile.sha256)
        if known is not None and known in by_id:
            event = by_id[known]
            assignments.append(Assignment(sha256=profile.sha256, event=known, new_event=False, again=True,
                                          reason="already a source of this event"))
            touched[known] = event = add_member(event, profile, cfg=cfg)
            by_id[known] = event
            continue
        same_url = [(by_id[i], sha) for i in near.with_url(profile.url) if i in by_id
                    for sha, url in by_id[i].urls.items() if url == profile.url] if profile.url else []
        replaced = max(((same_article(profile, e.heads.get(sha, "")), e, sha) for e, sha in same_url),
                       key=lambda found: found[0], default=None)
        conflicts = [sha for _, sha in same_url]
        if replaced is not None and replaced[0] >= SAME_ARTICLE_RATIO:
            ratio, event, old = replaced
            assignments.append(Assignment(sha256=profile.sha256, event=event.id, new_event=False, replaces=old,
                                          score=1.0, reason=f"a new snapshot of source {old[:12]} (same URL, "
                                          f"text similarity {ratio / 100:.2f})"))
            event = remove_member(event, old)
            member_of.pop(old, None)
        else:
            best: tuple[float, str, EventSignature] | None = None
            duplicate = None
            own = input_of(profile.sha256)
            for event in near.candidates(profile, by_id) if cfg.enabled else ():
                score, reason = score_event(profile, event, cfg=cfg)
                if score < cfg.threshold:
                    continue  # a copy of one of its sources would share its actors and lead
                if any(input_of(key) == own for key in event.members):
                    continue  # one article tells an event once
                duplicate = find_duplicate(profile, event, cfg=cfg)
                if duplicate:
                    best = (1.0, f"near-duplicate of source {duplicate[:12]}", event)
                    break
                if best is None or score > best[0]:
                    best = (score, reason, event)
            conflict = (f"; the same URL as source {', '.join(c[:12] for c in conflicts)} with another text: "
                        "both kept") if conflicts else ""
            if best is None:
                event = EventSignature(id=new_id(profile))
                assignments.append(Assignment(sha256=profile.sha256, event=event.id, new_event=True, conflicts=conflicts,
                                              reason="the first source: no known event scored above the threshold"
                                              + conflict))
            else:
                score, reason, event = best
                assignments.append(Assignment(sha256=profile.sha256, event=event.id, new_event=False,
                                              duplicate_of=duplicate, score=score, reason=reason + conflict,
                                              conflicts=conflicts))
        event = add_member(event, profile, cfg=cfg)
        by_id[event.id] = touched[event.id] = event
        near.add(event)
        member_of[profile.sha256] = event.id
    return assignments, list(touched.values())


class _MonthIndex:
    """Which events a profile's dates could let it join (the months its days, with `max_days` on
    each side, or its period touch), so that a batch is not compared with every event of every
    year (an article's past events make thousands); events without a date are always candidates.
    A past event of an article (kind background) is compared only with the events that rank one
    of its actors, the only ones it may join. Candidates come in the order the events were first
    seen, as without the index. Also which events have a source at a URL (a new snapshot
    replaces it)."""

    def __init__(self, events: Iterable[EventSignature], *, max_days: int, top_actors: int) -> None:
        self.max_days, self.top_actors = max_days, top_actors
        self.months: dict[int | None, set[str]] = {}
        self.urls: dict[str, set[str]] = {}
        self.actors: dict[str, set[str]] = {}  # an actor -> events that rank it where score_event looks
        self.order: dict[str, int] = {}
        for event in events:
            self.add(event)

    def add(self, event: EventSignature) -> None:
        self.order.setdefault(event.id, len(self.order))
        days = [*event.dates, *(d for period in event.periods for d in period)]
        months = range(_month(min(days)), _month(max(days)) + 1) if days else (None,)
        for month in months:
            self.months.setdefault(month, set()).add(event.id)
        for url in event.urls.values():
            self.urls.setdefault(url, set()).add(event.id)
        for actor in event.actors[: self.top_actors * 2]:
            self.actors.setdefault(actor, set()).add(event.id)

    def with_url(self, url: str) -> list[str]:
        """The events that have (or had) a source at `url`, in the order first seen."""
        return sorted(self.urls.get(url, ()), key=self.order.__getitem__)

    def candidates(self, profile: ArticleProfile, by_id: dict[str, EventSignature]) -> list[EventSignature]:
        if profile.date is None:
            return list(by_id.values())
        window = dt.timedelta(days=self.max_days)
        first, last = _month(profile.date - window), _month((profile.date_end or profile.date) + window)
        ids = set(self.months.get(None, ()))
        for month in range(first, last + 1):
            ids |= self.months.get(month, set())
        if profile.kind == "background":  # it joins only an event that ranks one of its actors (score_event)
            sharing: set[str] = set()
            for actor in profile.actors[: self.top_actors]:
                sharing |= self.actors.get(actor, set())
            ids &= sharing
        return [by_id[i] for i in sorted(ids, key=self.order.__getitem__) if i in by_id]


def _month(day: dt.date) -> int:
    return day.year * 12 + day.month - 1


def add_member(event: EventSignature, profile: ArticleProfile, *, cfg: ClusterSettings) -> EventSignature:
    """The event with `profile` added: its date, actors (weighted by rank) and lead words."""
    return merge_signatures(event, signature_of(profile, cfg=cfg, event_id=event.id), cfg=cfg)


def signature_of(profile: ArticleProfile, *, cfg: ClusterSettings, event_id: str = "") -> EventSignature:
    """One article as an event of its own: its top actors weighted 1, 1/2, 1/3 ... by rank."""
    counts: Counter[str] = Counter()
    for rank, actor in enumerate(profile.actors[: cfg.top_actors]):
        counts[actor] += 1.0 / (1 + rank)
    coarse = profile.date is not None and profile.date_end is not None
    alone = EventSignature(
        id=event_id, dates=[profile.date] if profile.date and not coarse else [],
        periods=[(profile.date, profile.date_end)] if coarse else [], actor_counts=dict(counts), words=profile.words,
        keywords=profile.keywords, members=[profile.sha256], heads={profile.sha256: profile.head},
        urls={profile.sha256: profile.url} if profile.url else {},
    )
    return merge_signatures(EventSignature(id=event_id), alone, cfg=cfg)  # ranked, deduplicated, capped


def merge_signatures(event: EventSignature, other: EventSignature, *, cfg: ClusterSettings) -> EventSignature:
    """`event` with `other`'s sources joined (an article joining it, or an analyst merging two
    events): actor weights and topic words summed, lead words and dates united, each kept to the
    most an event keeps. Idempotent: sources already in `event` are not counted again (a resumed
    run adds the same ones)."""
    if all(m in event.members for m in other.members):
        return event
    counts = Counter(event.actor_counts) + Counter(other.actor_counts)
    words = list(dict.fromkeys([*event.words.split(), *other.words.split()]))[:EVENT_WORDS]
    return event.model_copy(update={
        "dates": sorted({*event.dates, *other.dates}),
        "periods": sorted({*event.periods, *other.periods}),
        "actor_counts": dict(counts),
        "actors": [a for a, _ in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))][: cfg.top_actors * 2],
        "words": " ".join(words),
        "keywords": _top(Counter(event.keywords) + Counter(other.keywords), EVENT_KEYWORDS),
        "members": [*event.members, *(m for m in other.members if m not in event.members)],
        "heads": {**event.heads, **other.heads},
        "urls": {**event.urls, **other.urls},
    })


def _top(counts: Counter[str], n: int) -> dict[str, float]:
    return {w: c for w, c in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:n]}


def remove_member(event: EventSignature, sha256: str) -> EventSignature:
    """The event without one source (replaced by a newer snapshot); dates and actors stay."""
    return event.model_copy(update={
        "members": [m for m in event.members if m != sha256],
        "heads": {k: v for k, v in event.heads.items() if k != sha256},
        "urls": {k: v for k, v in event.urls.items() if k != sha256},
    })


def _order(profile: ArticleProfile) -> tuple[dt.date, str]:
    return (profile.date or dt.date.max, profile.sha256)


def group_articles(
    analyses: Sequence[Analysis], *, cfg: ClusterSettings, draft_cfg: DraftSettings
) -> tuple[list[Assignment], dict[str, list[str]]]:
    """Cluster articles among themselves (no known events): the assignments, and each event's
    inputs in the order they joined. For evaluation and for tools that do not keep a ledger."""
    profiles = [profile_article(a, cfg=cfg, draft_cfg=draft_cfg) for a in analyses]
    counter = iter(range(1, len(profiles) + 1))
    assignments, events = assign(profiles, [], cfg=cfg, new_id=lambda _: f"event-{next(counter)}")
    return assignments, {e.id: list(e.members) for e in events}


def bcubed(predicted: dict[str, str], gold: dict[str, str]) -> tuple[float, float]:
    """B-cubed precision and recall of a clustering (item -> cluster) against gold (item -> class)."""
    items = [i for i in predicted if i in gold]
    if not items:
        return 0.0, 0.0
    by_cluster: dict[str, set[str]] = {}
    by_class: dict[str, set[str]] = {}
    for i in items:
        by_cluster.setdefault(predicted[i], set()).add(i)
        by_class.setdefault(gold[i], set()).add(i)
    precision = recall = 0.0
    for i in items:
        same = len(by_cluster[predicted[i]] & by_class[gold[i]])
        precision += same / len(by_cluster[predicted[i]])
        recall += same / len(by_class[gold[i]])
    return precision / len(items), recall / len(items)
