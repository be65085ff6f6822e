"""Already in the timeline? Match drafts against the events of an existing timeline.

A timeline is a JSONL file of events (id, date, title, actors, sources, tags; the format of
../shared/timeline/events.jsonl) or a folder of event files (markdown with YAML front matter, or
YAML; a file that cannot be read is skipped and reported with its line: `TimelineIndex.skipped`).
Events are indexed by date, so a draft is compared with the events of the days around its own
date, and with every event citing one of its sources' URLs; the comparison:

    same URL     a draft source's URL is one of the event's sources (compared by url_keys.url_key,
                 whatever the dates): a match outright when that event is the only one citing it,
                 else (a digest's page, cited by the events of its items) SHARED_URL_BONUS more
    score        actor_weight * shared actors + text_weight * shared topic words (title,
                 description and source titles on both sides; a digest item's source titles are
                 the digest's, and left out), at least `threshold`; the
                 draft's mentioned actors (provenance.mentioned_actors) that the event names
                 count half (MENTIONED_SHARE): an analyst's record often names who an article
                 mentions only in passing ("Roscosmos and Rosatom" in a quote). Actors are paired
                 one to one, by key, then written short or in full ("Bongino" / "Dan Bongino",
                 "Intel" / "Intel Corporation", "FBI" / "Federal Bureau of Investigation": same_actor),
                 and each side's actors are counted once ("Tulsi Gabbard" and "Gabbard" are one);
                 each actor weighs by its specificity (the fewer of the timeline's events name it,
                 the more: "Donald Trump", in a third of them, says little of which one a draft is)
    min_text     shared actors alone never make a match: the texts must share some words

The best match, its score and its evidence go into the draft's provenance, so the analyst adds a
source to the timeline's event instead of recording the event twice.
"""

from __future__ import annotations

import bisect
import datetime as dt
import hashlib
import json
import math
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from . import safe_yaml
from .cluster import content_words, cosine
from .dates import period_end
from .errors import ConfigError
from .event_search import EventSearch
from .names import is_part_of, normalize_name, strip_titles
from .records import EventDraft
from .registry.keys import name_key
from .registry.letters import acronym_letters, initials, listed_expansions
from .settings import TimelineSettings
from .url_keys import url_key


MENTIONED_SHARE = 0.5
# A source URL that several of the timeline's events cite (a digest's page, each item an event)
# adds this to the score of each of them instead of making any one the match.
SHARED_URL_BONUS = 0.2
# An actor's weight in the match falls with the share of the timeline's events that name it (an
# inverse document frequency, 0-1): "Donald Trump", in a third of them, says little about which
# event a draft reports; a timeline smaller than this many events counts as this many.
SPECIFICITY_MIN_EVENTS = 100
# How far outside max_days of a draft's date an event is before it loses half of what it can
# lose of its score (TimelineSettings.date_floor), by the draft's date_precision.
DATE_SCALE_DAYS = {"day": 30, "month": 90, "year": 365}


@dataclass(frozen=True)
class TimelineEvent:
    id: str
    date: dt.date
    title: str
    actors: frozenset[str]
    keywords: dict[str, float]
    urls: frozenset[str]
    # what tag suggestions read (pipeline/suggest.py): the event's own words and its tags and importance
    actor_names: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    importance: int | None = None
    description: str = ""
    sources: tuple[dict, ...] = ()  # as the timeline writes them (outlet, title, url, date), for the review page


@dataclass
class TimelineIndex:
    """The timeline's events sorted by date, for lookups by a window of days; `skipped` holds the
    event files of a folder that could not be read, as (path, why), for the run to report."""

    events: list[TimelineEvent] = field(default_factory=list)
    dates: list[dt.date] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)
    naming: dict[str, int] = field(default_factory=dict)  # actor key -> how many events name it
    citing: dict[str, list[TimelineEvent]] = field(default_factory=dict)  # url_key -> the events citing it
    _search: EventSearch | None = field(default=None, repr=False, compare=False)

    @classmethod
    def build(cls, records: Iterable[dict], skipped: Iterable[tuple[str, str]] = ()) -> "TimelineIndex":
        events = sorted((e for e in map(_event, records) if e is not None), key=lambda e: (e.date, e.id))
        naming: dict[str, int] = {}
        citing: dict[str, list[TimelineEvent]] = {}
        for event in events:
            for key in event.actors:
                naming[key] = naming.get(key, 0) + 1
            for key in event.urls:
                citing.setdefault(key, []).append(event)
        return cls(events=events, dates=[e.date for e in events], skipped=list(skipped), naming=naming, citing=citing)

    def specificity(self, name: str) -> float:
        """How much naming this actor tells one event from another (0-1): 1 for an actor the
        timeline names once or never, less the more of its events name it (the square root of a
        normalized inverse document frequency: "Donald Trump", in a third of them, weighs 0.4)."""
        total = max(len(self.events), SPECIFICITY_MIN_EVENTS) + 1
        share = math.log(total / (max(self.naming.get(_key(name), 0), 1) + 1)) / math.log(total / 2)
        return max(share, 0.0) ** 0.5

    def search(self) -> EventSearch:
        """The events under a BM25 index of their words (all dates), built at the first search."""
        if self._search is None:
            self._search = EventSearch.build(self.events)
        return self._search

    def near(self, day: dt.date, days: int, last: dt.date | None = None) -> Sequence[TimelineEvent]:
        """The events within `days` of `day` (of the period from `day` to `last`, when given)."""
        lo = bisect.bisect_left(self.dates, day - dt.timedelta(days=days))
        hi = bisect.bisect_right(self.dates, (last or day) + dt.timedelta(days=days))
        return self.events[lo:hi]

    def event(self, event_id: str) -> TimelineEvent | None:
        """The event of this id (None: the timeline has none)."""
        return next((e for e in self.events if e.id == event_id), None)

    def __len__(self) -> int:
        return len(self.events)


def load_timeline(path: Path) -> TimelineIndex:
    """Read a timeline: a JSONL file of events, or a folder of event files (.md, .yaml, .yml)."""
    if path.is_dir():
        skipped: list[tuple[str, str]] = []
        records = list(_read_folder(path, skipped))
        return TimelineIndex.build(records, skipped)
    if not path.is_file():
        raise ConfigError(f"timeline not found: {path} (set paths.timeline)")
    records = []
    with path.open(encoding="utf-8") as fh:
        for number, line in enumerate(fh, 1):
            if line.strip():
                try:
                    records.append(json.loads(line))
                except json.JSONDecodeError as err:
                    raise ConfigError(f"timeline {path}, line {number}: not JSON ({err.msg})") from err
                except RecursionError as err:  # Python's JSON decoder recurses: a line of 100,000 '['
                    raise ConfigError(f"timeline {path}, line {number}: nested too deeply") from err
    return TimelineIndex.build(records)


@lru_cache(maxsize=2)
def _cached(path: Path, key: str) -> TimelineIndex:
    return load_timeline(path)


def cached_timeline(path: Path) -> TimelineIndex:
    """load_timeline, read (and its search index built) once per process while the timeline's
    content is the same: see `content_key`."""
    return _cached(path, content_key(path))


def content_key(path: Path) -> str:
    """What a timeline's cached index is kept by: the sha256 of a JSONL file's bytes (a file
    rewritten with the same events keeps its index; one changed within a second does not); for a
    folder, of every event file's name, size and modification time (reading 10,000 files for
    every batch would cost more than the index)."""
    digest = hashlib.sha256()
    if path.is_file():
        with path.open("rb") as fh:
            for block in iter(lambda: fh.read(1 << 20), b""):
                digest.update(block)
    elif path.is_dir():
        for item in sorted(path.rglob("*")):
            if item.suffix in (".md", ".yaml", ".yml") and item.is_file():
                stat = item.stat()
                digest.update(f"{item.relative_to(path)}\0{stat.st_size}\0{stat.st_mtime_ns}\n".encode())
    return digest.hexdigest()


def _read_folder(folder: Path, skipped: list[tuple[str, str]]) -> Iterator[dict]:
    """The event files' data; a file that is not readable YAML is added to `skipped` with its line
    (an alias bomb among them is refused as it is read, see safe_yaml) and the others are read."""
    for path in sorted(folder.rglob("*")):
        if path.suffix not in (".md", ".yaml", ".yml") or not path.is_file():
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        if path.suffix == ".md":
            if not text.startswith("---"):
                continue
            text = text[3:].split("\n---", 1)[0]
        try:
            data = safe_yaml.load(text)  # of a .md, the text after the opening '---' of line 1
        except safe_yaml.YAMLError as err:
            where = safe_yaml.problem(err)
            at = f", line {where.line}" if where.line else ""
            skipped.append((str(path), f"timeline event file {path}{at}: not read: {where.message}"))
            continue
        if isinstance(data, dict):
            yield data


def _event(record: dict) -> TimelineEvent | None:
    try:
        day = dt.date.fromisoformat(str(record.get("date"))[:10])
    except ValueError:
        return None
    sources = [s for s in record.get("sources") or [] if isinstance(s, dict)]
    text = " ".join([str(record.get("title") or ""), str(record.get("description") or ""),
                     *(str(s.get("title") or "") for s in sources), *map(str, record.get("tags") or [])])
    return TimelineEvent(
        id=str(record.get("id") or ""),
        date=day,
        title=str(record.get("title") or ""),
        actors=frozenset(_actor_keys(record.get("actors") or [])),
        keywords=_keywords(text),
        urls=frozenset(url_key(str(s["url"])) for s in sources if s.get("url")),
        actor_names=tuple(str(a) for a in record.get("actors") or [] if str(a).strip()),
        tags=tuple(str(t) for t in record.get("tags") or [] if str(t).strip()),
        importance=_importance(record.get("importance")),
        description=str(record.get("description") or ""),
        sources=tuple({k: str(s[k]) for k in ("date", "outlet", "title", "url") if s.get(k)} for s in sources),
    )


def _importance(value: object) -> int | None:
    """The event's importance when it is a whole number from 1 to 10; anything else is none."""
    if isinstance(value, str) and value.strip().isdigit():
        value = int(value.strip())
    if isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= 10:
        return value
    return None


def _actor_keys(actors: Iterable[object]) -> set[str]:
    return {normalize_name(strip_titles(str(a))) for a in actors if str(a).strip()}


def _keywords(text: str) -> dict[str, float]:
    counts: dict[str, float] = {}
    for word in content_words(text.replace("-", " ")):
        counts[word] = counts.get(word, 0.0) + 1.0
    return counts


def source_urls(draft: EventDraft) -> list[str]:
    """Every address of the draft's sources: the URL, the copies' (`also_at`), the archive link."""
    found = [u for s in draft.sources for u in (s.url, *s.also_at, s.archive_url) if u]
    return list(dict.fromkeys(found))


def cited_by(draft: EventDraft, index: TimelineIndex, *, matches: Sequence[dict] = (),
             cfg: TimelineSettings | None = None) -> list[dict]:
    """The draft's sources the timeline already cites, whatever the dates: [{url, events}], the
    events (ids) that cite the URL (compared by url_keys.url_key).

    A digest item's source is the digest's page, which the timeline cites for its other items
    too: for an item, only the citing events among its `matches` (match_draft's, with `cfg`)
    whose words and actors would match it without the shared URL's bonus count."""
    bar = (cfg or TimelineSettings()).threshold + SHARED_URL_BONUS
    own = {m["id"] for m in matches if m["score"] >= bar}
    found = []
    for url in source_urls(draft):
        events = index.citing.get(url_key(url), [])
        if draft.kind == "item":
            events = [e for e in events if e.id in own]
        if events:
            found.append({"url": url, "events": [e.id for e in events]})
    return found


def match_draft(draft: EventDraft, index: TimelineIndex, *, cfg: TimelineSettings) -> list[dict]:
    """The timeline events this draft may report, best first (at most `cfg.matches`), each with its
    score and evidence; [] when none reaches the threshold. An event citing one of the draft's
    sources is a match whatever its date. Compared: the events citing its URLs, those of the days
    around its date, and the `cfg.candidates` events nearest by words at any date."""
    try:
        day = dt.date.fromisoformat(draft.date)
    except ValueError:
        return []
    urls = {url_key(u) for u in source_urls(draft)}
    names = _distinct(draft.actors[: cfg.top_actors])
    mentioned = [a for a in _distinct(draft.provenance.mentioned_actors) if not any(same_actor(a, b) for b in names)]
    # a digest item's sources are the digest's pages, whose titles say nothing of the item
    titles = [] if draft.kind == "item" else [s.title or "" for s in draft.sources]
    text = " ".join([draft.title, draft.description, *titles])
    keywords = _keywords(text)
    last = period_end(day, draft.date_precision)  # a draft dated to a year or a month: the whole period
    citing = {e.id: e for key in urls for e in index.citing.get(key, [])}
    candidates = {**citing, **{e.id: e for e in index.near(day, cfg.max_days, last)}}
    for found in index.search().nearest(" ".join([text, *names]), k=cfg.candidates):
        candidates.setdefault(found.event.id, found.event)
    scale = DATE_SCALE_DAYS.get(draft.date_precision, DATE_SCALE_DAYS["day"])
    matches = []
    for event in candidates.values():
        shared_urls = sorted(urls & event.urls)
        text_score = cosine(keywords, event.keywords)
        if not shared_urls and text_score < cfg.min_text:
            continue  # the actors alone never make a match (below): no need to pair them
        theirs = _distinct_names(event.actor_names)
        shared, also = _shared_actors(names, mentioned, theirs)
        # cosine of the two actor sets, each actor weighted by its specificity: one famous shared
        # name does not make a small event a match
        # a shared actor weighs as the timeline's name of it ("DOJ" as "Department of Justice")
        hits = sum(map(index.specificity, shared.values())) + MENTIONED_SHARE * sum(map(index.specificity, also.values()))
        mine = sum(index.specificity(shared.get(a, a)) for a in names)
        size = sum(map(index.specificity, theirs))
        actor_score = min(1.0, hits / (mine * size) ** 0.5) if hits else 0.0
        apart = 0 if day <= event.date <= last else min(abs((event.date - day).days), abs((event.date - last).days))
        # the date is one feature: full weight within max_days, then less the farther (by the
        # draft's precision: a year-dated draft is further from nothing than a day-dated one)
        beyond = max(0, apart - cfg.max_days)
        date_factor = cfg.date_floor + (1 - cfg.date_floor) * scale / (scale + beyond)
        score = (cfg.actor_weight * actor_score + cfg.text_weight * text_score) * date_factor
        if shared_urls and len(citing) == 1 and draft.kind != "item":
            score = 1.0  # the one event that cites this article
        elif shared_urls:  # a page several events cite (a digest): its content says which, the URL helps
            score = min(1.0, score + SHARED_URL_BONUS)
        if score < 1.0 and text_score < cfg.min_text:
            continue  # the actors alone never make a match: the texts must share some words
        if score >= cfg.threshold:
            matches.append({
                "id": event.id, "title": event.title, "date": event.date.isoformat(), "score": round(score, 3),
                "evidence": {
                    "shared_urls": shared_urls, "shared_actors": sorted(shared),
                    "shared_mentioned": sorted(also), "shared_words": _shared_words(keywords, event.keywords),
                    "actor_score": round(actor_score, 3), "text_score": round(text_score, 3),
                    "days_apart": apart, "date_factor": round(date_factor, 3),
                },
            })
    matches.sort(key=lambda m: (-m["score"], m["date"], m["id"]))
    return matches[: cfg.matches]


def _shared_words(mine: dict[str, float], theirs: dict[str, float], limit: int = 8) -> list[str]:
    """The topic words both texts use, the most used first (evidence for the analyst)."""
    return sorted(mine.keys() & theirs.keys(), key=lambda w: (-(mine[w] + theirs[w]), w))[:limit]


def same_actor(a: str, b: str) -> bool:
    """Two names of one actor: equal keys, one the other written short (a surname, a body without
    "Corporation" or "Department": names.is_part_of), or one the other's acronym ("FBI" / "Federal
    Bureau of Investigation"): a draft names actors as its articles write them, the timeline in full."""
    return _key(a) == _key(b) or _short_for(a, b) or _short_for(b, a)


@lru_cache(maxsize=65536)
def _key(name: str) -> str:
    return normalize_name(strip_titles(name))


@lru_cache(maxsize=65536)
def _short_for(short: str, full: str) -> bool:
    if is_part_of(short, full):
        return True
    letters = _acronym_letters(short)
    if not letters or _acronym_letters(full):
        return False
    listed = {key for spelled in letters for key in listed_expansions(spelled)}
    return name_key(full) in listed if listed else bool(letters & initials(full))


@lru_cache(maxsize=65536)
def _acronym_letters(name: str) -> frozenset[str]:
    """acronym_letters, once per name (a draft is compared with dozens of events, pair by pair)."""
    return frozenset(acronym_letters(name))


@lru_cache(maxsize=16384)
def _distinct_names(names: tuple[str, ...]) -> tuple[str, ...]:
    """_distinct of an event's actors, once per event."""
    return tuple(_distinct(names))


def _distinct(names: Iterable[str]) -> list[str]:
    """The names, each actor once (the first of its names): "Tulsi Gabbard" and "Gabbard" are one."""
    kept: list[str] = []
    for name in names:
        if name.strip() and not any(same_actor(name, k) for k in kept):
            kept.append(name)
    return kept


def _shared_actors(mine: Sequence[str], mentioned: Sequence[str], theirs: Sequence[str]
                   ) -> tuple[dict[str, str], dict[str, str]]:
    """The draft's actors (and then its mentioned ones) that name one of the event's, each with the
    event's name of it, paired one to one: names with equal keys first, then short forms and acronyms."""
    left = list(theirs)
    found: dict[str, dict[str, str]] = {"mine": {}, "mentioned": {}}
    for rule in (lambda a, b: _key(a) == _key(b), same_actor):
        for group, names in (("mine", mine), ("mentioned", mentioned)):
            for name in names:
                if name in found["mine"] or name in found["mentioned"]:
                    continue
                other = next((t for t in left if rule(name, t)), None)
                if other is not None:
                    left.remove(other)
                    found[group][name] = other
    return found["mine"], found["mentioned"]
