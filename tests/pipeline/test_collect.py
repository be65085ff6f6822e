from __future__ import annotations

from pathlib import Path

from pipeline.collect import collect_sources
from pipeline.store import iter_raw_documents, read_raw
from tests.conftest import SAMPLES, Server, free_port, snapshot
from tests.fixtures.builders import TEXT_PUBLISHED, broken_warc, sample_warc, write_jsonl


def test_collect_folder_stores_each_input_once(settings):
    first = collect_sources([str(SAMPLES)], cfg=settings.collect, raw_dir=settings.paths.raw)
    files = [p for p in SAMPLES.iterdir() if p.suffix in (".html", ".txt")]
    assert len(first.ok) == len(files) and not first.failed
    before = snapshot(settings.paths.raw)
    second = collect_sources([str(SAMPLES), str(files[0])], cfg=settings.collect, raw_dir=settings.paths.raw)
    assert {r.sha256 for r in second.ok} == {r.sha256 for r in first.ok}
    assert snapshot(settings.paths.raw) == before
    stored = list(iter_raw_documents(settings.paths.raw))
    assert len(stored) == len(files)
    for raw in stored:
        assert read_raw(settings.paths.raw, raw) == Path(raw.source).read_bytes()


def test_collect_url_stores_body_and_provenance(settings, http_server: Server):
    body = (SAMPLES / "harbor-ledger_rail-strike-deal.html").read_bytes()
    http_server.routes["/a.html"] = (200, {"Content-Type": "text/html; charset=utf-8"}, body)
    result = collect_sources([http_server.url("/a.html")], cfg=settings.collect, raw_dir=settings.paths.raw)
    assert not result.failed
    raw = result.ok[0]
    assert raw.http_status == 200 and raw.url == http_server.url("/a.html") and raw.source_kind == "url"
    assert read_raw(settings.paths.raw, raw) == body
    assert http_server.user_agents[0].startswith("news-events/")


def test_collect_url_http_error_is_recorded(settings, http_server: Server):
    result = collect_sources([http_server.url("/missing")], cfg=settings.collect, raw_dir=settings.paths.raw)
    assert not result.ok
    assert result.failed[0].error == "SourceError" and "HTTP 404" in result.failed[0].message
    assert http_server.hits["/missing"] == 1  # a 404 is final: no retry


def test_collect_url_retries_transient_errors(settings, http_server: Server):
    calls = {"n": 0}

    def flaky(handler):
        calls["n"] += 1
        status, body = (503, b"busy") if calls["n"] == 1 else (200, b"<html><body><p>ok</p></body></html>")
        handler.send_response(status)
        handler.send_header("Content-Length", str(len(body)))
        handler.end_headers()
        handler.wfile.write(body)

    http_server.routes["/flaky"] = flaky
    result = collect_sources([http_server.url("/flaky")], cfg=settings.collect, raw_dir=settings.paths.raw)
    assert len(result.ok) == 1 and not result.failed
    assert http_server.hits["/flaky"] == 2


def test_collect_url_over_size_cap_is_refused(settings, http_server: Server):
    http_server.routes["/big"] = (200, {"Content-Type": "text/html"}, b"x" * 5000)
    small = settings.collect.model_copy(update={"max_bytes": 1000})
    result = collect_sources([http_server.url("/big")], cfg=small, raw_dir=settings.paths.raw)
    assert not result.ok and "over the limit" in result.failed[0].message
    assert not (settings.paths.raw / "objects").exists()


def test_collect_unreachable_url_and_bad_scheme_are_recorded(settings):
    sources = [f"http://127.0.0.1:{free_port()}/nothing", "ftp://127.0.0.1/file.html", "/no/such/path.html"]
    result = collect_sources(sources, cfg=settings.collect, raw_dir=settings.paths.raw)
    assert not result.ok
    messages = [f.message for f in result.failed]
    assert "could not fetch" in messages[0]
    assert "only http and https" in messages[1]
    assert "no such file or folder" in messages[2]


def test_collect_jsonl_broken_line_is_recorded_and_the_rest_collected(settings, tmp_path):
    dump = write_jsonl(tmp_path / "dump.jsonl", broken_line=True)
    result = collect_sources([str(dump)], cfg=settings.collect, raw_dir=settings.paths.raw)
    assert len(result.ok) == 6
    assert len(result.failed) == 1 and "dump.jsonl:2" in result.failed[0].source
    assert "not valid JSON" in result.failed[0].message
    texts = [r for r in result.ok if r.content_type == "text/plain"]
    assert sorted(r.published_hint for r in texts) == sorted(TEXT_PUBLISHED.values())
    assert all(r.archive_offset for r in texts)


def test_collect_warc_reads_response_records(settings, tmp_path):
    warc = sample_warc(tmp_path / "pages.warc.gz")
    result = collect_sources([str(warc)], cfg=settings.collect, raw_dir=settings.paths.raw)
    assert len(result.ok) == 3 and not result.failed
    assert all(r.source_kind == "warc" and r.url.startswith("https://example.org/warc/") for r in result.ok)


def test_collect_broken_warc_keeps_good_records_and_records_failure(settings, tmp_path):
    warc = broken_warc(tmp_path / "broken.warc.gz")
    result = collect_sources([str(warc)], cfg=settings.collect, raw_dir=settings.paths.raw)
    assert [r.url for r in result.ok] == ["https://example.org/warc/good"]
    assert len(result.failed) == 1 and "broken WARC" in result.failed[0].message


def test_redirect_loops_and_bad_urls_are_recorded(settings, http_server: Server):
    def loop(handler):
        handler.send_response(302)
        handler.send_header("Location", "/loop")
        handler.send_header("Content-Length", "0")
        handler.end_headers()

    http_server.routes["/loop"] = loop
    result = collect_sources([http_server.url("/loop"), "http://[::1"], cfg=settings.collect, raw_dir=settings.paths.raw)
    assert not result.ok and len(result.failed) == 2
    assert "TooManyRedirects" in result.failed[0].message


def test_archived_error_pages_are_failures(settings, tmp_path):
    from io import BytesIO

    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    path = tmp_path / "errors.warc.gz"
    with path.open("wb") as fh:
        writer = WARCWriter(fh, gzip=True)
        headers = StatusAndHeaders("404 Not Found", [("Content-Type", "text/html")], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record("https://example.org/gone", "response",
                                                      payload=BytesIO(b"<html><p>Page not found</p></html>"),
                                                      http_headers=headers))
    result = collect_sources([str(path)], cfg=settings.collect, raw_dir=settings.paths.raw)
    assert not result.ok and "HTTP 404" in result.failed[0].message
