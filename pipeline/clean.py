"""Clean: RawDocument bytes -> Article (main text and metadata, each with how it was found).

HTML goes through trafilatura (main text, title, site name, author, date, canonical URL);
plain text goes through the line rules of `boilerplate.py`. The publication date falls back
from page metadata to the archive's date to a dateline in the text.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

import trafilatura
from charset_normalizer import from_bytes

from . import boilerplate
from .dates import find_dateline, parse_published
from .errors import DocumentError, NotAnArticle
from .records import Article, Failure, RawDocument, StageResult
from .settings import CleanSettings

# Share of control characters above which decoded bytes are treated as binary, not text.
BINARY_CONTROL_SHARE = 0.02
LEAD_TITLE_WORDS = 14
_HTML_LANG = re.compile(rb"<html[^>]*\blang\s*=\s*[\"']?([A-Za-z]{2,3})", re.I)
_QUOTE_OR_DASH_START = boilerplate._QUOTE_OR_DASH_START


def clean_documents(
    raws: Iterable[RawDocument], *, cfg: CleanSettings, read: Callable[[RawDocument], bytes]
) -> StageResult[Article]:
    """Clean a batch; `read` returns a document's bytes (store.read_raw bound to raw/)."""
    result: StageResult[Article] = StageResult()
    for raw in raws:
        try:
            result.ok.append(clean_document(raw, read(raw), cfg=cfg))
        except (DocumentError, OSError, ValueError) as err:
            result.failed.append(Failure.from_error("clean", raw.url or raw.source, err, raw.sha256))
    return result


def clean_document(raw: RawDocument, data: bytes, *, cfg: CleanSettings) -> Article:
    """Clean one document; raises NotAnArticle when there is no usable text."""
    if not data.strip():
        raise NotAnArticle("empty page: no bytes other than white space")
    text = decode_bytes(data, raw.encoding)
    if raw.content_type == "text/plain" or not _looks_like_html(text):
        fields = _clean_text(text)
    else:
        fields = _clean_html(text, raw, data, cfg=cfg)
    body = fields.pop("text")
    words = len(body.split())
    if words < cfg.min_words:
        raise NotAnArticle(f"only {words} words of main text (clean.min_words is {cfg.min_words})")
    paragraphs = _paragraph_spans(body)
    published, method = fields.pop("published"), fields.pop("published_method")
    if published is None and raw.published_hint:
        published, method = parse_published(raw.published_hint), "archive-field"
        if published is None:
            method = None
    if not fields.get("title"):
        fields["title"], fields["title_method"] = _title_from_lead(body), "lead"
    page_url = fields.pop("url", None)
    return Article(
        raw_sha256=raw.sha256,
        url=raw.url or page_url,
        text=body,
        paragraphs=paragraphs,
        published=published,
        published_method=method,
        fetched_at=raw.fetched_at,
        **fields,
    )


def decode_bytes(data: bytes, declared: str | None) -> str:
    """Bytes -> str: the declared encoding, else UTF-8, else charset detection; refuses binary."""
    if b"\x00" in data[:4096] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise NotAnArticle("binary content (NUL bytes), not a text or HTML page")
    text: str | None = None
    for encoding in filter(None, [declared, "utf-8-sig"]):
        try:
            text = data.decode(encoding)
            break
        except (UnicodeDecodeError, LookupError):
            continue
    if text is None:
        best = from_bytes(data).best()
        if best is None:
            raise NotAnArticle("binary content: no text encoding fits these bytes")
        text = str(best)
    sample = text[:20000]
    controls = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\n\r\t\f")
    if sample and controls / len(sample) > BINARY_CONTROL_SHARE:
        raise NotAnArticle("binary content (control characters), not a text or HTML page")
    return text


def _looks_like_html(text: str) -> bool:
    head = text[:2048].lower()
    return "<html" in head or "<!doctype html" in head or "<body" in head or "<p>" in head or "<div" in head


def _clean_html(html: str, raw: RawDocument, data: bytes, *, cfg: CleanSettings) -> dict:
    doc = trafilatura.bare_extraction(
        html, url=raw.url, with_metadata=True, include_comments=False, include_tables=cfg.include_tables
    )
    if doc is None or not (doc.text or "").strip():
        raise NotAnArticle("no main text found in the HTML page")
    title = " ".join((doc.title or "").split()) or None
    lines, title, more_authors, more_tags = boilerplate.trim_page(doc.text.splitlines(), title=title)
    published = parse_published(doc.date) if doc.date else None
    method = "html-metadata" if published else None
    if published is None:
        published, method, _ = find_dateline(html)
    lang = doc.language
    if not lang:
        match = _HTML_LANG.search(data[:4096])
        lang = match.group(1).decode().lower() if match else None
    tags = [*(doc.tags or []), *(doc.categories or []), *more_tags]
    return {
        "text": "\n".join(lines),
        "title": title,
        "title_method": "html-metadata" if doc.title else "first-line" if title else "lead",
        "outlet": doc.sitename or doc.hostname,
        "authors": [a.strip() for a in re.split(r";|\band\b", doc.author or "") if a.strip()] or more_authors,
        "canonical_url": doc.url,
        "url": doc.url,
        "language": lang,
        "tags": _tag_slugs(tags),
        "published": published,
        "published_method": method,
    }


def _clean_text(text: str) -> dict:
    published, method, span = find_dateline(text)
    dateline_line = text.count("\n", 0, span[0]) if span else -1
    lines, title, authors, tags = boilerplate.trim_page(text.splitlines(), dateline_line=dateline_line)
    return {
        "text": "\n".join(lines),
        "title": title,
        "title_method": "first-line" if title else "lead",
        "outlet": boilerplate.outlet_from_footer(text),
        "authors": authors,
        "canonical_url": None,
        "language": None,
        "tags": _tag_slugs(tags),
        "published": published,
        "published_method": method,
    }


def _title_from_lead(body: str) -> str:
    """A headline for text that has none: the opening words of the first real sentence."""
    for paragraph in body.split("\n"):
        if paragraph.startswith(_QUOTE_OR_DASH_START):
            continue
        paragraph = boilerplate.split_dateline_prefix(paragraph)[1]
        sentence = re.split(r"(?<=[.!?])\s", paragraph, maxsplit=1)[0]
        words = sentence.split()
        return " ".join(words[:LEAD_TITLE_WORDS]).rstrip(".,;:") + ("…" if len(words) > LEAD_TITLE_WORDS else "")
    return body.split("\n", 1)[0][:100]


def _tag_slugs(tags: Iterable[str]) -> list[str]:
    seen: dict[str, None] = {}
    for tag in tags:
        slug = re.sub(r"[^a-z0-9]+", "-", tag.lower()).strip("-")
        if slug:
            seen.setdefault(slug)
    return list(seen)


def _paragraph_spans(text: str) -> list[tuple[int, int]]:
    spans, start = [], 0
    for paragraph in text.split("\n"):
        spans.append((start, start + len(paragraph)))
        start += len(paragraph) + 1
    return spans
