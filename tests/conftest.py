"""Shared fixtures: settings on tmp_path, the real spaCy model once per session, a real HTTP
server on 127.0.0.1, and ../shared (skipped with a reason where it is absent)."""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

# Prefect reads its settings when first imported: offline, quiet, and a throwaway home.
os.environ["PREFECT_HOME"] = tempfile.mkdtemp(prefix="newsevents-test-prefect-")
atexit.register(shutil.rmtree, os.environ["PREFECT_HOME"], True)  # its database is ~100 MB after a run
os.environ["PREFECT_SERVER_ANALYTICS_ENABLED"] = "false"
os.environ["DO_NOT_TRACK"] = "1"
os.environ["PREFECT_LOGGING_LEVEL"] = "WARNING"
os.environ.pop("PREFECT_API_URL", None)
for key in [k for k in os.environ if k.startswith("NEWSEVENTS_")]:
    del os.environ[key]

import pytest  # noqa: E402

from pipeline.extract import load_nlp  # noqa: E402
from pipeline.resolve import ActorIndex  # noqa: E402
from pipeline.settings import ExtractSettings, Settings, load_settings  # noqa: E402
from pipeline.store import load_registries  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
SAMPLES = REPO / "raw" / "samples"
REGISTRY = REPO / "models" / "actors.yaml"
SAMPLE_REGISTRY = SAMPLES / "actors.yaml"  # the samples' invented actors, read after REGISTRY (paths.registries)


# `make test-fast` runs the tests that need no model, no Prefect, no browser and no ../shared.
# Tests say what they need by marker, or by the fixtures they take (marked here); in the fast run
# spaCy refuses to load, so a test that needs the model and does not say so fails, naming it.
FIXTURE_MARKERS = {"nlp": "model", "shared": "shared", "seed_paths": "shared"}


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        for fixture, marker in FIXTURE_MARKERS.items():
            if fixture in getattr(item, "fixturenames", ()):
                item.add_marker(marker)


@pytest.fixture(autouse=True)
def _no_model_in_the_fast_run(monkeypatch: pytest.MonkeyPatch) -> None:
    if os.environ.get("FAST_TESTS"):
        import spacy

        def refuse(*args: object, **kwargs: object) -> None:
            raise RuntimeError("this test loads the spaCy model: mark it `model` (make test-fast has no model)")

        monkeypatch.setattr(spacy, "load", refuse)


@pytest.fixture(scope="session")
def shared() -> Path:
    if not (SHARED / "seeds").is_dir():
        pytest.skip(f"{SHARED} is absent: these tests read the seed articles and gold data from ../shared")
    return SHARED


@pytest.fixture(scope="session")
def seed_paths(shared: Path) -> list[Path]:
    return sorted((shared / "seeds").glob("00[0-3]_*.txt"))


@pytest.fixture(scope="session")
def nlp():
    return load_nlp(ExtractSettings())


@pytest.fixture(scope="session")
def index() -> ActorIndex:
    return ActorIndex.build(load_registries([REGISTRY, SAMPLE_REGISTRY]))


def make_settings(root: Path, **overrides) -> Settings:
    paths = {"raw": root / "raw", "extracted": root / "extracted", "registry": REGISTRY, "state": root / "state",
             "registries": [SAMPLE_REGISTRY]}
    paths.update(overrides.pop("paths", {}))
    # The test HTTP server is on 127.0.0.1, which unattended runs refuse unless settings allow it.
    overrides["collect"] = {"allow_addresses": ["127.0.0.1"], **overrides.get("collect", {})}
    return load_settings(paths=paths, **overrides)


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return make_settings(tmp_path, collect={"retries": 1, "backoff": 0.05, "timeout": 2.0})


def snapshot(*folders: Path) -> dict[str, tuple[int, int]]:
    """Every file under the folders with its size and modification time."""
    found = {}
    for folder in folders:
        for path in folder.rglob("*"):
            if path.is_file():
                stat = path.stat()
                found[str(path)] = (stat.st_size, stat.st_mtime_ns)
    return found


Route = Callable[["Handler"], None]


@dataclass
class Server:
    """A real HTTP server on 127.0.0.1 serving registered routes; counts the hits per path."""

    base: str
    routes: dict[str, tuple[int, dict[str, str], bytes] | Route] = field(default_factory=dict)
    hits: dict[str, int] = field(default_factory=dict)
    user_agents: list[str] = field(default_factory=list)

    def url(self, path: str) -> str:
        return self.base + path


class Handler(BaseHTTPRequestHandler):
    server_state: Server

    def do_GET(self) -> None:  # noqa: N802 - the http.server API
        state = self.server_state
        state.hits[self.path] = state.hits.get(self.path, 0) + 1
        state.user_agents.append(self.headers.get("User-Agent", ""))
        route = state.routes.get(self.path)
        if route is None:
            self.send_error(404, "Not Found")
            return
        if callable(route):
            route(self)
            return
        status, headers, body = route
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - silence the log
        pass


@pytest.fixture
def http_server() -> Iterator[Server]:
    state = Server(base="")
    handler = type("BoundHandler", (Handler,), {"server_state": state})
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    state.base = f"http://127.0.0.1:{httpd.server_address[1]}"
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield state
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(timeout=5)


def project_env(root: Path) -> dict[str, str]:
    """The environment of a command run as a subprocess for a project under `root`: no Prefect or
    news-events setting of the test's own, the project's folders and registries by NEWSEVENTS_*."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PREFECT_", "NEWSEVENTS_"))}
    env.update({
        "NEWSEVENTS_PATHS__RAW": str(root / "raw"),
        "NEWSEVENTS_PATHS__EXTRACTED": str(root / "extracted"),
        "NEWSEVENTS_PATHS__REGISTRY": str(REGISTRY),
        "NEWSEVENTS_PATHS__REGISTRIES": f'["{SAMPLE_REGISTRY}"]',
        "NEWSEVENTS_PATHS__STATE": str(root / "state"),
    })
    return env


def free_port() -> int:
    """A port on 127.0.0.1 that nothing listens on (for 'unreachable URL' cases)."""
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until(check: Callable[[], bool], timeout: float = 10.0) -> bool:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if check():
            return True
        time.sleep(0.05)
    return False
