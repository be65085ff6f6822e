"""Clean: RawDocument bytes -> Article (main text and metadata, each with how it was found).

HTML goes through trafilatura (main text, title, author, date, canonical URL); plain text goes
through the line rules of `boilerplate.py`. The publication date: the `published` of the input's
record (a JSONL dump's) wins, then the page's `article:published_time` (pipeline/page_meta.py),
then trafilatura's date (htmldate), then a dateline in the text. The outlet: pipeline/outlets.py
(a table of domains learned from a timeline, the page's metadata, a copyright line). A page read
from a web archive is the page it copies: its URL, outlet and date (pipeline/archive_urls.py).
A digest page's items are recorded on the Article (`digest.py`); its text stays whole, and it is
dated by the day its first line names.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Callable, Iterable
from functools import lru_cache
from pathlib import Path

import trafilatura
from charset_normalizer import from_bytes
from trafilatura.utils import load_html

from . import boilerplate
from .archive_urls import unwrap_archive_url
from .dates import find_dateline, parse_published
from .digest import digest_date, digest_items
from .errors import DocumentError, InvalidURL, NotAnArticle, OtherLanguage
from .outlets import choose_outlet
from .page_meta import read_page_meta
from .records import Article, Failure, RawDocument, StageResult
from .settings import CleanSettings
from .store.outlets import OutletEntry, load_outlets
from .urls import checked_url

# Share of control characters above which decoded bytes are treated as binary, not text.
BINARY_CONTROL_SHARE = 0.02
LEAD_TITLE_WORDS = 14
_HTML_LANG = re.compile(rb"<html[^>]*\blang\s*=\s*[\"']?([A-Za-z]{2,3})", re.I)
# Byte order marks name the encoding whatever a server or a dump declares (longest first:
# UTF-32's little-endian mark begins with UTF-16's).
_BOMS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"), (codecs.BOM_UTF8, "utf-8-sig"),
         (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
# libxml2, under lxml and trafilatura, drops what is nested deeper than this (measured: 254 divs
# inside <html><body> lose their text, 250 do not).
PARSER_MAX_DEPTH = 255
_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9]*)\b[^>]*?(/?)>")
_VOID_ELEMENTS = frozenset("area base br col embed hr img input link meta param source track wbr".split())
LANGUAGE_SAMPLE_CHARS = 3000
LANGUAGE_MIN_CONFIDENCE = 0.9  # below it, the page's declared language (if any) is used


def clean_documents(
    raws: Iterable[RawDocument], *, cfg: CleanSettings, read: Callable[[RawDocument], bytes]
) -> StageResult[Article]:
    """Clean a batch; `read` returns a document's bytes (store.read_raw bound to raw/)."""
    result: StageResult[Article] = StageResult()
    for raw in raws:
        try:
            article = clean_document(raw, read(raw), cfg=cfg)
        except (DocumentError, OSError, ValueError, RecursionError) as err:
            result.failed.append(Failure.from_error("clean", article_source(raw), err, raw.sha256))
            continue
        result.ok.append(article)
        result.failed += [Failure.from_error("clean", article_source(raw), InvalidURL(note), raw.sha256)
                          for note in article.url_notes]  # notices: the article goes on
    return result


def article_source(raw: RawDocument) -> str:
    """Where an input came from, as failures name it: its URL when it is one we keep."""
    return _kept(raw.url, "")[0] or raw.source


def _kept(url: str | None, what: str) -> tuple[str | None, list[str]]:
    """`url` if it may be kept, else None and the reason (`what` names where it was read)."""
    if url is None:
        return None, []
    try:
        return checked_url(url), []
    except InvalidURL as err:
        return None, [f"{what}{err}; not kept"]


def clean_document(raw: RawDocument, data: bytes, *, cfg: CleanSettings) -> Article:
    """Clean one document; raises NotAnArticle when there is no usable text."""
    if not data.strip():
        raise NotAnArticle("empty page: no bytes other than white space")
    text = decode_bytes(data, raw.encoding)
    # The URL the page was fetched from (after redirects), or the one its dump or archive record
    # gives, is its identity; what the page says of itself (canonical link, og:url) is evidence
    # only: a page may name any URL there, another article's included. A web archive's copy is
    # the page it copies (its URL; the archive link is kept beside it).
    url, notes = _kept(raw.url, "the input's URL ")
    url, archive_url = unwrap_archive_url(url) if url else (None, None)
    outlets = outlet_table(cfg.outlets)
    if raw.content_type == "text/plain" or not _looks_like_html(text):
        fields = _clean_text(text, url, outlets)
    else:
        fields = _clean_html(text, url, data, cfg=cfg, outlets=outlets)
    body = fields.pop("text")
    words = len(body.split())
    if words < cfg.min_words:
        raise NotAnArticle(f"only {words} words of main text (clean.min_words is {cfg.min_words})")
    if len(body) > cfg.max_chars:
        raise NotAnArticle(f"{len(body):,} characters of main text is over clean.max_chars ({cfg.max_chars:,}); "
                           "raise it to process this page")
    fields["language"] = language = detect_language(body, declared=fields.get("language"))
    if cfg.languages and language is not None and language not in cfg.languages:
        raise OtherLanguage(f"written in {language!r} (clean.languages is {', '.join(cfg.languages)})")
    paragraphs = _paragraph_spans(body)
    published, method = fields.pop("published"), fields.pop("published_method")
    given = parse_published(raw.published_hint)  # the record's own date wins over the page's
    if given is not None:
        published, method = given, "archive-field"
    if fields.get("items") and published is not None and (day := digest_date(body, published)) is not None:
        published, method = day, "digest-first-line"  # the day the digest reports, not when it was posted
    if not fields.get("title"):
        fields["title"], fields["title_method"] = _title_from_lead(body), "lead"
    canonical, canonical_notes = _kept(fields.get("canonical_url"), "the page's canonical link ")
    canonical, canonical_archive = unwrap_archive_url(canonical) if canonical else (None, None)
    fields["canonical_url"] = canonical if canonical != url else None
    return Article(
        raw_sha256=raw.sha256,
        url=url,
        archive_url=archive_url or (canonical_archive if url is None else None),
        url_notes=[*notes, *canonical_notes],
        text=body,
        paragraphs=paragraphs,
        published=published,
        published_method=method,
        fetched_at=raw.fetched_at,
        **fields,
    )


def decode_bytes(data: bytes, declared: str | None) -> str:
    """Bytes -> str: the declared encoding, else UTF-8, else charset detection; refuses binary."""
    bom = next((encoding for mark, encoding in _BOMS if data.startswith(mark)), None)
    if b"\x00" in data[:4096] and bom not in ("utf-16", "utf-32"):
        raise NotAnArticle("binary content (NUL bytes), not a text or HTML page")
    text: str | None = None
    for encoding in filter(None, [bom, declared, "utf-8-sig"]):
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


def detect_language(text: str, *, declared: str | None = None) -> str | None:
    """The ISO 639-1 code of the text's language: py3langid's guess when it is confident, else
    what the page declared (`<html lang>`, metadata), else None."""
    code, confidence = _language_identifier().classify(text[:LANGUAGE_SAMPLE_CHARS])
    if confidence >= LANGUAGE_MIN_CONFIDENCE:
        return str(code)
    if declared:
        return declared.split("-")[0].split("_")[0].lower() or None
    return None


@lru_cache(maxsize=1)
def _language_identifier():  # noqa: ANN202 - py3langid has no type hints
    """py3langid's model with probabilities normalized to 0-1, loaded once per process."""
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def nesting_depth(html: str) -> int:
    """How deep the page's elements nest, by counting open and close tags (void elements and
    self-closed tags do not nest); only asked when a page gave no text, to say why."""
    depth = deepest = 0
    for closing, name, self_closed in _TAG.findall(html):
        if closing:
            depth = max(0, depth - 1)
        elif not self_closed and name.lower() not in _VOID_ELEMENTS:
            depth += 1
            deepest = max(deepest, depth)
    return deepest


def _looks_like_html(text: str) -> bool:
    head = text[:2048].lower()
    return "<html" in head or "<!doctype html" in head or "<body" in head or "<p>" in head or "<div" in head


def outlet_table(path: Path | None) -> dict[str, OutletEntry]:
    """The domain -> outlet table of `clean.outlets`, read once per process (again when the file changes)."""
    if path is None:
        return {}
    try:
        mtime = path.stat().st_mtime_ns
    except OSError:
        mtime = 0
    return _loaded_outlets(path.resolve(), mtime)


@lru_cache(maxsize=2)
def _loaded_outlets(path: Path, mtime: int) -> dict[str, OutletEntry]:
    return load_outlets(path)


def _clean_html(html: str, url: str | None, data: bytes, *, cfg: CleanSettings,
                outlets: dict[str, OutletEntry]) -> dict:
    tree = load_html(html)  # parsed once: the page's metadata is read from it, then trafilatura's
    meta = read_page_meta(tree) if tree is not None else None
    doc = trafilatura.bare_extraction(
        tree if tree is not None else html, url=url, with_metadata=True, include_comments=False,
        include_tables=cfg.include_tables,
    )
    if doc is None or not (doc.text or "").strip():
        depth = nesting_depth(html)
        if depth > PARSER_MAX_DEPTH:
            raise NotAnArticle(f"no main text found: the HTML nests elements {depth:,} deep and the parser "
                               f"(libxml2) reads {PARSER_MAX_DEPTH} levels at most")
        raise NotAnArticle("no main text found in the HTML page")
    title = " ".join((doc.title or "").split()) or None
    lines, title, more_authors, more_tags = boilerplate.trim_page(doc.text.splitlines(), title=title)
    published = parse_published(meta.published_time) if meta else None  # before htmldate's pick (module docstring)
    published = published or (parse_published(doc.date) if doc.date else None)
    method = "html-metadata" if published else None
    if published is None:
        published, method, _ = find_dateline(html)
    lang = doc.language
    if not lang:
        match = _HTML_LANG.search(data[:4096])
        lang = match.group(1).decode().lower() if match else None
    tags = [*(doc.tags or []), *(doc.categories or []), *more_tags]
    outlet, outlet_method = choose_outlet(url, meta=meta, title=title, table=outlets)
    return {
        "text": "\n".join(lines),
        "title": title,
        "title_method": "html-metadata" if doc.title else "first-line" if title else "lead",
        "outlet": outlet,
        "outlet_method": outlet_method,
        "authors": [a.strip() for a in re.split(r";|\band\b", doc.author or "") if a.strip()] or more_authors,
        "canonical_url": doc.url if doc.url != url else None,
        "language": lang,
        "tags": _tag_slugs(tags),
        "published": published,
        "published_method": method,
        "items": digest_items(html, "\n".join(lines), base_url=url),
    }


def _clean_text(text: str, url: str | None, outlets: dict[str, OutletEntry]) -> dict:
    published, method, span = find_dateline(text)
    dateline_line = text.count("\n", 0, span[0]) if span else -1
    lines, title, authors, tags = boilerplate.trim_page(text.splitlines(), dateline_line=dateline_line)
    outlet, outlet_method = choose_outlet(url, footer=boilerplate.outlet_from_footer(text), title=title, table=outlets)
    return {
        "text": "\n".join(lines),
        "title": title,
        "title_method": "first-line" if title else "lead",
        "outlet": outlet,
        "outlet_method": outlet_method,
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
        if paragraph.startswith(boilerplate.QUOTE_OR_DASH_START):
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
