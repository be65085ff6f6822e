"""Events: which event each article of a batch reports, and the draft of every event it touched.

Three phases, the middle one pure:

    load     the events the batch's articles could join, from the ledger (`known_events`): those
             within the date window of the dated articles, those holding one of its inputs or
             URLs, those sharing an undated article's actors
    assign   each article to one of them, or to a new event (cluster.assign)
    write    the assignments into the ledger in one transaction, then each touched event's draft,
             rebuilt from the analyses of all its sources (`rebuild_draft`), matched against the
             timeline, given the tags and importance of its nearest timeline events (suggest.py)
             and written (store.write_draft: never over an analyst's edits)

Review's merge and split rebuild their drafts with `rebuild_draft` too.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from . import __version__
from .article_events import KEY_SEPARATOR, ArticleEvent, article_events, event_by_key, input_of
from .cluster import ArticleProfile, Assignment, assign, profile_event, remove_member
from .draft import base_id, build_event_draft
from .draft_file import draft_problem, render_draft
from .errors import URLConflict
from .records import Analysis, EventDraft, EventSignature, Failure
from .settings import Settings
from .store import Ledger, WriteOutcome, allocate_event_id, load_analysis, write_drafts
from .suggest import cached_tag_index, suggest_for_draft
from .timeline import cached_timeline, cited_by, match_draft


@dataclass(frozen=True)
class Written:
    """What writing a batch's events did."""

    outcomes: list[WriteOutcome]
    drafted: dict[str, tuple[str, str]] = field(default_factory=dict)  # input -> (event id, what happened)
    notices: list[Failure] = field(default_factory=list)  # snapshots at a source's URL with another text


def write_events(analyses: Sequence[Analysis], *, settings: Settings, ledger: Ledger, at: str,
                 defer: bool = False) -> Written:
    """Assign the batch's article events (each article's main event and the dated past events it
    narrates) to events (known ones from the ledger, or new) and write every touched event's
    draft (never over an analyst's edits).

    defer: the run writes stale drafts at its end (`write_stale`): a touched event that already
        has a draft and at least `draft.rewrite_at_end` sources is marked stale instead of being
        rebuilt now (a large event is otherwise rebuilt from all its sources after every batch
        that adds one); its inputs are `deferred`."""
    ccfg, extracted_dir = settings.cluster, settings.paths.extracted
    # A snapshot already replaced by a newer one of its URL (processed again by a new pipeline
    # version, say) stays replaced: taken as new, it would replace the newer one.
    replaced = ledger.superseded_among(a.article.raw_sha256 for a in analyses)
    analyses = [a for a in analyses if a.article.raw_sha256 not in replaced]
    by_sha = {a.article.raw_sha256: a for a in analyses}
    happened = {e.key: e for a in analyses for e in article_events(a, cfg=settings.draft)}
    profiles = [profile_event(e, cfg=ccfg) for e in happened.values()]
    known = known_events(profiles, ledger=ledger, max_days=ccfg.max_days)
    taken = ledger.event_ids()

    def new_id(profile: ArticleProfile) -> str:
        event_id = allocate_event_id(extracted_dir, base_id(happened[profile.sha256], cfg=settings.draft), taken)
        taken.add(event_id)
        return event_id

    assignments, touched = assign(profiles, list(known.values()), cfg=ccfg, new_id=new_id)
    redrawn = {e.id: e for e in touched}
    at_end = settings.draft.rewrite_at_end
    later = {e.id for e in touched if defer and at_end and len(e.members) >= at_end
             and ledger.written_hash(e.id) is not None}
    # One transaction: an event saved without its members (a kill or a full disk in between)
    # would take its inputs as already joined on the re-run, and its draft would never be written.
    with ledger.transaction():
        for event in touched:
            ledger.save_event(event)
        for a in assignments:
            if a.again:
                continue  # why it joined was recorded when it did
            merge = {"input": a.sha256, "score": a.score, "reason": a.reason}
            ledger.set_member(a.sha256, a.event, happened[a.sha256].analysis.article.url
                              if happened[a.sha256].kind == "main" else None, a.duplicate_of, merge)
            if a.replaces:
                ledger.supersede(a.replaces, a.sha256)
                # the older snapshot's past events leave their events too: the new one brings its own
                for key, event_id in ledger.narrated_by(a.replaces):
                    ledger.supersede(key, a.sha256)
                    event = redrawn.get(event_id) or ledger.event(event_id)
                    if event is not None:
                        redrawn[event_id] = remove_member(event, key)
                        ledger.save_event(redrawn[event_id])
        ledger.mark_stale(later)
    drafted: dict[str, tuple[str, str]] = {sha: (event_id, "superseded") for sha, event_id in replaced.items()}
    joined = {event_id: ledger.members(event_id) for event_id in sorted(redrawn)}
    outcomes = _write_drafts_of([i for i in joined if i not in later], joined, settings=settings, ledger=ledger,
                                at=at, by_sha=by_sha)
    results = [*((o.draft_id, o.action) for o in outcomes), *((i, "deferred") for i in sorted(later))]
    for draft_id, action in results:
        for m in joined[draft_id]:  # an input's outcome is its main event's
            if KEY_SEPARATOR not in m["sha256"] or input_of(m["sha256"]) not in drafted:
                drafted[input_of(m["sha256"])] = (draft_id, action)
    for a in assignments:  # an older snapshot of a URL replaced by a newer one in the same batch
        if a.replaces in by_sha and a.replaces not in drafted:
            drafted[a.replaces] = (a.event, "superseded")
    drafted = {sha: done for sha, done in drafted.items() if sha in by_sha or sha in replaced}
    return Written(outcomes, drafted, [url_conflict(a, happened[a.sha256].analysis, ledger)
                                       for a in assignments if a.conflicts])


def write_stale(*, settings: Settings, ledger: Ledger, at: str) -> list[WriteOutcome]:
    """Write the drafts `write_events(defer=True)` left behind their sources (the end of a run)."""
    stale = ledger.stale_events()
    if not stale:
        return []
    joined = {event_id: ledger.members(event_id) for event_id in stale}
    outcomes = _write_drafts_of(stale, joined, settings=settings, ledger=ledger, at=at)
    ledger.clear_stale(stale)
    return outcomes


def _write_drafts_of(event_ids: Sequence[str], joined: Mapping[str, list[dict]], *, settings: Settings, ledger: Ledger,
                     at: str, by_sha: Mapping[str, Analysis] | None = None) -> list[WriteOutcome]:
    """Rebuild the events' drafts from their members (`joined`), match each against the timeline,
    suggest its tags, and write them (never over an analyst's edits)."""
    timeline = cached_timeline(settings.paths.timeline) if settings.paths.timeline else None
    tag_index = cached_tag_index(settings.paths.timeline) if timeline is not None and settings.suggest.enabled else None
    rendered: list[tuple[str, str]] = []
    for event_id in event_ids:
        draft = rebuild_draft(event_id, joined[event_id], by_sha=by_sha, settings=settings)
        if draft is None:
            continue
        if timeline is not None:
            found = match_draft(draft, timeline, cfg=settings.timeline)
            cited = cited_by(draft, timeline, matches=found, cfg=settings.timeline)
            if found or cited:
                draft = draft.model_copy(update={"provenance": draft.provenance.model_copy(
                    update={"timeline_match": found, "already_cited": cited})})
        if tag_index is not None:
            draft = suggest_for_draft(draft, tag_index, cfg=settings.suggest)
        rendered.append((event_id, render_draft(draft, key_quote_min_words=settings.draft.key_quote_min_words)))
    return write_drafts(settings.paths.extracted, rendered, ledger, at, problem_of=draft_problem)


def url_conflict(assignment: Assignment, analysis: Analysis, ledger: Ledger) -> Failure:
    """A notice for the analyst: this snapshot came from a URL already cited for another text
    (a page that changed into another article, or one claiming another's URL); it replaced nothing."""
    where = [f"{sha[:12]} (in {ledger.event_of(sha) or 'an event'})" for sha in assignment.conflicts]
    return Failure.from_error("cluster", analysis.article.url or analysis.article.raw_sha256, URLConflict(
        f"{analysis.article.url}: this text is not the article already cited from this URL (source "
        f"{', '.join(where)}); that source was not replaced: both are kept, this one in {assignment.event}"),
        analysis.article.raw_sha256)


def known_events(profiles: Sequence[ArticleProfile], *, ledger: Ledger, max_days: int) -> dict[str, EventSignature]:
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


def rebuild_draft(event_id: str, members: list[dict], *, settings: Settings,
                  by_sha: Mapping[str, Analysis] | None = None) -> EventDraft | None:
    """An event's draft from its sources (each member is an article event: its input's analysis,
    `by_sha` for this batch's, else the stored one), in the order they joined (`members`, from the
    ledger); None when none is stored."""
    by_sha = by_sha or {}
    extracted_dir = settings.paths.extracted
    analyses: dict[str, Analysis | None] = {}
    found: dict[str, ArticleEvent | None] = {}
    for m in members:
        sha = input_of(m["sha256"])
        if sha not in analyses:
            analyses[sha] = by_sha.get(sha) or load_analysis(extracted_dir, sha)
        analysis = analyses[sha]
        found[m["sha256"]] = event_by_key(analysis, m["sha256"], cfg=settings.draft) if analysis else None
    cited = cited_with([m for m in members if found[m["sha256"]] is not None])  # never under a missing one
    sources = [e for m in members if m["sha256"] not in cited and (e := found[m["sha256"]]) is not None]
    if not sources:
        return None
    duplicates: dict[str, list[tuple[str, str | None]]] = {}
    for m in members:
        if m["sha256"] in cited:
            duplicates.setdefault(cited[m["sha256"]], []).append((m["sha256"], m["url"]))
    merges = [m["merge"] | ({"missing": "analysis not found; reprocess to restore this source"}
                            if found[m["sha256"]] is None else {}) for m in members]
    return build_event_draft(sources, cfg=settings.draft, pipeline_version=__version__,
                             event_id=event_id, merges=merges, duplicates=duplicates)


def cited_with(members: list[dict]) -> dict[str, str]:
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
