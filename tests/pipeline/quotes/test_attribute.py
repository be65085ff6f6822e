"""Direct quotes and reported clauses as one list of attributions: split quotes, partial quotes, order."""

from __future__ import annotations

import pytest

from pipeline.quotes.attribute import merge_clauses, quote_text
from pipeline.records import Quote


@pytest.mark.model
def test_split_quote_is_one_quote_with_two_parts(quotes_of):
    text = "“Shall we build it in 2029,” she asked, “or wait for the next council?” Jana Petrov is the council's chair."
    text = "Jana Petrov chaired the meeting. " + text
    quotes = quotes_of(text)
    assert len(quotes) == 1
    quote = quotes[0]
    assert len(quote.spans) == 2
    assert quote.text == "Shall we build it in 2029 … or wait for the next council?"
    assert (quote.speaker, quote.speaker_name, quote.cue) == ("she", "Jana Petrov", "asked")


@pytest.mark.model
def test_partial_quote_is_the_whole_clause(quotes_of):
    text = "Councillor Bram Dorn said the plan was “a disaster for the valley” and would cost far more than promised."
    found = [(q.kind, q.speaker_name, text[q.spans[0][0] : q.spans[-1][1]]) for q in quotes_of(text)]
    found = [f for f in found if f[0] != "reported"]
    assert len(found) == 1
    kind, speaker, content = found[0]
    assert kind == "partial" and speaker == "Bram Dorn"
    assert content.startswith("the plan was “a disaster for the valley”")


@pytest.mark.model
def test_a_quote_nobody_is_named_for_is_kept_without_a_speaker(quotes_of):
    quote = quotes_of("It rained all week. “Nobody has seen the report.”")[0]
    assert (quote.kind, quote.method, quote.speaker, quote.confidence) == ("full", "none", None, 0.0)


def test_quote_text_joins_the_parts_of_a_split_quote():
    text = "“Shall we,” she asked, “or wait?”"
    assert quote_text(text, [(1, 10), (24, 32)]) == "Shall we … or wait?"


def q(start: int, end: int, text: str = "x") -> Quote:
    return Quote(text=text, spans=[(start, end)])


def test_merge_clauses_kinds_and_order():
    quotes = [q(10, 20, "short quote"), q(50, 60, "whole quote")]
    clauses = [
        q(100, 130, "no quote in it"),
        q(5, 40, "a paraphrase with a quote in it"),
        q(49, 60, "mostly the quote"),
    ]
    merged = merge_clauses(quotes, clauses)
    assert [(m.text, m.kind) for m in merged] == [
        ("a paraphrase with a quote in it", "partial"),  # replaces the quote it contains
        ("whole quote", "full"),  # the clause that is mostly this quote adds nothing
        ("no quote in it", "reported"),
    ]


def test_merge_clauses_puts_the_longer_first_at_the_same_start():
    merged = merge_clauses([], [q(0, 5, "short"), q(0, 9, "longer")])
    assert [m.text for m in merged] == ["longer", "short"]
