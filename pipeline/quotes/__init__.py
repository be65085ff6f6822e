"""Attributions read from a parsed spaCy Doc: direct quotes and reported speech. Pure functions.

Kinds (`Quote.kind`):
    full       a quote, all of it in quote marks
    partial    a clause that is partly quoted ("Flynn said Trump was “absolutely right” when ...")
    reported   a clause, object or infinitive attributed without quote marks

Modules, in the order a document goes through them:
    marks      where the quotes are: paired marks, split quotes, scare quotes (text only)
    context    the per-document state every rule reads (`Context`) and what a rule finds (`Finding`)
    direct     who said a direct quote: cue verb, according to, epigraph, dash, continuation, ...
    reported   reported speech: clauses, passive agents, speech nouns, "according to", colon lines
    speakers   subjects, mentions, and who a pronoun or role description refers to
    lexicon    the word lists (speech and stance verbs, speech nouns, role and source nouns)
    methods    the table of (method, rule, confidence) in the order tried, and how each was set
    attribute  walks the table and merges quotes and clauses into one list (`extract_quotes`)

A speaker is never a person the text does not name: a pronoun or role description with no
named person before it has no `speaker_name`.
"""

from __future__ import annotations

from .attribute import extract_quotes
from .marks import find_quote_parts

__all__ = ["extract_quotes", "find_quote_parts"]
