"""Names: the comparison key of a name and the titles that come before it. Pure."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

TITLE_WORDS = frozenset(
    """president vice prime minister secretary senator sen sen. rep rep. representative governor gov
    gov. mayor mr mr. mrs mrs. ms ms. dr dr. prof prof. professor chancellor ceo chief executive
    commissioner judge justice general gen gen. ambassador envoy king queen prince princess sheikh
    speaker chairman chairwoman chair director head transport foreign defence defense finance
    interior fire deputy former late attorney lord lady sir dame pope cardinal bishop rabbi imam
    leader founder billionaire businessman tycoon oligarch spokesman spokeswoman spokesperson councillor
    councilor councilman councilwoman alderman sheriff constable sergeant lieutenant captain colonel
    detective inspector superintendent""".split()
)

@lru_cache(maxsize=65536)
def normalize_name(name: str) -> str:
    """A comparison key: no accents, lower case, no possessive, no punctuation, no leading 'the'."""
    text = unicodedata.normalize("NFKD", name)
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).lower().replace("’", "'")
    text = re.sub(r"'s\b", "", text)
    text = re.sub(r"[^\w&\s-]", "", text).replace("-", " ")
    words = text.split()
    if words and words[0] == "the":
        words = words[1:]
    return " ".join(words)


@lru_cache(maxsize=65536)
def strip_titles(name: str) -> str:
    """'Russian President Vladimir Putin' -> 'Vladimir Putin' (keeps at least one word)."""
    words = name.replace("’s", "").replace("'s", "").split()
    while len(words) > 1:
        first = words[0].lower().strip(",")
        if first in TITLE_WORDS:
            words = words[1:]
        elif _is_demonym(words[0]) and words[1].lower() in TITLE_WORDS:
            words = words[1:]  # "Russian President ...", but not "Russian Direct Investment Fund"
        else:
            break
    return " ".join(words)


def _is_demonym(word: str) -> bool:
    return word[:1].isupper() and word.lower().endswith(("ian", "ese", "ish", "can", "ean")) and len(word) > 4


# Words that make a body's full name out of its short one: "Treasury" / "Treasury Department",
# "Intel" / "Intel Corporation", "Treasury" / "Department of the Treasury".
BODY_WORDS = frozenset("""department ministry agency office bureau administration service services committee
    commission council authority board corporation corp inc co company companies group holdings ltd llc plc
    foundation institute""".split())
# Words a name may hold that tell nothing apart ("Department of the Treasury").
NAME_PARTICLES = frozenset("of for and the on in to at & de du des la le da di van von der den bin ibn al el".split())


@lru_cache(maxsize=65536)
def name_words(name: str) -> frozenset[str]:
    """The words of a name that tell it apart: its key without titles and particles."""
    return frozenset(w for w in normalize_name(strip_titles(name)).split() if w not in NAME_PARTICLES)


@lru_cache(maxsize=65536)
def is_part_of(part: str, whole: str) -> bool:
    """Whether `part` names what `whole` names, written short: a surname ("Rybolovlev" /
    "Dmitry Rybolovlev"), or a body without the words that say it is one ("Treasury" /
    "Treasury Department", "Intel" / "Intel Corporation"). "Harvard" is no part of "Harvard
    Educational Review", nor "Senate" of "Senate Democrats"."""
    short, long = name_words(part), name_words(whole)
    if not short or not short < long:
        return False
    last = normalize_name(strip_titles(whole)).split()[-1:]
    return (len(short) == 1 and last == list(short)) or long - short <= BODY_WORDS
