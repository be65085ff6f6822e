"""What a page says about itself: first publication time and whose it is (pipeline/page_meta.py)."""

from __future__ import annotations

import json

from lxml.html import fromstring

from pipeline.page_meta import PageMeta, read_page_meta


def page(head: str) -> str:
    return f"<html><head><title>Harbour reopens</title>{head}</head><body><p>The harbour reopened.</p></body></html>"


def ld(data: object) -> str:
    return f'<script type="application/ld+json">{json.dumps(data)}</script>'


def test_published_time_site_name_and_the_articles_publisher_are_read():
    meta = read_page_meta(fromstring(page(
        '<meta property="article:published_time" content="2017-05-02T10:00:00Z">'
        '<meta property="og:site_name" content="Harbour  Gazette">'
        + ld({"@context": "https://schema.org", "@type": "NewsArticle", "datePublished": "2025-03-20",
              "publisher": {"@type": "NewsMediaOrganization", "name": "Harbour Gazette Media"}})
    )))
    assert meta == PageMeta(published_time="2017-05-02T10:00:00Z", site_name="Harbour Gazette",
                            publisher="Harbour Gazette Media", organization=None, meta_publisher=None)


def test_a_web_pages_name_is_its_title_not_the_sites():
    """trafilatura takes the longest JSON-LD name as the site name: a WebPage's (its title or slug)."""
    meta = read_page_meta(fromstring(page(ld({"@type": "WebPage", "name": "Story times trumps appeared epstein files"}))))
    assert meta == PageMeta()


def test_publisher_given_by_reference_in_a_graph_and_a_web_site():
    graph = {"@context": "https://schema.org", "@graph": [
        {"@type": "WebSite", "@id": "https://g.example/#site", "name": "The Gazette"},
        {"@type": ["NewsArticle"], "publisher": {"@id": "https://g.example/#org"}},
        {"@type": "Organization", "@id": "https://g.example/#org", "name": "Gazette Group"},
    ]}
    meta = read_page_meta(fromstring(page(ld(graph))))
    assert meta.publisher == "Gazette Group" and meta.organization == "The Gazette"


def test_broken_json_ld_and_other_meta_tags():
    meta = read_page_meta(fromstring(page(
        '<script type="application/ld+json">{"@type": "NewsArticle", </script>'
        '<meta name="application-name" content="Gazette"><meta name="date" content="2025-03-20">'
    )))
    assert meta == PageMeta(meta_publisher="Gazette")
