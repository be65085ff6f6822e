"""pipeline.registry (the package's entry point, import_actors) on the real timeline, and the eval
alias set built from it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipeline.names import normalize_name
from pipeline.registry import (
    co_listed_strings,
    count_actor_strings,
    group_actor_strings,
    import_actors,
    merge_into_registry,
    read_events,
)
from pipeline.store import load_registry, render_registry
from tests.conftest import REGISTRY


@pytest.mark.shared
def test_registry_import_on_the_real_timeline(shared: Path):
    path = shared / "timeline" / "events.jsonl"
    if not path.is_file():
        pytest.skip(f"{path} is absent")
    timeline = read_events(path)
    registry = load_registry(REGISTRY)
    result = import_actors(timeline, registry)
    owner = {}
    for actor in result.actors:
        for name in [actor.name, *actor.aliases]:
            owner.setdefault(normalize_name(name), actor.name)
        for acronym in actor.acronyms:
            owner.setdefault(acronym, actor.name)

    def actor_of(name: str) -> str | None:
        return owner.get(name) or owner.get(normalize_name(name))

    assert actor_of("Bill Barr") == actor_of("William Barr") == "William Barr"
    assert actor_of("DOJ") == actor_of("Department of Justice") == actor_of("US Department of Justice")
    assert actor_of("Edwin Meese III") == actor_of("Edwin Meese")  # suffix-dropped: never listed together
    assert actor_of("Sergei Lavrov") == actor_of("Sergey Lavrov")  # spelling
    assert len({actor_of(n) for n in ("Charles Keating", "Charles H. Keating Jr.", "Charles Keating III")}) == 3
    look_alikes = ["Trump Organization", "Trump Administration", "Donald Trump", "Donald Trump Jr.", "Eric Trump",
                   "Ivanka Trump"]
    assert len({actor_of(name) for name in look_alikes}) == len(look_alikes) and None not in map(actor_of, look_alikes)
    again = merge_into_registry(result.actors,
                                group_actor_strings(count_actor_strings(timeline), co_listed_strings(timeline)))
    assert render_registry(again.actors) == render_registry(result.actors)
    # every actor already there is kept, first and in order (also once the registry holds the import)
    assert [a.name for a in result.actors[: len(registry)]] == [a.name for a in registry]
    assert result.stats.actors_after == len(result.actors) > 1000


@pytest.mark.shared
def test_eval_alias_set_is_consistent_with_the_timeline(shared: Path):
    """bench/eval/actor-aliases.jsonl: verbatim timeline strings, no string twice, no negative pair
    inside one alias line, and the promised size."""
    path = shared / "timeline" / "events.jsonl"
    if not path.is_file():
        pytest.skip(f"{path} is absent")
    strings = set(count_actor_strings(read_events(path)))
    lines = [json.loads(line) for line in (REGISTRY.parents[1] / "bench" / "eval" / "actor-aliases.jsonl")
             .read_text(encoding="utf-8").splitlines() if line.strip()]
    groups = [[line["canonical"], *line["aliases"]] for line in lines if "canonical" in line]
    pairs = [line["negative_pair"] for line in lines if "negative_pair" in line]
    assert len(groups) + len(pairs) == len(lines) and len(groups) >= 60 and len(pairs) >= 25
    assert all(len(group) >= 2 for group in groups) and all(len(pair) == 2 for pair in pairs)
    names = [name for group in groups for name in group]
    assert sorted((set(names) | {n for pair in pairs for n in pair}) - strings) == []
    assert len(names) == len(set(names))
    entry = {name: i for i, group in enumerate(groups) for name in group}
    assert [p for p in pairs if p[0] in entry and entry.get(p[0]) == entry.get(p[1])] == []
