"""The draft file: an EventDraft written as markdown with YAML front matter, and read back."""

from __future__ import annotations

from datetime import date

import pytest
import yaml

from pipeline.draft import build_event_draft
from pipeline.draft_file import (
    InvalidDraft,
    draft_problem,
    parse_draft,
    parse_draft_text,
    render_draft,
)
from pipeline.settings import DraftSettings
from tests.fixtures.records import analysis
from tests.pipeline.test_draft import draft_of


@pytest.mark.model
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


def test_a_draft_built_by_hand_round_trips_and_its_keys_are_the_timelines():
    source = analysis("a" * 64, 'Mayor: "we: did it" — ../../etc/passwd #1', url="https://a.example/x",
                      published=date(2025, 3, 20))
    draft = build_event_draft([source], cfg=DraftSettings(), pipeline_version="test")
    text = render_draft(draft)
    assert parse_draft(text) == draft and draft_problem(text.encode()) is None
    front, _ = parse_draft_text(text)
    assert list(front)[:10] == sorted(["actors", "date", "description", "id", "importance", "location",
                                       "sources", "status", "tags", "title"])
    assert list(front)[-1] == "provenance" and "/" not in draft.id and ".." not in draft.id
    yaml.safe_load(text.split("---\n")[1])


@pytest.mark.parametrize("bad", ["no front matter", "---\ntitle: [unclosed\n---\nbody", "---\n- a list\n---\n"])
def test_parse_draft_text_rejects_invalid_files(bad):
    with pytest.raises(ValueError):
        parse_draft_text(bad)


def test_a_broken_field_is_named_with_its_line():
    text = render_draft(build_event_draft([analysis("a" * 64, "Ferry")], cfg=DraftSettings(), pipeline_version="t"))
    broken = text.replace("importance: null", "importance: very")
    problem = draft_problem(broken.encode())
    assert isinstance(problem, InvalidDraft) and problem.line == broken.splitlines().index("importance: very") + 1


def test_the_draft_fields_table_names_every_field_of_a_draft_once():
    """records.DRAFT_FIELDS is what the draft file, the review page, `review edit` and the accepted
    record read: a field added to EventDraft without a row there would be written by none of them."""
    from pipeline.records import DRAFT_FIELDS, EDITABLE, TIMELINE_KEYS, EventDraft

    names = [f.name for f in DRAFT_FIELDS]
    assert sorted(names) == sorted(EventDraft.model_fields) and len(names) == len(set(names))
    assert set(EDITABLE) <= set(TIMELINE_KEYS) and "provenance" not in TIMELINE_KEYS
    assert list(TIMELINE_KEYS) == sorted(TIMELINE_KEYS)  # the timeline's files list their keys alphabetically


def test_an_archived_sources_link_round_trips_and_a_hand_edited_script_link_is_refused_16():
    from pipeline.review import timeline_record

    article = analysis("a" * 64, "Ferry vote", url="https://a.example/ferry")
    article = article.model_copy(update={"article": article.article.model_copy(
        update={"archive_url": "https://web.archive.org/web/2025/https://a.example/ferry"})})
    draft = build_event_draft([article], cfg=DraftSettings(), pipeline_version="test", event_id="e1")
    text = render_draft(draft)
    assert parse_draft(text) == draft
    (source,) = parse_draft_text(text)[0]["sources"]
    assert source["archive_url"] == "https://web.archive.org/web/2025/https://a.example/ferry"
    assert "archive_url" in timeline_record(draft)  # the accepted record cites the copy it was read from
    plain = build_event_draft([analysis("b" * 64, "Ferry vote", url="https://b.example/ferry")], cfg=DraftSettings(),
                              pipeline_version="test", event_id="e2")
    assert "archive_url" not in render_draft(plain) and "archive_url" not in timeline_record(plain)
    with pytest.raises(InvalidDraft, match="not an http"):
        parse_draft(text.replace("https://web.archive.org/web/2025/https://a.example/ferry", "javascript:alert(1)//"))


def test_a_source_the_timeline_already_cites_is_said_in_the_body_and_round_trips():
    source = analysis("a" * 64, "Prince buys yacht", url="https://a.example/x", published=date(2019, 3, 1))
    draft = build_event_draft([source], cfg=DraftSettings(), pipeline_version="test")
    cited = [{"url": "https://a.example/x", "events": ["1991-01-01--prince-buys-yacht"]}]
    draft = draft.model_copy(update={"provenance": draft.provenance.model_copy(update={"already_cited": cited})})
    text = render_draft(draft)
    assert parse_draft(text) == draft
    assert "- already cited by 1991-01-01--prince-buys-yacht: https://a.example/x" in parse_draft_text(text)[1]
