"""The review page: server-side HTML (FastAPI + Jinja2, autoescaped), a form per action, no
front-end build step. `newsevents review --serve` runs it on 127.0.0.1 by default.

Every action goes through pipeline.review: it names the version of the draft the page showed, so
a save from a stale tab is refused with a message (HTTP 409) instead of overwriting a newer one.

Who may use it (see pipeline.accounts): every route but /login and /static needs an analyst's
session (a page redirects to /login, an action gets 401), and every action is logged under that
analyst's name. A POST must carry the session's CSRF token and, when the browser names one, come
from the page's own origin (scheme, host and port): a page on another origin, another port of
127.0.0.1 included, changes nothing (403). Requests for a Host the page does not serve get 400
(DNS rebinding), and every response forbids inline scripts and framing (Content-Security-Policy).
"""

from __future__ import annotations

import hmac
import secrets
from collections.abc import Callable, Sequence
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Any, Optional
from urllib.parse import quote, urlsplit

from fastapi import Depends, FastAPI, Form, HTTPException, Query, Request
from fastapi.responses import (
    HTMLResponse,
    JSONResponse,
    PlainTextResponse,
    RedirectResponse,
    Response,
)
from fastapi.staticfiles import StaticFiles
from rapidfuzz import fuzz, process
from rapidfuzz.utils import default_process
from fastapi.templating import Jinja2Templates
from starlette.concurrency import run_in_threadpool
from starlette.middleware.trustedhost import TrustedHostMiddleware

from .. import accounts, review
from ..errors import PipelineError
from ..records import DRAFT_FIELDS
from ..settings import Settings
from ..store import load_analysis, load_registries
from ..timeline import cached_timeline
from .highlight import highlight, lead_spans, spans_for

TEMPLATES = Path(__file__).with_name("templates")
FIELDS = tuple(f for f in DRAFT_FIELDS if f.editable)  # the draft form's, in order
STATIC = Path(__file__).with_name("static")

SESSION_COOKIE = "newsevents_session"
LOGIN_COOKIE = "newsevents_login"  # the login form's CSRF token, before there is a session
CSRF_FIELD = "csrf"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
PUBLIC = ("/login", "/static/")  # all else needs a session
DEFAULT_PORTS = {"http": "80", "https": "443"}
# No inline script or style at all (article text is data, never code), no framing, forms post
# only here. The page's script and styles are files under /static.
CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; "
       "frame-ancestors 'none'; form-action 'self'; base-uri 'none'")
SECURITY_HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",  # frame-ancestors for browsers that predate it
}


def create_app(settings: Settings) -> FastAPI:
    """The review application for the drafts in settings.paths.extracted, for the analysts in
    review.accounts, answering the Host names of review.hosts()."""
    app = FastAPI(title="news-events review", docs_url=None, redoc_url=None, openapi_url=None,
                  dependencies=[Depends(_checked_token)])
    templates = Jinja2Templates(directory=str(TEMPLATES))  # autoescape on for .html
    extracted = settings.paths.extracted
    cfg = settings.review
    accounts_file = cfg.accounts_file(settings.paths.state)
    sessions = accounts.Sessions(lifetime=cfg.session_hours * 3600)
    throttle = accounts.Throttle(limit=cfg.login_attempts, window=cfg.login_lockout)

    def analysts() -> dict[str, dict[str, Any]]:
        try:
            return accounts.load_accounts(accounts_file)
        except accounts.AccountError:
            return {}  # nobody can log in until the file reads again

    @app.middleware("http")
    async def guard(request: Request, call_next: Callable) -> Response:
        """Same-origin POSTs only; a session for all but the login page; security headers on all."""
        request.state.session = sessions.get(request.cookies.get(SESSION_COOKIE), analysts())
        if request.method not in SAFE_METHODS and not _same_origin(request):
            response: Response = PlainTextResponse("refused: the request came from another site", status_code=403)
        elif request.state.session is None and not request.url.path.startswith(PUBLIC):
            if request.method in SAFE_METHODS:
                target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
                response = RedirectResponse(f"/login?next={quote(target)}", status_code=303)
            else:
                response = PlainTextResponse("log in first: /login", status_code=401)
        else:
            response = await call_next(request)
        response.headers.update(SECURITY_HEADERS)
        return response

    # Added last, so it runs first: a Host the page does not serve gets 400 before anything else.
    app.add_middleware(TrustedHostMiddleware, allowed_hosts=list(cfg.hosts()), www_redirect=False)
    app.mount("/static", StaticFiles(directory=str(STATIC)), name="static")

    def page(request: Request, name: str, context: dict[str, Any], status_code: int = 200) -> HTMLResponse:
        session = request.state.session
        context = {"analyst": session.name if session else None, "csrf": session.csrf if session else "", **context}
        return templates.TemplateResponse(request, name, context, status_code=status_code)

    def who(request: Request) -> str:
        """The logged-in analyst: the name every action is logged under."""
        return request.state.session.name

    def secure(request: Request) -> bool:
        return cfg.secure_cookie or request.url.scheme == "https"

    # ----------------------------------------------------------------------------- logging in

    def login_page(request: Request, *, next_: str, message: str | None = None, name: str = "",
                   status_code: int = 200) -> HTMLResponse:
        token = request.cookies.get(LOGIN_COOKIE) or secrets.token_urlsafe(accounts.TOKEN_BYTES)
        response = page(request, "login.html", {"csrf": token, "next": next_, "message": message, "name": name},
                        status_code=status_code)
        response.set_cookie(LOGIN_COOKIE, token, httponly=True, samesite="strict", path="/login",
                            secure=secure(request))
        return response

    @app.get("/login", response_class=HTMLResponse)
    def login_form(request: Request, then: Annotated[str, Query(alias="next")] = "/") -> Response:
        if request.state.session is not None:
            return RedirectResponse(_local(then), status_code=303)
        return login_page(request, next_=_local(then))

    @app.post("/login")
    def login(request: Request, name: Annotated[str, Form()], password: Annotated[str, Form()],
              then: Annotated[str, Form(alias="next")] = "/") -> Response:
        """Same answer, and the same scrypt work, for an unknown name as for a wrong password;
        login_attempts failures for a name or from a client and its logins wait (429)."""
        client = request.client.host if request.client else "?"
        keys = (f"name:{name[:accounts.MAX_NAME * 2]}", f"client:{client}")
        if throttle.blocked(*keys):
            return login_page(request, next_=_local(then), name=name, status_code=429,
                              message="Too many failed logins: try again later.")
        known = analysts()
        analyst = accounts.authenticate(known, name, password)
        if analyst is None:
            throttle.failed(*keys)
            return login_page(request, next_=_local(then), name=name, status_code=401,
                              message="Wrong name or password.")
        session = sessions.start(analyst, known[analyst]["hash"])
        response = RedirectResponse(_local(then), status_code=303)
        response.set_cookie(SESSION_COOKIE, session.token, httponly=True, samesite="strict", path="/",
                            secure=secure(request), max_age=int(cfg.session_hours * 3600))
        response.delete_cookie(LOGIN_COOKIE, path="/login")
        return response

    @app.post("/logout")
    def logout(request: Request) -> Response:
        sessions.end(request.cookies.get(SESSION_COOKIE))
        response = RedirectResponse("/login", status_code=303)
        response.delete_cookie(SESSION_COOKIE, path="/", httponly=True, samesite="strict", secure=secure(request))
        return response

    # ----------------------------------------------------------------------------------- pages

    def back(draft_id: str, message: str) -> RedirectResponse:
        return RedirectResponse(f"/drafts/{quote(draft_id)}?msg={quote(message)}", status_code=303)

    def refused(request: Request, draft_id: str, err: review.ReviewError) -> HTMLResponse:
        status = 409 if isinstance(err, review.StaleDraft) else 400
        return page(request, "refused.html", {"draft_id": draft_id, "message": str(err)}, status_code=status)

    def saved(draft: review.EventDraft, version: str) -> str:
        return review.save(extracted, draft, version=version, accepted_dir=settings.review.accepted_dir(extracted),
                           key_quote_min_words=settings.draft.key_quote_min_words)

    @app.get("/", response_class=HTMLResponse)
    def queue_page(request: Request, sort: str = "newest", status: str = "draft", q: str = "", kind: str = "",
                   match: str = "", outlet: str = "", since: str = "", until: str = "",
                   msg: str | None = None) -> HTMLResponse:
        """The queue: pending drafts by default (status=all for every one), searched and filtered."""
        filters = review.Filters(q=q.strip(), status=None if status == "all" else status or None, kind=kind or None,
                                 match=match or None, outlet=outlet.strip() or None, since=since or None,
                                 until=until or None)
        try:
            items, counts = review.queue(extracted, sort=sort, filters=filters)
        except review.ReviewError as err:
            return refused(request, "", err)
        failures, failed = review.recent_failures(extracted)
        notices, noticed = review.recent_failures(extracted, notices=True)
        return page(request, "queue.html", {
            "items": items, "counts": counts, "sort": sort, "status": status, "sorts": review.SORTS,
            "filters": filters, "message": msg, "kinds": ("main", "background", "item"), "matches": review.MATCHES,
            "request_path": "/" + (f"?{request.url.query}" if request.url.query else ""),
            "total": sum(counts.values()), "broken": [(path.name, problem) for path, problem in review.broken_drafts(extracted)],
            "failures": failures, "failed": failed, "notices": notices, "noticed": noticed,
        })

    @app.get("/drafts/{draft_id}", response_class=HTMLResponse)
    def draft_page(request: Request, draft_id: str, msg: str | None = None) -> HTMLResponse:
        try:
            opened = review.open_draft(extracted, draft_id)
        except review.ReviewError as err:
            now = review.renamed_to(extracted, draft_id)
            return RedirectResponse(f"/drafts/{quote(now)}", status_code=301) if now else refused(request, draft_id, err)
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
        names = [*draft.actors, *draft.provenance.mentioned_actors,
                 *(c["name"] for c in draft.provenance.new_actor_candidates)]
        registry = closest_actors(registry_names(), names)
        every = review.queue(extracted, filters=review.Filters())[0]  # read once for the links and the merge menu
        others = [item for item in every if item.id != draft.id and item.status != "merged"]
        return page(request, "draft.html", {
            "matches": _matched_events(draft), "strong": review.strong_match(draft, settings.review.strong_match),
            **dict(zip(("prev_id", "next_id"), review.neighbours(every, draft.id))),
            "draft": draft, "version": opened.version, "sources": sources, "provenance": provenance,
            "message": msg, "statuses": review.ACCEPT_STATUSES, "registry": registry, "others": others,
            "actor_types": ("person", "organization", "government", "group", "place"),
            "fields": FIELDS, "values": {f.name: review.form_value(draft, f.name) for f in FIELDS},
        })

    def act(request: Request, draft_id: str, version: str, change: Callable[[review.EventDraft], review.EventDraft],
            message: str, *, then_next: bool = False) -> Response:
        """Apply one action to the draft the page showed (refused, changing nothing, if it is stale);
        after a decision (`then_next`), go on to the next pending draft of the queue."""
        try:
            opened = review.open_current(extracted, draft_id, version)
            saved(change(opened.draft), version)
        except review.ReviewError as err:
            return refused(request, draft_id, err)
        return go_on(draft_id, f"{draft_id}: {message}") if then_next else back(draft_id, message)

    def go_on(draft_id: str, note: str) -> RedirectResponse:
        """After a decision on `draft_id`: the next pending draft of the queue, saying `note` (the
        queue itself when none is left)."""
        following = review.next_after(review.queue(extracted, filters=review.Filters())[0], draft_id)
        if following is None:
            return RedirectResponse(f"/?msg={quote(note + ' No draft is pending.')}", status_code=303)
        return back(following, note)

    @app.post("/drafts/{draft_id}/save")
    async def save_fields(request: Request, draft_id: str, version: Annotated[str, Form()]):
        """The editable fields of records.DRAFT_FIELDS, as the form sends them (a field left out
        of the form is left as it is; tags come comma-separated)."""
        form = await request.form()
        changes = {f.name: str(form[f.name]).replace(",", "\n") if f.kind == "tags" else str(form[f.name])
                   for f in FIELDS if f.name in form}
        return await run_in_threadpool(save_edit, request, draft_id, version, changes)

    def save_edit(request: Request, draft_id: str, version: str, changes: dict[str, str]) -> Response:
        """Save the edited fields; a pending draft whose title or date changed takes the id they
        make (the old id then leads here), an accepted one keeps its id."""
        try:
            opened = review.open_current(extracted, draft_id, version)
            edited = review.edit(opened.draft, changes, who=who(request), at=review.now())
            new_id = review.renamed_id(extracted, edited)
            if new_id is None:
                saved(edited, version)
                return back(draft_id, "Saved.")
            review.save_renamed(extracted, edited, new_id, version=version,
                                key_quote_min_words=settings.draft.key_quote_min_words)
        except review.ReviewError as err:
            return refused(request, draft_id, err)
        return back(new_id, f"Saved; the draft's id is now {new_id} (it was {draft_id}).")

    def _matched_events(draft: review.EventDraft) -> list[dict[str, Any]]:
        """The draft's timeline matches, each with the timeline's event beside it (when a timeline
        is configured and holds it): title, date, actors, sources, tags."""
        timeline = None
        if settings.paths.timeline is not None and draft.provenance.timeline_match:
            try:
                timeline = cached_timeline(settings.paths.timeline)
            except PipelineError:
                timeline = None  # the page still shows the matches as the draft recorded them
        found = []
        for match in draft.provenance.timeline_match:
            event = timeline.event(str(match.get("id"))) if timeline else None
            named = {a.casefold() for a in event.actor_names} if event else set()
            found.append({"match": match, "event": event,
                          "new_actors": [a for a in draft.actors if a.casefold() not in named]})
        return found

    @app.post("/drafts/{draft_id}/accept")
    def accept(request: Request, draft_id: str, version: Annotated[str, Form()],
               status: Annotated[str, Form()] = "confirmed", new: Annotated[str, Form()] = "",
               importance: Annotated[str, Form()] = ""):
        def change(draft: review.EventDraft) -> review.EventDraft:
            strong = review.strong_match(draft, settings.review.strong_match)
            if strong and new != "yes":
                raise review.ReviewError(f"the timeline seems to have this event already ({strong['id']}, score "
                                         f"{strong['score']}): add the sources to it, or tick that it is a new event")
            if importance.strip() and not importance.strip().isdigit():
                raise review.ReviewError(f"importance is a whole number from 1 to 10, not {importance!r}")
            return review.accept(draft, status=status, who=who(request), at=review.now(),
                                 importance=int(importance) if importance.strip() else None)

        return act(request, draft_id, version, change,
                   f"Accepted as {status}; the record is in {settings.review.accepted_dir(extracted)}.", then_next=True)

    @app.post("/drafts/{draft_id}/accept-into")
    def accept_into(request: Request, draft_id: str, version: Annotated[str, Form()], event: Annotated[str, Form()],
                    actor: Annotated[Optional[list[str]], Form()] = None, status: Annotated[str, Form()] = "confirmed"):
        return act(request, draft_id, version,
                   lambda d: review.accept_into(d, event, actors=actor or [], status=status, who=who(request),
                                                at=review.now()),
                   f"Added to {event}: `newsevents export --to TIMELINE_DIR` writes the sources into its file.",
                   then_next=True)

    @app.post("/drafts/{draft_id}/reject")
    def reject(request: Request, draft_id: str, version: Annotated[str, Form()], reason: Annotated[str, Form()] = ""):
        return act(request, draft_id, version,
                   lambda d: review.reject(d, reason=reason, who=who(request), at=review.now()), "Rejected.",
                   then_next=True)

    @app.post("/drafts/{draft_id}/candidate")
    def confirm_candidate(
        request: Request, draft_id: str, version: Annotated[str, Form()], name: Annotated[str, Form()],
        actor_type: Annotated[str, Form()] = "person", alias: Annotated[str, Form()] = "",
        decision: Annotated[str, Form()] = "confirm",
    ):
        def change(draft: review.EventDraft) -> review.EventDraft:
            return review.candidate_decision(draft, name=name, confirm=decision == "confirm", actor_type=actor_type,
                                             alias=alias or None, registry=settings.paths.registry,
                                             who=who(request), at=review.now())

        done = f"{name} added to the registry." if decision == "confirm" else f"{name} is not an actor."
        return act(request, draft_id, version, change, done)

    def registry_names() -> tuple[str, ...]:
        """The registry's actor names, read again only when a registry file changed."""
        files = settings.paths.registry_files()
        try:
            return _names_of(tuple((p, p.stat().st_mtime_ns) for p in files if p.exists()))
        except Exception:  # noqa: BLE001 - the page still works without the registry's names
            return ()

    @app.get("/actors")
    def actors(q: str = "") -> JSONResponse:
        """The registry's actors closest to what the analyst typed (the type-ahead of "map a name")."""
        return JSONResponse(closest_actors(registry_names(), [q], per_name=TYPEAHEAD))

    @app.post("/drafts/{draft_id}/not-actors")
    def not_actors(request: Request, draft_id: str, version: Annotated[str, Form()],
                   name: Annotated[Optional[list[str]], Form()] = None):
        """Several new-actor candidates set aside at once (the ticked ones)."""
        names = list(dict.fromkeys(name or []))

        def change(draft: review.EventDraft) -> review.EventDraft:
            if not names:
                raise review.ReviewError("tick the candidates that are not actors first")
            for one in names:
                draft = review.candidate_decision(draft, name=one, confirm=False, registry=settings.paths.registry,
                                                  who=who(request), at=review.now())
            return draft

        return act(request, draft_id, version, change, f"Not actors: {', '.join(names)}.")

    @app.post("/bulk/reject")
    def bulk_reject(request: Request, reason: Annotated[str, Form()] = "",
                    draft: Annotated[Optional[list[str]], Form()] = None, back_to: Annotated[str, Form()] = "/"):
        """The ticked drafts of the queue rejected with one reason; each is saved as it is now
        (one that cannot be is named, the others are still rejected)."""
        ids, done, failed = list(dict.fromkeys(draft or [])), [], []
        if not " ".join(reason.split()):
            failed.append("a rejection needs a reason")
        for draft_id in ids if not failed else []:
            try:
                opened = review.open_draft(extracted, draft_id)
                saved(review.reject(opened.draft, reason=reason, who=who(request), at=review.now()), opened.version)
                done.append(draft_id)
            except review.ReviewError as err:
                failed.append(f"{draft_id}: {err}")
        note = f"Rejected {len(done)} draft{'s' if len(done) != 1 else ''}." + (" Not done: " + "; ".join(failed) if failed else "")
        target = _local(back_to)
        return RedirectResponse(f"{target}{'&' if '?' in target else '?'}msg={quote(note)}", status_code=303)

    @app.post("/drafts/{draft_id}/add-actor")
    def add_actor(request: Request, draft_id: str, version: Annotated[str, Form()], name: Annotated[str, Form()]):
        return act(request, draft_id, version,
                   lambda d: review.add_mentioned(d, name=name, who=who(request), at=review.now()),
                   f"{name} is one of the event's actors.")

    @app.post("/drafts/{draft_id}/map")
    def map_mention(request: Request, draft_id: str, version: Annotated[str, Form()],
                    mention: Annotated[str, Form()], actor: Annotated[str, Form()] = ""):
        def change(draft: review.EventDraft) -> review.EventDraft:
            if not actor.strip():
                raise review.ReviewError("name the known actor (type its name and choose it from the list)")
            return review.map_mention(draft, mention=mention, actor=actor, registry=settings.paths.registry,
                                      also=settings.paths.registries, who=who(request), at=review.now())

        return act(request, draft_id, version, change, f"“{mention}” is now an alias of {actor}.")

    @app.post("/drafts/{draft_id}/merge")
    def merge(request: Request, draft_id: str, version: Annotated[str, Form()], other: Annotated[str, Form()]):
        try:
            target = review.open_current(extracted, draft_id, version)
            theirs = review.open_draft(extracted, other)
            merged, gone = review.merge(settings, target, theirs, who=who(request), at=review.now())
            saved(merged, version)
            saved(gone, theirs.version)
        except review.ReviewError as err:
            return refused(request, draft_id, err)
        return go_on(draft_id, f"{draft_id}: merged {other} into this event ({len(merged.sources)} sources).")

    @app.post("/drafts/{draft_id}/split")
    def split(request: Request, draft_id: str, version: Annotated[str, Form()], source: Annotated[int, Form()]):
        try:
            opened = review.open_current(extracted, draft_id, version)
            remaining, new = review.split(settings, opened, source, who=who(request), at=review.now())
            review.write_new(extracted, new, key_quote_min_words=settings.draft.key_quote_min_words)
            saved(remaining, version)
        except review.ReviewError as err:
            return refused(request, draft_id, err)
        return back(draft_id, f"Source {source} is now the event {new.id}.")

    return app


async def _checked_token(request: Request) -> None:
    """Every POST carries the CSRF token of its session (of the login form, before there is one),
    compared in constant time; without it nothing is done (403)."""
    if request.method in SAFE_METHODS:
        return
    session = request.state.session
    expected = request.cookies.get(LOGIN_COOKIE) if request.url.path == "/login" else session and session.csrf
    sent = (await request.form()).get(CSRF_FIELD)
    if not expected or not isinstance(sent, str) or not hmac.compare_digest(sent.encode(), expected.encode()):
        raise HTTPException(status_code=403, detail="refused: the form is not one this page gave you (reload it)")


def _origin(scheme: str, netloc: str) -> str:
    netloc = netloc.lower()
    port = DEFAULT_PORTS.get(scheme.lower())
    return f"{scheme.lower()}://{netloc.removesuffix(f':{port}') if port else netloc}"


TYPEAHEAD = 10  # names the type-ahead offers


@lru_cache(maxsize=4)
def _names_of(files: tuple[tuple[Path, int], ...]) -> tuple[str, ...]:
    return tuple(sorted({a.name for a in load_registries([path for path, _ in files])}))


def closest_actors(names: Sequence[str], wanted: Sequence[str], *, per_name: int = 5, limit: int = 40) -> list[str]:
    """The registry names closest to each of `wanted` (rapidfuzz WRatio), best first, each once:
    what the page offers instead of a menu of every actor."""
    found: dict[str, float] = {}
    for text in wanted:
        if not text.strip():
            continue
        for name, score, _ in process.extract(text, names, scorer=fuzz.WRatio, processor=default_process, limit=per_name):
            found[name] = max(score, found.get(name, 0.0))
    return sorted(found, key=lambda n: -found[n])[:limit]


def _same_origin(request: Request) -> bool:
    """Whether a POST comes from the page's own origin, by its Origin header, else its Referer;
    with neither (some privacy settings strip both), the CSRF token alone decides."""
    own = _origin(request.url.scheme, request.headers.get("host", ""))
    origin = request.headers.get("origin")
    if origin is not None:
        parts = urlsplit(origin)
        return _origin(parts.scheme, parts.netloc) == own  # "null" (a sandboxed frame) is not
    referer = request.headers.get("referer")
    if referer is not None:
        parts = urlsplit(referer)
        return _origin(parts.scheme, parts.netloc) == own
    return True


def _local(target: str) -> str:
    """Where to go after logging in: a path of this page, never another site (`//evil`, `/\\evil`,
    `/<tab>/evil`: browsers drop tabs and line breaks from URLs)."""
    if not target.startswith("/") or target.startswith("//") or "\\" in target or not target.isprintable():
        return "/"
    return target
