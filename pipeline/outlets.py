"""Whose article it is: the outlet of a source, from a table of web domains learned from a
timeline and from what the page says of itself. Pure; the table is read by pipeline/store/outlets.py
and made by `newsevents outlets import`.

Learning the table (`learn_outlets`) from a timeline's sources ({outlet, url} each):
- a source's domain is its URL's host, lower case, without a leading `www.` (`www2.`, ...); an
  archive link counts for the page it copies (pipeline/archive_urls.py);
- names that say the source is a copy or a note ("Reuters (via CNBC)", "BuzzFeed News (archived)")
  and the hosts of PLATFORMS (each account or document there is an outlet of its own: a post on
  x.com is not by "Twitter") are not counted;
- a domain's outlet is the name its sources use most ("Washington Post" 275, "The Washington Post"
  89); a tie names none (a host of many journals: jstor.org, amazon.com).

The outlet of an article (`choose_outlet`), first that gives one:
1. the table, when its name is DOMINANT_SHARE of the domain's named sources (the timeline's own
   spelling, which the analysts use);
2. the page's metadata: `og:site_name`, the JSON-LD publisher of the article, a JSON-LD
   organization or web site, `<meta name="publisher">` / `application-name`; each only when it
   reads as a name (`plausible_outlet`: not the page's title, not words of a URL slug);
3. the table, however split its domain's names are;
4. the copyright line of copied page text ("© 2025 Newsmax Media, Inc.": pipeline/boilerplate.py);
5. the domain itself (`harborledger.example`).
A domain not in the table falls back to its parent (`edition.cnn.com` -> `cnn.com`) when the
parent is in it with MIN_PARENT_USES sources or more. Never a slug of the URL's path.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from urllib.parse import urlsplit

from .archive_urls import unwrap_archive_url
from .page_meta import PageMeta
from .store.outlets import OutletEntry

# At or above this share of a domain's named sources, the timeline's name beats the page's own:
# the share of "CNN" at cnn.com is 0.82, of "PBS NewsHour" at pbs.org 0.42 (PBS hosts several
# programmes, so there the page's own name is more precise).
DOMINANT_SHARE = 0.5
# A parent domain stands in for an unknown subdomain only with this much evidence (a domain the
# timeline cites once may be one department's page).
MIN_PARENT_USES = 2
# Hosts where the outlet is the account or the document, not the site.
PLATFORMS = frozenset({
    "twitter.com", "x.com", "facebook.com", "instagram.com", "threads.net", "bsky.app", "truthsocial.com",
    "tiktok.com", "youtube.com", "youtu.be", "linkedin.com", "reddit.com", "t.me", "rumble.com", "vimeo.com",
    "medium.com", "substack.com", "wordpress.com", "blogspot.com", "tumblr.com", "github.com", "github.io",
    "documentcloud.org", "scribd.com", "archive.org", "web.archive.org", "archive.ph", "archive.today",
    "docs.google.com", "drive.google.com", "dropbox.com", "amazon.com", "books.google.com",
})
_NOTE_NAME = re.compile(r"\bvia\b|\barchived\b|\bcited\b|\bunknown\b", re.I)
_WWW = re.compile(r"^www\d*\.")
# A name is at most this long: longer metadata is a description or a title.
MAX_NAME_WORDS = 8
MAX_NAME_CHARS = 80
_WORD = re.compile(r"[a-z0-9]+")


def domain_of(url: str | None) -> str | None:
    """The table's key for a URL: its host in lower case, without `www.`; None without a host."""
    if not url:
        return None
    try:
        host = urlsplit(unwrap_archive_url(url)[0]).hostname
    except ValueError:
        return None
    return _WWW.sub("", host.lower().rstrip(".")) if host else None


def learn_outlets(sources: Iterable[Mapping[str, object]]) -> dict[str, OutletEntry]:
    """domain -> its outlet, from a timeline's sources (the rules in the module docstring)."""
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    for source in sources:
        url, outlet = source.get("url"), source.get("outlet")
        if not isinstance(url, str) or not isinstance(outlet, str):
            continue
        name = " ".join(outlet.split())
        domain = domain_of(url)
        if not name or not domain or domain in PLATFORMS or _NOTE_NAME.search(name):
            continue
        counts[domain][name] += 1
    table = {}
    for domain, names in sorted(counts.items()):
        (best, uses), *rest = names.most_common(2)
        if rest and rest[0][1] == uses:
            continue  # a tie: the domain names no one outlet
        table[domain] = OutletEntry(best, uses, sum(names.values()))
    return table


def table_outlet(url: str | None, table: Mapping[str, OutletEntry]) -> OutletEntry | None:
    """The table's entry for a URL's domain, or for the nearest parent domain with evidence."""
    domain = domain_of(url)
    if not domain:
        return None
    if domain in table:
        return table[domain]
    labels = domain.split(".")
    for i in range(1, len(labels) - 1):
        parent = table.get(".".join(labels[i:]))
        if parent is not None and parent.uses >= MIN_PARENT_USES:
            return parent
    return None


def plausible_outlet(name: str | None, *, title: str | None = None) -> str | None:
    """`name` tidied, if it reads as an outlet's name: not a URL, not the page's title, not a
    slug of its path (lower-case words: "Story times trumps appeared epstein files doj released")."""
    if not name:
        return None
    name = " ".join(name.split()).lstrip("@").strip(" |-–—:")
    words = name.split()
    if not words or len(words) > MAX_NAME_WORDS or len(name) > MAX_NAME_CHARS or "://" in name or "/" in name:
        return None
    if title and _WORD.findall(name.lower()) == _WORD.findall(title.lower()):
        return None
    if len(words) >= 4 and sum(w[0].islower() for w in words) * 2 > len(words):
        return None
    return name


def choose_outlet(
    url: str | None, *, meta: PageMeta | None = None, footer: str | None = None, title: str | None = None,
    table: Mapping[str, OutletEntry] | None = None,
) -> tuple[str | None, str | None]:
    """The outlet of an article and the rule that gave it: (name, method), or (None, None).

    url: the article's URL (the original of an archived page); meta: its page's metadata (None for
    text); footer: the outlet a copyright line names; title: the article's title (a name equal to
    it is the page's, not the site's); table: domain -> outlet (`learn_outlets`).
    """
    entry = table_outlet(url, table or {})
    if entry is not None and entry.uses >= DOMINANT_SHARE * entry.sources:
        return entry.outlet, "outlet-table"
    meta = meta or PageMeta()
    for method, written in (("og:site_name", meta.site_name), ("json-ld-publisher", meta.publisher),
                            ("json-ld-organization", meta.organization), ("meta-publisher", meta.meta_publisher)):
        name = plausible_outlet(written, title=title)
        if name:
            return name, method
    if entry is not None:
        return entry.outlet, "outlet-table"
    name = plausible_outlet(footer, title=title)
    if name:
        return name, "copyright-line"
    domain = domain_of(url)
    return (domain, "domain") if domain else (None, None)
