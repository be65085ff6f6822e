"""A person's name as the link rules compare it: given name, middle initials, surname, suffix.

    parse_person    "William P. Barr" -> william (p) barr; "Mohammed bin Salman" -> mohammed, bin salman;
                    "Donald Trump Jr." -> donald trump, jr; None for what is not shaped like a
                    person's name (an organization word, an acronym, one word, lower case, a place)
    title_core      the name after a title: "Secretary of State Brad Raffensperger" -> "Brad Raffensperger"
    titled_surname  "Justice Kagan" -> "kagan": titles, then a surname alone

A name is only shaped like a person's: the rules look for evidence too (a title, a nickname, a
middle initial, a suffix) before they trust it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..names import normalize_name
from .keys import name_key
from .tables import (
    DEMONYMS,
    GROUP_NOUNS,
    NON_NAME_WORDS,
    PARTICLES,
    PERSON_TITLES,
    PLACES,
    STOPWORDS,
    SUFFIXES,
    TITLES,
)

# A token of initials: "J.", "H.W.", or one or two capitals ("F", "JD").
INITIAL_TOKEN = re.compile(r"(?:[A-Z]\.){1,3}|[A-Z]{1,2}\.?")
_PARTICLE_WORD = re.compile(r"(?:al|el|bin|ibn|ul|da|de|di|van|von)-[A-Z][\w'’-]+")
# Words a person's name has, suffix aside: "Xi Jinping" to "Mohammed bin Zayed Al Nahyan Jr.".
_MIN_WORDS, _MAX_WORDS = 2, 6
# Two-letter openings that are countries or unions, not initials ("US Attorney", "UN Envoy").
_NOT_INITIALS = {"us", "uk", "un", "eu", "usa"}


@dataclass(frozen=True)
class Person:
    """A person's name as the rules compare it: given name, middle initials, surname, suffix."""

    first: str
    middles: tuple[str, ...]
    last: str
    suffix: str


def is_name_word(token: str) -> bool:
    """A capitalized word of letters, apostrophes and hyphens ('O'Rourke', 'al-Assad'), not an
    acronym of three capitals or more."""
    if _PARTICLE_WORD.fullmatch(token):
        return True  # "al-Assad", "ul-Haq"
    return (
        token[:1].isupper()
        and all(ch.isalpha() or ch in "'’-" for ch in token)
        and not (token.isupper() and len(token) > 2)
    )


def parse_person(text: str) -> Person | None:
    """Read a name as a person's ('William P. Barr', 'Mohammed bin Salman', 'Donald Trump Jr.');
    None when it is not shaped like one (organization words, acronyms, one word, lower case)."""
    tokens = text.replace(",", " ").split()
    suffix = ""
    if len(tokens) > 2 and tokens[-1].lower().rstrip(".") in SUFFIXES:
        suffix = tokens[-1].lower().rstrip(".")
        tokens = tokens[:-1]
    if not _MIN_WORDS <= len(tokens) <= _MAX_WORDS or tokens[0].lower().rstrip(".") in TITLES:
        return None
    if name_key(" ".join(tokens)) in PLACES or tokens[0].lower() in DEMONYMS:
        return None
    if any(t.lower() in STOPWORDS for t in tokens) or normalize_name(tokens[0]) in _NOT_INITIALS:
        return None
    kinds = []
    for i, token in enumerate(tokens):
        low = token.lower().rstrip(".")
        if INITIAL_TOKEN.fullmatch(token):
            kinds.append("i")
        elif 0 < i < len(tokens) - 1 and token.islower() and low in PARTICLES:
            kinds.append("p")
        elif is_name_word(token) and low not in NON_NAME_WORDS:
            kinds.append("n")
        else:
            return None
    if kinds[-1] != "n" or tokens[-1].lower() in GROUP_NOUNS:
        return None
    if kinds[0] == "i" and len(tokens) == 2 and len([c for c in tokens[0] if c.isalpha()]) < 2:
        return None  # "X Platform", "K Street"
    first_at = 0
    middles: list[str] = []
    if kinds[0] == "i" and len(tokens) > 2:
        if not tokens[0].endswith(".") or kinds[1] != "n":
            return None  # "UN Special Rapporteur"; but "E. Jean Carroll", "I. Lewis Libby"
        middles.extend(ch.lower() for ch in tokens[0] if ch.isalpha())
        first_at = 1
    particle_at = next((i for i in range(first_at + 1, len(tokens)) if kinds[i] == "p"), None)
    last_at = particle_at if particle_at is not None else len(tokens) - 1
    for i in range(first_at + 1, last_at):
        if kinds[i] == "i":
            middles.extend(ch.lower() for ch in tokens[i] if ch.isalpha())
        else:
            middles.append(tokens[i][0].lower())
    first = normalize_name(tokens[first_at]).replace(" ", "")
    return Person(first=first, middles=tuple(middles), last=name_key(" ".join(tokens[last_at:])), suffix=suffix)


def title_core(text: str, known: set[str]) -> str | None:
    """The person's name after a title: 'Secretary of State Brad Raffensperger' -> 'Brad
    Raffensperger'. Prefers a remainder written elsewhere on its own (its key in `known`), else what
    follows the last title word; None without a person's title."""
    words = text.split()
    lowered = [w.lower().strip(",") for w in words]
    title_at = [i for i, w in enumerate(lowered) if w in TITLES]
    if not title_at:
        return None
    candidates = [
        (i, " ".join(words[i:]))
        for i in range(1, len(words) - 1)
        if any(w in PERSON_TITLES for w in lowered[:i])
        and lowered[i] not in TITLES
        and parse_person(" ".join(words[i:])) is not None
    ]
    for _, rest in candidates:
        if name_key(rest) in known:
            return rest
    return next((rest for i, rest in candidates if i == title_at[-1] + 1), None)


def titled_surname(text: str) -> str | None:
    """'Justice Kagan' -> 'kagan': titles (one of them a person's), then one capitalized word."""
    words = text.split()
    titles = [w.lower().strip(",") for w in words[:-1]]
    if len(words) < 2 or not all(w in TITLES for w in titles) or not any(w in PERSON_TITLES for w in titles):
        return None
    last = words[-1]
    if not is_name_word(last) or last.lower() in TITLES or last.lower() in NON_NAME_WORDS:
        return None
    return name_key(last)
