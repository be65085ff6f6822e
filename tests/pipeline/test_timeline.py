"""Reading a timeline's events: what tag suggestions take of them (issue 16). Matching drafts
against a timeline is tested in tests/pipeline/test_cluster.py."""

from __future__ import annotations

import pytest

from pipeline.timeline import TimelineIndex


def one_event(**fields: object):  # noqa: ANN201 - a TimelineEvent
    (event,) = TimelineIndex.build([{"id": "2024-01-01--x", "date": "2024-01-01", "title": "X", **fields}]).events
    return event


@pytest.mark.parametrize(("written", "read"), [(7, 7), ("8", 8), (" 9 ", 9), (10, 10), (1, 1), (0, None), (11, None),
                                               ("high", None), (True, None), (7.5, None), (None, None)])
def test_an_events_importance_is_a_whole_number_from_1_to_10(written, read):
    assert one_event(importance=written).importance == read


def test_an_events_tags_actors_and_description_are_kept_as_written():
    event = one_event(tags=["regulatory-capture", "", "crypto"], actors=["Elon Musk", " "], description="What happened.")
    assert event.tags == ("regulatory-capture", "crypto")
    assert event.actor_names == ("Elon Musk",)
    assert event.description == "What happened."
