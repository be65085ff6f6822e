"""person_names.py: a name read as a person's (given name, middle initials, surname, suffix), the
name after a title, and a title with a surname alone."""

from __future__ import annotations

import pytest

from pipeline.registry.person_names import (
    Person,
    is_name_word,
    parse_person,
    title_core,
    titled_surname,
)


@pytest.mark.parametrize(
    ("text", "person"),
    [
        ("William Barr", Person("william", (), "barr", "")),
        ("William P. Barr", Person("william", ("p",), "barr", "")),
        ("George H.W. Bush", Person("george", ("h", "w"), "bush", "")),
        ("Donald Trump Jr.", Person("donald", (), "trump", "jr")),
        ("Mohammed bin Salman", Person("mohammed", (), "bin salman", "")),
        ("E. Jean Carroll", Person("jean", ("e",), "carroll", "")),
        ("Joseph Cofer Black", Person("joseph", ("c",), "black", "")),
    ],
)
def test_person_names_parse_person(text, person):
    assert parse_person(text) == person


@pytest.mark.parametrize(
    "text",
    ["Trump", "Heritage Foundation", "House Republicans", "UN Special Rapporteur", "K Street", "New York",
     "Russian Military", "All Voting Is Local", "Attorney General William Barr", "FBI Director", "boeing engineers"],
)
def test_person_names_parse_person_refuses_what_is_no_persons_name(text):
    assert parse_person(text) is None


def test_person_names_title_core_prefers_a_name_written_alone():
    assert title_core("Secretary of State Brad Raffensperger", {"brad raffensperger"}) == "Brad Raffensperger"
    assert title_core("Secretary of State Brad Raffensperger", set()) is None  # "of State ..." is no name
    assert title_core("Florida Attorney General Pam Bondi", set()) == "Pam Bondi"
    assert title_core("Senate Minority Leader Chuck Schumer", {"chuck schumer"}) == "Chuck Schumer"
    assert title_core("William Barr", set()) is None
    assert title_core("Office of Foreign Assets Control", set()) is None  # "foreign" only qualifies a title


def test_person_names_titled_surname():
    assert titled_surname("Justice Kagan") == "kagan"
    assert titled_surname("President Trump") == "trump"
    assert titled_surname("Justice Department") is None
    assert titled_surname("Acting Kagan") is None  # no person's title


def test_person_names_is_name_word():
    assert is_name_word("O'Rourke") and is_name_word("al-Assad") and is_name_word("Barr")
    assert not is_name_word("FBI") and not is_name_word("barr") and not is_name_word("2.0")
