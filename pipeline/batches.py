"""Batches: the one loop every path runs, from stored documents to drafts.

    analyse   clean -> extract -> resolve (pipeline/analyse.py), by an *executor*: here, in
              worker processes (pipeline/workers.py), as Prefect tasks or on Dask (flows/)
    save      cluster into events and write their drafts (pipeline/events.py), record failures,
              mark every input processed; in this process, batch after batch in input order
    at the end, the drafts of large events that batches left behind their sources (each is
              written once a run, not after every batch that adds a source: `write_stale_drafts`)

`run_batches` takes batches (a list, or a dump's stream), an executor that yields each analysed
batch in the order given (it may work ahead), and the save function (a Prefect task wraps it in
the flows). Saving in order is what makes the drafts the same however the analysis ran.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import TypeVar

from . import __version__
from .events import write_events, write_stale
from .records import Analysis, Failure, RawDocument, utcnow
from .settings import Settings
from .store import (
    WriteOutcome,
    draft_path,
    open_ledger,
    record_failures,
    save_analysis,
    unprocessed_documents,
)
from .timeline import cached_timeline

T = TypeVar("T")
B = TypeVar("B", bound=Sequence[RawDocument])
# An executor: batches in, each batch with its analyses and failures out, in the order given.
Executor = Callable[[Iterable[B]], Iterator[tuple[B, list[Analysis], list[Failure]]]]
Save = Callable[..., "BatchReport"]


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


def run_batches(batches: Iterable[B], *, settings: Settings, analysed: Executor, save: Save | None = None,
                on_batch: Callable[[B], None] | None = None) -> BatchReport:
    """Analyse each batch with `analysed` and save it (`save_batch` unless given), in order;
    RETURNS what every batch did. `on_batch` hears of each batch once it is saved."""
    save = save or save_batch
    report = BatchReport()
    for batch, analyses, failures in analysed(batches):
        report.extend(save(analyses, failures, settings=settings, defer=True))
        if on_batch is not None:
            on_batch(batch)
    report.extend(write_stale_drafts(settings))
    return report


def write_stale_drafts(settings: Settings) -> BatchReport:
    """Write the drafts the run's batches left behind their sources (and those a killed run left)."""
    with open_ledger(settings.paths.extracted) as ledger:
        outcomes = write_stale(settings=settings, ledger=ledger, at=utcnow().isoformat())
        broken = [_broken_draft(o) for o in outcomes if o.problem]
        record_failures(settings.paths.extracted, broken, ledger)
    return BatchReport(outcomes=outcomes, failures=broken)


def save_batch(analyses: Sequence[Analysis], failures: Sequence[Failure], *, settings: Settings,
               defer: bool = False) -> BatchReport:
    """Cluster the batch's articles into events, write each touched event's draft (never over an
    analyst's edits) and record failures; each input is marked processed at the end, so a killed
    batch is redone whole and ends as an uninterrupted one would.

    defer: a large event's draft may be left for `write_stale_drafts` (events.write_events).

    Opens its own ledger connection, so it can run in whatever thread or worker a task runner picks.
    """
    at = utcnow().isoformat()
    extracted_dir = settings.paths.extracted
    with open_ledger(extracted_dir) as ledger:
        record_failures(extracted_dir, failures, ledger)
        for analysis in analyses:
            save_analysis(extracted_dir, analysis)
        written = write_events(analyses, settings=settings, ledger=ledger, at=at, defer=defer)
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


def chunked(items: Sequence[T], size: int) -> list[Sequence[T]]:
    return [items[i : i + size] for i in range(0, len(items), max(1, size))]
