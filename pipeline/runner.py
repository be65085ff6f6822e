"""The stages composed for one batch, without Prefect: what `newsevents run --local`, the
benchmarks and the flows' tasks share. The flows in `flows/` call the same stage functions,
each as its own task.

A batch is analysed (clean -> extract -> resolve, no shared state), then saved: its articles are
clustered into events against the ledger's known events, and each touched event's draft is
rebuilt from the stored analyses of all its sources and written.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache, partial
from pathlib import Path
from typing import TypeVar

from spacy.language import Language

from . import __version__
from .clean import clean_documents
from .events import write_events
from .extract import extract_articles
from .discover import canonical_url, collect_feeds
from .records import Analysis, Failure, RawDocument, StageResult, utcnow
from .resolve import ActorIndex, resolve_analyses
from .settings import Settings
from .timeline import cached_timeline
from .store import (
    WriteOutcome,
    draft_path,
    load_registry,
    open_ledger,
    read_raw,
    record_failures,
    run_lock,
    save_analysis,
    unprocessed_documents,
)

T = TypeVar("T")


@dataclass
class BatchReport:
    """What a batch did: the drafts written (by action) and the failures recorded."""

    outcomes: list[WriteOutcome] = field(default_factory=list)
    failures: list[Failure] = field(default_factory=list)

    def extend(self, other: "BatchReport") -> None:
        self.outcomes.extend(other.outcomes)
        self.failures.extend(other.failures)

    def counts(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for outcome in self.outcomes:
            counts[outcome.action] = counts.get(outcome.action, 0) + 1
        invalid = sum(1 for f in self.failures if f.stage == "draft")
        notices = sum(1 for f in self.failures if f.notice)
        unread = [f for f in self.failures if f.stage == "timeline"]  # not inputs; every batch reports them
        counts["failed"] = len(self.failures) - invalid - notices - len(unread)
        if invalid:
            counts["invalid"] = invalid  # analysts' drafts that no longer parse, kept as they are
        if notices:
            counts["notices"] = notices  # inputs drafted with something to know (a URL not kept)
        if unread:
            counts["timeline_unread"] = len({f.source for f in unread})  # the timeline's files skipped
        return counts


def analyse_batch(
    raws: Sequence[RawDocument], *, settings: Settings, nlp: Language, index: ActorIndex
) -> tuple[list[Analysis], list[Failure]]:
    """clean -> extract -> resolve for a batch; pure apart from reading raw bytes."""
    cleaned = clean_documents(raws, cfg=settings.clean, read=partial(read_raw, settings.paths.raw))
    extracted = extract_articles(cleaned.ok, nlp=nlp, cfg=settings.extract)
    resolved = resolve_analyses(extracted.ok, index=index, cfg=settings.resolve)
    return resolved.ok, [*cleaned.failed, *extracted.failed, *resolved.failed]


def analyse_stored(raws: Sequence[RawDocument], *, settings: Settings) -> tuple[list[Analysis], list[Failure]]:
    """analyse_batch where the work runs (a Dask worker, say): the model and the actor index are
    loaded once per process and kept, not sent along with every batch."""
    from .extract import load_nlp

    return analyse_batch(raws, settings=settings, nlp=load_nlp(settings.extract), index=_index(settings.paths.registry))


def _index(registry: Path) -> ActorIndex:
    """This process's actor index, built again only when the registry file changes."""
    return _built_index(registry.resolve(), registry.stat().st_mtime if registry.exists() else 0.0)


@lru_cache(maxsize=2)
def _built_index(registry: Path, mtime: float) -> ActorIndex:
    return ActorIndex.build(load_registry(registry))


def save_batch(analyses: Sequence[Analysis], failures: Sequence[Failure], *, settings: Settings) -> BatchReport:
    """Cluster the batch's articles into events, write each touched event's draft (never over an
    analyst's edits) and record failures; each input is marked processed at the end, so a killed
    batch is redone whole and ends as an uninterrupted one would.

    Opens its own ledger connection, so it can run in whatever thread or worker a task runner picks.
    """
    at = utcnow().isoformat()
    extracted_dir = settings.paths.extracted
    with open_ledger(extracted_dir) as ledger:
        record_failures(extracted_dir, failures, ledger)
        for analysis in analyses:
            save_analysis(extracted_dir, analysis)
        written = write_events(analyses, settings=settings, ledger=ledger, at=at)
        broken = [_broken_draft(o) for o in written.outcomes if o.problem]
        unread = _unread_timeline_files(settings)
        record_failures(extracted_dir, [*broken, *written.notices, *unread], ledger)
        report = BatchReport(outcomes=list(written.outcomes), failures=[*failures, *broken, *written.notices, *unread])
        for failure in failures:
            if failure.sha256 and not failure.notice:
                ledger.mark_processed(failure.sha256, __version__, f"failed: {failure.error}",
                                      ledger.draft_id_for(failure.sha256), at)
        for sha, (event_id, action) in written.drafted.items():
            ledger.mark_processed(sha, __version__, action, event_id, at)
    return report


def _broken_draft(outcome: WriteOutcome) -> Failure:
    """An analyst's draft that is no longer a valid draft, as a failure an analyst will see: the
    file is kept as it is and this run's version is written beside it. The message names the
    problem, not the revision: the same problem is recorded once, however often the event changes."""
    return Failure(stage="draft", source=str(draft_path(outcome.path.parent, outcome.draft_id)), error="InvalidDraft",
                   message=f"{outcome.problem} (kept as it is; the pipeline's versions are beside it as "
                           f"{outcome.draft_id}.rev-*.md)", at=utcnow())


def _unread_timeline_files(settings: Settings) -> list[Failure]:
    """The timeline's event files that could not be read (an alias bomb, broken YAML), as failures
    an analyst will see; the other events are matched as usual."""
    if settings.paths.timeline is None:
        return []
    return [Failure(stage="timeline", source=source, error="InvalidTimelineEvent", message=message, at=utcnow())
            for source, message in cached_timeline(settings.paths.timeline).skipped]


def pending_documents(settings: Settings, *, only: set[str] | None = None) -> list[RawDocument]:
    """Stored documents this pipeline version has not processed yet."""
    with open_ledger(settings.paths.extracted) as ledger:
        return unprocessed_documents(settings.paths.raw, ledger.processed_version, __version__, only=only)


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


def process_pending(settings: Settings, *, nlp: Language | None = None, index: ActorIndex | None = None,
                    only: set[str] | None = None, on_batch: Callable[[int], None] | None = None) -> BatchReport:
    """The whole process stage without Prefect: pending documents in batches to drafts, analysed
    in `extract.n_process` processes (pipeline/workers.py) and saved here in order."""
    from .workers import analysed

    report = BatchReport()
    with run_lock(settings.paths.extracted, settings.paths.raw):
        batches = chunked(pending_documents(settings, only=only), settings.flows.task_batch)
        for batch, analyses, failures in analysed(batches, settings=settings, nlp=nlp, index=index):
            report.extend(save_batch(analyses, failures, settings=settings))
            if on_batch is not None:
                on_batch(len(batch))
    return report


def chunked(items: Sequence[T], size: int) -> list[Sequence[T]]:
    return [items[i : i + size] for i in range(0, len(items), max(1, size))]
