"""Running the flows on Dask: prefect-dask's DaskTaskRunner for a scheduler address, or a
LocalCluster on this machine when asked ('local').

Workers are processes with one thread each (spaCy holds the GIL for much of its work); each loads
the spaCy model and the actor index once, on its first batch. Only the analysis runs there; the
flow's own process clusters and writes, batch after batch in input order, so the drafts are the
same as in a single process.
"""

from prefect_dask import DaskTaskRunner

from pipeline.settings import Settings


def dask_runner(settings: Settings) -> DaskTaskRunner:
    """The task runner settings.flows.dask names."""
    address = settings.flows.dask
    if not address:
        raise ValueError("flows.dask is not set: give a scheduler address or 'local'")
    if address == "local":
        return DaskTaskRunner(cluster_kwargs={
            "n_workers": settings.flows.dask_workers, "threads_per_worker": 1, "processes": True,
            "dashboard_address": None,
        })
    return DaskTaskRunner(address=address)


def on_dask(flow_fn, settings: Settings):  # noqa: ANN001, ANN201 - a Prefect flow in, the same flow out
    """`flow_fn` with the Dask task runner, or as it is when flows.dask is not set."""
    return flow_fn.with_options(task_runner=dask_runner(settings)) if settings.flows.dask else flow_fn
