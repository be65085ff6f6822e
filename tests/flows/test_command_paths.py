"""Which path an interactive command takes: without a Prefect server configured, `newsevents run`
calls the library in its own process (Prefect's ephemeral API is not started for a run nobody
could look at) and leaves nothing running once it exits; `--flows` runs the Prefect flows all
the same, and leaves nothing running either. (With a server, the run is reported to it:
tests/flows/test_serve.py.) Real subprocesses, each marked through its environment so that
every process it started can be found in /proc afterwards."""

from __future__ import annotations

import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest

from tests.conftest import REPO, SAMPLES, project_env

ARTICLE = SAMPLES / "harbor-ledger_rail-strike-deal.html"


def marked_env(tmp_path: Path, mark: str) -> dict[str, str]:
    """A project's environment (conftest.project_env) and a mark every process the command
    starts inherits."""
    return project_env(tmp_path) | {"NEWSEVENTS_TEST_MARK": mark}


def processes_marked(mark: str) -> list[str]:
    """The command lines of live processes whose environment holds `mark`."""
    needle = f"NEWSEVENTS_TEST_MARK={mark}".encode()
    found = []
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            if needle in (proc / "environ").read_bytes().split(b"\0"):
                found.append((proc / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace"))
        except OSError:  # ended meanwhile, or not ours to read
            continue
    return found


def run_command(tmp_path: Path, *options: str) -> tuple[subprocess.CompletedProcess, str]:
    mark = uuid.uuid4().hex
    done = subprocess.run([sys.executable, "-m", "pipeline.cli.app", "run", *options, str(ARTICLE)], cwd=REPO,
                          env=marked_env(tmp_path, mark), capture_output=True, text=True, timeout=300)
    return done, mark


def test_the_mark_finds_a_process_left_behind(tmp_path):
    """The check the tests below rely on: a marked process that is still running is found."""
    mark = uuid.uuid4().hex
    sleeper = subprocess.Popen(["sleep", "30"], env=marked_env(tmp_path, mark))
    try:
        assert any(line.startswith("sleep 30") for line in processes_marked(mark))
    finally:
        sleeper.kill()
        sleeper.wait()
    assert not processes_marked(mark)


@pytest.mark.model
@pytest.mark.parametrize("options", [(), ("-j", "2")], ids=["one-process", "two-processes"])
def test_run_without_a_prefect_server_calls_the_library_and_leaves_nothing_running(tmp_path, options):
    done, mark = run_command(tmp_path, *options)
    assert done.returncode == 0, done.stderr[-3000:]
    assert len(list((tmp_path / "extracted").glob("*.md"))) == 1
    assert not processes_marked(mark), "processes left running after `run` exited"
    prefect_home = tmp_path / "state" / "prefect"
    assert not list(prefect_home.glob("*.db")), "Prefect's ephemeral API started (its database was made)"
    assert "reported to" not in done.stderr


@pytest.mark.model
@pytest.mark.flows
def test_run_with_flows_and_no_server_leaves_nothing_running_either(tmp_path):
    done, mark = run_command(tmp_path, "--flows")
    assert done.returncode == 0, done.stderr[-3000:]
    assert len(list((tmp_path / "extracted").glob("*.md"))) == 1
    assert list((tmp_path / "state" / "prefect").glob("*.db")), "the flows ran without Prefect's database"
    assert not processes_marked(mark), "processes left running after `run --flows` exited"


def test_local_and_flows_together_are_a_usage_error(tmp_path):
    done, _ = run_command(tmp_path, "--local", "--flows")
    assert done.returncode == 2
    assert "--local and --flows cannot be combined" in done.stderr


def test_a_prefect_server_that_does_not_answer_is_a_clear_error(tmp_path):
    """PREFECT_API_URL names a server that is down: the command says so and stops (exit 2),
    rather than drafting without the run the user expects to see there, or a traceback."""
    from tests.conftest import free_port

    url = f"http://127.0.0.1:{free_port()}/api"
    env = marked_env(tmp_path, uuid.uuid4().hex) | {"PREFECT_API_URL": url}
    done = subprocess.run([sys.executable, "-m", "pipeline.cli.app", "run", str(ARTICLE)], cwd=REPO, env=env,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 2, done.stderr[-3000:]
    assert f"no Prefect server answers at {url}" in done.stderr
    assert "Traceback" not in done.stderr
    assert not (tmp_path / "extracted").exists() or not any((tmp_path / "extracted").glob("*.md"))


def test_the_server_is_found_in_the_environment_the_profile_or_a_running_serve(tmp_path, monkeypatch):
    """configured_server reads PREFECT_API_URL from the environment, else from the active profile
    of Prefect's profiles file (either must answer, any HTTP status), else from the file a running
    `serve` left, which counts only while that process lives and its server answers /health."""
    import json
    import threading
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    from flows.server import SERVER_FILE, ServerUnreachable, configured_server
    from tests.conftest import free_port

    class Health(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 - the http.server API
            self.send_response(200 if self.path == "/api/health" else 404)
            self.end_headers()

        def log_message(self, *args: object) -> None:
            pass

    for key in ("PREFECT_API_URL", "PREFECT_PROFILE", "PREFECT_PROFILES_PATH"):
        monkeypatch.delenv(key, raising=False)
    monkeypatch.setenv("PREFECT_HOME", str(tmp_path / "home"))
    state = tmp_path / "state"
    state.mkdir()
    assert configured_server(state) is None

    server = ThreadingHTTPServer(("127.0.0.1", 0), Health)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    url = f"{base}/api"
    try:
        (tmp_path / "home").mkdir()
        (tmp_path / "home" / "profiles.toml").write_text(
            f'active = "team"\n[profiles.team]\nPREFECT_API_URL = "{base}/team/api"\n'
            f'[profiles.other]\nPREFECT_API_URL = "{base}/other/api"\n', encoding="utf-8")
        assert configured_server(state) == f"{base}/team/api"
        monkeypatch.setenv("PREFECT_PROFILE", "other")
        assert configured_server(state) == f"{base}/other/api"
        monkeypatch.setenv("PREFECT_API_URL", f"{base}/env/api")
        assert configured_server(state) == f"{base}/env/api"
        down = f"http://127.0.0.1:{free_port()}/api"
        monkeypatch.setenv("PREFECT_API_URL", down)
        with pytest.raises(ServerUnreachable, match=down):
            configured_server(state)
        monkeypatch.delenv("PREFECT_API_URL")
        monkeypatch.delenv("PREFECT_PROFILE")
        (tmp_path / "home" / "profiles.toml").unlink()

        (state / SERVER_FILE).write_text(json.dumps({"url": url, "pid": os.getpid()}), encoding="utf-8")
        assert configured_server(state) == url  # a live serve whose server answers
        ended = subprocess.Popen(["true"])
        ended.wait()
        (state / SERVER_FILE).write_text(json.dumps({"url": url, "pid": ended.pid}), encoding="utf-8")
        assert configured_server(state) is None  # its serve has ended
    finally:
        server.shutdown()
        server.server_close()
    (state / SERVER_FILE).write_text(json.dumps({"url": url, "pid": os.getpid()}), encoding="utf-8")
    assert configured_server(state) is None  # the server no longer answers
    (state / SERVER_FILE).write_text("{not json", encoding="utf-8")
    assert configured_server(state) is None
