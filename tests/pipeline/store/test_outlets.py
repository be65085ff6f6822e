"""The outlet table's file (pipeline/store/outlets.py): written whole and read back, refused when
it is not a table, and the timeline's sources read from events.jsonl."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipeline.errors import ConfigError, SourceError
from pipeline.store.outlets import OutletEntry, load_outlets, read_timeline_sources, render_outlets, write_outlets


def test_the_table_is_written_sorted_with_its_licence_and_read_back(tmp_path: Path):
    path = tmp_path / "models" / "outlets.json"
    table = {"post.example": OutletEntry("Harbour Post", 3, 5), "a.example": OutletEntry("Ä Wire", 1, 1)}
    write_outlets(path, table, source="events.jsonl", rule="most used")
    text = path.read_text(encoding="utf-8")
    assert "CC BY-SA 4.0" in json.loads(text)["licence"]
    assert text.index('"a.example"') < text.index('"post.example"') and "Ä Wire" in text
    assert load_outlets(path) == table
    assert text == render_outlets(dict(reversed(table.items())), source="events.jsonl", rule="most used")


def test_a_missing_table_is_empty_and_a_broken_one_is_refused(tmp_path: Path):
    assert load_outlets(tmp_path / "none.json") == {}
    bad = tmp_path / "bad.json"
    for content in ("{", '{"domains": []}', '{"domains": {"a.example": ["A", "1", 1]}}'):
        bad.write_text(content, encoding="utf-8")
        with pytest.raises(ConfigError, match="bad.json"):
            load_outlets(bad)


def test_the_shipped_table_is_a_table():
    table = load_outlets(Path(__file__).resolve().parents[3] / "models" / "outlets.json")
    assert len(table) > 1000 and all(e.uses <= e.sources for e in table.values())


def test_timeline_sources_are_read_from_each_event(tmp_path: Path):
    path = tmp_path / "events.jsonl"
    path.write_text(json.dumps({"id": "e", "sources": [{"url": "https://a.example", "outlet": "A"}, "junk"]}) + "\n\n"
                    + json.dumps({"id": "f"}) + "\n", encoding="utf-8")
    assert list(read_timeline_sources(path)) == [{"url": "https://a.example", "outlet": "A"}]
    path.write_text("[1]\n", encoding="utf-8")
    with pytest.raises(SourceError, match=":1: not a JSON object"):
        list(read_timeline_sources(path))
