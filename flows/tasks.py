"""Every stage as a Prefect task, registered in one place (the flows call these).

Tasks take whole batches, so Prefect's per-task cost (about 20 ms) stays small next to the work.
Results are not cached or persisted (NO_CACHE): they are large and the files on disk are the
record. Only collecting retries: it is the only step that talks to the network; parsing the
same bytes again would fail the same way.
"""

from __future__ import annotations

from prefect import task
from prefect.cache_policies import NO_CACHE

from pipeline.clean import clean_documents
from pipeline.collect import collect_sources
from pipeline.extract import extract_articles
from pipeline.resolve import resolve_analyses
from pipeline.analyse import analyse_stored
from pipeline.batches import save_batch
from pipeline.runner import collect_from_feeds, record_collect_failures

collect_task = task(name="collect", retries=2, retry_delay_seconds=5, cache_policy=NO_CACHE)(collect_sources)
feeds_task = task(name="collect-feeds", cache_policy=NO_CACHE)(collect_from_feeds)
record_failures_task = task(name="record-failures", cache_policy=NO_CACHE)(record_collect_failures)
clean_task = task(name="clean", cache_policy=NO_CACHE)(clean_documents)
extract_task = task(name="extract", cache_policy=NO_CACHE)(extract_articles)
resolve_task = task(name="resolve", cache_policy=NO_CACHE)(resolve_analyses)
save_task = task(name="save", cache_policy=NO_CACHE)(save_batch)
# clean -> extract -> resolve in one task, for task runners that send work to other processes
# (Dask): the worker loads the model once and keeps it.
analyse_task = task(name="analyse", cache_policy=NO_CACHE)(analyse_stored)
