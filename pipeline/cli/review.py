"""`newsevents review ...`: go through drafts in the terminal, or serve the review page.

The same actions as the page (pipeline.review), with the same audit trail: each is logged in the
draft's `review` list and in the ledger, with who (here review.reviewer or the OS user; on the
page the analyst logged in) and when. Exit codes: 0 done, 1 refused (a stale copy, a bad value),
2 for bad settings, an unknown draft, or --serve with no analyst accounts.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from .. import review
from ..records import DRAFT_FIELDS, EDITABLE
from ..settings import Settings
from .common import settings_or_exit

LISTS = {f.name for f in DRAFT_FIELDS if f.kind in ("list", "tags")}  # `--set actors=A;B`

review_app = typer.Typer(
    help="Review drafts: list, show, accept, reject, edit; or --serve the review page.",
    invoke_without_command=True,
    add_completion=False,
    rich_markup_mode=None,
)
console = Console(stderr=True)
out = Console()

ConfigOption = Annotated[Optional[Path], typer.Option("--config", "-c", help="A TOML settings file.")]
IdArgument = Annotated[str, typer.Argument(help="The draft's id (its file name without .md).", show_default=False)]




@review_app.callback()
def main(
    ctx: typer.Context,
    serve: Annotated[bool, typer.Option("--serve", help="Serve the review page (until Ctrl+C).")] = False,
    host: Annotated[Optional[str], typer.Option("--host", help="Address to listen on (default review.host, 127.0.0.1).")] = None,
    port: Annotated[Optional[int], typer.Option("--port", min=1, max=65535,
                                                help="Port (default review.port, 8765).")] = None,
    config: ConfigOption = None,
) -> None:
    """Review drafts in extracted/."""
    if not serve:
        if ctx.invoked_subcommand is None:
            out.print(ctx.get_help())
        return
    import uvicorn

    from .. import accounts
    from ..web.app import create_app

    settings = settings_or_exit(config)
    host = host or settings.review.host
    port = port or settings.review.port
    settings = settings.model_copy(update={"review": settings.review.model_copy(update={"host": host, "port": port})})
    path = settings.review.accounts_file(settings.paths.state)
    try:
        analysts = accounts.load_accounts(path)
    except accounts.AccountError as err:
        console.print(f"[red]not started:[/red] {escape(str(err))}")
        raise typer.Exit(2) from err
    if not analysts:  # a page nobody can log in to is of no use; one anybody could use is not served
        console.print(f"[red]not started:[/red] no analyst can log in (no accounts in {escape(str(path))}). "
                      "Add one with:  newsevents analyst add NAME", soft_wrap=True)
        raise typer.Exit(2)
    out.print(f"Review page on http://{host}:{port}/ for the drafts in {settings.paths.extracted.resolve()}/ "
              f"({len(analysts)} analyst{'s' if len(analysts) != 1 else ''} can log in; Ctrl+C stops).")
    if not settings.review.allowed_hosts and host not in ("127.0.0.1", "localhost", "::1"):
        out.print(f"It answers requests for the host names {', '.join(settings.review.hosts())} only: set "
                  "review.allowed_hosts to the names analysts use.", highlight=False)
    with console.status("Indexing the drafts for the queue ..."):  # the first page is then as fast as the rest
        indexed = review.indexed(settings.paths.extracted)
    out.print(f"{len(indexed):,} drafts indexed.", highlight=False)
    uvicorn.run(create_app(settings), host=host, port=port, log_level="warning")


def _open(settings: Settings, draft_id: str) -> review.Opened:
    try:
        return review.open_draft(settings.paths.extracted, _full_id(settings, draft_id))
    except review.ReviewError as err:
        console.print(f"[red]{escape(str(err))}[/red]")
        raise typer.Exit(2) from err


def _full_id(settings: Settings, draft_id: str) -> str:
    """The draft id, also from the start of one (`review list` cuts long ids short with "…") or an
    id it had before its title or date were edited."""
    start = draft_id.rstrip("…")
    if (settings.paths.extracted / f"{start}.md").exists() or not start:
        return start
    now = review.renamed_to(settings.paths.extracted, start)  # an id a pending draft had before an edit
    if now is not None:
        return now
    found = [e.path.stem for e in review.indexed(settings.paths.extracted) if e.path.stem.startswith(start)]
    return found[0] if len(found) == 1 else draft_id


def _save(settings: Settings, opened: review.Opened, draft: review.EventDraft) -> None:
    try:
        review.save(settings.paths.extracted, draft, version=opened.version,
                    accepted_dir=settings.review.accepted_dir(settings.paths.extracted),
                    key_quote_min_words=settings.draft.key_quote_min_words)
    except review.ReviewError as err:
        console.print(f"[red]not saved:[/red] {escape(str(err))}")
        raise typer.Exit(1) from err


def _act(settings: Settings, draft_id: str, action) -> review.EventDraft:  # noqa: ANN001 - a small callable
    opened = _open(settings, draft_id)
    try:
        draft = action(opened.draft, review.reviewer(settings.review.reviewer), review.now())
    except review.ReviewError as err:
        console.print(f"[red]not saved:[/red] {escape(str(err))}")
        raise typer.Exit(1) from err
    _save(settings, opened, draft)
    return draft


@review_app.command("list")
def list_drafts(
    sort: Annotated[str, typer.Option(help=f"One of: {', '.join(review.SORTS)}.")] = "newest",
    status: Annotated[str, typer.Option(help="draft (the pending ones), confirmed, rejected, ... or all.")] = "draft",
    q: Annotated[str, typer.Option("--q", "-q", help="Words to find in titles, descriptions, actors, outlets.")] = "",
    kind: Annotated[Optional[str], typer.Option(help="main, background or item.")] = None,
    match: Annotated[Optional[str], typer.Option(help="cited, matched or new (against the timeline).")] = None,
    config: ConfigOption = None,
) -> None:
    """The queue, pending drafts by default: id, date, title, sources, timeline match, status.
    Ids too long for the terminal end in "…": the start of an id is enough for `review show`."""
    settings = settings_or_exit(config)
    filters = review.Filters(q=q, status=None if status == "all" else status, kind=kind, match=match)
    try:
        items, counts = review.queue(settings.paths.extracted, sort=sort, filters=filters)
    except review.ReviewError as err:
        console.print(f"[red]{escape(str(err))}[/red]")
        raise typer.Exit(2) from err
    table = Table(title="drafts: " + ", ".join(f"{k} {v}" for k, v in counts.most_common())
                  + f"; {len(items)} shown", box=None, pad_edge=False, title_justify="left", padding=(0, 2, 0, 0))
    # fixed widths but the title's: a 100-column terminal shows every column of every row
    widths = {"id": min(36, max((len(i.id) for i in items), default=2)), "date": 10, "src": 3, "match": 7, "status": 9}
    widths["title"] = max(12, out.width - sum(widths.values()) - 2 * len(widths))  # the rest, gaps of 2 between
    for name in ("id", "date", "title", "src", "match", "status"):
        table.add_column(name, no_wrap=True, overflow="ellipsis", width=widths[name],
                         justify="right" if name == "src" else "left")
    for item in items:
        table.add_row(escape(item.id), item.date, escape(item.title), str(item.sources), item.match, item.status)
    out.print(table)
    for path, problem in review.broken_drafts(settings.paths.extracted):
        out.print(f"[red]not a valid draft[/red] {escape(str(path))}: {escape(problem)}", highlight=False)


@review_app.command()
def show(draft_id: IdArgument, config: ConfigOption = None) -> None:
    """One draft: its fields, sources, where its date comes from, and its review log."""
    settings = settings_or_exit(config)
    draft = _open(settings, draft_id).draft
    out.print(f"[bold]{escape(draft.title)}[/bold]  ({draft.status}, {draft.date})", highlight=False)
    out.print(escape(draft.description), highlight=False)
    out.print(f"date: {escape(draft.provenance.date_rule)}", highlight=False)
    out.print("actors: " + escape(", ".join(draft.actors)), highlight=False)
    for i, s in enumerate(draft.sources):
        out.print(f"source {i}: {escape(s.outlet or '?')}, {s.date or 'undated'}: {escape(s.title or s.url or '')}",
                  highlight=False)
    for cited in draft.provenance.already_cited:
        out.print(f"already cited by {escape(', '.join(cited['events']))}: {escape(cited['url'])}", highlight=False)
    for match in draft.provenance.timeline_match:
        out.print(f"already in the timeline? {escape(match['id'])} ({match['date']}, score {match['score']}): "
                  f"{escape(match['title'])}", highlight=False)
    for entry in draft.review:
        out.print(f"review: {entry['at']} {escape(entry['by'])} {entry['action']} "
                  + escape(str({k: v for k, v in entry.items() if k not in ('at', 'by', 'action')})), highlight=False)


@review_app.command()
def accept(
    draft_id: IdArgument,
    status: Annotated[str, typer.Option(help=f"The timeline status: {', '.join(review.ACCEPT_STATUSES)}.")] = "confirmed",
    into: Annotated[Optional[str], typer.Option("--into", metavar="EVENT_ID", help="Add the draft's sources to this "
                                                "timeline event instead of recording a new one.")] = None,
    actor: Annotated[Optional[list[str]], typer.Option("--actor", help="With --into: an actor of the draft to add "
                                                       "to the event too. Repeatable.")] = None,
    new: Annotated[bool, typer.Option("--new", help="Accept as a new event although the timeline seems to have "
                                      "it (a strong match, or a source it already cites).")] = False,
    importance: Annotated[Optional[int], typer.Option(min=1, max=10, help="The event's importance (1-10); a new "
                                                      "event needs one (default: the draft's own).")] = None,
    config: ConfigOption = None,
) -> None:
    """Accept a draft: as a new event (its record goes to the accepted folder), or with --into as
    new sources of an event the timeline has (`newsevents export` writes both into a checkout)."""
    settings = settings_or_exit(config)
    if actor and not into:
        console.print("[red]--actor goes with --into (the actors of a new event are the draft's own)[/red]")
        raise typer.Exit(2)
    if into:
        _known_event(settings, into)
        _act(settings, draft_id, lambda d, who, at: review.accept_into(d, into, actors=actor or [], status=status,
                                                                       who=who, at=at))
        out.print(f"Accepted {draft_id} into {into}: its sources are in "
                  f"{settings.review.accepted_dir(settings.paths.extracted).resolve()}/updates/; "
                  "`newsevents export --to TIMELINE_DIR` adds them to the event's file.", highlight=False)
        return
    match = review.strong_match(_open(settings, draft_id).draft, settings.review.strong_match)
    if match and not new:
        console.print(f"[red]not accepted:[/red] the timeline seems to have this event already: "
                      f"{escape(match['id'])} (score {match['score']}). Add the sources to it with "
                      f"--into {escape(match['id'])}, or accept it as a new event with --new.", soft_wrap=True)
        raise typer.Exit(1)
    _act(settings, draft_id, lambda d, who, at: review.accept(d, status=status, who=who, at=at, importance=importance))
    out.print(f"Accepted {draft_id} as {status}; the record is in "
              f"{settings.review.accepted_dir(settings.paths.extracted).resolve()}/", highlight=False)


def _known_event(settings: Settings, event_id: str) -> None:
    """Exit 2 when a timeline is configured and has no event `event_id`."""
    from ..errors import PipelineError
    from ..timeline import cached_timeline

    if settings.paths.timeline is None:
        return
    try:
        timeline = cached_timeline(settings.paths.timeline)
    except PipelineError as err:
        console.print(f"[red]{escape(str(err))}[/red]")
        raise typer.Exit(2) from err
    if timeline.event(event_id) is None:
        console.print(f"[red]no event {escape(event_id)} in the timeline {escape(str(settings.paths.timeline))}[/red]")
        raise typer.Exit(2)


@review_app.command()
def reject(
    draft_id: IdArgument,
    reason: Annotated[str, typer.Option("--reason", help="Why it is not an event for the timeline.")],
    config: ConfigOption = None,
) -> None:
    """Reject a draft, with the reason."""
    settings = settings_or_exit(config)
    _act(settings, draft_id, lambda d, who, at: review.reject(d, reason=reason, who=who, at=at))
    out.print(f"Rejected {draft_id}.", highlight=False)


@review_app.command()
def edit(
    draft_id: IdArgument,
    set_: Annotated[list[str], typer.Option("--set", help=f"FIELD=VALUE ({', '.join(EDITABLE)}; lists separated "
                                              "by ';'). Repeatable.")],
    config: ConfigOption = None,
) -> None:
    """Change fields of a draft."""
    settings = settings_or_exit(config)
    changes: dict[str, object] = {}
    for item in set_:
        field, sep, value = item.partition("=")
        if not sep:
            console.print(f"[red]--set takes FIELD=VALUE, not {escape(item)!r}[/red]")
            raise typer.Exit(2)
        field = field.strip()
        changes[field] = [v.strip() for v in value.split(";")] if field in LISTS else value
    opened = _open(settings, draft_id)
    try:
        edited = review.edit(opened.draft, changes, who=review.reviewer(settings.review.reviewer), at=review.now())
        new_id = review.renamed_id(settings.paths.extracted, edited)
        if new_id is not None:  # a pending draft's id follows its edited title or date
            review.save_renamed(settings.paths.extracted, edited, new_id, version=opened.version,
                                key_quote_min_words=settings.draft.key_quote_min_words)
    except review.ReviewError as err:
        console.print(f"[red]not saved:[/red] {escape(str(err))}")
        raise typer.Exit(1) from err
    if new_id is None:
        _save(settings, opened, edited)
    out.print(f"Saved {opened.draft.id}: {', '.join(changes)}."
              + (f" Its id is now {new_id}." if new_id else ""), highlight=False, soft_wrap=True)
