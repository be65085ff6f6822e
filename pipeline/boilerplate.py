"""Page boilerplate in plain text: menus, bylines, newsletter boxes, share widgets, footers.

trafilatura removes boilerplate from HTML by its structure; text copied from a page has no
structure left, so these line rules do the same job for `.txt` inputs (and catch what slips
through trafilatura inside an article body). Each rule is a small, named regular expression.
"""

from __future__ import annotations

import re

from .furniture import is_furniture, strip_inline_furniture

# Lines that are never article text, wherever they stand.
_JUNK_LINE = re.compile(
    r"""^(?:
        skip\ to\ (?:main\ )?content | watch(?:\ tv)?\ live.* | live\ tv | subscribe | sign\ in | log\ ?in |
        sign\ up | register | menu | search | home | top | share(?:\ this)?(?:\ article)? |
        share\ on\ \w+ | tweet | email | print | comments?(?:\ \(\d+\))? | \d+\ comments? |
        click\ here\ to\ comment.* | comments\ are\ (?:closed|disabled)\.? | read\ and\ post\ comments | join\ the\ .*\ community |
        please\ review\ community\ guidelines.* | receive\ breaking\ news.* |
        privacy:.* | \(optional.*\) | advertisement | advertising | sponsored(?:\ content)? |
        interest-based\ advertising.* | do\ not\ sell.* | scan\ qr\ code.* | download\ the\ .*\ app |
        apple | android | amazon | samsung | vizio | roku | sony | lg | google\ play | app\ store |
        related(?:\ stories|\ articles)?:? | read\ more:?.* | more\ from\ .* | most\ read | trending(?:\ now)? |
        cookie.* | we\ use\ cookies.* | accept(?:\ all)?(?:\ cookies)? | follow\ us.* |
        enter\ your\ email.* | copy\ link |
        trending(?:\ now)?:.* | more\ from\ .* |
        [\w.-]+\.(?:com|org|net|co\.uk)\s* | \d{1,5} | [\W_]+
    )$""",
    re.I | re.X,
)
# Widget words anywhere in a short line: a newsletter box, a row of share buttons. Only in lines
# shorter than BODY_MIN_WORDS: a paragraph may mention a newsletter.
_JUNK_ANYWHERE = re.compile(r"\bnewsletter\b|\bshare\ on\ (?:x|twitter|facebook|linkedin|whatsapp)\b", re.I | re.X)
# Lines longer than this are never junk lines, whatever they open with: text run together by a
# scraper (a whole article on one line, with "Click to share on WhatsApp" inside, was dropped).
JUNK_LINE_MAX_WORDS = 60
# Copyright and trademark notices: where a page's footer starts.
_FOOTER_LINE = re.compile(
    r"(?:^©|^\(c\)\s|copyright\s+©?\s*\d{4}|all\ rights\ reserved|registered\ trademarks?\ of|"
    r"are\ trademarks\ of|is\ a\ trademark\ of|^click\ here\ to\ comment)",
    re.I | re.X,
)
_TAGS_LINE = re.compile(r"^(?:tags|topics|filed under)\s*:\s*(.+)$", re.I)
_BYLINE = re.compile(r"^by\b[\s|]*(.*?)(?:\s*[|•·]\s*(.*))?$", re.I)
# Rows of three or more short items separated by '|' or wide spaces: menus and footer links.
_ROW_SEPARATOR = re.compile(r"\s*\|\s*|\s{2,}|\s+·\s+")
_ROW_ITEM_MAX_WORDS = 5
_DATELINE_ONLY = re.compile(
    r"^(?:(?:date|published|updated|posted)\s*:?\s*)?(?:\w+day,?\s+)?[\w ,:.-]*\d{4}[\w ,:.-]*$", re.I
)
_CALENDAR_WORD = re.compile(
    r"\b(?:mon|tues|wednes|thurs|fri|satur|sun)day\b|\b(?:january|february|march|april|june|july|august|"
    r"september|october|november|december)\b|\d",
    re.I,
)
# A news agency's credit in a dateline: "WASHINGTON (AP) —", "Moscow (Reuters) -", "(CNN) —".
AGENCY = (r"\((?:AP|Reuters|AFP|UPI|CNN|Bloomberg|dpa|Xinhua|IANS|PTI|TASS|RIA\ Novosti|Sputnik|BBC|"
           r"Al\ Jazeera|The\ Conversation|CNBC|NPR)\)")
# The dateline that opens an article's first paragraph: "May 1—", "WASHINGTON —", "NEWPORT NEWS, Va. -",
# "HEMPSTEAD, N.Y., Sept. 26 (UPI) —", "Moscow (AP) —" (a place in mixed case only with an agency:
# "Mehmet Oz — Ivy League-trained surgeon" is a name), and NYT's "Photo LONDON --"; also a
# dateline the parser made a sentence of its own.
_DATELINE_PREFIX = re.compile(
    rf"""^(
        (?:(?:Photo|Video|Image|Advertisement)\s+)?
        (?:
            [A-Z][A-Za-z.]+\s+\d{{1,2}}(?:,\s*\d{{4}})?
          | [A-Z][A-Z.'’-]{{2,}}(?:\s+[A-Z][A-Z.'’-]+){{0,3}}
            (?:,\s*[A-Z][A-Za-z.]+(?:\s+[A-Z][A-Za-z.]+){{0,2}})?
            (?:,\s*[A-Z][a-z]{{2,8}}\.?\s+\d{{1,2}})?(?:,\s*\d{{4}})?(?:\s*{AGENCY})?
          | [A-Z][a-z]+(?:[\s-][A-Z][a-z]+){{0,2}}(?:,\s*[A-Z][A-Za-z.]+(?:\s+[A-Z][A-Za-z.]+){{0,2}})?
            (?:,\s*[A-Z][a-z]{{2,8}}\.?\s+\d{{1,2}})?\s*{AGENCY}
          | {AGENCY}
        )
        \s*(?:—|–|―|--|\ -)\s*
    )(?=[A-Z“"‘']|$)""",
    re.X,
)
_KICKER_SEPARATOR = re.compile(r"\s[/·|»>]\s")
# Short lines of two to four capitalized words: a name on its own, as above an author's bio.
_NAME_LINE = re.compile(r"^(?:[A-Z][\w'’.-]+\s){1,3}[A-Z][\w'’.-]+$")
TITLE_MAX_WORDS = 25
QUOTE_OR_DASH_START = ("“", '"', "—", "–", "-", "‘", "'")
# Paragraphs shorter than this (words) before the first body paragraph are headline candidates.
BODY_MIN_WORDS = 20


def is_junk_line(line: str) -> bool:
    """A menu entry, widget label, app-store list item or other line that is never text."""
    stripped = line.strip()
    words = len(stripped.split())
    if words > JUNK_LINE_MAX_WORDS:
        return False
    return (bool(_JUNK_LINE.match(stripped)) or (words < BODY_MIN_WORDS and bool(_JUNK_ANYWHERE.search(stripped)))
            or _is_link_row(stripped))


def _is_link_row(line: str) -> bool:
    items = [item for item in _ROW_SEPARATOR.split(line) if item]
    return len(items) >= 3 and all(len(item.split()) <= _ROW_ITEM_MAX_WORDS for item in items)


def is_footer_line(line: str) -> bool:
    """A copyright or trademark line (a long line that mentions one is text run together: kept)."""
    stripped = line.strip()
    return len(stripped.split()) <= JUNK_LINE_MAX_WORDS and bool(_FOOTER_LINE.search(stripped))


def tags_from_line(line: str) -> list[str] | None:
    """'Tags: moscow | mars' -> ['moscow', 'mars']; None if the line is not a tags line."""
    match = _TAGS_LINE.match(line.strip())
    if not match:
        return None
    return [t.strip() for t in re.split(r"[|,;]", match.group(1)) if t.strip()]


def byline_author(line: str) -> str | None:
    """'By Jane Doe | Tuesday, 4 February 2025' -> 'Jane Doe' ('' when the byline has no name)."""
    match = _BYLINE.match(line.strip())
    if not match or len(line.split()) > 16:
        return None
    name = re.split(r"\s*[|,•·—–]\s*|\s{2,}| - ", match.group(1).strip())[0].strip()
    return name if _NAME_LINE.match(name) and not _CALENDAR_WORD.search(name) else ""


def is_dateline_only(line: str) -> bool:
    stripped = line.strip()
    return len(stripped.split()) <= 10 and bool(_DATELINE_ONLY.match(stripped))


def strip_author_bio(paragraphs: list[str]) -> tuple[list[str], str | None]:
    """Drop a trailing 'Name' line followed by a 'Name, a ... writer, ...' bio paragraph."""
    for i in range(len(paragraphs) - 1, 0, -1):
        name = paragraphs[i - 1].strip()
        if _NAME_LINE.match(name) and paragraphs[i].strip().startswith(name):
            if i >= len(paragraphs) - 2:
                return paragraphs[: i - 1], name
    return paragraphs, None


def split_dateline_prefix(paragraph: str) -> tuple[str, str]:
    """'May 1—A recent statement…' -> ('May 1—', 'A recent statement…'); ('', p) when none."""
    match = _DATELINE_PREFIX.match(paragraph)
    if not match:
        return "", paragraph
    return match.group(1), paragraph[match.end(1):]


def is_headline(line: str) -> bool:
    """Could this line be a headline: 3-25 words, no final period, not a quote or a dash line."""
    words = len(line.split())
    return (
        3 <= words <= TITLE_MAX_WORDS
        and not line.endswith((".", ":", ",", ";"))
        and not line.startswith(QUOTE_OR_DASH_START)
    )


def trim_page(
    lines: list[str], *, title: str | None = None, dateline_line: int = -1
) -> tuple[list[str], str | None, list[str], list[str]]:
    """Keep the article's paragraphs from the lines of a page.

    Anywhere: page furniture (pipeline/furniture.py: reading times, editor's notes, "originally
    appeared in", "story continues below") is dropped, and widget text run into a line is cut out.

    Before the body (the first paragraph of BODY_MIN_WORDS words): menus, kickers, tags and
    bylines are dropped and the first headline-like line is the title (unless `title` is known,
    in which case a line equal to it is dropped). After the body: a copyright or trademark line
    ends the page, and once a widget line (share, newsletter) is seen, short lines are dropped.

    RETURNS (tuple): (paragraphs, title, authors, tags).
    """
    kept: list[str] = []
    tags: list[str] = []
    authors: list[str] = []
    in_body = after_widget = False
    for index, line in enumerate(lines):
        stripped = " ".join(strip_inline_furniture(line).split())
        if not stripped:
            continue
        if in_body and is_footer_line(stripped):
            break
        words = len(stripped.split())
        found_tags = tags_from_line(stripped)
        if found_tags is not None:
            tags.extend(found_tags)
            continue
        if is_junk_line(line) or is_footer_line(stripped):
            after_widget = after_widget or in_body
            continue
        if is_furniture(stripped):
            continue  # not a widget: the short paragraphs after it are still text
        if in_body:
            if not (after_widget and words < BODY_MIN_WORDS):
                kept.append(stripped)
            continue
        if words <= 4 and _KICKER_SEPARATOR.search(stripped):
            continue  # a section kicker such as "Tech / Regulation"
        author = byline_author(stripped)
        if author is not None:
            if author:
                authors.append(author)
            continue
        if (index == dateline_line and words <= 12) or is_dateline_only(stripped):
            continue
        if title is not None and stripped == title:
            continue
        if words >= BODY_MIN_WORDS or stripped.startswith(QUOTE_OR_DASH_START):
            in_body = True
            kept.append(stripped)
        elif title is None and is_headline(stripped):
            title = stripped
        elif words >= 3 and (kept or title is not None):
            kept.append(stripped)  # a short paragraph after the headline: a standfirst or a short lead
    kept, bio_author = strip_author_bio(kept)
    if bio_author and bio_author not in authors:
        authors.append(bio_author)
    return kept, title, authors, tags


_COPYRIGHT = re.compile(r"(?:©|\(c\)|copyright)\s*(?:\d{4}(?:\s*[-–]\s*\d{4})?\s+)?([A-Z][^.©\n]{1,60}?)(?:[.,]?\s+all rights reserved|\.\s|\.?$)", re.I | re.M)
_COMPANY_SUFFIX = re.compile(r"(?:,?\s+(?:media|inc\.?|llc|ltd\.?|limited|group|plc|corp\.?|co\.?|company))+\.?$", re.I)


def outlet_from_footer(text: str) -> str | None:
    """The outlet named in a copyright line ('© 2025 Newsmax Media, Inc.' -> 'Newsmax')."""
    for match in _COPYRIGHT.finditer(text):
        name = _COMPANY_SUFFIX.sub("", match.group(1).strip()).strip(" ,.")
        if name and len(name.split()) <= 5:
            return name
    return None
