"""The review page: server-side HTML (FastAPI + Jinja2, autoescaped), a form per action, no
front-end build step. `newsevents review --serve` runs it on 127.0.0.1 by default.

Every action goes through pipeline.review: it names the version of the draft the page showed, so
a save from a stale tab is refused with a message (HTTP 409) instead of overwriting a newer one.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Annotated
from urllib.parse import quote

from fastapi import FastAPI, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates

from .. import review
from ..settings import Settings
from ..store import load_analysis, load_registry
from .highlight import highlight, lead_spans, spans_for

TEMPLATES = Path(__file__).with_name("templates")


def create_app(settings: Settings) -> FastAPI:
    """The review application for the drafts in settings.paths.extracted."""
    app = FastAPI(title="news-events review", docs_url=None, redoc_url=None, openapi_url=None)
    templates = Jinja2Templates(directory=str(TEMPLATES))  # autoescape on for .html
    extracted = settings.paths.extracted
    who = review.reviewer(settings.review.reviewer)

    def back(draft_id: str, message: str) -> RedirectResponse:
        return RedirectResponse(f"/drafts/{quote(draft_id)}?msg={quote(message)}", status_code=303)

    def refused(request: Request, draft_id: str, err: review.ReviewError) -> HTMLResponse:
        status = 409 if isinstance(err, review.StaleDraft) else 400
        return templates.TemplateResponse(request, "refused.html", {"draft_id": draft_id, "message": str(err)},
                                          status_code=status)

    def saved(draft: review.EventDraft, version: str) -> str:
        return review.save(extracted, draft, version=version, accepted_dir=settings.review.accepted_dir(extracted),
                           key_quote_min_words=settings.draft.key_quote_min_words)

    @app.get("/", response_class=HTMLResponse)
    def queue_page(request: Request, sort: str = "newest", status: str | None = None) -> HTMLResponse:
        try:
            items, counts = review.queue(extracted, sort=sort, status=status or None)
        except review.ReviewError as err:
            return refused(request, "", err)
        failures, failed = review.recent_failures(extracted)
        return templates.TemplateResponse(request, "queue.html", {
            "items": items, "counts": counts, "sort": sort, "status": status or "", "sorts": review.SORTS,
            "total": sum(counts.values()), "broken": [(path.name, problem) for path, problem in review.broken_drafts(extracted)],
            "failures": failures, "failed": failed,
        })

    @app.get("/drafts/{draft_id}", response_class=HTMLResponse)
    def draft_page(request: Request, draft_id: str, msg: str | None = None) -> HTMLResponse:
        try:
            opened = review.open_draft(extracted, draft_id)
        except review.ReviewError as err:
            return refused(request, draft_id, err)
        draft = opened.draft
        provenance = draft.provenance.model_dump(mode="json")
        several = len(draft.sources) > 1
        shas = draft.provenance.source_inputs or draft.provenance.inputs[:1]
        sources = []
        for i, source in enumerate(draft.sources):
            analysis = load_analysis(extracted, shas[i]) if i < len(shas) else None
            text = analysis.article.text if analysis else None
            spans = spans_for(provenance, i, several=several)
            if text:
                spans += lead_spans(text, draft.description)
            sources.append({"index": i, "source": source, "html": highlight(text, spans) if text else None})
        try:
            registry = sorted(a.name for a in load_registry(settings.paths.registry))
        except Exception:  # noqa: BLE001 - the page still works without the registry list
            registry = []
        others = [item for item in review.queue(extracted)[0] if item.id != draft.id]
        return templates.TemplateResponse(request, "draft.html", {
            "draft": draft, "version": opened.version, "sources": sources, "provenance": provenance,
            "message": msg, "statuses": review.ACCEPT_STATUSES, "registry": registry, "others": others,
            "actor_types": ("person", "organization", "government", "group", "place"),
        })

    def act(request: Request, draft_id: str, version: str, change: Callable[[review.EventDraft], review.EventDraft],
            message: str) -> Response:
        """Apply one action to the draft the page showed (refused, changing nothing, if it is stale)."""
        try:
            opened = review.open_current(extracted, draft_id, version)
            saved(change(opened.draft), version)
        except review.ReviewError as err:
            return refused(request, draft_id, err)
        return back(draft_id, message)

    @app.post("/drafts/{draft_id}/save")
    def save_fields(
        request: Request, draft_id: str, version: Annotated[str, Form()], title: Annotated[str, Form()],
        date: Annotated[str, Form()], description: Annotated[str, Form()], actors: Annotated[str, Form()] = "",
        tags: Annotated[str, Form()] = "", importance: Annotated[str, Form()] = "",
        location: Annotated[str, Form()] = "",
    ):
        changes = {"title": title, "date": date, "description": description, "actors": actors,
                   "tags": tags.replace(",", "\n"), "importance": importance, "location": location}
        return act(request, draft_id, version, lambda d: review.edit(d, changes, who=who, at=review.now()), "Saved.")

    @app.post("/drafts/{draft_id}/accept")
    def accept(request: Request, draft_id: str, version: Annotated[str, Form()],
               status: Annotated[str, Form()] = "confirmed"):
        return act(request, draft_id, version, lambda d: review.accept(d, status=status, who=who, at=review.now()),
                   f"Accepted as {status}; the record is in {settings.review.accepted_dir(extracted)}.")

    @app.post("/drafts/{draft_id}/reject")
    def reject(request: Request, draft_id: str, version: Annotated[str, Form()], reason: Annotated[str, Form()] = ""):
        return act(request, draft_id, version, lambda d: review.reject(d, reason=reason, who=who, at=review.now()),
                   "Rejected.")

    @app.post("/drafts/{draft_id}/candidate")
    def confirm_candidate(
        request: Request, draft_id: str, version: Annotated[str, Form()], name: Annotated[str, Form()],
        actor_type: Annotated[str, Form()] = "person", alias: Annotated[str, Form()] = "",
        decision: Annotated[str, Form()] = "confirm",
    ):
        def change(draft: review.EventDraft) -> review.EventDraft:
            return review.candidate_decision(draft, name=name, confirm=decision == "confirm", actor_type=actor_type,
                                             alias=alias or None, registry=settings.paths.registry, who=who,
                                             at=review.now())

        done = f"{name} added to the registry." if decision == "confirm" else f"{name} is not an actor."
        return act(request, draft_id, version, change, done)

    @app.post("/drafts/{draft_id}/map")
    def map_mention(request: Request, draft_id: str, version: Annotated[str, Form()],
                    mention: Annotated[str, Form()], actor: Annotated[str, Form()]):
        def change(draft: review.EventDraft) -> review.EventDraft:
            return review.map_mention(draft, mention=mention, actor=actor, registry=settings.paths.registry,
                                      who=who, at=review.now())

        return act(request, draft_id, version, change, f"“{mention}” is now an alias of {actor}.")

    @app.post("/drafts/{draft_id}/merge")
    def merge(request: Request, draft_id: str, version: Annotated[str, Form()], other: Annotated[str, Form()]):
        try:
            target = review.open_current(extracted, draft_id, version)
            theirs = review.open_draft(extracted, other)
            merged, gone = review.merge(settings, target, theirs, who=who, at=review.now())
            saved(merged, version)
            saved(gone, theirs.version)
        except review.ReviewError as err:
            return refused(request, draft_id, err)
        return back(draft_id, f"Merged {other} into this event ({len(merged.sources)} sources).")

    @app.post("/drafts/{draft_id}/split")
    def split(request: Request, draft_id: str, version: Annotated[str, Form()], source: Annotated[int, Form()]):
        try:
            opened = review.open_current(extracted, draft_id, version)
            remaining, new = review.split(settings, opened, source, who=who, at=review.now())
            review.write_new(extracted, new, key_quote_min_words=settings.draft.key_quote_min_words)
            saved(remaining, version)
        except review.ReviewError as err:
            return refused(request, draft_id, err)
        return back(draft_id, f"Source {source} is now the event {new.id}.")

    return app
