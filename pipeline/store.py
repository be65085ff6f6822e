"""All file I/O for records: raw/ (content-addressed), extracted/ (drafts), the ledger, the registry.

Layout:
    raw/objects/ab/<sha256>          the bytes, written once
    raw/objects/ab/<sha256>.json     sidecar: the RawDocument (provenance) as JSON
    extracted/<id>.md                one draft per event (YAML front matter + markdown)
    extracted/<id>.rev-<hash>.md     a re-run's version of a draft an analyst has touched
    extracted/failures.jsonl         every input that did not become a draft, with its reason
    extracted/.ledger.sqlite         what was processed and written, events and their sources
    extracted/.analyses/ab/<sha256>.json.gz
                                     each article's analysis, so an event's draft can be rebuilt
                                     when another source joins it

Every write goes to a temporary file in the same folder and is renamed into place, so a killed
run leaves either the old file or the new one, never half of one. A temporary file a killed
process left behind (its name holds the writer's pid) is removed by the next run. A write that
fails (no space left, read-only file system) raises StorageError naming the file and the cause,
and leaves nothing half-written behind.
"""

from __future__ import annotations

import errno
import gzip
import hashlib
import json
import os
import re
import sqlite3
import tempfile
import time
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

from pydantic import ValidationError

from . import safe_yaml
from .errors import ConfigError, RunInProgress, StorageError
from .cluster import EventSignature
from .draft import draft_problem
from .names import normalize_name
from .records import Actor, Analysis, EventDraft, Failure, RawDocument, utcnow

LEDGER_NAME = ".ledger.sqlite"
TEMP_SUFFIX = ".tmp"
_UMASK = os.umask(0)
os.umask(_UMASK)
_FILE_MODE = 0o666 & ~_UMASK
FAILURES_NAME = "failures.jsonl"
FAILURES_LOCK_NAME = ".failures.lock"
ANALYSES_DIR = ".analyses"
UNDATED_CANDIDATES = 200  # events per actor an article without a date is compared with


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def storage_error(path: Path, err: BaseException) -> StorageError:
    """The error for a file of ours that cannot be written: its path and the cause, in one line
    ("cannot write extracted/x.md: No space left on device")."""
    cause = err.strerror if isinstance(err, OSError) and err.strerror else str(err)
    folder = path if path.is_dir() else path.parent
    while not folder.exists() and folder != folder.parent:
        folder = folder.parent
    try:  # SQLite says "unable to open database file" where the real cause is a read-only mount
        if os.statvfs(folder).f_flag & os.ST_RDONLY:
            cause = os.strerror(errno.EROFS)
    except OSError:
        pass
    return StorageError(f"cannot write {path}: {cause}")


def atomic_write(path: Path, data: bytes, *, mode: int = _FILE_MODE) -> None:
    """Write `data` to `path` via a temporary file and a rename (atomic on POSIX); the file has
    `mode` before it gets its name (0600 for secrets: never readable by others, even briefly).

    RAISES StorageError when the file cannot be written; the temporary file is removed then.
    """
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.{os.getpid()}.", suffix=TEMP_SUFFIX)
    except OSError as err:
        raise storage_error(path, err) from err
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, mode)  # mkstemp makes 0600 files; drafts are for people to read
        os.replace(tmp, path)
    except BaseException as err:
        with suppress(OSError):
            Path(tmp).unlink(missing_ok=True)
        if isinstance(err, OSError):
            raise storage_error(path, err) from err
        raise


# atomic_write's temporary files: ".<name>.<pid>.<mkstemp's 8 characters>.tmp"
_TEMP_NAME = re.compile(r"^\..+\.(?P<pid>\d+)\.[a-z0-9_]{8}" + re.escape(TEMP_SUFFIX) + "$")


def _writer_is_gone(temp: Path) -> bool:
    """Whether `temp` is a temporary file of atomic_write's whose process has ended."""
    match = _TEMP_NAME.match(temp.name)
    if match is None:
        return False  # not ours
    pid = int(match["pid"])
    if pid == os.getpid():
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except PermissionError:  # alive, another user's
        return False
    return False


def remove_stale_temp_files(folder: Path) -> int:
    """Remove the temporary files that killed runs left under `folder` (their writer is gone;
    a live process's are kept). RETURNS how many were removed."""
    removed = 0
    if not folder.is_dir():
        return 0
    for temp in folder.rglob(f".*{TEMP_SUFFIX}"):
        if temp.is_file() and _writer_is_gone(temp):
            try:
                temp.unlink()
                removed += 1
            except FileNotFoundError:
                pass
            except OSError as err:
                raise storage_error(temp, err) from err
    return removed


# ---------------------------------------------------------------------------------------- raw/


def raw_object_path(raw_dir: Path, sha256: str) -> Path:
    return raw_dir / "objects" / sha256[:2] / sha256


def store_raw(raw_dir: Path, data: bytes, **provenance: object) -> RawDocument:
    """Store bytes under their sha256 with a provenance sidecar; the same bytes are stored once.

    provenance: the RawDocument fields other than sha256, path and size.
    RETURNS (RawDocument): the stored document; for bytes seen before, the first provenance.
    """
    sha = sha256_bytes(data)
    obj = raw_object_path(raw_dir, sha)
    sidecar = obj.with_name(obj.name + ".json")
    if sidecar.is_file() and obj.is_file():
        return RawDocument.model_validate_json(sidecar.read_bytes())
    raw = RawDocument(
        sha256=sha, path=str(obj.relative_to(raw_dir)), size=len(data), **provenance  # type: ignore[arg-type]
    )
    if not obj.is_file():
        atomic_write(obj, data)
    atomic_write(sidecar, raw.model_dump_json(indent=2).encode())
    return raw


def read_raw(raw_dir: Path, raw: RawDocument) -> bytes:
    return (raw_dir / raw.path).read_bytes()


def iter_raw_documents(raw_dir: Path) -> Iterator[RawDocument]:
    """Every stored RawDocument, in a stable order (by sha256)."""
    objects = raw_dir / "objects"
    if not objects.is_dir():
        return
    for sidecar in sorted(objects.glob("*/*.json")):
        yield RawDocument.model_validate_json(sidecar.read_bytes())


def load_raw_document(raw_dir: Path, sha256: str) -> RawDocument:
    sidecar = raw_object_path(raw_dir, sha256).with_suffix(".json")
    return RawDocument.model_validate_json(sidecar.read_bytes())


# ------------------------------------------------------------------------------------- registry


def load_registry(path: Path) -> list[Actor]:
    """Read the actor registry (YAML: a list under `actors:`), safely (no aliases, see safe_yaml).
    Every problem, YAML or `registry_problem`, is a ConfigError of one line naming file and line."""
    if not path.is_file():
        raise ConfigError(f"actor registry not found: {path} (set paths.registry)")
    try:
        data, root = safe_yaml.load_node(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError as err:
        raise ConfigError(f"actor registry {path}: not UTF-8 text ({err.reason} at byte {err.start})") from err
    except safe_yaml.YAMLError as err:
        where = safe_yaml.problem(err)
        raise ConfigError(f"actor registry {path}{_at_line(where.line)}: cannot be read: {where.message}") from err
    data = {} if data is None else data
    if not isinstance(data, dict) or not isinstance(data.get("actors") or [], list):
        raise ConfigError(f"actor registry {path} must be a mapping with a list under 'actors:'")
    items = data.get("actors") or []
    nodes = safe_yaml.node_at(root, ["actors"]).value if items else []
    assert len(nodes) == len(items)  # one node per item: aliases and merge keys are refused

    def line(index: int, loc: Sequence[object] = ()) -> int:
        return safe_yaml.node_at(nodes[index], loc).start_mark.line + 1

    actors: list[Actor] = []
    for i, item in enumerate(items):
        try:
            actors.append(Actor.model_validate(item))
        except ValidationError as err:
            first = err.errors()[0]
            where = ".".join(map(str, first["loc"])) or "the entry"
            raise ConfigError(f"actor registry {path}, line {line(i, first['loc'])}: {where}: {first['msg']}") from err
    problem = registry_problem(actors)
    if problem is not None:
        also = (f" (at line {line(problem.first)}; names are compared without case, accents or punctuation)"
                if problem.first is not None else "")
        raise ConfigError(f"actor registry {path}, line {line(problem.index, problem.loc)}: {problem.message}{also}")
    return actors


class RegistryProblem(NamedTuple):
    """What is wrong with a registry: the actor (its index), where in it (("aliases", 2); () for
    the whole entry), what, and for a name taken twice the actor that had it first."""

    index: int
    loc: tuple[str | int, ...]
    message: str
    first: int | None = None


def registry_problem(actors: Sequence[Actor]) -> RegistryProblem | None:
    """The first thing the resolver cannot use: an empty or blank name, alias or acronym (it would
    match nothing, or whatever a tokenizer splits off), or a name two actors have as the resolver
    compares names (`registry_name_key`), which makes the name ambiguous: neither would match it."""
    named: dict[str, int] = {}
    for i, actor in enumerate(actors):
        if not actor.name.strip():
            return RegistryProblem(i, ("name",), "the name is empty")
        for field in ("aliases", "acronyms"):
            for j, value in enumerate(getattr(actor, field)):
                if not value.strip():
                    return RegistryProblem(i, (field, j), f"{field}[{j}] of {actor.name!r} is empty")
        first = named.setdefault(registry_name_key(actor.name), i)
        if first != i:
            return RegistryProblem(i, (), f"{actor.name!r} is the name of another actor too", first)
    return None


def registry_name_key(name: str) -> str:
    """What makes two actors' names the same: the resolver's key for a name (pipeline/names.py)."""
    return normalize_name(name) or name.strip()


def _at_line(line: int | None) -> str:
    return f", line {line}" if line else ""


# ------------------------------------------------------------------------------------- ledger


_SQLITE_STORAGE_FAILURES = ("full", "readonly", "read-only", "disk i/o", "unable to open")


def _is_storage_failure(err: sqlite3.OperationalError) -> bool:
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
            if _is_storage_failure(err):
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
            if _is_storage_failure(err):
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
        return {row[0] for row in self._db.execute("SELECT id FROM events")}

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
        first = event.dates[0].isoformat() if event.dates else None
        last = event.dates[-1].isoformat() if event.dates else None
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

    def add_failure(self, failure: Failure) -> bool:
        """Record a failure once; RETURNS True when it was not known before."""
        return self.add_failures([failure]) > 0

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


RUN_LOCK_NAME = ".run.lock"


@contextmanager
def run_lock(extracted_dir: Path, *also_clean: Path) -> Iterator[None]:
    """Hold extracted/ for one run: a second run on the same folder (a scheduled run overlapping
    a manual one, say) raises RunInProgress naming the holder instead of interleaving its
    clustering and drafts with this one's. The lock is the kernel's (flock): it goes with the
    process, so a killed run leaves nothing to clean up but the temporary files of the writes
    it was killed in, which are removed here (in extracted/ and the folders in `also_clean`,
    raw/ say). RAISES StorageError when extracted/ cannot be written."""
    import fcntl

    path = extracted_dir / RUN_LOCK_NAME
    try:
        extracted_dir.mkdir(parents=True, exist_ok=True)
        fh = open(path, "a+", encoding="utf-8")
    except OSError as err:
        raise storage_error(path, err) from err
    with fh:
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            fh.seek(0)
            holder = fh.read().strip() or "another process"
            raise RunInProgress(f"another run is using {extracted_dir} ({holder}); "
                                "wait for it to end, then run again") from None
        note = f"pid {os.getpid()} since {utcnow().isoformat(timespec='seconds')}\n"
        try:  # unbuffered, so a full disk fails here and not again when the file is closed
            os.ftruncate(fh.fileno(), 0)
            os.write(fh.fileno(), note.encode())
        except OSError as err:
            raise storage_error(path, err) from err
        try:
            for folder in (extracted_dir, *also_clean):
                remove_stale_temp_files(folder)
            yield
        finally:
            os.ftruncate(fh.fileno(), 0)
            fcntl.flock(fh, fcntl.LOCK_UN)


@contextmanager
def file_lock(path: Path) -> Iterator[None]:
    """Wait for and hold an exclusive kernel lock (flock) on `path`: one writer at a time among
    processes that take it; it goes with the process if it is killed."""
    import fcntl

    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fh = open(path, "a")
    except OSError as err:
        raise storage_error(path, err) from err
    with fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


@contextmanager
def open_ledger(extracted_dir: Path) -> Iterator[Ledger]:
    ledger = Ledger(extracted_dir)
    try:
        yield ledger
    finally:
        ledger.close()


def record_failures(extracted_dir: Path, failures: Iterable[Failure], ledger: Ledger) -> int:
    """Append new failures to extracted/failures.jsonl (and the ledger); known ones are skipped.

    RETURNS (int): how many were new.
    """
    failures = list(failures)
    if not failures:
        return 0
    # Collecting records its failures outside the run lock (a feed run beside a process run):
    # one writer at a time, so a line being appended is never taken for a killed run's.
    with file_lock(extracted_dir / FAILURES_LOCK_NAME):
        return _record_new(extracted_dir / FAILURES_NAME, failures, ledger)


def _record_new(path: Path, failures: list[Failure], ledger: Ledger) -> int:
    _catch_up(path, ledger)
    new: list[Failure] = []
    seen: set[str] = set()
    for failure in failures:
        key = Ledger.failure_key(failure)
        if key not in seen and not ledger.knows_failure(failure):
            seen.add(key)
            new.append(failure)
    if not new:
        return 0
    # The file first: a failure the ledger knows must be in failures.jsonl. When the ledger
    # cannot take them (disk full), the lines go again, so a re-run does not write them twice.
    data = "".join(f.model_dump_json() + "\n" for f in new).encode()
    end = _append(path, data)
    try:
        with ledger.transaction():
            ledger.add_failures(new)
            ledger.set_failures_size(end + len(data))
    except StorageError:
        with open(path, "r+b") as fh:
            fh.truncate(end)
        raise
    return len(new)


def _catch_up(path: Path, ledger: Ledger) -> None:
    """Give the ledger the lines of failures.jsonl it has not taken: those a run killed between
    appending them and committing them left (without this they would be written again). A line
    cut short by the kill is removed; its failure is recorded again whole."""
    size = path.stat().st_size if path.exists() else 0
    known = ledger.failures_size()
    if known is None or known > size:  # an older ledger, or a file shortened by hand: take it as it is
        ledger.set_failures_size(size)
        return
    if known == size:
        return
    with open(path, "rb") as fh:
        fh.seek(known)
        tail = fh.read(size - known)
    whole = tail[: tail.rfind(b"\n") + 1]
    failures = []
    for line in whole.splitlines():
        try:
            failures.append(Failure.model_validate_json(line))
        except ValueError:
            continue  # not one of ours: left in the file, not in the ledger
    with ledger.transaction():
        ledger.add_failures(failures)
        ledger.set_failures_size(known + len(whole))
    if len(whole) < len(tail):
        try:
            with open(path, "r+b") as fh:
                fh.truncate(known + len(whole))
        except OSError as err:
            raise storage_error(path, err) from err


def _append(path: Path, data: bytes) -> int:
    """Append `data` to `path` whole or not at all (a full disk can take part of a write, which
    would leave half a line); RETURNS the file's size before. RAISES StorageError."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
    except OSError as err:
        raise storage_error(path, err) from err
    try:
        end = os.fstat(fd).st_size
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view):]
        except OSError as err:
            os.ftruncate(fd, end)
            raise storage_error(path, err) from err
        return end
    finally:
        os.close(fd)


# ----------------------------------------------------------------------------------- analyses


def analysis_path(extracted_dir: Path, sha256: str) -> Path:
    return extracted_dir / ANALYSES_DIR / sha256[:2] / f"{sha256}.json.gz"


def save_analysis(extracted_dir: Path, analysis: Analysis) -> None:
    """Keep an article's analysis, so its event's draft can be rebuilt without parsing it again."""
    data = gzip.compress(analysis.model_dump_json().encode("utf-8"), compresslevel=1, mtime=0)
    atomic_write(analysis_path(extracted_dir, analysis.article.raw_sha256), data)


def load_analysis(extracted_dir: Path, sha256: str) -> Analysis | None:
    """The stored analysis of an input, or None when it is missing or unreadable."""
    try:
        return Analysis.model_validate_json(gzip.decompress(analysis_path(extracted_dir, sha256).read_bytes()))
    except (OSError, EOFError, ValueError):
        return None


def allocate_event_id(extracted_dir: Path, base: str, taken: set[str]) -> str:
    """A new event's id: `base`, else base-2, base-3 ..., never one in use by a file or the ledger."""
    n = 1
    while True:
        candidate = base if n == 1 else f"{base}-{n}"
        if candidate not in taken and not draft_path(extracted_dir, candidate).exists():
            return candidate
        n += 1


# ------------------------------------------------------------------------------------- drafts


@dataclass(frozen=True)
class WriteOutcome:
    """What writing one draft did: created, updated, unchanged, or revision (analyst's kept).
    `problem` says why the analyst's file, kept as it is, is not a valid draft."""

    draft_id: str
    action: str
    path: Path
    problem: str | None = None


def draft_path(extracted_dir: Path, draft_id: str) -> Path:
    return extracted_dir / f"{draft_id}.md"


DRAFT_LOCK_NAME = ".review.lock"


@contextmanager
def draft_lock(extracted_dir: Path) -> Iterator[None]:
    """One writer of drafts at a time: a run's write and an analyst's save (two tabs, a tab and
    the CLI, the page and a scheduled run) each read a draft, decide, and replace it; without
    this an accept made between a run's check and its rename was put back to `status: draft`."""
    with file_lock(extracted_dir / DRAFT_LOCK_NAME):
        yield


def write_draft(extracted_dir: Path, draft_id: str, content: str, ledger: Ledger, at: str) -> WriteOutcome:
    """Write a rendered draft without ever overwriting an analyst's edits.

    A file we wrote and nobody changed since is replaced; a file that differs from what we last
    wrote (or that the ledger does not know) is an analyst's, and the new version goes beside it
    as `<id>.rev-<hash>.md`. Identical content writes nothing, so re-runs create no files. The
    check and the write hold `draft_lock`, as review's saves do.
    """
    with draft_lock(extracted_dir):
        return _write_draft(extracted_dir, draft_id, content, ledger, at)


def _write_draft(extracted_dir: Path, draft_id: str, content: str, ledger: Ledger, at: str) -> WriteOutcome:
    data = content.encode("utf-8")
    new_hash = sha256_bytes(data)
    path = draft_path(extracted_dir, draft_id)
    if not path.exists():
        atomic_write(path, data)
        ledger.mark_written(draft_id, new_hash, at)
        return WriteOutcome(draft_id, "created", path)
    current = path.read_bytes()
    current_hash = sha256_bytes(current)
    if current_hash == new_hash:
        if ledger.written_hash(draft_id) is None:
            ledger.mark_written(draft_id, new_hash, at)
        return WriteOutcome(draft_id, "unchanged", path)
    if ledger.written_hash(draft_id) == current_hash:
        atomic_write(path, data)
        ledger.mark_written(draft_id, new_hash, at)
        return WriteOutcome(draft_id, "updated", path)
    revision = extracted_dir / f"{draft_id}.rev-{new_hash[:10]}.md"
    problem = draft_problem(current)
    reason = f"{path}: {problem}" if problem else None
    if revision.exists():
        return WriteOutcome(draft_id, "unchanged", revision, reason)
    atomic_write(revision, data)
    return WriteOutcome(draft_id, "revision", revision, reason)


def unprocessed_documents(raw_dir: Path, ledger: Ledger, version: str, *, only: set[str] | None = None) -> list[RawDocument]:
    """Stored documents not yet processed by this pipeline version (optionally among `only`)."""
    return [
        raw
        for raw in iter_raw_documents(raw_dir)
        if (only is None or raw.sha256 in only) and ledger.processed_version(raw.sha256) != version
    ]
