"""Analysis in worker processes: batches go out to `extract.n_process` processes, each of which
loads the spaCy model and the actor index once, and come back in the order they were sent.

Why not `nlp.pipe(n_process=...)`: it spreads only spaCy over processes; quotes, dates, cleaning
and resolution would still run one at a time in the parent. Here a whole batch (clean -> extract
-> resolve) runs in a worker, and the parent only saves (clustering and drafts read and update the
ledger, so they stay in one process and in order, and the drafts are the same as with one process).
"""

from __future__ import annotations

import math
import multiprocessing
from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import TYPE_CHECKING, TypeVar

from .analyse import Analysed, analyse_batch, analyse_stored, process_index
from .batches import chunked
from .errors import PipelineError
from .extract import load_nlp
from .records import Analysis, Failure, RawDocument
from .settings import Settings

if TYPE_CHECKING:
    from spacy.language import Language

    from .batches import Executor
    from .resolve import ActorIndex

B = TypeVar("B", bound=Sequence[RawDocument])
# Batches handed to the workers ahead of the one being saved, and parts per worker in a batch.
BATCHES_AHEAD = 1
PARTS_PER_PROCESS = 2


def local_executor(settings: Settings, *, nlp: "Language | None" = None, index: "ActorIndex | None" = None,
                   pool: ProcessPoolExecutor | None = None) -> "Executor":
    """This machine's executor for pipeline/batches.py: with `extract.n_process` 1 the batches are
    analysed here (with `nlp` and `index` when given, else this process's own); with more, in
    that many worker processes (`in_processes`, in `pool` when one was started already)."""
    if settings.extract.n_process > 1:
        return lambda batches: in_processes(batches, settings=settings, pool=pool)

    def here(batches: Iterable[B]) -> Iterator[tuple[B, list[Analysis], list[Failure]]]:
        for batch in batches:
            yield batch, *analyse_batch(batch, settings=settings, nlp=nlp, index=index)

    return here


@contextmanager
def worker_pool(settings: Settings) -> Iterator[ProcessPoolExecutor | None]:
    """The `extract.n_process` worker processes, started at once, each loading the model and the
    actor index first: a command that opens the pool early has them loaded while it collects and
    lists what is pending (about 3 s a worker). None with one process. Every worker has exited
    when the block ends."""
    processes = settings.extract.n_process
    if processes <= 1:
        yield None
        return
    context = multiprocessing.get_context("spawn")  # no fork of a parent's threads or open ledger
    with ProcessPoolExecutor(processes, mp_context=context) as pool:
        # A process is started for each call submitted while none is idle, so each takes one.
        # A load that fails (a missing model) fails again in the first batch, as a ConfigError.
        for _ in range(processes):
            pool.submit(_load, settings)
        yield pool


def _load(settings: Settings) -> None:
    """A worker's first call: the model and the index `analyse_stored` will use, loaded once."""
    load_nlp(settings.extract)
    process_index(settings.paths.registry_files())


def in_processes(batches: Iterable[B], *, settings: Settings,
                 pool: ProcessPoolExecutor | None = None) -> Iterator[tuple[B, list[Analysis], list[Failure]]]:
    """Each batch with its analyses and failures, in the order given, analysed in
    `extract.n_process` worker processes (`pool`, or a `worker_pool` of its own); the next batch
    is analysed while this one is saved, so memory is bounded by two batches and not by the
    number of batches."""
    if pool is None:
        with worker_pool(settings) as own:
            yield from in_processes(batches, settings=settings, pool=own)
        return
    processes = settings.extract.n_process
    pending: deque[tuple[B, list[Future[Analysed]]]] = deque()
    for batch in batches:
        # A batch goes out in parts, so every worker has work even for the last batch; it is
        # saved whole, so the events and drafts are those of one process.
        parts = chunked(batch, math.ceil(len(batch) / (PARTS_PER_PROCESS * processes)))
        pending.append((batch, [pool.submit(analyse_stored, part, settings=settings) for part in parts]))
        if len(pending) > BATCHES_AHEAD:
            yield _next(pending)
    while pending:
        yield _next(pending)


def _next(pending: "deque[tuple[B, list[Future[Analysed]]]]") -> tuple[B, list[Analysis], list[Failure]]:
    batch, futures = pending.popleft()
    analyses: list[Analysis] = []
    failures: list[Failure] = []
    try:
        for future in futures:
            done, failed = future.result()
            analyses.extend(done)
            failures.extend(failed)
    except BrokenProcessPool as err:
        raise PipelineError(
            "an analysis worker process died (killed, or out of memory?); what was saved is kept, "
            "run again to resume, or lower extract.n_process or extract.batch_size"
        ) from err
    return batch, analyses, failures

