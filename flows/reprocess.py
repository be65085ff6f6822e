"""The `reprocess` flow: an archived dump (WARC, JSONL, folder) of any size, batch by batch."""

from pathlib import Path

# No `from __future__ import annotations` here: Prefect validates flow parameters from the
# annotations, and a deployment run resolves them in a fresh process, where strings fail.
from prefect import flow

from pipeline.batches import BatchReport, run_batches
from pipeline.reprocess import Progress, count_records, pending_batches, record_dump_failures
from pipeline.settings import Settings
from pipeline.store import run_lock

from . import progress
from .executors import flow_executor, save


@flow(name="reprocess")
def reprocess(settings: Settings, dump: str) -> dict:
    """Stream `dump` into raw/ and drafts, skipping what this version already processed.

    RETURNS (dict): drafts created, updated, unchanged or written as revisions, inputs failed,
        and records skipped as already processed.
    """
    with run_lock(settings.paths.extracted, settings.paths.raw):  # one run at a time per extracted/
        return _reprocess(settings, Path(dump))


def _reprocess(settings: Settings, source: Path) -> dict:
    state = Progress(total=count_records(source))
    progress.report("process-total", state.total)
    report = BatchReport()

    def failed(failures: list) -> None:
        record_dump_failures(failures, settings=settings)
        report.failures.extend(failures)
        progress.report("process", len(failures))

    done = 0

    def saved(batch: list) -> None:
        nonlocal done
        progress.report("process", len(batch) + state.skipped - done)  # with records skipped since the last one
        done = state.skipped

    batches = pending_batches(source, settings=settings, progress=state, on_failures=failed)
    report.extend(run_batches(batches, settings=settings, analysed=flow_executor(settings), save=save, on_batch=saved))
    progress.report("process", state.skipped - done)
    return report.counts() | {"skipped": state.skipped}


if __name__ == "__main__":
    import sys

    from pipeline.settings import load_settings

    print(reprocess(load_settings(), sys.argv[1]))
