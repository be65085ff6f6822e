from __future__ import annotations

import pytest

from pipeline.draft import parse_draft_text
from typer.testing import CliRunner

from pipeline.cli.app import app
from tests.conftest import REGISTRY, SAMPLES

runner = CliRunner()
COMMANDS = ["run", "collect", "process", "serve", "eval", "registry"]


def test_every_command_has_help():
    result = runner.invoke(app, ["--help"])
    assert result.exit_code == 0
    for command in COMMANDS:
        assert command in result.output
        sub = runner.invoke(app, [command, "--help"])
        assert sub.exit_code == 0 and len(sub.output) > 100, command


@pytest.fixture
def env(tmp_path, monkeypatch):
    monkeypatch.setenv("NEWSEVENTS_PATHS__RAW", str(tmp_path / "raw"))
    monkeypatch.setenv("NEWSEVENTS_PATHS__EXTRACTED", str(tmp_path / "extracted"))
    monkeypatch.setenv("NEWSEVENTS_PATHS__REGISTRY", str(REGISTRY))
    monkeypatch.setenv("NEWSEVENTS_PATHS__STATE", str(tmp_path / "state"))
    return tmp_path


@pytest.mark.model
def test_run_local_on_samples_writes_drafts_and_says_where(env):
    result = runner.invoke(app, ["run", "--local", str(SAMPLES)])
    assert result.exit_code == 0, result.output
    drafts = sorted((env / "extracted").glob("*.md"))
    assert len(drafts) == 5  # six articles; the two about the rail deal are one event
    rail = [p for p in drafts if len(parse_draft_text(p.read_text())[0]["sources"]) == 2]
    assert len(rail) == 1 and rail[0].name.startswith("2025-02-04--")
    assert "drafts created" in result.output and str(env / "extracted") in result.output.replace("\n", "")


@pytest.mark.model
def test_run_with_only_bad_inputs_exits_1_and_names_the_failures_file(env):
    bad = env / "empty.html"
    bad.write_bytes(b"")
    result = runner.invoke(app, ["run", "--local", str(bad)])
    assert result.exit_code == 1
    assert "failures.jsonl" in result.output.replace("\n", "")


def test_bad_settings_file_exits_2(env):
    config = env / "bad.toml"
    config.write_text("[extract]\nbatch_size = 'many'\n")
    result = runner.invoke(app, ["run", "--local", "--config", str(config), str(SAMPLES)])
    assert result.exit_code == 2
    missing = runner.invoke(app, ["process", "--local", "--config", str(env / "none.toml")])
    assert missing.exit_code == 2
