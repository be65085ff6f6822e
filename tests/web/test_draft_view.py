"""The draft view's HTML over real HTTP (uvicorn on 127.0.0.1, no browser): what the analyst is
shown beside the fields."""

from __future__ import annotations

import html

from pipeline.batches import save_batch
from tests.conftest import make_settings
from tests.fixtures.records import analysis
from tests.fixtures.timeline import EVENTS, HARBOUR, HARBOUR_TEXT, HARBOUR_TITLE, write_timeline
from tests.web.conftest import http_session, serve


def test_the_suggested_tags_are_shown_with_the_timeline_events_that_voted_for_them_issue_16(tmp_path):
    from pipeline.web.app import create_app

    settings = make_settings(tmp_path, paths={"timeline": write_timeline(tmp_path / "events.jsonl")})
    save_batch([analysis("a" * 64, HARBOUR_TITLE, text=HARBOUR_TEXT)], [], settings=settings)
    save_batch([analysis("b" * 64, "Cat show crowns a winner")], [], settings=settings)
    (harbour,) = settings.paths.extracted.glob("*harbour*.md")
    (cats,) = settings.paths.extracted.glob("*cat-show*.md")
    server = serve(create_app(settings))
    url = next(server)
    try:
        client = http_session(url, settings)
        page = html.unescape(client.get(f"/drafts/{harbour.stem}").text)
        other = html.unescape(client.get(f"/drafts/{cats.stem}").text)
    finally:
        next(server, None)
    assert "Suggested tags and importance" in page and "government-contracts" in page
    for event in EVENTS:
        assert (event["id"] in page) == (event["id"] in HARBOUR)
        assert (event["title"] in page) == (event["id"] in HARBOUR)
    assert "Suggested tags and importance" not in other  # nothing near: nothing suggested
