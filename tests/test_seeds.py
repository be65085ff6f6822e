"""The reference case (../shared/seeds 000-003) through the whole pipeline, library path."""

from __future__ import annotations

import pytest

from pipeline.collect import collect_sources
from pipeline.draft import parse_draft_text
from pipeline.runner import process_pending

pytestmark = [pytest.mark.model, pytest.mark.shared]

EXPECTED_ACTORS = {"Kirill Dmitriev", "Elon Musk", "Donald Trump", "Vladimir Putin", "Roscosmos", "Rosatom",
                   "Russian Direct Investment Fund"}
BOILERPLATE = ("Skip to main content", "WATCH TV", "Tags:", "Sign up", "Newsletter", "newsletter", "©",
               "All rights reserved", "trademark", "Click Here", "Share", "Comments", "Download the")


@pytest.fixture(scope="module")
def seed_drafts(seed_paths, tmp_path_factory, nlp, index):
    from tests.conftest import make_settings

    settings = make_settings(tmp_path_factory.mktemp("seeds"))
    collected = collect_sources([str(p) for p in seed_paths], cfg=settings.collect, raw_dir=settings.paths.raw)
    assert len(collected.ok) == 4
    report = process_pending(settings, nlp=nlp, index=index)
    assert not report.failures
    drafts = {}
    for outcome in report.outcomes:
        front, body = parse_draft_text(outcome.path.read_text(encoding="utf-8"))
        source = next(r.source for r in collected.ok if r.sha256 in front["provenance"]["inputs"])
        drafts[source.rsplit("/", 1)[-1][:3]] = (front, body)
    return drafts


def test_seed_drafts_name_the_actors(seed_drafts):
    named = set().union(*(front["actors"] for front, _ in seed_drafts.values()))
    assert EXPECTED_ACTORS <= named


def test_rdif_resolves_to_the_fund(seed_drafts):
    mentions = [
        (m["text"], entry["actor"])
        for front, _ in seed_drafts.values()
        for entry in front["provenance"]["actors"]
        for m in entry["mentions"]
    ]
    assert ("RDIF", "Russian Direct Investment Fund") in mentions


def test_dmitriev_quote_is_attributed_to_him(seed_drafts):
    quotes = [q for front, _ in seed_drafts.values() for q in front["provenance"]["quotes"]]
    match = [q for q in quotes if q["text"].startswith("There will certainly be discussions with Musk soon")]
    assert match and all(q["speaker_actor"] == "Kirill Dmitriev" for q in match)


def test_seed_002_date_and_outlet(seed_drafts):
    front, _ = seed_drafts["002"]
    assert front["date"] == "2025-03-15"
    assert front["id"].startswith("2025-03-15--")
    assert front["sources"][0]["outlet"] == "Newsmax"


def test_no_description_contains_boilerplate(seed_drafts):
    for front, body in seed_drafts.values():
        for phrase in BOILERPLATE:
            assert phrase not in front["description"], (front["id"], phrase)
        assert body.startswith(front["description"])
