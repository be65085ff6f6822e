"""Export into a timeline checkout (issue 17): new events as files, added sources as an edit of the
event's file that changes no other line, and the timeline's rules checked before anything is written."""

from __future__ import annotations

import difflib
from pathlib import Path

import pytest

from pipeline.draft_file import parse_draft_text
from pipeline.export import append_items, apply, event_files, plan_export
from pipeline.records import EventDraft, Provenance, Source
from pipeline.timeline import load_timeline

# An event file as people write them: a comment, keys out of order, quoting and a folded description.
EVENT = """---
# checked against the court filing, 2024-05-02
id: 2024-05-01--harbour-board-sells-pier
date: '2024-05-01'
title: "Harbour board sells Pier 9 to a developer"
actors:
  - Harbour Board
  - Tomas Reyes
sources:
  - date: '2024-05-01'
    outlet: Meridian Post
    title: Pier 9 sold
    url: https://meridian.example/pier-9
status: confirmed   # reviewed twice
tags: [waterfront, land-sales]
importance: 6
description: >
  The harbour board sold Pier 9
  without a tender.
---

The harbour board sold Pier 9 without a tender.
"""


def draft(id_: str = "2024-05-01--pier-sale-questioned", *, date: str = "2024-05-01", urls: tuple[str, ...] = (),
          update_of: str | None = None, title: str = "Council questions the Pier 9 sale", **fields) -> EventDraft:
    sources = [Source(url=u, outlet="Bay Ledger", title=f"Story {i}", date="2024-05-03") for i, u in enumerate(urls)]
    return EventDraft(id=id_, date=date, title=title, description="The council asked why there was no tender.",
                      actors=["Harbour Board", "Ana Ruiz"], sources=sources, status="confirmed", update_of=update_of,
                      provenance=Provenance(inputs=["a" * 64], pipeline_version="t", date_rule="t"), **fields)


@pytest.fixture
def checkout(tmp_path: Path) -> Path:
    events = tmp_path / "timeline" / "events"
    events.mkdir(parents=True)
    (events / "2024-05-01--harbour-board-sells-pier.md").write_text(EVENT)
    (tmp_path / "timeline" / "README.md").write_text("# not an event\n")
    return tmp_path / "timeline"


def test_added_sources_change_no_other_line_and_a_second_export_changes_nothing(checkout):
    path = checkout / "events" / "2024-05-01--harbour-board-sells-pier.md"
    update = draft(urls=("https://bay.example/pier", "https://www.meridian.example/pier-9/?utm_source=x",
                         "https://bay.example/pier-2"), update_of="2024-05-01--harbour-board-sells-pier")
    plan = plan_export([update], checkout, added_actors={update.id: ["Ana Ruiz", "tomas reyes"]})
    assert not plan.refused and [c.added for c in plan.changes] == [2]  # the Meridian URL is cited already
    assert apply(plan) == [path]
    after = path.read_text()
    removed = [line for line in difflib.ndiff(EVENT.splitlines(), after.splitlines()) if line.startswith("- ")]
    assert removed == []  # only lines added: comments, quoting, key order and the folded text kept
    old, new = parse_draft_text(EVENT)[0], parse_draft_text(after)[0]
    assert new["sources"][:1] == old["sources"] and [s["url"] for s in new["sources"][1:]] == [
        "https://bay.example/pier", "https://bay.example/pier-2"]
    assert new["actors"] == ["Harbour Board", "Tomas Reyes", "Ana Ruiz"]  # "tomas reyes" is named already
    assert {k: v for k, v in new.items() if k not in ("sources", "actors")} == {
        k: v for k, v in old.items() if k not in ("sources", "actors")}
    assert "    url: https://bay.example/pier\n" in after  # in the list's own indentation
    again = plan_export([update], checkout, added_actors={update.id: ["Ana Ruiz"]})
    assert (again.changes, again.refused, again.unchanged) == ([], [], [update.id])


def test_a_new_event_is_a_file_of_the_checkouts_layout_that_reads_back(checkout):
    new = draft(urls=("https://bay.example/pier",), tags=["waterfront"], importance=5)
    plan = plan_export([new], checkout)
    assert plan.diff(checkout).startswith("--- /dev/null\n+++ b/events/2024-05-01--pier-sale-questioned.md")
    (written,) = apply(plan)
    assert written == checkout / "events" / f"{new.id}.md"
    text = written.read_text()
    assert "provenance" not in text and text.endswith("The council asked why there was no tender.\n")
    front = parse_draft_text(text)[0]
    assert list(front) == sorted(front)  # the timeline's key order
    (event,) = [e for e in load_timeline(checkout).events if e.id == new.id]
    assert (event.title, event.actor_names, event.tags, event.importance) == (
        new.title, ("Harbour Board", "Ana Ruiz"), ("waterfront",), 5)
    assert sorted(event_files(checkout)) == ["2024-05-01--harbour-board-sells-pier", new.id]
    assert plan_export([new], checkout).unchanged == [new.id]


@pytest.mark.parametrize(("changed", "reason"), [
    ({"id_": "pier-sale"}, "is not YYYY-MM-DD--slug"),
    ({"id_": "2024-05-01--Pier_Sale"}, "is not YYYY-MM-DD--slug"),
    ({"date": "2024-05-02"}, "the id's date 2024-05-01 is not the event's date 2024-05-02"),
    ({"title": ""}, "title is missing"),
    ({"urls": ()}, "sources is missing"),
    ({"urls": ("https://bay.example/a", "http://www.bay.example/a/")}, "a source URL twice in one event"),
    ({"id_": "2024-05-01--harbour-board-sells-pier"}, "is already an event of the timeline"),
    ({"update_of": "2024-05-01--no-such-event"}, "no event file 2024-05-01--no-such-event.md"),
])
def test_a_record_that_breaks_a_rule_is_refused_with_the_reason_and_nothing_is_written(checkout, changed, reason):
    before = {p: p.read_bytes() for p in checkout.rglob("*")  if p.is_file()}
    fields = {"urls": ("https://bay.example/pier",), **changed}
    good = draft("2024-05-04--a-good-one", date="2024-05-04", urls=("https://bay.example/good",))
    plan = plan_export([draft(**fields), good], checkout)
    (refusal,) = plan.refused
    assert reason in refusal.reason
    assert [c.draft_id for c in plan.changes] == [good.id]  # the others still go
    apply(plan)
    assert {p: p.read_bytes() for p in before} == before


def test_a_flow_style_list_is_refused_not_rewritten(checkout):
    path = checkout / "events" / "2024-05-01--harbour-board-sells-pier.md"
    path.write_text(EVENT.replace("sources:\n  - date: '2024-05-01'\n    outlet: Meridian Post\n    title: Pier 9 sold\n"
                                  "    url: https://meridian.example/pier-9\n",
                                  "sources: [{url: 'https://meridian.example/pier-9'}]\n"))
    plan = plan_export([draft(urls=("https://bay.example/pier",), update_of=path.stem)], checkout)
    assert "not a block list" in plan.refused[0].reason and not plan.changes


def test_items_go_after_the_last_item_whatever_the_lists_indentation():
    text = "---\nid: x\nsources:\n- url: a\n  title: A\n\n# kept\nstatus: confirmed\n---\nBody\n"
    after = append_items(text, "sources", [{"url": "b", "title": "B"}])
    assert after == "---\nid: x\nsources:\n- url: a\n  title: A\n- title: B\n  url: b\n\n# kept\nstatus: confirmed\n---\nBody\n"
    assert append_items("---\nid: x\n---\n", "actors", ["Ana"]) == "---\nid: x\nactors:\n- Ana\n---\n"
