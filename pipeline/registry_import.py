"""Registry import: the actor strings of a timeline's events -> one actor per person or body,
merged into the actor registry, with every merge listed for an analyst to confirm.

Why: the public timeline writes one actor many ways ("Bill Barr", "William Barr", "Attorney
General William Barr"; "DOJ", "US Department of Justice", "department-of-justice"). A registry
bootstrapped from it needs those variants folded together and look-alikes ("Donald Trump",
"Donald Trump Jr.", "Trump Organization") kept apart. Each rule below is explicit and named, and
each folded variant is reported with the rule that folded it.

    events ──count_actor_strings──▶ {string: uses} ──group_actor_strings──▶ Grouping
           ──merge_into_registry(registry)──▶ ImportResult(actors, merges, skipped, checks, stats)

Forms of one name (each string reduces to a key; strings with one key are one actor):
    same-key         normalize_name: case, accents, punctuation, possessive, a leading "the",
                     hyphens and slugs ("department-of-justice"); an inner "the" and a standalone
                     "and" or "&" are dropped too ("department-of-health-human-services")
    note             a parenthetical note: "Elon Musk (DOGE leader)", "Public Citizen (plaintiff)"
                     (after a name that is not a person's, only a note not starting with a capital,
                     or a place: "Heritage Trust (Delaware)")
    parenthetical-name  a country's body of some kind, then its own name in parentheses:
                     "Israeli Intelligence (Mossad)" is "Mossad" when that is written alone (else
                     it stays as written: "Russian Intelligence (GRU)" is not any "Russian
                     Intelligence", and "Myanmar Military (Tatmadaw)" cannot be told from it)
    title            a title or office before a person's name: "Attorney General William Barr",
                     "Florida Attorney General Pam Bondi", "Senate Minority Leader Chuck Schumer"
    quoted-nickname  "Lewis 'Scooter' Libby" is Lewis Libby and declares Scooter = Lewis
    country          a leading US qualifier or a trailing "of the United States":
                     "U.S. Department of Justice", "Supreme Court of the United States"
    department       "Justice Department" = "Department of Justice"
    acronym (form)   "American Legislative Exchange Council (ALEC)", "CBP (Customs and Border
                     Protection)", "FCC Federal Communications Commission": the name plus its acronym
    ordinal          "January 6th" = "January 6"
    inspector-general  "Office of Inspector General" and a final "OIG" = "Inspector General"
    circuit-court    a federal court of appeals, however written: "U.S. Court of Appeals for the
                     Ninth Circuit" = "9th U.S. Circuit Court of Appeals" = "Ninth Circuit Court" =
                     "Ninth Circuit Court of Appeals" (First to Eleventh, D.C. = DC, Federal)
    committee-name   "[House|Senate] [Select|Permanent] Committee on X" = "[House|Senate] X Committee"
                     ("Senate Select Committee on Intelligence" = "Senate Intelligence Committee")
    word-order       "Task Force X" = "X Task Force"; "Republican Party of Florida" = "Florida
                     Republican Party" (a party, court, government or legislature of a place)
Links between keys (a person only ever links to a person):
    acronym          "DOJ" = "Department of Justice": the letters are the initials of the name's
                     significant words (with or without "of", or after "Department of"), or were
                     declared in parentheses, or registry_tables.GOVERNMENT_ACRONYMS says so; an
                     acronym that fits two names links to neither. "USPS" = "U.S. Postal Service":
                     US plus the initials of a name written with a US qualifier. "Democratic Party
                     (DPK)" = "Democratic Party of Korea": an acronym in parentheses that spells the
                     one longer name starting with the name before it. Then "DOJ Inspector General"
                     = "Department of Justice Inspector General", "FISA Court of Review" = "Foreign
                     Intelligence Surveillance Court of Review".
    nickname         "Bill Barr" = "William Barr": same surname and suffix (registry_tables.NICKNAMES)
    declared-nickname  "Scooter Libby" = "Lewis Libby", after "Lewis 'Scooter' Libby"
    middle-name      "William P. Barr" = "William Barr": a name without middle names joins the one
                     with them, unless two different middles exist ("George Bush" would join neither
                     "George W. Bush" nor "George H.W. Bush")
    titled-surname   "Justice Kagan" = "Elena Kagan" when exactly one person has that surname and
                     a title elsewhere shows that person is one ("Marshal Webb" joins no "Gary Webb")
    initials         "RFK Jr." = "Robert F. Kennedy Jr.": three or four capitals (and a suffix)
                     that are the initials of exactly one person's names, a person by evidence (a
                     title, a middle initial or a suffix), and no organization's acronym
    legal-form       "Boeing Corporation" = "Boeing", "Wells Fargo & Co." = "Wells Fargo", "Cytrox
                     AD" = "Cytrox", "Paul Weiss Law Firm" = "Paul Weiss", and "X Corp." = "X
                     Corporation" without a bare "X"; with company-word after it, "Coinbase Global
                     Inc." = "Coinbase", "Whole Foods Market Inc." = "Whole Foods"
    company-word     "Palantir Technologies" = "Palantir": one word plus a word companies add to
                     their name (registry_tables.COMPANY_WORDS), when the one word alone is not a
                     surname, a place or a group
    firm-name        "Preston Gates & Ellis" = "Preston Gates", "Skadden, Arps, Slate, Meagher &
                     Flom LLP" = "Skadden": a partnership by its first names (two words at least, or
                     the first of a list of three or more: "Johnson & Johnson" never joins "Johnson")
    spacing          "ExxonMobil" = "Exxon Mobil" (not people)
    department-name  "U.S. Treasury" = "Department of the Treasury", "Homeland Security" =
                     "Department of Homeland Security" (registry_tables.DEPARTMENT_SHORT_NAMES)
    federal          "Federal Bureau of Prisons" = "Bureau of Prisons": a leading "Federal" before
                     "<Bureau|Department|...> of"
    demonym          "Russian GRU" = "GRU", "Soviet KGB" = "KGB": a demonym before an acronym or a
                     one-word name that is not a common word ("Russian Military" is not "Military")
    country-adjective  "South Korea Government" = "South Korean Government", "Government of
                     Vietnam" = "Vietnamese government" (registry_tables.COUNTRY_ADJECTIVES)
    chamber          "Ways and Means Committee" = "House Ways and Means Committee": a committee
                     without its chamber, when only one chamber's committee has that name
                     ("Judiciary Committee" joins neither the House's nor the Senate's)
    sub-unit         a unit named with its parent in front, however the parent is written: "DOJ
                     Civil Rights Division" = "Justice Department Civil Rights Division", "Pentagon
                     Inspector General" = "DOD Inspector General" (registry_tables.PARENT_SHORT_NAMES);
                     and the unit alone ("Civil Rights Division") when only one parent is ever written
                     before it and it is not a unit every body has ("Inspector General"). A unit
                     never joins its parent ("DOJ" / "DOJ Inspector General").
    named-after      "John M. Olin Foundation" = "Olin Foundation", "Lynde and Harry Bradley
                     Foundation" = "Bradley Foundation": a body named after a person (a name with an
                     initial, two given names, or a person by evidence) and its surname alone, when
                     no other body shortens that way and no two people share the surname ("Eric
                     Trump Foundation" is not the "Trump Foundation")
    for-phrase       "Brennan Center for Justice" = "Brennan Center": the words before "for", two
                     at least and the first not a common word, when only one name shortens that way
    bank             "Standard Chartered Bank" = "Standard Chartered", "VEB Bank" = "VEB": a company
                     and its name plus "Bank", when the name is no place, demonym, surname or
                     person's name ("Georgia Bank", "Beal Bank" / "Beal" stay apart)
    savings-and-loan  "Lincoln Savings and Loan Association" = "Lincoln Savings and Loan"
    ticket-administration  "Biden-Harris administration" = "Biden Administration": a ticket's
                     administration is its first name's (never "Harris Administration")
    generic-words    "Sinclair Broadcasting" = "Sinclair Broadcast Group", "Elliott Investment
                     Management" = "Elliott Management": one distinctive first word (no common
                     word, place or surname), the rest words that only say what kind of company it
                     is (registry_tables.GENERIC_COMPANY_WORDS), and no other body with that first
                     word ("Apex Capital" / "Apex Partners" stay apart beside an "Apex Oil")
    descriptor       "Guccifer 2.0 persona" = "Guccifer 2.0": a name and one lower-case singular
                     word saying what it is (a government word only after a government body), never
                     after a person, surname or place ("Trump administration", "Acme officials")
Links from the events (only when group_actor_strings is given the strings listed together in one
event, co_listed_strings: two strings of one event's actors are two actors):
    suffix-dropped   "Edwin Meese" = "Edwin Meese III", "Andrew Card" = "Andrew H. Card Jr.": a
                     name without a generational suffix joins the one suffixed person with that
                     given name (as written) and surname, when no event lists the two together.
                     "Donald Trump" / "Donald Trump Jr." are listed together (father and son);
                     "Charles Keating" could be "Charles H. Keating Jr." or "Charles Keating III"
                     (two suffixed people) and joins neither; "Bob Menendez" / "Robert Menendez Jr."
                     differ in the given name as written.
    spelling         "Sergei Lavrov" = "Sergey Lavrov", "Volodymyr Zelenskyy" = "Volodymyr
                     Zelensky", "Tricia McGlaughlin" = "Tricia McLaughlin": people with as many
                     words, the same suffix and middle initials (or none on one side), given names
                     equal up to transliteration (y = i, oo = ou = u, no doubled letters), surnames
                     too or a letter apart (rapidfuzz ratio >= SPELLING_SURNAME_RATIO), never listed
                     together, each with one such match only. "Carlo" / "Carlos", "Robert" /
                     "Roberta", "Stephen" / "Steven", "Comey" / "Comer", "Harris" / "Harrison" stay
                     apart.
    country-suffix   "T-Mobile US" = "T-Mobile": a company and its name plus a trailing "US", when
                     no event lists the two together (a parent and its American arm are); "Binance.US"
                     is not "Binance"
    three-names      "Anne Gorsuch Burford" = "Anne Gorsuch" (a surname added), "Joseph Cofer Black"
                     = "Cofer Black" (known by the middle name): three full names and the one person
                     written with its first two or last two, when the extra word is another person's
                     name or no word of any body's name ("Time Warner Cable", "Jeffrey Epstein
                     Estate" stay apart), all are only people's names, and no event lists them together
Kept apart on purpose: a generational suffix (Jr., Sr., III) distinguishes people (but see
suffix-dropped); a surname alone ("Trump") joins nobody; different middle initials; a body named
after a person ("Trump Organization", "Eric Trump Foundation") never joins the person; a body never
joins its units ("DOJ Inspector General") or the body it is part of.

Held back: a surname alone or a title and a surname ("Trump", "President Trump") shared by several
people names no one actor; such a group joins a registry actor that already answers to it, and is
otherwise not imported (as a new actor it would capture every mention of the surname).

Canonical name: the most used variant (ties: the longest, then alphabetical) among the plain ones
(not a title, note, slug, all-lower-case, "Name (ACRONYM)" or "Title Surname" form); when every variant is
decorated, the most used one with its decoration removed ("Chief Judge James Boasberg" and
"U.S. District Judge James Boasberg" become "James Boasberg").

Type (guess_type): place (a country, US state or "<place> County <State>"), group (a description
of many people: "Boeing engineers", "House Republicans"), government (Department, Agency, Bureau,
Court, Senate, Ministry, Administration, Committee, Commission, Congress, Office, Police, ...),
person (2-4 capitalized words shaped like a name, with no organization word), else organization;
a group guessed an organization is a government body when another of its variants reads as one
("Civil Rights Division" after "DOJ Civil Rights Division", "Mossad" after "Israeli Intelligence
(Mossad)").

Not imported: strings without letters, strings naming several actors ("Twitter/X",
"DOJ/FBI/IRS investigation") and groups of lower-case descriptions only ("community activists").
"""

from __future__ import annotations

import json
import re
from collections import Counter, defaultdict, deque
from collections.abc import Iterable, Mapping, Sequence, Set
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

from .errors import SourceError
from .names import TITLE_WORDS, normalize_name
from .records import Actor, ActorType
from rapidfuzz import fuzz

from .registry_tables import (
    COMPANY_WORDS,
    COUNTRIES,
    COUNTRY_ADJECTIVES,
    DEMONYMS,
    DEPARTMENT_SHORT_NAMES,
    EXTRA_TITLE_WORDS,
    GENERIC_COMPANY_WORDS,
    GENERIC_SUB_UNITS,
    GOVERNMENT_ACRONYMS,
    GOVERNMENT_PHRASES,
    GOVERNMENT_WORDS,
    GROUP_NOUNS,
    NICKNAMES,
    ORDER_HEADS,
    ORDINALS,
    ORGANIZATION_WORDS,
    PARENT_SHORT_NAMES,
    PARTICLES,
    PERSON_TITLES,
    PLACES,
    STOPWORDS,
    STRONG_ORGANIZATION_WORDS,
    SUB_UNIT_ENDINGS,
    SUFFIXES,
    US_STATES,
)
from .store import atomic_write

TITLES = TITLE_WORDS | EXTRA_TITLE_WORDS
# Words skipped when reading the initials of a name ("Department of Justice" -> DJ, DOJ).
CONNECTORS = frozenset({"of", "for", "and", "the", "on", "in", "to", "at", "by", "a", "an", "&", "de"})
NON_NAME_WORDS = ORGANIZATION_WORDS | GOVERNMENT_WORDS | {"palace", "boys", "keepers", "world", "special"}
# Words that name a kind of thing, not one actor ("Russian Military" is not "Military").
COMMON_WORDS = ORGANIZATION_WORDS | GOVERNMENT_WORDS | GROUP_NOUNS | TITLES | STOPWORDS
# Surnames this close (rapidfuzz ratio, 0-100) may be one spelled two ways ("McGlaughlin" / "McLaughlin").
SPELLING_SURNAME_RATIO = 90

_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)+")
_INITIALS = re.compile(r"(?:[A-Z]\.){1,3}|[A-Z]{1,2}\.?")
_QUOTED_NICKNAME = re.compile(r"\s['‘\"“]([A-Z][\w-]+)['’\"”]\s")
_PARENTHESES = re.compile(r"(.*?)\s*\(([^()]*)\)(.*)")
_COUNTRY_PREFIX = re.compile(r"^(?:U\.\s?S\.?|US|United States)\s+(?!of\b)(?=\S)")
_SLUG_COUNTRY_PREFIX = re.compile(r"^(?:u s|us|united states)\s+(?!of\b)(?=\S)")
_COUNTRY_SUFFIX = re.compile(r"\s+of the (?:United States|U\.S\.)$", re.I)
_DEPARTMENT_LAST = re.compile(r"([A-Z][\w&]*(?:\s[A-Z][\w&]*)?)\s+Department")
_LEGAL_FORM = re.compile(
    r"^(.*?\w)(?:,?\s+(?:&\s*Co\.?|&\s*Company|Inc\.?|Incorporated|Corp\.?|Corporation|Co\.|Company|"
    r"LLC|L\.L\.C\.|Ltd\.?|Limited|PLC|plc|LLP|S\.A\.|AG|AD|N\.V\.|GmbH|Law Firm)|\.com)$"
)
_SEVERAL = re.compile(r"[^\d\s]\s*/\s*[^\d\s]")
_PARTICLE_WORD = re.compile(r"(?:al|el|bin|ibn|ul|da|de|di|van|von)-[A-Z][\w'’-]+")


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class TimelineEvent(BaseModel):
    """The part of a timeline event the importer reads: its id and its actors."""

    model_config = ConfigDict(frozen=True, extra="ignore")

    id: str | None = None
    actors: list[str] = Field(default_factory=list)


class FoldedVariant(_Model):
    """One way the timeline writes an actor, how often, and the rule that folded it."""

    text: str
    uses: int
    rule: str


class ActorGroup(_Model):
    """The variants that name one actor, with the canonical name and the guessed type."""

    canonical: str
    type: ActorType
    uses: int
    variants: list[FoldedVariant]
    acronyms: list[str] = []
    names: list[str] = Field(
        default_factory=list, description="Names to register besides the variants: the name inside "
        "'Name (ACRONYM)' and 'ACRONYM (Name)' forms.",
    )
    hold: str | None = Field(
        None, description="Why the group names no one actor ('Trump'): it only joins a registry actor "
        "that already answers to it.",
    )


class Merge(_Model):
    """A group of several variants (or one that matched a registry actor of another name):
    what an analyst confirms."""

    canonical: str
    actor: str = Field(description="The registry actor the variants went into.")
    existing: bool = Field(description="True when that actor was in the registry before.")
    type: ActorType
    uses: int
    variants: list[FoldedVariant] = Field(description="Every variant but the canonical name itself.")


class Skipped(_Model):
    """A string the importer did not turn into an actor, and why."""

    text: str
    uses: int
    reason: str


class ImportStats(_Model):
    events: int = 0
    strings: int
    uses: int
    groups: int
    actors_before: int
    actors_after: int
    actors_added: int
    actors_updated: int = Field(description="Actors already in the registry that gained names.")
    aliases_added: int
    acronyms_added: int
    merges: int
    skipped: int


class Grouping(_Model):
    """What group_actor_strings found: the groups, the strings left out, and doubts to check."""

    groups: list[ActorGroup]
    skipped: list[Skipped] = []
    checks: list[str] = []


class ImportResult(_Model):
    """The merged registry and everything an analyst needs to confirm it."""

    actors: list[Actor]
    merges: list[Merge]
    skipped: list[Skipped]
    checks: list[str]
    stats: ImportStats


# ------------------------------------------------------------------------------------ reading


def read_events(path: Path) -> list[TimelineEvent]:
    """Read a timeline's events.jsonl (one JSON object a line; blank lines are skipped).

    RAISES SourceError: the file cannot be read or a line is not a JSON object.
    """
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as err:
        raise SourceError(f"cannot read events file {path}: {err}") from err
    events = []
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            events.append(TimelineEvent.model_validate(json.loads(line)))
        except (ValueError, RecursionError) as err:  # RecursionError: a line nested past what json decodes
            raise SourceError(f"{path}:{number}: not an event object ({err.__class__.__name__})") from err
    return events


def count_actor_strings(events: Iterable[TimelineEvent]) -> Counter[str]:
    """Distinct actor strings (whitespace trimmed and collapsed) with their use counts."""
    counts: Counter[str] = Counter()
    for event in events:
        for actor in event.actors:
            text = " ".join(str(actor).split())
            if text:
                counts[text] += 1
    return counts


# ------------------------------------------------------------------------------ name parsing


@dataclass(frozen=True)
class _Person:
    """A person's name as the rules compare it: given name, middle initials, surname, suffix."""

    first: str
    middles: tuple[str, ...]
    last: str
    suffix: str


@dataclass
class _Variant:
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


def _key(text: str) -> str:
    """normalize_name, with an inner 'the' and a standalone 'and' or '&' dropped too ('Department of
    the Treasury', 'department-of-health-human-services')."""
    return " ".join(w for w in normalize_name(text).split() if w not in ("the", "and", "&"))


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


def _rewrite_key(key: str) -> tuple[str, list[str]]:
    """The forms one body's name takes, brought to one key (each rewrite is a rule of its own):
    ordinal      'January 6th' -> 'January 6'
    inspector-general  'Office of Inspector General', 'OIG' at the end -> 'Inspector General'
    circuit-court  'Court of Appeals for the Ninth Circuit', '9th U.S. Circuit Court of Appeals',
                 'Ninth Circuit Court', 'D.C. Circuit' -> 'Ninth Circuit Court of Appeals'
    committee-name  '[House|Senate] [Select|Permanent] Committee on X' -> '[House|Senate] X Committee'
    word-order   'Task Force X' -> 'X Task Force'; 'Republican Party of Florida', 'Supreme Court of
                 Georgia', 'Government of Vietnam' -> 'Florida Republican Party', ... (a party, court,
                 government or legislature of a US state or a country)
    """
    rules = []
    new = _ORDINAL_DATE.sub(r"\1 \2", key)
    if new != key:
        key, rules = new, [*rules, "ordinal"]
    new = _INSPECTOR_GENERAL.sub("inspector general", key)
    if new != key:
        key, rules = new, [*rules, "inspector-general"]
    match = _CIRCUIT_COURT.fullmatch(key)
    if match:
        name = match.group("a") or match.group("b")
        name = ORDINALS[int(name[:-2]) - 1] if name[0].isdigit() else "dc" if name == "district of columbia" else name
        new = f"{name} circuit court of appeals"
        if new != key:
            key, rules = new, [*rules, "circuit-court"]
    match = _COMMITTEE_ON.fullmatch(key)
    if match:
        key = f"{match.group('chamber') or ''}{match.group('topic')} {match.group('kind')}"
        rules.append("committee-name")
    if key.startswith("task force ") and len(key.split()) > 2:
        key = f"{key[len('task force '):]} task force"
        rules.append("word-order")
    head, of, place = key.rpartition(" of ")
    if of and place in PLACES and head.split()[-1] in ORDER_HEADS and not head.startswith("department"):
        key = f"{place} {head}"
        rules.append("word-order")
    return key, rules


def _listed(letters: str) -> tuple[str, ...]:
    """registry_tables.GOVERNMENT_ACRONYMS[letters], as keys."""
    return tuple(_key(name) for name in GOVERNMENT_ACRONYMS.get(letters, ()))


def _acronym_letters(token: str) -> set[str]:
    """'FBI' -> {'FBI'}; 'FinCEN' -> {'FINCEN', 'FCEN'}; not an acronym -> set()."""
    bare = token.strip().rstrip(".")
    if not bare[:1].isupper() or any(ch.isdigit() or ch.isspace() for ch in bare):
        return set()
    letters = [ch for ch in bare if ch.isalpha()]
    upper = [ch for ch in letters if ch.isupper()]
    if not 2 <= len(letters) <= 9 or len(upper) < 2 or len(upper) * 2 < len(letters):
        return set()
    if not all(ch.isalpha() or ch in ".&-" for ch in bare):
        return set()
    return {"".join(letters).upper(), "".join(upper)}


def _is_acronym(text: str) -> bool:
    return bool(_acronym_letters(text))


def _initials(name: str) -> set[str]:
    """The acronyms a name could have: initials of its significant words, with 'of', of every word,
    and of what follows 'Department of' ('Department of Health and Human Services' -> HHS)."""
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
            if re.fullmatch(r"(?:[A-Za-z]\.)+", w) or (w.isupper() and w.isalpha() and len(w) <= 4):
                out.append("".join(ch for ch in w if ch.isalpha()).upper())
            elif w[:1].isalpha():
                out.append(w[0].upper())
        return "".join(out)

    found = {letters(words, frozenset()), letters(words, frozenset({"of"})), letters(words, CONNECTORS)}
    if [w.lower() for w in words[:2]] == ["department", "of"] and len(words) > 3:
        found.add(letters(words[2:], frozenset()))
    significant = [w for w in words if w.lower() not in CONNECTORS]
    return {f for f in found if len(f) >= 2} if len(significant) >= 2 else set()


def _is_name_word(token: str) -> bool:
    if _PARTICLE_WORD.fullmatch(token):
        return True  # "al-Assad", "ul-Haq"
    return (
        token[:1].isupper()
        and all(ch.isalpha() or ch in "'’-" for ch in token)
        and not (token.isupper() and len(token) > 2)
    )


def _parse_person(text: str) -> _Person | None:
    """Read a name as a person's ('William P. Barr', 'Mohammed bin Salman', 'Donald Trump Jr.');
    None when it is not shaped like one (organization words, acronyms, one word, lower case)."""
    tokens = text.replace(",", " ").split()
    suffix = ""
    if len(tokens) > 2 and tokens[-1].lower().rstrip(".") in SUFFIXES:
        suffix = tokens[-1].lower().rstrip(".")
        tokens = tokens[:-1]
    if not 2 <= len(tokens) <= 6 or tokens[0].lower().rstrip(".") in TITLES:
        return None
    if _key(" ".join(tokens)) in PLACES or tokens[0].lower() in DEMONYMS:
        return None
    if any(t.lower() in STOPWORDS for t in tokens) or normalize_name(tokens[0]) in {"us", "uk", "un", "eu", "usa"}:
        return None
    kinds = []
    for i, token in enumerate(tokens):
        low = token.lower().rstrip(".")
        if _INITIALS.fullmatch(token):
            kinds.append("i")
        elif 0 < i < len(tokens) - 1 and token.islower() and low in PARTICLES:
            kinds.append("p")
        elif _is_name_word(token) and low not in NON_NAME_WORDS:
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
    return _Person(first=first, middles=tuple(middles), last=_key(" ".join(tokens[last_at:])), suffix=suffix)


def _title_core(text: str, known: set[str]) -> str | None:
    """The person's name after a title: 'Secretary of State Brad Raffensperger' -> 'Brad
    Raffensperger'. Prefers a remainder written elsewhere on its own, else what follows the last
    title word."""
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
        and _parse_person(" ".join(words[i:])) is not None
    ]
    for _, rest in candidates:
        if _key(rest) in known:
            return rest
    return next((rest for i, rest in candidates if i == title_at[-1] + 1), None)


def _titled_surname(text: str) -> str | None:
    """'Justice Kagan' -> 'kagan': titles, then one capitalized word."""
    words = text.split()
    titles = [w.lower().strip(",") for w in words[:-1]]
    if len(words) < 2 or not all(w in TITLES for w in titles) or not any(w in PERSON_TITLES for w in titles):
        return None
    last = words[-1]
    if not _is_name_word(last) or last.lower() in TITLES or last.lower() in NON_NAME_WORDS:
        return None
    return _key(last)


def _parse_variant(text: str, uses: int, known: set[str]) -> _Variant:
    """Strip the decorations of one string (slug, quoted nickname, parentheses, title, country,
    'X Department') down to its base name and key, remembering what was removed."""
    v = _Variant(text=text, uses=uses, base=text, key="")
    t = text
    if _SLUG.fullmatch(t):
        t = t.replace("-", " ")
        v.steps.append("slug")
        v.decorated = True
        match = _SLUG_COUNTRY_PREFIX.match(t)
        if match and len(t[match.end():].split()) >= 2:
            t = t[match.end():]
            v.steps.append("country")
        t = _display(t)
    elif not any(ch.isupper() for ch in t):
        v.decorated = True
        t = _display(t)
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
    if len(words) >= 3 and (letters := _acronym_letters(words[0])) and letters & _initials(" ".join(words[1:])):
        v.acronyms.append(words[0])
        t = " ".join(words[1:])
        v.steps.append("acronym")
    core = _title_core(t, known)
    if core is not None:
        t = core
        v.steps.append("title")
        v.decorated = v.person_hint = True
    elif _parse_person(t) is None:
        v.titled_surname = _titled_surname(t)
        v.decorated = v.decorated or v.titled_surname is not None
        t = _strip_country(v, t)
        match = _DEPARTMENT_LAST.fullmatch(t)
        if match and not set(match.group(1).lower().split()) & {"police", "fire", "health", "sheriff"}:
            t = f"Department of {match.group(1)}"
            v.steps.append("department")
    v.base = t
    v.key = _key(t)
    v.is_acronym = _is_acronym(text) and v.key == _key(text)
    if "title" not in v.steps and not v.is_acronym:
        v.key, rewrites = _rewrite_key(v.key)
        v.steps.extend(rewrites)
    if v.is_acronym:
        v.acronyms.append(text)
    legal = _LEGAL_FORM.fullmatch(t)
    if legal and len(legal.group(1)) > 1:
        v.legal_base = legal.group(1)
        again = _LEGAL_FORM.fullmatch(v.legal_base)  # "Amazon.com Inc."
        if again and len(again.group(1)) > 1:
            v.legal_base = again.group(1)
    return v


def _parse_parentheses(v: _Variant, text: str, match: re.Match[str], known: set[str]) -> str:
    before, inside, after = match.group(1).strip(), match.group(2).strip(), match.group(3).strip()
    outside = f"{before} {after}".strip()
    if not outside or not inside:
        return text
    person_outside = _parse_person(outside) is not None or _title_core(outside, known) is not None
    if after and person_outside and _is_name_word(inside) and " " not in inside:
        v.nickname = inside.lower()  # "I. Lewis (Scooter) Libby"
        v.steps.append("quoted-nickname")
        v.decorated = v.person_hint = True
        return outside
    if not after and _acronym_letters(inside) & _initials(before):
        v.acronyms.append(inside)
        v.steps.append("acronym")
        v.decorated = True
        return before
    if not after and _acronym_letters(before) & _initials(inside):
        v.acronyms.append(before)
        v.steps.append("acronym")
        v.decorated = True
        return inside
    words = before.split()
    if not after and " " not in inside and (_is_name_word(inside) or _is_acronym(inside)) and len(words) == 2 and (
        (_key(words[0]) in PLACES or words[0].lower() in DEMONYMS) and words[1].lower() in GOVERNMENT_WORDS
    ):
        # "Israeli Intelligence (Mossad)": a country's body of some kind, then its own name (when that
        # is written alone; "Russian Intelligence (GRU)" is not any "Russian Intelligence")
        if _key(inside) in known:
            v.steps.append("parenthetical-name")
            v.decorated = True
            return inside
        return text
    if not after and _acronym_letters(inside) and not person_outside:
        v.completes = inside  # "Democratic Party (DPK)": the acronym of a longer name (acronym edges)
        return text
    if not after and _key(inside) in PLACES and _key(before) not in PLACES:
        v.steps.append("note")  # "Heritage Trust (Delaware)"
        v.decorated = True
        return before
    if person_outside or not inside[0].isupper():
        v.steps.append("note")
        v.decorated = True
        v.person_hint = v.person_hint or person_outside
        return outside
    return text


def _strip_country(v: _Variant, text: str) -> str:
    match = _COUNTRY_PREFIX.match(text)
    if match and text[match.end():][:1].isupper():
        v.steps.append("country")
        text = text[match.end():]
    match = _COUNTRY_SUFFIX.search(text)
    if match and len(text[: match.start()].split()) >= 2:
        v.steps.append("country")
        text = text[: match.start()]
    return text


# ---------------------------------------------------------------------------------- grouping


@dataclass
class _Node:
    """All variants with one key; the unit the linking rules connect."""

    key: str
    variants: list[_Variant]
    kind: str = "other"  # acronym | person | surname | other
    strong: bool = False  # a person by evidence (title, nickname), not only by shape
    person: _Person | None = None
    org: bool = False  # organization evidence: a legal form or a declared acronym
    hold: str | None = None  # why this key names no one actor ("Trump")

    @property
    def top(self) -> _Variant:
        return self.variants[0]


class _UnionFind:
    def __init__(self, keys: Iterable[str]) -> None:
        self.parent = {k: k for k in keys}

    def find(self, key: str) -> str:
        while self.parent[key] != key:
            self.parent[key] = self.parent[self.parent[key]]
            key = self.parent[key]
        return key

    def union(self, a: str, b: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)

    def members(self) -> dict[str, list[str]]:
        """Root -> its keys."""
        found: dict[str, list[str]] = defaultdict(list)
        for key in self.parent:
            found[self.find(key)].append(key)
        return found


def co_listed_strings(events: Iterable[TimelineEvent]) -> set[frozenset[str]]:
    """The pairs of actor strings listed together in one event (as count_actor_strings trims them):
    the evidence that two strings name two actors."""
    pairs: set[frozenset[str]] = set()
    for event in events:
        texts = sorted({" ".join(str(a).split()) for a in event.actors} - {""})
        pairs.update(frozenset((a, b)) for i, a in enumerate(texts) for b in texts[i + 1 :])
    return pairs


def group_actor_strings(counts: Mapping[str, int], co_listed: Set[frozenset[str]] | None = None) -> Grouping:
    """Group the actor strings that name one actor (rules in the module docstring).

    counts (Mapping[str, int]): actor string -> uses, as count_actor_strings returns.
    co_listed (set of string pairs | None): the pairs listed together in one event, as
        co_listed_strings returns; None when unknown, and then the rules that need that evidence
        (suffix-dropped, spelling) link nothing.
    RETURNS (Grouping): groups (most used first), the strings left out and doubts to check.
    """
    skipped: list[Skipped] = []
    kept: dict[str, int] = {}
    for text, uses in sorted(counts.items()):
        if not any(ch.isalpha() for ch in text):
            skipped.append(Skipped(text=text, uses=uses, reason="no letters"))
        elif _SEVERAL.search(re.sub(r"\([^()]*\)", "", text)):
            skipped.append(Skipped(text=text, uses=uses, reason="names several actors"))
        else:
            kept[text] = uses
    known = {_key(t) for t in kept}
    nodes: dict[str, _Node] = {}
    for text, uses in kept.items():
        variant = _parse_variant(text, uses, known)
        if variant.key:
            nodes.setdefault(variant.key, _Node(variant.key, [])).variants.append(variant)
        else:
            skipped.append(Skipped(text=text, uses=uses, reason="no name left after removing decorations"))
    for node in nodes.values():
        node.variants.sort(key=lambda v: (-v.uses, v.text))
    checks: list[str] = []
    _classify(nodes)
    edges = _acronym_edges(nodes, checks) + _person_edges(nodes, checks)
    uf = _united(nodes, edges)
    edges += _titled_surname_edges(nodes, uf)
    edges += _organization_edges(nodes)
    edges += _company_name_edges(nodes)
    edges += _body_edges(nodes)
    edges += _named_after_edges(nodes)
    edges += _sub_unit_edges(nodes, uf)
    uf = _united(nodes, edges)
    edges += _person_initials_edges(nodes, uf)
    if co_listed is not None:
        apart = _apart(nodes, co_listed)
        edges += _suffix_edges(nodes, uf, apart, checks)
        edges += _spelling_edges(nodes, uf, apart, checks)
        edges += _country_suffix_edges(nodes, uf, apart)
        edges += _three_name_edges(nodes, uf, apart)
    uf = _united(nodes, edges)
    components: dict[str, list[str]] = defaultdict(list)
    for key in sorted(nodes):
        components[uf.find(key)].append(key)
    adjacency: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for a, b, rule in edges:
        adjacency[a].append((b, rule))
        adjacency[b].append((a, rule))
    groups = []
    for keys in components.values():
        members = [nodes[k] for k in keys]
        if all(not any(ch.isupper() for ch in v.text) and " " in v.text for n in members for v in n.variants):
            skipped.extend(Skipped(text=v.text, uses=v.uses, reason="a description, not a name")
                           for n in members for v in n.variants)
            continue
        groups.append(_make_group(members, adjacency))
    groups.sort(key=lambda g: (-g.uses, g.canonical))
    skipped.sort(key=lambda s: (s.reason, -s.uses, s.text))
    return Grouping(groups=groups, skipped=skipped, checks=sorted(set(checks)))


def _united(nodes: Mapping[str, _Node], edges: Iterable[tuple[str, str, str]]) -> _UnionFind:
    uf = _UnionFind(nodes)
    for a, b, _ in edges:
        uf.union(a, b)
    return uf


def _classify(nodes: dict[str, _Node]) -> None:
    """Decide for each key whether it is an acronym, a person, a bare surname or something else."""
    for node in nodes.values():
        node.org = any(v.legal_base or (v.acronyms and not v.is_acronym) for v in node.variants)
        if all(v.is_acronym for v in node.variants):
            node.kind = "acronym"
            continue
        written = next((v for v in node.variants if any(ch.isupper() for ch in v.base)), node.top)
        person = _parse_person(written.base)
        if person is not None and not node.org:
            node.kind, node.person = "person", person
            node.strong = any(v.person_hint for v in node.variants)
    by_last: dict[str, set[str]] = defaultdict(set)
    for node in nodes.values():
        if node.kind == "person" and node.person is not None:
            by_last[node.person.last].add(node.person.first)
    for node in nodes.values():
        words = node.key.split()
        if node.kind == "other" and len(words) == 1 and len(by_last.get(node.key, ())) >= 2:
            node.kind, node.strong = "surname", True
            node.hold = f"a surname alone, shared by {len(by_last[node.key])} people"


def _acronym_edges(nodes: dict[str, _Node], checks: list[str]) -> list[tuple[str, str, str]]:
    """Acronyms to their expansions: declared, listed, or by initials when only one name fits;
    then names that start with an acronym to the same name spelled out."""
    edges: list[tuple[str, str, str]] = []
    for node in sorted(nodes.values(), key=lambda n: n.key):  # "Democratic Party (DPK)"
        for variant in node.variants:
            if variant.completes is None:
                continue
            start = _key(variant.text[: variant.text.index("(")]) + " "
            letters = _acronym_letters(variant.completes)
            fits = [n for n in nodes.values() if n.key.startswith(start) and n.kind == "other"
                    and any(letters & _initials(v.base) for v in n.variants)]
            if len(fits) == 1:
                variant.acronyms.append(variant.completes)
                edges.append((node.key, fits[0].key, "acronym"))
    declared: dict[str, set[str]] = defaultdict(set)
    initials: dict[str, set[str]] = defaultdict(set)
    for node in nodes.values():
        for variant in node.variants:
            for acronym in variant.acronyms:
                if not variant.is_acronym:
                    for letters in _acronym_letters(acronym):
                        declared[letters].add(node.key)
        if node.kind == "other" and node.key.split()[-1] not in GROUP_NOUNS and guess_type(node.top.base) != "group":
            for variant in node.variants:
                if not variant.is_acronym:
                    for letters in _initials(variant.base):
                        initials[letters].add(node.key)
                        if "country" in variant.steps and _COUNTRY_PREFIX.match(variant.text):
                            initials["US" + letters].add(node.key)  # "USPS" = "U.S. Postal Service"

    def targets(letters_set: set[str], name: str, own: str | None, report: list[str]) -> set[str]:
        listed = {key for letters in letters_set for key in _listed(letters) if key in nodes}
        said = set().union(*(declared.get(letters, set()) for letters in letters_set)) - {own}
        said = {k for k in said if nodes[k].kind != "surname" and not (nodes[k].kind == "person" and nodes[k].strong)}
        if listed or said:
            if len(said - listed) > 1 or (said and listed and not said <= listed):
                report.append(f"acronym '{name}' is declared for several names: " + ", ".join(
                    repr(nodes[k].top.text) for k in sorted(said | listed)) + "; not linked")
                return set()
            return listed | said
        if any(letters in GOVERNMENT_ACRONYMS for letters in letters_set):
            return set()  # a listed acronym links only to its listed names ("NSA" never to an "Archive")
        fits = set().union(*(initials.get(letters, set()) for letters in letters_set)) - {own}
        if len(fits) > 1:
            report.append(f"acronym '{name}' fits several names: " + ", ".join(
                repr(nodes[k].top.text) for k in sorted(fits)) + "; not linked")
            return set()
        return fits

    for node in sorted(nodes.values(), key=lambda n: n.key):
        letters_set = _acronym_letters(node.top.text) if node.kind == "acronym" else set()
        if not letters_set and len(node.key.split()) == 1 and node.key.upper() in declared:
            letters_set = {node.key.upper()}  # "fhfa" after "Federal Housing Finance Agency (FHFA)"
        if letters_set:
            found = targets(letters_set, node.top.text, node.key, checks)
            edges.extend((node.key, target, "acronym") for target in sorted(found))
    quiet: list[str] = []  # an acronym at the front of a longer name links only when unambiguous
    for node in sorted(nodes.values(), key=lambda n: n.key):
        words = node.top.base.split()
        letters_set = _acronym_letters(words[0]) if len(words) > 1 and "acronym" not in node.top.steps else set()
        if not letters_set:
            continue
        rest = _key(" ".join(words[1:]))
        spelled = {_key(v.base) for target in targets(letters_set, words[0], None, quiet)
                   for v in nodes[target].variants if not v.is_acronym}
        spelled |= {key for letters in letters_set for key in _listed(letters)}
        for expansion in sorted(spelled):
            key = _rewrite_key(f"{expansion} {rest}")[0]
            if key in nodes and key != node.key:
                edges.append((node.key, key, "acronym"))
    return edges


def _first_names(first: str, declared: Mapping[str, set[str]]) -> set[str]:
    return {first, *NICKNAMES.get(first, ()), *declared.get(first, set())}


def _person_link(a: _Person, b: _Person, declared: Mapping[str, set[str]]) -> str | None:
    """The rule that makes two people with one surname and suffix the same, or None."""
    rules = []
    if a.first != b.first:
        names_a, names_b = _first_names(a.first, declared), _first_names(b.first, declared)
        if not names_a & names_b:
            return None
        plain = {a.first, *NICKNAMES.get(a.first, ())} & {b.first, *NICKNAMES.get(b.first, ())}
        rules.append("nickname" if plain else "declared-nickname")
    if a.middles != b.middles:
        if a.middles and b.middles:
            return None
        rules.append("middle-name")
    return "+".join(rules) or "same-name"


def _person_edges(nodes: dict[str, _Node], checks: list[str]) -> list[tuple[str, str, str]]:
    """Nickname and middle-name links between people with one surname and suffix, never through
    a name that fits two different people."""
    buckets: dict[tuple[str, str], list[_Node]] = defaultdict(list)
    for node in sorted(nodes.values(), key=lambda n: n.key):
        if node.kind == "person" and node.person is not None:
            buckets[(node.person.last, node.person.suffix)].append(node)
    edges: list[tuple[str, str, str]] = []
    for bucket in buckets.values():
        if len(bucket) < 2:
            continue
        declared: dict[str, set[str]] = defaultdict(set)
        for node in bucket:
            for variant in node.variants:
                if variant.nickname and node.person is not None:
                    declared[node.person.first].add(variant.nickname)
                    declared[variant.nickname].add(node.person.first)
        links: dict[tuple[str, str], str] = {}
        for i, a in enumerate(bucket):
            for b in bucket[i + 1 :]:
                rule = _person_link(a.person, b.person, declared)  # type: ignore[arg-type]
                if rule is not None:
                    links[(a.key, b.key)] = links[(b.key, a.key)] = rule
        neighbours = {n.key: [m.key for m in bucket if (n.key, m.key) in links] for n in bucket}
        ambiguous = set()
        for key, near in neighbours.items():
            clash = [(x, y) for i, x in enumerate(near) for y in near[i + 1 :] if (x, y) not in links]
            if clash:
                ambiguous.add(key)
                checks.append(f"'{nodes[key].top.text}' could be " + " or ".join(
                    repr(nodes[k].top.text) for k in sorted({k for pair in clash for k in pair})) + "; not linked")
        for (a, b), rule in sorted(links.items()):
            if a < b and a not in ambiguous and b not in ambiguous:
                edges.append((a, b, rule))
    return edges


def _titled_surname_edges(nodes: dict[str, _Node], uf: _UnionFind) -> list[tuple[str, str, str]]:
    """'Justice Kagan' joins the one person (after the person links) with that surname."""
    people: dict[str, set[str]] = defaultdict(set)
    strong: set[str] = set()
    for node in nodes.values():
        if node.kind == "person" and node.person is not None:
            people[node.person.last].add(uf.find(node.key))
            if node.strong:
                strong.add(uf.find(node.key))
    edges = []
    for node in sorted(nodes.values(), key=lambda n: n.key):
        surname = node.top.titled_surname
        if not surname or node.kind in ("person", "acronym"):
            continue
        if len(people.get(surname, ())) == 1:
            (root,) = people[surname]
            if root in strong:  # the surname's owner is known to be a person, not only shaped like one
                edges.append((node.key, root, "titled-surname"))
        elif len(people.get(surname, ())) > 1:
            node.hold = f"a title and a surname shared by {len(people[surname])} people"
    return edges


def _organization_edges(nodes: dict[str, _Node]) -> list[tuple[str, str, str]]:
    """Legal forms, company words and spacing, between names that are not (by evidence) people."""

    def open_to(node: _Node) -> bool:
        return node.kind in ("other", "acronym") or (node.kind == "person" and not node.strong)

    def company_word(key: str, legal: bool = False) -> str | None:
        """'palantir technologies' -> 'palantir', when that one word names an organization; after a
        legal form, also a longer name ('Whole Foods Market Inc.' -> 'whole foods')."""
        words = key.split()
        if not 2 <= len(words) <= (4 if legal else 2) or words[-1] not in COMPANY_WORDS:
            return None
        target = nodes.get(" ".join(words[:-1]))
        if target is None or not (target.kind in ("other", "acronym") or (legal and open_to(target))):
            return None
        if legal and len(words) > 2:  # the legal form shows a company, even one shaped like a person's name
            kept = target.kind != "acronym" and guess_type(target.top.base) in ("organization", "person")
            return target.key if kept else None
        return target.key if guess_type(target.top.base) == "organization" else None  # not a place, group or body

    edges = []
    siblings: dict[str, list[str]] = defaultdict(list)  # "X Corp." and "X Corporation" without a bare "X"
    for node in sorted(nodes.values(), key=lambda n: n.key):
        for variant in node.variants:
            if variant.legal_base is None:
                continue
            target = nodes.get(_key(variant.legal_base))
            if target is not None and target.key != node.key and open_to(target) and target.kind != "acronym":
                edges.append((node.key, target.key, "legal-form"))
            elif target is None and (short := company_word(_key(variant.legal_base), legal=True)) is not None:
                edges.append((node.key, short, "legal-form+company-word"))  # "Coinbase Global Inc."
            elif target is None and node.key not in siblings[_key(variant.legal_base)]:
                siblings[_key(variant.legal_base)].append(node.key)
    for keys in siblings.values():
        edges.extend((keys[0], other, "legal-form") for other in keys[1:])

    for node in sorted(nodes.values(), key=lambda n: n.key):
        if open_to(node) and (short := company_word(node.key)) is not None:
            edges.append((node.key, short, "company-word"))
    for node in sorted(nodes.values(), key=lambda n: n.key):
        # "Preston Gates & Ellis" = "Preston Gates", "Skadden, Arps, Slate, Meagher & Flom LLP" = "Skadden"
        text = node.top.legal_base or node.top.base
        if text.count(",") >= 2:  # a list of three names or more
            first = text.split(",")[0].strip()
        elif " & " in text and "," not in text and len(text.split(" & ")[0].split()) >= 2:
            first = text.split(" & ")[0].strip()
        else:
            continue
        if node.kind == "person" or guess_type(text) == "place":
            continue
        target = nodes.get(_key(first))
        if target is not None and target.key != node.key and open_to(target) and target.kind != "acronym":
            edges.append((node.key, target.key, "firm-name"))
    compact: dict[str, list[str]] = defaultdict(list)
    for node in sorted(nodes.values(), key=lambda n: n.key):
        if open_to(node) and node.kind != "acronym":
            compact[node.key.replace(" ", "")].append(node.key)
    for keys in compact.values():
        edges.extend((keys[0], other, "spacing") for other in keys[1:])
    return edges


_TICKET_ADMINISTRATION = re.compile(r"([A-Z][a-z]+)-[A-Z][a-z]+\s+[Aa]dministration")
_US_SUFFIX = re.compile(r"(\S.*?)\s+(?:US|U\.S\.?)")


def _company_name_edges(nodes: dict[str, _Node]) -> list[tuple[str, str, str]]:
    """bank, generic-words, savings-and-loan and ticket-administration (module docstring)."""
    people = [n.person for n in nodes.values() if n.kind == "person" and n.person is not None]
    surnames, given = Counter(p.last for p in people), Counter(p.first for p in people)

    def company_like(node: _Node) -> bool:
        """Not a person by evidence, not a bare surname, place, group or government body (a name shaped
        like a person's counts only when no other person shares its given name or surname)."""
        if node.kind == "surname" or (node.kind == "person" and node.strong) or node.key in surnames:
            return False
        words = node.key.split()
        if node.key in PLACES or words[0] in DEMONYMS or set(words) <= COMMON_WORDS | DEMONYMS:
            return False
        if node.kind == "person" and node.person is not None and (
                surnames[node.person.last] > 1 or given[node.person.first] > 1):
            return False
        return node.kind == "acronym" or guess_type(node.top.base) in ("organization", "person")

    edges = []
    for node in sorted(nodes.values(), key=lambda n: n.key):
        words = node.key.split()
        # bank: "Standard Chartered Bank" = "Standard Chartered", "VEB Bank" = "VEB"
        if len(words) >= 2 and words[-1] == "bank" and node.kind != "person":
            target = nodes.get(" ".join(words[:-1]))
            if target is not None and company_like(target) and not (set(words[:-1]) & (PLACES | DEMONYMS)):
                edges.append((node.key, target.key, "bank"))
        # savings-and-loan: "Lincoln Savings and Loan Association" = "Lincoln Savings and Loan"
        if len(words) >= 4 and words[-3:] == ["savings", "loan", "association"]:
            target = nodes.get(" ".join(words[:-1]))
            if target is not None:
                edges.append((node.key, target.key, "savings-and-loan"))
        # ticket-administration: "Biden-Harris administration" = "Biden Administration"
        for variant in node.variants:
            if (m := _TICKET_ADMINISTRATION.fullmatch(variant.base)) is not None:
                target = nodes.get(_key(f"{m.group(1)} Administration"))
                if target is not None and target.key != node.key:
                    edges.append((node.key, target.key, "ticket-administration"))
                break
    # descriptor: "Guccifer 2.0 persona" = "Guccifer 2.0", "Russian GRU intelligence" = "Russian GRU":
    # a name and one lower-case singular word saying what it is (a body word only after a body of
    # that kind); never after a person, a surname or a place ("Trump administration")
    for node in sorted(nodes.values(), key=lambda n: n.key):
        for variant in node.variants:
            head, _, tail = variant.base.rpartition(" ")
            if not head or not tail.isalpha() or not tail.islower() or tail.endswith("s") or not head[:1].isupper():
                continue
            target = nodes.get(_key(head))
            if (target is None or target.key == node.key or target.kind in ("person", "surname")
                    or target.key in PLACES or target.key in DEMONYMS or tail in GROUP_NOUNS
                    or tail in ORGANIZATION_WORDS or tail in STRONG_ORGANIZATION_WORDS):
                continue
            if tail in GOVERNMENT_WORDS and guess_type(target.top.base) != "government":
                continue
            edges.append((node.key, target.key, "descriptor"))
            break
    # generic-words: "Sinclair Broadcasting" = "Sinclair Broadcast Group", "Elliott Investment
    # Management" = "Elliott Management": the only names with that first word are its company names
    by_first: dict[str, list[_Node]] = defaultdict(list)
    for node in sorted(nodes.values(), key=lambda n: n.key):
        words = node.key.split()
        if len(words) >= 2 and node.kind != "surname" and not (node.kind == "person" and node.strong):
            by_first[words[0]].append(node)
    for first, named in sorted(by_first.items()):
        if first in COMMON_WORDS or first in DEMONYMS or first in PLACES or first in surnames or first in nodes:
            continue
        generic = [n for n in named if set(n.key.split()[1:]) <= GENERIC_COMPANY_WORDS and n.kind != "acronym"]
        if len(generic) >= 2 and len(generic) == len([n for n in named if n.kind != "person"]):
            edges.extend((generic[0].key, other.key, "generic-words") for other in generic[1:])
    return edges


def _country_suffix_edges(nodes: dict[str, _Node], uf: _UnionFind,
                          apart: Mapping[str, set[str]]) -> list[tuple[str, str, str]]:
    """country-suffix: "T-Mobile US" = "T-Mobile", a company and its name with a trailing "US", when
    no event lists the two together (a parent and its American arm are)."""
    members = uf.members()
    edges = []
    for node in sorted(nodes.values(), key=lambda n: n.key):
        if node.kind in ("person", "surname"):
            continue
        for variant in node.variants:
            if (m := _US_SUFFIX.fullmatch(variant.base)) is None:
                continue
            target = nodes.get(_key(m.group(1)))
            if (target is None or target.key == node.key or target.kind in ("person", "surname")
                    or guess_type(target.top.base) != "organization"
                    or _listed_together(node.key, target.key, uf, members, apart)):
                continue
            edges.append((node.key, target.key, "country-suffix"))
            break
    return edges


def _three_name_edges(nodes: dict[str, _Node], uf: _UnionFind,
                      apart: Mapping[str, set[str]]) -> list[tuple[str, str, str]]:
    """three-names: "Anne Gorsuch Burford" = "Anne Gorsuch" (a surname added), "Joseph Cofer Black" =
    "Cofer Black" (known by the middle name): a person written with three full names joins the one
    person written with its first two or its last two, when the extra name is another person's given
    name or surname or never a word of a body's name ("Time Warner Cable", "Jeffrey Epstein Estate"
    stay apart), both are only ever people's names, no event lists them together
    and neither name could be another's ("Anne Gorsuch" matching two longer names joins neither)."""
    members = uf.members()
    people = {n.key: n for n in nodes.values() if n.kind == "person" and n.person is not None}
    body_words = {w for n in nodes.values() if n.kind in ("other", "acronym") for w in n.key.split()}
    candidates: dict[str, list[str]] = defaultdict(list)
    for node in sorted(people.values(), key=lambda n: n.key):
        tokens = node.top.base.replace(",", " ").split()
        if (len(tokens) != 3 or node.person.suffix  # type: ignore[union-attr]
                or not all(_is_name_word(t) and not _INITIALS.fullmatch(t) for t in tokens)):
            continue
        for short, extra in ((_key(" ".join(tokens[:2])), tokens[2]), (_key(" ".join(tokens[1:])), tokens[0])):
            other = people.get(short)
            extra = _key(extra)
            if (other is None or other.key == node.key or other.person.suffix  # type: ignore[union-attr]
                    or extra in PLACES or extra in COMMON_WORDS or extra in NON_NAME_WORDS
                    or not (extra not in body_words or any(
                        p.key not in (short, node.key) and extra in (p.person.first, p.person.last)
                        for p in people.values()))):  # type: ignore[union-attr]
                continue
            if any(nodes[k].kind != "person" for k in members[uf.find(short)] + members[uf.find(node.key)]):
                continue  # a person only ever links to a person
            candidates[short].append(node.key)
    longer_count = Counter(k for keys in candidates.values() for k in keys)
    edges = []
    for short, longer in sorted(candidates.items()):
        if len(longer) != 1 or longer_count[longer[0]] != 1 or uf.find(short) == uf.find(longer[0]):
            continue
        if _listed_together(short, longer[0], uf, members, apart):
            continue
        edges.append((short, longer[0], "three-names"))
    return edges


def _is_body(node: _Node) -> bool:
    return node.kind in ("other", "acronym")


def _body_edges(nodes: dict[str, _Node]) -> list[tuple[str, str, str]]:
    """One body's name written another way (never a person's): department-name, for-phrase, federal,
    demonym, country-adjective, chamber."""
    edges = []
    chambers: dict[str, set[str]] = defaultdict(set)
    shortened: dict[str, set[str]] = defaultdict(set)
    for node in sorted(nodes.values(), key=lambda n: n.key):
        target = DEPARTMENT_SHORT_NAMES.get(node.key)  # "U.S. Treasury" = "Department of the Treasury"
        if target is not None and target in nodes and not node.strong and _is_body(nodes[target]):
            edges.append((node.key, target, "department-name"))  # (even when shaped like a person's name)
        if not _is_body(node):
            continue
        key, words = node.key, node.key.split()
        head = key.split(" for ")[0]  # "Brennan Center for Justice" = "Brennan Center"
        if head != key and len(head.split()) >= 2 and words[0] not in COMMON_WORDS and head in nodes and (
            _is_body(nodes[head]) or not nodes[head].strong
        ):
            shortened[head].add(key)
        rest = " ".join(words[1:])  # "Federal Bureau of Prisons" = "Bureau of Prisons"
        if len(words) > 3 and words[0] == "federal" and words[1] in GOVERNMENT_WORDS and words[2] == "of" and (
            rest in nodes and _is_body(nodes[rest])
        ):
            edges.append((key, rest, "federal"))
        for size in (1, 2):  # "Russian GRU" = "GRU", "Israeli Mossad" = "Mossad"
            head, rest = " ".join(words[:size]), " ".join(words[size:])
            target = nodes.get(rest) if rest else None
            if head in DEMONYMS and target is not None and (target.kind == "acronym" or (
                target.kind == "other" and " " not in rest and rest not in COMMON_WORDS
                and target.top.text[:1].isupper()
            )):
                edges.append((key, rest, "demonym"))
        for country, adjective in COUNTRY_ADJECTIVES.items():  # "South Korea Government" = "South Korean Government"
            if key.startswith(f"{country} ") and (target := f"{adjective}{key[len(country):]}") in nodes:
                if _is_body(nodes[target]):
                    edges.append((key, target, "country-adjective"))
        if len(words) > 2 and words[0] in ("house", "senate") and words[-1] in ("committee", "subcommittee"):
            chambers[" ".join(words[1:])].add(key)
    for rest, keys in sorted(chambers.items()):  # "January 6 Committee" = "House January 6th Committee"
        if len(keys) == 1 and rest in nodes and _is_body(nodes[rest]):
            edges.append((rest, next(iter(keys)), "chamber"))
    edges.extend((head, next(iter(keys)), "for-phrase") for head, keys in sorted(shortened.items()) if len(keys) == 1)
    return edges


def _named_after_edges(nodes: dict[str, _Node]) -> list[tuple[str, str, str]]:
    """'John M. Olin Foundation' = 'Olin Foundation', 'Lynde and Harry Bradley Foundation' = 'Bradley
    Foundation': a body named after a person, with and without the given names, when no other body
    shortens the same way and no two people share the surname ('Eric Trump Foundation' is not the
    'Trump Foundation')."""
    first_names: dict[str, set[str]] = defaultdict(set)
    for node in nodes.values():
        if node.kind == "person" and node.person is not None:
            first_names[node.person.last].add(node.person.first)
    shortened: dict[str, set[str]] = defaultdict(set)
    for node in sorted(nodes.values(), key=lambda n: n.key):
        if not _is_body(node):
            continue
        words = node.top.base.split()
        at = next((i for i, w in enumerate(words) if w.lower() in ORGANIZATION_WORDS), None)
        if at is None or at < 2:
            continue
        given = [w for w in words[: at - 1] if w != "and"]
        person = nodes.get(_key(" ".join(words[:at])))
        named = (  # shaped like a person's name only with an initial ("John M. Olin"), or as two people's
            _parse_person(" ".join(words[:at])) is not None and any(_INITIALS.fullmatch(w) for w in given[1:])
        ) or ("and" in words[: at - 1] and all(_is_name_word(w) for w in given)) or (
            person is not None and person.kind == "person" and person.strong
        )
        short = _key(" ".join(words[at - 1 :]))
        if named and short in nodes and short != node.key and len(first_names.get(_key(words[at - 1]), ())) < 2:
            shortened[short].add(node.key)
    return [(short, next(iter(keys)), "named-after") for short, keys in sorted(shortened.items())
            if len(keys) == 1 and _is_body(nodes[short])]


def _is_sub_unit(unit: str) -> bool:
    """'civil rights division', 'inspector general', 'office of legal counsel'."""
    words = unit.split()
    return len(words) >= 2 and words[0] not in CONNECTORS and (
        unit.endswith(SUB_UNIT_ENDINGS) or unit.startswith("office of ")
    )


def _sub_unit_edges(nodes: dict[str, _Node], uf: _UnionFind) -> list[tuple[str, str, str]]:
    """A body's unit named with its parent in front, whichever way the parent is written ("DOJ Civil
    Rights Division" = "Justice Department Civil Rights Division"; "Pentagon Inspector General" =
    "Department of Defense Inspector General"); and the unit alone ("Civil Rights Division") when
    every parent written before it is one actor, unless every body has one ("Inspector General")."""
    acronyms: dict[str, set[str]] = defaultdict(set)
    for node in nodes.values():
        if _is_body(node):
            for variant in node.variants:
                for acronym in variant.acronyms:
                    acronyms[acronym.replace(".", "").upper()].add(uf.find(node.key))

    def parent_of(prefix: str) -> str | None:
        """The parent's actor (its root key), or its department's key when not written alone."""
        key = _key(prefix)
        listed = {k for letters in _acronym_letters(prefix) for k in _listed(letters)}
        if key in PARENT_SHORT_NAMES or len(listed) == 1:
            key = PARENT_SHORT_NAMES.get(key) or next(iter(listed))
        elif key.endswith(" department") and len(key.split()) <= 3:
            key = f"department of {key[: -len(' department')]}"
        if key in nodes and _is_body(nodes[key]):
            return uf.find(key)
        if key.startswith("department of "):
            return key
        roots = {root for letters in _acronym_letters(prefix) for root in acronyms.get(letters, ())}
        return next(iter(roots)) if len(roots) == 1 else None

    units: dict[str, set[str]] = defaultdict(set)
    members: dict[tuple[str, str], list[str]] = defaultdict(list)
    for node in sorted(nodes.values(), key=lambda n: n.key):
        if not _is_body(node):
            continue
        found = set()
        for variant in node.variants:
            words = variant.base.split()
            for i in range(1, len(words)):
                unit = _rewrite_key(_key(" ".join(words[i:])))[0]
                if _is_sub_unit(unit) and (parent := parent_of(" ".join(words[:i]))) is not None:
                    found.add((parent, unit))
                    break
        for parent, unit in found:
            members[(parent, unit)].append(node.key)
            units[unit].add(parent)
    edges = []
    for (parent, unit), keys in sorted(members.items()):
        edges.extend((keys[0], key, "sub-unit") for key in keys[1:])
        if len(units[unit]) == 1 and unit in nodes and unit not in keys and unit not in GENERIC_SUB_UNITS and (
            nodes[unit].kind == "other"
        ):
            edges.append((unit, keys[0], "sub-unit"))
    return edges


_PERSON_INITIALS = re.compile(r"([A-Z]{3,4})(?:,?\s+(Jr|Sr|II|III|IV)\.?)?")


def _person_initials_edges(nodes: dict[str, _Node], uf: _UnionFind) -> list[tuple[str, str, str]]:
    """'RFK Jr.' = 'Robert F. Kennedy Jr.': capitals that are the initials of exactly one person's
    names (and the same suffix), when they are no organization's acronym."""
    people: dict[tuple[str, str], set[str]] = defaultdict(set)
    for node in nodes.values():
        if node.kind != "person" or node.person is None or not (node.strong or node.person.suffix or any(
            _INITIALS.fullmatch(t) for v in node.variants for t in v.base.split()[1:-1]
        )):
            continue  # only a name known to be a person's ("Homeland Security Investigations" is not)
        for variant in node.variants:
            tokens = re.split(r"[\s-]+", variant.base.replace(",", " "))
            if node.person.suffix:
                tokens = tokens[:-1]
            letters = "".join("".join(c for c in t if c.isalpha()) if _INITIALS.fullmatch(t) else t[:1] for t in tokens)
            people[(letters.upper(), node.person.suffix)].add(uf.find(node.key))
    sizes = Counter(uf.find(key) for key in nodes)
    edges = []
    for node in sorted(nodes.values(), key=lambda n: n.key):
        match = _PERSON_INITIALS.fullmatch(node.top.text)
        if not match or node.kind == "person" or sizes[uf.find(node.key)] > 1 or match.group(1) in GOVERNMENT_ACRONYMS:
            continue
        suffix = (match.group(2) or "").lower()
        roots = people.get((match.group(1), suffix), set())
        if len(roots) == 1:
            edges.append((node.key, next(iter(roots)), "initials"))
            node.kind = "initials"  # a person's, not an organization's
    return edges


def _apart(nodes: Mapping[str, _Node], co_listed: Set[frozenset[str]]) -> dict[str, set[str]]:
    """Key -> the keys listed with it in one event (so naming another actor)."""
    key_of = {v.text: node.key for node in nodes.values() for v in node.variants}
    apart: dict[str, set[str]] = defaultdict(set)
    for pair in co_listed:
        a, b = sorted(pair)
        if a in key_of and b in key_of and key_of[a] != key_of[b]:
            apart[key_of[a]].add(key_of[b])
            apart[key_of[b]].add(key_of[a])
    return apart


def _listed_together(a: str, b: str, uf: _UnionFind, members: Mapping[str, list[str]],
                     apart: Mapping[str, set[str]]) -> bool:
    """Whether any name of a's actor is listed with any name of b's actor in one event."""
    theirs = set(members[uf.find(b)])
    return any(apart.get(key, set()) & theirs for key in members[uf.find(a)])


def _suffix_edges(nodes: dict[str, _Node], uf: _UnionFind, apart: Mapping[str, set[str]],
                  checks: list[str]) -> list[tuple[str, str, str]]:
    """'Edwin Meese' = 'Edwin Meese III': the name without its suffix joins the one suffixed person
    with that given name and surname (middle initials may be left out), when no event lists the two
    together; a father and son are listed together ('Donald Trump' / 'Donald Trump Jr.'), and a name
    that two suffixed people share ('Charles Keating': Jr. and III) joins neither."""
    buckets: dict[tuple[str, str], list[_Node]] = defaultdict(list)
    for node in sorted(nodes.values(), key=lambda n: n.key):
        if node.kind == "person" and node.person is not None:
            buckets[(node.person.last, node.person.first)].append(node)
    members = uf.members()
    edges = []
    for bucket in buckets.values():
        suffixed = [n for n in bucket if n.person.suffix]  # type: ignore[union-attr]
        roots = sorted({uf.find(n.key) for n in suffixed})
        if not suffixed:
            continue
        middles = {n.person.middles for n in suffixed}  # type: ignore[union-attr]
        plain = [n for n in bucket
                 if not n.person.suffix and n.person.middles in middles | {()}]  # type: ignore[union-attr]
        if not plain:
            continue
        if len(roots) > 1:
            checks.append(f"'{plain[0].top.text}' could be " + " or ".join(
                repr(n.top.text) for n in suffixed) + "; not linked")
            continue
        plain_roots = {uf.find(n.key) for n in plain}
        if len(plain_roots) > 1 or _listed_together(plain[0].key, suffixed[0].key, uf, members, apart):
            continue
        edges.append((plain[0].key, suffixed[0].key, "suffix-dropped"))
    return edges


def _fold(name: str) -> str:
    """A spelling key for transliterations: 'Sergey' = 'Sergei', 'Zelenskyy' = 'Zelensky',
    'Michelle' = 'Michele', 'Tahnoun' = 'Tahnoon' (y as i, ou and oo as u, no doubled letters)."""
    text = name.replace(" ", "").replace("y", "i").replace("oo", "u").replace("ou", "u")
    return re.sub(r"(.)\1+", r"\1", text)


def _spelling_edges(nodes: dict[str, _Node], uf: _UnionFind, apart: Mapping[str, set[str]],
                    checks: list[str]) -> list[tuple[str, str, str]]:
    """'Sergei Lavrov' = 'Sergey Lavrov', 'Tricia McGlaughlin' = 'Tricia McLaughlin': two people's
    names with as many words, the same suffix and middle initials (or none on one side), given names
    equal but for transliteration (_fold), surnames too or at most a letter apart (rapidfuzz ratio
    >= SPELLING_SURNAME_RATIO), never listed together in one event, and each with only one such
    match. 'Carlo' / 'Carlos', 'Robert' / 'Roberta', 'Comey' / 'Comer', 'Harris' / 'Harrison' differ."""
    people = [n for n in sorted(nodes.values(), key=lambda n: n.key) if n.kind == "person" and n.person is not None]
    by_first: dict[str, list[_Node]] = defaultdict(list)
    for node in people:
        by_first[_fold(node.person.first)].append(node)  # type: ignore[union-attr]
    found: dict[str, set[str]] = defaultdict(set)
    pairs = []
    members = uf.members()
    for bucket in by_first.values():
        for i, a in enumerate(bucket):
            for b in bucket[i + 1 :]:
                pa, pb = a.person, b.person
                assert pa is not None and pb is not None
                if uf.find(a.key) == uf.find(b.key) or pa.suffix != pb.suffix:
                    continue
                if len(a.top.base.split()) != len(b.top.base.split()) or (
                    pa.middles and pb.middles and pa.middles != pb.middles
                ):
                    continue
                if pa.last[:1] != pb.last[:1] or not (
                    _fold(pa.last) == _fold(pb.last) or fuzz.ratio(pa.last, pb.last) >= SPELLING_SURNAME_RATIO
                ):
                    continue
                if (pa.first, pa.last) == (pb.first, pb.last) or _listed_together(a.key, b.key, uf, members, apart):
                    continue
                pairs.append((a.key, b.key))
                found[a.key].add(uf.find(b.key))
                found[b.key].add(uf.find(a.key))
    edges = []
    for a, b in pairs:
        if len(found[a]) > 1 or len(found[b]) > 1:
            checks.append(f"'{nodes[a].top.text}' / '{nodes[b].top.text}': a spelling variant of several "
                          "names; not linked")
            continue
        edges.append((a, b, "spelling"))
    return edges


def _make_group(members: list[_Node], adjacency: Mapping[str, list[tuple[str, str]]]) -> ActorGroup:
    """One actor from linked keys: canonical name, folded variants with their rules, acronyms, type."""
    variants = sorted((v for n in members for v in n.variants), key=lambda v: (-v.uses, v.text))
    plain = [v for v in variants if not v.decorated]
    best = min(plain or variants, key=lambda v: (-v.uses, -len(v.text), v.text))
    canonical = best.text if plain else _display(best.base)
    paths = _paths(best.key, adjacency)
    folded = [FoldedVariant(text=v.text, uses=v.uses, rule="canonical") for v in variants if v.text == canonical]
    for variant in variants:
        if variant.text == canonical:
            continue
        own = [s for s in best.steps if s not in variant.steps] if variant.key == best.key else []
        rules = [*paths.get(variant.key, []), *variant.steps, *own]
        rule = "+".join(dict.fromkeys(r for part in rules for r in part.split("+"))) or "same-key"
        folded.append(FoldedVariant(text=variant.text, uses=variant.uses, rule=rule))
    acronyms: dict[str, int] = {}
    for variant in variants:
        for acronym in variant.acronyms:
            acronyms[acronym] = acronyms.get(acronym, 0) + variant.uses
    by_letters: dict[str, str] = {}
    for acronym in sorted(acronyms, key=lambda a: (-acronyms[a], a)):
        by_letters.setdefault(acronym.replace(".", "").upper(), acronym)
    return ActorGroup(
        canonical=canonical,
        type=_group_type(members, canonical, variants),
        uses=sum(v.uses for v in variants),
        variants=folded,
        acronyms=list(by_letters.values()),
        names=list(dict.fromkeys(v.base for v in variants if "acronym" in v.steps and v.base != canonical)),
        hold=next((n.hold for n in members if n.hold), None),
    )


def _paths(start: str, adjacency: Mapping[str, list[tuple[str, str]]]) -> dict[str, list[str]]:
    """The rules along the shortest link path from the canonical's key to every other key."""
    paths: dict[str, list[str]] = {start: []}
    queue = deque([start])
    while queue:
        key = queue.popleft()
        for other, rule in sorted(adjacency.get(key, [])):
            if other not in paths:
                paths[other] = [*paths[key], rule]
                queue.append(other)
    return paths


def _display(base: str) -> str:
    """A name for a group written only in lower case: 'tether' -> 'Tether', 'sba' -> 'SBA'."""
    if any(ch.isupper() for ch in base):
        return base
    words = base.split()
    if len(words) == 1 and 2 <= len(base) <= 4:
        return base.upper()
    special = {"llc": "LLC", "pac": "PAC", "inc": "Inc.", "us": "US", "va": "VA"}
    return " ".join(
        special.get(w, w if i and w in CONNECTORS else w[:1].upper() + w[1:]) for i, w in enumerate(words)
    )


def _group_type(members: list[_Node], canonical: str, variants: list[_Variant]) -> ActorType:
    if any(n.kind == "surname" or (n.kind == "person" and n.strong) for n in members):
        return "person"
    names = [v.base for v in variants if not v.is_acronym]
    name = canonical if not _is_acronym(canonical) or not names else max(names, key=lambda b: (len(b.split()), b))
    guessed = guess_type(name)
    if guessed == "person" and any(n.org or n.kind not in ("person", "initials") for n in members):
        return "organization"
    if guessed == "organization" and not any(n.org for n in members) and any(
        # "Civil Rights Division" after "DOJ Civil Rights Division", "Mossad" after "Israeli Intelligence (Mossad)"
        guess_type(v.text if "parenthetical-name" in v.steps else v.base) == "government" for v in variants
    ):
        return "government"
    return guessed


def guess_type(name: str) -> ActorType:
    """A simple guess at an actor's type from its name (rules in the module docstring)."""
    text = " ".join(name.split())
    key = _key(text)
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
    if _LEGAL_FORM.fullmatch(text) or set(words) & STRONG_ORGANIZATION_WORDS or (
        words[-1] == "committee" and {"republican", "democratic"} & set(words)
    ) or key.startswith(("committee to ", "committee for ")):
        return "organization"
    if set(words) & GOVERNMENT_WORDS or any(phrase in f"{key} " for phrase in GOVERNMENT_PHRASES):
        return "government"
    stripped = _title_core(text, set()) or text
    if _parse_person(stripped) is not None:
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
                1 <= len(head) <= 3 and words[-1] != "washington"  # also a surname
                and not set(head) & CONNECTORS
                and not set(head) & (NON_NAME_WORDS - {"county"}) and head[0] not in COUNTRIES
            )
    return False


# ------------------------------------------------------------------------------ registry merge


def merge_into_registry(registry: Sequence[Actor], grouping: Grouping) -> ImportResult:
    """Merge groups into a registry: every existing actor and field is kept; a group that matches
    an actor (a name or alias with the key of one of its variants) adds its new aliases and
    acronyms to it; any other group becomes a new actor. Idempotent and deterministic.

    A name or acronym that already belongs to another actor is not added a second time (the
    resolver drops names two actors share): it is listed in `checks` instead.

    registry (Sequence[Actor]): the current registry, in its order.
    grouping (Grouping): what group_actor_strings returned.
    RETURNS (ImportResult): the merged actors (existing first, in their order; new ones after,
        most used first), the merges to confirm, the strings left out and the doubts to check.
    """
    actors = [a.model_dump() for a in registry]
    owner: dict[str, int] = {}
    acronym_owner: dict[str, int] = {}
    for i, actor in enumerate(actors):
        _own(owner, acronym_owner, i, actor)
    checks = list(grouping.checks)
    merges: list[Merge] = []
    uses: Counter[int] = Counter()
    updated: set[int] = set()
    aliases_added = acronyms_added = 0
    def holder_of(name: str) -> int | None:
        """Who already answers to this name: as a name or alias, or (for an acronym) as an acronym."""
        found = owner.get(normalize_name(name))
        if found is None and _is_acronym(name):
            found = acronym_owner.get(name.replace(".", ""))
        return found

    skipped = list(grouping.skipped)
    for group in grouping.groups:
        target = _match_actor(group, owner)
        if target is None and group.hold:
            skipped.extend(Skipped(text=v.text, uses=v.uses, reason=group.hold) for v in group.variants)
            continue
        if target is None:
            # the canonical name, else the first other name nobody answers to yet ("NRA" is taken)
            names = [group.canonical, *(v.text for v in group.variants if not _is_acronym(v.text)
                                        and any(ch.isupper() for ch in v.text))]
            free = [n for n in names if holder_of(n) is None]
            if not free:
                checks.append(f"'{group.canonical}' ({group.uses} uses): every name of it belongs to another "
                              "actor already; not imported")
                continue
            actors.append({"name": free[0], "type": group.type, "aliases": [], "acronyms": [],
                           "wikidata": None, "notes": None})
            target = len(actors) - 1
            _own(owner, acronym_owner, target, actors[target])
        existing = target < len(registry)
        actor = actors[target]
        uses[target] += group.uses
        acronym_texts = {a.replace(".", "") for a in group.acronyms}
        names = [v.text for v in group.variants if v.text.replace(".", "") not in acronym_texts or " " in v.text]
        for name in dict.fromkeys([*names, *group.names]):
            holder = holder_of(name)
            if holder is None:
                actor["aliases"].append(name)
                owner[normalize_name(name)] = target
                aliases_added += 1
                updated.add(target)
            elif holder != target:
                checks.append(f"'{name}' (of {group.canonical}) is already a name of "
                              f"'{actors[holder]['name']}'; left there")
        for acronym in group.acronyms:
            holder = acronym_owner.get(acronym.replace(".", ""))
            if holder is None:
                actor["acronyms"].append(acronym)
                acronym_owner[acronym.replace(".", "")] = target
                acronyms_added += 1
                updated.add(target)
            elif holder != target:
                checks.append(f"acronym '{acronym}' (of {group.canonical}) already belongs to "
                              f"'{actors[holder]['name']}'; not added")
        folded = [
            v if v.rule != "canonical" else v.model_copy(update={"rule": "registry"})
            for v in group.variants
            if v.text != actor["name"] and (v.rule != "canonical" or existing)
        ]
        if folded and (len(group.variants) > 1 or actor["name"] != group.canonical):
            merges.append(Merge(canonical=group.canonical, actor=actor["name"], existing=existing,
                                type=actor["type"], uses=group.uses, variants=folded))
    order = list(range(len(registry))) + sorted(range(len(registry), len(actors)),
                                                key=lambda i: (-uses[i], actors[i]["name"]))
    result_actors = [Actor.model_validate(actors[i]) for i in order]
    stats = ImportStats(
        strings=sum(len(g.variants) for g in grouping.groups) + len(grouping.skipped),
        uses=sum(g.uses for g in grouping.groups) + sum(s.uses for s in grouping.skipped),
        groups=len(grouping.groups), actors_before=len(registry), actors_after=len(actors),
        actors_added=len(actors) - len(registry), actors_updated=len(updated & set(range(len(registry)))),
        aliases_added=aliases_added, acronyms_added=acronyms_added, merges=len(merges),
        skipped=len(skipped),
    )
    skipped.sort(key=lambda s: (s.reason, -s.uses, s.text))
    return ImportResult(actors=result_actors, merges=merges, skipped=skipped, checks=sorted(set(checks)),
                        stats=stats)


def _own(owner: dict[str, int], acronym_owner: dict[str, int], i: int, actor: dict) -> None:
    for name in [actor["name"], *actor["aliases"]]:
        owner.setdefault(normalize_name(name), i)
    for acronym in actor["acronyms"]:
        acronym_owner.setdefault(acronym.replace(".", ""), i)


def _match_actor(group: ActorGroup, owner: Mapping[str, int]) -> int | None:
    """The registry actor a group belongs to: the one owning the canonical name's key, else the one
    owning the most used of its variants' keys (acronyms alone never match: they are ambiguous)."""
    canonical = owner.get(normalize_name(group.canonical))
    if canonical is not None:
        return canonical
    votes: Counter[int] = Counter()
    for variant in group.variants:
        if _is_acronym(variant.text):
            continue
        holder = owner.get(normalize_name(variant.text))
        if holder is not None:
            votes[holder] += variant.uses
    if not votes:
        return None
    return min(votes, key=lambda i: (-votes[i], i))


def import_actors(events: Iterable[TimelineEvent], registry: Sequence[Actor]) -> ImportResult:
    """The whole import over parsed events: count, group (with the events' co-listed strings as
    evidence), merge."""
    events = list(events)
    grouping = group_actor_strings(count_actor_strings(events), co_listed_strings(events))
    result = merge_into_registry(registry, grouping)
    return result.model_copy(update={"stats": result.stats.model_copy(update={"events": len(events)})})


# ------------------------------------------------------------------------------------ writing




def render_merges(result: ImportResult, *, source: str = "events") -> str:
    """The merges as a markdown review list: one entry per actor, every folded variant with its uses
    and rule; then the doubts to check by hand and the strings left out."""
    s = result.stats
    lines = [
        "# Actor registry import: merges to confirm",
        "",
        f"Source: {source}: {s.events:,} events, {s.strings:,} distinct actor strings ({s.uses:,} uses), "
        f"{s.groups:,} actors after grouping.",
        f"Registry: {s.actors_before:,} actors before, {s.actors_after:,} after ({s.actors_added:,} new, "
        f"{s.actors_updated:,} already there given new names); {s.aliases_added:,} aliases and "
        f"{s.acronyms_added:,} acronyms added.",
        "",
        "Each entry is one actor: its canonical name, then every variant folded into it with its",
        "uses and the rule that folded it (rules: `pipeline/registry_import.py`). Strike out a wrong",
        "variant and move it in `models/actors.yaml` by hand.",
        "",
        f"## Merges ({len(result.merges):,})",
        "",
    ]
    for merge in sorted(result.merges, key=lambda m: (-m.uses, m.canonical)):
        where = f"into existing actor '{merge.actor}'" if merge.existing else "new actor"
        lines.append(f"### {merge.canonical} ({merge.type}, {merge.uses:,} uses; {where})")
        lines.append("")
        lines.extend(f"- [ ] `{v.text}`: {v.uses} uses, {v.rule}" for v in merge.variants)
        lines.append("")
    lines += [f"## To check by hand ({len(result.checks):,})", ""]
    lines.extend(f"- {check}" for check in result.checks)
    lines += ["", f"## Not imported ({len(result.skipped):,})", ""]
    lines.extend(f"- `{s.text}` ({s.uses} uses): {s.reason}" for s in result.skipped)
    return "\n".join(lines) + "\n"




def write_merges(path: Path, result: ImportResult, *, source: str = "events") -> None:
    """Write the markdown review list atomically."""
    atomic_write(path, render_merges(result, source=source).encode("utf-8"))
