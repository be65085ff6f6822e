"""Scoring drafts against timeline records (`newsevents eval timeline`). Pure functions.

The timeline cites articles as evidence of events, often events that happened years before the
article. A pairs file says which events each article is evidence of; the real pipeline drafts the
articles, and each (article, event) link is scored on the article's drafts (the drafts whose
`provenance.inputs` hold the article's raw sha256).

PAIRS.jsonl, one JSON object a line (blank lines are skipped):

    {"article": "texts/a.html", "url": "https://...", "published": "2017-05-02",
     "name": "a", "part": "mine", "events": ["2025-03-18--some-timeline-id", {...}]}
    {"gold": "digests.jsonl", "doc_id": "art-3d02b160bc", "part": "digests", "events": [...]}

    article    a text or HTML file (.html/.htm/.xhtml are read as HTML), relative to the pairs
               file or absolute; or
    gold       a file of the gold folder (../shared/gold) and `doc_id`, the document in it: its
               `html` or `text`, its `url` and its `publication_date` / `date_publish`
    url        the article's URL (overrides the gold document's); optional
    published  its publication date, given to the pipeline as a JSONL dump's `published`; optional
    name       a short name for reports (default: the doc_id or the file's name)
    part       the group it is reported in (default: "all" only)
    events     what the timeline cites it for, at least one: a timeline id (resolved from the
               timeline given), or an event labelled by hand: {"date": "1991-01-01", "title": "...",
               "actors": [...], "note": "...", "id": "..."}, dated as the article dates it; its
               optional `id` names the timeline's record of the same event (measure 2 applies
               only to events with an id, and only when a timeline is given)

Dates are written as the timeline writes them: a year as YYYY-01-01, a month as YYYY-MM-01.

Rules, per (article, event) link:
    date          one of the article's drafts carries the event's date at the event's precision:
                  an event date ending in -01-01 compares years, one ending in -01 compares
                  months, any other the day; a draft that states a coarser `date_precision` than
                  the event's does not carry it (a draft without `date_precision` is taken at its
                  date's face value)
    in timeline   one of the article's drafts names the event's id among its matches
                  (`provenance.timeline_match`); `first`: as its best match;
                  the timeline the pipeline matches against has every source at one of the pairs
                  file's article URLs removed, so the match is by content alone
    actors        precision and recall of the best draft's `actors` against the event's: the best
                  draft is, among the drafts that carry the date (else all of the article's), the
                  one sharing the most actors with the event. Names are paired one to one: two
                  names are one actor when their keys are equal (pipeline/names.normalize_name
                  of the name, and of the name without titles and a note in parentheses), or when
                  one is a single word that is the other's last word ("Trump" / "Donald Trump"),
                  or one is written in capitals as the initials of the other's words ("FBI" /
                  "Federal Bureau of Investigation", "DNC" / "Democratic National Committee"; the
                  words of, the, and, for skipped), or they are equal without a company suffix
                  ("Intel" / "Intel Corporation"), or they name a department both ways ("Treasury
                  Department" / "Department of the Treasury": the timeline writes both); equal
                  keys are paired first. A draft naming one actor twice ("Trump" and
                  "Donald Trump") gets one pair, and the other name counts against its precision.
Over all articles: actors per draft (median, mean, max) and drafts per article (median, max).
Precision and recall are means over the links (a link whose best draft has no actors has no
precision and a recall of 0).
"""

from __future__ import annotations

import re
import statistics
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from .names import normalize_name, strip_titles
from .records import timeline_matches
from .url_keys import url_key

PRECISIONS = ("year", "month", "day")  # coarse to fine
HTML_SUFFIXES = (".html", ".htm", ".xhtml")
ALL = "all"
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_NOTE = re.compile(r"\s*\([^)]*\)\s*$")
_INITIALS_SKIP = frozenset({"of", "the", "and", "for", "on", "&"})
_DEPARTMENT_LAST = re.compile(r"(?:us |u s )?(\w+(?: \w+)?) department")
_COMPANY_SUFFIX = re.compile(r"[,\s]+(?:corporation|corp\.?|incorporated|inc\.?|company|co\.|llc|ltd\.?|plc)$", re.I)


class PairsError(ValueError):
    """A line of the pairs file that cannot be used; the message names the line and the fix."""


# ------------------------------------------------------------------------------------ the labels


@dataclass(frozen=True)
class EventLabel:
    """An event an article is evidence of: a timeline record or one labelled by hand."""

    date: str
    title: str
    actors: tuple[str, ...]
    id: str | None = None
    note: str | None = None

    @property
    def precision(self) -> str:
        return timeline_precision(self.date)

    @property
    def label(self) -> str:
        return self.id or f"{self.date} {self.title}"


@dataclass(frozen=True)
class ArticleRef:
    """One line of the pairs file: where the article is, and the events it is cited for (as written)."""

    name: str
    part: str | None
    article: str | None = None
    gold: str | None = None
    doc_id: str | None = None
    url: str | None = None
    published: str | None = None
    events: tuple[str | dict, ...] = ()


def parse_pair(obj: object, where: str) -> ArticleRef:
    """A pairs-file line (parsed JSON) as an ArticleRef; PairsError names what is wrong."""
    if not isinstance(obj, dict):
        raise PairsError(f"{where}: expected a JSON object")
    article, gold, doc_id = obj.get("article"), obj.get("gold"), obj.get("doc_id")
    if (article is None) == (gold is None):
        raise PairsError(f"{where}: give either 'article' (a file) or 'gold' and 'doc_id'")
    if gold is not None and not doc_id:
        raise PairsError(f"{where}: 'gold' needs the 'doc_id' of the document in it")
    events = obj.get("events")
    if not isinstance(events, list) or not events:
        raise PairsError(f"{where}: 'events' must list at least one timeline id or labelled event")
    for event in events:
        if not isinstance(event, (str, dict)):
            raise PairsError(f"{where}: an event is a timeline id or an object, not {event!r}")
    for key in ("url", "published", "name", "part"):
        if obj.get(key) is not None and not isinstance(obj[key], str):
            raise PairsError(f"{where}: '{key}' must be a string")
    name = obj.get("name") or str(doc_id or article).rsplit("/", 1)[-1]
    return ArticleRef(name=name, part=obj.get("part"), article=article, gold=gold, doc_id=doc_id,
                      url=obj.get("url"), published=obj.get("published"), events=tuple(events))


def event_label(ref: str | dict, timeline: Mapping[str, dict], where: str) -> EventLabel:
    """A timeline id looked up in the timeline (id -> record), or a hand-labelled event checked."""
    if isinstance(ref, str):
        if not timeline:
            raise PairsError(f"{where}: {ref!r} is a timeline id, and no timeline is given (--timeline or paths.timeline)")
        record = timeline.get(ref)
        if record is None:
            raise PairsError(f"{where}: no event {ref!r} in the timeline given")
        return EventLabel(date=str(record.get("date"))[:10], title=str(record.get("title") or ""),
                          actors=tuple(str(a) for a in record.get("actors") or []), id=ref)
    date, title, actors = ref.get("date"), ref.get("title"), ref.get("actors")
    if not isinstance(date, str) or not _DATE.match(date):
        raise PairsError(f"{where}: a labelled event needs a 'date' as YYYY-MM-DD (a year as YYYY-01-01)")
    if not isinstance(title, str) or not title.strip():
        raise PairsError(f"{where}: a labelled event needs a 'title'")
    if not isinstance(actors, list) or not all(isinstance(a, str) for a in actors):
        raise PairsError(f"{where}: a labelled event needs 'actors', a list of names")
    same_as = ref.get("id")
    if same_as is not None and timeline and same_as not in timeline:
        raise PairsError(f"{where}: no event {same_as!r} in the timeline given")
    return EventLabel(date=date, title=title, actors=tuple(actors), note=ref.get("note"),
                      id=same_as if timeline else None)


def gold_document(doc: dict) -> tuple[str, bool, str | None, str | None]:
    """A gold document's body, whether it is HTML, its URL and its publication date (the first ten
    characters of publication_date or date_publish).

    The body is its html if it has one, else its text as a text file is read: the headline on the
    first line. The who/when set keeps the headline apart (`title`) and its texts on one line, which
    the cleaner would take whole as a headline; so a text that does not open with its title gets
    the title and a blank line put before it."""
    html = doc.get("html")
    if isinstance(html, str) and html.strip():
        body, is_html = html, True
    else:
        body, is_html = str(doc.get("text") or ""), False
        title = str(doc.get("title") or "").strip()
        if title and not body.startswith(title):
            body = f"{title}\n\n{body}"
    published = str(doc.get("publication_date") or doc.get("date_publish") or "")[:10] or None
    return body, is_html, doc.get("url"), published


# ------------------------------------------------------------------------------------ the drafts


@dataclass(frozen=True)
class DraftView:
    """What the scorer reads of a draft file's front matter (read as data, so that fields added
    later, such as `date_precision` or `kind`, are read when present and not required)."""

    id: str
    date: str
    title: str
    actors: tuple[str, ...]
    inputs: frozenset[str]
    precision: str | None = None
    timeline_ids: tuple[str, ...] = ()  # the events of provenance.timeline_match, best first
    kind: str | None = None

    @classmethod
    def from_front(cls, front: dict) -> "DraftView":
        provenance = front.get("provenance") or {}
        matches = timeline_matches(provenance.get("timeline_match"))
        precision = front.get("date_precision") or provenance.get("date_precision")
        return cls(
            id=str(front.get("id") or ""), date=str(front.get("date") or ""), title=str(front.get("title") or ""),
            actors=tuple(str(a) for a in front.get("actors") or []),
            inputs=frozenset(str(i) for i in provenance.get("inputs") or []),
            precision=precision if precision in PRECISIONS else None,
            timeline_ids=tuple(str(m.get("id")) for m in matches),
            kind=front.get("kind") or provenance.get("kind"),
        )


def drafts_of(sha256: str, drafts: Iterable[DraftView]) -> list[DraftView]:
    """The drafts an article went into (its raw sha256 among their inputs)."""
    return [d for d in drafts if sha256 in d.inputs]


# ------------------------------------------------------------------------------------ the rules


def timeline_precision(date: str) -> str:
    """The timeline writes a year as YYYY-01-01 and a month as YYYY-MM-01."""
    if date[4:10] == "-01-01":
        return "year"
    if date[7:10] == "-01":
        return "month"
    return "day"


def carries_date(draft: DraftView, event: EventLabel) -> bool:
    """Does the draft's date say the event's date, at the event's precision?"""
    precision = event.precision
    if draft.precision and PRECISIONS.index(draft.precision) < PRECISIONS.index(precision):
        return False
    width = {"year": 4, "month": 7, "day": 10}[precision]
    return len(draft.date) >= width and draft.date[:width] == event.date[:width]


def actor_keys(name: str) -> frozenset[str]:
    """The keys a name is compared by: as written, and without titles and a trailing note."""
    plain = _NOTE.sub("", name).strip() or name
    return frozenset(k for k in (normalize_name(name), normalize_name(strip_titles(plain))) if k)


def _surname_of(short: frozenset[str], full: frozenset[str]) -> bool:
    return any(" " not in s and any(" " in f and f.rsplit(" ", 1)[1] == s for f in full) for s in short)


def _initials_of(short: str, full: str) -> bool:
    """'FBI' / 'Federal Bureau of Investigation': capitals that spell the other name's words."""
    short = re.sub(r"[.\s]", "", _NOTE.sub("", short))
    words = [w for w in re.split(r"[\s-]+", _NOTE.sub("", full)) if w and w.lower() not in _INITIALS_SKIP]
    return len(short) >= 2 and short.isupper() and short.isalpha() and len(words) == len(short) \
        and all(w[0].upper() == c for w, c in zip(words, short))


def _department_first(name: str) -> str:
    """'Treasury Department' as 'Department of the Treasury' writes it: 'department of treasury'."""
    key = normalize_name(name)
    found = _DEPARTMENT_LAST.fullmatch(key)
    return f"department of {found.group(1)}" if found else re.sub(r"^department of (?:the )?", "department of ", key)


def same_actor(a: str, b: str) -> bool:
    """Equal keys, one name the other's surname alone, one the other's initials, equal without a
    company suffix, or a department named both ways ("State Department" / "Department of State")."""
    ka, kb = actor_keys(a), actor_keys(b)
    if ka & kb or _surname_of(ka, kb) or _surname_of(kb, ka) or _initials_of(a, b) or _initials_of(b, a):
        return True
    if "department" in normalize_name(a) and _department_first(a) == _department_first(b):
        return True
    return bool(actor_keys(_COMPANY_SUFFIX.sub("", a)) & actor_keys(_COMPANY_SUFFIX.sub("", b)))


def paired_actors(predicted: Sequence[str], gold: Sequence[str]) -> list[tuple[str, str]]:
    """(predicted, gold) name pairs, one to one: equal keys first, then surname pairs, in list order."""
    pairs: list[tuple[str, str]] = []
    free_p, free_g = list(predicted), list(gold)
    for equal in (True, False):
        for p in list(free_p):
            for g in free_g:
                if (actor_keys(p) & actor_keys(g)) if equal else same_actor(p, g):
                    pairs.append((p, g))
                    free_p.remove(p)
                    free_g.remove(g)
                    break
    return pairs


@dataclass
class LinkScore:
    """One (article, event) link, scored."""

    article: str
    part: str | None
    event: EventLabel
    drafts: list[DraftView]
    date_right: bool
    in_timeline: bool | None  # None: the event has no timeline id
    best: DraftView | None
    in_timeline_first: bool | None = None  # the event is a draft's best match
    pairs: list[tuple[str, str]] = field(default_factory=list)

    @property
    def precision(self) -> float | None:
        return len(self.pairs) / len(self.best.actors) if self.best and self.best.actors else None

    @property
    def recall(self) -> float | None:
        return len(self.pairs) / len(self.event.actors) if self.event.actors else None


def score_link(article: str, part: str | None, drafts: Sequence[DraftView], event: EventLabel) -> LinkScore:
    """Score one link on the article's drafts (see the module docstring for the rules)."""
    dated = [d for d in drafts if carries_date(d, event)]
    pool = dated or list(drafts)
    best = max(pool, key=lambda d: len(paired_actors(d.actors, event.actors)), default=None)
    in_timeline = None if event.id is None else any(event.id in d.timeline_ids for d in drafts)
    first = None if event.id is None else any(d.timeline_ids[:1] == (event.id,) for d in drafts)
    pairs = paired_actors(best.actors, event.actors) if best else []
    return LinkScore(article=article, part=part, event=event, drafts=list(drafts), date_right=bool(dated),
                     in_timeline=in_timeline, best=best, pairs=pairs, in_timeline_first=first)


# ---------------------------------------------------------------------------------- the summary


@dataclass
class Summary:
    """The figures of one part (or of all): the issue's table."""

    articles: int = 0
    links: int = 0
    date_right: int = 0
    timeline_links: int = 0
    in_timeline: int = 0
    in_timeline_first: int = 0
    precisions: list[float] = field(default_factory=list)
    recalls: list[float] = field(default_factory=list)
    actors_per_draft: list[int] = field(default_factory=list)
    drafts_per_article: list[int] = field(default_factory=list)

    def precision(self) -> float | None:
        return statistics.fmean(self.precisions) if self.precisions else None

    def recall(self) -> float | None:
        return statistics.fmean(self.recalls) if self.recalls else None


def summarize(links: Sequence[LinkScore], article_drafts: Mapping[str, tuple[str | None, Sequence[DraftView]]]
              ) -> dict[str, Summary]:
    """Figures per part and for all ("all"), in order of first appearance.

    article_drafts: article name -> (its part, its drafts). A draft shared by several articles
    (one event, several sources) counts once in a part's actors per draft."""
    parts: dict[str, Summary] = {}
    drafts_seen: dict[str, set[str]] = {}

    def keys(part: str | None) -> list[str]:
        return ([part] if part and part != ALL else []) + [ALL]

    for part, drafts in article_drafts.values():
        for key in keys(part):
            summary = parts.setdefault(key, Summary())
            summary.articles += 1
            summary.drafts_per_article.append(len(drafts))
            seen = drafts_seen.setdefault(key, set())
            for draft in drafts:
                if draft.id not in seen:
                    seen.add(draft.id)
                    summary.actors_per_draft.append(len(draft.actors))
    for link in links:
        for key in keys(link.part):
            summary = parts.setdefault(key, Summary())
            summary.links += 1
            summary.date_right += link.date_right
            if link.in_timeline is not None:
                summary.timeline_links += 1
                summary.in_timeline += link.in_timeline
                summary.in_timeline_first += bool(link.in_timeline_first)
            if link.precision is not None:
                summary.precisions.append(link.precision)
            if link.event.actors:
                summary.recalls.append(link.recall or 0.0)
    if ALL in parts:
        parts[ALL] = parts.pop(ALL)  # last
    return parts


# ---------------------------------------------------------------------------------- the timeline


def without_sources_at(records: Iterable[dict], urls: Iterable[str]) -> tuple[list[dict], int]:
    """The timeline's records with every source at one of `urls` left out (the events stay);
    RETURNS the records and how many sources were left out."""
    keys = {url_key(u) for u in urls if u}
    kept, removed = [], 0
    for record in records:
        sources = record.get("sources") or []
        left = [s for s in sources if not (isinstance(s, dict) and s.get("url") and url_key(str(s["url"])) in keys)]
        removed += len(sources) - len(left)
        kept.append(record | {"sources": left} if len(left) != len(sources) else record)
    return kept, removed
