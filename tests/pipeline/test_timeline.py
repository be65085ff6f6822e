"""Reading a timeline's events: what tag suggestions take of them (issue 16). Matching drafts
against a timeline is tested in tests/pipeline/test_cluster.py."""

from __future__ import annotations

import pytest

from pipeline.timeline import TimelineIndex


def best_match(draft, index, *, cfg):  # noqa: ANN001, ANN201 - the first of match_draft's matches, or None
    from pipeline.timeline import match_draft

    return next(iter(match_draft(draft, index, cfg=cfg)), None)


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


def test_a_draft_dated_to_a_year_is_compared_with_the_events_of_that_year_at_full_weight():
    """A past event an article dates only 'in 2011' is the timeline's record of 2011-03-23."""
    from pipeline.draft import build_event_draft
    from pipeline.records import EventMention
    from pipeline.article_events import background_event
    from pipeline.settings import DraftSettings, TimelineSettings
    from tests.fixtures.records import analysis

    index = TimelineIndex.build([{"id": "2011-03-23--birther-campaign", "date": "2011-03-23",
                                  "title": "Trump leads birther campaign against Obama",
                                  "actors": ["Donald Trump", "Barack Obama"]}])
    text = "In 2011, Donald Trump led the birther campaign against Barack Obama.\nMore followed."
    past = EventMention(sentence=0, date="2011-01-01", precision="year", date_text="2011", date_span=(3, 7),
                        title="Donald Trump led the birther campaign against Barack Obama", score=3.0)
    article = analysis("a" * 64, "Trump and Obama meet", text=text, one_sentence=False,
                       actors=[("Donald Trump", "Donald Trump"), ("Barack Obama", "Barack Obama")])
    draft = build_event_draft([background_event(article.model_copy(update={"events": [past]}), past)],
                              cfg=DraftSettings(), pipeline_version="t")
    assert (draft.date, draft.date_precision) == ("2011-01-01", "year")
    found = best_match(draft, index, cfg=TimelineSettings())
    assert found and found["id"] == "2011-03-23--birther-campaign" and found["evidence"]["days_apart"] == 0
    assert found["evidence"]["date_factor"] == 1.0
    # dated to a day, 81 days from the record: still compared (issue 17), at less of its score
    day = best_match(draft.model_copy(update={"date_precision": "day"}), index, cfg=TimelineSettings())
    assert day["evidence"]["days_apart"] == 81 and day["evidence"]["date_factor"] < 1.0
    assert day["score"] < found["score"]


def test_actors_a_draft_mentions_in_passing_count_half_toward_a_match():
    """The seed case: the record names Roscosmos and Rosatom, which the articles name only in a quote."""
    from pipeline.records import EventDraft, Provenance
    from pipeline.settings import TimelineSettings

    index = TimelineIndex.build([{"id": "2025-03-18--mars", "date": "2025-03-18", "title": "Russia proposes Mars flights",
                                  "actors": ["Kirill Dmitriev", "Elon Musk", "Roscosmos", "Rosatom", "Donald Trump",
                                             "Trump Administration"]}])

    def draft(mentioned: list[str]) -> EventDraft:
        return EventDraft(id="2025-03-15--x", date="2025-03-15", title="Dmitriev propositions Musk", description="",
                          actors=["Elon Musk", "Kirill Dmitriev", "Russian Direct Investment Fund", "Donald Trump",
                                  "Vladimir Putin", "Kremlin", "SpaceX"], sources=[],
                          provenance=Provenance(inputs=["a" * 64], pipeline_version="t", date_rule="t",
                                                mentioned_actors=mentioned))

    cfg = TimelineSettings(text_weight=0.0, actor_weight=1.0, threshold=0.6, min_text=0.0)
    assert best_match(draft([]), index, cfg=cfg) is None  # 3 of 7 and 6 actors shared: 0.46
    found = best_match(draft(["Harvard", "Roscosmos", "Rosatom"]), index, cfg=cfg)
    assert found and found["evidence"]["shared_mentioned"] == ["Rosatom", "Roscosmos"]
    assert found["evidence"]["actor_score"] == pytest.approx(4 / 42 ** 0.5, abs=1e-3)


def test_a_drafts_actors_match_the_events_written_in_full_or_as_an_acronym():
    """A draft names actors as its articles write them ("FBI", "Bongino"), the timeline in full; and a
    draft naming one person twice ("Tulsi Gabbard", "Gabbard") is not the weaker for it."""
    from pipeline.records import EventDraft, Provenance
    from pipeline.settings import TimelineSettings
    from pipeline.timeline import same_actor

    index = TimelineIndex.build([{"id": "2025-08-18--fbi", "date": "2025-08-18", "title": "A deputy is named",
                                  "actors": ["Federal Bureau of Investigation", "Dan Bongino", "Donald Trump",
                                             "Intel Corporation"]}])
    draft = EventDraft(id="2025-08-18--x", date="2025-08-18", title="Officials purged", description="",
                       actors=["FBI", "Bongino", "Trump", "Intel", "Dan Bongino"], sources=[],
                       provenance=Provenance(inputs=["a" * 64], pipeline_version="t", date_rule="t"))
    found = best_match(draft, index, cfg=TimelineSettings(text_weight=0.0, actor_weight=1.0, threshold=0.9, min_text=0.0))
    assert found and sorted(found["evidence"]["shared_actors"]) == ["Bongino", "FBI", "Intel", "Trump"]
    assert found["evidence"]["actor_score"] == pytest.approx(1.0)
    assert same_actor("DOJ", "Department of Justice") and not same_actor("NSA", "National Security Archive")
    assert not same_actor("Harvard", "Harvard Educational Review") and not same_actor("FBI", "CIA")


def test_an_actor_the_timeline_names_often_weighs_little_and_actors_alone_never_match():
    """Sharing "Donald Trump", whom a third of the timeline names, does not make a draft about
    museums the record of a National Guard order; nor do shared actors without shared words."""
    from pipeline.records import EventDraft, Provenance
    from pipeline.settings import TimelineSettings

    filler = [{"id": f"2024-01-{i % 28 + 1:02d}--e{i}", "date": f"2024-01-{i % 28 + 1:02d}", "title": "Other",
               "actors": ["Donald Trump"] if i % 3 == 0 else [f"Person {i}"]} for i in range(300)]
    index = TimelineIndex.build([*filler, {"id": "2025-08-25--guard", "date": "2025-08-25", "actors": ["Donald Trump",
                                 "National Guard"], "title": "Trump creates National Guard units for deployment"}])
    assert index.specificity("Donald Trump") < 0.5 < index.specificity("National Guard") <= 1.0

    def draft(title: str, actors: list[str]) -> EventDraft:
        return EventDraft(id="2025-08-20--x", date="2025-08-20", title=title, description="", actors=actors, sources=[],
                          provenance=Provenance(inputs=["a" * 64], pipeline_version="t", date_rule="t"))

    cfg = TimelineSettings()
    assert best_match(draft("Trump vows to expand his review of museums", ["Donald Trump"]), index, cfg=cfg) is None
    guard = draft("Trump sends National Guard units", ["Donald Trump", "National Guard"])
    assert best_match(guard, index, cfg=cfg)["id"] == "2025-08-25--guard"
    unrelated = draft("Crash injures a civilian", ["Donald Trump", "National Guard"])
    assert best_match(unrelated, index, cfg=cfg) is None
    assert best_match(unrelated, index, cfg=TimelineSettings(min_text=0.0))["id"] == "2025-08-25--guard"


def test_a_digest_items_sources_titles_are_the_digests_and_not_compared():
    from pipeline.records import EventDraft, Provenance, Source
    from pipeline.settings import TimelineSettings

    index = TimelineIndex.build([{"id": "2025-08-18--t", "date": "2025-08-18", "actors": ["Ilse Varga"],
                                  "title": "Weekly tyranny tracker roundup"}])

    def draft(kind: str) -> EventDraft:
        return EventDraft(id="2025-08-18--x", date="2025-08-18", kind=kind, title="Ilse Varga blocks a rule",
                          description="", actors=["Ilse Varga"],
                          sources=[Source(url="https://tracker.example/day-211", title="Weekly Tyranny Tracker: Day 211")],
                          provenance=Provenance(inputs=["a" * 64], pipeline_version="t", date_rule="t"))

    assert best_match(draft("main"), index, cfg=TimelineSettings())["id"] == "2025-08-18--t"
    assert best_match(draft("item"), index, cfg=TimelineSettings()) is None
