"""Review at the pace of the keyboard (issue 18): / search, ? the keys, j/k through drafts, e the
title, r a reason and Enter to reject, a to accept; each decision goes on to the next pending
draft. Headless Chromium, logged in through the real form, the page's script under its CSP."""

from __future__ import annotations

import re

import pytest

from pipeline import accounts
from pipeline.collect import collect_sources
from pipeline.draft_file import parse_draft_text
from pipeline.runner import process_pending
from tests.conftest import SAMPLES, make_settings
from tests.web.conftest import copy_registry, serve

pytestmark = [pytest.mark.browser, pytest.mark.model]
ANALYST, PASSWORD = "Kay Board", "a third password for the tests"


@pytest.fixture(scope="module")
def site(tmp_path_factory, nlp, index, request):
    from pipeline.web.app import create_app

    root = tmp_path_factory.mktemp("keys")
    settings = make_settings(root, paths={"registry": copy_registry(root)})
    collect_sources([str(SAMPLES)], cfg=settings.collect, raw_dir=settings.paths.raw)
    process_pending(settings, nlp=nlp, index=index)
    accounts.add_analyst(settings.review.accounts_file(settings.paths.state), ANALYST, PASSWORD)
    server = serve(create_app(settings))
    url = next(server)
    request.addfinalizer(lambda: next(server, None))
    return url, settings


def status_of(settings, draft_id: str) -> str:
    return parse_draft_text((settings.paths.extracted / f"{draft_id}.md").read_text())[0]["status"]


def test_search_and_decide_with_the_keyboard(page, site):
    url, settings = site
    errors: list[str] = []
    page.on("pageerror", lambda err: errors.append(str(err)))
    page.goto(url + "/")
    page.get_by_label("Name").fill(ANALYST)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(url + "/")

    assert page.get_by_label("keyboard keys").is_hidden()
    page.keyboard.press("?")
    assert page.get_by_label("keyboard keys").is_visible()
    page.keyboard.press("/")  # the search box
    page.keyboard.type("rail strike")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"q=rail\+strike"))
    titles = page.locator("#queue tbody td a").all_inner_texts()
    assert titles and all("rail" in t.lower() or "strike" in t.lower() for t in titles)
    page.goto(url + "/")
    pending = page.locator("#queue tbody td a").count()
    assert pending == 5
    page.keyboard.press("j")
    page.keyboard.press("j")
    page.keyboard.press("k")
    page.keyboard.press("Enter")  # the first row, opened
    page.wait_for_url(re.compile(r"/drafts/."))
    first = page.url.rsplit("/", 1)[1]
    page.keyboard.press("j")  # the next draft
    page.wait_for_url(re.compile(r"/drafts/(?!" + re.escape(first) + r"$)"))
    second = page.url.rsplit("/", 1)[1]
    page.keyboard.press("k")
    page.wait_for_url(re.compile(re.escape(first) + "$"))

    page.keyboard.press("e")
    assert page.evaluate("document.activeElement.id") == "title"
    page.keyboard.press("Escape")
    page.keyboard.press("r")
    page.keyboard.type("not an accountability event")
    with page.expect_navigation():
        page.keyboard.press("Enter")  # the reject form
    assert page.get_by_role("status").inner_text() == f"{first}: Rejected."
    assert page.url.split("?")[0].endswith(f"/drafts/{second}")  # on to the next pending draft
    with page.expect_navigation():
        page.keyboard.press("a")
    assert page.get_by_role("status").inner_text().startswith(f"{second}: Accepted as confirmed")
    assert (status_of(settings, first), status_of(settings, second)) == ("rejected", "confirmed")
    page.goto(url + "/")  # pending only, by default
    assert page.locator("#queue tbody td a").count() == pending - 2
    assert errors == []
