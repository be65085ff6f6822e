"""extracted/failures.jsonl: every input that did not become a draft (and every notice), once.

Each failure is written once: the ledger keeps the file's length as of its last commit, so lines a
killed run appended without committing are taken up by the next run instead of being written
again, and a line cut short by the kill is replaced by a whole one.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from ..errors import StorageError
from ..records import Failure
from .files import append_whole, file_lock, storage_error
from .ledger import Ledger

FAILURES_NAME = "failures.jsonl"
FAILURES_LOCK_NAME = ".failures.lock"


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
    end = append_whole(path, data)
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
