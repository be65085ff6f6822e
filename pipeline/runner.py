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
from datetime import date, timedelta
from functools import lru_cache, partial
from pathlib import Path
from typing import TypeVar

from spacy.language import Language

from . import __version__
from .clean import clean_documents
from .cluster import ArticleProfile, Assignment, EventSignature, assign, profile_article
from .draft import base_id, build_event_draft, draft_problem, render_draft
from .extract import extract_articles
from .discover import canonical_url, collect_feeds
from .errors import URLConflict
from .records import Analysis, EventDraft, Failure, RawDocument, StageResult, utcnow
from .resolve import ActorIndex, resolve_analyses
from .settings import Settings
from .timeline import cached_timeline, match_draft
from .store import (
    Ledger,
    WriteOutcome,
    allocate_event_id,
    draft_path,
    load_analysis,
    load_registry,
    open_ledger,
    read_raw,
    record_failures,
    run_lock,
    save_analysis,
    unprocessed_documents,
    write_draft,
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
        outcomes, drafted, conflicts = write_events(analyses, settings=settings, ledger=ledger, at=at)
        broken = [_broken_draft(o) for o in outcomes if o.problem]
        unread = _unread_timeline_files(settings)
        record_failures(extracted_dir, [*broken, *conflicts, *unread], ledger)
        report = BatchReport(outcomes=list(outcomes), failures=[*failures, *broken, *conflicts, *unread])
        for failure in failures:
            if failure.sha256 and not failure.notice:
                ledger.mark_processed(failure.sha256, __version__, f"failed: {failure.error}",
                                      ledger.draft_id_for(failure.sha256), at)
        for sha, (event_id, action) in drafted.items():
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


def write_events(
    analyses: Sequence[Analysis], *, settings: Settings, ledger: Ledger, at: str
) -> tuple[list[WriteOutcome], dict[str, tuple[str, str]], list[Failure]]:
    """Assign articles to events (known ones from the ledger, or new) and write every touched
    event's draft. RETURNS the outcomes, per input (event id, what happened to its draft), and a
    notice for each snapshot that came from a source's URL with another text (both kept)."""
    ccfg, extracted_dir = settings.cluster, settings.paths.extracted
    # A snapshot already replaced by a newer one of its URL (processed again by a new pipeline
    # version, say) stays replaced: taken as new, it would replace the newer one.
    replaced = ledger.superseded_among(a.article.raw_sha256 for a in analyses)
    analyses = [a for a in analyses if a.article.raw_sha256 not in replaced]
    by_sha = {a.article.raw_sha256: a for a in analyses}
    profiles = [profile_article(a, cfg=ccfg, draft_cfg=settings.draft) for a in analyses]
    known = _known_events(profiles, ledger=ledger, max_days=ccfg.max_days)
    taken = ledger.event_ids()

    def new_id(profile: ArticleProfile) -> str:
        event_id = allocate_event_id(extracted_dir, base_id(by_sha[profile.sha256], cfg=settings.draft), taken)
        taken.add(event_id)
        return event_id

    assignments, touched = assign(profiles, list(known.values()), cfg=ccfg, new_id=new_id)
    # One transaction: an event saved without its members (a kill or a full disk in between)
    # would take its inputs as already joined on the re-run, and its draft would never be written.
    with ledger.transaction():
        for event in touched:
            ledger.save_event(event)
        for a in assignments:
            if a.again:
                continue  # why it joined was recorded when it did
            merge = {"input": a.sha256, "score": a.score, "reason": a.reason}
            ledger.set_member(a.sha256, a.event, by_sha[a.sha256].article.url, a.duplicate_of, merge)
            if a.replaces:
                ledger.supersede(a.replaces, a.sha256)
    outcomes: list[WriteOutcome] = []
    drafted: dict[str, tuple[str, str]] = {sha: (event_id, "superseded") for sha, event_id in replaced.items()}
    timeline = cached_timeline(settings.paths.timeline) if settings.paths.timeline else None
    for event in sorted(touched, key=lambda e: e.id):
        members = ledger.members(event.id)
        draft = _event_draft(event.id, members, by_sha=by_sha, settings=settings)
        if draft is None:
            continue
        if timeline is not None:
            found = match_draft(draft, timeline, cfg=settings.timeline)
            if found:
                draft = draft.model_copy(update={"provenance": draft.provenance.model_copy(update={"timeline_match": found})})
        outcome = write_draft(extracted_dir, event.id,
                              render_draft(draft, key_quote_min_words=settings.draft.key_quote_min_words), ledger, at,
                              problem_of=draft_problem)
        outcomes.append(outcome)
        for m in members:
            drafted[m["sha256"]] = (event.id, outcome.action)
    for a in assignments:  # an older snapshot of a URL replaced by a newer one in the same batch
        if a.replaces in by_sha and a.replaces not in drafted:
            drafted[a.replaces] = (a.event, "superseded")
    return outcomes, drafted, [_url_conflict(a, by_sha[a.sha256], ledger) for a in assignments if a.conflicts]


def _url_conflict(assignment: Assignment, analysis: Analysis, ledger: Ledger) -> Failure:
    """A notice for the analyst: this snapshot came from a URL already cited for another text
    (a page that changed into another article, or one claiming another's URL); it replaced nothing."""
    where = [f"{sha[:12]} (in {ledger.event_of(sha) or 'an event'})" for sha in assignment.conflicts]
    return Failure.from_error("cluster", analysis.article.url or analysis.article.raw_sha256, URLConflict(
        f"{analysis.article.url}: this text is not the article already cited from this URL (source "
        f"{', '.join(where)}); that source was not replaced: both are kept, this one in {assignment.event}"),
        analysis.article.raw_sha256)


def _known_events(profiles: Sequence[ArticleProfile], *, ledger: Ledger, max_days: int) -> dict[str, EventSignature]:
    """The events a batch's articles could join: those within the date window of the dated ones,
    those that hold one of the inputs or URLs already, and those sharing an undated one's actors."""
    known = {e.id: e for e in ledger.undated_events()}
    window = timedelta(days=max_days)
    for first, last in _spans(sorted({p.date for p in profiles if p.date}), window):
        known.update({e.id: e for e in ledger.events_near((first - window).isoformat(), (last + window).isoformat())})
    known.update({e.id: e for e in ledger.events_with([p.sha256 for p in profiles], [p.url for p in profiles if p.url])})
    undated = [actor for p in profiles if p.date is None for actor in p.actors]
    known.update({e.id: e for e in ledger.events_sharing(undated)})
    return known


def _spans(days: list[date], window: timedelta) -> list[tuple[date, date]]:
    """Sorted days grouped into runs with gaps of at most two windows: one query per run, not one
    over a batch's whole span (a batch of an archive in random order would load every event)."""
    spans: list[tuple[date, date]] = []
    for day in days:
        if spans and day - spans[-1][1] <= 2 * window:
            spans[-1] = (spans[-1][0], day)
        else:
            spans.append((day, day))
    return spans


def _event_draft(event_id: str, members: list[dict], *, by_sha: dict[str, Analysis], settings: Settings) -> EventDraft | None:
    """An event's draft from the analyses of its sources (this batch's, else the stored ones)."""
    extracted_dir = settings.paths.extracted
    loaded = {m["sha256"]: by_sha.get(m["sha256"]) or load_analysis(extracted_dir, m["sha256"]) for m in members}
    cited = _cited_with([m for m in members if loaded[m["sha256"]] is not None])  # never under a missing one
    sources = [a for m in members if m["sha256"] not in cited and (a := loaded[m["sha256"]]) is not None]
    if not sources:
        return None
    duplicates: dict[str, list[tuple[str, str | None]]] = {}
    for m in members:
        if m["sha256"] in cited:
            duplicates.setdefault(cited[m["sha256"]], []).append((m["sha256"], m["url"]))
    merges = [m["merge"] | ({"missing": "analysis not found; reprocess to restore this source"}
                            if loaded[m["sha256"]] is None else {}) for m in members]
    return build_event_draft(sources, cfg=settings.draft, pipeline_version=__version__,
                             event_id=event_id, merges=merges, duplicates=duplicates)


def _cited_with(members: list[dict]) -> dict[str, str]:
    """Near-copies and the source each is cited with (a copy of a copy, with the first one's
    source). A copy whose original has left the event (a newer snapshot of the original's URL
    replaced it) is a source of its own again, so the event never loses an article."""
    copy_of = {m["sha256"]: m["duplicate_of"] for m in members}
    copy_of.update({sha: None for sha, original in copy_of.items() if original and original not in copy_of})
    cited: dict[str, str] = {}
    for sha in copy_of:
        original, seen = copy_of[sha], {sha}
        while original and copy_of[original] and original not in seen:  # a copy of a copy
            seen.add(original)
            original = copy_of[original]
        if original and original not in seen:
            cited[sha] = original
    return cited


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
