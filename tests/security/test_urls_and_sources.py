"""Issue 14, bugs 1 and 3: URLs written by strangers never become links of another scheme, and a
page never takes over another article's place by naming that article's URL as its own."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipeline import review
from pipeline.collect import collect_sources
from pipeline.draft_file import parse_draft_text
from pipeline.runner import process_pending
from pipeline.store import FAILURES_NAME
from pipeline.urls import MAX_URL_CHARS
from tests.conftest import SAMPLES

pytestmark = pytest.mark.model

RAIL = (SAMPLES / "harbor-ledger_rail-strike-deal.html").read_bytes()
RAIL_CANONICAL = "https://harborledger.example/news/2025/02/05/rail-strike-late-night-deal"

# Written for this test: an invented article about an invented event.
MARS = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<title>Moscow courts Musk on Mars</title>
<meta property="article:published_time" content="2025-02-05T09:00:00Z">
<link rel="canonical" href="{canonical}">
</head><body><article><h1>Moscow courts Musk on Mars</h1>
<p>The head of the Volga Development Fund, Arkady Petrenko, said on Tuesday that his fund would
welcome a joint mission to Mars with the American entrepreneur Elon Musk, in a speech to investors
in the city of Kazan.</p>
<p>"We are ready to talk about rockets, about money and about the people who would fly them,"
Petrenko said. He added that the fund had set aside a budget for the first studies of such a
mission and that engineers from three institutes had been asked to prepare a plan by summer.</p>
<p>Musk did not answer a request for comment. Analysts in Kazan said the offer was mostly a signal
to foreign investors that the fund was open for business despite the sanctions of recent years.</p>
</article></body></html>
"""


def _drafts(settings) -> dict[str, dict]:
    found = {}
    for path in settings.paths.extracted.glob("*.md"):
        if ".rev-" not in path.name:
            found[path.stem] = parse_draft_text(path.read_text(encoding="utf-8"))[0]
    return found


def _failures(settings) -> list[dict]:
    path = settings.paths.extracted / FAILURES_NAME
    return [json.loads(line) for line in path.read_text().splitlines()] if path.exists() else []


# ------------------------------------------------------------------------------ 1. script URLs






def test_a_script_url_in_a_dump_never_reaches_a_draft_and_is_recorded(settings, nlp, index, tmp_path: Path):
    text = (SAMPLES / "daily-meridian_rail-union-backs-deal.txt").read_text(encoding="utf-8")
    dump = tmp_path / "dump.jsonl"
    dump.write_text(json.dumps({"url": " JavaScript:alert(document.domain)//", "text": text}) + "\n")
    collected = collect_sources([str(dump)], cfg=settings.collect, raw_dir=settings.paths.raw)
    assert len(collected.ok) == 1 and collected.ok[0].url is None
    assert [f.error for f in collected.failed] == ["InvalidURL"] and not collected.failures
    from pipeline.runner import record_collect_failures

    record_collect_failures(collected.failed, settings=settings)
    report = process_pending(settings, nlp=nlp, index=index)
    assert report.counts()["created"] == 1 and report.counts()["failed"] == 0
    (draft_file,) = [p for p in settings.paths.extracted.glob("*.md")]
    assert "javascript" not in draft_file.read_text().lower()
    (front,) = _drafts(settings).values()
    assert front["sources"][0].get("url") is None  # drafted, without a URL
    (notice,) = _failures(settings)
    assert notice["error"] == "InvalidURL" and notice["notice"] and "dump.jsonl:1" in notice["source"]
    assert "not an http(s) URL" in notice["message"]


def test_a_warc_records_url_is_checked_too(settings, tmp_path: Path):
    """A record whose target is not an http(s) URL is not an HTTP response (warcio reads no
    headers; a crawler's dns: records are such) and is skipped; an http URL too long to keep is
    recorded and the article collected without it."""
    from tests.fixtures.builders import write_warc

    too_long = "https://example.org/" + "a" * MAX_URL_CHARS
    warc = write_warc(tmp_path / "dump.warc.gz", [("javascript:alert(1)//", RAIL), (too_long, RAIL + b" ")])
    collected = collect_sources([str(warc)], cfg=settings.collect, raw_dir=settings.paths.raw)
    assert [raw.url for raw in collected.ok] == [None]
    assert [f.error for f in collected.failed] == ["InvalidURL"] and "over the limit" in collected.failed[0].message


def test_a_hand_edited_script_url_makes_the_draft_invalid_not_a_link(settings, nlp, index):
    collect_sources([str(SAMPLES / "harbor-ledger_rail-strike-deal.html")], cfg=settings.collect,
                    raw_dir=settings.paths.raw)
    process_pending(settings, nlp=nlp, index=index)
    (path,) = settings.paths.extracted.glob("*.md")
    text = path.read_text()
    assert RAIL_CANONICAL in text  # a page read from a file is cited with its own canonical link
    path.write_text(text.replace(RAIL_CANONICAL, "javascript:alert(document.domain)//", 1))
    with pytest.raises(review.ReviewError, match="not an http"):
        review.open_draft(settings.paths.extracted, path.stem)
    assert [(p, reason) for p, reason in review.broken_drafts(settings.paths.extracted)
            if "not an http(s) URL" in reason]


# ---------------------------------------------------------------------------- 3. source hijack


def test_a_canonical_link_naming_another_events_source_does_not_replace_it(settings, nlp, index, http_server):
    http_server.routes["/rail"] = (200, {"Content-Type": "text/html; charset=utf-8"}, RAIL)
    http_server.routes["/mars"] = (200, {"Content-Type": "text/html; charset=utf-8"},
                                   MARS.format(canonical=RAIL_CANONICAL).encode())
    collect_sources([http_server.url("/rail")], cfg=settings.collect, raw_dir=settings.paths.raw)
    process_pending(settings, nlp=nlp, index=index)
    collect_sources([http_server.url("/mars")], cfg=settings.collect, raw_dir=settings.paths.raw)
    process_pending(settings, nlp=nlp, index=index)
    drafts = _drafts(settings)
    rail = next(d for d in drafts.values() if "Rail strike" in d["sources"][0]["title"])
    mars = next(d for d in drafts.values() if "Mars" in d["sources"][0]["title"])
    assert [s["url"] for s in rail["sources"]] == [http_server.url("/rail")]  # where it was fetched from
    assert [s["url"] for s in mars["sources"]] == [http_server.url("/mars")]
    # what the page claims is kept as evidence
    assert mars["provenance"]["canonical_urls"] == [{"source": 0, "canonical_url": RAIL_CANONICAL, "cited": False}]


def test_another_text_at_a_sources_url_keeps_both_and_records_the_conflict(settings, nlp, index, http_server):
    http_server.routes["/news"] = (200, {"Content-Type": "text/html; charset=utf-8"}, RAIL)
    collect_sources([http_server.url("/news")], cfg=settings.collect, raw_dir=settings.paths.raw)
    process_pending(settings, nlp=nlp, index=index)
    http_server.routes["/news"] = (200, {"Content-Type": "text/html; charset=utf-8"},
                                   MARS.format(canonical=http_server.url("/news")).encode())
    collect_sources([http_server.url("/news")], cfg=settings.collect, raw_dir=settings.paths.raw)
    report = process_pending(settings, nlp=nlp, index=index)
    drafts = _drafts(settings)
    assert len(drafts) == 2  # the rail article is still cited; the new text is an event of its own
    assert any("Rail strike" in d["sources"][0]["title"] and len(d["sources"]) == 1 for d in drafts.values())
    (conflict,) = [f for f in _failures(settings) if f["error"] == "URLConflict"]
    assert conflict["notice"] and "both are kept" in conflict["message"]
    assert report.counts().get("notices") == 1 and report.counts()["failed"] == 0


def test_a_corrected_snapshot_of_the_same_article_still_replaces_its_source(settings, nlp, index, http_server):
    http_server.routes["/news"] = (200, {"Content-Type": "text/html; charset=utf-8"}, RAIL)
    collect_sources([http_server.url("/news")], cfg=settings.collect, raw_dir=settings.paths.raw)
    process_pending(settings, nlp=nlp, index=index)
    corrected = RAIL.replace(b"<article", b"<article><p>Correction: an earlier version of this article gave "
                             b"the wrong day for the ballot of the union's members.</p", 1)
    assert corrected != RAIL
    http_server.routes["/news"] = (200, {"Content-Type": "text/html; charset=utf-8"}, corrected)
    collect_sources([http_server.url("/news")], cfg=settings.collect, raw_dir=settings.paths.raw)
    report = process_pending(settings, nlp=nlp, index=index)
    assert [o.action for o in report.outcomes] == ["updated"]
    (front,) = _drafts(settings).values()
    assert len(front["sources"]) == 1 and not _failures(settings)
