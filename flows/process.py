"""The `process` flow: stored raw documents -> drafts in extracted/, batch by batch."""

from collections.abc import Iterable, Iterator
from functools import partial
from typing import TypeVar

# No `from __future__ import annotations` here: Prefect validates flow parameters from the
# annotations, and a deployment run resolves them in a fresh process, where strings fail.
from prefect import flow
from prefect.utilities.annotations import quote

from pipeline.resolve import ActorIndex
from pipeline.runner import BatchReport, chunked, pending_documents
from pipeline.settings import Settings
from pipeline.store import load_registry, read_raw, run_lock
from pipeline.workers import analysed

from . import progress
from .tasks import analyse_task, clean_task, extract_task, resolve_task, save_task

B = TypeVar("B", bound=list)


@flow(name="process")
def process(settings: Settings, only: list[str] | None = None, parallel: bool = False) -> dict:
    """Process what this pipeline version has not processed yet (optionally only `only` hashes).

    parallel: submit the batches' analysis to the flow's task runner (a DaskTaskRunner, see
        flows/dask.py) a few at a time, and save them in order as they come back, so the events
        and drafts are the same as in one process. Without it, and with `extract.n_process` > 1,
        the analysis runs in that many worker processes and the saves are the flow's tasks.
    RETURNS (dict): how many drafts were created, updated, unchanged or written as revisions,
        and how many inputs failed (each recorded in extracted/failures.jsonl).
    """
    with run_lock(settings.paths.extracted, settings.paths.raw):  # one run at a time per extracted/
        return _process(settings, only, parallel)


def _process(settings: Settings, only: list[str] | None, parallel: bool) -> dict:
    raws = pending_documents(settings, only=set(only) if only is not None else None)
    progress.report("process-total", len(raws))
    batches = chunked(raws, settings.flows.task_batch)
    report = BatchReport()
    if parallel:  # batches here are raw documents' metadata, small; a quote() would reach Dask workers wrapped
        in_flight = [analyse_task.submit(b, settings=settings) for b in batches[: settings.flows.in_flight]]
        for i, batch in enumerate(batches):
            analyses, failures = in_flight[i].result()
            if i + settings.flows.in_flight < len(batches):
                in_flight.append(analyse_task.submit(batches[i + settings.flows.in_flight], settings=settings))
            report.extend(save_task(quote(analyses), quote(failures), settings=settings))
            in_flight[i] = None  # type: ignore[call-overload] - let the results go
            progress.report("process", len(batch))
        return report.counts()
    for batch, saved in process_batches(batches, settings=settings):
        report.extend(saved)
        progress.report("process", len(batch))
    return report.counts()


def process_batches(batches: Iterable[B], *, settings: Settings) -> Iterator[tuple[B, BatchReport]]:
    """Each batch with what saving it did: through the stage tasks in this process, or with
    `extract.n_process` > 1 analysed in that many worker processes (pipeline/workers.py) and
    saved by a task here, in order."""
    if settings.extract.n_process > 1:
        for batch, analyses, failures in analysed(batches, settings=settings):
            yield batch, save_task(quote(analyses), quote(failures), settings=settings)
        return
    index = ActorIndex.build(load_registry(settings.paths.registry))
    for batch in batches:
        yield batch, process_batch(batch, settings=settings, index=index)


def process_batch(batch: list, *, settings: Settings, index: ActorIndex) -> BatchReport:
    """One batch through the stage tasks: clean -> extract -> resolve, then cluster, draft and
    write in one task (it reads and updates the ledger). Batches and the actor index go in
    `quote`d: Prefect would otherwise walk every article and alias looking for futures, which
    cost more than the analysis itself."""
    cleaned = clean_task(quote(batch), cfg=settings.clean, read=partial(read_raw, settings.paths.raw))
    extracted = extract_task(quote(cleaned.ok), cfg=settings.extract)
    resolved = resolve_task(quote(extracted.ok), index=quote(index), cfg=settings.resolve)
    failures = [*cleaned.failed, *extracted.failed, *resolved.failed]
    return save_task(quote(resolved.ok), quote(failures), settings=settings)


if __name__ == "__main__":
    from pipeline.settings import load_settings

    print(process(load_settings()))
