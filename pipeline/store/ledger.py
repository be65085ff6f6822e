"""The ledger (extracted/.ledger.sqlite): what was processed and written, the events and their
sources, seen URLs, the review audit trail, the failures recorded. A small SQLite record beside
the files, which stay the truth for drafts.

Write-ahead log, synced at checkpoints: a commit survives a killed process; `transaction()` makes
several writes one. SQLite's errors on a full disk or a read-only file system become a
StorageError naming the ledger (SQLite rolls the transaction back: the ledger stays whole).
"""

from __future__ import annotations

import json
import sqlite3
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

from ..records import EventSignature, Failure
from .files import storage_error

LEDGER_NAME = ".ledger.sqlite"
UNDATED_CANDIDATES = 200  # events per actor an article without a date is compared with


_SQLITE_STORAGE_FAILURES = ("full", "readonly", "read-only", "disk i/o", "unable to open")


def is_storage_failure(err: sqlite3.OperationalError) -> bool:
    """SQLite's messages for a disk that is full, read-only or failing (not a lock or a bad query)."""
    return any(part in str(err).lower() for part in _SQLITE_STORAGE_FAILURES)


class Ledger:
    """A small SQLite record of what was processed and written; the files stay the truth."""

    def __init__(self, extracted_dir: Path) -> None:
        self.path = extracted_dir / LEDGER_NAME
        self._depth = 0  # transactions open (writes inside an outer one commit with it)
        try:
            extracted_dir.mkdir(parents=True, exist_ok=True)
        except OSError as err:
            raise storage_error(extracted_dir, err) from err
        try:
            self._open()
        except sqlite3.OperationalError as err:
            if hasattr(self, "_db"):
                self._db.close()
            if is_storage_failure(err):
                raise storage_error(self.path, err) from err
            raise

    def _open(self) -> None:
        self._db = sqlite3.connect(self.path, timeout=30)
        # Write-ahead log, synced at checkpoints: a commit survives a killed process without an
        # fsync of its own (commits were 2% of a run), and readers do not wait for the writer.
        for attempt in range(100):  # switching the mode takes a lock SQLite's busy timeout does not wait for
            try:
                self._db.execute("PRAGMA journal_mode=WAL")
                break
            except sqlite3.OperationalError as err:
                if attempt == 99 or "locked" not in str(err):
                    raise
                time.sleep(0.1)
        self._db.execute("PRAGMA synchronous=NORMAL")
        self._db.executescript(
            """
            CREATE TABLE IF NOT EXISTS processed (
                sha256 TEXT PRIMARY KEY, pipeline_version TEXT, outcome TEXT, draft_id TEXT, at TEXT);
            CREATE TABLE IF NOT EXISTS drafts (
                id TEXT PRIMARY KEY, written_sha256 TEXT, at TEXT);
            CREATE TABLE IF NOT EXISTS failures (
                key TEXT PRIMARY KEY, stage TEXT, source TEXT, sha256 TEXT, error TEXT,
                message TEXT, at TEXT);
            CREATE TABLE IF NOT EXISTS events (
                id TEXT PRIMARY KEY, first_date TEXT, last_date TEXT, signature TEXT);
            CREATE INDEX IF NOT EXISTS events_dates ON events (first_date, last_date);
            CREATE TABLE IF NOT EXISTS audit (
                draft_id TEXT, action TEXT, by TEXT, at TEXT, detail TEXT);
            CREATE TABLE IF NOT EXISTS seen_urls (url TEXT PRIMARY KEY, sha256 TEXT, at TEXT);
            CREATE TABLE IF NOT EXISTS event_actors (
                actor TEXT, event_id TEXT, PRIMARY KEY (actor, event_id));
            CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT);
            CREATE TABLE IF NOT EXISTS members (
                sha256 TEXT PRIMARY KEY, event_id TEXT, url TEXT, duplicate_of TEXT,
                superseded_by TEXT, merge TEXT);
            CREATE INDEX IF NOT EXISTS members_event ON members (event_id);
            CREATE INDEX IF NOT EXISTS members_url ON members (url);
            CREATE TABLE IF NOT EXISTS stale_drafts (event_id TEXT PRIMARY KEY);
            CREATE TABLE IF NOT EXISTS renamed (old TEXT PRIMARY KEY, new TEXT);
            """
        )

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """Several writes as one: all of them or none are in the ledger after a crash, a kill or
        a full disk (the writes inside commit with the outermost transaction)."""
        with self._writing():
            yield

    @contextmanager
    def _writing(self) -> Iterator[None]:
        """A transaction (or a part of the one open); SQLite's own errors on a full disk or a
        read-only file system become a StorageError naming the ledger (SQLite rolls the
        transaction back: the ledger stays whole)."""
        if self._depth:
            self._depth += 1
            try:
                yield
            finally:
                self._depth -= 1
            return
        self._depth = 1
        try:
            with self._db:
                yield
        except sqlite3.OperationalError as err:
            if is_storage_failure(err):
                raise storage_error(self.path, err) from err
            raise
        finally:
            self._depth = 0

    def close(self) -> None:
        self._db.close()

    def processed_version(self, sha256: str) -> str | None:
        row = self._db.execute(
            "SELECT pipeline_version FROM processed WHERE sha256 = ?", (sha256,)
        ).fetchone()
        return row[0] if row else None

    def processed_outcome(self, sha256: str) -> str | None:
        """What processing did with an input: a draft action, 'superseded' or 'failed: <error>'."""
        row = self._db.execute("SELECT outcome FROM processed WHERE sha256 = ?", (sha256,)).fetchone()
        return row[0] if row else None

    def draft_id_for(self, sha256: str) -> str | None:
        row = self._db.execute("SELECT draft_id FROM processed WHERE sha256 = ?", (sha256,)).fetchone()
        return row[0] if row else None

    def mark_processed(self, sha256: str, version: str, outcome: str, draft_id: str | None, at: str) -> None:
        with self._writing():
            self._db.execute(
                "INSERT OR REPLACE INTO processed VALUES (?, ?, ?, ?, ?)",
                (sha256, version, outcome, draft_id, at),
            )

    def written_hash(self, draft_id: str) -> str | None:
        row = self._db.execute("SELECT written_sha256 FROM drafts WHERE id = ?", (draft_id,)).fetchone()
        return row[0] if row else None

    def mark_written(self, draft_id: str, written_sha256: str, at: str) -> None:
        with self._writing():
            self._db.execute(
                "INSERT OR REPLACE INTO drafts VALUES (?, ?, ?)", (draft_id, written_sha256, at)
            )

    # what analysts did (the draft files log it too)

    def audit(self, draft_id: str, entry: dict) -> None:
        with self._writing():
            self._db.execute("INSERT INTO audit VALUES (?, ?, ?, ?, ?)", (
                draft_id, entry.get("action"), entry.get("by"), entry.get("at"),
                json.dumps({k: v for k, v in entry.items() if k not in ("action", "by", "at")}, sort_keys=True),
            ))

    def audit_trail(self, draft_id: str | None = None) -> list[dict]:
        rows = self._db.execute(
            "SELECT draft_id, action, by, at, detail FROM audit" + (" WHERE draft_id = ?" if draft_id else "")
            + " ORDER BY rowid", (draft_id,) if draft_id else (),
        )
        return [{"draft_id": r[0], "action": r[1], "by": r[2], "at": r[3], **json.loads(r[4] or "{}")} for r in rows]

    # URLs collected from feeds and sitemaps, so the next scheduled run skips them

    def seen_url(self, url: str) -> bool:
        return self._db.execute("SELECT 1 FROM seen_urls WHERE url = ?", (url,)).fetchone() is not None

    def mark_seen(self, url: str, sha256: str, at: str) -> None:
        with self._writing():
            self._db.execute("INSERT OR REPLACE INTO seen_urls VALUES (?, ?, ?)", (url, sha256, at))

    # events: the cluster stage's memory between runs

    def event_ids(self) -> set[str]:
        """Every id an event has or had (an id an event was renamed from is never given again)."""
        return {row[0] for row in self._db.execute("SELECT id FROM events UNION SELECT old FROM renamed")}

    def rename_event(self, old: str, new: str) -> None:
        """Give an event a new id everywhere the ledger names it (one transaction), and remember
        the old one: it leads to the new (`renamed_to`) and is never given again."""
        with self._writing():
            row = self._db.execute("SELECT signature FROM events WHERE id = ?", (old,)).fetchone()
            if row is not None:
                signature = EventSignature.model_validate_json(row[0]).model_copy(update={"id": new})
                self._db.execute("UPDATE events SET id = ?, signature = ? WHERE id = ?",
                                 (new, signature.model_dump_json(), old))
            for table, column in (("processed", "draft_id"), ("drafts", "id"), ("audit", "draft_id"),
                                  ("event_actors", "event_id"), ("members", "event_id"),
                                  ("stale_drafts", "event_id"), ("renamed", "new")):
                self._db.execute(f"UPDATE {table} SET {column} = ? WHERE {column} = ?", (new, old))  # noqa: S608 - our names
            self._db.execute("INSERT OR REPLACE INTO renamed VALUES (?, ?)", (old, new))

    def renamed_to(self, old: str) -> str | None:
        """The id an event renamed from `old` has now (None: it was never renamed)."""
        row = self._db.execute("SELECT new FROM renamed WHERE old = ?", (old,)).fetchone()
        return row[0] if row else None

    def events_near(self, first: str, last: str) -> list[EventSignature]:
        """Events whose dates overlap [first, last] (ISO dates)."""
        rows = self._db.execute(
            "SELECT signature FROM events WHERE first_date <= ? AND last_date >= ?", (last, first)
        )
        return [EventSignature.model_validate_json(row[0]) for row in rows]

    def undated_events(self) -> list[EventSignature]:
        rows = self._db.execute("SELECT signature FROM events WHERE first_date IS NULL")
        return [EventSignature.model_validate_json(row[0]) for row in rows]

    def events_sharing(self, actors: Iterable[str]) -> list[EventSignature]:
        """Events that name one of these actors among their salient ones (for undated articles,
        which no date window can narrow down)."""
        ids: set[str] = set()
        for actor in set(actors):  # the events updated last first; a famous name is in thousands
            ids.update(r[0] for r in self._db.execute(
                "SELECT event_id FROM event_actors WHERE actor = ? ORDER BY rowid DESC LIMIT ?",
                (actor, UNDATED_CANDIDATES),
            ))
        return [e for e in (self.event(i) for i in sorted(ids)) if e is not None]

    def events_with(self, shas: Iterable[str], urls: Iterable[str]) -> list[EventSignature]:
        """Events that hold one of these inputs, or an earlier snapshot of one of these URLs."""
        ids: set[str] = set()
        for sha in shas:
            row = self._db.execute("SELECT event_id FROM members WHERE sha256 = ?", (sha,)).fetchone()
            if row:
                ids.add(row[0])
        for url in urls:
            ids.update(r[0] for r in self._db.execute("SELECT event_id FROM members WHERE url = ?", (url,)))
        return [e for e in (self.event(i) for i in sorted(ids)) if e is not None]

    def event(self, event_id: str) -> EventSignature | None:
        row = self._db.execute("SELECT signature FROM events WHERE id = ?", (event_id,)).fetchone()
        return EventSignature.model_validate_json(row[0]) if row else None

    def save_event(self, event: EventSignature) -> None:
        days = [*event.dates, *(day for period in event.periods for day in period)]
        first = min(days).isoformat() if days else None
        last = max(days).isoformat() if days else None
        with self._writing():
            self._db.execute("INSERT OR REPLACE INTO events VALUES (?, ?, ?, ?)",
                             (event.id, first, last, event.model_dump_json()))
            self._db.execute("DELETE FROM event_actors WHERE event_id = ?", (event.id,))
            self._db.executemany("INSERT OR IGNORE INTO event_actors VALUES (?, ?)",
                                 [(actor, event.id) for actor in event.actors])

    def delete_event(self, event_id: str) -> None:
        with self._writing():
            self._db.execute("DELETE FROM events WHERE id = ?", (event_id,))
            self._db.execute("DELETE FROM event_actors WHERE event_id = ?", (event_id,))
            self._db.execute("DELETE FROM stale_drafts WHERE event_id = ?", (event_id,))

    def mark_stale(self, event_ids: Iterable[str]) -> None:
        """Events whose draft is behind their sources: written at the end of the run (a run killed
        before that leaves them marked, and the next run writes them)."""
        with self._writing():
            self._db.executemany("INSERT OR IGNORE INTO stale_drafts VALUES (?)", [(i,) for i in event_ids])

    def stale_events(self) -> list[str]:
        return [r[0] for r in self._db.execute("SELECT event_id FROM stale_drafts ORDER BY event_id")]

    def clear_stale(self, event_ids: Iterable[str]) -> None:
        with self._writing():
            self._db.executemany("DELETE FROM stale_drafts WHERE event_id = ?", [(i,) for i in event_ids])

    def set_member(self, sha256: str, event_id: str, url: str | None, duplicate_of: str | None,
                   merge: dict) -> None:
        """Record an input as a source of an event; its first place in the event's order is kept."""
        with self._writing():
            self._db.execute(
                "INSERT INTO members VALUES (?, ?, ?, ?, NULL, ?) ON CONFLICT(sha256) DO UPDATE SET "
                "event_id = excluded.event_id, url = excluded.url, duplicate_of = excluded.duplicate_of, "
                "superseded_by = NULL, merge = excluded.merge",
                (sha256, event_id, url, duplicate_of, json.dumps(merge, sort_keys=True)),
            )

    def supersede(self, sha256: str, by: str) -> None:
        """A newer snapshot of the input's URL replaced it in its event (and in what processing
        says it did, if an earlier batch processed it)."""
        with self._writing():
            self._db.execute("UPDATE members SET superseded_by = ? WHERE sha256 = ?", (by, sha256))
            self._db.execute("UPDATE processed SET outcome = 'superseded' WHERE sha256 = ?", (sha256,))

    def narrated_by(self, sha256: str) -> list[tuple[str, str]]:
        """The past events an input narrates that are members of events: (key, event id); their keys
        are `<sha256>#s<sentence>` (pipeline/article_events.py)."""
        rows = self._db.execute("SELECT sha256, event_id FROM members WHERE sha256 LIKE ? AND superseded_by IS NULL",
                                (f"{sha256}#%",))
        return [(r[0], r[1]) for r in rows]

    def event_of(self, sha256: str) -> str | None:
        """The event an input is a source (or copy) of."""
        row = self._db.execute("SELECT event_id FROM members WHERE sha256 = ? AND superseded_by IS NULL",
                               (sha256,)).fetchone()
        return row[0] if row else None

    def superseded_among(self, shas: Iterable[str]) -> dict[str, str]:
        """Those of `shas` a newer snapshot of their URL replaced, with the event they were in."""
        found: dict[str, str] = {}
        shas = list(shas)
        for i in range(0, len(shas), 500):
            part = shas[i : i + 500]
            rows = self._db.execute(
                f"SELECT sha256, event_id FROM members WHERE superseded_by IS NOT NULL AND sha256 IN "
                f"({','.join('?' * len(part))})", part)
            found.update(dict(rows.fetchall()))
        return found

    def members(self, event_id: str) -> list[dict]:
        """An event's inputs in the order they joined: sha256, url, duplicate_of, merge."""
        rows = self._db.execute(
            "SELECT sha256, url, duplicate_of, merge FROM members "
            "WHERE event_id = ? AND superseded_by IS NULL ORDER BY rowid", (event_id,),
        )
        return [{"sha256": r[0], "url": r[1], "duplicate_of": r[2], "merge": json.loads(r[3] or "{}")} for r in rows]

    @staticmethod
    def failure_key(failure: Failure) -> str:
        """What makes a failure new. An input fails once per error; a draft file an analyst broke
        (stage 'draft') or a timeline's event file that cannot be read (stage 'timeline') is named
        by its path, so its problem (line and reason, in the message) is part of the key: a file
        broken again another way is reported again. A notice (one input can have two: its URL and
        its page's canonical link) is named by its message too."""
        parts = [failure.stage, failure.source, failure.sha256 or "", failure.error]
        return "|".join([*parts, failure.message] if failure.stage in ("draft", "timeline") or failure.notice
                        else parts)

    def knows_failure(self, failure: Failure) -> bool:
        row = self._db.execute("SELECT 1 FROM failures WHERE key = ?", (self.failure_key(failure),)).fetchone()
        return row is not None


    def add_failures(self, failures: Iterable[Failure]) -> int:
        """Record failures once each, all or none (one transaction); RETURNS how many were new."""
        added = 0
        with self._writing():
            for failure in failures:
                cur = self._db.execute(
                    "INSERT OR IGNORE INTO failures VALUES (?, ?, ?, ?, ?, ?, ?)",
                    (self.failure_key(failure), failure.stage, failure.source, failure.sha256, failure.error,
                     failure.message, failure.at.isoformat()),
                )
                added += cur.rowcount
        return added

    def failures_size(self) -> int | None:
        """How long failures.jsonl was when the ledger last took its lines (None: not known)."""
        row = self._db.execute("SELECT value FROM meta WHERE key = 'failures_size'").fetchone()
        if row is not None:
            return int(row[0])
        # a ledger from before this was kept: none of its failures, or trust the file as it is
        return 0 if self._db.execute("SELECT 1 FROM failures LIMIT 1").fetchone() is None else None

    def set_failures_size(self, size: int) -> None:
        with self._writing():
            self._db.execute("INSERT OR REPLACE INTO meta VALUES ('failures_size', ?)", (str(size),))

    def failures(self) -> list[dict]:
        cur = self._db.execute("SELECT stage, source, sha256, error, message, at FROM failures")
        return [dict(zip(("stage", "source", "sha256", "error", "message", "at"), r)) for r in cur]


@contextmanager
def open_ledger(extracted_dir: Path) -> Iterator[Ledger]:
    """The ledger of `extracted_dir`, closed when done."""
    ledger = Ledger(extracted_dir)
    try:
        yield ledger
    finally:
        ledger.close()
