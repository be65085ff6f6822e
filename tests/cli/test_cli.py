from __future__ import annotations

import pytest
from typer.testing import CliRunner

from pipeline.cli.app import app
from pipeline.draft_file import parse_draft_text
from tests.conftest import REGISTRY, SAMPLE_REGISTRY, SAMPLES

runner = CliRunner()
COMMANDS = ["run", "collect", "process", "reprocess", "serve", "review", "eval", "registry", "analyst", "export"]


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
    monkeypatch.setenv("NEWSEVENTS_PATHS__REGISTRIES", f'["{SAMPLE_REGISTRY}"]')
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


@pytest.mark.model
def test_review_in_the_terminal(env):
    assert runner.invoke(app, ["run", "--local", str(SAMPLES)]).exit_code == 0
    (path,) = (env / "extracted").glob("2025-01-20--millbrook*.md")
    draft_id = path.stem
    listed = runner.invoke(app, ["review", "list", "--sort", "importance"])
    assert listed.exit_code == 0 and "draft 5" in listed.output
    edited = runner.invoke(app, ["review", "edit", draft_id, "--set", "title=Millbrook floods", "--set", "importance=4",
                                 "--set", "actors=Lena Brandt;River Ost"])
    assert edited.exit_code == 0, edited.output
    # a pending draft's id follows its edited title (issue 18); the old id still finds it
    assert "Its id is now 2025-01-20--millbrook-floods." in edited.output.replace("\n", " ")
    assert not path.exists() and "Millbrook floods" in runner.invoke(app, ["review", "show", draft_id]).output
    draft_id = "2025-01-20--millbrook-floods"
    bad = runner.invoke(app, ["review", "edit", draft_id, "--set", "importance=eleven"])
    assert bad.exit_code == 1 and "importance" in bad.output
    assert runner.invoke(app, ["review", "accept", draft_id, "--status", "reported"]).exit_code == 0
    record = parse_draft_text((env / "extracted" / "accepted" / f"{draft_id}.md").read_text())[0]
    assert record["title"] == "Millbrook floods" and record["status"] == "reported" and record["importance"] == 4
    assert record["actors"] == ["Lena Brandt", "River Ost"]
    shown = runner.invoke(app, ["review", "show", draft_id])
    assert "review:" in shown.output and "accept" in shown.output
    rejected = runner.invoke(app, ["review", "reject", draft_id, "--reason", "a duplicate of an older record"])
    assert rejected.exit_code == 0
    assert not (env / "extracted" / "accepted" / f"{draft_id}.md").exists()  # no longer accepted
    pending = runner.invoke(app, ["review", "list"])  # pending drafts only, by default (issue 18)
    assert pending.exit_code == 0 and "rejected 1" in pending.output and "4 shown" in pending.output
    assert "rejected" in runner.invoke(app, ["review", "list", "--status", "all"]).output.split("shown", 1)[1]
    assert "Millbrook floods" in runner.invoke(app, ["review", "show", draft_id[:16]]).output  # the start of an id
    assert runner.invoke(app, ["review", "show", "no-such-draft"]).exit_code == 2
    from pipeline.store import open_ledger

    with open_ledger(env / "extracted") as ledger:
        assert [e["action"] for e in ledger.audit_trail(draft_id)] == ["edit", "rename", "accept", "reject"]


def test_commands_leave_the_working_folder_alone(tmp_path):
    """Nothing is made in the folder a command runs from: Prefect's home goes under the
    configured `paths.state`, and is not even made by commands that run no flow."""
    import os
    import subprocess
    import sys

    from tests.conftest import REPO

    cwd, state = tmp_path / "cwd", tmp_path / "state"
    cwd.mkdir()
    config = tmp_path / "newsevents.toml"
    config.write_text(f'[paths]\nextracted = "{tmp_path / "extracted"}"\nstate = "{state}"\n'
                      f'registry = "{REGISTRY}"\n', encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PREFECT_", "NEWSEVENTS_"))}
    done = subprocess.run([sys.executable, "-m", "pipeline.cli.app", "review", "list", "-c", str(config)],
                          cwd=cwd, env={**env, "PYTHONPATH": str(REPO)}, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert not list(cwd.iterdir()) and not state.exists()
