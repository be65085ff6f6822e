"""The `collect` flow: sources (URLs, files, folders, JSONL dumps, WARC files) into raw/."""

# No `from __future__ import annotations` here: Prefect validates flow parameters from the
# annotations, and a deployment run resolves them in a fresh process, where strings fail.
from prefect import flow

from pipeline.batches import chunked
from pipeline.settings import Settings

from . import progress
from .tasks import collect_task, feeds_task, record_failures_task

# Sources per collect task: a task per source would cost more in Prefect than small files do.
SOURCES_PER_TASK = 50


@flow(name="collect")
def collect(settings: Settings, sources: list[str], feeds: bool = False) -> dict:
    """Collect every source (and with `feeds`, the new articles of the feeds and sitemaps in
    settings); RETURNS {"collected": n, "failed": n, "notices": n, "shas": [...]}."""
    shas: list[str] = []
    failed = 0
    notices = 0
    if feeds:
        result = feeds_task(settings)
        shas.extend(raw.sha256 for raw in result.ok)
        failed += len(result.failures)
        notices += len(result.failed) - len(result.failures)
        progress.report("collect", len(result.ok) + len(result.failures))
    for group in chunked(sources, SOURCES_PER_TASK):
        result = collect_task(list(group), cfg=settings.collect, raw_dir=settings.paths.raw)
        record_failures_task(result.failed, settings=settings)
        shas.extend(raw.sha256 for raw in result.ok)
        failed += len(result.failures)  # notices (a URL not kept) are recorded, not counted as failures
        notices += len(result.failed) - len(result.failures)
        progress.report("collect", len(result.ok) + len(result.failures))
    return {"collected": len(set(shas)), "failed": failed, "notices": notices, "shas": sorted(set(shas))}


if __name__ == "__main__":
    import sys

    from pipeline.settings import load_settings

    print(collect(load_settings(), sys.argv[1:]))
