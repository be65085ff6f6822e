"""Registry import: the actor strings of a timeline's events -> one actor per person or body,
merged into the actor registry, with every merge listed for an analyst to confirm.

Why: the public timeline writes one actor many ways ("Bill Barr", "William Barr", "Attorney
General William Barr"; "DOJ", "US Department of Justice", "department-of-justice"). A registry
bootstrapped from it needs those variants folded together and look-alikes ("Donald Trump",
"Donald Trump Jr.", "Trump Organization") kept apart. Every rule is explicit and named, and each
folded variant is reported with the rules that folded it.

    events ──count_actor_strings──▶ {string: uses} ──group_actor_strings──▶ Grouping
           ──merge_into_registry(registry)──▶ ImportResult(actors, merges, skipped, checks, stats)

The phases, each in its module:
    read      files.read_events; grouping.count_actor_strings and co_listed_strings
    parse     variants.parse_variant: each string stripped of its decorations down to a key
              (keys.py, letters.py, person_names.py); the strings with one key are one node
    classify  grouping: each node an acronym, a person, a surname shared by several people (held
              back: it names no one actor) or something else
    link      links.LINK_RULES join the nodes that name one actor (graph.py), in three phases; the
              rules live in acronyms.py, people.py, companies.py and bodies.py, and each one's
              docstring says what it joins, what it keeps apart, and why
    group     grouping: each set of joined nodes -> an ActorGroup: canonical name, folded variants
              with their rules, acronyms, type (actor_types.py)
    merge     merge.merge_into_registry: the registry keeps every actor and field it has
    write     render.py renders the registry YAML and the merges list; files.py writes them
models.py holds the records read and returned; tables.py the hand-written word lists the rules use.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from ..records import Actor
from .actor_types import guess_type
from .files import read_events, write_merges
from .grouping import co_listed_strings, count_actor_strings, group_actor_strings
from .merge import merge_into_registry
from .models import (
    ActorGroup,
    FoldedVariant,
    Grouping,
    ImportResult,
    ImportStats,
    Merge,
    Skipped,
    TimelineEvent,
)
from .render import render_merges

__all__ = [
    "ActorGroup",
    "FoldedVariant",
    "Grouping",
    "ImportResult",
    "ImportStats",
    "Merge",
    "Skipped",
    "TimelineEvent",
    "co_listed_strings",
    "count_actor_strings",
    "group_actor_strings",
    "guess_type",
    "import_actors",
    "merge_into_registry",
    "read_events",
    "render_merges",
    "write_merges",
]


def import_actors(events: Iterable[TimelineEvent], registry: Sequence[Actor]) -> ImportResult:
    """The whole import over parsed events: count, group (with the events' co-listed strings as
    evidence), merge.

    events (Iterable[TimelineEvent]): a timeline's events, as read_events returns them.
    registry (Sequence[Actor]): the current registry, in its order (may be empty).
    RETURNS (ImportResult): the merged registry and what an analyst confirms.
    """
    events = list(events)
    grouping = group_actor_strings(count_actor_strings(events), co_listed_strings(events))
    result = merge_into_registry(registry, grouping)
    return result.model_copy(update={"stats": result.stats.model_copy(update={"events": len(events)})})
