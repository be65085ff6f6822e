"""render.py: the registry YAML (key order, empty keys left out, round trip) and the merges list."""

from __future__ import annotations

from pathlib import Path

from pipeline.records import Actor
from pipeline.registry import import_actors, render_merges, render_registry
from pipeline.store import load_registry
from tests.conftest import REGISTRY
from tests.pipeline.registry.conftest import events


def test_render_registry_orders_keys_omits_empty_ones_and_round_trips(tmp_path: Path):
    actors = [Actor(name="FBI", type="government", aliases=["Federal Bureau of Investigation"], acronyms=["FBI"]),
              Actor(name="Élysée Palace: the seat", type="government", notes="Paris: 'quoted'", wikidata="Q1")]
    text = render_registry(actors)
    assert "name: FBI\n  type: government\n  aliases:\n  - Federal Bureau of Investigation\n  acronyms:\n  - FBI\n" in text
    assert "wikidata: Q1\n  notes:" in text and "aliases: []" not in text and "Élysée" in text
    path = tmp_path / "actors.yaml"
    path.write_text(text, encoding="utf-8")
    assert load_registry(path) == actors


def test_render_registry_of_the_shipped_registry_keeps_every_actor(tmp_path: Path):
    shipped = load_registry(REGISTRY)
    path = tmp_path / "actors.yaml"
    path.write_text(render_registry(shipped), encoding="utf-8")
    assert load_registry(path) == shipped


def test_render_merges_lists_each_variant_with_uses_and_rule():
    result = import_actors(events(["Bill Barr", "William Barr", "William Barr", "Twitter/X"]), [])
    text = render_merges(result, source="events.jsonl")
    assert "### William Barr (person, 3 uses; new actor)" in text
    assert "- [ ] `Bill Barr`: 1 uses, nickname" in text
    assert "`Twitter/X` (1 uses): names several actors" in text
