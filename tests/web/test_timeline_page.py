"""The review page beside the timeline (issue 17): a draft's matched event shown with its title,
date, actors, sources and tags; "add these sources to that event" in one click; accepting a draft
with a strong match as a new event only when the analyst says it is one. Headless Chromium,
logged in through the real form."""

from __future__ import annotations

import shutil

import pytest

from pipeline import accounts, safe_yaml
from pipeline.collect import collect_sources
from pipeline.draft_file import parse_draft_text
from pipeline.runner import process_pending
from tests.conftest import make_settings
from tests.web.conftest import copy_registry, serve

pytestmark = [pytest.mark.browser, pytest.mark.model, pytest.mark.shared]
ANALYST, PASSWORD = "Tim Line", "another password for the tests"


@pytest.fixture(scope="module")
def site(tmp_path_factory, nlp, index, shared, seed_paths, request):
    """The seeds' drafts, matched against a timeline checkout that holds seed 004's event."""
    from pipeline.web.app import create_app

    root = tmp_path_factory.mktemp("timeline-page")
    checkout = root / "timeline"
    checkout.mkdir()
    record = next((shared / "seeds").glob("004_*.txt"))
    event_id = parse_draft_text(record.read_text())[0]["id"]
    shutil.copyfile(record, checkout / f"{event_id}.md")  # into the test's folder, never the repository
    settings = make_settings(root, paths={"registry": copy_registry(root), "timeline": checkout})
    collect_sources([str(p) for p in seed_paths], cfg=settings.collect, raw_dir=settings.paths.raw)
    process_pending(settings, nlp=nlp, index=index)
    accounts.add_analyst(settings.review.accounts_file(settings.paths.state), ANALYST, PASSWORD)
    server = serve(create_app(settings))
    url = next(server)
    request.addfinalizer(lambda: next(server, None))
    (draft,) = [p.stem for p in settings.paths.extracted.glob("*.md")
                if len(parse_draft_text(p.read_text())[0]["sources"]) == 4]
    return url, settings, event_id, draft


def test_the_matched_event_is_beside_the_draft_and_its_sources_are_added_in_one_click(page, site):
    url, settings, event_id, draft = site
    page.goto(url + "/")
    page.get_by_label("Name").fill(ANALYST)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.goto(f"{url}/drafts/{draft}")
    beside = page.get_by_label(f"timeline event {event_id}")
    assert "Russia Proposes Mars Exploration Collaboration with Elon Musk" in beside.inner_text()
    assert "Kirill Dmitriev" in beside.inner_text() and "space-exploration" in beside.inner_text()
    assert "The Moscow Times, 2025-04-02" in beside.locator(".event-sources").inner_text()

    # accepting it as a new event asks first: the box must be ticked
    page.get_by_role("button", name="Accept", exact=True).click()
    assert page.url.endswith(f"/drafts/{draft}")  # the browser kept the form: nothing was sent
    assert parse_draft_text((settings.paths.extracted / f"{draft}.md").read_text())[0]["status"] == "draft"

    new_actors = [a for a in beside.locator("input[name=actor]").evaluate_all("els => els.map(e => e.value)")]
    assert "Elon Musk" not in new_actors  # the event names him already
    if new_actors:
        beside.get_by_label(new_actors[0]).check()
    beside.get_by_role("button", name=f"Add these sources to {event_id}").click()
    assert page.get_by_role("status").inner_text().startswith(f"{draft}: Added to {event_id}")
    front = parse_draft_text((settings.paths.extracted / f"{draft}.md").read_text())[0]
    assert (front["status"], front["update_of"]) == ("confirmed", event_id)
    assert front["review"][-1]["into"] == event_id and front["review"][-1]["actors"] == new_actors[:1]
    update = safe_yaml.load((settings.review.accepted_dir(settings.paths.extracted) / "updates" / f"{draft}.yaml").read_text())
    assert update["event"] == event_id and len(update["sources"]) == 4
    assert not (settings.review.accepted_dir(settings.paths.extracted) / f"{draft}.md").exists()  # no new record
