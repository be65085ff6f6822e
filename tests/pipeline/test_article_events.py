"""The events of one article: its main event, the dated past events it narrates, a digest's items."""

from __future__ import annotations

from datetime import date

import pytest

from pipeline.article_events import article_events, event_by_key, headline, input_of
from pipeline.records import EventMention, Item
from pipeline.settings import DraftSettings
from tests.fixtures.records import analysis

CFG = DraftSettings()
TEXT = ("Lawmakers asked for the tax returns of the company on Tuesday, the committee said.\n"
        "In 1991, Saudi Prince Alwaleed bin Talal purchased the company's yacht for $18 million.\n"
        "The company was founded in 1927 by Elizabeth Trump.\n")


def _past(text: str, sentence: int, written: str, iso: str, precision: str, title: str, score: float) -> EventMention:
    start = text.index(written)
    return EventMention(sentence=sentence, date=iso, precision=precision, date_text=written,  # type: ignore[arg-type]
                        date_span=(start, start + len(written)), title=title, score=score)


def _article(text: str = TEXT, **kwargs):
    base = analysis("a" * 64, "Lawmakers ask for the company's tax returns | The Ledger", text=text,
                    published=date(2017, 5, 3), dates=[("Tuesday", "2017-05-02")], one_sentence=False)
    return base.model_copy(update=kwargs)


def test_an_article_yields_its_main_event_then_its_past_events_most_salient_first():
    past = [_past(TEXT, 1, "1991", "1991-01-01", "year", "Saudi Prince Alwaleed bin Talal purchased the yacht", 3.0),
            _past(TEXT, 2, "1927", "1927-01-01", "year", "The company was founded by Elizabeth Trump", 2.0)]
    events = article_events(_article(events=past), cfg=CFG)
    assert [(e.kind, e.date.isoformat(), e.precision) for e in events] == [
        ("main", "2017-05-02", "day"), ("background", "1991-01-01", "year"), ("background", "1927-01-01", "year")]
    assert [e.key for e in events] == ["a" * 64, "a" * 64 + "#s1", "a" * 64 + "#s2"]
    assert events[0].title == "Lawmakers ask for the company's tax returns"  # the headline without its site
    assert {input_of(e.key) for e in events} == {"a" * 64}
    assert [e.key for e in article_events(_article(events=past), cfg=DraftSettings(max_background=1))] == [
        "a" * 64, "a" * 64 + "#s1"]
    assert event_by_key(_article(events=past), "a" * 64 + "#s2", cfg=CFG).title.startswith("The company was founded")
    assert event_by_key(_article(events=past), "a" * 64 + "#s9", cfg=CFG) is None  # the analysis no longer has it


def test_a_retrospective_lead_dates_its_main_event_to_the_past_event_it_opens_on():
    text = "In 1991, Saudi Prince Alwaleed bin Talal purchased the company's yacht for $18 million.\nIt was sold again later."
    past = [_past(text, 0, "1991", "1991-01-01", "year", "Saudi Prince Alwaleed bin Talal purchased the yacht", 3.0)]
    article = analysis("b" * 64, "The yacht", text=text, published=date(2017, 5, 3), one_sentence=False)
    (main,) = article_events(article.model_copy(update={"events": past}), cfg=CFG)
    assert (main.kind, main.date.isoformat(), main.precision) == ("main", "1991-01-01", "year")
    assert main.rule.startswith("lead-past-date") and main.title.startswith("Saudi Prince")  # never 2017-05-03


def test_a_digest_yields_one_event_per_item_dated_by_its_own_sentences():
    text = ("Daily tracker\nSenators probe a trading firm\nSenators opened an inquiry on Thursday into trades.\n"
            "A governor signs a water bill\nThe governor signed the bill into law, aides said.\n")
    first, second = text.index("Senators probe"), text.index("A governor")
    items = [Item(start=first, end=second, headline="Senators probe a trading firm", method="heading",
                  links=["https://example.org/probe"]),
             Item(start=second, end=len(text), headline="A governor signs a water bill", method="heading")]
    article = analysis("c" * 64, "Daily tracker", text=text, published=date(2025, 8, 14),
                       dates=[("Thursday", "2025-08-14")], one_sentence=False)
    article = article.model_copy(update={"article": article.article.model_copy(update={"items": items})})
    events = article_events(article, cfg=CFG)
    assert [(e.kind, e.key[-3:], e.date.isoformat(), e.title) for e in events] == [
        ("item", "#i0", "2025-08-14", "Senators probe a trading firm"),
        ("item", "#i1", "2025-08-14", "A governor signs a water bill")]


@pytest.mark.parametrize(("written", "title"), [
    ("Rail strike set to end | The Harbor Ledger", "Rail strike set to end"),
    ("Costs of the bridge rise again - Bench Gazette", "Costs of the bridge rise again"),
    ("Musk – a profile", "Musk – a profile"),  # too little would be left
    ("A story that trails off…", "A story that trails off"),
])
def test_a_headline_as_a_title_loses_its_site_and_ellipsis(written, title):
    assert headline(written) == title
