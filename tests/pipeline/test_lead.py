"""The lead and the dates: what an article reports happened, and when; an event's date."""

from __future__ import annotations

from datetime import date

import pytest

from pipeline.lead import choose_event_date, consensus_date, lead_sentences
from pipeline.settings import DraftSettings
from tests.fixtures.records import analysis
from tests.pipeline.test_draft import draft_of


@pytest.mark.model
@pytest.mark.parametrize(
    ("lead", "expected"),
    [
        # the relative clause is background; the meeting is the action
        ("Mayor Ilse Varga, who won the election on Monday, opened the bridge in Dunmere on Wednesday.", "2025-03-19"),
        # a cause is background too, so the publication date stands
        ("Dunmere closed its old ferry because the new bridge opened on Monday.", "2025-03-20"),
        # a clause of time can carry the news itself
        ("Trains will run again in Dunmere after the union agreed a deal late on Tuesday.", "2025-03-18"),
        # a purpose clause is part of the action
        ("Crowds gathered in Dunmere to celebrate the new bridge on Monday.", "2025-03-17"),
    ],
)
def test_event_date_passes_over_background_clauses(nlp, index, lead, expected):
    draft = draft_of(nlp, index, text=lead + " Nothing else happened.")
    assert draft.date == expected, draft.provenance.date_rule


def test_undated_article_says_so():
    article = analysis("a" * 64, "Ferry", published=None)
    day, rule, _ = choose_event_date(article, lead_sentences(article, cfg=DraftSettings()))
    assert rule.startswith("collected")


@pytest.mark.parametrize(("written", "iso", "rule", "expected"), [
    ("Tuesday", "2025-03-18", "lead-date", "2025-03-18"),  # a day of the week before publication
    ("May 2", "2024-05-02", "published", "2025-03-20"),  # over 31 days before: background, not the event
    ("Saturday", "2025-03-22", "published", "2025-03-20"),  # after publication: not what happened
])
def test_a_date_in_the_lead_is_the_events_within_a_month_before_publication(written, iso, rule, expected):
    text = f"The council of Dunmere closed the old ferry on {written}. Nothing else happened today at all."
    article = analysis("a" * 64, "Ferry", text=text, published=date(2025, 3, 20), dates=[(written, iso)],
                       one_sentence=False)
    day, how, _ = choose_event_date(article, lead_sentences(article, cfg=DraftSettings()))
    assert (day.isoformat(), how.split(":")[0]) == (expected, rule)


def test_an_events_date_is_the_one_most_sources_give_ties_to_the_earliest():
    own = [(date(2025, 3, 18), "lead-date: x", None), (date(2025, 3, 19), "published: y", None),
           (date(2025, 3, 19), "lead-date: z", None), (date(2025, 3, 1), "collected: w", None)]
    chosen, rule, _, primary = consensus_date(own)
    assert chosen == date(2025, 3, 19) and primary == 2  # a lead date rests on more than a publication date
    assert rule.startswith("event-consensus: 2 of 3 dated sources")
    tie, _, _, _ = consensus_date(own[:2])
    assert tie == date(2025, 3, 18)
