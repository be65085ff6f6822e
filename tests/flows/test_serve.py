"""`newsevents serve`: a local Prefect server, the `batch` deployment with the cron schedule from
settings, and a run of it that writes drafts. A real subprocess, stopped with SIGTERM."""

from __future__ import annotations

import signal
import subprocess
import sys

import httpx
import pytest

from tests.conftest import REPO, SAMPLES, free_port, project_env, wait_until

pytestmark = [pytest.mark.flows, pytest.mark.model]


def test_serve_registers_the_cron_deployment_and_runs_it(tmp_path):
    port = free_port()
    api = f"http://127.0.0.1:{port}/api"
    env = project_env(tmp_path)
    env.update({
        "NEWSEVENTS_FLOWS__CRON": "17 5 * * 1",
        "NEWSEVENTS_FLOWS__SOURCES": f'["{SAMPLES / "harbor-ledger_rail-strike-deal.html"}"]',
        "NEWSEVENTS_FLOWS__SERVER_PORT": str(port),
        "PREFECT_RUNNER_POLL_FREQUENCY": "2",
    })
    proc = subprocess.Popen([sys.executable, "-m", "pipeline.cli.app", "serve"], cwd=REPO, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        deployments: list[dict] = []

        def registered() -> bool:
            try:
                deployments[:] = httpx.post(f"{api}/deployments/filter", json={}, timeout=5).json()
            except (httpx.TransportError, ValueError):
                return False
            return bool(deployments)

        assert wait_until(registered, timeout=120), "the deployment was not registered"
        deployment = deployments[0]
        assert deployment["name"] == "news-events-batch"
        assert [s["schedule"]["cron"] for s in deployment["schedules"]] == ["17 5 * * 1"]

        run = httpx.post(f"{api}/deployments/{deployment['id']}/create_flow_run", json={}, timeout=10)
        assert run.status_code == 201
        extracted = tmp_path / "extracted"
        if not wait_until(lambda: any(extracted.glob("*.md")), timeout=180):
            proc.send_signal(signal.SIGTERM)
            pytest.fail("the triggered run wrote no draft; serve said:\n" + proc.communicate(timeout=60)[0][-4000:])
        assert len(list(extracted.glob("*.md"))) == 1

        # A `run` of the same project while serve is up goes through the flows and is seen there.
        before = _flow_run_ids(api)
        article = SAMPLES / "daily-meridian_rail-union-backs-deal.txt"
        done = subprocess.run([sys.executable, "-m", "pipeline.cli.app", "run", str(article)],
                              cwd=REPO, env=env, capture_output=True, text=True, timeout=300)
        assert done.returncode == 0, done.stderr[-3000:]
        assert f"reported to {api}" in done.stderr
        new = _flow_run_ids(api) - before
        assert new, "the run did not appear in the Prefect server serve started"
        runs = httpx.post(f"{api}/flow_runs/filter", json={"flow_runs": {"id": {"any_": sorted(new)}}}, timeout=10).json()
        assert any(r["state"]["type"] == "COMPLETED" and r["deployment_id"] is None for r in runs), runs
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=60)
        except subprocess.TimeoutExpired:
            proc.kill()
    with pytest.raises(httpx.TransportError):
        httpx.get(f"{api}/health", timeout=2)  # the local server was stopped with the command
    assert not (tmp_path / "state" / "prefect-server.json").exists()  # later runs take the library path


def _flow_run_ids(api: str) -> set[str]:
    return {r["id"] for r in httpx.post(f"{api}/flow_runs/filter", json={}, timeout=10).json()}
