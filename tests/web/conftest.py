"""The review page served for real (uvicorn on 127.0.0.1) and Debian's Chromium for Playwright."""

from __future__ import annotations

import shutil
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    if CHROMIUM.exists():
        return
    skip = pytest.mark.skip(reason=f"{CHROMIUM} is missing: `make test` installs Debian's chromium (needs root or sudo)")
    for item in items:
        if "browser" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict) -> dict:
    """pytest-playwright's launch, with Debian's binary (Playwright's own download is not used)."""
    return {**browser_type_launch_args, "executable_path": str(CHROMIUM)}


def serve(app) -> Iterator[str]:  # noqa: ANN001 - a FastAPI app
    import uvicorn

    from tests.conftest import free_port

    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    assert server.started, "the review page did not start"
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


def copy_registry(root: Path) -> Path:
    from tests.conftest import REGISTRY

    path = root / "actors.yaml"
    shutil.copy(REGISTRY, path)
    return path
