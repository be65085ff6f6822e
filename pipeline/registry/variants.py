"""One actor string -> its Variant: the base name left once the decorations are stripped, its key,
and what was stripped (each step is a rule reported on the folded variant).

    slug             "trump-administration", "us-department-of-justice": hyphens become spaces
    quoted-nickname  "Lewis 'Scooter' Libby", "I. Lewis (Scooter) Libby" is Lewis Libby and declares
                     Scooter = Lewis (for the declared-nickname link)
    note             a parenthetical note: "Elon Musk (DOGE leader)", "Public Citizen (plaintiff)"
                     (after a name that is not a person's, only a note not starting with a capital,
                     or a place: "Heritage Trust (Delaware)")
    parenthetical-name  a country's body of some kind, then its own name in parentheses:
                     "Israeli Intelligence (Mossad)" is "Mossad" when that is written alone (else
                     it stays as written: "Russian Intelligence (GRU)" is not any "Russian
                     Intelligence", and "Myanmar Military (Tatmadaw)" cannot be told from it)
    acronym          the name plus its acronym: "American Legislative Exchange Council (ALEC)",
                     "CBP (Customs and Border Protection)", "FCC Federal Communications Commission"
                     (the acronym is kept for the acronym links); an acronym in parentheses longer
                     than the name before it ("Democratic Party (DPK)") is left to them
    title            a title or office before a person's name: "Attorney General William Barr",
                     "Florida Attorney General Pam Bondi", "Senate Minority Leader Chuck Schumer"
    country          a leading US qualifier or a trailing "of the United States":
                     "U.S. Department of Justice", "Supreme Court of the United States"
    department       "Justice Department" = "Department of Justice" (not a police, fire, health or
                     sheriff's department: those are local)

Then the key: keys.name_key of the base, rewritten by keys.KEY_FORMS unless the base is a person's
name after a title or the string is an acronym. A variant is `decorated` when something was
stripped or it is written in lower case only: a decorated variant is never the canonical name
while a plain one exists.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .keys import display, name_key, rewrite_key
from .letters import acronym_letters, initials, is_acronym
from .person_names import is_name_word, parse_person, title_core, titled_surname
from .tables import DEMONYMS, GOVERNMENT_WORDS, PLACES

# A US qualifier before a name, as written and as in a slug.
COUNTRY_PREFIX = re.compile(r"^(?:U\.\s?S\.?|US|United States)\s+(?!of\b)(?=\S)")
_SLUG_COUNTRY_PREFIX = re.compile(r"^(?:u s|us|united states)\s+(?!of\b)(?=\S)")
_COUNTRY_SUFFIX = re.compile(r"\s+of the (?:United States|U\.S\.)$", re.I)
# A company's legal form at the end of its name ("Boeing Corporation", "Amazon.com Inc.").
LEGAL_FORM = re.compile(
    r"^(.*?\w)(?:,?\s+(?:&\s*Co\.?|&\s*Company|Inc\.?|Incorporated|Corp\.?|Corporation|Co\.|Company|"
    r"LLC|L\.L\.C\.|Ltd\.?|Limited|PLC|plc|LLP|S\.A\.|AG|AD|N\.V\.|GmbH|Law Firm)|\.com)$"
)
_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)+")
_QUOTED_NICKNAME = re.compile(r"\s['‘\"“]([A-Z][\w-]+)['’\"”]\s")
_PARENTHESES = re.compile(r"(.*?)\s*\(([^()]*)\)(.*)")
_DEPARTMENT_LAST = re.compile(r"([A-Z][\w&]*(?:\s[A-Z][\w&]*)?)\s+Department")
# "X Department" names that are a local department, not an executive department "of X".
_LOCAL_DEPARTMENTS = {"police", "fire", "health", "sheriff"}


@dataclass
class Variant:
    """One actor string as the rules read it."""

    text: str
    uses: int
    base: str
    key: str
    steps: list[str] = field(default_factory=list)
    decorated: bool = False
    acronyms: list[str] = field(default_factory=list)
    is_acronym: bool = False
    person_hint: bool = False
    nickname: str | None = None
    titled_surname: str | None = None
    legal_base: str | None = None
    completes: str | None = None  # "Democratic Party (DPK)": an acronym longer than the name before it


def parse_variant(text: str, uses: int, known: set[str]) -> Variant:
    """Strip the decorations of one string (slug, quoted nickname, parentheses, title, country,
    'X Department') down to its base name and key, remembering what was removed.

    text (str): the actor string, as counted.
    uses (int): how often the timeline writes it.
    known (set[str]): the keys of every string imported, so a title or a parenthesis is stripped
        toward a name that is written on its own.
    """
    v = Variant(text=text, uses=uses, base=text, key="")
    t = text
    if _SLUG.fullmatch(t):
        t = t.replace("-", " ")
        v.steps.append("slug")
        v.decorated = True
        match = _SLUG_COUNTRY_PREFIX.match(t)
        if match and len(t[match.end():].split()) >= 2:
            t = t[match.end():]
            v.steps.append("country")
        t = display(t)
    elif not any(ch.isupper() for ch in t):
        v.decorated = True
        t = display(t)
    match = _QUOTED_NICKNAME.search(t)
    if match:
        v.nickname = match.group(1).lower()
        t = f"{t[:match.start()]} {t[match.end():]}"
        v.steps.append("quoted-nickname")
        v.decorated = v.person_hint = True
    match = _PARENTHESES.fullmatch(t)
    if match:
        t = _parse_parentheses(v, t, match, known)
    words = t.split()
    if len(words) >= 3 and (letters := acronym_letters(words[0])) and letters & initials(" ".join(words[1:])):
        v.acronyms.append(words[0])
        t = " ".join(words[1:])
        v.steps.append("acronym")
    core = title_core(t, known)
    if core is not None:
        t = core
        v.steps.append("title")
        v.decorated = v.person_hint = True
    elif parse_person(t) is None:
        v.titled_surname = titled_surname(t)
        v.decorated = v.decorated or v.titled_surname is not None
        t = _strip_country(v, t)
        match = _DEPARTMENT_LAST.fullmatch(t)
        if match and not set(match.group(1).lower().split()) & _LOCAL_DEPARTMENTS:
            t = f"Department of {match.group(1)}"
            v.steps.append("department")
    v.base = t
    v.key = name_key(t)
    v.is_acronym = is_acronym(text) and v.key == name_key(text)
    if "title" not in v.steps and not v.is_acronym:
        v.key, rewrites = rewrite_key(v.key)
        v.steps.extend(rewrites)
    if v.is_acronym:
        v.acronyms.append(text)
    legal = LEGAL_FORM.fullmatch(t)
    if legal and len(legal.group(1)) > 1:
        v.legal_base = legal.group(1)
        again = LEGAL_FORM.fullmatch(v.legal_base)  # "Amazon.com Inc."
        if again and len(again.group(1)) > 1:
            v.legal_base = again.group(1)
    return v


def _parse_parentheses(v: Variant, text: str, match: re.Match[str], known: set[str]) -> str:
    """A parenthesis in the string: a nickname, an acronym, a body's own name or a note (recorded
    on the variant); returns what is left to read."""
    before, inside, after = match.group(1).strip(), match.group(2).strip(), match.group(3).strip()
    outside = f"{before} {after}".strip()
    if not outside or not inside:
        return text
    person_outside = parse_person(outside) is not None or title_core(outside, known) is not None
    if after and person_outside and is_name_word(inside) and " " not in inside:
        v.nickname = inside.lower()  # "I. Lewis (Scooter) Libby"
        v.steps.append("quoted-nickname")
        v.decorated = v.person_hint = True
        return outside
    if not after and acronym_letters(inside) & initials(before):
        v.acronyms.append(inside)
        v.steps.append("acronym")
        v.decorated = True
        return before
    if not after and acronym_letters(before) & initials(inside):
        v.acronyms.append(before)
        v.steps.append("acronym")
        v.decorated = True
        return inside
    words = before.split()
    if not after and " " not in inside and (is_name_word(inside) or is_acronym(inside)) and len(words) == 2 and (
        (name_key(words[0]) in PLACES or words[0].lower() in DEMONYMS) and words[1].lower() in GOVERNMENT_WORDS
    ):
        # "Israeli Intelligence (Mossad)": a country's body of some kind, then its own name (when that
        # is written alone; "Russian Intelligence (GRU)" is not any "Russian Intelligence")
        if name_key(inside) in known:
            v.steps.append("parenthetical-name")
            v.decorated = True
            return inside
        return text
    if not after and acronym_letters(inside) and not person_outside:
        v.completes = inside  # "Democratic Party (DPK)": the acronym of a longer name (acronym links)
        return text
    if not after and name_key(inside) in PLACES and name_key(before) not in PLACES:
        v.steps.append("note")  # "Heritage Trust (Delaware)"
        v.decorated = True
        return before
    if person_outside or not inside[0].isupper():
        v.steps.append("note")
        v.decorated = True
        v.person_hint = v.person_hint or person_outside
        return outside
    return text


def _strip_country(v: Variant, text: str) -> str:
    """'U.S. Department of Justice', 'Supreme Court of the United States': the country left out
    (the timeline writes a US body's name both with and without it)."""
    match = COUNTRY_PREFIX.match(text)
    if match and text[match.end():][:1].isupper():
        v.steps.append("country")
        text = text[match.end():]
    match = _COUNTRY_SUFFIX.search(text)
    if match and len(text[: match.start()].split()) >= 2:
        v.steps.append("country")
        text = text[: match.start()]
    return text
