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
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import TYPE_CHECKING, TypeVar

from .analyse import Analysed, analyse_batch, analyse_stored
from .batches import chunked
from .errors import PipelineError
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


def local_executor(settings: Settings, *, nlp: "Language | None" = None,
                   index: "ActorIndex | None" = None) -> "Executor":
    """This machine's executor for pipeline/batches.py: with `extract.n_process` 1 the batches are
    analysed here (with `nlp` and `index` when given, else this process's own); with more, in
    that many worker processes (`in_processes`)."""
    if settings.extract.n_process > 1:
        return lambda batches: in_processes(batches, settings=settings)

    def here(batches: Iterable[B]) -> Iterator[tuple[B, list[Analysis], list[Failure]]]:
        for batch in batches:
            yield batch, *analyse_batch(batch, settings=settings, nlp=nlp, index=index)

    return here


def in_processes(batches: Iterable[B], *, settings: Settings) -> Iterator[tuple[B, list[Analysis], list[Failure]]]:
    """Each batch with its analyses and failures, in the order given, analysed in
    `extract.n_process` worker processes; the next batch is analysed while this one is saved, so
    memory is bounded by two batches and not by the number of batches."""
    processes = settings.extract.n_process
    context = multiprocessing.get_context("spawn")  # no fork of a parent's threads or open ledger
    # Each worker loads the model and the index with its first part and keeps them (analyse_stored).
    with ProcessPoolExecutor(processes, mp_context=context) as pool:
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

