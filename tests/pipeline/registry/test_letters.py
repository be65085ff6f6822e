"""letters.py: what an acronym's letters are, and which acronyms a name's initials give."""

from __future__ import annotations

import pytest

from pipeline.registry.letters import (
    acronym_letters,
    initials,
    is_acronym,
    listed_expansions,
)


@pytest.mark.parametrize(
    ("token", "letters"),
    [
        ("FBI", {"FBI"}),
        ("FinCEN", {"FINCEN", "FCEN"}),
        ("U.S.", {"US"}),
        ("AT&T", {"ATT"}),
        ("Justice", set()),     # mostly lower case
        ("F", set()),           # one letter
        ("9/11", set()),        # digits
        ("G7", set()),
        ("ABCDEFGHIJ", set()),  # ten letters
    ],
)
def test_letters_acronym_letters(token, letters):
    assert acronym_letters(token) == letters
    assert is_acronym(token) == bool(letters)


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Department of Justice", {"DJ", "DOJ"}),
        ("Federal Bureau of Investigation", {"FBI", "FBOI"}),
        ("Department of Health and Human Services", {"HHS"}),
        ("U.S. Postal Service", {"USPS"}),
        ("Justice", set()),
        ("The Guardian", set()),  # one significant word
    ],
)
def test_letters_initials(name, expected):
    assert expected <= initials(name)
    if not expected:
        assert initials(name) == set()


def test_letters_listed_expansions_are_keys():
    assert listed_expansions("DOJ") == ("department of justice",)
    assert listed_expansions("HHS") == ("department of health human services",)
    assert listed_expansions("FBI") == ()  # derived from the initials, not listed
