"""The `batch` flow: collect, then process what was new. The scheduled deployment runs this."""

# No `from __future__ import annotations` here: Prefect validates flow parameters from the
# annotations, and a deployment run resolves them in a fresh process, where strings fail.
from prefect import flow

from pipeline.settings import Settings

from .collect import collect
from .process import process


@flow(name="batch")
def batch(settings: Settings | None = None, sources: list[str] | None = None) -> dict:
    """Collect `sources`, or by default what the settings name (flows.sources, and the new
    articles of collect.feeds and collect.sitemaps), then process every pending document.

    Without `settings`, they are read where the flow runs (newsevents.toml, $NEWSEVENTS_CONFIG,
    NEWSEVENTS_* variables), which is what a deployment on a work pool wants.
    """
    if settings is None:
        from pipeline.settings import load_settings

        settings = load_settings()
    if sources is None:
        collected = collect(settings, list(settings.flows.sources), feeds=True)
    else:
        collected = collect(settings, list(sources))
    from .dask import on_dask

    processed = on_dask(process, settings)(settings, parallel=bool(settings.flows.dask))
    return {"collect": collected, "process": processed}


def serve(settings: Settings) -> None:
    """Run `batch` on the cron schedule from settings until interrupted (no server needed)."""
    batch.serve(
        name=settings.flows.deployment_name,
        cron=settings.flows.cron,
        parameters={"settings": settings.model_dump(mode="json")},  # sources: flows.sources, feeds, sitemaps
    )


if __name__ == "__main__":
    import sys

    from pipeline.settings import load_settings

    print(batch(load_settings(), sys.argv[1:] or None))
