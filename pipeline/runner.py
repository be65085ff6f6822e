"""The stages composed for one batch, without Prefect: what `newsevents run --local`, the
benchmarks and the flows' tasks share. The flows in `flows/` call the same stage functions,
each as its own task.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TypeVar
from dataclasses import dataclass, field
from functools import partial

from spacy.language import Language

from . import __version__
from .clean import clean_documents
from .draft import build_drafts
from .extract import extract_articles
from .records import EventDraft, Failure, RawDocument, utcnow
from .resolve import ActorIndex, resolve_analyses
from .settings import Settings
from .store import WriteOutcome, open_ledger, read_raw, record_failures, save_drafts, unprocessed_documents

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
        counts["failed"] = len(self.failures)
        return counts


def draft_batch(
    raws: Sequence[RawDocument], *, settings: Settings, nlp: Language, index: ActorIndex
) -> tuple[list[EventDraft], list[Failure]]:
    """clean -> extract -> resolve -> draft for a batch; pure apart from reading raw bytes."""
    cleaned = clean_documents(raws, cfg=settings.clean, read=partial(read_raw, settings.paths.raw))
    extracted = extract_articles(cleaned.ok, nlp=nlp, cfg=settings.extract)
    resolved = resolve_analyses(extracted.ok, index=index, cfg=settings.resolve)
    drafted = build_drafts(resolved.ok, cfg=settings.draft, pipeline_version=__version__)
    return drafted.ok, [*cleaned.failed, *extracted.failed, *resolved.failed, *drafted.failed]


def save_batch(drafts: Sequence[EventDraft], failures: Sequence[Failure], *, settings: Settings) -> BatchReport:
    """Write drafts and record failures (each failed input is marked processed, with its reason).

    Opens its own ledger connection, so it can run in whatever thread or worker a task runner picks.
    """
    at = utcnow().isoformat()
    with open_ledger(settings.paths.extracted) as ledger:
        outcomes = save_drafts(
            drafts, extracted_dir=settings.paths.extracted, ledger=ledger,
            key_quote_min_words=settings.draft.key_quote_min_words, at=at,
        )
        record_failures(settings.paths.extracted, failures, ledger)
        for failure in failures:
            if failure.sha256:  # keep the id an earlier version drafted, so a later success reuses it
                ledger.mark_processed(failure.sha256, __version__, f"failed: {failure.error}",
                                      ledger.draft_id_for(failure.sha256), at)
    return BatchReport(outcomes=outcomes, failures=list(failures))


def pending_documents(settings: Settings, *, only: set[str] | None = None) -> list[RawDocument]:
    """Stored documents this pipeline version has not processed yet."""
    with open_ledger(settings.paths.extracted) as ledger:
        return unprocessed_documents(settings.paths.raw, ledger, __version__, only=only)


def record_collect_failures(failures: Sequence[Failure], *, settings: Settings) -> int:
    """Write collect failures to extracted/failures.jsonl (once each); RETURNS how many were new."""
    with open_ledger(settings.paths.extracted) as ledger:
        return record_failures(settings.paths.extracted, failures, ledger)


def process_pending(settings: Settings, *, nlp: Language, index: ActorIndex, only: set[str] | None = None,
                    on_batch: Callable[[int], None] | None = None) -> BatchReport:
    """The whole process stage without Prefect: pending documents in batches to drafts."""
    report = BatchReport()
    raws = pending_documents(settings, only=only)
    for batch in chunked(raws, settings.flows.task_batch):
        drafts, failures = draft_batch(batch, settings=settings, nlp=nlp, index=index)
        report.extend(save_batch(drafts, failures, settings=settings))
        if on_batch is not None:
            on_batch(len(batch))
    return report


def chunked(items: Sequence[T], size: int) -> list[Sequence[T]]:
    return [items[i : i + size] for i in range(0, len(items), max(1, size))]
