"""Whose article it is (pipeline/outlets.py): the domain table learned from a timeline's sources,
and the outlet chosen from it and from the page's metadata."""

from __future__ import annotations

import pytest

from pipeline.outlets import choose_outlet, domain_of, learn_outlets, plausible_outlet, table_outlet
from pipeline.page_meta import PageMeta
from pipeline.store.outlets import OutletEntry


def sources(*rows: tuple[str, str | None, int]) -> list[dict]:
    return [{"url": url, "outlet": outlet, "title": "t"} for url, outlet, n in rows for _ in range(n)]


def test_a_domains_outlet_is_the_name_its_sources_use_most():
    table = learn_outlets(sources(
        ("https://www.post.example/politics/a", "Harbour Post", 3),
        ("https://post.example/b", "The Harbour Post", 2),
        ("https://www2.post.example/c", None, 4),  # unnamed sources do not count
        ("https://edition.wire.example/a", "Wire", 1),
    ))
    assert table == {"post.example": OutletEntry("Harbour Post", 3, 5), "edition.wire.example": OutletEntry("Wire", 1, 1)}


def test_ties_notes_platforms_and_archive_links():
    table = learn_outlets(sources(
        ("https://journals.example/a", "Journal of Tides", 1), ("https://journals.example/b", "Coastal Review", 1),
        ("https://post.example/a", "Reuters (via Harbour Post)", 5), ("https://post.example/b", "BuzzFeed (archived)", 5),
        ("https://post.example/c", "Harbour Post", 1),
        ("https://x.com/someone/status/1", "Someone via Twitter", 1), ("https://x.com/other/status/2", "X", 3),
        ("https://web.archive.org/web/2017/https://gazette.example/a", "Gazette", 2),
    ))
    assert "journals.example" not in table  # a tie names no outlet
    assert table["post.example"] == OutletEntry("Harbour Post", 1, 1)  # copies and notes are not the domain's name
    assert "x.com" not in table  # on a platform, each account is an outlet
    assert table["gazette.example"].outlet == "Gazette" and "web.archive.org" not in table


@pytest.mark.parametrize(("url", "domain"), [
    ("https://WWW.Post.Example./a", "post.example"), ("http://www3.post.example", "post.example"),
    ("https://web.archive.org/web/2017/https://www.post.example/a", "post.example"), (None, None), ("not a url", None),
])
def test_domain_of(url, domain):
    assert domain_of(url) == domain


TABLE = {"post.example": OutletEntry("Harbour Post", 40, 50), "tv.example": OutletEntry("TV News", 10, 30),
         "once.example": OutletEntry("Once", 1, 1)}


def test_a_subdomain_falls_back_to_its_parent_with_evidence():
    assert table_outlet("https://live.post.example/a", TABLE).outlet == "Harbour Post"
    assert table_outlet("https://sub.once.example/a", TABLE) is None  # one use is no evidence for a whole domain
    assert table_outlet("https://example/a", TABLE) is None and table_outlet(None, TABLE) is None


def test_the_timelines_name_wins_where_it_dominates_its_domain():
    meta = PageMeta(site_name="The Harbour Post Online")
    assert choose_outlet("https://post.example/a", meta=meta, table=TABLE) == ("Harbour Post", "outlet-table")
    # at tv.example the timeline names several programmes: the page's own name is more precise
    assert choose_outlet("https://tv.example/a", meta=PageMeta(site_name="Frontline"), table=TABLE) == ("Frontline", "og:site_name")
    assert choose_outlet("https://tv.example/a", table=TABLE) == ("TV News", "outlet-table")


def test_page_metadata_in_order_then_copyright_line_then_domain():
    url = "https://news.example.org/2025/story/times-trumps-appeared-in-files"
    assert choose_outlet(url, meta=PageMeta(publisher="Gazette Media", organization="Gazette")) == ("Gazette Media", "json-ld-publisher")
    assert choose_outlet(url, meta=PageMeta(organization="Gazette", meta_publisher="G")) == ("Gazette", "json-ld-organization")
    assert choose_outlet(url, meta=PageMeta(meta_publisher="G")) == ("G", "meta-publisher")
    assert choose_outlet(url, footer="Vellmar Gazette") == ("Vellmar Gazette", "copyright-line")
    assert choose_outlet(url) == ("news.example.org", "domain")
    assert choose_outlet(None) == (None, None)


@pytest.mark.parametrize(("name", "kept"), [
    ("Story times trumps appeared epstein files doj released", None),  # a URL slug
    ("Harbour reopens after storm", None),  # the title
    ("https://news.example.org", None), ("", None), (None, None),
    ("A " * 9 + "name", None),  # longer than a name
    ("@HarbourPost", "HarbourPost"), ("  The Harbour  Post | ", "The Harbour Post"),
    ("Citizens for Responsibility and Ethics in Washington", "Citizens for Responsibility and Ethics in Washington"),
])
def test_plausible_outlet(name, kept):
    assert plausible_outlet(name, title="Harbour reopens after storm") == kept
