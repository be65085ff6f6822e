"""extracted/<id>.md: one draft per event, never written over an analyst's edits.

    extracted/<id>.md                one draft per event (YAML front matter + markdown)
    extracted/<id>.rev-<hash>.md     a run's version of a draft an analyst has touched
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from .files import atomic_write, file_lock, sha256_bytes
from .ledger import Ledger

DRAFT_LOCK_NAME = ".review.lock"


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


@contextmanager
def draft_lock(extracted_dir: Path) -> Iterator[None]:
    """One writer of drafts at a time: a run's write and an analyst's save (two tabs, a tab and
    the CLI, the page and a scheduled run) each read a draft, decide, and replace it; without
    this an accept made between a run's check and its rename was put back to `status: draft`."""
    with file_lock(extracted_dir / DRAFT_LOCK_NAME):
        yield


def write_draft(extracted_dir: Path, draft_id: str, content: str, ledger: Ledger, at: str, *,
                problem_of: Callable[[bytes], object | None] = lambda data: None) -> WriteOutcome:
    """Write a rendered draft without ever overwriting an analyst's edits.

    A file we wrote and nobody changed since is replaced; a file that differs from what we last
    wrote (or that the ledger does not know) is an analyst's, and the new version goes beside it
    as `<id>.rev-<hash>.md`. Identical content writes nothing, so re-runs create no files. The
    check and the write hold `draft_lock`, as review's saves do. `problem_of` says what is wrong
    with an analyst's file, if anything (draft.draft_problem), for the outcome to report.
    """
    with draft_lock(extracted_dir):
        return _write(extracted_dir, draft_id, content, ledger, at, problem_of)


def _write(extracted_dir: Path, draft_id: str, content: str, ledger: Ledger, at: str,
           problem_of: Callable[[bytes], object | None]) -> WriteOutcome:
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
    problem = problem_of(current)
    reason = f"{path}: {problem}" if problem else None
    if revision.exists():
        return WriteOutcome(draft_id, "unchanged", revision, reason)
    atomic_write(revision, data)
    return WriteOutcome(draft_id, "revision", revision, reason)


def allocate_event_id(extracted_dir: Path, base: str, taken: set[str]) -> str:
    """A new event's id: `base`, else base-2, base-3 ..., never one in use by a file or the ledger."""
    n = 1
    while True:
        candidate = base if n == 1 else f"{base}-{n}"
        if candidate not in taken and not draft_path(extracted_dir, candidate).exists():
            return candidate
        n += 1
