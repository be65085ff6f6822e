"""Prefect flows over the `pipeline` library: collect, process, batch (collect + process).

`configure_prefect` sets Prefect's offline defaults, and must run before Prefect itself is
imported: no analytics, no tracking, quiet logs, and a home (database, logs) inside the project's
state folder rather than ~/.prefect. Values already in the environment win. The CLI calls it once
settings are read; importing this package does nothing (it imports no Prefect).
"""

from __future__ import annotations

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

