"""Digest: a newsletter digest or live page split into its items. Pure (HTML and text in, items out).

A digest reports many stories on one page, each an item of its own: a headline, a few short
paragraphs, and links to the reports it rests on. Each item is a separate event (its own date,
actors and sources), so clean records the items on the Article and the text stays whole.

    headline   an <h2>, <h3> or <h4>; on a page with too few of those, a bold lead (a paragraph or
               list item opening with <strong>/<b> of at most HEADLINE_MAX_WORDS words, not a label
               such as "What Happened:" that opens many paragraphs of the page)
    item       a headline and the blocks (<p>, <li>, <pre>, <blockquote>) after it, up to the next
               headline: at least one block of text, at most ITEM_MAX_WORDS words, and at least one
               http(s) link (in the headline or the blocks). A section heading followed at once by
               another heading, or a section of prose without links, is no item
    digest     MIN_ITEMS items or more, their median length at most MEDIAN_ITEM_MAX_WORDS words (an
               article's sections with links run longer)
    span       each item is found in Article.text (its headline, else its first block, in page
               order); it ends with the last of its blocks found there. Items that clean's text does
               not hold (a sidebar of teasers) are left out, and so is the page if too few remain.

Elements inside <nav>, <header>, <footer>, <aside> and <form> are never items. Links are resolved
against the page's URL and kept only when pipeline/urls.checked_url keeps them; a link to the page
itself (its share button) is no item's link.
"""

from __future__ import annotations

import re
import statistics
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from urllib.parse import urljoin, urlsplit

import lxml.html
from lxml import etree

from .dates import normalize_date
from .errors import InvalidURL
from .records import Item
from .urls import checked_url

# Set on ../shared/gold/digests.jsonl (six daily digests: 32-39 items each, 16-133 words an item,
# the median item 94-100 words; bench/digests.py) with room for wordier digests, and checked on the
# HTML pages of raw/samples (articles: no items):
MIN_ITEMS = 5  # "many short items"; an article has a few sections at most
ITEM_MAX_WORDS = 400  # an item longer than this is a section of an article (the digests' longest: 133)
MEDIAN_ITEM_MAX_WORDS = 200  # twice the digests' median item
HEADLINE_MAX_WORDS = 25  # a bold lead longer than this is a bold paragraph, not a headline
LOCATE_WORDS = 8  # the words of a headline or block looked for in the text
MAX_GAP = 200  # characters between a headline and its first block in the text (a caption, a kicker)
HEADINGS = ("h2", "h3", "h4")
BLOCKS = ("p", "li", "pre", "blockquote")
OUTSIDE = frozenset({"nav", "header", "footer", "aside", "form"})
_HEADING_TAG = re.compile(r"<h[234][\s>]", re.I)
_BOLD_LEAD_TAG = re.compile(r"<(?:p|li)\b[^>]*>\s*<(?:strong|b)[\s>]", re.I)


@dataclass
class _Block:
    text: str
    links: list[str]


@dataclass
class _Candidate:
    headline: str
    method: str
    links: list[str]
    blocks: list[_Block] = field(default_factory=list)

    @property
    def words(self) -> int:
        return sum(len(b.text.split()) for b in self.blocks)


DIGEST_DATE_CHARS = 200  # where a digest names its day: its first line ("Trump Tyranny Tracker: August 14")
DIGEST_DATE_WINDOW = 31  # days before the page's own date such a day may be (a digest posted, or reposted, later)
_DAY_OF_MONTH = re.compile(r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d{1,2}(?:st|nd|rd|th)?"
                           r"(?:,?\s+\d{4})?\b", re.I)


def digest_date(text: str, published: date) -> date | None:
    """The day a digest reports, as its first line names it ("... Tracker: August 14"), when that
    is on or up to DIGEST_DATE_WINDOW days before the page's date (its items' "on Monday" count
    from it, and the events it cites are of that day); None when the first line names no day."""
    first = text[:DIGEST_DATE_CHARS].split("\n", 1)[0]
    match = _DAY_OF_MONTH.search(first)
    if match is None:
        return None
    iso, granularity = normalize_date(match.group(0), published)
    if not iso or granularity != "day":
        return None
    found = date.fromisoformat(iso)
    return found if timedelta(0) <= published - found <= timedelta(days=DIGEST_DATE_WINDOW) else None


def digest_items(html: str, text: str, *, base_url: str | None = None) -> list[Item]:
    """The items of a digest page, located in `text` (the article's clean text); [] for a page
    that is not a digest (see the module docstring)."""
    if len(_HEADING_TAG.findall(html)) < MIN_ITEMS and len(_BOLD_LEAD_TAG.findall(html)) < MIN_ITEMS:
        return []  # too few headings and bold leads to be a digest: not parsed
    try:
        tree = lxml.html.fromstring(html)
    except (etree.ParserError, ValueError):
        return []
    elements = list(_elements(tree))
    for method in ("heading", "bold-lead"):
        candidates = _candidates(elements, method=method, base_url=base_url)
        if not _is_digest(candidates):
            continue
        items = _located(candidates, text)
        if _is_digest([c for c, _ in items]):
            return [Item(start=s, end=e, headline=c.headline, method=c.method, links=c.links) for c, (s, e) in items]
    return []


def _elements(tree: etree._Element) -> Iterator[etree._Element]:
    """Headings and blocks in page order; a block inside another block or heading is part of it."""
    wanted = set(HEADINGS) | set(BLOCKS)
    for el in tree.iter(*HEADINGS, *BLOCKS):
        ancestors = {a.tag for a in el.iterancestors() if isinstance(a.tag, str)}
        if not (ancestors & wanted) and not (ancestors & OUTSIDE):
            yield el


def _clean(value: str) -> str:
    return " ".join(value.split())


def _links(el: etree._Element, base_url: str | None) -> list[str]:
    """The element's http(s) links, resolved against the page's URL; a link to the page itself (a
    share button, an anchor) is none of an item's."""
    found: list[str] = []
    for a in el.iter("a"):
        href = (a.get("href") or "").strip()
        if not href or href.startswith("#"):
            continue
        try:
            url = checked_url(urljoin(base_url, href) if base_url else href)
        except (InvalidURL, ValueError):
            continue
        if url not in found and (base_url is None or _page(url) != _page(base_url)):
            found.append(url)
    return found


def _page(url: str) -> str:
    """A URL without its query and fragment."""
    parts = urlsplit(url)
    return f"{parts.netloc.lower()}{parts.path.rstrip('/')}"


def _bold_lead(el: etree._Element) -> tuple[str, str] | None:
    """(lead, rest of the text) when the block opens with bold text, else None."""
    if (el.text or "").strip() or not len(el):
        return None
    first = el[0]
    if not isinstance(first.tag, str) or first.tag not in ("strong", "b"):
        return None
    lead = _clean(first.text_content())
    whole = _clean(el.text_content())
    return lead, whole[len(lead):].strip(" .:") if whole.startswith(lead) else whole


def _candidates(elements: list[etree._Element], *, method: str, base_url: str | None) -> list[_Candidate]:
    """Headlines (of one method) with the blocks after each, up to the next headline."""
    labels: Counter[str] = Counter()  # a bold lead that opens several blocks is a label, not a headline
    if method == "bold-lead":
        leads = (_bold_lead(el) for el in elements if el.tag in BLOCKS)
        labels.update(lead[0] for lead in leads if lead)
    candidates: list[_Candidate] = []
    current: _Candidate | None = None
    for el in elements:
        if method == "heading" and el.tag in HEADINGS:
            current = _Candidate(_clean(el.text_content()), method, _links(el, base_url))
            candidates.append(current)
            continue
        if el.tag in HEADINGS:
            current = None  # a heading ends a bold-lead item too
            continue
        lead = _bold_lead(el) if method == "bold-lead" else None
        if lead and labels[lead[0]] == 1 and 0 < len(lead[0].split()) <= HEADLINE_MAX_WORDS:
            current = _Candidate(lead[0].rstrip(" .:—–-"), method, [])
            candidates.append(current)
            if lead[1]:
                current.blocks.append(_Block(lead[1], _links(el, base_url)))
            else:
                current.links += _links(el, base_url)
            continue
        body = _clean(el.text_content())
        if current is not None and body:
            current.blocks.append(_Block(body, _links(el, base_url)))
    for c in candidates:
        c.links = list(dict.fromkeys([*c.links, *(link for b in c.blocks for link in b.links)]))
    return [c for c in candidates if c.headline and c.blocks and c.links and c.words <= ITEM_MAX_WORDS]


def _is_digest(candidates: list[_Candidate]) -> bool:
    return len(candidates) >= MIN_ITEMS and statistics.median(c.words for c in candidates) <= MEDIAN_ITEM_MAX_WORDS


def _pattern(words: list[str]) -> re.Pattern[str]:
    return re.compile(r"\s+".join(map(re.escape, words)))


def _find(text: str, phrase: str, start: int, *, last: bool = False) -> tuple[int, int] | None:
    """Where the first (or last) LOCATE_WORDS words of `phrase` are in `text`, from `start`."""
    words = phrase.split()
    if not words:
        return None
    found = _pattern(words[-LOCATE_WORDS:] if last else words[:LOCATE_WORDS]).search(text, start)
    return (found.start(), found.end()) if found else None


def _located(candidates: list[_Candidate], text: str) -> list[tuple[_Candidate, tuple[int, int]]]:
    """Each candidate's span in the text, in page order. A candidate is found by its headline, its
    first block right after it (within MAX_GAP characters); without its headline in the text, by a
    first block of LOCATE_WORDS words or more (a word or two, "Share", is found anywhere). Those
    not found are left out."""
    located = []
    cursor = 0
    for c in candidates:
        head = _find(text, c.headline, cursor)
        first = _find(text, c.blocks[0].text, head[1] if head else cursor)
        if first is None:
            continue
        if head is not None and first[0] - head[1] <= MAX_GAP:
            start = head[0]
        elif len(c.blocks[0].text.split()) >= LOCATE_WORDS:
            start = first[0]
        else:
            continue
        end, at = first[1], first[0]
        for block in c.blocks:
            begins = _find(text, block.text, at)
            if begins is None:
                continue
            ends = _find(text, block.text, begins[0], last=True)
            at, end = begins[1], max(end, ends[1] if ends else begins[1])
        located.append((c, (start, end)))
        cursor = end
    return located
