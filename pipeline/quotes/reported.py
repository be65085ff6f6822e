"""Reported speech: attributions outside quote marks, found from the words that can cue them.

Each candidate word outside quotes is read one way (`Word.reading`), and `methods.WORD_METHODS`
tries the rules on it in order, the first finding winning:

    noun       a speech noun with an owner ("Trump's claim that ..."): the owner speaks, the noun's
               clause or infinitive is the content (speech_noun)
    verb       a speech or stance verb, any verb heading a clause complement ("X hinted that ..."),
               or a main verb with an object and a named, pronoun or source-noun subject ("The
               group views Obama more favorably"). Rules: a passive agent speaks, the subject is
               the content ("The claim was endorsed by the board": passive_agent); the verb's
               subject speaks, its clause, object, infinitive or topic ("spoke about the budget")
               is the content (complement; verbs of telling keep their object, the person told,
               out); when that gives no speaker, the clause a speech verb hangs off, without the
               cue's own words ("Back in Virginia, Mr. Clarke said, he decided to ...":
               parenthetical)
    according  "according to X": X speaks, the rest of its sentence is the content (according_to)

Lines: a label at the start of a line ("Poll: Wealthy voters abandon ...") speaks the rest of the
line, unless it is page furniture (colon_line, over `line_labels`).
A content shorter than MIN_CLAUSE_WORDS words is not recorded ("he said so"); neither is a
complement that contains its own speaker.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

import numpy
from spacy.attrs import DEP, HEAD, LOWER
from spacy.tokens import Doc, Token

from .context import Context, Finding
from .lexicon import (
    ADDRESSEE_VERBS,
    CUE_NOUNS,
    NOT_SOURCE_LABELS,
    PERSON_PRONOUNS,
    REPORTING_VERBS,
    SOURCE_NOUNS,
    SPEECH_VERBS,
    TOPIC_PREPOSITIONS,
)
from .marks import Part, trim
from .speakers import according_to_source, cue_subject

# Reported clauses shorter than this (words) are not worth recording ("he said so").
MIN_CLAUSE_WORDS = 3
# The words a reading can start from, besides clause heads.
CLAUSE_WORDS = CUE_NOUNS | REPORTING_VERBS | {"according"}
# What a verb read only because it heads a clause complement takes as content; what a listed verb
# or a stance agent takes.
CLAUSE_DEPS = frozenset({"ccomp"})
STANCE_CONTENT_DEPS = frozenset({"ccomp", "xcomp", "dobj"})
COLON_LINE = re.compile(r"^([A-Z][\w'’.&-]*(?: [A-Z][\w'’.&-]*){0,3}):[ \t]+(\S[^\n]{10,})$", re.M)
CLAUSE_END_PUNCTUATION = ".,;:"


@dataclass(frozen=True)
class Word:
    """A candidate word outside quotes and how it is read ("noun", "verb" or "according")."""

    token: Token
    reading: str
    clause_head: bool  # heads a clausal complement
    stance_agent: bool  # a main verb with an object and a subject that names a source


def candidate_words(ctx: Context) -> list[Word]:
    """The words reported speech can start from, in text order."""
    ccomp_heads, object_heads, worded = _candidates(ctx.doc)
    words: list[Word] = []
    for i in sorted(ccomp_heads | object_heads | worded):
        token = ctx.doc[i]
        if ctx.in_quote(token.idx):
            continue
        clause_head = i in ccomp_heads
        stance_agent = i in object_heads and _stance_agent(token)
        if token.lower_ in CUE_NOUNS and any(c.dep_ == "poss" for c in token.children):
            words.append(Word(token, "noun", clause_head, stance_agent))
        elif token.lower_ in REPORTING_VERBS or clause_head or stance_agent:
            words.append(Word(token, "verb", clause_head, stance_agent))
        elif according_to_source(ctx, token) is not None:
            words.append(Word(token, "according", clause_head, stance_agent))
    return words


def speech_noun(ctx: Context, word: Word) -> Finding | None:
    """"Trump's claim that ...": the owner speaks, the noun's clause is the content."""
    if word.reading != "noun":
        return None
    noun = word.token
    owner = next((c for c in noun.children if c.dep_ == "poss" and not ctx.in_quote(c.idx)), None)
    content = next((c for c in noun.children if c.dep_ in ("acl", "ccomp") and c.i > noun.i), None)
    if owner is None or content is None or owner.lower_ in ("its",):
        return None
    start, end = _content_span(ctx, list(content.subtree))
    if len(ctx.text[start:end].split()) < MIN_CLAUSE_WORDS:
        return None
    return Finding([(start, end)], owner, noun)


def passive_agent(ctx: Context, word: Word) -> Finding | None:
    """"The claim was endorsed by dozens of papers": the agent speaks, the subject is the content."""
    verb = word.token
    if word.reading != "verb" or verb.lower_ not in REPORTING_VERBS:
        return None
    subject = next((c for c in verb.children if c.dep_ == "nsubjpass" and not ctx.in_quote(c.idx)), None)
    agent = next((o for c in verb.children if c.dep_ == "agent" for o in c.children if o.dep_ == "pobj"), None)
    if subject is None or agent is None or ctx.in_quote(agent.idx):
        return None
    tokens = list(subject.subtree)
    start, end = trim(ctx.text, tokens[0].idx, tokens[-1].idx + len(tokens[-1]))
    if len(ctx.text[start:end].split()) < 1:
        return None
    return Finding([(start, end)], agent, verb)


def complement(ctx: Context, word: Word) -> Finding | None:
    """"Dmitriev said Russia could provide a plant": the subject speaks its verb's content."""
    if word.reading != "verb":
        return None
    content = _content_heads(ctx, word)
    speaker = cue_subject(ctx, word.token) if content else None
    if speaker is None:
        return None
    start, end = _content_span(ctx, list(content[0].subtree))
    if len(ctx.text[start:end].split()) < MIN_CLAUSE_WORDS or start <= speaker.idx < end:
        return None
    return Finding([(start, end)], speaker, word.token)


def parenthetical(ctx: Context, word: Word) -> Finding | None:
    """"Back in Virginia, Mr. Clarke said, he decided to ...": the cue hangs off the clause it
    reports; the content is that clause without the cue's own words."""
    cue = word.token
    if word.reading != "verb" or (_content_heads(ctx, word) and cue_subject(ctx, cue) is not None):
        return None  # not read as a parenthetical when the complement rule has a speaker
    if cue.lower_ not in SPEECH_VERBS or cue.dep_ not in ("parataxis", "ccomp") or cue.head is cue:
        return None
    speaker = cue_subject(ctx, cue)
    if speaker is None:
        return None
    own = {t.i for t in cue.subtree}
    tokens = [t for t in cue.head.subtree if t.i not in own]
    if not tokens:
        return None
    kept = {t.i for t in tokens}
    doc, text = ctx.doc, ctx.text
    pieces: list[Part] = []
    for t in tokens:
        if pieces and t.i - 1 in kept and doc[t.i - 1].idx + len(doc[t.i - 1]) <= t.idx:
            pieces[-1] = (pieces[-1][0], t.idx + len(t))
        else:
            pieces.append((t.idx, t.idx + len(t)))
    pieces = [trim(text, s, e) for s, e in pieces]
    pieces = [(s, e) for s, e in pieces if len(text[s:e].strip(" ,.;:").split()) >= 1]
    if not pieces or sum(len(text[s:e].split()) for s, e in pieces) < MIN_CLAUSE_WORDS:
        return None
    return Finding(pieces, speaker, cue)


def according_to(ctx: Context, word: Word) -> Finding | None:
    """"X, according to Y": Y speaks, the rest of the sentence is the content."""
    token = word.token
    source = according_to_source(ctx, token) if word.reading == "according" else None
    if source is None:
        return None
    text = ctx.text
    phrase = list(token.subtree)
    sent = ctx.sent_of(token)
    p_start, p_end = phrase[0].idx, phrase[-1].idx + len(phrase[-1])
    pieces = [trim(text, sent.start_char, p_start), trim(text, p_end, sent.end_char)]
    pieces = [_strip_end(text, s, e) for s, e in pieces]
    pieces = [(s, e) for s, e in pieces if len(text[s:e].strip(" ,.;:—–-").split()) >= MIN_CLAUSE_WORDS]
    return Finding(pieces, source, token, cue_end=token.i + 2) if pieces else None


def line_labels(ctx: Context) -> Iterator[re.Match[str]]:
    """Lines that start with a short capitalized label and a colon, in text order."""
    return COLON_LINE.finditer(ctx.text)


def colon_line(ctx: Context, line: re.Match[str]) -> Finding | None:
    """"Poll: Wealthy voters abandon ...": the label speaks the rest of its line."""
    if line.group(1).lower() in NOT_SOURCE_LABELS or ctx.in_quote(line.start(1)):
        return None
    speaker = ctx.doc.char_span(line.start(1), line.end(1), alignment_mode="expand")
    start, end = trim(ctx.text, line.start(2), line.end(2))
    if speaker is None or len(ctx.text[start:end].split()) < MIN_CLAUSE_WORDS:
        return None
    return Finding([(start, end)], speaker)


def _candidates(doc: Doc) -> tuple[set[int], set[int], set[int]]:
    """Token indices of clause-complement heads, object or infinitive heads, and CLAUSE_WORDS,
    found with array operations instead of walking every token's children."""
    if not len(doc):
        return set(), set(), set()
    strings = doc.vocab.strings
    deps, heads, lowers = doc.to_array([DEP, HEAD, LOWER]).T
    heads = numpy.arange(len(doc)) + heads.astype(numpy.int64)  # HEAD is an offset, stored unsigned
    ccomp = set(heads[deps == strings["ccomp"]].tolist())
    objects = set(heads[numpy.isin(deps, [strings["dobj"], strings["xcomp"]])].tolist())
    words = numpy.fromiter((strings[w] for w in CLAUSE_WORDS), dtype=numpy.uint64)
    worded = set(numpy.nonzero(numpy.isin(lowers, words))[0].tolist())
    return ccomp, objects, worded


def _stance_agent(verb: Token) -> bool:
    """A main verb with an object or infinitive whose active subject names a person or an
    organization, or is a pronoun or a source noun: PolNeAR-style stance attributions."""
    if verb.dep_ not in ("ROOT", "conj") or not any(c.dep_ in ("dobj", "xcomp") for c in verb.children):
        return False
    subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    return subject is not None and (
        subject.ent_type_ in ("PERSON", "ORG") or subject.lower_ in PERSON_PRONOUNS or subject.lower_ in SOURCE_NOUNS
    )


def _content_heads(ctx: Context, word: Word) -> list[Token]:
    """The tokens whose subtrees are a verb's content: its clause, object or infinitive, else
    (for a listed verb) the object of a topic preposition."""
    token = word.token
    listed = token.lower_ in REPORTING_VERBS
    deps = CLAUSE_DEPS if word.clause_head and not word.stance_agent and not listed else STANCE_CONTENT_DEPS
    if token.lower_ in ADDRESSEE_VERBS:
        deps = deps - {"dobj"}  # "told reporters": the object is who was told, not what
    content = [c for c in token.children if c.dep_ in deps and not ctx.in_quote(c.idx)]
    if not content and listed:
        content = [o for c in token.children if c.dep_ == "prep" and c.lower_ in TOPIC_PREPOSITIONS
                   for o in c.children if o.dep_ in ("pobj", "pcomp")][:1]
    return content


def _content_span(ctx: Context, tokens: list[Token]) -> Part:
    """The characters of a token run, without white space or clause punctuation at its end."""
    start, end = trim(ctx.text, tokens[0].idx, tokens[-1].idx + len(tokens[-1]))
    while end > start and ctx.text[end - 1] in CLAUSE_END_PUNCTUATION:
        end -= 1
    return start, end


def _strip_end(text: str, start: int, end: int) -> Part:
    """Drop punctuation that closes a clause (".", ",", ";", ":", dashes) from its end."""
    while end > start and text[end - 1] in ".,;:—–- ":
        end -= 1
    return start, end
