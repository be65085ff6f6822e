"""What every `newsevents` command shares: reading settings, and the one-line exit 2 when they
(or what they name) are bad. The command modules import this; `app` imports the commands."""

from __future__ import annotations

from pathlib import Path
from typing import NoReturn, Optional

import typer
from rich.console import Console
from rich.markup import escape

from ..errors import ConfigError
from ..settings import Settings, load_settings

console = Console(stderr=True)


def settings_or_exit(config: Optional[Path]) -> Settings:
    """The settings (TOML file, environment, defaults), or exit 2 saying what is wrong."""
    try:
        return load_settings(config)
    except ConfigError as err:
        settings_error(err)


def settings_error(err: ConfigError | str) -> NoReturn:
    """Exit 2 with the error on one line (not wrapped, whatever the terminal's width)."""
    console.print(f"[red]settings error:[/red] {escape(str(err))}", soft_wrap=True)
    raise typer.Exit(2)
