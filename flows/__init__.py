"""Prefect flows over the `pipeline` library: collect, process, batch (collect + process).

Importing this package sets Prefect's offline defaults before Prefect itself is imported:
no analytics, no tracking, quiet logs, and a home (database, logs) inside the project's state
folder rather than ~/.prefect. Values already in the environment win.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path


def configure_prefect(state_dir: Path | str = ".newsevents") -> None:
    """Set Prefect's environment for offline, ephemeral runs (setdefault: the caller's env wins)."""
    os.environ.setdefault("PREFECT_HOME", str((Path(state_dir) / "prefect").resolve()))
    # Prefect creates its home without parents; a fresh state folder needs them made first.
    Path(os.environ["PREFECT_HOME"]).mkdir(parents=True, exist_ok=True)
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    os.environ.setdefault("DO_NOT_TRACK", "1")
    os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")
    os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "120")


class _Brief(logging.Filter):
    """Drops the traceback from Prefect's log record of a failed run when the error is one the
    caller reports itself in a line (a full disk, a run already going): the line stays."""

    def __init__(self, errors: tuple[type[BaseException], ...]) -> None:
        super().__init__()
        self.errors = errors

    def filter(self, record: logging.LogRecord) -> bool:
        if record.exc_info and isinstance(record.exc_info[1], self.errors):
            record.exc_info, record.exc_text = None, None
        return True


def brief_logs_for(*errors: type[BaseException]) -> None:
    """Log task and flow runs that fail with one of `errors` without their tracebacks."""
    for name in ("prefect.task_runs", "prefect.flow_runs"):
        logging.getLogger(name).addFilter(_Brief(errors))


configure_prefect(os.environ.get("NEWSEVENTS_PATHS__STATE", ".newsevents"))
