"""Merging groups into an existing registry: every actor and field already there is kept, and the
import only adds.

A group joins the registry actor that owns its canonical name's key, else the one owning the most
used of its variants' keys (acronyms alone never match: they are ambiguous); it adds the names and
acronyms that actor lacks. A name or acronym that already belongs to another actor is never added a
second time (the resolver drops names two actors share): the doubt is listed in `checks` instead.
Any other group becomes a new actor named by its canonical name, or by the first of its other names
nobody answers to yet ("NRA" is taken). A held-back group ("Trump") joins an actor or nothing.

Idempotent and deterministic: merging the same groups into the result changes nothing.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence

from ..names import normalize_name
from ..records import Actor
from .letters import is_acronym
from .models import ActorGroup, Grouping, ImportResult, ImportStats, Merge, Skipped


def merge_into_registry(registry: Sequence[Actor], grouping: Grouping) -> ImportResult:
    """Merge groups into a registry (the rules in the module docstring).

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
        if found is None and is_acronym(name):
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
            names = [group.canonical, *(v.text for v in group.variants if not is_acronym(v.text)
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
    """Record the names and acronyms actor i answers to (the first owner keeps a shared one)."""
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
        if is_acronym(variant.text):
            continue
        holder = owner.get(normalize_name(variant.text))
        if holder is not None:
            votes[holder] += variant.uses
    if not votes:
        return None
    return min(votes, key=lambda i: (-votes[i], i))
