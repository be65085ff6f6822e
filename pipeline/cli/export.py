"""`newsevents export --to TIMELINE_DIR`: what analysts accepted, into a checkout of the timeline
(pipeline/export.py says how). Exit codes: 0 written (or nothing to do), 1 when a draft was
refused (the others are written), 2 for bad settings or a checkout that is not a folder."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.console import Console
from rich.markup import escape

from .. import export, review
from ..draft_file import parse_draft
from ..records import EventDraft
from .common import settings_or_exit

console = Console(stderr=True)
out = Console()


def accepted_drafts(extracted: Path) -> list[EventDraft]:
    """The accepted drafts of a drafts folder, by id (a draft file that is not valid is left to `review list`)."""
    found = []
    for path in sorted(extracted.glob("*.md")):
        try:
            draft = parse_draft(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        if draft.status in review.ACCEPT_STATUSES:
            found.append(draft)
    return found


def export_cmd(
    to: Annotated[Path, typer.Option("--to", help="A checkout of the timeline: a folder of event files (<id>.md).")],
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Print the changes as a diff; write nothing.")] = False,
    config: Annotated[Optional[Path], typer.Option("--config", "-c", help="A TOML settings file.")] = None,
) -> None:
    """Write the accepted drafts into a timeline checkout: new events as new files, drafts accepted
    --into an event as added sources of its file (every other line unchanged)."""
    settings = settings_or_exit(config)
    if not to.is_dir():
        console.print(f"[red]not a folder:[/red] {escape(str(to))} (give a checkout of the timeline)")
        raise typer.Exit(2)
    drafts = accepted_drafts(settings.paths.extracted)
    plan = export.plan_export(drafts, to, added_actors={d.id: export.kept_actors(d) for d in drafts})
    if dry_run:
        typer.echo(plan.diff(to), nl=False)  # as it is: a diff wrapped at the terminal's width is no diff
    else:
        export.apply(plan)
    verb = "would write" if dry_run else "wrote"
    for c in plan.changes:
        what = "new event" if c.kind == "new" else f"{c.added} source{'s' if c.added != 1 else ''} added"
        out.print(f"{verb} {c.path} ({what}, from {c.draft_id})", markup=False, highlight=False, soft_wrap=True)
    for refusal in plan.refused:
        console.print(f"[red]refused[/red] {escape(refusal.draft_id)} -> {escape(refusal.event_id)}: "
                      f"{escape(refusal.reason)}", soft_wrap=True)
    files = f"{len(plan.changes)} file{'s' if len(plan.changes) != 1 else ''}"
    out.print(f"{len(drafts)} accepted draft{'s' if len(drafts) != 1 else ''}: "
              f"{f'{files} to write' if dry_run else f'{files} written'}, {len(plan.unchanged)} already exported, "
              f"{len(plan.refused)} refused.", highlight=False, soft_wrap=True)
    if plan.refused:
        raise typer.Exit(1)
