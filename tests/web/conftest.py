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
    """A copy of the shipped registry the page may write to (the samples' actors stay in their
    own registry, read after it: settings.paths.registries)."""
    from tests.conftest import REGISTRY

    path = root / "actors.yaml"
    shutil.copy(REGISTRY, path)
    return path


def http_session(url: str, settings, name: str = "ana", password: str = "correct horse battery"):  # noqa: ANN201 - an httpx.Client
    """An httpx client logged in to the review page at `url` through its real form, as analyst
    `name` (added to the settings' accounts file if missing)."""
    import re

    import httpx

    from pipeline import accounts

    path = settings.review.accounts_file(settings.paths.state)
    if name not in accounts.load_accounts(path):
        accounts.add_analyst(path, name, password)
    client = httpx.Client(base_url=url, follow_redirects=False, timeout=30)
    form = client.get("/login")
    token = re.search(r'name="csrf" value="([^"]+)"', form.text).group(1)
    done = client.post("/login", data={"name": name, "password": password, "csrf": token})
    assert done.status_code == 303, done.text
    return client
