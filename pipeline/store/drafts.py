"""extracted/<id>.md: one draft per event, never written over an analyst's edits.

    extracted/<id>.md                one draft per event (YAML front matter + markdown)
    extracted/<id>.rev-<hash>.md     a run's version of a draft an analyst has touched
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from .files import atomic_write, file_lock, sha256_bytes
from .ledger import Ledger

DRAFT_LOCK_NAME = ".review.lock"
WRITERS = 8  # drafts written at the same time (their fsyncs overlap)


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
    """Write one rendered draft without ever overwriting an analyst's edits (see `write_drafts`)."""
    return write_drafts(extracted_dir, [(draft_id, content)], ledger, at, problem_of=problem_of)[0]


def write_drafts(extracted_dir: Path, drafts: Sequence[tuple[str, str]], ledger: Ledger, at: str, *,
                 problem_of: Callable[[bytes], object | None] = lambda data: None) -> list[WriteOutcome]:
    """Write rendered drafts (id, content) without ever overwriting an analyst's edits.

    A file we wrote and nobody changed since is replaced; a file that differs from what we last
    wrote (or that the ledger does not know) is an analyst's, and the new version goes beside it
    as `<id>.rev-<hash>.md`. Identical content writes nothing, so re-runs create no files. The
    checks and the writes hold `draft_lock`, as review's saves do. `problem_of` says what is
    wrong with an analyst's file, if anything (draft.draft_problem), for the outcome to report.

    The files are written WRITERS at a time (each write waits for its fsync, and fsyncs of
    different files overlap: 300 small files took 1.2 s one by one and 0.1 s eight at a time
    here); the ledger learns of each file written, in order, once the writes are done, and a
    failed write (a full disk) is raised after the ones that went through are recorded.
    """
    with draft_lock(extracted_dir):
        plans = [_plan(extracted_dir, draft_id, content, ledger, problem_of) for draft_id, content in drafts]
        writes = [p for p in plans if p.data is not None]
        failed: dict[int, BaseException] = {}
        if len(writes) == 1:
            try:
                atomic_write(writes[0].path, writes[0].data)  # type: ignore[arg-type]
            except BaseException as err:  # noqa: BLE001 - raised below, after the ledger is told
                failed[id(writes[0])] = err
        elif writes:
            with ThreadPoolExecutor(min(WRITERS, len(writes))) as pool:
                futures = [(p, pool.submit(atomic_write, p.path, p.data)) for p in writes]
            for plan, future in futures:
                if future.exception() is not None:
                    failed[id(plan)] = future.exception()  # type: ignore[assignment]
        for plan in plans:
            if plan.mark and id(plan) not in failed:
                ledger.mark_written(plan.outcome.draft_id, plan.new_hash, at)
        if failed:
            raise next(iter(failed.values()))
        return [plan.outcome for plan in plans]


@dataclass(frozen=True)
class _Plan:
    """What writing one draft will do: its outcome, the bytes to write (None: nothing), and
    whether the ledger records the new version as ours."""

    outcome: WriteOutcome
    data: bytes | None
    new_hash: str
    mark: bool

    @property
    def path(self) -> Path:
        return self.outcome.path


def _plan(extracted_dir: Path, draft_id: str, content: str, ledger: Ledger,
          problem_of: Callable[[bytes], object | None]) -> _Plan:
    data = content.encode("utf-8")
    new_hash = sha256_bytes(data)
    path = draft_path(extracted_dir, draft_id)
    if not path.exists():
        return _Plan(WriteOutcome(draft_id, "created", path), data, new_hash, mark=True)
    current = path.read_bytes()
    current_hash = sha256_bytes(current)
    written = ledger.written_hash(draft_id)
    if current_hash == new_hash:  # (a kill after the write and before the ledger heard of it: now it does)
        return _Plan(WriteOutcome(draft_id, "unchanged", path), None, new_hash, mark=written != new_hash)
    if written == current_hash:
        return _Plan(WriteOutcome(draft_id, "updated", path), data, new_hash, mark=True)
    revision = extracted_dir / f"{draft_id}.rev-{new_hash[:10]}.md"
    problem = problem_of(current)
    reason = f"{path}: {problem}" if problem else None
    if revision.exists():
        return _Plan(WriteOutcome(draft_id, "unchanged", revision, reason), None, new_hash, mark=False)
    return _Plan(WriteOutcome(draft_id, "revision", revision, reason), data, new_hash, mark=False)


def allocate_event_id(extracted_dir: Path, base: str, taken: set[str]) -> str:
    """A new event's id: `base`, else base-2, base-3 ..., never one in use by a file or the ledger."""
    n = 1
    while True:
        candidate = base if n == 1 else f"{base}-{n}"
        if candidate not in taken and not draft_path(extracted_dir, candidate).exists():
            return candidate
        n += 1
