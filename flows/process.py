"""The `process` flow: stored raw documents -> drafts in extracted/, batch by batch."""

# No `from __future__ import annotations` here: Prefect validates flow parameters from the
# annotations, and a deployment run resolves them in a fresh process, where strings fail.
from prefect import flow

from pipeline.batches import chunked, pending_documents, run_batches
from pipeline.settings import Settings
from pipeline.store import run_lock

from . import progress
from .executors import flow_executor, save


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
    report = run_batches(chunked(raws, settings.flows.task_batch), settings=settings,
                         analysed=flow_executor(settings, parallel=parallel), save=save,
                         on_batch=lambda batch: progress.report("process", len(batch)))
    return report.counts()


if __name__ == "__main__":
    from pipeline.settings import load_settings

    print(process(load_settings()))
