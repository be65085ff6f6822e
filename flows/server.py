"""A local Prefect server for `newsevents serve`: ephemeral mode can run flows but not schedule them.

Started as a subprocess on 127.0.0.1 before Prefect is imported (Prefect reads PREFECT_API_URL
when it loads), stopped when the command ends. Not used when PREFECT_API_URL is already set,
for example to a shared Prefect server with a work pool.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

# Seconds to wait for /api/health; the server took 4-12 s here (ENVIRONMENT-NOTES), more on a cold disk.
STARTUP_TIMEOUT = 90.0


@contextmanager
def prefect_server(state_dir: Path, port: int) -> Iterator[str]:
    """Yield the API URL of a running Prefect server, starting a local one when none is configured."""
    configured = os.environ.get("PREFECT_API_URL")
    if configured:
        yield configured
        return
    url = f"http://127.0.0.1:{port}/api"
    log_path = state_dir / "prefect-server.log"
    log_path.parent.mkdir(parents=True, exist_ok=True)
    prefect_bin = Path(sys.executable).with_name("prefect")
    with log_path.open("ab") as log:
        proc = subprocess.Popen(
            [str(prefect_bin), "server", "start", "--host", "127.0.0.1", "--port", str(port)],
            stdout=log, stderr=subprocess.STDOUT, env=os.environ.copy(),
            start_new_session=True,  # its own process group, so stopping it stops its workers too
        )
    try:
        _wait_healthy(url, proc, log_path)
        os.environ["PREFECT_API_URL"] = url
        yield url
    finally:
        os.environ.pop("PREFECT_API_URL", None)
        _stop_group(proc)


def _stop_group(proc: subprocess.Popen) -> None:
    """SIGTERM to the server's process group; SIGKILL if it has not stopped within 20 s."""
    for sig, wait in ((signal.SIGTERM, 20), (signal.SIGKILL, 5)):
        try:
            os.killpg(proc.pid, sig)
        except ProcessLookupError:
            return
        try:
            proc.wait(timeout=wait)
            return
        except subprocess.TimeoutExpired:
            continue


def _wait_healthy(url: str, proc: subprocess.Popen, log_path: Path) -> None:
    end = time.monotonic() + STARTUP_TIMEOUT
    while time.monotonic() < end:
        if proc.poll() is not None:
            raise RuntimeError(f"the Prefect server exited with code {proc.returncode}; see {log_path}")
        try:
            if httpx.get(f"{url}/health", timeout=2).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.5)
    raise RuntimeError(f"the Prefect server did not answer within {STARTUP_TIMEOUT:.0f} s; see {log_path}")
