"""The review page in headless Chromium: queue, draft, evidence, edit, accept, reject, a new actor
confirmed, a stale save refused, article text that is never run as HTML; logged in as an analyst
(through the real login form once), the page's script running under its Content-Security-Policy,
and a page on another port that cannot act for the analyst."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml
from playwright.sync_api import expect

from pipeline import accounts, review
from pipeline.collect import collect_sources
from pipeline.draft_file import parse_draft_text
from pipeline.runner import process_pending, record_collect_failures
from tests.conftest import SAMPLES, make_settings
from tests.web.conftest import copy_registry, serve

pytestmark = [pytest.mark.browser, pytest.mark.model]

REPO = Path(__file__).resolve().parents[2]
SCREENSHOTS = REPO / "docs" / "screenshots"  # the README shows the draft view from here
ANALYST, PASSWORD = "Ana Lytic", "a password for the tests"
HOSTILE = """Council hears a strange letter <script>window.hacked = true; document.title = "owned"</script>

KESTLE, March 4, 2025 - The council of Kestle read out a letter on Tuesday that contained the text
<script>window.hacked = true</script> and an image tag <img src=x onerror="window.hacked = true">, said
clerk Mara Lindqvist. "We print what people send us, but we do not run it," Lindqvist said. The
council will discuss the letter again next month, when members will vote on a new policy for
publishing letters from residents on its website and in its printed bulletin.
"""


@pytest.fixture(scope="module")
def site(tmp_path_factory, nlp, index, request):
    """Drafts from the samples (and the seeds when ../shared is there), served by the real app."""
    from pipeline.web.app import create_app

    root = tmp_path_factory.mktemp("review")
    settings = make_settings(root, paths={"registry": copy_registry(root)})
    (root / "letter.txt").write_text(HOSTILE, encoding="utf-8")
    sources = [str(SAMPLES), str(root / "letter.txt")]
    seeds = sorted((REPO.parent / "shared" / "seeds").glob("00[0-3]_*.txt"))
    sources += [str(p) for p in seeds]
    collect_sources(sources, cfg=settings.collect, raw_dir=settings.paths.raw)
    process_pending(settings, nlp=nlp, index=index)
    accounts.add_analyst(settings.review.accounts_file(settings.paths.state), ANALYST, PASSWORD)
    server = serve(create_app(settings))
    url = next(server)
    request.addfinalizer(lambda: next(server, None))
    return url, settings, bool(seeds)


def log_in(page, url: str) -> None:
    """Through the real form: the queue sends a stranger to it, and it sends the analyst back."""
    page.goto(url + "/")
    assert "/login" in page.url
    page.get_by_label("Name").fill(ANALYST)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(url + "/")


@pytest.fixture(scope="module")
def logged_in(browser, site) -> dict:
    """The browser's state after logging in once; every page of these tests starts from it."""
    context = browser.new_context()
    log_in(context.new_page(), site[0])
    state = context.storage_state()
    context.close()
    return state


@pytest.fixture
def context(new_context, logged_in):
    return new_context(storage_state=logged_in)


def draft_id(settings, fragment: str) -> str:
    """The draft whose file name or one of whose sources' headlines (as a slug) holds `fragment`."""
    from slugify import slugify

    def names(path) -> str:
        sources = parse_draft_text(path.read_text(encoding="utf-8"))[0].get("sources") or []
        return " ".join([path.name, *(slugify(s.get("title") or "") for s in sources)])

    (path,) = [p for p in settings.paths.extracted.glob("*.md") if ".rev-" not in p.name and fragment in names(p)]
    return path.stem


def test_queue_lists_the_drafts_with_counts(page, site):
    url, settings, _ = site
    page.goto(url + "/")
    rows = page.locator("#queue tbody tr")
    assert rows.count() == len([p for p in settings.paths.extracted.glob("*.md")])
    assert re.search(r"draft: \d+", page.get_by_label("counts").inner_text())
    page.get_by_role("link", name=re.compile("Rail strike set to end")).click()
    assert "rail-strike" in page.url
    assert page.locator("article[aria-label='source 1']").count() == 1  # the event's two sources


def test_dmitriev_quote_is_highlighted_and_an_edited_accepted_title_lands_on_disk(page, site):
    url, settings, has_seeds = site
    if not has_seeds:
        pytest.skip("../shared/seeds is absent")
    draft = draft_id(settings, "moscow-invites-musk")
    page.goto(f"{url}/drafts/{draft}")
    quote = page.locator("mark.quote[data-label='Kirill Dmitriev']", has_text="There will certainly be discussions")
    assert quote.count() >= 1 and quote.first.is_visible()
    page.locator("button.evidence[data-show='date']").click()  # what the date rests on
    assert page.locator("mark.date.focus").count() >= 1
    page.locator("button.evidence[data-show='lead']").click()  # where the description comes from
    assert page.locator("mark.lead.focus").count() >= 1 and page.locator("mark.date.focus").count() == 0
    page.locator("button.evidence[data-show='title']").click()  # the sentence the title's who-did-what is from
    assert page.locator("mark.title.focus").count() >= 1
    page.get_by_label("Title").fill("Dmitriev proposes a joint Mars mission to Musk")
    page.get_by_role("button", name="Save").click()
    # a pending draft's id follows its edited title (issue 18); the old address leads to it
    assert page.get_by_role("status").inner_text().startswith("Saved; the draft's id is now ")
    old, draft = draft, page.url.split("?")[0].rsplit("/", 1)[1]
    assert draft == "2025-03-15--dmitriev-proposes-a-joint-mars-mission-to-musk" and draft != old
    page.goto(f"{url}/drafts/{old}")
    assert page.url.endswith(f"/drafts/{draft}")
    page.locator("#accept-importance").fill("6")  # a new event needs one (issue 18)
    page.get_by_role("button", name="Accept").click()
    accepted = settings.review.accepted_dir(settings.paths.extracted) / f"{draft}.md"
    front, _ = parse_draft_text(accepted.read_text(encoding="utf-8"))
    assert front["title"] == "Dmitriev proposes a joint Mars mission to Musk" and front["status"] == "confirmed"
    assert "provenance" not in front  # the timeline's own format
    log = parse_draft_text((settings.paths.extracted / f"{draft}.md").read_text())[0]["review"]
    assert [e["action"] for e in log] == ["edit", "rename", "accept"] and all(e["by"] and e["at"] for e in log)


def test_reject_with_a_reason(page, site):
    url, settings, _ = site
    draft = draft_id(settings, "kestrel-battery")
    page.goto(f"{url}/drafts/{draft}")
    page.get_by_label("Reason").fill("A company announcement, not an accountability event")
    page.get_by_role("button", name="Reject").click()
    # the page goes on to the next pending draft, saying what became of this one (issue 18)
    assert page.get_by_role("status").inner_text() == f"{draft}: Rejected."
    assert f"/drafts/{draft}" not in page.url and "/drafts/" in page.url
    assert "draft" in page.locator(".status").first.inner_text()
    front = parse_draft_text((settings.paths.extracted / f"{draft}.md").read_text())[0]
    assert front["status"] == "rejected"
    assert front["review"][-1]["reason"] == "A company announcement, not an accountability event"
    assert front["review"][-1]["by"] == ANALYST  # the analyst logged in, not the server's OS user


def test_a_confirmed_candidate_joins_the_registry(page, site):
    url, settings, _ = site
    draft = draft_id(settings, "rail-strike")
    page.goto(f"{url}/drafts/{draft}")
    page.get_by_role("button", name="Confirm Helen Marsh").click()
    assert "Helen Marsh added to the registry" in page.get_by_role("status").inner_text()
    actors = yaml.safe_load(settings.paths.registry.read_text())["actors"]
    assert any(a["name"] == "Helen Marsh" and a["type"] == "person" for a in actors)


def test_a_stale_copy_is_refused_with_a_message(browser, site, logged_in):
    url, settings, _ = site
    draft = draft_id(settings, "millbrook")
    first, second = browser.new_page(storage_state=logged_in), browser.new_page(storage_state=logged_in)
    first.goto(f"{url}/drafts/{draft}")
    second.goto(f"{url}/drafts/{draft}")
    first.get_by_label("Title").fill("Millbrook floods: state of emergency")
    first.get_by_role("button", name="Save").click()
    second.get_by_label("Title").fill("A different title from a stale tab")
    second.get_by_role("button", name="Save").click()
    assert "changed" in second.get_by_role("alert").inner_text() and "nothing was saved" in second.get_by_role("alert").inner_text()
    renamed = draft_id(settings, "millbrook")  # the first tab's edit gave the pending draft its new id
    assert renamed == "2025-01-20--millbrook-floods-state-of-emergency" and "Its id is now" in second.get_by_role("alert").inner_text()
    front = parse_draft_text((settings.paths.extracted / f"{renamed}.md").read_text())[0]
    assert front["title"] == "Millbrook floods: state of emergency"
    registry = settings.paths.registry.read_bytes()
    second.go_back()  # the stale page again: an action that would change the registry changes nothing
    second.get_by_label("Name as written").fill("a stale alias")
    second.get_by_role("button", name="Add the alias").click()
    assert "nothing was saved" in second.get_by_role("alert").inner_text()
    assert settings.paths.registry.read_bytes() == registry
    first.close()
    second.close()


def test_article_text_is_shown_as_text_never_run(page, site):
    url, settings, _ = site
    draft = draft_id(settings, "council-hears-a-strange-letter")
    page.goto(f"{url}/drafts/{draft}")
    assert page.evaluate("window.hacked") is None and page.title() != "owned"
    assert "<script>window.hacked = true</script>" in page.locator("article[aria-label='source 0']").inner_text()


def test_screenshot_of_the_draft_view(page, site):
    url, settings, _ = site
    page.set_viewport_size({"width": 1400, "height": 1000})
    page.goto(f"{url}/drafts/{draft_id(settings, 'rail-strike')}")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / "draft-view.png"
    page.screenshot(path=str(path))
    assert path.stat().st_size > 10_000


def test_split_a_source_off_then_merge_it_back(page, site):
    url, settings, _ = site
    rail = draft_id(settings, "rail-strike")
    page.goto(f"{url}/drafts/{rail}")
    page.get_by_role("button", name="Split source 1 off into its own event").click()
    message = page.get_by_role("status").inner_text()
    new_id = re.search(r"the event (\S+)\.", message).group(1)
    assert len(parse_draft_text((settings.paths.extracted / f"{rail}.md").read_text())[0]["sources"]) == 1
    alone = parse_draft_text((settings.paths.extracted / f"{new_id}.md").read_text())[0]
    assert len(alone["sources"]) == 1 and alone["review"][0]["action"] == "split-from"

    page.get_by_label("Draft").select_option(new_id)
    page.get_by_role("button", name="Merge").click()
    assert "2 sources" in page.get_by_role("status").inner_text()
    front = parse_draft_text((settings.paths.extracted / f"{rail}.md").read_text())[0]
    assert len(front["sources"]) == 2 and [e["action"] for e in front["review"]][-2:] == ["split", "merge"]
    assert parse_draft_text((settings.paths.extracted / f"{new_id}.md").read_text())[0]["status"] == "merged"


def test_a_rerun_after_review_leaves_the_reviewed_drafts_as_they_are(site, nlp, index):
    import sqlite3

    url, settings, _ = site
    # one reviewed here, whatever ran before (pytest may run this test on a fresh site)
    opened = review.open_draft(settings.paths.extracted, draft_id(settings, "kestrel-battery"))
    review.save(settings.paths.extracted, review.edit(opened.draft, {"importance": "3"}, who="ana", at=review.now()),
                version=opened.version)
    before = {p.name: p.read_bytes() for p in settings.paths.extracted.glob("*.md")}
    reviewed = [name for name, data in before.items() if b"\nreview:\n" in data]
    assert reviewed
    with sqlite3.connect(settings.paths.extracted / ".ledger.sqlite") as db:  # as after an upgrade
        db.execute("UPDATE processed SET pipeline_version = '0.0.0'")
    process_pending(settings, nlp=nlp, index=index)
    for name in reviewed:
        assert (settings.paths.extracted / name).read_bytes() == before[name], name


def test_a_name_mapped_to_a_known_actor_becomes_its_alias(page, site):
    url, settings, _ = site
    draft = draft_id(settings, "millbrook")
    page.goto(f"{url}/drafts/{draft}")
    page.get_by_label("Name as written").fill("the Millbrook council")
    known = page.get_by_label("is", exact=True)
    known.press_sequentially("brandt")  # the type-ahead asks the registry for the closest names (issue 18)
    expect(page.locator("#registry-names")).to_have_attribute("data-query", "brandt")
    offered = page.locator("#registry-names option").evaluate_all("os => os.map(o => o.value)")
    assert offered[0] == "Lena Brandt" and len(offered) <= 10
    known.fill("Lena Brandt")
    page.get_by_role("button", name="Add the alias").click()
    assert "is now an alias of Lena Brandt" in page.get_by_role("status").inner_text()
    actors = yaml.safe_load(settings.paths.registry.read_text())["actors"]
    assert "the Millbrook council" in next(a for a in actors if a["name"] == "Lena Brandt")["aliases"]
    log = parse_draft_text((settings.paths.extracted / f"{draft}.md").read_text())[0]["review"]
    assert log[-1]["action"] == "map-mention" and log[-1]["actor"] == "Lena Brandt"


def test_the_queue_shows_invalid_drafts_and_inputs_that_did_not_become_drafts(page, tmp_path, nlp, index):
    """What an analyst must see without opening extracted/: a draft broken by hand (file, line and
    reason) and each input that failed, with its stage and reason, shown as text."""
    from pipeline.web.app import create_app

    settings = make_settings(tmp_path)
    inputs = tmp_path / "inputs"
    inputs.mkdir()
    (inputs / "story.txt").write_bytes((SAMPLES / "eastbank-tribune_pinwheel-privacy-fine.txt").read_bytes())
    (inputs / "image.html").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 40)
    (inputs / "<em>empty<em>.txt").write_bytes(b"   \n")
    telescope = (SAMPLES / "lantern-report_atacama-survey-telescope.txt").read_text(encoding="utf-8")
    (inputs / "dump.jsonl").write_text(json.dumps({"url": "javascript:alert(1)//", "text": telescope}) + "\n")
    collected = collect_sources([str(inputs)], cfg=settings.collect, raw_dir=settings.paths.raw)
    record_collect_failures(collected.failed, settings=settings)  # the dump's URL: a notice
    report = process_pending(settings, nlp=nlp, index=index)
    assert len(collected.ok) == 4 and len(report.outcomes) == 2 and len(report.failures) == 2
    (draft,) = [p for p in settings.paths.extracted.glob("*.md") if "pinwheel" in p.name]
    lines = draft.read_text(encoding="utf-8").splitlines(keepends=True)
    lines[2] = "title: [an unclosed list\n"
    draft.write_text("".join(lines), encoding="utf-8")

    accounts.add_analyst(settings.review.accounts_file(settings.paths.state), ANALYST, PASSWORD)
    server = serve(create_app(settings))
    url = next(server)
    try:
        log_in(page, url)  # another server: the session of the module's one means nothing to it
        assert [page.locator("#queue tbody tr").inner_text()] == [  # the broken draft is not in the queue
            page.get_by_role("link", name=re.compile("Atacama")).locator("xpath=ancestor::tr").inner_text()]
        broken = page.get_by_role("region", name="drafts that are not valid").locator("tbody tr")
        assert broken.count() == 1
        assert draft.name in broken.inner_text() and re.search(r"line \d+", broken.inner_text())
        failed = page.get_by_role("region", name="inputs that did not become drafts")
        assert "Inputs that did not become drafts (2)" in failed.inner_text()
        rows = [failed.locator("tbody tr").nth(i).inner_text() for i in range(2)]
        assert any("binary content" in r and "image.html" in r for r in rows), rows
        assert any("empty page" in r and "<em>empty<em>.txt" in r for r in rows), rows  # as text, not markup
        notices = page.get_by_role("region", name="notices")  # drafted, but its URL was not kept
        assert "(1)" in notices.locator("h2").inner_text()
        assert "InvalidURL" in notices.inner_text() and "dump.jsonl:1" in notices.inner_text()
    finally:
        next(server, None)


def test_log_in_and_out_through_the_forms(browser, site):
    url, _, _ = site
    context = browser.new_context()
    page = context.new_page()
    log_in(page, url)
    assert ANALYST in page.locator("header").inner_text()
    (cookie,) = [c for c in context.cookies() if c["name"] == "newsevents_session"]
    assert cookie["httpOnly"] and cookie["sameSite"] == "Strict"
    page.get_by_role("button", name="Log out").click()
    assert "/login" in page.url
    page.goto(url + "/")
    assert "/login" in page.url
    context.close()


def test_the_page_script_runs_under_its_content_security_policy(page, site):
    url, settings, _ = site
    refused = []
    page.on("console", lambda message: refused.append(message.text) if "Content Security Policy" in message.text
            else None)
    response = page.goto(f"{url}/drafts/{draft_id(settings, 'rail-strike')}")
    assert "script-src 'self'" in response.headers["content-security-policy"]
    page.locator("button.evidence[data-show='actor']").click()
    assert page.locator("mark.actor.focus").count() >= 1  # /static/review.js ran
    assert page.locator("header").evaluate("e => getComputedStyle(e).backgroundColor") == "rgb(35, 57, 93)"
    assert refused == []


def test_a_page_on_another_port_cannot_make_the_analysts_browser_accept_a_draft(page, site, http_server):
    """SameSite does not tell ports of 127.0.0.1 apart: the browser sends the session cookie with
    this form. The draft's version is all the page needs besides it, and easy to know; the CSRF
    token and the Origin check stop it."""
    url, settings, _ = site
    path = settings.paths.extracted / f"{draft_id(settings, 'pinwheel')}.md"
    before = path.read_bytes()
    hostile = f"""<!DOCTYPE html><title>cute cats</title>
<form method="post" action="{url}/drafts/{path.stem}/accept">
<input name="version" value="{review.version_of(before)}"><input name="status" value="confirmed"></form>
<script>document.forms[0].submit()</script>"""
    http_server.routes["/"] = (200, {"Content-Type": "text/html; charset=utf-8"}, hostile.encode())
    page.goto(url + "/")
    with page.expect_response(lambda r: r.url.endswith("/accept")) as answer:
        page.goto(http_server.url("/"))
    assert answer.value.status == 403  # refused with the session: not 401
    assert path.read_bytes() == before


def test_a_mentioned_actor_is_one_click_from_the_actors_issue_16(page, site):
    url, settings, _ = site
    draft = draft_id(settings, "battery")  # a draft with a name mentioned in passing
    front = parse_draft_text((settings.paths.extracted / f"{draft}.md").read_text())[0]
    name = front["provenance"]["mentioned_actors"][0]
    assert name not in front["actors"]
    page.goto(f"{url}/drafts/{draft}")
    page.get_by_role("button", name=f"Add {name} to the actors").click()
    assert f"{name} is one of the event's actors." in page.get_by_role("status").inner_text()
    after = parse_draft_text((settings.paths.extracted / f"{draft}.md").read_text())[0]
    assert after["actors"] == [*front["actors"], name] and after["review"][-1]["action"] == "add-actor"
    assert page.get_by_role("button", name=f"Add {name} to the actors").count() == 0
