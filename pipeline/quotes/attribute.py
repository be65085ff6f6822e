"""Every attribution in a document, in text order: direct quotes with their speakers, reported
speech, and partial quotes (a quote inside a paraphrase).

Rules:
- Each direct quote takes the first finding of `methods.QUOTE_METHODS`; with none it is kept with
  no speaker (method "none"). Reported speech: the first finding of `WORD_METHODS` on each
  candidate word, then `LINE_METHODS` on each labelled line.
- A reported clause with no quote in it is reported speech. A clause that is mostly one quote
  (FULL_QUOTE_SHARE) adds nothing: the quote is the attribution. A clause with a quote inside a
  longer paraphrase ("Flynn said Trump was “absolutely right” when ...") is a partial quote and
  replaces the quotes it contains.
- A split quote's text is its parts joined by " … ", each part but the last without its comma.
- Attributions are sorted by where they start, the longer first.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from itertools import accumulate

from spacy.tokens import Doc

from ..records import Quote
from .context import Context, Finding
from .direct import quote_site
from .marks import Part, find_quote_parts
from .methods import (
    LINE_METHODS,
    PRONOUN_FACTOR,
    QUOTE_METHODS,
    WORD_METHODS,
    Method,
    first_finding,
)
from .reported import candidate_words, line_labels
from .speakers import identify

# A reported clause that is at least this much direct quote is represented by the quote alone.
FULL_QUOTE_SHARE = 0.85


def extract_quotes(doc: Doc, *, min_words: int = 2, text: str | None = None) -> list[Quote]:
    """Every attribution in `doc` with its cue and speaker (where one can be found).

    min_words (int): quoted strings with fewer words are scare quotes, not quotes.
    text (str | None): the text `doc` was made from, when the caller has it (`doc.text` joins
        every token again on each access, a few milliseconds for an article).
    """
    text = doc.text if text is None else text
    parts_list = find_quote_parts(text, min_words=min_words)
    ctx = Context.build(doc, sorted(span for parts in parts_list for span in parts), text)
    quotes: list[Quote] = []
    for parts in parts_list:
        found = first_finding(QUOTE_METHODS, ctx, quote_site(ctx, parts, quotes[-1] if quotes else None))
        quotes.append(to_quote(ctx, *found) if found else Quote(text=quote_text(text, parts), spans=parts))
    clauses = [to_quote(ctx, *found) for word in candidate_words(ctx)
               if (found := first_finding(WORD_METHODS, ctx, word))]
    clauses += [to_quote(ctx, *found) for line in line_labels(ctx)
                if (found := first_finding(LINE_METHODS, ctx, line))]
    return merge_clauses(quotes, clauses)


def to_quote(ctx: Context, method: Method, finding: Finding) -> Quote:
    """The attribution a rule found, with its speaker identified and the method's confidence."""
    parts = finding.spans
    if finding.speaker_of is not None:  # the speaker as the earlier quote has it
        earlier = finding.speaker_of
        return Quote(text=quote_text(ctx.text, parts), spans=parts, speaker=earlier.speaker,
                     speaker_span=earlier.speaker_span, speaker_name=earlier.speaker_name,
                     method=method.name, confidence=method.confidence)
    if finding.speaker is None:
        return Quote(text=quote_text(ctx.text, parts), spans=parts)
    speaker = identify(ctx, finding.speaker)
    confidence = method.confidence
    if speaker.by_reference:
        confidence *= PRONOUN_FACTOR
    cue, cue_span = finding.cue, None
    if cue is not None:
        end_token = ctx.doc[finding.cue_end - 1] if finding.cue_end is not None else cue
        cue_span = (cue.idx, end_token.idx + len(end_token))
    mention = speaker.mention
    return Quote(
        text=quote_text(ctx.text, parts),
        spans=parts,
        cue=ctx.text[cue_span[0] : cue_span[1]] if cue_span else None,
        cue_span=cue_span,
        speaker=mention.text,
        speaker_span=(mention.start_char, mention.end_char),
        speaker_name=speaker.name,
        method=method.name,
        confidence=round(confidence, 3),
    )


def quote_text(text: str, parts: list[Part]) -> str:
    """An attribution's text: a split quote's parts joined by " … "."""
    last = len(parts) - 1
    return " … ".join(text[s:e].rstrip(",") if i < last else text[s:e] for i, (s, e) in enumerate(parts))


def merge_clauses(quotes: list[Quote], clauses: list[Quote]) -> list[Quote]:
    """Reported clauses and direct quotes as one list of attributions, in text order."""
    replaced: set[int] = set()
    merged: list[Quote] = []
    # The quotes come in text order: those a clause can touch are found by bisection on where
    # they start and on the furthest end so far (a page has hundreds of quotes and clauses).
    starts = [q.spans[0][0] for q in quotes]
    reach = list(accumulate((q.spans[-1][1] for q in quotes), max))
    for clause in clauses:
        span = clause.spans[0]
        near = range(bisect_right(reach, span[0]), bisect_left(starts, span[1]))
        inside = [i for i in near if _overlap_len(quotes[i].spans, span) > 0]
        if not inside:
            merged.append(clause.model_copy(update={"kind": "reported"}))
            continue
        quoted = sum(_overlap_len(quotes[i].spans, span) for i in inside)
        if quoted >= FULL_QUOTE_SHARE * (span[1] - span[0]):
            continue
        replaced.update(inside)
        merged.append(clause.model_copy(update={"kind": "partial"}))
    merged.extend(q for i, q in enumerate(quotes) if i not in replaced)
    return sorted(merged, key=lambda q: (q.spans[0][0], -q.spans[-1][1]))


def _overlap_len(spans: list[Part], span: Part) -> int:
    return sum(max(0, min(e, span[1]) - max(s, span[0])) for s, e in spans)
