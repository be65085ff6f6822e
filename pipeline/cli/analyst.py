"""`newsevents analyst add|list|remove`: who may log in to the review page.

Accounts go to review.accounts (default <paths.state>/analysts.json, mode 0600), each password as
a salted scrypt hash. Exit codes: 0 done, 1 refused (the name exists, no such analyst, a bad name
or password), 2 for bad settings or an unreadable accounts file.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from .. import accounts
from ..settings import Settings
from .common import settings_or_exit

analyst_app = typer.Typer(
    help="Analysts who may log in to the review page: add, list, remove.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
)
console = Console(stderr=True)
out = Console()

ConfigOption = Annotated[Optional[Path], typer.Option("--config", "-c", help="A TOML settings file.")]
NameArgument = Annotated[str, typer.Argument(help="The analyst's name, as the review log will show it.",
                                             show_default=False)]




def accounts_path(settings: Settings) -> Path:
    return settings.review.accounts_file(settings.paths.state)


def _read_password(from_stdin: bool) -> str:
    if from_stdin:
        line = sys.stdin.readline()
        return line[:-1] if line.endswith("\n") else line  # the password is the line, spaces and all
    return typer.prompt("Password", hide_input=True, confirmation_prompt=True)


@analyst_app.command()
def add(
    name: NameArgument,
    password_stdin: Annotated[bool, typer.Option("--password-stdin", help="Read the password from the first line "
                                                 "of standard input instead of the terminal.")] = False,
    replace: Annotated[bool, typer.Option("--replace", help="Give an existing analyst a new password (their "
                                          "sessions end).")] = False,
    config: ConfigOption = None,
) -> None:
    """Add an analyst: the password is read from the terminal (or standard input), never an argument."""
    settings = settings_or_exit(config)
    path = accounts_path(settings)
    password = _read_password(password_stdin).removesuffix("\r")
    try:
        stored = accounts.add_analyst(path, name, password, replace=replace)
    except accounts.AccountError as err:
        console.print(f"[red]not added:[/red] {escape(str(err))}")
        raise typer.Exit(1) from err
    out.print(f"{'Replaced the password of' if replace else 'Added'} {escape(stored)} in {escape(str(path))}.",
              highlight=False)


@analyst_app.command("list")
def list_analysts(config: ConfigOption = None) -> None:
    """The analysts who may log in, with when each was added."""
    settings = settings_or_exit(config)
    path = accounts_path(settings)
    try:
        analysts = accounts.load_accounts(path)
    except accounts.AccountError as err:
        console.print(f"[red]{escape(str(err))}[/red]")
        raise typer.Exit(2) from err
    if not analysts:
        out.print(f"No analysts in {escape(str(path))}: add one with `newsevents analyst add NAME`.", highlight=False)
        return
    table = Table(title=f"analysts ({escape(str(path))})")
    table.add_column("name", overflow="fold")
    table.add_column("added")
    for name, record in sorted(analysts.items()):
        table.add_row(escape(name), escape(str(record.get("added", ""))))
    out.print(table)


@analyst_app.command()
def remove(name: NameArgument, config: ConfigOption = None) -> None:
    """Remove an analyst: they can no longer log in, and their sessions end."""
    settings = settings_or_exit(config)
    path = accounts_path(settings)
    try:
        accounts.remove_analyst(path, name)
    except accounts.AccountError as err:
        console.print(f"[red]not removed:[/red] {escape(str(err))}")
        raise typer.Exit(1) from err
    out.print(f"Removed {escape(name)} from {escape(str(path))}.", highlight=False)
