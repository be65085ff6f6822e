"""What a page says about itself in its metadata: when it was first published and whose it is.
Pure, over a parsed lxml tree (clean parses the page once and hands trafilatura the same tree).

Why not trafilatura's own fields for these two:
- Its date (htmldate) takes a date in the URL first, then `<meta name="date">` and the like before
  `article:published_time`, so a page reposted later (a new URL or a `date` meta of the repost)
  gets the repost's date. The `article:published_time` a page declares is read here first.
- Its site name prefers the longest candidate, so a JSON-LD `WebPage` whose `name` is the page's
  title (or its URL slug, "Story times trumps appeared epstein files doj released") beats
  `og:site_name`. Here a page's own name never counts as the site's: only `og:site_name`, the
  JSON-LD publisher of the article (or an organization, or a `WebSite`), and `<meta name=
  "publisher">` or `application-name` are read, each kept apart so the outlet rules
  (pipeline/outlets.py) can rank them.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any, NamedTuple

from lxml.html import HtmlElement

# JSON-LD types whose `publisher` names the outlet, and types that are the outlet themselves.
ARTICLE_TYPES = frozenset({
    "article", "newsarticle", "reportagenewsarticle", "analysisnewsarticle", "opinionnewsarticle",
    "backgroundnewsarticle", "reviewnewsarticle", "blogposting", "liveblogposting", "socialmediaposting",
    "scholarlyarticle", "techarticle", "report",
})
ORGANIZATION_TYPES = frozenset({"newsmediaorganization", "organization", "corporation"})
WEBSITE_TYPES = frozenset({"website"})
# A page's JSON-LD is read up to this many characters a script (a 5 MB blob is not metadata).
MAX_JSON_LD_CHARS = 200_000
PUBLISHED_PROPERTIES = ("article:published_time", "og:article:published_time")


class PageMeta(NamedTuple):
    """The page's own statements, as written (None when it makes none)."""

    published_time: str | None = None  # article:published_time
    site_name: str | None = None  # og:site_name
    publisher: str | None = None  # JSON-LD: the article's publisher
    organization: str | None = None  # JSON-LD: an organization or web site described on the page
    meta_publisher: str | None = None  # <meta name="publisher">, else application-name


def read_page_meta(tree: HtmlElement) -> PageMeta:
    """The metadata of a parsed page (its <head> meta tags and JSON-LD scripts)."""
    meta: dict[str, str] = {}
    for element in tree.iterfind(".//meta[@content]"):
        key = (element.get("property") or element.get("name") or element.get("itemprop") or "").strip().lower()
        content = " ".join((element.get("content") or "").split())
        if key and content:
            meta.setdefault(key, content)
    nodes = list(_json_ld_nodes(tree))
    by_id = {node["@id"]: node for node in nodes if isinstance(node.get("@id"), str)}
    publisher = organization = None
    for node in nodes:
        types = {t.lower() for t in _as_list(node.get("@type")) if isinstance(t, str)}
        if types & ARTICLE_TYPES and publisher is None:
            publisher = _name(node.get("publisher"), by_id)
        elif types & (ORGANIZATION_TYPES | WEBSITE_TYPES) and organization is None:
            organization = _name(node, by_id)
    return PageMeta(
        published_time=next((meta[p] for p in PUBLISHED_PROPERTIES if p in meta), None),
        site_name=meta.get("og:site_name"),
        publisher=publisher,
        organization=organization,
        meta_publisher=meta.get("publisher") or meta.get("dc.publisher") or meta.get("application-name"),
    )


def _json_ld_nodes(tree: HtmlElement) -> Iterator[dict[str, Any]]:
    """Every object of the page's JSON-LD scripts, `@graph` members included, in page order."""
    for script in tree.iterfind(".//script[@type]"):
        if script.get("type", "").strip().lower() != "application/ld+json":
            continue
        text = (script.text or "").strip()
        if not text or len(text) > MAX_JSON_LD_CHARS:
            continue
        try:
            data = json.loads(text)
        except (ValueError, RecursionError):
            continue  # a broken script is no statement
        stack = [data]
        while stack:
            item = stack.pop(0)
            if isinstance(item, list):
                stack[:0] = item
            elif isinstance(item, dict):
                yield item
                if isinstance(item.get("@graph"), list):
                    stack[:0] = item["@graph"]


def _name(value: Any, by_id: dict[str, dict]) -> str | None:
    """The name of a JSON-LD node (or of the first of a list, or a bare string); a node that only
    refers to another (`{"@id": ...}`) by that other's name."""
    for item in _as_list(value):
        if isinstance(item, dict) and "name" not in item and isinstance(item.get("@id"), str):
            item = by_id.get(item["@id"], item)
        name = (item.get("name") or item.get("legalName")) if isinstance(item, dict) else item
        if isinstance(name, str) and name.strip():
            return " ".join(name.split())
    return None


def _as_list(value: Any) -> list:
    return value if isinstance(value, list) else [value] if value is not None else []
