"""The review queue without reading every draft: a summary of each draft file (what the queue
shows, or why the file is not a valid draft) kept in a SQLite index beside the drafts,
`extracted/.queue.sqlite`, by the file's name, size and modification time.

A file whose size and time are those indexed is not read again; any other is read, checked
(draft_file.draft_problem) and indexed, so drafts edited by hand, written by a run or saved from
the page all show as they are now. The index is a cache: deleted, it is built again; unreadable,
the files are read instead.
"""

from __future__ import annotations

import json
import os
import sqlite3
from collections import Counter
from collections.abc import Iterator
from contextlib import closing
from dataclasses import asdict, dataclass
from pathlib import Path

from .draft_file import draft_problem, parse_draft_text
from .errors import PipelineError
from .records import timeline_matches

INDEX_NAME = ".queue.sqlite"
SORTS = ("newest", "importance", "outlet", "status")


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


@dataclass(frozen=True)
class Indexed:
    """One draft file: its summary, or (for a file that is not a valid draft) the problem."""

    path: Path
    item: QueueItem | None
    problem: str | None


def queue(extracted_dir: Path, *, sort: str = "newest", status: str | None = None) -> tuple[list[QueueItem], Counter[str]]:
    """The drafts to review, sorted, optionally of one status; and the count of each status."""
    if sort not in SORTS:
        raise ReviewError(f"sort by one of {', '.join(SORTS)}, not {sort!r}")
    items = [entry.item for entry in indexed(extracted_dir) if entry.item is not None]
    counts = Counter(item.status for item in items)
    if status:
        items = [item for item in items if item.status == status]
    keys = {
        "newest": lambda i: (i.date, i.id),
        "importance": lambda i: (i.importance or 0, i.date),
        "outlet": lambda i: (tuple(o.lower() for o in i.outlets) or ("~",), i.id),
        "status": lambda i: (i.status, i.date),
    }
    items.sort(key=keys[sort], reverse=sort in ("newest", "importance"))
    return items, counts


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
        data = path.read_bytes()
    except OSError as err:
        return Indexed(path, None, f"unreadable: {err.strerror or err}")
    problem = draft_problem(data)
    if problem is not None:
        return Indexed(path, None, str(problem))
    front, _ = parse_draft_text(data.decode("utf-8"))
    sources = [s for s in front.get("sources") or [] if isinstance(s, dict)]
    matches = timeline_matches((front.get("provenance") or {}).get("timeline_match"))
    return Indexed(path, QueueItem(
        id=str(front.get("id") or path.stem), title=str(front.get("title") or ""),
        date=str(front.get("date") or ""), status=str(front.get("status") or "draft"),
        importance=front.get("importance") if isinstance(front.get("importance"), int) else None,
        outlets=tuple(str(s.get("outlet")) for s in sources if s.get("outlet")), sources=len(sources),
        in_timeline=str(matches[0].get("id")) if matches else None,
    ), None)


def _entry(path: Path, item: str | None, problem: str | None) -> Indexed:
    if item is None:
        return Indexed(path, None, problem)
    data = json.loads(item)
    return Indexed(path, QueueItem(**{**data, "outlets": tuple(data["outlets"])}), problem)


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
    db.execute("CREATE TABLE IF NOT EXISTS drafts (name TEXT PRIMARY KEY, mtime_ns INTEGER, size INTEGER, "
               "item TEXT, problem TEXT)")
    return db
