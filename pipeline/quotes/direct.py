"""Who said a direct quote. Each rule is a function of (Context, QuoteSite) that returns a
`Finding` or None; `methods.QUOTE_METHODS` tries them in order and the first finding names the
method. The rules, in that order:

    transcript_label  "PENCE: Well, ..." at the start of a quoted paragraph
    subject_of_cue    the subject of a speech verb next to the quote (“…,” Dmitriev said.), verbs
                      in the quote's own sentences first, then the nearest
    according_to      “…”, according to the ministry.
    surface_pattern   a speech verb and a name or pronoun beside the quote on the same line, when
                      the parse gives no subject (“…,” Tulsa police Chief Chuck Jordan said)
    adjacent_verb     a main verb at most ADJACENT_VERB_WINDOW tokens after the quote, with a named
                      or pronoun subject (“…,” Dmitriev gushed)
    epigraph_below    a line under the quote's paragraph that starts with a dash and a name
    epigraph_beside   a dash and a name right after the closing mark: “…” ― Carla Sanchez
    governing_verb    the nearest head outside a quote inside a sentence, with a named subject
                      ("Trump is promising “jobs, jobs, jobs”")
    continuation      no cue, right after a quote of a known speaker, with nobody else named
                      between (and the gap short: CONTINUATION_GAP_MAX_WORDS, one line break)

A quote's surroundings (`QuoteSite.around`) are the tokens outside quotes in the sentences it
touches, the next sentence when the quote ends open (“…,” / Dmitriev said. split by the parser),
and the sentence before when it ends with a colon or a comma.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.tokens import Span, Token

from ..records import Quote
from .context import NAME_LABELS, Context, Finding
from .lexicon import GROUP_PRONOUNS, PERSON_PRONOUNS, SPEECH_VERBS
from .marks import Part
from .speakers import according_to_source, cue_subject, same_person

# "PENCE: Well, look, ..." at the start of a quoted transcript paragraph.
TRANSCRIPT_LABEL = re.compile(r"^([A-Z][A-Z.'’-]+(?: [A-Z][A-Z.'’-]+){0,3}):\s")
EPIGRAPH_DASH = re.compile(r"^\s*[—―–-]{1,2}\s*")
DASH_AFTER_QUOTE = re.compile(r"^[”\"»]?\s*[―—–]\s*")
CAPITALIZED_NAME = re.compile(r"[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){0,4}")
# How many characters after a closing mark the dash of an inline attribution is looked for, and
# how many after the dash its name.
DASH_LOOKAHEAD_CHARS = 80
DASH_NAME_CHARS = 60
# Characters a quote ending with one of these leaves open for an attribution after it.
OPEN_ENDINGS = (",", "?", "!", "—", "–")
# How many tokens after a quote an unlisted verb may stand and still be its cue.
ADJACENT_VERB_WINDOW = 5
# How many tokens next to a quote the surface pattern looks at for a speech verb and a name.
SURFACE_WINDOW = 10
QUOTE_MARK_TOKENS = ("“", "”", '"', "«", "»")
SENTENCE_ENDS = (".", "?", "!", ";")
# How many heads up from a quote the governing verb is looked for.
GOVERNING_MAX_STEPS = 6
# A continuation's gap from the quote before: at most this many words and line breaks.
CONTINUATION_GAP_MAX_WORDS = 40
CONTINUATION_GAP_MAX_LINE_BREAKS = 1


@dataclass(frozen=True)
class QuoteSite:
    """One direct quote: its parts, the tokens around it, and the attribution before it."""

    parts: list[Part]
    around: list[Token]
    previous: Quote | None


def quote_site(ctx: Context, parts: list[Part], previous: Quote | None) -> QuoteSite:
    """The site the rules read, its surroundings gathered once for all of them."""
    return QuoteSite(parts, _around(ctx, parts), previous)


def transcript_label(ctx: Context, site: QuoteSite) -> Finding | None:
    """"PENCE: Well, ...": a capitalized label opening the quote is who speaks in a transcript."""
    start, end = site.parts[0]
    label = TRANSCRIPT_LABEL.match(ctx.text[start:end])
    if not label:
        return None
    span = ctx.doc.char_span(start, start + len(label.group(1)), alignment_mode="expand")
    return None if span is None else Finding(site.parts, span)


def subject_of_cue(ctx: Context, site: QuoteSite) -> Finding | None:
    """The subject of the speech verb nearest the quote, in the quote's own sentences first."""
    parts = site.parts
    cues = [t for t in site.around if t.lower_ in SPEECH_VERBS and t.dep_ not in ("compound", "amod")]
    own = {ctx.sent_of(ctx.token_at(parts[0][0])).start, ctx.sent_of(ctx.token_at(max(parts[-1][1] - 1, 0))).start}
    cues.sort(key=lambda t: (ctx.sent_of(t).start not in own, _distance(t, parts)))
    for cue in cues:
        speaker = cue_subject(ctx, cue)
        if speaker is not None:
            return Finding(parts, speaker, cue)
    return None


def according_to(ctx: Context, site: QuoteSite) -> Finding | None:
    """“…”, according to the ministry: the object of "according to" near the quote."""
    for token in site.around:
        source = according_to_source(ctx, token)
        if source is not None:
            return Finding(site.parts, source, token, cue_end=token.i + 2)
    return None


def surface_pattern(ctx: Context, site: QuoteSite) -> Finding | None:
    """A speech verb and the name or pronoun nearest it beside the quote: for parses that give
    the verb no subject (“…,” Tulsa police Chief Chuck Jordan said / Said Ellis: “…”)."""
    after = _window(ctx, ctx.token_at(site.parts[-1][1]).i, +1)
    before = _window(ctx, ctx.token_at(site.parts[0][0]).i, -1)
    for window in (after, before):
        verbs = [t for t in window if t.lower_ in SPEECH_VERBS]
        if not verbs:
            continue
        verb = verbs[0]
        names = [e for e in ctx.named if e.label_ in ("PERSON", "ORG") and any(e.start <= t.i < e.end for t in window)]
        pronouns = [t for t in window if t.lower_ in PERSON_PRONOUNS | GROUP_PRONOUNS]
        mentions: list[Token | Span] = [*names, *pronouns]
        if mentions:
            nearest = min(mentions, key=lambda m: abs((m.start if isinstance(m, Span) else m.i) - verb.i))
            return Finding(site.parts, nearest, verb)
    return None


def adjacent_verb(ctx: Context, site: QuoteSite) -> Finding | None:
    """“…,” Dmitriev gushed: an unlisted main verb right after the quote, with a named or
    pronoun subject, is its cue."""
    end_token = ctx.token_at(site.parts[-1][1])
    for token in site.around:
        if 0 < token.i - end_token.i <= ADJACENT_VERB_WINDOW and token.dep_ == "ROOT":
            speaker = cue_subject(ctx, token)
            if speaker is not None and (speaker.ent_type_ in ("PERSON", "ORG") or speaker.lower_ in PERSON_PRONOUNS):
                return Finding(site.parts, speaker, token)
    return None


def epigraph_below(ctx: Context, site: QuoteSite) -> Finding | None:
    """A quote alone in its paragraph, and under it a line "—Ansel Brook, harbour pilot"."""
    text, parts = ctx.text, site.parts
    para_start = text.rfind("\n", 0, parts[0][0]) + 1
    para_end = text.find("\n", parts[-1][1])
    alone = (para_end != -1 and not text[para_start : parts[0][0]].strip("“\"« ")
             and not text[parts[-1][1] : para_end].strip("”\"» "))
    if not alone:
        return None
    next_end = text.find("\n", para_end + 1)
    line = text[para_end + 1 : next_end if next_end != -1 else len(text)]
    dash = EPIGRAPH_DASH.match(line)
    if not dash:
        return None
    line_start = para_end + 1
    for ent in ctx.persons:
        if line_start <= ent.start_char < line_start + len(line):
            return Finding(parts, ent)
    name_end = line.find(",")
    name_end = name_end if name_end != -1 else len(line)
    span = ctx.doc.char_span(line_start + dash.end(), line_start + name_end, alignment_mode="contract")
    if span is None or not span.text.strip():
        return None
    return Finding(parts, span)


def epigraph_beside(ctx: Context, site: QuoteSite) -> Finding | None:
    """“…” ― Carla Sanchez: a dash and a name right after the closing mark, on the same line."""
    end = site.parts[-1][1]
    match = DASH_AFTER_QUOTE.match(ctx.text[end : end + DASH_LOOKAHEAD_CHARS])
    if not match:
        return None
    start = end + match.end()
    for ent in ctx.persons:
        if ent.start_char == start:
            return Finding(site.parts, ent)
    name = CAPITALIZED_NAME.match(ctx.text[start : start + DASH_NAME_CHARS])
    if not name:
        return None
    span = ctx.doc.char_span(start, start + len(name.group(0).rstrip(".")), alignment_mode="contract")
    return Finding(site.parts, span) if span is not None and span.text else None


def governing_verb(ctx: Context, site: QuoteSite) -> Finding | None:
    """A quote inside a sentence ("Trump is promising “jobs, jobs, jobs”"): the nearest head
    outside the quote with a subject that names someone."""
    start, end = site.parts[0][0], site.parts[-1][1]
    inner = [t for t in ctx.doc[ctx.token_at(start).i : ctx.token_at(max(end - 1, 0)).i + 1]
             if not (start <= t.head.idx < end)]
    if not inner:
        return None
    token = inner[0].head
    for _ in range(GOVERNING_MAX_STEPS):
        if not ctx.in_quote(token.idx):
            speaker = cue_subject(ctx, token)
            if speaker is not None and (speaker.ent_type_ in NAME_LABELS
                                        or speaker.lower_ in PERSON_PRONOUNS | GROUP_PRONOUNS):
                return Finding(site.parts, speaker, token)
        if token.head is token:
            return None
        token = token.head
    return None


def continuation(ctx: Context, site: QuoteSite) -> Finding | None:
    """A quote with no cue of its own right after another: the same speaker, unless somebody
    else is named in between or the gap is long."""
    previous, parts, text = site.previous, site.parts, ctx.text
    if previous is None or previous.speaker is None or previous.speaker_span is None:
        return None
    gap_start, gap_end = previous.spans[-1][1], parts[0][0]
    if previous.speaker_span[0] >= gap_start:  # names in the previous quote's own attribution
        gap_start = max(gap_start, ctx.sent_of(ctx.token_at(previous.speaker_span[0])).end_char)
    if (text.count("\n", gap_start, gap_end) > CONTINUATION_GAP_MAX_LINE_BREAKS
            or len(text[gap_start:gap_end].split()) > CONTINUATION_GAP_MAX_WORDS):
        return None
    names = [n for n in (previous.speaker_name, previous.speaker) if n]
    if any(gap_start <= e.start_char < gap_end and not same_person(e.text, names) for e in ctx.persons):
        return None  # someone else is named between: the quote may be theirs
    return Finding(parts, None, speaker_of=previous)


def _around(ctx: Context, parts: list[Part]) -> list[Token]:
    """The tokens outside quotes where a quote's cue can stand (see the module)."""
    first, last = ctx.sent_of(ctx.token_at(parts[0][0])), ctx.sent_of(ctx.token_at(max(parts[-1][1] - 1, 0)))
    sents = [first]
    if last.start != first.start:
        sents.append(last)
    doc, text = ctx.doc, ctx.text
    after = last.end
    ends_open = text[parts[-1][1] - 1 : parts[-1][1]] in OPEN_ENDINGS
    if ends_open and after < len(doc) and not text[parts[-1][1] : doc[after].idx].strip("”\"» ,"):
        sents.append(ctx.sent_of(doc[after]))
    if first.start > 0:
        before = ctx.sent_of(doc[first.start - 1])
        if before.text.rstrip().endswith((":", ",")):
            sents.append(before)
    seen: set[int] = set()
    tokens: list[Token] = []
    for sent in sents:
        for token in sent:
            if token.i not in seen and not token.is_space and not ctx.in_quote(token.idx):
                seen.add(token.i)
                tokens.append(token)
    return tokens


def _distance(token: Token, parts: list[Part]) -> int:
    return min(min(abs(token.idx - s), abs(token.idx - e)) for s, e in parts)


def _window(ctx: Context, start: int, step: int) -> list[Token]:
    """Up to SURFACE_WINDOW tokens from `start` in one direction, stopping at a line break,
    another quote or the end of a sentence."""
    tokens: list[Token] = []
    i = start + step
    while 0 <= i < len(ctx.doc) and len(tokens) < SURFACE_WINDOW:
        token = ctx.doc[i]
        if "\n" in token.text or token.text in QUOTE_MARK_TOKENS:
            if tokens or token.text not in QUOTE_MARK_TOKENS:
                break
            i += step
            continue
        if ctx.in_quote(token.idx):
            break
        if token.text in SENTENCE_ENDS and step > 0:
            break
        tokens.append(token)
        if token.text in SENTENCE_ENDS:
            break
        i += step
    return tokens
