"""`newsevents outlets import EVENTS.jsonl`: the table of web domains and their outlets, learned
from a timeline's sources (pipeline/outlets.py) and written to `clean.outlets` (models/outlets.json).

A thin typer wrapper. Exit codes: 0 when the table was written (or was already the same), 2 for
bad settings or an unreadable events file, 4 when the table cannot be written.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.console import Console
from rich.markup import escape

from ..errors import ConfigError, SourceError, StorageError
from ..outlets import DOMINANT_SHARE, learn_outlets
from ..settings import load_settings
from ..store.outlets import read_timeline_sources, render_outlets, write_outlets

DEFAULT_TABLE = Path("models/outlets.json")
RULE = ("a domain's outlet is the name its sources use most (a tie names none); names of copies and notes "
        "('via', 'archived') and platforms where each account is an outlet (x.com, substack.com, ...) are left out")

outlets_app = typer.Typer(
    help="The table of web domains and their outlets (models/outlets.json).",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
)
console = Console(stderr=True)
out = Console()


@outlets_app.callback()
def outlets_group() -> None:
    """The table of web domains and their outlets (models/outlets.json)."""


@outlets_app.command("import")
def import_cli(
    events: Annotated[Path, typer.Argument(help="A timeline's events.jsonl: one JSON object a line, each with "
                                                "`sources` [{outlet, url, ...}].", show_default=False)],
    table: Annotated[Optional[Path], typer.Option(
        "--table", "-t", help="Where to write the table (default: clean.outlets from settings).")] = None,
    config: Annotated[Optional[Path], typer.Option(
        "--config", "-c", help="A TOML settings file (default: $NEWSEVENTS_CONFIG or ./newsevents.toml).")] = None,
) -> None:
    """Learn each web domain's outlet from the sources of EVENTS (the name its sources use most) and
    write the table the clean stage names outlets by. Running it again on the same events changes nothing."""
    try:
        settings = load_settings(config)
        path = table or settings.clean.outlets or DEFAULT_TABLE
        sources = list(read_timeline_sources(events))
    except (ConfigError, SourceError) as err:
        console.print(f"[red]error:[/red] {escape(str(err))}", soft_wrap=True)
        raise typer.Exit(2) from err
    learned = learn_outlets(sources)
    source = f"{events.name}: {len(sources):,} sources"
    unchanged = path.is_file() and path.read_text(encoding="utf-8") == render_outlets(learned, source=source, rule=RULE)
    if not unchanged:
        try:
            write_outlets(path, learned, source=source, rule=RULE)
        except StorageError as err:
            console.print(f"[red]error:[/red] {escape(str(err))}", soft_wrap=True)
            raise typer.Exit(4) from err
    dominant = sum(1 for e in learned.values() if e.uses >= DOMINANT_SHARE * e.sources)
    out.print(f"{len(sources):,} sources read; {len(learned):,} domains with an outlet "
              f"({dominant:,} where one name is at least {DOMINANT_SHARE:.0%} of the domain's sources)")
    out.print(f"Table: {escape(str(path.resolve()))}" + (" (unchanged)" if unchanged else ""))
