"""The letters of acronyms and the initials of names, so that an acronym can be matched with the
name it stands for ("DOJ" and "Department of Justice" both give DOJ).

An acronym is two to nine letters, mostly capitals, without digits or spaces ("FBI", "FinCEN",
"U.S."); a name's initials are read several ways (with and without "of", every word, after
"Department of"), because bodies abbreviate themselves inconsistently. The table
tables.GOVERNMENT_ACRONYMS settles the acronyms whose initials mislead.
"""

from __future__ import annotations

import re

from .keys import name_key
from .tables import CONNECTORS, GOVERNMENT_ACRONYMS

# Letters of an acronym between these bounds (inclusive): "UN" to "USAFRICOM".
_MIN_LETTERS, _MAX_LETTERS = 2, 9
_DOTTED = re.compile(r"(?:[A-Za-z]\.)+")
# A short all-capital word inside a name gives all its letters ("US Postal Service" -> USPS).
_CAPITAL_WORD_LETTERS = 4


def acronym_letters(token: str) -> set[str]:
    """The letters an acronym can stand for: 'FBI' -> {'FBI'}; 'FinCEN' -> {'FINCEN', 'FCEN'}; not an
    acronym -> set()."""
    bare = token.strip().rstrip(".")
    if not bare[:1].isupper() or any(ch.isdigit() or ch.isspace() for ch in bare):
        return set()
    letters = [ch for ch in bare if ch.isalpha()]
    upper = [ch for ch in letters if ch.isupper()]
    if not _MIN_LETTERS <= len(letters) <= _MAX_LETTERS or len(upper) < 2 or len(upper) * 2 < len(letters):
        return set()
    if not all(ch.isalpha() or ch in ".&-" for ch in bare):
        return set()
    return {"".join(letters).upper(), "".join(upper)}


def is_acronym(text: str) -> bool:
    """Whether the text is written as an acronym ('DOJ', 'U.S.'; never 'Justice')."""
    return bool(acronym_letters(text))


def initials(name: str) -> set[str]:
    """The acronyms a name could have: initials of its significant words, with 'of', of every word,
    and of what follows 'Department of' ('Department of Health and Human Services' -> HHS). A name
    with fewer than two significant words has none."""
    words = [w.strip(",;:") for w in name.split()]
    words = [w for w in words if w]
    if len(words) < 2:
        return set()

    def letters(ws: list[str], keep: frozenset[str]) -> str:
        out = []
        for w in ws:
            low = w.lower()
            if low in CONNECTORS and low not in keep:
                continue
            if _DOTTED.fullmatch(w) or (w.isupper() and w.isalpha() and len(w) <= _CAPITAL_WORD_LETTERS):
                out.append("".join(ch for ch in w if ch.isalpha()).upper())
            elif w[:1].isalpha():
                out.append(w[0].upper())
        return "".join(out)

    found = {letters(words, frozenset()), letters(words, frozenset({"of"})), letters(words, CONNECTORS)}
    if [w.lower() for w in words[:2]] == ["department", "of"] and len(words) > 3:
        found.add(letters(words[2:], frozenset()))
    significant = [w for w in words if w.lower() not in CONNECTORS]
    return {f for f in found if len(f) >= 2} if len(significant) >= 2 else set()


def listed_expansions(letters: str) -> tuple[str, ...]:
    """tables.GOVERNMENT_ACRONYMS[letters], as keys (empty when the acronym is not listed)."""
    return tuple(name_key(name) for name in GOVERNMENT_ACRONYMS.get(letters, ()))
