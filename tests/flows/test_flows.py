"""The real Prefect flows, in ephemeral mode (no server), on inputs the tests build."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipeline.draft_file import parse_draft_text
from pipeline.store import FAILURES_NAME
from tests.conftest import SAMPLES, Server, free_port
from tests.fixtures.builders import broken_warc, sample_warc, write_jsonl

pytestmark = [pytest.mark.flows, pytest.mark.model]


def files_of(*folders: Path) -> dict[str, bytes]:
    """Every file's bytes, except the ledger database (its internals change on every read)."""
    return {
        str(p): p.read_bytes()
        for folder in folders
        for p in folder.rglob("*")
        if p.is_file() and ".ledger.sqlite" not in p.name
    }


def test_batch_flow_on_jsonl_warc_and_http_then_rerun_adds_nothing(settings, tmp_path, http_server: Server):
    from flows.batch import batch

    html = SAMPLES / "valley-sentinel_millbrook-flood-emergency.html"
    text = SAMPLES / "lantern-report_atacama-survey-telescope.txt"
    http_server.routes["/flood.html"] = (200, {"Content-Type": "text/html; charset=utf-8"}, html.read_bytes())
    http_server.routes["/telescope.txt"] = (200, {"Content-Type": "text/plain; charset=utf-8"}, text.read_bytes())
    sources = [
        str(write_jsonl(tmp_path / "dump.jsonl")),
        str(sample_warc(tmp_path / "pages.warc.gz")),
        http_server.url("/flood.html"),
        http_server.url("/telescope.txt"),
    ]
    result = batch(settings, sources)
    assert result["collect"]["failed"] == 0
    # 6 from the dump; the WARC and the server repeat some of the same bytes, which are stored once
    assert result["collect"]["collected"] == 6
    # six articles, five events: the two rail-deal articles are one
    assert result["process"] == {"created": 5, "failed": 0}
    drafts = sorted(settings.paths.extracted.glob("*.md"))
    assert len(drafts) == 5
    before = files_of(settings.paths.raw, settings.paths.extracted)

    again = batch(settings, sources)
    assert again["process"] == {"failed": 0}
    assert files_of(settings.paths.raw, settings.paths.extracted) == before


def test_malformed_inputs_are_recorded_and_the_batch_completes(settings, tmp_path, http_server: Server):
    from flows.batch import batch

    inputs = tmp_path / "inputs"
    inputs.mkdir()
    (inputs / "image.html").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00" + bytes(range(256)) * 8)
    (inputs / "empty.html").write_bytes(b"")
    good = inputs / "good.txt"
    good.write_bytes((SAMPLES / "daily-meridian_rail-union-backs-deal.txt").read_bytes())
    warc = broken_warc(tmp_path / "broken.warc.gz")
    unreachable = f"http://127.0.0.1:{free_port()}/gone.html"

    result = batch(settings, [str(inputs), str(warc), unreachable])
    # good.txt and the WARC's intact first record both report the rail deal: one event, two sources
    assert result["process"]["created"] == 1
    (draft,) = settings.paths.extracted.glob("*.md")
    assert len(parse_draft_text(draft.read_text())[0]["sources"]) == 2
    failures = [json.loads(line) for line in (settings.paths.extracted / FAILURES_NAME).read_text().splitlines()]
    reasons = {(f["stage"], f["error"]): f["message"] for f in failures}
    assert "binary content" in reasons[("clean", "NotAnArticle")] or any(
        "binary" in f["message"] for f in failures
    )
    assert any("empty page" in f["message"] for f in failures)
    assert any("broken WARC" in f["message"] for f in failures)
    assert any("could not fetch" in f["message"] and f["source"] == unreachable for f in failures)
    assert len(failures) == 4
    for failure in failures:
        assert failure["message"] and failure["at"]


def test_scheduled_batch_reads_a_feed_and_fetches_each_article_once(tmp_path, http_server: Server):
    from flows.batch import batch
    from tests.conftest import make_settings

    base = http_server.base
    http_server.routes.update({
        "/feed.xml": (200, {"Content-Type": "application/rss+xml"}, (
            f'<?xml version="1.0"?><rss version="2.0"><channel><title>t</title><link>{base}/</link>'
            f"<item><link>{base}/news/flood.html</link></item><item><link>{base}/news/plant.html</link></item>"
            "</channel></rss>").encode()),
        "/news/flood.html": (200, {"Content-Type": "text/html"}, (SAMPLES / "valley-sentinel_millbrook-flood-emergency.html").read_bytes()),
        "/news/plant.html": (200, {"Content-Type": "text/html"}, (SAMPLES / "northfield-courier_gdansk-battery-plant.html").read_bytes()),
    })
    settings = make_settings(tmp_path, collect={"feeds": [http_server.url("/feed.xml")], "per_host_delay": 0.0})
    first = batch(settings)  # no sources given: what the settings name, as the schedule runs it
    assert first["collect"]["collected"] == 2 and first["process"]["created"] == 2
    second = batch(settings)
    assert second["collect"]["collected"] == 0 and second["process"] == {"failed": 0}
    assert http_server.hits["/news/flood.html"] == 1 and http_server.hits["/news/plant.html"] == 1
    assert http_server.hits["/feed.xml"] == 2


def test_reprocess_flow_streams_a_folder_and_skips_what_it_did(settings):
    from flows.reprocess import reprocess

    first = reprocess(settings, str(SAMPLES))
    assert first == {"created": 5, "failed": 0, "skipped": 0}
    assert reprocess(settings, str(SAMPLES)) == {"failed": 0, "skipped": 6}
