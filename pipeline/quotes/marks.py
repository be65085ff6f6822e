"""Quoted passages of a text: which characters lie between quote marks. String work, no parse.

Rules:
- Marks pair within a paragraph (a line): curly “…”, straight "…", guillemets «…», low „…“. Copy
  often mixes straight and curly marks (“…" or "…”): either closes a double-quote opening.
- An opening mark inside an open quote starts the quote again: the earlier one was never closed.
- A quote still open at the end of its paragraph runs to the paragraph's end (the convention for
  a quote over several paragraphs).
- Quoted strings shorter than `min_words` words are scare quotes (a “success”), not quotes.
- Two quotes with a short attribution between them (“Shall we,” she asked, “or wait?”) are one
  split quote: a comma before and after the gap, no sentence end in it, at most
  SPLIT_GAP_MAX_WORDS words.
"""

from __future__ import annotations

from collections.abc import Iterable

Part = tuple[int, int]  # character offsets of a quote's content, marks excluded

# Marks that open a quote other than the straight one (which also closes), and what closes each.
OPENERS = frozenset("“«„")
CLOSERS_FOR = {"“": frozenset('”"'), '"': frozenset('"”'), "«": frozenset("»"), "„": frozenset('“”"')}
# Split quotes: the words between the two parts ("he asked,") are at most this many.
SPLIT_GAP_MAX_WORDS = 8


def find_quote_parts(text: str, *, min_words: int = 2) -> list[list[Part]]:
    """Quoted passages of `text`, each a list of content spans (several for a split quote)."""
    spans: list[Part] = []
    start = 0
    for paragraph in text.split("\n"):
        spans.extend((start + s, start + e) for s, e in _paragraph_quotes(paragraph))
        start += len(paragraph) + 1
    spans = [trim(text, s, e) for s, e in spans]
    spans = [(s, e) for s, e in spans if len(text[s:e].split()) >= min_words]
    return _merge_split_quotes(text, spans)


def trim(text: str, start: int, end: int) -> Part:
    """The span without white space at either end."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _paragraph_quotes(paragraph: str) -> Iterable[Part]:
    open_at: int | None = None
    closers: frozenset[str] = frozenset()
    for i, ch in enumerate(paragraph):
        if open_at is None:
            if ch in CLOSERS_FOR:
                open_at, closers = i + 1, CLOSERS_FOR[ch]
        elif ch in closers:
            yield open_at, i
            open_at = None
        elif ch in OPENERS and ch not in closers:
            open_at = i + 1
    if open_at is not None and len(paragraph) - open_at > 0:
        yield open_at, len(paragraph)


def _merge_split_quotes(text: str, spans: list[Part]) -> list[list[Part]]:
    quotes: list[list[Part]] = []
    for span in spans:
        if quotes:
            prev = quotes[-1][-1]
            gap = text[prev[1] : span[0]]
            inner = gap.strip().strip("”\"“«»").strip()
            if (
                "\n" not in gap
                and (text[prev[1] - 1] == "," or inner.startswith(","))
                and inner.endswith(",")
                and 0 < len(inner.split()) <= SPLIT_GAP_MAX_WORDS
                and not any(c in inner for c in ".!?")
            ):
                quotes[-1].append(span)
                continue
        quotes.append([span])
    return quotes
