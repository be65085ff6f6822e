"""The acronym link rules: an acronym and the name it stands for are one actor.

An acronym stands for a name when it was declared beside it ("American Legislative Exchange Council
(ALEC)"), when tables.GOVERNMENT_ACRONYMS lists it, or when its letters are the initials of exactly
one name. An acronym that fits two names links to neither, and the doubt is reported: "NRA" is the
National Rifle Association and the National Restaurant Association alike.
"""

from __future__ import annotations

from collections import defaultdict

from .actor_types import guess_type
from .graph import Edge, LinkContext, Node
from .keys import name_key, rewrite_key
from .letters import acronym_letters, initials, listed_expansions
from .tables import GOVERNMENT_ACRONYMS, GROUP_NOUNS
from .variants import COUNTRY_PREFIX


def acronym_completing_name(ctx: LinkContext) -> list[Edge]:
    """acronym: "Democratic Party (DPK)" = "Democratic Party of Korea": an acronym in parentheses
    that spells the one longer name starting with the name before it (the name alone is ambiguous:
    many countries have a Democratic Party). The acronym is then declared for that variant."""
    nodes, edges = ctx.nodes, []
    for node in sorted(nodes.values(), key=lambda n: n.key):
        for variant in node.variants:
            if variant.completes is None:
                continue
            start = name_key(variant.text[: variant.text.index("(")]) + " "
            letters = acronym_letters(variant.completes)
            fits = [n for n in nodes.values() if n.key.startswith(start) and n.kind == "other"
                    and any(letters & initials(v.base) for v in n.variants)]
            if len(fits) == 1:
                variant.acronyms.append(variant.completes)
                edges.append((node.key, fits[0].key, "acronym"))
    return edges


def acronym_alone(ctx: LinkContext) -> list[Edge]:
    """acronym: "DOJ" = "Department of Justice", "FBI" = "Federal Bureau of Investigation": the letters
    are the initials of the name's significant words (with or without "of", or after "Department
    of"), or were declared in parentheses, or tables.GOVERNMENT_ACRONYMS says so; "USPS" = "U.S.
    Postal Service": US plus the initials of a name written with a US qualifier. Also a one-word key
    written in lower case ("fhfa") after its acronym was declared. An acronym that fits two names
    links to neither ("NRA"), and a listed one links only to its listed names ("NSA" never to the
    National Security Archive)."""
    index = _AcronymIndex(ctx.nodes)
    edges = []
    for node in sorted(ctx.nodes.values(), key=lambda n: n.key):
        letters_set = acronym_letters(node.top.text) if node.kind == "acronym" else set()
        if not letters_set and len(node.key.split()) == 1 and node.key.upper() in index.declared:
            letters_set = {node.key.upper()}  # "fhfa" after "Federal Housing Finance Agency (FHFA)"
        if letters_set:
            found = index.targets(letters_set, node.top.text, node.key, ctx.checks)
            edges.extend((node.key, target, "acronym") for target in sorted(found))
    return edges


def acronym_inside_name(ctx: LinkContext) -> list[Edge]:
    """acronym: "DOJ Inspector General" = "Department of Justice Inspector General", "FISA Court of
    Review" = "Foreign Intelligence Surveillance Court of Review": a name starting with an acronym
    and the same name with the acronym spelled out, when the acronym stands for one name only (its
    doubts are not reported twice). The unit never joins the body ("DOJ" / "DOJ Inspector General")."""
    nodes, index = ctx.nodes, _AcronymIndex(ctx.nodes)
    quiet: list[str] = []
    edges = []
    for node in sorted(nodes.values(), key=lambda n: n.key):
        words = node.top.base.split()
        letters_set = acronym_letters(words[0]) if len(words) > 1 and "acronym" not in node.top.steps else set()
        if not letters_set:
            continue
        rest = name_key(" ".join(words[1:]))
        spelled = {name_key(v.base) for target in index.targets(letters_set, words[0], None, quiet)
                   for v in nodes[target].variants if not v.is_acronym}
        spelled |= {key for letters in letters_set for key in listed_expansions(letters)}
        for expansion in sorted(spelled):
            key = rewrite_key(f"{expansion} {rest}")[0]
            if key in nodes and key != node.key:
                edges.append((node.key, key, "acronym"))
    return edges


class _AcronymIndex:
    """Letters -> the keys an acronym with those letters may stand for: declared beside a name, or
    the initials of a body's name (never of a group: "Boeing engineers")."""

    def __init__(self, nodes: dict[str, Node]) -> None:
        self.nodes = nodes
        self.declared: dict[str, set[str]] = defaultdict(set)
        self.by_initials: dict[str, set[str]] = defaultdict(set)
        for node in nodes.values():
            for variant in node.variants:
                for acronym in variant.acronyms:
                    if not variant.is_acronym:
                        for letters in acronym_letters(acronym):
                            self.declared[letters].add(node.key)
            if (node.kind == "other" and node.key.split()[-1] not in GROUP_NOUNS
                    and guess_type(node.top.base) != "group"):
                for variant in node.variants:
                    if not variant.is_acronym:
                        for letters in initials(variant.base):
                            self.by_initials[letters].add(node.key)
                            if "country" in variant.steps and COUNTRY_PREFIX.match(variant.text):
                                self.by_initials["US" + letters].add(node.key)  # "USPS" = "U.S. Postal Service"

    def targets(self, letters_set: set[str], name: str, own: str | None, report: list[str]) -> set[str]:
        """The keys an acronym stands for: the listed and declared ones, else the one name it is the
        initials of; empty (and a doubt in `report`) when it fits several."""
        nodes = self.nodes
        listed = {key for letters in letters_set for key in listed_expansions(letters) if key in nodes}
        said = set().union(*(self.declared.get(letters, set()) for letters in letters_set)) - {own}
        said = {k for k in said if nodes[k].kind != "surname" and not (nodes[k].kind == "person" and nodes[k].strong)}
        if listed or said:
            if len(said - listed) > 1 or (said and listed and not said <= listed):
                report.append(f"acronym '{name}' is declared for several names: " + ", ".join(
                    repr(nodes[k].top.text) for k in sorted(said | listed)) + "; not linked")
                return set()
            return listed | said
        if any(letters in GOVERNMENT_ACRONYMS for letters in letters_set):
            return set()  # a listed acronym links only to its listed names ("NSA" never to an "Archive")
        fits = set().union(*(self.by_initials.get(letters, set()) for letters in letters_set)) - {own}
        if len(fits) > 1:
            report.append(f"acronym '{name}' fits several names: " + ", ".join(
                repr(nodes[k].top.text) for k in sorted(fits)) + "; not linked")
            return set()
        return fits
