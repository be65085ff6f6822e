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


@pytest.fixture
def logged_in_keys(page, site) -> None:
    url, _ = site
    page.goto(url + "/")
    page.get_by_label("Name").fill(ANALYST)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(url + "/")


def test_search_and_decide_with_the_keyboard(page, site, logged_in_keys):
    url, settings = site
    errors: list[str] = []
    page.on("pageerror", lambda err: errors.append(str(err)))
    page.goto(url + "/")

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
    page.keyboard.press("a")  # no importance yet: the form asks for one, nothing is sent
    assert page.evaluate("document.activeElement.id") == "accept-importance"
    page.keyboard.type("4")
    page.keyboard.press("Escape")
    with page.expect_navigation():
        page.keyboard.press("a")
    assert page.get_by_role("status").inner_text().startswith(f"{second}: Accepted as confirmed")
    assert (status_of(settings, first), status_of(settings, second)) == ("rejected", "confirmed")
    page.goto(url + "/")  # pending only, by default
    assert page.locator("#queue tbody td a").count() == pending - 2
    assert errors == []


def test_bulk_reject_and_candidates_set_aside_together(page, site, logged_in_keys):
    url, settings = site
    page.goto(url + "/?status=all")
    rows = page.locator("#queue tbody tr")
    ids = [href.rsplit("/", 1)[1] for href in rows.locator("td a").evaluate_all("els => els.map(e => e.href)")]
    chosen = [i for i in ids if status_of(settings, i) == "draft"][:2]
    for draft_id in chosen:
        page.locator(f"input[name=draft][value='{draft_id}']").check()
    page.get_by_label("Reason", exact=True).fill("company news, not accountability")
    with page.expect_navigation():
        page.get_by_role("button", name="Reject the ticked drafts").click()
    assert page.get_by_role("status").inner_text() == "Rejected 2 drafts."
    assert "status=all" in page.url  # back to the queue as it was
    for draft_id in chosen:
        front = parse_draft_text((settings.paths.extracted / f"{draft_id}.md").read_text())[0]
        assert front["status"] == "rejected" and front["review"][-1]["reason"] == "company news, not accountability"

    with_candidates = [i for i in ids if len(parse_draft_text((settings.paths.extracted / f"{i}.md").read_text())[0]
                                                ["provenance"]["new_actor_candidates"]) >= 2]
    draft_id = with_candidates[0]
    front = parse_draft_text((settings.paths.extracted / f"{draft_id}.md").read_text())[0]
    names = [c["name"] for c in front["provenance"]["new_actor_candidates"]][:2]
    page.goto(f"{url}/drafts/{draft_id}")
    for name in names:
        page.get_by_label(f"tick {name}", exact=True).check()
    page.get_by_role("button", name="Not actors: the ticked ones").click()
    assert page.get_by_role("status").inner_text() == f"Not actors: {', '.join(names)}."
    after = parse_draft_text((settings.paths.extracted / f"{draft_id}.md").read_text())[0]
    assert [e["name"] for e in after["review"][-2:]] == names and not set(names) & set(after["actors"])
