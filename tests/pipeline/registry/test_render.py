"""render.py: the merges list."""

from __future__ import annotations

from pipeline.registry import import_actors, render_merges
from tests.pipeline.registry.conftest import events


def test_render_merges_lists_each_variant_with_uses_and_rule():
    result = import_actors(events(["Bill Barr", "William Barr", "William Barr", "Twitter/X"]), [])
    text = render_merges(result, source="events.jsonl")
    assert "### William Barr (person, 3 uses; new actor)" in text
    assert "- [ ] `Bill Barr`: 1 uses, nickname" in text
    assert "`Twitter/X` (1 uses): names several actors" in text
