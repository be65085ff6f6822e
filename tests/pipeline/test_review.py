"""Review actions on drafts and the ledger: merges and splits stopped half-way, refused ones."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from pipeline import review
from pipeline.store import open_ledger
from tests.fixtures.records import two_events


def test_a_merge_that_cannot_be_rebuilt_changes_nothing_in_the_ledger(settings):
    """merge moves members and event signatures in one transaction: when the merged draft cannot be
    rebuilt (the sources' stored analyses are gone), the ledger is as it was."""
    from pipeline.store import analysis_path

    ids = two_events(settings)
    extracted = settings.paths.extracted
    target, other = review.open_draft(extracted, ids[0]), review.open_draft(extracted, ids[1])
    for sha in ("d" * 64, "e" * 64):
        analysis_path(extracted, sha).unlink()
    with open_ledger(extracted) as ledger:
        before = (ledger.members(target.draft.id), ledger.members(other.draft.id), ledger.event_ids())
    with pytest.raises(review.ReviewError, match="not stored"):
        review.merge(settings, target, other, who="analyst", at=datetime(2025, 10, 1, tzinfo=timezone.utc))
    with open_ledger(extracted) as ledger:
        assert (ledger.members(target.draft.id), ledger.members(other.draft.id), ledger.event_ids()) == before


def test_a_merge_stopped_before_its_drafts_were_saved_can_be_done_again(settings):
    """The ledger moved the sources, then the process died (or a save was refused) before the
    draft files were written: doing the merge again finishes it instead of refusing."""
    ids = two_events(settings)
    extracted, at = settings.paths.extracted, datetime(2025, 10, 1, tzinfo=timezone.utc)
    review.merge(settings, review.open_draft(extracted, ids[0]), review.open_draft(extracted, ids[1]), who="a", at=at)
    target, other = review.open_draft(extracted, ids[0]), review.open_draft(extracted, ids[1])  # files unchanged
    merged, gone = review.merge(settings, target, other, who="a", at=at)
    assert merged.provenance.source_inputs == ["d" * 64, "e" * 64] and gone.status == "merged"


def test_a_split_stopped_before_its_drafts_were_saved_can_be_done_again(settings):
    ids = two_events(settings)
    extracted, at = settings.paths.extracted, datetime(2025, 10, 1, tzinfo=timezone.utc)
    target, other = review.open_draft(extracted, ids[0]), review.open_draft(extracted, ids[1])
    merged, gone = review.merge(settings, target, other, who="a", at=at)
    review.save(extracted, merged, version=target.version)
    review.save(extracted, gone, version=other.version)

    review.split(settings, review.open_draft(extracted, ids[0]), 1, who="a", at=at)  # stopped here
    opened = review.open_draft(extracted, ids[0])
    remaining, new = review.split(settings, opened, 1, who="a", at=at)
    review.write_new(extracted, new)
    review.save(extracted, remaining, version=opened.version)
    assert remaining.provenance.source_inputs == ["d" * 64] and new.provenance.source_inputs == ["e" * 64]
    with open_ledger(extracted) as ledger:
        assert [m["sha256"] for m in ledger.members(new.id)] == ["e" * 64]
        assert [m["sha256"] for m in ledger.members(ids[0])] == ["d" * 64]


def test_a_merge_keeps_the_targets_suggested_tags_and_their_evidence_issue_16(tmp_path):
    from datetime import date

    from pipeline.batches import save_batch
    from tests.conftest import make_settings
    from tests.fixtures.records import analysis
    from tests.fixtures.timeline import HARBOUR_TEXT, HARBOUR_TITLE, write_timeline

    settings = make_settings(tmp_path, paths={"timeline": write_timeline(tmp_path / "events.jsonl")})
    save_batch([analysis("d" * 64, HARBOUR_TITLE, text=HARBOUR_TEXT, published=date(2025, 3, 1))], [], settings=settings)
    save_batch([analysis("e" * 64, "Harbour fire", published=date(2025, 9, 1))], [], settings=settings)
    extracted, at = settings.paths.extracted, datetime(2025, 10, 1, tzinfo=timezone.utc)
    target = review.open_draft(extracted, "2025-03-01--harbour-dredging-contract-under-scrutiny")
    assert target.draft.tags and target.draft.provenance.suggested
    merged, _ = review.merge(settings, target, review.open_draft(extracted, "2025-09-01--harbour-fire"), who="a", at=at)
    assert merged.tags == target.draft.tags and merged.provenance.suggested == target.draft.provenance.suggested


def test_a_mentioned_actor_joins_the_actors_once_and_only_a_mentioned_one_issue_16():
    from pipeline.records import EventDraft, Provenance

    draft = EventDraft(id="2025-03-18--x", date="2025-03-18", title="t", description="d", actors=["Elon Musk"],
                       sources=[], provenance=Provenance(inputs=["a" * 64], pipeline_version="t", date_rule="t",
                                                         mentioned_actors=["Roscosmos", "Rosatom"]))
    at = datetime(2025, 3, 20, tzinfo=timezone.utc)
    added = review.add_mentioned(draft, name="Roscosmos", who="ana", at=at)
    assert added.actors == ["Elon Musk", "Roscosmos"]
    assert added.review[-1] | {} == {"action": "add-actor", "name": "Roscosmos", "by": "ana", "at": at.isoformat()}
    assert review.add_mentioned(added, name="Roscosmos", who="ana", at=at) == added  # once
    with pytest.raises(review.ReviewError, match="not an actor"):
        review.add_mentioned(draft, name="Harvard", who="ana", at=at)
