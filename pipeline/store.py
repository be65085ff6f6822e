"""All file I/O for records: raw/ (content-addressed), extracted/ (drafts), the ledger, the registry.

Layout:
    raw/objects/ab/<sha256>          the bytes, written once
    raw/objects/ab/<sha256>.json     sidecar: the RawDocument (provenance) as JSON
    extracted/<id>.md                one draft per event (YAML front matter + markdown)
    extracted/<id>.rev-<hash>.md     a re-run's version of a draft an analyst has touched
    extracted/failures.jsonl         every input that did not become a draft, with its reason
    extracted/.ledger.sqlite         what was processed and written; rebuildable from the files

Every write goes to a temporary file in the same folder and is renamed into place, so a killed
run leaves either the old file or the new one, never half of one.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import yaml

from .draft import parse_draft_text, render_draft
from .errors import ConfigError
from .records import Actor, EventDraft, Failure, RawDocument

LEDGER_NAME = ".ledger.sqlite"
_UMASK = os.umask(0)
os.umask(_UMASK)
_FILE_MODE = 0o666 & ~_UMASK
FAILURES_NAME = "failures.jsonl"


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def atomic_write(path: Path, data: bytes) -> None:
    """Write `data` to `path` via a temporary file and a rename (atomic on POSIX)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, _FILE_MODE)  # mkstemp makes 0600 files; drafts are for people to read
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


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
    """Read the actor registry (YAML: a list under `actors:`), safely."""
    if not path.is_file():
        raise ConfigError(f"actor registry not found: {path} (set paths.registry)")
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as err:
        raise ConfigError(f"actor registry {path} is not valid YAML: {err}") from err
    if not isinstance(data, dict):
        raise ConfigError(f"actor registry {path} must be a mapping with a list under 'actors:'")
    try:
        return [Actor.model_validate(item) for item in data.get("actors") or []]
    except ValueError as err:
        raise ConfigError(f"invalid actor registry {path}: {err}") from err


# ------------------------------------------------------------------------------------- ledger


class Ledger:
    """A small SQLite record of what was processed and written; the files stay the truth."""

    def __init__(self, extracted_dir: Path) -> None:
        extracted_dir.mkdir(parents=True, exist_ok=True)
        self.path = extracted_dir / LEDGER_NAME
        self._db = sqlite3.connect(self.path, timeout=30)
        self._db.executescript(
            """
            CREATE TABLE IF NOT EXISTS processed (
                sha256 TEXT PRIMARY KEY, pipeline_version TEXT, outcome TEXT, draft_id TEXT, at TEXT);
            CREATE TABLE IF NOT EXISTS drafts (
                id TEXT PRIMARY KEY, written_sha256 TEXT, at TEXT);
            CREATE TABLE IF NOT EXISTS urls (url TEXT PRIMARY KEY, draft_id TEXT);
            CREATE TABLE IF NOT EXISTS failures (
                key TEXT PRIMARY KEY, stage TEXT, source TEXT, sha256 TEXT, error TEXT,
                message TEXT, at TEXT);
            """
        )

    def close(self) -> None:
        self._db.close()

    def processed_version(self, sha256: str) -> str | None:
        row = self._db.execute(
            "SELECT pipeline_version FROM processed WHERE sha256 = ?", (sha256,)
        ).fetchone()
        return row[0] if row else None

    def draft_id_for(self, sha256: str) -> str | None:
        row = self._db.execute("SELECT draft_id FROM processed WHERE sha256 = ?", (sha256,)).fetchone()
        return row[0] if row else None

    def mark_processed(self, sha256: str, version: str, outcome: str, draft_id: str | None, at: str) -> None:
        with self._db:
            self._db.execute(
                "INSERT OR REPLACE INTO processed VALUES (?, ?, ?, ?, ?)",
                (sha256, version, outcome, draft_id, at),
            )

    def draft_id_for_url(self, url: str) -> str | None:
        row = self._db.execute("SELECT draft_id FROM urls WHERE url = ?", (url,)).fetchone()
        return row[0] if row else None

    def mark_url(self, url: str, draft_id: str) -> None:
        with self._db:
            self._db.execute("INSERT OR REPLACE INTO urls VALUES (?, ?)", (url, draft_id))

    def written_hash(self, draft_id: str) -> str | None:
        row = self._db.execute("SELECT written_sha256 FROM drafts WHERE id = ?", (draft_id,)).fetchone()
        return row[0] if row else None

    def mark_written(self, draft_id: str, written_sha256: str, at: str) -> None:
        with self._db:
            self._db.execute(
                "INSERT OR REPLACE INTO drafts VALUES (?, ?, ?)", (draft_id, written_sha256, at)
            )

    @staticmethod
    def failure_key(failure: Failure) -> str:
        return "|".join([failure.stage, failure.source, failure.sha256 or "", failure.error])

    def knows_failure(self, failure: Failure) -> bool:
        row = self._db.execute("SELECT 1 FROM failures WHERE key = ?", (self.failure_key(failure),)).fetchone()
        return row is not None

    def add_failure(self, failure: Failure) -> bool:
        """Record a failure once; RETURNS True when it was not known before."""
        with self._db:
            cur = self._db.execute(
                "INSERT OR IGNORE INTO failures VALUES (?, ?, ?, ?, ?, ?, ?)",
                (self.failure_key(failure), failure.stage, failure.source, failure.sha256, failure.error,
                 failure.message, failure.at.isoformat()),
            )
        return cur.rowcount > 0

    def failures(self) -> list[dict]:
        cur = self._db.execute("SELECT stage, source, sha256, error, message, at FROM failures")
        return [dict(zip(("stage", "source", "sha256", "error", "message", "at"), r)) for r in cur]


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
    new: list[Failure] = []
    seen: set[str] = set()
    for failure in failures:
        key = Ledger.failure_key(failure)
        if key not in seen and not ledger.knows_failure(failure):
            seen.add(key)
            new.append(failure)
    if new:  # the file first: a failure the ledger knows must be in failures.jsonl
        extracted_dir.mkdir(parents=True, exist_ok=True)
        lines = "".join(f.model_dump_json() + "\n" for f in new)
        fd = os.open(extracted_dir / FAILURES_NAME, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
        try:
            os.write(fd, lines.encode())
        finally:
            os.close(fd)
    for failure in new:
        ledger.add_failure(failure)
    return len(new)


# ------------------------------------------------------------------------------------- drafts


@dataclass(frozen=True)
class WriteOutcome:
    """What writing one draft did: created, updated, unchanged, or revision (analyst's kept)."""

    draft_id: str
    action: str
    path: Path


def draft_path(extracted_dir: Path, draft_id: str) -> Path:
    return extracted_dir / f"{draft_id}.md"


def write_draft(extracted_dir: Path, draft_id: str, content: str, ledger: Ledger, at: str) -> WriteOutcome:
    """Write a rendered draft without ever overwriting an analyst's edits.

    A file we wrote and nobody changed since is replaced; a file that differs from what we last
    wrote (or that the ledger does not know) is an analyst's, and the new version goes beside it
    as `<id>.rev-<hash>.md`. Identical content writes nothing, so re-runs create no files.
    """
    data = content.encode("utf-8")
    new_hash = sha256_bytes(data)
    path = draft_path(extracted_dir, draft_id)
    if not path.exists():
        atomic_write(path, data)
        ledger.mark_written(draft_id, new_hash, at)
        return WriteOutcome(draft_id, "created", path)
    current_hash = sha256_bytes(path.read_bytes())
    if current_hash == new_hash:
        if ledger.written_hash(draft_id) is None:
            ledger.mark_written(draft_id, new_hash, at)
        return WriteOutcome(draft_id, "unchanged", path)
    if ledger.written_hash(draft_id) == current_hash:
        atomic_write(path, data)
        ledger.mark_written(draft_id, new_hash, at)
        return WriteOutcome(draft_id, "updated", path)
    revision = extracted_dir / f"{draft_id}.rev-{new_hash[:10]}.md"
    if revision.exists():
        return WriteOutcome(draft_id, "unchanged", revision)
    atomic_write(revision, data)
    return WriteOutcome(draft_id, "revision", revision)


def _front_matter(path: Path) -> dict:
    """A draft file's front matter, or {} when the file is missing or not a valid draft."""
    try:
        front, _ = parse_draft_text(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return front


def draft_inputs(path: Path) -> list[str]:
    """The input hashes recorded in a draft file's provenance ([] if unreadable)."""
    prov = _front_matter(path).get("provenance") or {}
    return list(prov.get("inputs") or [])


def allocate_draft_id(extracted_dir: Path, draft: EventDraft, ledger: Ledger) -> str:
    """A stable, unique id: the id this input (or an earlier snapshot of the same URL) had before,
    as long as that file is gone or still holds this input; else the base id, else base-2, -3, ...

    A file that holds another input is never taken over, so an id freed by deleting a draft and
    reused by another article does not get overwritten when the first article comes back.
    """
    inputs = set(draft.provenance.inputs)
    for sha in sorted(inputs):
        draft_id = ledger.draft_id_for(sha)
        if draft_id:
            path = draft_path(extracted_dir, draft_id)
            if not path.exists() or inputs & set(draft_inputs(path)):
                return draft_id
    url = draft.sources[0].url if draft.sources else None
    draft_id = ledger.draft_id_for_url(url) if url else None
    if draft_id:
        path = draft_path(extracted_dir, draft_id)
        if not path.exists() or _cites(path, url):
            return draft_id
    n = 1
    while True:
        candidate = draft.id if n == 1 else f"{draft.id}-{n}"
        path = draft_path(extracted_dir, candidate)
        if not path.exists() or inputs & set(draft_inputs(path)):
            return candidate
        n += 1


def _cites(path: Path, url: str | None) -> bool:
    """Does the draft file at `path` cite `url` as its source (a new snapshot of the same page)?"""
    return any(isinstance(s, dict) and s.get("url") == url for s in _front_matter(path).get("sources") or [])


def save_drafts(
    drafts: Iterable[EventDraft], *, extracted_dir: Path, ledger: Ledger, key_quote_min_words: int, at: str
) -> list[WriteOutcome]:
    """Give each draft its stable id, write it (never over an analyst's edits), mark it processed."""
    outcomes = []
    for draft in drafts:
        draft_id = allocate_draft_id(extracted_dir, draft, ledger)
        if draft_id != draft.id:
            draft = draft.model_copy(update={"id": draft_id})
        outcome = write_draft(
            extracted_dir, draft_id, render_draft(draft, key_quote_min_words=key_quote_min_words), ledger, at
        )
        for sha in draft.provenance.inputs:
            ledger.mark_processed(sha, draft.provenance.pipeline_version, outcome.action, draft_id, at)
        if draft.sources and draft.sources[0].url:
            ledger.mark_url(draft.sources[0].url, draft_id)
        outcomes.append(outcome)
    return outcomes


def unprocessed_documents(raw_dir: Path, ledger: Ledger, version: str, *, only: set[str] | None = None) -> list[RawDocument]:
    """Stored documents not yet processed by this pipeline version (optionally among `only`)."""
    return [
        raw
        for raw in iter_raw_documents(raw_dir)
        if (only is None or raw.sha256 in only) and ledger.processed_version(raw.sha256) != version
    ]
