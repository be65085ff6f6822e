"""Archive links unwrapped to the page they copy (pipeline/archive_urls.py)."""

from __future__ import annotations

import pytest

from pipeline.archive_urls import is_archive_url, unwrap_archive_url


@pytest.mark.parametrize(("link", "original"), [
    ("https://web.archive.org/web/20170502101500/https://news.example.org/2017/05/02/yacht",
     "https://news.example.org/2017/05/02/yacht"),
    ("http://web.archive.org/web/20170502101500id_/http://news.example.org/a?page=2&x=1",
     "http://news.example.org/a?page=2&x=1"),
    ("https://web.archive.org/web/2017if_/news.example.org/a", "http://news.example.org/a"),  # no scheme: http
    ("https://web.archive.org/web/20170502101500/https:/news.example.org/a", "https://news.example.org/a"),  # "//" collapsed
    ("https://wayback.archive.org/web/20010911/http://www.example.com/", "http://www.example.com/"),
    ("https://archive.ph/2019.03.04-101010/https://news.example.org/b", "https://news.example.org/b"),
    ("https://archive.today/20190304101010/https://news.example.org/b", "https://news.example.org/b"),
])
def test_archive_links_unwrap_to_the_page_they_copy(link, original):
    page, archived = unwrap_archive_url(link)
    assert page == original and archived.endswith("/" + original) and archived.split("/")[2] == link.split("/")[2]
    assert is_archive_url(link)


@pytest.mark.parametrize("link", [
    "https://news.example.org/web/20170502/https://other.example/a",  # not an archive's host
    "https://web.archive.org/web/2017*/https://news.example.org/a",  # a calendar of snapshots, not a page
    "https://archive.ph/AbC12",  # a short link: the original is not in it
    "https://web.archive.org/web/20170502/javascript:alert(1)",  # unwraps to no http(s) URL
    "https://archive.org/details/some-book",
])
def test_other_links_are_left_as_they_are(link):
    assert unwrap_archive_url(link) == (link, None)
    assert not is_archive_url(link)


@pytest.mark.model
def test_two_snapshots_of_one_page_are_one_source_cited_by_its_own_url_16(settings, nlp, index, tmp_path):
    """The identity of an archived page is the page it copies: a second snapshot replaces the first."""
    import json

    from pipeline.collect import collect_sources
    from pipeline.draft_file import parse_draft_text
    from pipeline.runner import process_pending
    from tests.conftest import SAMPLES

    html = (SAMPLES / "harbor-ledger_rail-strike-deal.html").read_text(encoding="utf-8")
    original = "https://harborledger.example/news/2025/02/05/rail-strike-late-night-deal"
    for n, stamp in enumerate(("20250206000000", "20250301120000")):
        dump = tmp_path / f"dump{n}.jsonl"
        page = html if n == 0 else html.replace("</article>", "<p>Updated with the union's vote.</p></article>")
        dump.write_text(json.dumps({"url": f"https://web.archive.org/web/{stamp}/{original}", "html": page}) + "\n")
        collect_sources([str(dump)], cfg=settings.collect, raw_dir=settings.paths.raw)
        process_pending(settings, nlp=nlp, index=index)
    (path,) = [p for p in settings.paths.extracted.glob("*.md") if ".rev-" not in p.name]
    (source,) = parse_draft_text(path.read_text(encoding="utf-8"))[0]["sources"]
    assert source["url"] == original and source["archive_url"] == f"https://web.archive.org/web/20250301120000/{original}"
    assert source["date"] == "2025-02-05"
