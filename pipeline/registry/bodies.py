"""The link rules between a government body's or an organization's names: short names, a leading
"Federal" or demonym, a country's adjective, a committee's chamber, a unit's parent, a body named
after a person, the words before "for".

A body never joins a person (a person is not a body by evidence: "Trump Organization" never joins
"Donald Trump"), never joins its units ("DOJ" / "DOJ Inspector General") nor the body it is part of,
and a short name joins only when exactly one longer name shortens to it.
"""

from __future__ import annotations

from collections import defaultdict

from .graph import Edge, LinkContext, Node, is_body
from .keys import name_key, rewrite_key
from .letters import acronym_letters, listed_expansions
from .person_names import INITIAL_TOKEN, is_name_word, parse_person
from .tables import (
    COMMON_WORDS,
    CONNECTORS,
    COUNTRY_ADJECTIVES,
    DEMONYMS,
    DEPARTMENT_SHORT_NAMES,
    GENERIC_SUB_UNITS,
    GOVERNMENT_WORDS,
    ORGANIZATION_WORDS,
    PARENT_SHORT_NAMES,
    SUB_UNIT_ENDINGS,
)

_CHAMBERS = ("house", "senate")
_COMMITTEES = ("committee", "subcommittee")
# A demonym may be followed by a one- or two-word name ("Israeli Mossad", "Russian GRU").
_DEMONYM_NAME_WORDS = (1, 2)


def _sorted_nodes(ctx: LinkContext) -> list[Node]:
    return sorted(ctx.nodes.values(), key=lambda n: n.key)


def department_name(ctx: LinkContext) -> list[Edge]:
    """department-name: "U.S. Treasury" = "Department of the Treasury", "Homeland Security" =
    "Department of Homeland Security" (tables.DEPARTMENT_SHORT_NAMES), even when the short name is
    shaped like a person's, unless it is a person by evidence."""
    edges = []
    for node in _sorted_nodes(ctx):
        target = DEPARTMENT_SHORT_NAMES.get(node.key)
        if target is not None and target in ctx.nodes and not node.strong and is_body(ctx.nodes[target]):
            edges.append((node.key, target, "department-name"))
    return edges


def for_phrase(ctx: LinkContext) -> list[Edge]:
    """for-phrase: "Brennan Center for Justice" = "Brennan Center": the words before "for", two at
    least and the first not a common word, when only one name shortens that way ("Lawyers Committee"
    joins neither "Lawyers Committee for Civil Rights" nor "... for Justice")."""
    shortened: dict[str, set[str]] = defaultdict(set)
    for node in _sorted_nodes(ctx):
        if not is_body(node):
            continue
        key, words = node.key, node.key.split()
        head = key.split(" for ")[0]
        if head != key and len(head.split()) >= 2 and words[0] not in COMMON_WORDS and head in ctx.nodes and (
            is_body(ctx.nodes[head]) or not ctx.nodes[head].strong
        ):
            shortened[head].add(key)
    return [(head, next(iter(keys)), "for-phrase") for head, keys in sorted(shortened.items()) if len(keys) == 1]


def federal_prefix(ctx: LinkContext) -> list[Edge]:
    """federal: "Federal Bureau of Prisons" = "Bureau of Prisons": a leading "Federal" before
    "<Bureau|Department|...> of" ("Federal Bureau of Investigation" stays apart from it)."""
    edges = []
    for node in _sorted_nodes(ctx):
        words = node.key.split()
        rest = " ".join(words[1:])
        if is_body(node) and len(words) > 3 and words[0] == "federal" and words[1] in GOVERNMENT_WORDS and (
            words[2] == "of" and rest in ctx.nodes and is_body(ctx.nodes[rest])
        ):
            edges.append((node.key, rest, "federal"))
    return edges


def demonym(ctx: LinkContext) -> list[Edge]:
    """demonym: "Russian GRU" = "GRU", "Soviet KGB" = "KGB", "Israeli Mossad" = "Mossad": a demonym
    before an acronym or a one-word name that is not a common word ("Russian Military" is not
    "Military", "American Airlines" is not "Airlines")."""
    edges = []
    for node in _sorted_nodes(ctx):
        if not is_body(node):
            continue
        words = node.key.split()
        for size in _DEMONYM_NAME_WORDS:
            head, rest = " ".join(words[:size]), " ".join(words[size:])
            target = ctx.nodes.get(rest) if rest else None
            if head in DEMONYMS and target is not None and (target.kind == "acronym" or (
                target.kind == "other" and " " not in rest and rest not in COMMON_WORDS
                and target.top.text[:1].isupper()
            )):
                edges.append((node.key, rest, "demonym"))
    return edges


def country_adjective(ctx: LinkContext) -> list[Edge]:
    """country-adjective: "South Korea Government" = "South Korean Government", "Government of
    Vietnam" = "Vietnamese Government" (tables.COUNTRY_ADJECTIVES; after word-order)."""
    edges = []
    for node in _sorted_nodes(ctx):
        if not is_body(node):
            continue
        for country, adjective in COUNTRY_ADJECTIVES.items():
            if node.key.startswith(f"{country} ") and (target := f"{adjective}{node.key[len(country):]}") in ctx.nodes:
                if is_body(ctx.nodes[target]):
                    edges.append((node.key, target, "country-adjective"))
    return edges


def chamber(ctx: LinkContext) -> list[Edge]:
    """chamber: "Ways and Means Committee" = "House Ways and Means Committee": a committee without its
    chamber, when only one chamber's committee has that name ("Judiciary Committee" joins neither
    the House's nor the Senate's)."""
    chambers: dict[str, set[str]] = defaultdict(set)
    for node in _sorted_nodes(ctx):
        words = node.key.split()
        if is_body(node) and len(words) > 2 and words[0] in _CHAMBERS and words[-1] in _COMMITTEES:
            chambers[" ".join(words[1:])].add(node.key)
    return [(rest, next(iter(keys)), "chamber") for rest, keys in sorted(chambers.items())
            if len(keys) == 1 and rest in ctx.nodes and is_body(ctx.nodes[rest])]


def named_after(ctx: LinkContext) -> list[Edge]:
    """named-after: "John M. Olin Foundation" = "Olin Foundation", "Lynde and Harry Bradley
    Foundation" = "Bradley Foundation": a body named after a person (a name with an initial, two
    given names, or a person by evidence) and its surname alone, when no other body shortens that
    way and no two people share the surname ("Eric Trump Foundation" is not the "Trump Foundation")."""
    nodes = ctx.nodes
    first_names: dict[str, set[str]] = defaultdict(set)
    for node in nodes.values():
        if node.kind == "person" and node.person is not None:
            first_names[node.person.last].add(node.person.first)
    shortened: dict[str, set[str]] = defaultdict(set)
    for node in _sorted_nodes(ctx):
        if not is_body(node):
            continue
        words = node.top.base.split()
        at = next((i for i, w in enumerate(words) if w.lower() in ORGANIZATION_WORDS), None)
        if at is None or at < 2:
            continue
        given = [w for w in words[: at - 1] if w != "and"]
        person = nodes.get(name_key(" ".join(words[:at])))
        named = (  # shaped like a person's name only with an initial ("John M. Olin"), or as two people's
            parse_person(" ".join(words[:at])) is not None and any(INITIAL_TOKEN.fullmatch(w) for w in given[1:])
        ) or ("and" in words[: at - 1] and all(is_name_word(w) for w in given)) or (
            person is not None and person.kind == "person" and person.strong
        )
        short = name_key(" ".join(words[at - 1 :]))
        if named and short in nodes and short != node.key and len(first_names.get(name_key(words[at - 1]), ())) < 2:
            shortened[short].add(node.key)
    return [(short, next(iter(keys)), "named-after") for short, keys in sorted(shortened.items())
            if len(keys) == 1 and is_body(nodes[short])]


def _is_sub_unit(unit: str) -> bool:
    """'civil rights division', 'inspector general', 'office of legal counsel'."""
    words = unit.split()
    return len(words) >= 2 and words[0] not in CONNECTORS and (
        unit.endswith(SUB_UNIT_ENDINGS) or unit.startswith("office of ")
    )


def sub_unit(ctx: LinkContext) -> list[Edge]:
    """sub-unit: a unit named with its parent in front, however the parent is written: "DOJ Civil
    Rights Division" = "Justice Department Civil Rights Division", "Pentagon Inspector General" =
    "DOD Inspector General" (tables.PARENT_SHORT_NAMES, the acronyms and the actors the first phase
    joined); and the unit alone ("Civil Rights Division") when only one parent is ever written
    before it and it is not a unit every body has ("Inspector General": tables.GENERIC_SUB_UNITS).
    A unit never joins its parent ("DOJ" / "DOJ Inspector General")."""
    nodes = ctx.nodes
    acronyms: dict[str, set[str]] = defaultdict(set)
    for node in nodes.values():
        if is_body(node):
            for variant in node.variants:
                for acronym in variant.acronyms:
                    acronyms[acronym.replace(".", "").upper()].add(ctx.actors.find(node.key))

    def parent_of(prefix: str) -> str | None:
        """The parent's actor (its root key), or its department's key when not written alone."""
        key = name_key(prefix)
        listed = {k for letters in acronym_letters(prefix) for k in listed_expansions(letters)}
        if key in PARENT_SHORT_NAMES or len(listed) == 1:
            key = PARENT_SHORT_NAMES.get(key) or next(iter(listed))
        elif key.endswith(" department") and len(key.split()) <= 3:
            key = f"department of {key[: -len(' department')]}"
        if key in nodes and is_body(nodes[key]):
            return ctx.actors.find(key)
        if key.startswith("department of "):
            return key
        roots = {root for letters in acronym_letters(prefix) for root in acronyms.get(letters, ())}
        return next(iter(roots)) if len(roots) == 1 else None

    units: dict[str, set[str]] = defaultdict(set)
    members: dict[tuple[str, str], list[str]] = defaultdict(list)
    for node in _sorted_nodes(ctx):
        if not is_body(node):
            continue
        found = set()
        for variant in node.variants:
            words = variant.base.split()
            for i in range(1, len(words)):
                unit = rewrite_key(name_key(" ".join(words[i:])))[0]
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
