"""Prefect servers for the CLI: find the one a command should report to, or start a local one for
`newsevents serve` (ephemeral mode can run flows but not schedule them).

`configured_server` decides whether an interactive command (`run`, `process`, `collect`,
`reprocess`) goes through the flows: only when there is a server to see the run, PREFECT_API_URL
(the environment or the active Prefect profile) or a `newsevents serve` of the same project
(it leaves `<paths.state>/prefect-server.json` while it runs). Without one, Prefect's ephemeral
API would start for the command and be thrown away with it: 10-20 s for a run nobody can look at.

Nothing here imports Prefect: this is read before Prefect loads (it reads PREFECT_API_URL then).
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import tomllib
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

import httpx

# Seconds to wait for /api/health; the server took 4-12 s here (ENVIRONMENT-NOTES), more on a cold disk.
STARTUP_TIMEOUT = 90.0
# What a running `serve` leaves in the state folder: its API URL and its process id.
SERVER_FILE = "prefect-server.json"


class ServerUnreachable(RuntimeError):
    """PREFECT_API_URL names a server where nothing answers."""


def configured_server(state_dir: Path) -> str | None:
    """The API URL of the Prefect server this project's runs should appear in, or None: the
    environment's PREFECT_API_URL, the active Prefect profile's (ServerUnreachable when nothing
    answers there), or that of a `newsevents serve` still running for this state folder (its
    file is ignored once the process or server is gone)."""
    url = _api_url_setting()
    if url:
        if _health(url) is None:  # any HTTP answer counts: a Prefect Cloud URL wants its key
            raise ServerUnreachable(url)
        return url
    with suppress(OSError, ValueError, KeyError, TypeError):
        found = json.loads((state_dir / SERVER_FILE).read_text(encoding="utf-8"))
        pid, url = int(found["pid"]), str(found["url"])
        os.kill(pid, 0)  # raises ProcessLookupError once that serve has ended
        if _health(url) == 200:
            return url
    return None


def _health(url: str) -> int | None:
    """The HTTP status of `url`/health, or None when nothing answers within 2 s."""
    try:
        return httpx.get(f"{url.rstrip('/')}/health", timeout=2).status_code
    except httpx.TransportError:
        return None


def _api_url_setting() -> str | None:
    """PREFECT_API_URL as Prefect will read it: the environment's, else the active profile's."""
    return os.environ.get("PREFECT_API_URL") or _profile_api_url()


def _profile_api_url() -> str | None:
    """PREFECT_API_URL of the active profile in Prefect's profiles file (PREFECT_PROFILES_PATH,
    or profiles.toml in PREFECT_HOME), read as Prefect reads it, without importing Prefect."""
    home = Path(os.environ.get("PREFECT_HOME", Path.home() / ".prefect")).expanduser()
    path = Path(os.environ.get("PREFECT_PROFILES_PATH", home / "profiles.toml")).expanduser()
    with suppress(OSError, tomllib.TOMLDecodeError):
        profiles = tomllib.loads(path.read_text(encoding="utf-8"))
        active = os.environ.get("PREFECT_PROFILE") or profiles.get("active") or "ephemeral"
        url = profiles.get("profiles", {}).get(active, {}).get("PREFECT_API_URL")
        return str(url) if url else None
    return None


@contextmanager
def prefect_server(state_dir: Path, port: int) -> Iterator[str]:
    """Yield the API URL of a running Prefect server, starting a local one when none is
    configured; while it runs, this project's interactive commands report to it (SERVER_FILE)."""
    configured = _api_url_setting()
    if configured:
        with _announced(state_dir, configured):
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
        with _announced(state_dir, url):
            yield url
    finally:
        os.environ.pop("PREFECT_API_URL", None)
        _stop_group(proc)


@contextmanager
def _announced(state_dir: Path, url: str) -> Iterator[None]:
    """SERVER_FILE for as long as the block runs (written whole, removed after)."""
    path = state_dir / SERVER_FILE
    path.parent.mkdir(parents=True, exist_ok=True)
    temp = path.with_name(f".{path.name}.{os.getpid()}")
    temp.write_text(json.dumps({"url": url, "pid": os.getpid()}), encoding="utf-8")
    os.replace(temp, path)
    try:
        yield
    finally:
        with suppress(OSError):
            if json.loads(path.read_text(encoding="utf-8")).get("pid") == os.getpid():
                path.unlink()


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
        if _health(url) == 200:
            return
        time.sleep(0.5)
    raise RuntimeError(f"the Prefect server did not answer within {STARTUP_TIMEOUT:.0f} s; see {log_path}")
