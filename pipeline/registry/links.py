"""The link rules, in one table: each says that two keys name one actor, and why (its docstring).

The rules run in three phases. A rule reads the keys, and the actors the rules of the earlier phases
joined (never the links of its own phase), so a rule that asks "is this the only person called
Kagan?" asks after the people's names were joined:

    NAMES     acronyms and people's given names, from the keys alone
    FORMS     every other form of a name; titled-surname and sub-unit ask which keys NAMES joined
    EVIDENCE  initials, and the rules that need the events' evidence (two strings listed in one
              event name two actors): they ask which keys every earlier rule joined. Without the
              events (group_actor_strings given counts only) the evidence rules link nothing.

Within a phase the rules run in table order. Order matters only through what a rule records on a
key: acronym_completing_name declares an acronym the other acronym rules read, and initials marks
capitals as a person's before three-names looks for words of bodies' names.
"""

from __future__ import annotations

from collections.abc import Callable, Set
from dataclasses import dataclass
from enum import IntEnum

from . import acronyms, bodies, companies, people
from .graph import Edge, LinkContext, Node, UnionFind, apart_keys, joined


class Phase(IntEnum):
    """When a rule runs: it sees the actors joined by the phases before its own."""

    NAMES = 1
    FORMS = 2
    EVIDENCE = 3


@dataclass(frozen=True)
class LinkRule:
    """One link rule: the rule names its links report (joined with '+' when one link takes two
    rules), the function that finds them, and when it runs."""

    names: tuple[str, ...]
    link: Callable[[LinkContext], list[Edge]]
    phase: Phase
    needs_events: bool = False  # links nothing without the strings the events list together


LINK_RULES: tuple[LinkRule, ...] = (
    LinkRule(("acronym",), acronyms.acronym_completing_name, Phase.NAMES),
    LinkRule(("acronym",), acronyms.acronym_alone, Phase.NAMES),
    LinkRule(("acronym",), acronyms.acronym_inside_name, Phase.NAMES),
    LinkRule(("nickname", "declared-nickname", "middle-name", "same-name"), people.given_name_variants, Phase.NAMES),
    LinkRule(("titled-surname",), people.title_and_surname, Phase.FORMS),
    LinkRule(("legal-form", "company-word"), companies.legal_form, Phase.FORMS),
    LinkRule(("company-word",), companies.company_word, Phase.FORMS),
    LinkRule(("firm-name",), companies.firm_name, Phase.FORMS),
    LinkRule(("spacing",), companies.spacing, Phase.FORMS),
    LinkRule(("bank",), companies.bank, Phase.FORMS),
    LinkRule(("savings-and-loan",), companies.savings_and_loan, Phase.FORMS),
    LinkRule(("ticket-administration",), companies.ticket_administration, Phase.FORMS),
    LinkRule(("descriptor",), companies.descriptor, Phase.FORMS),
    LinkRule(("generic-words",), companies.generic_words, Phase.FORMS),
    LinkRule(("department-name",), bodies.department_name, Phase.FORMS),
    LinkRule(("for-phrase",), bodies.for_phrase, Phase.FORMS),
    LinkRule(("federal",), bodies.federal_prefix, Phase.FORMS),
    LinkRule(("demonym",), bodies.demonym, Phase.FORMS),
    LinkRule(("country-adjective",), bodies.country_adjective, Phase.FORMS),
    LinkRule(("chamber",), bodies.chamber, Phase.FORMS),
    LinkRule(("named-after",), bodies.named_after, Phase.FORMS),
    LinkRule(("sub-unit",), bodies.sub_unit, Phase.FORMS),
    LinkRule(("initials",), people.initials_of_person, Phase.EVIDENCE),
    LinkRule(("suffix-dropped",), people.suffix_dropped, Phase.EVIDENCE, needs_events=True),
    LinkRule(("spelling",), people.spelling_variants, Phase.EVIDENCE, needs_events=True),
    LinkRule(("country-suffix",), companies.country_suffix, Phase.EVIDENCE, needs_events=True),
    LinkRule(("three-names",), people.three_names, Phase.EVIDENCE, needs_events=True),
)


def link_keys(nodes: dict[str, Node], checks: list[str],
              co_listed: Set[frozenset[str]] | None = None) -> tuple[list[Edge], UnionFind]:
    """Run LINK_RULES over the keys, phase by phase.

    nodes (dict[str, Node]): every key, classified (the rules may refine a node's kind or hold).
    checks (list[str]): where the rules report their doubts.
    co_listed (set of string pairs | None): the pairs listed together in one event; None when
        unknown, and then the rules that need it are skipped.
    RETURNS (tuple): every link found, in the order found, and the keys they join.
    """
    apart = apart_keys(nodes, co_listed) if co_listed is not None else {}
    edges: list[Edge] = []
    for phase in Phase:
        ctx = LinkContext(nodes, joined(nodes, edges), checks, apart)
        for rule in LINK_RULES:
            if rule.phase is phase and (co_listed is not None or not rule.needs_events):
                edges += rule.link(ctx)
    return edges, joined(nodes, edges)
