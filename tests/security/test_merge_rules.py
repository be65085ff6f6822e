"""Merges and splits only between events still in the queue (issue 14, item 8): merging A into B,
then B into A, left both `merged` and the event out of the queue."""

from __future__ import annotations

from datetime import date, datetime, timezone

import pytest

from pipeline import review
from pipeline.batches import save_batch
from pipeline.store import open_ledger
from tests.fixtures.records import analysis as _analysis
from tests.fixtures.records import two_events as _two_events

AT = datetime(2025, 10, 1, tzinfo=timezone.utc)


def _merged(settings, target_id: str, other_id: str) -> None:
    extracted = settings.paths.extracted
    target, other = review.open_draft(extracted, target_id), review.open_draft(extracted, other_id)
    merged, gone = review.merge(settings, target, other, who="ana", at=AT)
    review.save(extracted, merged, version=target.version)
    review.save(extracted, gone, version=other.version)


def _state(settings, *ids: str) -> tuple:
    extracted = settings.paths.extracted
    with open_ledger(extracted) as ledger:
        members = [sorted(m["sha256"] for m in ledger.members(i)) for i in ids]
        events = sorted(ledger.event_ids())
    return [(extracted / f"{i}.md").read_bytes() for i in ids], members, events


def test_merging_back_into_a_merged_draft_is_refused_and_changes_nothing(settings):
    a, b = _two_events(settings)
    _merged(settings, b, a)  # A into B
    before = _state(settings, a, b)
    extracted = settings.paths.extracted
    with pytest.raises(review.ReviewError, match=f"merged into {b}"):  # then B into A
        review.merge(settings, review.open_draft(extracted, a), review.open_draft(extracted, b), who="ana", at=AT)
    assert _state(settings, a, b) == before
    items, _ = review.queue(extracted)
    assert [(i.id, i.status) for i in items if i.status != "merged"] == [(b, "draft")]  # the event stays queued


def test_a_merged_draft_cannot_be_merged_again_into_a_third(settings):
    a, b = _two_events(settings)
    save_batch([_analysis("f" * 64, "Bridge closed", published=date(2025, 5, 1))], [], settings=settings)
    c = "2025-05-01--bridge-closed"
    _merged(settings, b, a)
    before = _state(settings, a, b, c)
    extracted = settings.paths.extracted
    with pytest.raises(review.ReviewError, match=f"{a} cannot be merged again: it was merged into {b}"):
        review.merge(settings, review.open_draft(extracted, c), review.open_draft(extracted, a), who="ana", at=AT)
    assert _state(settings, a, b, c) == before


def test_nothing_joins_or_leaves_a_rejected_draft_but_its_sources_may_join_another(settings):
    a, b = _two_events(settings)
    extracted = settings.paths.extracted
    opened = review.open_draft(extracted, a)
    review.save(extracted, review.reject(opened.draft, reason="a second report", who="ana", at=AT),
                version=opened.version)
    before = _state(settings, a, b)
    with pytest.raises(review.ReviewError, match="rejected"):
        review.merge(settings, review.open_draft(extracted, a), review.open_draft(extracted, b), who="ana", at=AT)
    assert _state(settings, a, b) == before

    _merged(settings, b, a)  # the rejected report's source joins the event in the queue
    assert review.open_draft(extracted, b).draft.provenance.source_inputs == ["d" * 64, "e" * 64]
    opened = review.open_draft(extracted, b)
    review.save(extracted, review.reject(opened.draft, reason="not an event", who="ana", at=AT),
                version=opened.version)
    before = _state(settings, a, b)
    with pytest.raises(review.ReviewError, match=f"no source can be split off {b}: it is rejected"):
        review.split(settings, review.open_draft(extracted, b), 1, who="ana", at=AT)
    assert _state(settings, a, b) == before
