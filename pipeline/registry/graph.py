"""What the link rules work on: one Node per key (the variants that share it), the links found so
far joined in a UnionFind, and the LinkContext a rule reads.

A link is an Edge (key, key, rule). The actors are the connected keys; a union-find keeps the
smallest key of each as its root, so the actors (and their roots) do not depend on the order the
links were found in.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Set
from dataclasses import dataclass, field
from functools import cached_property
from typing import Literal

from .person_names import Person
from .variants import Variant

Edge = tuple[str, str, str]  # two keys that name one actor, and the rule that says so
NodeKind = Literal["acronym", "person", "surname", "initials", "other"]


@dataclass
class Node:
    """All variants with one key, most used first; the unit the link rules connect."""

    key: str
    variants: list[Variant]
    kind: NodeKind = "other"  # initials: capitals the initials rule found to be a person's
    strong: bool = False  # a person by evidence (title, nickname), not only by shape
    person: Person | None = None
    org: bool = False  # organization evidence: a legal form or a declared acronym
    hold: str | None = None  # why this key names no one actor ("Trump")

    @property
    def top(self) -> Variant:
        """The most used variant."""
        return self.variants[0]


def is_body(node: Node) -> bool:
    """A key that names an organization or a government body (not a person or a surname)."""
    return node.kind in ("other", "acronym")


class UnionFind:
    """The keys joined by the links so far; each actor's root is its smallest key."""

    def __init__(self, keys: Iterable[str]) -> None:
        self.parent = {k: k for k in keys}

    def find(self, key: str) -> str:
        """The root key of the actor this key belongs to."""
        while self.parent[key] != key:
            self.parent[key] = self.parent[self.parent[key]]
            key = self.parent[key]
        return key

    def union(self, a: str, b: str) -> None:
        """Join the actors of two keys."""
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)

    def members(self) -> dict[str, list[str]]:
        """Root -> its keys."""
        found: dict[str, list[str]] = defaultdict(list)
        for key in self.parent:
            found[self.find(key)].append(key)
        return found


def joined(keys: Iterable[str], edges: Iterable[Edge]) -> UnionFind:
    """The keys with these links joined."""
    uf = UnionFind(keys)
    for a, b, _ in edges:
        uf.union(a, b)
    return uf


def apart_keys(nodes: Mapping[str, Node], co_listed: Set[frozenset[str]]) -> dict[str, set[str]]:
    """Key -> the keys listed with it in one event (so naming another actor)."""
    key_of = {v.text: node.key for node in nodes.values() for v in node.variants}
    apart: dict[str, set[str]] = defaultdict(set)
    for pair in co_listed:
        a, b = sorted(pair)
        if a in key_of and b in key_of and key_of[a] != key_of[b]:
            apart[key_of[a]].add(key_of[b])
            apart[key_of[b]].add(key_of[a])
    return apart


@dataclass
class LinkContext:
    """What a link rule reads, and where it reports a doubt.

    nodes: every key, by key (a rule may refine a node's kind or hold).
    actors: the keys the rules of earlier phases joined.
    checks: doubts for an analyst ("'George Bush' could be ..."), appended by the rules.
    apart: key -> the keys listed with it in one event (empty without the events' evidence).
    """

    nodes: dict[str, Node]
    actors: UnionFind
    checks: list[str] = field(default_factory=list)
    apart: Mapping[str, set[str]] = field(default_factory=dict)

    @cached_property
    def members(self) -> dict[str, list[str]]:
        """Root -> its keys, for the actors the earlier phases joined."""
        return self.actors.members()

    def same_actor(self, a: str, b: str) -> bool:
        """Whether the earlier phases joined the two keys."""
        return self.actors.find(a) == self.actors.find(b)

    def listed_together(self, a: str, b: str) -> bool:
        """Whether any name of a's actor is listed with any name of b's actor in one event."""
        theirs = set(self.members[self.actors.find(b)])
        return any(self.apart.get(key, set()) & theirs for key in self.members[self.actors.find(a)])
