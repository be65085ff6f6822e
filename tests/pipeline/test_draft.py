from __future__ import annotations

import re
from datetime import date

import pytest
import yaml

from pipeline.draft import build_draft
from pipeline.draft_file import parse_draft, parse_draft_text, render_draft
from pipeline.extract import analyse_doc
from pipeline.records import Article
from pipeline.resolve import resolve_analysis
from pipeline.settings import DraftSettings, ExtractSettings, ResolveSettings

pytestmark = pytest.mark.model

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


def test_draft_round_trips_through_its_file_with_awkward_titles(nlp, index):
    draft = draft_of(nlp, index, title='Mayor: "we: did it" — ../../etc/passwd #1')
    text = render_draft(draft)
    assert parse_draft(text) == draft
    front, body = parse_draft_text(text)
    assert list(front)[:10] == sorted(["actors", "date", "description", "id", "importance", "location",
                                       "sources", "status", "tags", "title"])
    assert list(front)[-1] == "provenance"
    assert "/" not in draft.id and ".." not in draft.id
    assert "## Key quotes" in body and "Ilse Varga" in body
    yaml.safe_load(text.split("---\n")[1])


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


def test_undated_article_says_so(nlp, index):
    draft = draft_of(nlp, index, published=None)
    assert draft.provenance.date_rule.startswith("collected")


@pytest.mark.parametrize("bad", ["no front matter", "---\ntitle: [unclosed\n---\nbody", "---\n- a list\n---\n"])
def test_parse_draft_text_rejects_invalid_files(bad):
    with pytest.raises(ValueError):
        parse_draft_text(bad)


def test_the_draft_fields_table_names_every_field_of_a_draft_once():
    """records.DRAFT_FIELDS is what the draft file, the review page, `review edit` and the accepted
    record read: a field added to EventDraft without a row there would be written by none of them."""
    from pipeline.records import DRAFT_FIELDS, EDITABLE, TIMELINE_KEYS, EventDraft

    names = [f.name for f in DRAFT_FIELDS]
    assert sorted(names) == sorted(EventDraft.model_fields) and len(names) == len(set(names))
    assert set(EDITABLE) <= set(TIMELINE_KEYS) and "provenance" not in TIMELINE_KEYS
    assert list(TIMELINE_KEYS) == sorted(TIMELINE_KEYS)  # the timeline's files list their keys alphabetically
