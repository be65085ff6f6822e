"""Draft: an event's sources -> EventDraft with the evidence for every field."""

from __future__ import annotations

import re
from datetime import date

import pytest

from pipeline.draft import build_draft, build_event_draft
from pipeline.extract import analyse_doc
from pipeline.records import Article
from pipeline.resolve import resolve_analysis
from pipeline.settings import DraftSettings, ExtractSettings, ResolveSettings
from tests.fixtures.records import analysis

TEXT = (
    "“Bridges are promises we keep.”\n"
    "—Ilse Varga, mayor of Dunmere\n"
    "The town of Dunmere reopened its old stone bridge on Tuesday after two years of repairs, Mayor Ilse Varga said. "
    "About 4,000 vehicles a day are expected to cross it again.\n"
    "“We kept every stone we could,” Varga said."
)


def draft_of(nlp, index, text=TEXT, title="Dunmere reopens its bridge: a test", published=date(2025, 3, 20)):
    article = Article(raw_sha256="a" * 64, title=title, title_method="test", text=text, published=published,
                      outlet="Test Outlet", url="https://example.org/bridge")
    analysis = resolve_analysis(analyse_doc(nlp(text), article, cfg=ExtractSettings()), index=index, cfg=ResolveSettings())
    return build_draft(analysis, cfg=DraftSettings(), pipeline_version="test")


@pytest.mark.model
def test_draft_fields_and_evidence(nlp, index):
    draft = draft_of(nlp, index)
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}--[a-z0-9-]{1,60}", draft.id)
    assert draft.date == "2025-03-18"  # "on Tuesday" in the lead, anchored on Thursday 20 March
    assert draft.provenance.date_rule.startswith("lead-date")
    assert draft.description.startswith("The town of Dunmere reopened")  # the epigraph is not the lead
    assert draft.status == "draft" and draft.importance is None
    assert draft.sources[0].outlet == "Test Outlet" and draft.sources[0].date == "2025-03-20"
    quotes = draft.provenance.quotes
    assert quotes[0]["method"] == "epigraph" and quotes[0]["speaker"] == "Ilse Varga"


def test_an_event_of_several_sources_cites_each_and_takes_the_date_most_give():
    """Built by hand (no model): three sources, two of which date the event to the same day."""
    text = "The council of Dunmere voted on Tuesday to close the old ferry. The vote was close."
    sources = [
        analysis(c * 64, f"Ferry vote {i}", url=f"https://{c}.example/ferry", published=date(2025, 3, 20), text=text,
                 outlet=f"Outlet {c}", dates=[("Tuesday", "2025-03-18")] if c != "c" else [],
                 actors=[("council of Dunmere", "Dunmere Council")], one_sentence=False)
        for i, c in enumerate("abc")
    ]
    draft = build_event_draft(sources, cfg=DraftSettings(), pipeline_version="test", event_id="e1")
    assert draft.date == "2025-03-18" and draft.provenance.date_rule.startswith("event-consensus: 2 of 3")
    assert [s.url for s in draft.sources] == ["https://a.example/ferry", "https://b.example/ferry", "https://c.example/ferry"]
    assert [d["date"] for d in draft.provenance.source_dates] == ["2025-03-18", "2025-03-18", "2025-03-20"]
    assert draft.actors == ["Dunmere Council"] and draft.title == "Ferry vote 0"
    # the lead: both sentences (80 words at most), its relative day written as a date (issue 16)
    assert draft.description == text.replace("on Tuesday", "on March 18, 2025")
    assert all(m["source"] in (0, 1, 2) for a in draft.provenance.actors for m in a["mentions"])


def test_copies_are_cited_under_their_source():
    body = analysis("a" * 64, "Ferry", url="https://a.example/ferry")
    draft = build_event_draft([body], cfg=DraftSettings(), pipeline_version="test", event_id="e1",
                              duplicates={"a" * 64: [("b" * 64, "https://b.example/copy")]})
    assert draft.sources[0].also_at == ["https://b.example/copy"]
    assert draft.provenance.inputs == ["a" * 64, "b" * 64] and draft.provenance.source_inputs == ["a" * 64]
    assert re.fullmatch(r"e1", draft.id)


def past_event_draft(nlp, index, text: str):  # noqa: ANN001, ANN201 - the model, the actor index; an EventDraft
    """The draft of the one dated past event a short article (published 2016-09-09) narrates."""
    from pipeline.article_events import article_events

    article = Article(raw_sha256="b" * 64, title="A meeting", title_method="test", text=text,
                      published=date(2016, 9, 9), outlet="Test Outlet", url="https://example.org/meeting")
    analysis = resolve_analysis(analyse_doc(nlp(text), article, cfg=ExtractSettings()), index=index, cfg=ResolveSettings())
    (past,) = [e for e in article_events(analysis, cfg=DraftSettings()) if e.kind == "background"]
    return build_event_draft([past], cfg=DraftSettings(), pipeline_version="test")


@pytest.mark.model
def test_a_past_events_actors_are_those_of_its_clause_and_its_title(nlp, index):
    draft = past_event_draft(nlp, index, "The council met in Dunmere on Tuesday to discuss the budget.\n"
                             "Mayor Ilse Varga said the United States would work with other members of the Security "
                             "Council, and she urged North Korea to resume the talks it abandoned in 2009.")
    assert (draft.date, draft.title) == ("2009-01-01", "North Korea abandoned the talks")
    assert draft.actors[0] == "North Korea"  # its title's doer (a place, the pronoun's antecedent) first
    assert not {"United States", "Security Council"} & set(draft.actors)  # named in the other clause


@pytest.mark.model
def test_a_relative_clause_describing_a_name_gives_the_past_event_no_actors(nlp, index):
    draft = past_event_draft(nlp, index, "The fund met on Tuesday to discuss its plans.\n"
                             "Dmitri Volkov, who studied at Harvard and worked at Goldman Sachs, was appointed by "
                             "Vladimir Putin to head the fund in 2011.")
    assert {"Dmitri Volkov", "Vladimir Putin"} <= set(draft.actors)
    assert not {"Harvard", "Goldman Sachs"} & set(draft.actors)  # they describe Volkov: mentioned
