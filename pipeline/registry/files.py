"""The registry importer's file I/O, and nothing else: reading a timeline's events and writing the
merges list (atomically: a crash leaves the old file or the new one, never half). The registry file
is read and written by pipeline/store/registry.py.
"""

from __future__ import annotations

import json
from pathlib import Path

from ..errors import SourceError
from ..store import atomic_write
from .models import ImportResult, TimelineEvent
from .render import render_merges


def read_events(path: Path) -> list[TimelineEvent]:
    """Read a timeline's events.jsonl (one JSON object a line; blank lines are skipped).

    RAISES SourceError: the file cannot be read or a line is not a JSON object.
    """
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as err:
        raise SourceError(f"cannot read events file {path}: {err}") from err
    events = []
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            events.append(TimelineEvent.model_validate(json.loads(line)))
        except (ValueError, RecursionError) as err:  # RecursionError: a line nested past what json decodes
            raise SourceError(f"{path}:{number}: not an event object ({err.__class__.__name__})") from err
    return events


def write_merges(path: Path, result: ImportResult, *, source: str = "events") -> None:
    """Write the markdown review list atomically."""
    atomic_write(path, render_merges(result, source=source).encode("utf-8"))
