"""The review queue without reading every draft: a summary of each draft file (what the queue
shows, or why the file is not a valid draft) kept in a SQLite index beside the drafts,
`extracted/.queue.sqlite`, by the file's name, size and modification time.

A file whose size and time are those indexed is not read again; any other is read, checked
(draft_file.read_draft) and indexed, so drafts edited by hand, written by a run or saved from
the page all show as they are now. The index is a cache: deleted, it is built again; unreadable,
the files are read instead.
"""

from __future__ import annotations

import json
import os
import sqlite3
from collections import Counter
from collections.abc import Iterator, Sequence
from contextlib import closing
from dataclasses import asdict, dataclass
from pathlib import Path

from .draft_file import InvalidDraft, read_draft
from .errors import PipelineError

INDEX_NAME = ".queue.sqlite"
INDEX_VERSION = 2  # a summary with other fields: the index is built again
SORTS = ("newest", "oldest", "importance", "sources", "match", "outlet", "status")
MATCHES = ("cited", "matched", "new")  # a source the timeline cites; a content match; neither
DESCRIPTION_CHARS = 600  # of the description kept for search


class ReviewError(PipelineError):
    """What a review action (or the queue) refuses, with the reason for the analyst."""


@dataclass(frozen=True)
class QueueItem:
    id: str
    title: str
    date: str
    status: str
    importance: int | None
    outlets: tuple[str, ...]
    sources: int
    in_timeline: str | None
    kind: str = "main"
    description: str = ""
    actors: tuple[str, ...] = ()
    match_score: float | None = None
    cited: bool = False

    @property
    def match(self) -> str:
        """cited (a source the timeline cites), matched (by content) or new."""
        return "cited" if self.cited else "matched" if self.in_timeline else "new"


@dataclass(frozen=True)
class Filters:
    """What the queue shows: words to find (all of them, in the title, description, actors,
    outlets or id), a status ("draft" for the pending ones; None for all), a kind, a match, an
    outlet, and a date range (ISO dates, inclusive)."""

    q: str = ""
    status: str | None = None
    kind: str | None = None
    match: str | None = None
    outlet: str | None = None
    since: str | None = None
    until: str | None = None

    def keep(self, item: QueueItem) -> bool:
        if (self.status and item.status != self.status) or (self.kind and item.kind != self.kind):
            return False
        if (self.match and item.match != self.match) or (self.since and item.date < self.since):
            return False
        if self.until and item.date > self.until:
            return False
        if self.outlet and self.outlet.casefold() not in (o.casefold() for o in item.outlets):
            return False
        words = self.q.casefold().split()
        if words:
            text = " ".join([item.id, item.title, item.description, *item.actors, *item.outlets]).casefold()
            return all(word in text for word in words)
        return True


@dataclass(frozen=True)
class Indexed:
    """One draft file: its summary, or (for a file that is not a valid draft) the problem."""

    path: Path
    item: QueueItem | None
    problem: str | None


def queue(extracted_dir: Path, *, sort: str = "newest", status: str | None = None,
          filters: Filters | None = None) -> tuple[list[QueueItem], Counter[str]]:
    """The drafts to review, sorted and filtered (`status` is a shorthand for Filters(status=...));
    and the count of each status among all of them."""
    if sort not in SORTS:
        raise ReviewError(f"sort by one of {', '.join(SORTS)}, not {sort!r}")
    filters = filters or Filters(status=status)
    if filters.match and filters.match not in MATCHES:
        raise ReviewError(f"match is one of {', '.join(MATCHES)}, not {filters.match!r}")
    items = [entry.item for entry in indexed(extracted_dir) if entry.item is not None]
    counts = Counter(item.status for item in items)
    items = [item for item in items if filters.keep(item)]
    keys = {
        "newest": lambda i: (i.date, i.id),
        "oldest": lambda i: (i.date, i.id),
        "importance": lambda i: (i.importance or 0, i.date),
        "sources": lambda i: (i.sources, i.date),
        "match": lambda i: (i.cited, i.match_score or 0.0, i.date),
        "outlet": lambda i: (tuple(o.lower() for o in i.outlets) or ("~",), i.id),
        "status": lambda i: (i.status, i.date),
    }
    items.sort(key=keys[sort], reverse=sort in ("newest", "importance", "sources", "match"))
    return items, counts


def neighbours(every: Sequence[QueueItem], draft_id: str) -> tuple[str | None, str | None]:
    """The pending drafts before and after `draft_id` in `every` (the default queue, newest first,
    as `queue(..., filters=Filters())` gives it): where "previous" and "next" go from its page."""
    pending = [item.id for item in every if item.status == "draft"]
    if draft_id not in pending:
        return None, next_after(every, draft_id)
    at = pending.index(draft_id)
    return (pending[at - 1] if at else None), (pending[at + 1] if at + 1 < len(pending) else None)


def next_after(every: Sequence[QueueItem], draft_id: str) -> str | None:
    """The pending draft the analyst goes to after deciding on `draft_id`: the next one of
    `every` (the default queue) after it, else the first; None when none is pending."""
    pending = [item.id for item in every if item.status == "draft" and item.id != draft_id]
    order = [item.id for item in every]
    if not pending:
        return None
    at = order.index(draft_id) if draft_id in order else -1
    return next((i for i in order[at + 1:] if i in pending), pending[0])


def broken_drafts(extracted_dir: Path) -> list[tuple[Path, str]]:
    """Drafts that are not valid (edited by hand into invalid YAML or an invalid record), each
    with the line and reason: the queue leaves them out, so they are listed on their own."""
    return [(entry.path, entry.problem) for entry in indexed(extracted_dir) if entry.problem is not None]


def indexed(extracted_dir: Path) -> list[Indexed]:
    """Every draft file of the folder (revisions `.rev-` left out), in name order, summarized."""
    files = sorted(_draft_files(extracted_dir), key=lambda f: f[0])
    try:
        with closing(_open(extracted_dir)) as db:
            known = {name: (mtime, size, item, problem)
                     for name, mtime, size, item, problem in db.execute("SELECT name, mtime_ns, size, item, problem FROM drafts")}
            found, fresh = [], []
            for name, mtime, size in files:
                row = known.get(name)
                if row is not None and row[0] == mtime and row[1] == size:
                    found.append(_entry(extracted_dir / name, row[2], row[3]))
                    continue
                entry = summarize(extracted_dir / name)
                found.append(entry)
                fresh.append((name, mtime, size, json.dumps(asdict(entry.item)) if entry.item else None, entry.problem))
            gone = known.keys() - {name for name, _, _ in files}
            if fresh or gone:
                with db:
                    db.executemany("INSERT OR REPLACE INTO drafts VALUES (?, ?, ?, ?, ?)", fresh)
                    db.executemany("DELETE FROM drafts WHERE name = ?", [(name,) for name in gone])
            return found
    except sqlite3.Error:  # the index is a cache: without it, every file is read
        return [summarize(extracted_dir / name) for name, _, _ in files]


def summarize(path: Path) -> Indexed:
    """One draft file read: its queue summary, or why it is not a valid draft."""
    try:
        draft = read_draft(path.read_bytes())
    except OSError as err:
        return Indexed(path, None, f"unreadable: {err.strerror or err}")
    if isinstance(draft, InvalidDraft):
        return Indexed(path, None, str(draft))
    matches = draft.provenance.timeline_match
    score = matches[0].get("score") if matches else None
    return Indexed(path, QueueItem(
        id=draft.id, title=draft.title, date=draft.date, status=draft.status, importance=draft.importance,
        outlets=tuple(s.outlet for s in draft.sources if s.outlet), sources=len(draft.sources),
        in_timeline=str(matches[0].get("id")) if matches else None,
        kind=draft.kind, description=draft.description[:DESCRIPTION_CHARS], actors=tuple(draft.actors),
        match_score=float(score) if isinstance(score, (int, float)) else None,
        cited=bool(draft.provenance.already_cited),
    ), None)


def _entry(path: Path, item: str | None, problem: str | None) -> Indexed:
    if item is None:
        return Indexed(path, None, problem)
    data = json.loads(item)
    return Indexed(path, QueueItem(**{**data, "outlets": tuple(data["outlets"]), "actors": tuple(data["actors"])}), problem)


def _draft_files(extracted_dir: Path) -> Iterator[tuple[str, int, int]]:
    try:
        entries = list(os.scandir(extracted_dir))
    except FileNotFoundError:
        return
    for entry in entries:
        if entry.name.endswith(".md") and ".rev-" not in entry.name and not entry.name.startswith("."):
            try:
                stat = entry.stat()
            except OSError:
                continue
            if entry.is_file():
                yield entry.name, stat.st_mtime_ns, stat.st_size


def _open(extracted_dir: Path) -> sqlite3.Connection:
    db = sqlite3.connect(extracted_dir / INDEX_NAME, timeout=10)
    if db.execute("PRAGMA user_version").fetchone()[0] != INDEX_VERSION:
        with db:
            db.execute("DROP TABLE IF EXISTS drafts")
            db.execute(f"PRAGMA user_version = {INDEX_VERSION}")
    db.execute("CREATE TABLE IF NOT EXISTS drafts (name TEXT PRIMARY KEY, mtime_ns INTEGER, size INTEGER, "
               "item TEXT, problem TEXT)")
    return db
