"""The table of (method, rule, confidence): its order, its confidences, and how the walk uses them."""

from __future__ import annotations

import pytest

from pipeline.quotes import direct, reported
from pipeline.quotes.methods import (
    LINE_METHODS,
    METHODS,
    PRONOUN_FACTOR,
    QUOTE_METHODS,
    WORD_METHODS,
    Method,
    first_finding,
)


def test_the_direct_rules_are_tried_in_the_documented_order():
    assert [m.name for m in QUOTE_METHODS] == [
        "transcript-label", "subject-of-cue", "according-to", "surface-pattern", "adjacent-verb",
        "epigraph", "epigraph", "governing-verb", "continuation",
    ]
    assert all(m.find.__module__ == direct.__name__ for m in QUOTE_METHODS)
    assert all(m.find.__module__ == reported.__name__ for m in WORD_METHODS + LINE_METHODS)
    assert METHODS == QUOTE_METHODS + WORD_METHODS + LINE_METHODS


def test_one_confidence_per_method_name():
    by_name: dict[str, set[float]] = {}
    for method in METHODS:
        by_name.setdefault(method.name, set()).add(method.confidence)
    assert all(len(c) == 1 for c in by_name.values())
    assert all(0 < m.confidence <= 1 for m in METHODS) and 0 < PRONOUN_FACTOR < 1


def test_first_finding_takes_the_first_rule_that_finds_something():
    calls: list[str] = []

    def rule(name, result):
        def find(ctx, site):
            calls.append(name)
            return result
        return find

    table = (Method("a", rule("a", None), 0.1), Method("b", rule("b", "found"), 0.2), Method("c", rule("c", "late"), 0.3))
    method, found = first_finding(table, None, None)
    assert (method.name, found, calls) == ("b", "found", ["a", "b"])
    assert first_finding(table[:1], None, None) is None


@pytest.mark.model
def test_confidence_is_the_rows_and_lower_for_a_pronoun(quotes_of):
    text = "Harald Quist spoke after the vote. “This is a good day for the valley,” he added. “We won.” Quist said."
    by_method = {q.method: q.confidence for q in quotes_of(text)}
    assert by_method["subject-of-cue"] == round(0.9 * PRONOUN_FACTOR, 3)  # "he added"
    text = "“We will open the bridge in June,” Mayor Ilse Varga said. “It will be wider,” she added."
    assert quotes_of(text)[0].confidence == 0.9
