"""`newsevents outlets import` (pipeline/cli/outlets.py): writes the table, changes nothing the
second time, exits 2 on an unreadable events file."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from pipeline.cli.app import app
from pipeline.store.outlets import OutletEntry, load_outlets


def test_outlets_import_writes_the_table_then_changes_nothing(tmp_path: Path):
    events = tmp_path / "events.jsonl"
    events.write_text("".join(json.dumps({"id": str(i), "sources": [{"url": url, "outlet": outlet}]}) + "\n"
                              for i, (url, outlet) in enumerate([("https://www.post.example/a", "Harbour Post"),
                                                                 ("https://post.example/b", "Harbour Post"),
                                                                 ("https://post.example/c", "The Post")])))
    table = tmp_path / "models" / "outlets.json"
    runner = CliRunner()
    first = runner.invoke(app, ["outlets", "import", str(events), "--table", str(table)])
    assert first.exit_code == 0, first.output
    assert load_outlets(table) == {"post.example": OutletEntry("Harbour Post", 2, 3)}
    before = table.stat().st_mtime_ns
    second = runner.invoke(app, ["outlets", "import", str(events), "--table", str(table)])
    assert second.exit_code == 0 and "(unchanged)" in second.output and table.stat().st_mtime_ns == before


def test_outlets_import_of_an_unreadable_file_exits_2(tmp_path: Path):
    result = CliRunner().invoke(app, ["outlets", "import", str(tmp_path / "none.jsonl"), "--table", str(tmp_path / "t.json")])
    assert result.exit_code == 2 and not (tmp_path / "t.json").exists()
