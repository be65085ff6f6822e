"""The key of a URL (pipeline/url_keys.py) and the timeline's sources recognized by it, whatever the dates."""

from __future__ import annotations

import pytest

from pipeline.records import EventDraft, Provenance, Source
from pipeline.settings import TimelineSettings
from pipeline.timeline import TimelineIndex, cited_by, match_draft
from pipeline.url_keys import url_key


@pytest.mark.parametrize("url", [
    "https://www.Example.org/news/story/?utm_source=feed&id=7#comments",
    "http://example.org/news/story?id=7",
    "HTTPS://EXAMPLE.ORG:443/news/story?fbclid=abc&id=7&utm_medium=social",
    "https://web.archive.org/web/20170502000000/https://example.org/news/story?id=7",
    "https://web.archive.org/web/20170502id_/http://www.example.org/news/story/?id=7",
    "https://archive.ph/20170502123456/https://example.org/news/story?id=7",
])
def test_the_addresses_of_one_page_have_one_key(url):
    assert url_key(url) == "example.org/news/story?id=7"


@pytest.mark.parametrize("other", [
    "https://example.org/news/story?id=8",        # another parameter value: another page
    "https://example.org/news/Story?id=7",        # a path's case can name another page
    "https://example.org/news/story",             # a parameter that is not tracking is kept
    "https://example.org:8080/news/story?id=7",   # another port, another server
    "https://news.example.org/news/story?id=7",   # another host
])
def test_other_pages_keep_other_keys(other):
    assert url_key(other) != url_key("https://example.org/news/story?id=7")


def test_parameters_are_compared_in_any_order_and_junk_is_kept_as_text():
    assert url_key("https://example.org/a?b=2&a=1") == url_key("https://example.org/a/?a=1&b=2")
    assert url_key("  not a url  ") == "not a url"


def _draft(date: str, *urls: str, kind: str = "main") -> EventDraft:
    return EventDraft(id="d", date=date, title="Prince buys yacht", description="", actors=[], kind=kind,
                      sources=[Source(url=u) for u in urls],
                      provenance=Provenance(inputs=["a" * 64], pipeline_version="t", date_rule="t"))


def test_a_source_the_timeline_cites_is_flagged_and_matched_whatever_the_dates():
    index = TimelineIndex.build([
        {"id": "1991-01-01--prince-buys-yacht", "date": "1991-01-01", "title": "Saudi prince buys Trump's yacht",
         "actors": ["Alwaleed bin Talal"], "sources": [{"url": "https://www.nytimes.com/2017/05/yacht.html"}]},
        {"id": "2017-05-02--other", "date": "2017-05-02", "title": "Something else", "actors": [],
         "sources": [{"url": "https://example.org/else"}]},
    ])
    # a 2019 article about the 1990 purchase, read from an archive with a tracking parameter
    draft = _draft("2019-03-01", "https://web.archive.org/web/2019/https://nytimes.com/2017/05/yacht.html?smid=tw")
    assert cited_by(draft, index) == [{"url": draft.sources[0].url, "events": ["1991-01-01--prince-buys-yacht"]}]
    match, *others = match_draft(draft, index, cfg=TimelineSettings())
    assert not others and match["id"] == "1991-01-01--prince-buys-yacht" and match["score"] == 1.0
    assert match["evidence"]["shared_urls"] == ["nytimes.com/2017/05/yacht.html"]
    assert cited_by(_draft("2019-03-01", "https://nytimes.com/2017/05/other.html"), index) == []


def test_a_digest_item_is_cited_only_by_the_events_its_own_content_matches():
    """The timeline cites a digest page for two of its items: an item about one of them is
    'already cited' by that event; an item about something else on the same page is not (the
    page's URL alone would otherwise flag every item of the digest)."""
    page = "https://digest.example.org/2025/08/14"
    index = TimelineIndex.build([
        {"id": "2025-08-14--spacex-order", "date": "2025-08-14", "title": "Trump orders easing of commercial space rules",
         "summary": "An executive order eases launch licensing and environmental reviews for commercial space companies.",
         "actors": ["Donald Trump", "SpaceX"], "sources": [{"url": page}]},
        {"id": "2025-08-14--cantor-trades", "date": "2025-08-14", "title": "Senators question Cantor Fitzgerald tariff trades",
         "summary": "Senators Wyden and Warren wrote to Cantor Fitzgerald about trades tied to tariff refunds.",
         "actors": ["Ron Wyden", "Elizabeth Warren", "Cantor Fitzgerald"], "sources": [{"url": page}]},
    ])
    cfg = TimelineSettings()

    def item(title: str, description: str, actors: list[str]) -> EventDraft:
        return _draft("2025-08-14", page, kind="item").model_copy(
            update={"title": title, "description": description, "actors": actors})

    space = item("Trump orders easing of commercial space launch rules",
                 "An executive order eases licensing and environmental reviews for commercial space launches.",
                 ["Donald Trump", "SpaceX"])
    museum = item("Trump says the Smithsonian focuses too much on slavery",
                  "The president told museum officials to review exhibits about American history.", ["Donald Trump"])
    assert cited_by(space, index, matches=match_draft(space, index, cfg=cfg), cfg=cfg) == [
        {"url": page, "events": ["2025-08-14--spacex-order"]}]
    assert cited_by(museum, index, matches=match_draft(museum, index, cfg=cfg), cfg=cfg) == []
    # the same page as an article's source (not an item) is cited by both events
    article = _draft("2025-08-14", page)
    assert sorted(cited_by(article, index)[0]["events"]) == ["2025-08-14--cantor-trades", "2025-08-14--spacex-order"]


def test_a_cited_url_loses_its_tracking_parameters_and_fragment_only():
    from pipeline.url_keys import cited_url

    assert cited_url("https://www.Example.org/a/b?id=7&utm_source=feed&fbclid=x#top") == "https://www.Example.org/a/b?id=7"
    assert cited_url("https://example.org/search?q=a+b&page=2") == "https://example.org/search?q=a+b&page=2"  # as written
    assert cited_url("https://example.org/a?utm_medium=email") == "https://example.org/a"
