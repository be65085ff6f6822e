"""How the flows analyse batches: executors for pipeline/batches.py's loop, with Prefect tasks.

    parallel         analyse_task submitted to the flow's task runner (Dask, see flows/dask.py),
                     `flows.in_flight` batches ahead of the one being saved
    n_process > 1    the library's worker processes (pipeline/workers.py)
    otherwise        pipeline/analyse.py's composition with each stage as a task of its own

Batches and the actor index go to stage tasks `quote`d: Prefect would otherwise walk every
article and alias looking for futures, which cost more than the analysis itself. Saving is a
task too (`save`), called in order by the loop.
"""

from collections import deque
from collections.abc import Callable, Iterable, Iterator

from prefect.utilities.annotations import quote

from pipeline.analyse import Stages, analyse_batch, process_index
from pipeline.batches import BatchReport, Executor
from pipeline.records import Analysis, Failure
from pipeline.settings import Settings
from pipeline.workers import in_processes

from .tasks import analyse_task, clean_task, extract_task, resolve_task, save_task


def _quoted(stage: Callable) -> Callable:
    """A stage task called with its batch (and any actor index) `quote`d."""

    def call(items: list, **kwargs: object) -> object:
        return stage(quote(items), **{k: quote(v) if k == "index" else v for k, v in kwargs.items()})

    return call


STAGE_TASKS = Stages(clean=_quoted(clean_task), extract=_quoted(extract_task), resolve=_quoted(resolve_task))


def flow_executor(settings: Settings, *, parallel: bool = False) -> Executor:
    """The executor a flow analyses its batches with (see the module's docstring)."""
    if parallel:
        return lambda batches: ahead_on_runner(batches, settings=settings)
    if settings.extract.n_process > 1:
        return lambda batches: in_processes(batches, settings=settings)
    index = process_index(settings.paths.registry_files())

    def in_tasks(batches: Iterable[list]) -> Iterator[tuple[list, list[Analysis], list[Failure]]]:
        for batch in batches:
            yield batch, *analyse_batch(batch, settings=settings, index=index, stages=STAGE_TASKS)

    return in_tasks


def ahead_on_runner(batches: Iterable[list], *, settings: Settings) -> Iterator[tuple[list, list[Analysis], list[Failure]]]:
    """Batches analysed on the flow's task runner, `flows.in_flight` ahead, handed back in order.
    (Batches here are raw documents' metadata, small: a quote() would reach Dask workers wrapped.)"""
    in_flight: deque = deque()
    for batch in batches:
        in_flight.append((batch, analyse_task.submit(batch, settings=settings)))
        if len(in_flight) > settings.flows.in_flight:  # this many ahead of the one being saved
            done, future = in_flight.popleft()
            yield done, *future.result()
    while in_flight:
        done, future = in_flight.popleft()
        yield done, *future.result()


def save(analyses: list[Analysis], failures: list[Failure], *, settings: Settings, defer: bool = False) -> BatchReport:
    """pipeline.batches.save_batch as a task (it clusters, drafts and writes: one task per batch)."""
    return save_task(quote(analyses), quote(failures), settings=settings, defer=defer)
