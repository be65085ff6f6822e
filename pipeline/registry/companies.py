"""The link rules between a company's names: a legal form, a word companies add, a partnership's
first names, spacing, a trailing "Bank" or "US", a word saying what the name is.

Companies are often named after people and places, so these rules never join a person known to be
one (by a title or a nickname), a surname, a place or a group: "Trump Organization" never joins
"Donald Trump", "Beal Bank" never joins "Beal", "Georgia Bank" never joins "Georgia". A name only
shaped like a person's ("Paul Weiss") may still be a firm's.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict

from .actor_types import guess_type
from .graph import Edge, LinkContext, Node
from .keys import name_key
from .tables import (
    COMMON_WORDS,
    COMPANY_WORDS,
    DEMONYMS,
    GENERIC_COMPANY_WORDS,
    GOVERNMENT_WORDS,
    GROUP_NOUNS,
    ORGANIZATION_WORDS,
    PLACES,
    STRONG_ORGANIZATION_WORDS,
)

_TICKET_ADMINISTRATION = re.compile(r"([A-Z][a-z]+)-[A-Z][a-z]+\s+[Aa]dministration")
_US_SUFFIX = re.compile(r"(\S.*?)\s+(?:US|U\.S\.?)")
# A company word after a legal form may follow a longer name: "Whole Foods Market Inc." (4 words).
_MAX_WORDS_BEFORE_LEGAL_FORM = 4


def _sorted_nodes(ctx: LinkContext) -> list[Node]:
    return sorted(ctx.nodes.values(), key=lambda n: n.key)


def _open_to(node: Node) -> bool:
    """A key a company's name may join: a body's, or one only shaped like a person's name."""
    return node.kind in ("other", "acronym") or (node.kind == "person" and not node.strong)


def _without_company_word(nodes: dict[str, Node], key: str, legal: bool = False) -> str | None:
    """'palantir technologies' -> 'palantir', when that one word names an organization; after a
    legal form, also a longer name ('Whole Foods Market Inc.' -> 'whole foods')."""
    words = key.split()
    if not 2 <= len(words) <= (_MAX_WORDS_BEFORE_LEGAL_FORM if legal else 2) or words[-1] not in COMPANY_WORDS:
        return None
    target = nodes.get(" ".join(words[:-1]))
    if target is None or not (target.kind in ("other", "acronym") or (legal and _open_to(target))):
        return None
    if legal and len(words) > 2:  # the legal form shows a company, even one shaped like a person's name
        kept = target.kind != "acronym" and guess_type(target.top.base) in ("organization", "person")
        return target.key if kept else None
    return target.key if guess_type(target.top.base) == "organization" else None  # not a place, group or body


def legal_form(ctx: LinkContext) -> list[Edge]:
    """legal-form: "Boeing Corporation" = "Boeing", "Wells Fargo & Co." = "Wells Fargo", "Cytrox AD" =
    "Cytrox", "Paul Weiss Law Firm" = "Paul Weiss"; "X Corp." = "X Corporation" without a bare "X";
    with company-word after it, "Coinbase Global Inc." = "Coinbase", "Whole Foods Market Inc." =
    "Whole Foods". A legal form shows a company, so the name without it joins even when shaped like
    a person's name, never an acronym."""
    nodes, edges = ctx.nodes, []
    siblings: dict[str, list[str]] = defaultdict(list)  # "X Corp." and "X Corporation" without a bare "X"
    for node in _sorted_nodes(ctx):
        for variant in node.variants:
            if variant.legal_base is None:
                continue
            base = name_key(variant.legal_base)
            target = nodes.get(base)
            if target is not None and target.key != node.key and _open_to(target) and target.kind != "acronym":
                edges.append((node.key, target.key, "legal-form"))
            elif target is None and (short := _without_company_word(nodes, base, legal=True)) is not None:
                edges.append((node.key, short, "legal-form+company-word"))  # "Coinbase Global Inc."
            elif target is None and node.key not in siblings[base]:
                siblings[base].append(node.key)
    for keys in siblings.values():
        edges.extend((keys[0], other, "legal-form") for other in keys[1:])
    return edges


def company_word(ctx: LinkContext) -> list[Edge]:
    """company-word: "Palantir Technologies" = "Palantir": one word plus a word companies add to their
    name (tables.COMPANY_WORDS), when the one word alone names an organization, not a surname, a
    place or a group ("Amazon Web Services" is another company than "Amazon")."""
    return [(node.key, short, "company-word") for node in _sorted_nodes(ctx)
            if _open_to(node) and (short := _without_company_word(ctx.nodes, node.key)) is not None]


def firm_name(ctx: LinkContext) -> list[Edge]:
    """firm-name: "Preston Gates & Ellis" = "Preston Gates", "Skadden, Arps, Slate, Meagher & Flom LLP"
    = "Skadden": a partnership by its first names (two words at least before "&", or the first of a
    list of three or more: "Johnson & Johnson" never joins "Johnson")."""
    edges = []
    for node in _sorted_nodes(ctx):
        text = node.top.legal_base or node.top.base
        if text.count(",") >= 2:  # a list of three names or more
            first = text.split(",")[0].strip()
        elif " & " in text and "," not in text and len(text.split(" & ")[0].split()) >= 2:
            first = text.split(" & ")[0].strip()
        else:
            continue
        if node.kind == "person" or guess_type(text) == "place":
            continue
        target = ctx.nodes.get(name_key(first))
        if target is not None and target.key != node.key and _open_to(target) and target.kind != "acronym":
            edges.append((node.key, target.key, "firm-name"))
    return edges


def spacing(ctx: LinkContext) -> list[Edge]:
    """spacing: "ExxonMobil" = "Exxon Mobil": one name with or without its spaces (never a person
    known as one, nor an acronym)."""
    compact: dict[str, list[str]] = defaultdict(list)
    for node in _sorted_nodes(ctx):
        if _open_to(node) and node.kind != "acronym":
            compact[node.key.replace(" ", "")].append(node.key)
    return [(keys[0], other, "spacing") for keys in compact.values() for other in keys[1:]]


def _name_counts(ctx: LinkContext) -> tuple[Counter[str], Counter[str]]:
    """How many people have each surname, and each given name."""
    people = [n.person for n in ctx.nodes.values() if n.kind == "person" and n.person is not None]
    return Counter(p.last for p in people), Counter(p.first for p in people)


def _company_like(node: Node, surnames: Counter[str], given: Counter[str]) -> bool:
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


def bank(ctx: LinkContext) -> list[Edge]:
    """bank: "Standard Chartered Bank" = "Standard Chartered", "VEB Bank" = "VEB": a company and its
    name plus "Bank", when the name is no place, demonym, surname or person's name shared with
    another ("Georgia Bank" / "Georgia", "Swiss National Bank" / "Swiss National", "Beal Bank" /
    "Beal" stay apart)."""
    surnames, given = _name_counts(ctx)
    edges = []
    for node in _sorted_nodes(ctx):
        words = node.key.split()
        if len(words) >= 2 and words[-1] == "bank" and node.kind != "person":
            target = ctx.nodes.get(" ".join(words[:-1]))
            if (target is not None and _company_like(target, surnames, given)
                    and not (set(words[:-1]) & (PLACES | DEMONYMS))):
                edges.append((node.key, target.key, "bank"))
    return edges


def savings_and_loan(ctx: LinkContext) -> list[Edge]:
    """savings-and-loan: "Lincoln Savings and Loan Association" = "Lincoln Savings and Loan" (the
    association is the thrift's legal name; "Lincoln Savings Bank" is another)."""
    edges = []
    for node in _sorted_nodes(ctx):
        words = node.key.split()
        if len(words) >= 4 and words[-3:] == ["savings", "loan", "association"]:
            target = ctx.nodes.get(" ".join(words[:-1]))
            if target is not None:
                edges.append((node.key, target.key, "savings-and-loan"))
    return edges


def ticket_administration(ctx: LinkContext) -> list[Edge]:
    """ticket-administration: "Biden-Harris administration" = "Biden Administration": a ticket's
    administration is its first name's (never "Harris Administration")."""
    edges = []
    for node in _sorted_nodes(ctx):
        for variant in node.variants:
            if (m := _TICKET_ADMINISTRATION.fullmatch(variant.base)) is not None:
                target = ctx.nodes.get(name_key(f"{m.group(1)} Administration"))
                if target is not None and target.key != node.key:
                    edges.append((node.key, target.key, "ticket-administration"))
                break
    return edges


def descriptor(ctx: LinkContext) -> list[Edge]:
    """descriptor: "Guccifer 2.0 persona" = "Guccifer 2.0", "Russian GRU intelligence" = "Russian
    GRU": a name and one lower-case singular word saying what it is (a government word only after
    a government body), never after a person, a surname or a place, nor a word that makes another
    actor: "Trump administration" is not "Trump", "Acme officials" and "Acme government" are not
    "Acme"."""
    edges = []
    for node in _sorted_nodes(ctx):
        for variant in node.variants:
            head, _, tail = variant.base.rpartition(" ")
            if not head or not tail.isalpha() or not tail.islower() or tail.endswith("s") or not head[:1].isupper():
                continue
            target = ctx.nodes.get(name_key(head))
            if (target is None or target.key == node.key or target.kind in ("person", "surname")
                    or target.key in PLACES or target.key in DEMONYMS or tail in GROUP_NOUNS
                    or tail in ORGANIZATION_WORDS or tail in STRONG_ORGANIZATION_WORDS):
                continue
            if tail in GOVERNMENT_WORDS and guess_type(target.top.base) != "government":
                continue
            edges.append((node.key, target.key, "descriptor"))
            break
    return edges


def generic_words(ctx: LinkContext) -> list[Edge]:
    """generic-words: "Sinclair Broadcasting" = "Sinclair Broadcast Group", "Elliott Investment
    Management" = "Elliott Management": one distinctive first word (no common word, place or
    surname), the rest words that only say what kind of company it is
    (tables.GENERIC_COMPANY_WORDS), and no other body with that first word ("Apex Capital" / "Apex
    Partners" stay apart beside an "Apex Oil"; "Trump Media" is named after a person)."""
    surnames, _ = _name_counts(ctx)
    by_first: dict[str, list[Node]] = defaultdict(list)
    for node in _sorted_nodes(ctx):
        words = node.key.split()
        if len(words) >= 2 and node.kind != "surname" and not (node.kind == "person" and node.strong):
            by_first[words[0]].append(node)
    edges = []
    for first, named in sorted(by_first.items()):
        if first in COMMON_WORDS or first in DEMONYMS or first in PLACES or first in surnames or first in ctx.nodes:
            continue
        generic = [n for n in named if set(n.key.split()[1:]) <= GENERIC_COMPANY_WORDS and n.kind != "acronym"]
        if len(generic) >= 2 and len(generic) == len([n for n in named if n.kind != "person"]):
            edges.extend((generic[0].key, other.key, "generic-words") for other in generic[1:])
    return edges


def country_suffix(ctx: LinkContext) -> list[Edge]:
    """country-suffix: "T-Mobile US" = "T-Mobile": a company and its name plus a trailing "US", when no
    event lists the two together (a parent and its American arm are: "Acme Oil" / "Acme Oil US");
    "Binance.US" is not "Binance"."""
    edges = []
    for node in _sorted_nodes(ctx):
        if node.kind in ("person", "surname"):
            continue
        for variant in node.variants:
            if (m := _US_SUFFIX.fullmatch(variant.base)) is None:
                continue
            target = ctx.nodes.get(name_key(m.group(1)))
            if (target is None or target.key == node.key or target.kind in ("person", "surname")
                    or guess_type(target.top.base) != "organization"
                    or ctx.listed_together(node.key, target.key)):
                continue
            edges.append((node.key, target.key, "country-suffix"))
            break
    return edges
