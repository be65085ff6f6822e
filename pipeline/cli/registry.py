"""`newsevents registry ...`: build the actor registry from a timeline's events.

A thin typer wrapper: it reads settings, calls `pipeline.registry`, writes the registry and
the merge review list, and prints a summary. Wired into the main command with
`app.add_typer(registry_app, name="registry")` in pipeline/cli/app.py. Exit codes: 0 when the
registry was written (or was already up to date), 2 for bad settings, an unreadable events file
or an invalid registry.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from ..errors import ConfigError, SourceError
from ..registry import import_actors, read_events, write_merges
from ..settings import load_settings
from ..store import holds_registry, load_registry, write_registry

MERGES_NAME = "registry-merges.md"

registry_app = typer.Typer(
    help="Build and maintain the actor registry (models/actors.yaml).",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
)
console = Console(stderr=True)
out = Console()

EventsArgument = Annotated[
    Path,
    typer.Argument(help="A timeline's events.jsonl: one JSON object a line, each with an `actors` list.",
                   show_default=False),
]
RegistryOption = Annotated[
    Optional[Path],
    typer.Option("--registry", "-r",
                 help="The registry to merge into and rewrite (default: paths.registry from settings)."),
]
MergesOption = Annotated[
    Optional[Path],
    typer.Option("--merges", "-m",
                 help=f"Where to write the merges to confirm (default: {MERGES_NAME} beside the registry)."),
]
ConfigOption = Annotated[
    Optional[Path],
    typer.Option("--config", "-c", help="A TOML settings file (default: $NEWSEVENTS_CONFIG or ./newsevents.toml)."),
]


@registry_app.callback()
def registry_group() -> None:
    """Build and maintain the actor registry (models/actors.yaml)."""


@registry_app.command("import")
def import_cli(
    events: EventsArgument,
    registry: RegistryOption = None,
    merges: MergesOption = None,
    config: ConfigOption = None,
) -> None:
    """Import the actors of EVENTS into the registry: variants of one name are grouped (nicknames,
    titles, acronyms, country qualifiers, ...), existing actors keep every field, and every merge is
    listed in a markdown file for an analyst to confirm. Running it again changes nothing."""
    try:
        settings = load_settings(config)  # read even with --registry, so a bad --config is reported
        registry_path = registry or settings.paths.registry
        actors = load_registry(registry_path) if registry_path.exists() else []
        timeline = read_events(events)
    except (ConfigError, SourceError) as err:
        console.print(f"[red]error:[/red] {escape(str(err))}", soft_wrap=True)
        raise typer.Exit(2) from err
    merges_path = merges or registry_path.parent / MERGES_NAME
    result = import_actors(timeline, actors)
    unchanged = holds_registry(registry_path, result.actors)
    if not unchanged:
        write_registry(registry_path, result.actors)
    if not unchanged or not merges_path.exists():  # a re-run keeps the review list of the run that merged
        write_merges(merges_path, result, source=events.name)
    _summary(result.stats, len(result.checks), unchanged)
    out.print(f"Registry: {escape(str(registry_path.resolve()))}" + (" (unchanged)" if unchanged else ""))
    out.print(f"Merges to confirm: {escape(str(merges_path.resolve()))}")


def _summary(stats, checks: int, unchanged: bool) -> None:  # noqa: ANN001 - ImportStats
    table = Table(title="registry import", show_header=True)
    table.add_column("result")
    table.add_column("count", justify="right")
    rows = [
        ("events read", stats.events),
        ("distinct actor strings", stats.strings),
        ("actors before", stats.actors_before),
        ("actors after", stats.actors_after),
        ("new actors", stats.actors_added),
        ("existing actors given new names", stats.actors_updated),
        ("aliases added", stats.aliases_added),
        ("acronyms added", stats.acronyms_added),
        ("merges listed", stats.merges),
        ("to check by hand", checks),
        ("strings not imported", stats.skipped),
    ]
    for label, value in rows:
        table.add_row(label, f"{value:,}")
    out.print(table)
    if unchanged:
        out.print("Nothing new: the registry already holds every actor of these events.")
