"""From a timeline's actor strings to groups, one per actor: the strings are counted, parsed into
variants (variants.py), gathered by key into nodes, classified, linked (links.py), and each set of
linked keys becomes an ActorGroup.

Not imported: strings without letters, strings naming several actors ("Twitter/X", "DOJ/FBI/IRS
investigation"), strings with no name left once decorated, and groups of lower-case descriptions
only ("community activists", "346 crash victims").

Held back: a surname alone or a title and a surname ("Trump", "President Trump") shared by several
people names no one actor; such a group joins a registry actor that already answers to it, and is
otherwise not imported (as a new actor it would capture every mention of the surname).

Canonical name: the most used variant (ties: the longest, then alphabetical) among the plain ones
(not a title, note, slug, all-lower-case, "Name (ACRONYM)" or "Title Surname" form); when every
variant is decorated, the most used one with its decoration removed ("Chief Judge James Boasberg"
and "U.S. District Judge James Boasberg" become "James Boasberg"). Each other variant reports the
rules along the shortest chain of links from the canonical name, then its own decorations.

Type: actor_types.guess_type of the canonical name (of the longest name for an acronym), then the
group's evidence: a person by evidence or a held-back surname makes a person; a name guessed a
person's is an organization when one of its keys is no person's name or shows an organization (a
legal form, a declared acronym); an organization is a government body when another of its variants
reads as one ("Civil Rights Division" after "DOJ Civil Rights Division", "Mossad" after "Israeli
Intelligence (Mossad)").
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict, deque
from collections.abc import Iterable, Mapping, Set

from ..records import ActorType
from .actor_types import guess_type
from .graph import Node
from .keys import display, name_key
from .letters import is_acronym
from .links import link_keys
from .models import ActorGroup, FoldedVariant, Grouping, Skipped, TimelineEvent
from .person_names import parse_person
from .variants import Variant, parse_variant

_SEVERAL = re.compile(r"[^\d\s]\s*/\s*[^\d\s]")


def count_actor_strings(events: Iterable[TimelineEvent]) -> Counter[str]:
    """Distinct actor strings (whitespace trimmed and collapsed) with their use counts."""
    counts: Counter[str] = Counter()
    for event in events:
        for actor in event.actors:
            text = " ".join(str(actor).split())
            if text:
                counts[text] += 1
    return counts


def co_listed_strings(events: Iterable[TimelineEvent]) -> set[frozenset[str]]:
    """The pairs of actor strings listed together in one event (as count_actor_strings trims them):
    the evidence that two strings name two actors."""
    pairs: set[frozenset[str]] = set()
    for event in events:
        texts = sorted({" ".join(str(a).split()) for a in event.actors} - {""})
        pairs.update(frozenset((a, b)) for i, a in enumerate(texts) for b in texts[i + 1 :])
    return pairs


def group_actor_strings(counts: Mapping[str, int], co_listed: Set[frozenset[str]] | None = None) -> Grouping:
    """Group the actor strings that name one actor (the rules in links.py).

    counts (Mapping[str, int]): actor string -> uses, as count_actor_strings returns.
    co_listed (set of string pairs | None): the pairs listed together in one event, as
        co_listed_strings returns; None when unknown, and then the rules that need that evidence
        (suffix-dropped, spelling, country-suffix, three-names) link nothing.
    RETURNS (Grouping): groups (most used first), the strings left out and doubts to check.
    """
    nodes, skipped = key_nodes(counts)
    checks: list[str] = []
    edges, actors = link_keys(nodes, checks, co_listed)
    components: dict[str, list[str]] = defaultdict(list)
    for key in sorted(nodes):
        components[actors.find(key)].append(key)
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


def key_nodes(counts: Mapping[str, int]) -> tuple[dict[str, Node], list[Skipped]]:
    """The strings gathered by key into classified nodes, and the strings left out (no letters,
    several actors, nothing left once decorated): what the link rules read."""
    skipped: list[Skipped] = []
    kept: dict[str, int] = {}
    for text, uses in sorted(counts.items()):
        if not any(ch.isalpha() for ch in text):
            skipped.append(Skipped(text=text, uses=uses, reason="no letters"))
        elif _SEVERAL.search(re.sub(r"\([^()]*\)", "", text)):
            skipped.append(Skipped(text=text, uses=uses, reason="names several actors"))
        else:
            kept[text] = uses
    known = {name_key(t) for t in kept}
    nodes: dict[str, Node] = {}
    for text, uses in kept.items():
        variant = parse_variant(text, uses, known)
        if variant.key:
            nodes.setdefault(variant.key, Node(variant.key, [])).variants.append(variant)
        else:
            skipped.append(Skipped(text=text, uses=uses, reason="no name left after removing decorations"))
    for node in nodes.values():
        node.variants.sort(key=lambda v: (-v.uses, v.text))
    _classify(nodes)
    return nodes, skipped


def _classify(nodes: dict[str, Node]) -> None:
    """Decide for each key whether it is an acronym, a person, a bare surname or something else."""
    for node in nodes.values():
        node.org = any(v.legal_base or (v.acronyms and not v.is_acronym) for v in node.variants)
        if all(v.is_acronym for v in node.variants):
            node.kind = "acronym"
            continue
        written = next((v for v in node.variants if any(ch.isupper() for ch in v.base)), node.top)
        person = parse_person(written.base)
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


def _make_group(members: list[Node], adjacency: Mapping[str, list[tuple[str, str]]]) -> ActorGroup:
    """One actor from linked keys: canonical name, folded variants with their rules, acronyms, type."""
    variants = sorted((v for n in members for v in n.variants), key=lambda v: (-v.uses, v.text))
    plain = [v for v in variants if not v.decorated]
    best = min(plain or variants, key=lambda v: (-v.uses, -len(v.text), v.text))
    canonical = best.text if plain else display(best.base)
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


def _group_type(members: list[Node], canonical: str, variants: list[Variant]) -> ActorType:
    """The group's type: guess_type refined by the evidence of its keys (module docstring)."""
    if any(n.kind == "surname" or (n.kind == "person" and n.strong) for n in members):
        return "person"
    names = [v.base for v in variants if not v.is_acronym]
    name = canonical if not is_acronym(canonical) or not names else max(names, key=lambda b: (len(b.split()), b))
    guessed = guess_type(name)
    if guessed == "person" and any(n.org or n.kind not in ("person", "initials") for n in members):
        return "organization"
    if guessed == "organization" and not any(n.org for n in members) and any(
        # "Civil Rights Division" after "DOJ Civil Rights Division", "Mossad" after "Israeli Intelligence (Mossad)"
        guess_type(v.text if "parenthetical-name" in v.steps else v.base) == "government" for v in variants
    ):
        return "government"
    return guessed
