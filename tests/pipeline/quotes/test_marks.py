"""Where the quotes are: paired marks, scare quotes, split quotes (plain strings, no model)."""

from __future__ import annotations

import pytest

from pipeline.quotes.marks import SPLIT_GAP_MAX_WORDS, find_quote_parts, trim


def quoted(text: str) -> list[list[str]]:
    return [[text[s:e] for s, e in parts] for parts in find_quote_parts(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("He called it a “success” and left.", []),  # one word: a scare quote
        ('She said "two words" then "three more words" here.', ["two words", "three more words"]),
        ("“An open quote runs to the paragraph end\nNext paragraph.", ["An open quote runs to the paragraph end"]),
    ],
)
def test_find_quote_parts(text, expected):
    found = [" ".join(text[s:e] for s, e in parts) for parts in find_quote_parts(text)]
    assert found == expected


def test_mixed_quote_marks_pair_up():
    text = '“It was a fair deal," he said. "We will sign it tomorrow,” she said.'
    found = [text[s:e] for parts in find_quote_parts(text) for s, e in parts]
    assert found == ["It was a fair deal,", "We will sign it tomorrow,"]


def test_guillemets_and_an_opener_inside_an_open_quote():
    assert quoted("Il a dit «nous partons demain» hier.") == [["nous partons demain"]]
    assert quoted("“never closed “we start again here” end") == [["we start again here"]]


def test_min_words_sets_what_a_scare_quote_is():
    text = "It was “good” and “very good” indeed."
    assert [[text[s:e] for s, e in p] for p in find_quote_parts(text, min_words=1)] == [["good"], ["very good"]]
    assert quoted(text) == [["very good"]]


def test_a_short_attribution_between_two_quotes_splits_one_quote():
    text = "“Shall we build it in 2029,” she asked, “or wait for the next council?”"
    assert quoted(text) == [["Shall we build it in 2029,", "or wait for the next council?"]]


@pytest.mark.parametrize(
    "gap",
    [
        " she asked. ",  # a sentence ends between them
        " she asked ",  # no comma after the attribution
        "\n",  # another paragraph
        " " + " ".join(["word"] * SPLIT_GAP_MAX_WORDS) + " said, ",  # too long to be an attribution
    ],
)
def test_two_quotes_stay_two(gap):
    text = f"“We start in June,”{gap}“and finish in May next year.”"
    assert len(find_quote_parts(text)) == 2


def test_trim_drops_white_space_at_both_ends():
    assert trim("  a b  ", 0, 7) == (2, 5)
    assert trim("   ", 0, 3) == (3, 3)
