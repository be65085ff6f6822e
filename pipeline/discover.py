"""Discover: feeds (RSS, Atom, JSON Feed) and sitemaps -> article URLs, fetched politely.

For scheduled runs. trafilatura parses the feeds and sitemaps; fetching stays ours (httpx, the
same size cap and timeouts as every other fetch), so that it can be polite:

    robots.txt   each origin's rules are read once per run (urllib.robotparser), its first
                 `ROBOTS_MAX_BYTES` only (as Google does); a URL they disallow for our user
                 agent is skipped and recorded, never fetched
    per host     requests to one host name are at least `collect.per_host_delay` seconds apart
                 (http://user@Host:80/ is the host `host`, whatever the user name or port)
    concurrency  at most `collect.concurrency` hosts are fetched at the same time
    seen         a URL (normalized: no fragment, no tracking parameters) fetched before, by this
                 or an earlier run, is not fetched again; the same bytes are stored once anyway
    per feed     at most `collect.max_feed_items` new URLs of one feed or sitemap per run; the
                 rest are recorded as one failure and taken by the next runs
"""

from __future__ import annotations

import threading
import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urljoin, urlsplit
from urllib.robotparser import RobotFileParser

import httpx
from courlan import normalize_url
from trafilatura.feeds import FeedParameters, find_links
from trafilatura.sitemaps import DETECT_SITEMAP_LINK, SitemapObject

from .collect import collect_url
from .errors import FeedBacklog, SourceError
from .fetch import fetch, make_client
from .records import Failure, RawDocument, StageResult, utcnow
from .settings import CollectSettings

MAX_SITEMAPS = 50  # sitemaps followed from one sitemap index, per run
ROBOTS_MAX_BYTES = 512_000  # the part of a robots.txt read (Google reads 500 KiB); the rest is ignored


def host_key(url: str) -> str:
    """The host name a URL asks, lowercased, without user name or port: what politeness counts."""
    return (urlsplit(url).hostname or "").lower()


def robots_url(url: str) -> str:
    """The robots.txt of the URL's origin (scheme, host, port; no user name): http://u@HOST:80/a
    and http://host/b share one."""
    return str(httpx.URL(url).copy_with(username=None, password=None, path="/robots.txt", query=None, fragment=None))


def canonical_url(url: str) -> str:
    """The URL without fragment and tracking parameters (courlan), for "seen before" checks."""
    try:
        return normalize_url(url, strict=True)
    except (ValueError, TypeError):
        return url


class Politeness:
    """Per-host spacing of requests and robots.txt rules, shared by the threads of one run."""

    def __init__(self, cfg: CollectSettings, client: httpx.Client, *, clock: Callable[[], float] = time.monotonic,
                 sleep: Callable[[float], None] = time.sleep) -> None:
        self.cfg, self.client, self.clock, self.sleep = cfg, client, clock, sleep
        self._last: dict[str, float] = {}
        self._robots: dict[str, RobotFileParser | None] = {}
        self._locks: dict[str, threading.Lock] = defaultdict(threading.Lock)
        self._guard = threading.Lock()

    def lock(self, host: str) -> threading.Lock:
        with self._guard:
            return self._locks[host]

    def wait(self, host: str) -> None:
        """Sleep until this host may be asked again (call with the host's lock held)."""
        last = self._last.get(host)
        if last is not None:
            remaining = last + self.cfg.per_host_delay - self.clock()
            if remaining > 0:
                self.sleep(remaining)
        self._last[host] = self.clock()

    def allowed(self, url: str) -> bool:
        """Does the origin's robots.txt let our user agent fetch `url`? (Call with the host's lock held.)"""
        if not self.cfg.respect_robots:
            return True
        try:
            origin = robots_url(url)
        except httpx.InvalidURL:
            return True  # the fetch fails and says why
        if origin not in self._robots:
            self._robots[origin] = self._read_robots(origin, host_key(url))
        rules = self._robots[origin]
        return rules is None or rules.can_fetch(self.cfg.user_agent, url)

    def _read_robots(self, robots_url: str, host: str) -> RobotFileParser | None:
        self.wait(host)
        try:
            data, response = fetch(self.client, robots_url, self.cfg, keep=ROBOTS_MAX_BYTES)
        except (httpx.HTTPError, SourceError):
            return None  # no robots.txt to read: nothing is disallowed
        parser = RobotFileParser(robots_url)
        if response.status_code in (401, 403):
            parser.disallow_all = True
        elif response.status_code < 400:
            if len(data) == ROBOTS_MAX_BYTES:
                data = data[: data.rfind(b"\n") + 1]  # a rule cut in two is no rule
            parser.parse(data.decode("utf-8", errors="replace").splitlines())
        else:
            return None
        return parser


def discover(
    feeds: Sequence[str], sitemaps: Sequence[str], *, cfg: CollectSettings, client: httpx.Client,
    polite: Politeness, seen: Callable[[str], bool] = lambda url: False,
) -> tuple[list[str], list[Failure]]:
    """New article URLs listed by the feeds and sitemaps (in order, each once, at most
    cfg.max_feed_items of each feed or sitemap), and the failures."""
    urls: dict[str, None] = {}
    failures: list[Failure] = []

    def take(listed: list[str], source: str) -> None:
        new = [url for url in dict.fromkeys(listed) if url not in urls and not seen(canonical_url(url))]
        urls.update(dict.fromkeys(new[: cfg.max_feed_items]))
        if len(new) > cfg.max_feed_items:
            failures.append(Failure.from_error("discover", source, FeedBacklog(
                f"{source}: {len(new)} new URLs, over collect.max_feed_items ({cfg.max_feed_items}); "
                f"{len(new) - cfg.max_feed_items} left for the next run")))

    for feed in feeds:
        try:
            text = _get_text(feed, cfg=cfg, client=client, polite=polite)
            take(feed_links(text, feed), feed)
        except SourceError as err:
            failures.append(Failure.from_error("discover", feed, err))
    queue, visited = list(sitemaps), set()
    while queue and len(visited) < MAX_SITEMAPS * max(1, len(sitemaps)):
        sitemap = queue.pop(0)
        if sitemap in visited:
            continue
        visited.add(sitemap)
        try:
            text = _get_text(sitemap, cfg=cfg, client=client, polite=polite)
        except SourceError as err:
            failures.append(Failure.from_error("discover", sitemap, err))
            continue
        pages, nested = sitemap_links(text, sitemap)
        take(pages, sitemap)
        queue.extend(nested)
    return list(urls), failures


def feed_links(text: str, feed_url: str) -> list[str]:
    """Article links of an RSS, Atom or JSON feed (trafilatura's parser), made absolute."""
    parts = urlsplit(feed_url)
    params = FeedParameters(f"{parts.scheme}://{parts.netloc}", parts.netloc, feed_url, external=True)
    links = []
    for link in find_links(text.strip(), params):
        absolute = urljoin(feed_url, link.strip())
        path = urlsplit(absolute).path
        if absolute.startswith(("http://", "https://")) and path not in ("", "/") and absolute != feed_url:
            links.append(absolute)
    return links


class _Sitemap(SitemapObject):
    """trafilatura's sitemap parsing (XML and plain-text sitemaps) without its domain filters:
    the sites to follow are the ones the settings name."""

    def handle_link(self, link: str) -> None:
        link = urljoin(self.current_url, link.strip())
        if link == self.current_url or not link.startswith(("http://", "https://")):
            return
        (self.sitemap_urls if DETECT_SITEMAP_LINK.search(link) else self.urls).append(link)


def sitemap_links(text: str, sitemap_url: str) -> tuple[list[str], list[str]]:
    """(page URLs, nested sitemap URLs) listed by a sitemap."""
    parts = urlsplit(sitemap_url)
    parser = _Sitemap(f"{parts.scheme}://{parts.netloc}", parts.netloc, [], external=True)
    parser.current_url = sitemap_url
    parser.content = text
    parser.process()
    return parser.urls, parser.sitemap_urls


def _get_text(url: str, *, cfg: CollectSettings, client: httpx.Client, polite: Politeness) -> str:
    if not url.lower().startswith(("http://", "https://")):
        raise SourceError(f"only http and https feeds and sitemaps are read, not {url!r}")
    host = host_key(url)
    with polite.lock(host):
        if not polite.allowed(url):
            raise SourceError(f"{url}: robots.txt disallows it for {cfg.user_agent!r}")
        polite.wait(host)
        try:
            data, response = fetch(client, url, cfg)
        except httpx.HTTPError as err:
            raise SourceError(f"{url}: could not fetch: {err!r}") from err
    if response.status_code >= 400:
        raise SourceError(f"{url}: HTTP {response.status_code} {response.reason_phrase}")
    return data.decode(response.charset_encoding or "utf-8", errors="replace")


def collect_politely(
    urls: Iterable[str], *, cfg: CollectSettings, raw_dir: Path, client: httpx.Client, polite: Politeness,
    seen: Callable[[str], bool],
) -> StageResult[RawDocument]:
    """Fetch article URLs not seen before: hosts in parallel (at most cfg.concurrency), each host's
    URLs one after another, spaced and checked against robots.txt."""
    by_host: dict[str, list[str]] = defaultdict(list)
    for url in dict.fromkeys(urls):
        if not seen(canonical_url(url)):
            by_host[host_key(url)].append(url)
    result: StageResult[RawDocument] = StageResult()
    lock = threading.Lock()

    def fetch_host(host: str) -> None:
        for url in by_host[host]:
            with polite.lock(host):
                try:
                    if not polite.allowed(url):
                        raise SourceError(f"{url}: robots.txt disallows it for {cfg.user_agent!r}")
                    polite.wait(host)
                    item: RawDocument | Failure = collect_url(url, cfg=cfg, raw_dir=raw_dir, client=client, clock=utcnow)
                except SourceError as err:
                    item = Failure.from_error("collect", url, err)
            with lock:
                (result.failed if isinstance(item, Failure) else result.ok).append(item)

    with ThreadPoolExecutor(max_workers=max(1, cfg.concurrency)) as pool:
        list(pool.map(fetch_host, sorted(by_host)))
    result.ok.sort(key=lambda r: r.sha256)
    return result


def collect_feeds(
    feeds: Sequence[str], sitemaps: Sequence[str], *, cfg: CollectSettings, raw_dir: Path,
    seen: Callable[[str], bool], client: httpx.Client | None = None,
) -> StageResult[RawDocument]:
    """Discover article URLs in feeds and sitemaps and fetch the new ones, politely."""
    own = client is None
    client = client or make_client(cfg)
    try:
        polite = Politeness(cfg, client)
        urls, failures = discover(feeds, sitemaps, cfg=cfg, client=client, polite=polite, seen=seen)
        result = collect_politely(urls, cfg=cfg, raw_dir=raw_dir, client=client, polite=polite, seen=seen)
    finally:
        if own:
            client.close()
    result.failed[:0] = failures
    return result
