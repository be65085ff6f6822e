"""files.py: a timeline's events read (the bad line named), the registry and the merges written."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipeline.errors import SourceError
from pipeline.records import Actor
from pipeline.registry import (
    TimelineEvent,
    import_actors,
    read_events,
    render_merges,
    write_merges,
)
from pipeline.store import load_registry, render_registry, write_registry


def test_read_events_names_the_bad_line(tmp_path: Path):
    path = tmp_path / "events.jsonl"
    path.write_text(json.dumps({"id": "a", "actors": ["DOJ"], "title": "kept out"}) + "\n\nnot json\n")
    with pytest.raises(SourceError, match=r"events.jsonl:3"):
        read_events(path)
    path.write_text(json.dumps({"id": "a", "actors": ["DOJ"]}) + "\n" + json.dumps({"id": "b", "actors": None}) + "\n")
    with pytest.raises(SourceError):
        read_events(path)
    path.write_text(json.dumps({"id": "a", "actors": ["DOJ"], "tags": []}) + "\n")
    assert read_events(path) == [TimelineEvent(id="a", actors=["DOJ"])]


def test_read_events_of_a_missing_file_is_a_source_error(tmp_path: Path):
    with pytest.raises(SourceError, match="cannot read events file"):
        read_events(tmp_path / "none.jsonl")


def test_write_registry_and_merges_write_what_is_rendered(tmp_path: Path):
    actors = [Actor(name="Department of Justice", type="government", acronyms=["DOJ"])]
    registry = tmp_path / "models" / "actors.yaml"
    write_registry(registry, actors)
    assert registry.read_text(encoding="utf-8") == render_registry(actors) and load_registry(registry) == actors
    result = import_actors([TimelineEvent(id="a", actors=["Bill Barr", "William Barr"])], actors)
    merges = tmp_path / "registry-merges.md"
    write_merges(merges, result, source="events.jsonl")
    assert merges.read_text(encoding="utf-8") == render_merges(result, source="events.jsonl")
    assert sorted(p.name for p in tmp_path.rglob("*") if p.is_file()) == ["actors.yaml", "registry-merges.md"]
