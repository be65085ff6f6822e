"""The table of web domains and their outlets (models/outlets.json): every read and write of it,
and the reading of the timeline it is learned from.

The file is JSON: a few keys saying what it is and under which licence (the names come from a
timeline's sources: the public timeline's data is CC BY-SA 4.0, so the table is too), and
`domains`, one domain a line: `"cnn.com": ["CNN", 267, 324]` (the outlet, the sources that name
it so, the domain's named sources). Written whole (atomic), domains sorted, so a second import
of the same timeline writes the same bytes.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any, NamedTuple

from ..errors import ConfigError, SourceError
from .files import atomic_write

LICENCE = ("CC BY-SA 4.0: the outlet names and domains are facts taken from the sources of a timeline "
           "licensed CC BY-SA 4.0 (the Kleptocracy Timeline project's data, github markramm/CaptureCascadeTimeline); "
           "derived data is shared alike.")


class OutletEntry(NamedTuple):
    """A domain's outlet, with the evidence: its uses and the domain's named sources."""

    outlet: str
    uses: int
    sources: int


def load_outlets(path: Path) -> dict[str, OutletEntry]:
    """Read the table; a missing file is an empty table (outlets then come from the pages).

    RAISES ConfigError: the file is not a table of this shape (one line naming the file and why).
    """
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    except (OSError, UnicodeDecodeError, ValueError) as err:
        raise ConfigError(f"outlet table {path}: cannot be read ({err})") from err
    domains = data.get("domains") if isinstance(data, dict) else None
    if not isinstance(domains, dict):
        raise ConfigError(f"outlet table {path}: no `domains` mapping (make it with `newsevents outlets import`)")
    table = {}
    for domain, row in domains.items():
        if not (isinstance(row, list) and len(row) == 3 and isinstance(row[0], str)
                and all(isinstance(n, int) for n in row[1:])):
            raise ConfigError(f"outlet table {path}: {domain!r} is not [outlet, uses, sources]")
        table[domain.lower()] = OutletEntry(*row)
    return table


def render_outlets(table: Mapping[str, OutletEntry], *, source: str, rule: str) -> str:
    """The file's text: its header keys, then one domain a line, sorted."""
    head = {"about": "Web domains and the outlet the timeline's sources name for each: what "
                     "`newsevents outlets import` learned (pipeline/outlets.py). Do not edit by hand: import again.",
            "licence": LICENCE, "source": source, "rule": rule}
    lines = [f"  {json.dumps(key)}: {json.dumps(value, ensure_ascii=False)}," for key, value in head.items()]
    rows = [f"    {json.dumps(domain)}: {json.dumps(list(entry), ensure_ascii=False)}"
            for domain, entry in sorted(table.items())]
    return "{\n" + "\n".join(lines) + '\n  "domains": {\n' + ",\n".join(rows) + "\n  }\n}\n"


def write_outlets(path: Path, table: Mapping[str, OutletEntry], *, source: str, rule: str) -> None:
    """Write the table atomically. RAISES StorageError when it cannot be written."""
    atomic_write(path, render_outlets(table, source=source, rule=rule).encode("utf-8"))


def read_timeline_sources(path: Path) -> Iterator[dict[str, Any]]:
    """Every source of a timeline's events.jsonl (one event a line, each with `sources`).

    RAISES SourceError: the file cannot be read or a line is not a JSON object.
    """
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as err:
        raise SourceError(f"cannot read events file {path}: {err}") from err
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            event = json.loads(line)
        except (ValueError, RecursionError) as err:
            raise SourceError(f"{path}:{number}: not a JSON object ({err.__class__.__name__})") from err
        if not isinstance(event, dict):
            raise SourceError(f"{path}:{number}: not a JSON object")
        yield from (s for s in event.get("sources") or [] if isinstance(s, dict))
