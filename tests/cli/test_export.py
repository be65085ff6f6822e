"""The seeds, given URLs, become one draft that `review accept --into` adds to seed 004's event in a
timeline checkout: `newsevents export` gives the file their sources and changes nothing else; a
draft accepted as new is exported as a valid new event file (issue 17)."""

from __future__ import annotations

import difflib
import json
import shutil

import pytest
from typer.testing import CliRunner

from pipeline.cli.app import app
from pipeline.draft_file import parse_draft_text
from pipeline.export import record_problems
from pipeline.timeline import load_timeline
from tests.conftest import REGISTRY, SAMPLE_REGISTRY

runner = CliRunner()
SEEDS = ("000", "001", "002", "003")


@pytest.mark.model
@pytest.mark.shared
def test_seeds_are_added_to_the_seed_event_and_a_new_event_is_exported(tmp_path, monkeypatch, shared, seed_paths):
    checkout = tmp_path / "timeline"
    (checkout / "events").mkdir(parents=True)
    record = next((shared / "seeds").glob("004_*.txt"))
    event_id = parse_draft_text(record.read_text())[0]["id"]
    event_file = checkout / "events" / f"{event_id}.md"
    shutil.copyfile(record, event_file)  # into the test's own folder, never the repository
    before = event_file.read_text()
    dump = tmp_path / "seeds.jsonl"
    dump.write_text("".join(json.dumps({"url": f"https://seeds.example/{p.name[:3]}", "text": p.read_text()}) + "\n"
                            for p in seed_paths))  # URLs given; no dates, as the seed files have none
    for key, value in {"RAW": tmp_path / "raw", "EXTRACTED": tmp_path / "extracted", "REGISTRY": REGISTRY,
                       "STATE": tmp_path / "state", "TIMELINE": checkout}.items():
        monkeypatch.setenv(f"NEWSEVENTS_PATHS__{key}", str(value))
    monkeypatch.setenv("NEWSEVENTS_PATHS__REGISTRIES", f'["{SAMPLE_REGISTRY}"]')

    assert runner.invoke(app, ["run", "--local", str(dump)]).exit_code == 0
    drafts = {p.stem: parse_draft_text(p.read_text())[0] for p in (tmp_path / "extracted").glob("*.md")}
    (seeds,) = [d for d in drafts.values() if len(d["sources"]) == 4]
    assert seeds["provenance"]["timeline_match"][0]["id"] == event_id

    as_new = runner.invoke(app, ["review", "accept", seeds["id"]])  # a strong match: not as a new event unasked
    assert as_new.exit_code == 1 and f"--into {event_id}" in as_new.output.replace("\n", "")
    refused = runner.invoke(app, ["review", "accept", seeds["id"], "--into", "2025-03-18--not-in-the-timeline"])
    assert refused.exit_code == 2 and "no event" in refused.output
    accepted = runner.invoke(app, ["review", "accept", seeds["id"], "--into", event_id])
    assert accepted.exit_code == 0, accepted.output
    dry = runner.invoke(app, ["export", "--to", str(checkout), "--dry-run"])
    assert dry.exit_code == 0 and "+  - url: https://seeds.example/000" not in dry.output
    assert dry.output.count("+  url: https://seeds.example/") == 4 and event_file.read_text() == before

    assert runner.invoke(app, ["export", "--to", str(checkout)]).exit_code == 0
    after = event_file.read_text()
    assert not [line for line in difflib.ndiff(before.splitlines(), after.splitlines()) if line.startswith("- ")]
    old, new = (parse_draft_text(text)[0] for text in (before, after))
    assert new == {**old, "sources": [*old["sources"], *new["sources"][len(old["sources"]):]]}
    assert sorted(s["url"] for s in new["sources"][len(old["sources"]):]) == [
        f"https://seeds.example/{n}" for n in SEEDS]
    assert len(list(checkout.rglob("*.md"))) == 1  # no second record of the event
    again = runner.invoke(app, ["export", "--to", str(checkout)])
    assert again.exit_code == 0 and "1 already exported" in again.output and event_file.read_text() == after

    # a draft of another event, accepted as new, is a valid new event file
    other = next(d for d in drafts.values() if d["id"] != seeds["id"] and d["kind"] == "background")
    accepted = runner.invoke(app, ["review", "accept", other["id"], "--new"])
    assert accepted.exit_code == 0, accepted.output
    assert runner.invoke(app, ["export", "--to", str(checkout)]).exit_code == 0
    written = checkout / "events" / f"{other['id']}.md"
    front = parse_draft_text(written.read_text())[0]
    assert record_problems(front) == [] and "provenance" not in front
    assert other["id"] in {e.id for e in load_timeline(checkout).events}
