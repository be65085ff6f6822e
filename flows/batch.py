"""The `batch` flow: collect, then process what was new. The scheduled deployment runs this."""

# No `from __future__ import annotations` here: Prefect validates flow parameters from the
# annotations, and a deployment run resolves them in a fresh process, where strings fail.
from prefect import flow

from pipeline.settings import Settings

from .collect import collect
from .process import process


@flow(name="batch")
def batch(settings: Settings, sources: list[str] | None = None) -> dict:
    """Collect `sources` (default: settings.flows.sources) and process every pending document."""
    collected = collect(settings, list(sources if sources is not None else settings.flows.sources))
    processed = process(settings)
    return {"collect": collected, "process": processed}


def serve(settings: Settings) -> None:
    """Run `batch` on the cron schedule from settings until interrupted (no server needed)."""
    batch.serve(
        name=settings.flows.deployment_name,
        cron=settings.flows.cron,
        parameters={"settings": settings.model_dump(mode="json"), "sources": list(settings.flows.sources)},
    )


if __name__ == "__main__":
    import sys

    from pipeline.settings import load_settings

    print(batch(load_settings(), sys.argv[1:] or None))
