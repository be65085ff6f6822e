"""The key of a name: what two strings share when they are one name written two ways.

    same-key     name_key is normalize_name (case, accents, punctuation, a possessive, a leading
                 "the", hyphens, so a slug like "department-of-justice" too) with an inner "the"
                 and a standalone "and" or "&" dropped ("department-of-health-human-services")

Then the forms one body's name is written in are brought to one key: KEY_FORMS, applied in order,
each a small rewrite named by the rule reported on the variants it folds. They read keys only (lower
case, no punctuation), and the variant parser does not apply them to a person's name after a title.

display turns a key back into a name, for a group whose every variant is written in lower case.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import NamedTuple

from ..names import normalize_name
from .tables import CONNECTORS, ORDER_HEADS, ORDINALS, PLACES

_MONTHS = "january|february|march|april|may|june|july|august|september|october|november|december"
_ORDINAL_DATE = re.compile(rf"\b({_MONTHS}) (\d{{1,2}})(?:st|nd|rd|th)\b")
_CIRCUIT_NAME = "|".join([*ORDINALS, *(f"{n}{'st' if n == 1 else 'nd' if n == 2 else 'rd' if n == 3 else 'th'}"
                                       for n in range(1, len(ORDINALS) + 1)), "dc", "district of columbia", "federal"])
_CIRCUIT_COURT = re.compile(
    rf"^(?:(?:u s |us |united states )?court of appeals for (?P<a>{_CIRCUIT_NAME}) circuit"
    rf"|(?P<b>{_CIRCUIT_NAME}) (?:u s |us )?circuit(?: court)?(?: of appeals)?)$"
)
_COMMITTEE_ON = re.compile(
    r"^(?P<chamber>(?:house|senate) )?(?:(?:select|permanent|standing|special) )?"
    r"(?P<kind>committee|subcommittee) on (?P<topic>.+)$"
)
_INSPECTOR_GENERAL = re.compile(r"(?:^|(?<= ))(?:office of inspector general|oig)$")
# Short words written in capitals when a lower-case name is displayed ("sba" -> "SBA").
_DISPLAY_WORDS = {"llc": "LLC", "pac": "PAC", "inc": "Inc.", "us": "US", "va": "VA"}


def name_key(text: str) -> str:
    """normalize_name, with an inner 'the' and a standalone 'and' or '&' dropped too ('Department of
    the Treasury', 'department-of-health-human-services'): the timeline writes both ways."""
    return " ".join(w for w in normalize_name(text).split() if w not in ("the", "and", "&"))


def ordinal_date(key: str) -> str | None:
    """ordinal: 'January 6th' is 'January 6' (a committee or a day named by its date)."""
    new = _ORDINAL_DATE.sub(r"\1 \2", key)
    return new if new != key else None


def inspector_general_office(key: str) -> str | None:
    """inspector-general: 'Office of Inspector General' and a final 'OIG' are 'Inspector General'
    (the office and the official are reported as one actor)."""
    new = _INSPECTOR_GENERAL.sub("inspector general", key)
    return new if new != key else None


def circuit_court(key: str) -> str | None:
    """circuit-court: a federal court of appeals, however written: 'U.S. Court of Appeals for the
    Ninth Circuit' = '9th U.S. Circuit Court of Appeals' = 'Ninth Circuit Court' = 'Ninth Circuit
    Court of Appeals' (First to Eleventh, D.C. = DC, Federal). A state's circuit court ('Cook County
    Circuit Court') has no number and is left alone."""
    match = _CIRCUIT_COURT.fullmatch(key)
    if not match:
        return None
    name = match.group("a") or match.group("b")
    name = ORDINALS[int(name[:-2]) - 1] if name[0].isdigit() else "dc" if name == "district of columbia" else name
    new = f"{name} circuit court of appeals"
    return new if new != key else None


def committee_name(key: str) -> str | None:
    """committee-name: '[House|Senate] [Select|Permanent] Committee on X' = '[House|Senate] X
    Committee' ('Senate Select Committee on Intelligence' = 'Senate Intelligence Committee')."""
    match = _COMMITTEE_ON.fullmatch(key)
    if not match:
        return None
    return f"{match.group('chamber') or ''}{match.group('topic')} {match.group('kind')}"


def task_force_last(key: str) -> str | None:
    """word-order: 'Task Force X' = 'X Task Force' ('Task Force KleptoCapture')."""
    if key.startswith("task force ") and len(key.split()) > 2:
        return f"{key[len('task force '):]} task force"
    return None


def place_first(key: str) -> str | None:
    """word-order: 'Republican Party of Florida' = 'Florida Republican Party', 'Supreme Court of
    Georgia' = 'Georgia Supreme Court', 'Government of Vietnam' = 'Vietnam Government': a party,
    court, government or legislature of a US state or a country, either way round (never a
    department: 'Department of State' is no state's department)."""
    head, of, place = key.rpartition(" of ")
    if of and place in PLACES and head.split()[-1] in ORDER_HEADS and not head.startswith("department"):
        return f"{place} {head}"
    return None


class KeyForm(NamedTuple):
    """One form of a body's name: the rule reported, and the rewrite that returns the key in the
    common form (None when the key is not written in this form)."""

    rule: str
    rewrite: Callable[[str], str | None]


KEY_FORMS: tuple[KeyForm, ...] = (
    KeyForm("ordinal", ordinal_date),
    KeyForm("inspector-general", inspector_general_office),
    KeyForm("circuit-court", circuit_court),
    KeyForm("committee-name", committee_name),
    KeyForm("word-order", task_force_last),
    KeyForm("word-order", place_first),
)


def rewrite_key(key: str) -> tuple[str, list[str]]:
    """The key in the common form of KEY_FORMS, and the rules that rewrote it, in order."""
    rules = []
    for form in KEY_FORMS:
        new = form.rewrite(key)
        if new is not None:
            key = new
            rules.append(form.rule)
    return key, rules


def display(base: str) -> str:
    """A name for a group written only in lower case: 'tether' -> 'Tether', 'sba' -> 'SBA' (a short
    single word reads as an acronym); a name with a capital is returned as it is."""
    if any(ch.isupper() for ch in base):
        return base
    words = base.split()
    if len(words) == 1 and 2 <= len(base) <= 4:
        return base.upper()
    return " ".join(
        _DISPLAY_WORDS.get(w, w if i and w in CONNECTORS else w[:1].upper() + w[1:]) for i, w in enumerate(words)
    )
