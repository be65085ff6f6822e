"""An actor's type guessed from its name, the first rule that fits:

    place         a country, a US state, "<place> County <State>", "Orem Utah"
    group         a description of many people: "Boeing engineers", "House Republicans", "Koch
                  brothers", or lower-case words ("community activists")
    organization  a legal form or a word only organizations have ("Institute", "Foundation",
                  "Party"), a party's committee ("Republican National Committee")
    government    Department, Agency, Bureau, Court, Senate, Ministry, Administration, Committee,
                  Commission, Congress, Office, Police, ... ("White House", "Inspector General")
    person        capitalized words shaped like a person's name (after any title), no
                  organization word: person_names.parse_person
    organization  anything else

The grouping refines the guess with the evidence of a whole group (grouping.py).
"""

from __future__ import annotations

import re

from ..records import ActorType
from .keys import name_key
from .person_names import parse_person, title_core
from .tables import (
    CONNECTORS,
    COUNTRIES,
    GOVERNMENT_PHRASES,
    GOVERNMENT_WORDS,
    GROUP_NOUNS,
    NON_NAME_WORDS,
    PLACES,
    STRONG_ORGANIZATION_WORDS,
    US_STATES,
)
from .variants import LEGAL_FORM

# Words before a place that can name a town ("Orem Utah"); more reads as a body's name.
_MAX_TOWN_WORDS = 3


def guess_type(name: str) -> ActorType:
    """A simple guess at an actor's type from its name (the rules in the module docstring)."""
    text = " ".join(name.split())
    key = name_key(text)
    words = key.split()
    if not words:
        return "organization"
    if key in PLACES or _looks_like_place(words):
        return "place"
    head = re.split(r" (?:of|for|to|on) ", key)[0].split()  # "Consortium of Investigative Journalists"
    if not set(words) & STRONG_ORGANIZATION_WORDS and (
        head[-1] in GROUP_NOUNS or key.endswith(("attorneys general", "inspectors general"))
        or text.split()[-1] == "brothers"
    ):
        return "group"
    if text[:1].islower() and " " in text:
        return "group"
    if LEGAL_FORM.fullmatch(text) or set(words) & STRONG_ORGANIZATION_WORDS or (
        words[-1] == "committee" and {"republican", "democratic"} & set(words)
    ) or key.startswith(("committee to ", "committee for ")):
        return "organization"
    if set(words) & GOVERNMENT_WORDS or any(phrase in f"{key} " for phrase in GOVERNMENT_PHRASES):
        return "government"
    stripped = title_core(text, set()) or text
    if parse_person(stripped) is not None:
        return "person"
    return "organization"


def _looks_like_place(words: list[str]) -> bool:
    """'Orem Utah', 'Adams County Pennsylvania', 'Shelby County'."""
    if words[-1] == "county" and 2 <= len(words) <= 3:
        return True
    for size in (2, 1):
        if len(words) > size and " ".join(words[-size:]) in US_STATES:
            head = words[:-size]
            return (
                1 <= len(head) <= _MAX_TOWN_WORDS and words[-1] != "washington"  # also a surname
                and not set(head) & CONNECTORS
                and not set(head) & (NON_NAME_WORDS - {"county"}) and head[0] not in COUNTRIES
            )
    return False
