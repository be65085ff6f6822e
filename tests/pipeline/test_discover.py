"""Feeds and sitemaps: parsing, robots.txt, per-host spacing, and each URL fetched once across runs."""

from __future__ import annotations

import time

import pytest

from pipeline.collect import make_client
from pipeline.discover import (
    Politeness,
    canonical_url,
    collect_feeds,
    feed_links,
    sitemap_links,
)
from pipeline.runner import collect_from_feeds
from tests.conftest import SAMPLES, Server, make_settings

HTML = {"Content-Type": "text/html; charset=utf-8"}
XML = {"Content-Type": "application/xml"}


def rss(base: str, *paths: str) -> bytes:
    items = "".join(f"<item><title>t</title><link>{base}{p}</link></item>" for p in paths)
    return (f'<?xml version="1.0"?><rss version="2.0"><channel><title>News</title><link>{base}/</link>'
            f"{items}</channel></rss>").encode()


def test_feed_links_of_rss_atom_and_relative_links():
    base = "http://127.0.0.1:9"
    assert feed_links(rss(base, "/news/a.html", "/news/b.html").decode(), base + "/feed.xml") == [
        base + "/news/a.html", base + "/news/b.html"]  # the channel's home link is not an article
    atom = ('<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><link href="/atom.xml" rel="self"/>'
            '<entry><link href="/news/c.html"/></entry></feed>')
    assert feed_links(atom, base + "/atom.xml") == [base + "/news/c.html"]


def test_sitemap_links_and_nested_sitemaps():
    base = "http://127.0.0.1:9"
    text = ('<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
            f"<url><loc>{base}/news/a.html</loc></url><url><loc>{base}/sitemap-2.xml</loc></url></urlset>")
    assert sitemap_links(text, base + "/sitemap.xml") == ([base + "/news/a.html"], [base + "/sitemap-2.xml"])


def test_canonical_url_drops_fragments_and_tracking():
    assert canonical_url("http://127.0.0.1:9/a.html?utm_source=x#top") == "http://127.0.0.1:9/a.html"


def test_requests_to_one_host_are_spaced(settings, http_server: Server):
    cfg = settings.collect.model_copy(update={"per_host_delay": 0.3})
    with make_client(cfg) as client:
        polite = Politeness(cfg, client)
        start = time.monotonic()
        for _ in range(3):
            polite.wait("127.0.0.1")
        assert time.monotonic() - start >= 0.6


@pytest.fixture
def site(http_server: Server) -> Server:
    base = http_server.base
    rail = (SAMPLES / "harbor-ledger_rail-strike-deal.html").read_bytes()
    flood = (SAMPLES / "valley-sentinel_millbrook-flood-emergency.html").read_bytes()
    telescope = (SAMPLES / "northfield-courier_gdansk-battery-plant.html").read_bytes()
    http_server.routes.update({
        "/robots.txt": (200, {"Content-Type": "text/plain"}, b"User-agent: *\nDisallow: /private/\n"),
        "/feed.xml": (200, XML, rss(base, "/news/rail.html", "/news/flood.html?utm_source=feed", "/private/x.html")),
        "/sitemap.xml": (200, XML, (
            '<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
            f"<url><loc>{base}/news/flood.html</loc></url><url><loc>{base}/news/plant.html</loc></url></urlset>"
        ).encode()),
        "/news/rail.html": (200, HTML, rail),
        "/news/flood.html": (200, HTML, flood),
        "/news/plant.html": (200, HTML, telescope),
        "/private/x.html": (200, HTML, rail),
    })
    return http_server


def test_feeds_and_sitemaps_are_collected_once_and_robots_are_honoured(tmp_path, site: Server):
    settings = make_settings(tmp_path, collect={"feeds": [site.url("/feed.xml")], "sitemaps": [site.url("/sitemap.xml")],
                                                "per_host_delay": 0.0})
    first = collect_from_feeds(settings)
    assert len(first.ok) == 3
    assert site.hits.get("/private/x.html") is None  # disallowed, so never asked for
    assert any("robots.txt disallows" in f.message for f in first.failed)
    assert site.hits["/news/flood.html"] == 1  # in the feed (with a tracking parameter) and the sitemap
    again = collect_from_feeds(settings)
    assert again.ok == [] and site.hits["/news/rail.html"] == 1 and site.hits["/news/plant.html"] == 1
    assert site.hits["/feed.xml"] == 2  # the feed is read on every run, the articles once


def test_only_http_feeds_are_read(tmp_path):
    settings = make_settings(tmp_path, collect={"feeds": ["file:///etc/passwd"]})
    result = collect_feeds(settings.collect.feeds, (), cfg=settings.collect, raw_dir=settings.paths.raw,
                              seen=lambda url: False)
    assert not result.ok and "only http and https" in result.failed[0].message
