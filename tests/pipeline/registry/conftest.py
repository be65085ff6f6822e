"""Builders shared by the registry importer's tests: timeline events made here, and what the
grouping makes of a few strings (the canonical name and the rule of each)."""

from __future__ import annotations

from pipeline.records import Actor
from pipeline.registry import (
    TimelineEvent,
    co_listed_strings,
    count_actor_strings,
    group_actor_strings,
)

# A small registry to merge into: a person with aliases, a body with an acronym, a person with notes.
EXISTING = [
    Actor(name="Donald Trump", type="person", aliases=["Donald J. Trump", "President Trump"], wikidata="Q22686"),
    Actor(name="Northern Rail Authority", type="government", acronyms=["NRA"], notes="Sample corpus."),
    Actor(name="William Barr", type="person", notes="Attorney General."),
]


def events(*actor_lists: list[str]) -> list[TimelineEvent]:
    return [TimelineEvent(id=f"2025-01-0{i}--e", actors=actors) for i, actors in enumerate(actor_lists, 1)]


def canonical_of(*strings: str, uses: dict[str, int] | None = None) -> dict[str, str]:
    """Each string -> the canonical name of the group it ends in."""
    counts = {s: (uses or {}).get(s, 1) for s in strings}
    grouping = group_actor_strings(counts)
    return {v.text: g.canonical for g in grouping.groups for v in g.variants}


def grouped(*actor_lists: list[str]) -> dict[str, tuple[str, str]]:
    """Each string of these events -> (canonical, rule), grouped with the events' co-listed strings."""
    timeline = events(*actor_lists)
    grouping = group_actor_strings(count_actor_strings(timeline), co_listed_strings(timeline))
    return {v.text: (g.canonical, v.rule) for g in grouping.groups for v in g.variants}


def rules_of(*strings: str, uses: dict[str, int] | None = None) -> dict[str, str]:
    counts = {s: (uses or {}).get(s, 1) for s in strings}
    return {v.text: v.rule for g in group_actor_strings(counts).groups for v in g.variants}


def assert_folded_by(strings: list[str], rule: set[str]) -> None:
    """The strings are one actor named by the first (used most), and the others report these rules."""
    uses = {strings[0]: 5}
    canon = canonical_of(*strings, uses=uses)
    assert {canon[s] for s in strings} == {strings[0]}, canon
    rules = rules_of(*strings, uses=uses)
    assert {rules[s] for s in strings[1:]} == rule


def assert_kept_apart(strings: list[str]) -> None:
    """Every string imported is an actor of its own."""
    canon = canonical_of(*strings, uses={strings[0]: 3})
    assert len({canon[s] for s in strings if s in canon}) == len([s for s in strings if s in canon])
