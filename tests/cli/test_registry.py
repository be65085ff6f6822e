"""`newsevents registry import` (pipeline/cli/registry.py): writes the registry and the merges list,
changes nothing the second time, exits 2 on bad input."""

from __future__ import annotations

import json
from pathlib import Path

import typer
from typer.testing import CliRunner

from pipeline.cli.registry import registry_app
from pipeline.store import load_registry
from tests.conftest import REGISTRY


def cli() -> typer.Typer:
    """The main command as the developer wires it: app.add_typer(registry_app, name="registry")."""
    app = typer.Typer()
    app.add_typer(registry_app, name="registry")
    return app


def test_registry_import_command_writes_registry_and_merges_then_changes_nothing(tmp_path: Path):
    events_path = tmp_path / "events.jsonl"
    events_path.write_text("".join(json.dumps({"id": str(i), "actors": actors}) + "\n" for i, actors in
                                   enumerate([["Bill Barr", "William Barr"], ["DOJ", "Department of Justice"]])))
    registry = tmp_path / "models" / "actors.yaml"
    registry.parent.mkdir()
    registry.write_text(REGISTRY.read_text(encoding="utf-8"), encoding="utf-8")
    runner = CliRunner()
    first = runner.invoke(cli(), ["registry", "import", str(events_path), "--registry", str(registry)])
    assert first.exit_code == 0, first.output
    merges = tmp_path / "models" / "registry-merges.md"
    assert "actors after" in first.output and merges.is_file()
    names = {a.name for a in load_registry(registry)}
    assert {"William Barr", "Department of Justice", "Kirill Dmitriev"} <= names
    before = (registry.read_bytes(), merges.read_bytes(), registry.stat().st_mtime_ns)
    second = runner.invoke(cli(), ["registry", "import", str(events_path), "--registry", str(registry)])
    assert second.exit_code == 0 and "(unchanged)" in second.output
    assert (registry.read_bytes(), merges.read_bytes(), registry.stat().st_mtime_ns) == before


def test_registry_import_command_exits_2_on_bad_input(tmp_path: Path):
    runner = CliRunner()
    missing = runner.invoke(cli(), ["registry", "import", str(tmp_path / "none.jsonl"), "--registry",
                                    str(tmp_path / "actors.yaml")])
    assert missing.exit_code == 2
    bad_config = runner.invoke(cli(), ["registry", "import", str(tmp_path / "none.jsonl"), "--config",
                                       str(tmp_path / "none.toml")])
    assert bad_config.exit_code == 2
    help_text = runner.invoke(cli(), ["registry", "import", "--help"])
    assert help_text.exit_code == 0 and "--merges" in help_text.output and len(help_text.output) > 100
