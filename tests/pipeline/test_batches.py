"""The batch loop: every input of a batch ends as a draft or a recorded failure."""

from __future__ import annotations

import json

import pytest

from pipeline.collect import collect_sources
from pipeline.draft_file import parse_draft_text
from pipeline.runner import process_pending
from tests.conftest import SAMPLES


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
