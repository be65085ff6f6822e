"""actor_types.py: an actor's type guessed from its name."""

from __future__ import annotations

import pytest

from pipeline.registry import guess_type


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Department of Justice", "government"),
        ("Federal Aviation Administration", "government"),
        ("U.S. Senate", "government"),
        ("House Judiciary Committee", "government"),
        ("Ministry of Defence", "government"),
        ("William Barr", "person"),
        ("William P. Barr", "person"),
        ("Mohammed bin Salman", "person"),
        ("Donald Trump Jr.", "person"),
        ("Heritage Foundation", "organization"),
        ("Trump Organization", "organization"),
        ("Republican National Committee", "organization"),
        ("International Consortium of Investigative Journalists", "organization"),
        ("Boeing engineers", "group"),
        ("House Republicans", "group"),
        ("Koch brothers", "group"),
        ("Saudi Arabia", "place"),
        ("Texas", "place"),
        ("Adams County Pennsylvania", "place"),
    ],
)
def test_guess_type(name, expected):
    assert guess_type(name) == expected
