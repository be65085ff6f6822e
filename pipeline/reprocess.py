"""Reprocess an archived dump (WARC, JSONL, a folder) of any size, in constant memory, resumably.

The dump is read as a stream: each record is stored in raw/ (bytes seen before are not written
again) and gathered into batches of `flows.task_batch`; a batch is analysed and saved before the
next is read, so memory does not grow with the dump. Records this pipeline version has already
processed are skipped, so a killed run started again goes on where it stopped; batches are formed
in the dump's order from what is still to do, so the resumed run ends with the drafts an
uninterrupted one gives. When the pipeline version changes, everything is done again and drafts
are rebuilt; a draft an analyst has touched gets a new revision beside it instead.
"""

from __future__ import annotations

import gzip
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from warcio.archiveiterator import ArchiveIterator

from . import __version__
from .batches import BatchReport, run_batches
from .collect import JSONL_SUFFIXES, WARC_SUFFIXES, iter_local, readable_files
from .records import Failure, RawDocument, utcnow
from .settings import Settings
from .store import open_ledger, record_failures, run_lock
from .workers import local_executor

if TYPE_CHECKING:
    from concurrent.futures import ProcessPoolExecutor

    from spacy.language import Language

    from .resolve import ActorIndex


@dataclass
class Progress:
    """Where a reprocess run is: records read of the dump's total, and what became of them."""

    total: int
    read: int = 0
    skipped: int = 0
    processed: int = 0
    failed: int = 0


def count_records(source: Path) -> int:
    """How many records the dump holds (a quick pass without the payloads), for the progress bar."""
    if source.is_dir():
        return sum(count_records(p) if p.name.lower().endswith(JSONL_SUFFIXES + WARC_SUFFIXES) else 1
                   for p in readable_files(source))
    name = source.name.lower()
    try:
        if name.endswith(JSONL_SUFFIXES):
            opener = gzip.open if name.endswith(".gz") else open
            with opener(source, "rt", encoding="utf-8", errors="replace") as fh:  # type: ignore[operator]
                return sum(1 for line in fh if line.strip())
        if name.endswith(WARC_SUFFIXES):
            with source.open("rb") as fh:
                return sum(1 for r in ArchiveIterator(fh) if r.rec_type == "response")
    except Exception:  # noqa: BLE001 - a broken dump is reported by the real pass, with its reason
        return 0
    return 1


def pending_batches(
    source: Path, *, settings: Settings, progress: Progress, on_failures: Callable[[list[Failure]], None],
) -> Iterator[list[RawDocument]]:
    """Batches of the dump's records that this pipeline version has not processed, in dump order.

    Records are stored in raw/ as they are read; failures (broken records) go to `on_failures`.
    """
    batch: list[RawDocument] = []
    in_batch: set[str] = set()
    failures: list[Failure] = []
    with open_ledger(settings.paths.extracted) as ledger:
        for item in iter_local(source, cfg=settings.collect, raw_dir=settings.paths.raw):
            progress.read += 1
            if isinstance(item, Failure):
                progress.failed += not item.notice  # a notice's record follows its input
                failures.append(item)
                continue
            if item.sha256 in in_batch or ledger.processed_version(item.sha256) == __version__:
                progress.skipped += 1
                continue
            batch.append(item)
            in_batch.add(item.sha256)
            if len(batch) >= settings.flows.task_batch:
                if failures:
                    on_failures(failures)
                    failures = []
                yield batch
                batch, in_batch = [], set()
        if failures:
            on_failures(failures)
        if batch:
            yield batch


def record_dump_failures(failures: list[Failure], *, settings: Settings) -> None:
    """Broken records of a dump: into extracted/failures.jsonl (once each)."""
    with open_ledger(settings.paths.extracted) as ledger:
        record_failures(settings.paths.extracted, failures, ledger)
        at = utcnow().isoformat()
        for failure in failures:
            if failure.sha256 and not failure.notice:
                ledger.mark_processed(failure.sha256, __version__, f"failed: {failure.error}", None, at)


def reprocess_dump(
    source: Path, *, settings: Settings, nlp: "Language | None" = None, index: "ActorIndex | None" = None,
    pool: "ProcessPoolExecutor | None" = None, on_progress: Callable[[Progress], None] | None = None,
) -> tuple[BatchReport, Progress]:
    """The library path of `newsevents reprocess`: the dump, batch by batch, into drafts
    (pipeline/batches.py's loop with this machine's executor, in `pool`'s workers when given,
    saved in dump order)."""
    progress = Progress(total=count_records(source))
    report = BatchReport()

    def failed(failures: list[Failure]) -> None:
        record_dump_failures(failures, settings=settings)
        report.failures.extend(failures)

    def saved(batch: list[RawDocument]) -> None:
        progress.processed += len(batch)
        if on_progress is not None:
            on_progress(progress)

    with run_lock(settings.paths.extracted, settings.paths.raw):
        batches = pending_batches(source, settings=settings, progress=progress, on_failures=failed)
        report.extend(run_batches(batches, settings=settings, analysed=local_executor(settings, nlp=nlp, index=index, pool=pool),
                                  on_batch=saved))
    if on_progress is not None:
        on_progress(progress)
    return report, progress
