from __future__ import annotations

from datetime import date, datetime, timezone

import pytest

from pipeline.clean import clean_document, clean_documents
from pipeline.errors import NotAnArticle
from pipeline.records import RawDocument
from pipeline.settings import CleanSettings
from tests.conftest import SAMPLES

CFG = CleanSettings()
BOILERPLATE = ("Skip to main content", "Sign up", "newsletter", "©", "All rights reserved", "Share on",
               "Comments (", "WATCH", "Tags:", "trademark", "Cookie")

PAGE_TEXT = """Skip to main content
WATCH LIVE | Subscribe | Sign in
Home   World   Business   Science   Opinion
Tags: harbours | shipping

Port of Vellmar opens its new container terminal

By Odile Marchetti | Wednesday, 9 April 2025 10:30 AM

The Port of Vellmar opened its new container terminal on Tuesday, doubling the number of ships that can unload at the harbour at the same time, the port authority said.

"We have waited ten years for this quay, and it is finally here," said harbour master Iven Tolk, who cut the ribbon in front of about two hundred dock workers.

Share
Share on X   Share on Facebook
Sign up for the Morning Tide newsletter
© 2025 Vellmar Gazette Media, Inc. All rights reserved.
Vellmar Gazette is a registered trademark of Vellmar Gazette Media, Inc.
"""


def make_raw(data: bytes, content_type: str = "text/plain", **extra) -> RawDocument:
    return RawDocument(
        sha256="0" * 64, source="test", source_kind="file", fetched_at=datetime(2025, 5, 1, tzinfo=timezone.utc),
        content_type=content_type, path="x", size=len(data), **extra,
    )


def test_clean_plain_text_strips_page_boilerplate_and_reads_metadata():
    article = clean_document(make_raw(PAGE_TEXT.encode()), PAGE_TEXT.encode(), cfg=CFG)
    assert article.title == "Port of Vellmar opens its new container terminal"
    assert article.title_method == "first-line"
    assert article.published == date(2025, 4, 9)
    assert article.authors == ["Odile Marchetti"]
    assert article.tags == ["harbours", "shipping"]
    assert article.outlet == "Vellmar Gazette"
    assert article.text.startswith("The Port of Vellmar opened")
    assert article.text.endswith("two hundred dock workers.")
    for phrase in BOILERPLATE:
        assert phrase not in article.text
    start, end = article.paragraphs[1]
    assert article.text[start:end].startswith('"We have waited')


@pytest.mark.parametrize("path", sorted(p for p in SAMPLES.iterdir() if p.suffix in (".html", ".txt")), ids=lambda p: p.name)
def test_clean_samples_have_title_date_and_no_boilerplate(path):
    data = path.read_bytes()
    ctype = "text/plain" if path.suffix == ".txt" else "text/html"
    article = clean_document(make_raw(data, ctype), data, cfg=CFG)
    assert article.title and article.published is not None and article.outlet
    assert article.title not in article.text.split("\n")[0]
    for phrase in BOILERPLATE:
        assert phrase not in article.text, phrase


def test_clean_html_reads_page_metadata():
    data = (SAMPLES / "harbor-ledger_rail-strike-deal.html").read_bytes()
    article = clean_document(make_raw(data, "text/html"), data, cfg=CFG)
    assert article.outlet == "The Harbor Ledger"
    assert article.authors == ["Tobias Wren"]
    assert article.published == date(2025, 2, 5) and article.published_method == "html-metadata"
    assert article.language == "en"
    assert article.canonical_url.startswith("https://harborledger.example/")


def test_clean_archive_date_is_used_when_the_page_has_none():
    text = PAGE_TEXT.replace("| Wednesday, 9 April 2025 10:30 AM", "")
    article = clean_document(make_raw(text.encode(), published_hint="2025-04-08"), text.encode(), cfg=CFG)
    assert article.published == date(2025, 4, 8) and article.published_method == "archive-field"


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "empty page"),
        (b"   \n\t  ", "empty page"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4, "binary content"),
        (b"<html><body><p>Too short to be news.</p></body></html>", "words of main text"),
    ],
)
def test_clean_rejects_what_is_not_an_article(data, reason):
    with pytest.raises(NotAnArticle, match=reason):
        clean_document(make_raw(data, "text/html"), data, cfg=CFG)


def test_clean_documents_records_failures_and_keeps_going():
    good = PAGE_TEXT.encode()
    raws = [make_raw(b""), make_raw(good)]
    result = clean_documents(raws, cfg=CFG, read=lambda raw: b"" if raw is raws[0] else good)
    assert len(result.ok) == 1 and len(result.failed) == 1
    assert result.failed[0].stage == "clean" and result.failed[0].error == "NotAnArticle"


@pytest.mark.shared
def test_clean_seed_002_is_newsmax_of_15_march_without_boilerplate(seed_paths):
    path = seed_paths[2]
    data = path.read_bytes()
    article = clean_document(make_raw(data), data, cfg=CFG)
    assert article.title == "Moscow Invites Musk for Mars Collaboration"
    assert article.published == date(2025, 3, 15)
    assert article.outlet == "Newsmax"
    assert article.tags == ["moscow", "mars", "russia", "collaboration"]
    for phrase in BOILERPLATE + ("Download the Newsmax App", "Nick Koutsobinas, a Newsmax writer"):
        assert phrase not in article.text, phrase


# Issue 16: dates and outlets of a source, and pages read from a web archive.

BODY = "<p>" + " ".join(["The harbour board of Vellmar voted to rebuild the north quay after the winter storms."] * 6) + "</p>"


def html_page(head: str, title: str = "Vellmar rebuilds its north quay") -> bytes:
    return (f"<!DOCTYPE html><html lang='en'><head><title>{title}</title>{head}</head>"
            f"<body><article><h1>{title}</h1>{BODY}</article></body></html>").encode()


def test_clean_a_records_published_date_wins_over_the_pages_16():
    """A dump's `published` is what the archive knew; the page's own date may be a repost's."""
    article = clean_document(make_raw(PAGE_TEXT.encode(), published_hint="2025-04-08T23:00:00Z"), PAGE_TEXT.encode(), cfg=CFG)
    assert article.published == date(2025, 4, 8) and article.published_method == "archive-field"
    data = (SAMPLES / "harbor-ledger_rail-strike-deal.html").read_bytes()
    article = clean_document(make_raw(data, "text/html", published_hint="2025-02-04"), data, cfg=CFG)
    assert article.published == date(2025, 2, 4) and article.published_method == "archive-field"
    article = clean_document(make_raw(data, "text/html", published_hint="not a date"), data, cfg=CFG)
    assert article.published == date(2025, 2, 5) and article.published_method == "html-metadata"


def test_clean_article_published_time_wins_over_a_reposts_dates_16():
    data = html_page(
        '<meta property="article:published_time" content="2017-05-02T10:00:00Z">'
        '<meta name="date" content="2025-03-20">'
        '<script type="application/ld+json">{"@type": "NewsArticle", "datePublished": "2025-03-20T08:00:00Z"}</script>'
    )
    raw = make_raw(data, "text/html", url="https://news.example.org/2025/03/20/vellmar-quay")
    assert clean_document(raw, data, cfg=CFG).published == date(2017, 5, 2)
    without = data.replace(b'<meta property="article:published_time" content="2017-05-02T10:00:00Z">', b"")
    assert clean_document(raw, without, cfg=CFG).published == date(2025, 3, 20)  # htmldate's pick, as before


def test_clean_outlet_is_never_the_pages_own_name_or_a_slug_16(tmp_path):
    """trafilatura takes the longest JSON-LD name for the site's: a WebPage's, which is its title or slug."""
    slug = '<script type="application/ld+json">{"@type": "WebPage", "name": "Story vellmar rebuilds its north quay after storms"}</script>'
    url = "https://www.news.example.org/story/news/2025/03/20/vellmar-rebuilds-its-north-quay-after-storms/123/"
    data = html_page(slug)
    no_table = CleanSettings(outlets=None)
    assert clean_document(make_raw(data, "text/html", url=url), data, cfg=no_table).outlet == "news.example.org"
    data = html_page(slug + '<meta property="og:site_name" content="Vellmar Gazette">')
    article = clean_document(make_raw(data, "text/html", url=url), data, cfg=no_table)
    assert (article.outlet, article.outlet_method) == ("Vellmar Gazette", "og:site_name")
    table = tmp_path / "outlets.json"
    table.write_text('{"domains": {"news.example.org": ["The Vellmar Gazette", 9, 10]}}', encoding="utf-8")
    article = clean_document(make_raw(data, "text/html", url=url), data, cfg=CleanSettings(outlets=table))
    assert (article.outlet, article.outlet_method) == ("The Vellmar Gazette", "outlet-table")
    text = PAGE_TEXT.encode()  # copied page text with a URL (a dump's record): the table, before its copyright line
    article = clean_document(make_raw(text, url=url), text, cfg=CleanSettings(outlets=table))
    assert article.outlet == "The Vellmar Gazette"


def test_clean_a_web_archives_copy_is_the_page_it_copies_16(tmp_path):
    data = (SAMPLES / "harbor-ledger_rail-strike-deal.html").read_bytes()
    original = "https://harborledger.example/news/2025/02/05/rail-strike-late-night-deal"
    link = f"https://web.archive.org/web/20250301120000/{original}"
    table = tmp_path / "outlets.json"
    table.write_text('{"domains": {"harborledger.example": ["Harbor Ledger", 5, 5]}}', encoding="utf-8")
    article = clean_document(make_raw(data, "text/html", url=link), data, cfg=CleanSettings(outlets=table))
    assert (article.url, article.archive_url) == (original, link)
    assert article.canonical_url is None  # the page's canonical link is the original: nothing to add
    assert article.outlet == "Harbor Ledger" and article.published == date(2025, 2, 5)  # not the snapshot's day
    # a page read from a file whose canonical link is an archive's copy
    copy = data.replace(b'href="https://harborledger.example/news', b'href="https://web.archive.org/web/2025id_/https://harborledger.example/news')
    article = clean_document(make_raw(copy, "text/html"), copy, cfg=CFG)
    assert article.url is None and article.canonical_url == original
    assert article.archive_url == f"https://web.archive.org/web/2025id_/{original}"
