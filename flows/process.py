"""The `process` flow: stored raw documents -> drafts in extracted/, batch by batch."""

from functools import partial

# No `from __future__ import annotations` here: Prefect validates flow parameters from the
# annotations, and a deployment run resolves them in a fresh process, where strings fail.
from prefect import flow

from pipeline.resolve import ActorIndex
from pipeline.runner import BatchReport, chunked, pending_documents
from pipeline.settings import Settings
from pipeline.store import load_registry, read_raw

from . import progress
from .tasks import clean_task, extract_task, resolve_task, save_task


@flow(name="process")
def process(settings: Settings, only: list[str] | None = None) -> dict:
    """Process what this pipeline version has not processed yet (optionally only `only` hashes).

    RETURNS (dict): how many drafts were created, updated, unchanged or written as revisions,
        and how many inputs failed (each recorded in extracted/failures.jsonl).
    """
    raws = pending_documents(settings, only=set(only) if only is not None else None)
    progress.report("process-total", len(raws))
    index = ActorIndex.build(load_registry(settings.paths.registry))
    report = BatchReport()
    for batch in chunked(raws, settings.flows.task_batch):
        report.extend(process_batch(batch, settings=settings, index=index))
        progress.report("process", len(batch))
    return report.counts()


def process_batch(batch: list, *, settings: Settings, index: ActorIndex) -> BatchReport:
    """One batch through the stage tasks: clean -> extract -> resolve, then cluster, draft and
    write in one task (it reads and updates the ledger)."""
    cleaned = clean_task(batch, cfg=settings.clean, read=partial(read_raw, settings.paths.raw))
    extracted = extract_task(cleaned.ok, cfg=settings.extract)
    resolved = resolve_task(extracted.ok, index=index, cfg=settings.resolve)
    failures = [*cleaned.failed, *extracted.failed, *resolved.failed]
    return save_task(resolved.ok, failures, settings=settings)


if __name__ == "__main__":
    from pipeline.settings import load_settings

    print(process(load_settings()))
