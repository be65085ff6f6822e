"""The library path, without Prefect: what `newsevents run --local`, the benchmarks and the tests
call. Collecting feeds and recording collect failures are here too, for the flows' tasks.

Processing is pipeline/batches.py's one loop, with this machine's executor (pipeline/workers.py:
in this process, or in `extract.n_process` worker processes), under the run lock.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from .batches import BatchReport, chunked, pending_documents, run_batches
from .discover import canonical_url, collect_feeds
from .records import Failure, RawDocument, StageResult, utcnow
from .settings import Settings
from .store import open_ledger, record_failures, run_lock
from .workers import local_executor

if TYPE_CHECKING:
    from concurrent.futures import ProcessPoolExecutor

    from spacy.language import Language

    from .resolve import ActorIndex


def process_pending(settings: Settings, *, nlp: "Language | None" = None, index: "ActorIndex | None" = None,
                    pool: "ProcessPoolExecutor | None" = None, only: set[str] | None = None,
                    on_batch: Callable[[int], None] | None = None) -> BatchReport:
    """The whole process stage: pending documents in batches of `flows.task_batch` to drafts
    (analysed in `pool`, a started `workers.worker_pool`, when given)."""
    with run_lock(settings.paths.extracted, settings.paths.raw):
        batches = chunked(pending_documents(settings, only=only), settings.flows.task_batch)
        return run_batches(batches, settings=settings,
                           analysed=local_executor(settings, nlp=nlp, index=index, pool=pool),
                           on_batch=(lambda batch: on_batch(len(batch))) if on_batch else None)


def record_collect_failures(failures: Sequence[Failure], *, settings: Settings) -> int:
    """Write collect failures to extracted/failures.jsonl (once each); RETURNS how many were new."""
    with open_ledger(settings.paths.extracted) as ledger:
        return record_failures(settings.paths.extracted, failures, ledger)


def collect_from_feeds(settings: Settings) -> StageResult[RawDocument]:
    """New articles from the feeds and sitemaps in settings, fetched politely, each URL once
    across runs (the ledger remembers them); failures are recorded."""
    cfg = settings.collect
    if not (cfg.feeds or cfg.sitemaps):
        return StageResult()
    with open_ledger(settings.paths.extracted) as ledger:
        result = collect_feeds(cfg.feeds, cfg.sitemaps, cfg=cfg, raw_dir=settings.paths.raw, seen=ledger.seen_url)
        at = utcnow().isoformat()
        for raw in result.ok:
            ledger.mark_seen(canonical_url(raw.source), raw.sha256, at)
        record_failures(settings.paths.extracted, result.failed, ledger)
    return result
