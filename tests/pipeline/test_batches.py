"""The batch loop: every input of a batch ends as a draft or a recorded failure."""

from __future__ import annotations

import json
from collections import Counter

import pytest

from pipeline.analyse import analyse_batch
from pipeline.batches import pending_documents, save_batch
from pipeline.collect import collect_sources
from pipeline.draft_file import parse_draft_text
from pipeline.runner import process_pending
from pipeline.store import draft_path, open_ledger
from tests.conftest import SAMPLES, make_settings


@pytest.mark.model
def test_one_bad_article_does_not_stop_the_batch(settings, tmp_path, nlp, index):
    good = (SAMPLES / "daily-meridian_rail-union-backs-deal.txt").read_text(encoding="utf-8")
    dump = tmp_path / "dump.jsonl"
    dump.write_text(json.dumps({"url": "https://example.org/a", "text": good, "published": "0001-01-01T00:00:00Z"}) + "\n"
                    + json.dumps({"url": "https://example.org/b", "text": good.replace("Carrowford", "Dunmere"),
                                  "published": "2025-02-06"}) + "\n")
    collect_sources([str(dump)], cfg=settings.collect, raw_dir=settings.paths.raw)
    report = process_pending(settings, nlp=nlp, index=index)
    assert not report.failures
    sources = [parse_draft_text(o.path.read_text())[0]["sources"] for o in report.outcomes]
    # the same text twice (one word differs): one source, the copy's URL cited with it
    assert [[(s["url"], s.get("also_at")) for s in group] for group in sources] == [
        [("https://example.org/b", ["https://example.org/a"])]
    ]


def _drafts(settings) -> dict[str, str]:
    return {p.name: p.read_text(encoding="utf-8") for p in sorted(settings.paths.extracted.glob("*.md"))}


@pytest.mark.model
@pytest.mark.shared
def test_a_large_event_is_written_once_at_the_end_of_the_run_as_batch_by_batch(tmp_path, seed_paths, nlp, index):
    def run(root, rewrite_at_end):
        settings = make_settings(root, flows={"task_batch": 1}, draft={"rewrite_at_end": rewrite_at_end})
        collect_sources([str(p) for p in seed_paths], cfg=settings.collect, raw_dir=settings.paths.raw)
        return settings, process_pending(settings, nlp=nlp, index=index)

    each, each_report = run(tmp_path / "each", 0)  # the four seeds one batch each: the event grows 1, 2, 3, 4
    end, end_report = run(tmp_path / "end", 2)
    assert _drafts(end) == _drafts(each)  # the same drafts, written fewer times
    (seed_event,) = [parse_draft_text(text)[0]["id"] for text in _drafts(end).values()
                     if len(parse_draft_text(text)[0]["sources"]) == 4]
    writes = lambda report: Counter(o.draft_id for o in report.outcomes if o.action != "unchanged")  # noqa: E731
    assert (writes(each_report)[seed_event], writes(end_report)[seed_event]) == (4, 2)  # created, then at the end
    with open_ledger(end.paths.extracted) as ledger:
        assert ledger.stale_events() == []


@pytest.mark.model
def test_a_run_killed_before_its_end_writes_the_drafts_it_left_behind_next_time(tmp_path, nlp, index):
    settings = make_settings(tmp_path, draft={"rewrite_at_end": 2})
    collect_sources([str(SAMPLES)], cfg=settings.collect, raw_dir=settings.paths.raw)
    for raw in pending_documents(settings):  # batch after batch, as a run saves them, killed before its end
        analyses, failures = analyse_batch([raw], settings=settings, nlp=nlp, index=index)
        save_batch(analyses, failures, settings=settings, defer=True)
    with open_ledger(settings.paths.extracted) as ledger:
        stale = ledger.stale_events()
    assert stale
    behind = {i: len(parse_draft_text(draft_path(settings.paths.extracted, i).read_text())[0]["sources"]) for i in stale}

    report = process_pending(settings, nlp=nlp, index=index)  # nothing left to analyse: the stale drafts are written
    assert sorted(o.draft_id for o in report.outcomes) == stale
    for i in stale:
        assert len(parse_draft_text(draft_path(settings.paths.extracted, i).read_text())[0]["sources"]) > behind[i]
    with open_ledger(settings.paths.extracted) as ledger:
        assert ledger.stale_events() == []
