"""The rules of `newsevents eval timeline` on hand-made cases (no model, no ../shared)."""

from __future__ import annotations

import pytest

from pipeline.eval_timeline import (
    ALL,
    DraftView,
    EventLabel,
    PairsError,
    carries_date,
    drafts_of,
    event_label,
    gold_document,
    paired_actors,
    parse_pair,
    same_actor,
    score_link,
    summarize,
    timeline_precision,
    url_key,
    without_sources_at,
)

SHA_A, SHA_B = "a" * 64, "b" * 64


def draft(date="2017-05-02", actors=(), precision=None, timeline_ids=(), inputs=(SHA_A,), id=None, kind=None):
    return DraftView(id=id or f"{date}--d{len(actors)}", date=date, title="t", actors=tuple(actors),
                     inputs=frozenset(inputs), precision=precision, timeline_ids=tuple(timeline_ids), kind=kind)


def event(date="1991-01-01", actors=("Alwaleed bin Talal", "Donald Trump"), id=None):
    return EventLabel(date=date, title="Saudi prince buys Trump's yacht", actors=tuple(actors), id=id)


@pytest.mark.parametrize("date, precision", [
    ("1991-01-01", "year"), ("2008-07-01", "month"), ("2002-10-28", "day"), ("2025-03-18", "day"),
    ("2025-12-01", "month"),
])
def test_the_timeline_writes_a_year_as_january_first_and_a_month_as_its_first(date, precision):
    assert timeline_precision(date) == precision


@pytest.mark.parametrize("draft_date, draft_precision, event_date, carried", [
    ("1991-01-01", "year", "1991-01-01", True),    # a year, said as the timeline says it
    ("1991-06-15", None, "1991-01-01", True),      # a finer date carries the year
    ("1992-01-01", "year", "1991-01-01", False),
    ("2008-07-01", "month", "2008-07-01", True),
    ("2008-07-19", "day", "2008-07-01", True),
    ("2008-01-01", "year", "2008-07-01", False),   # a year does not say the month
    ("2008-07-01", "year", "2008-07-01", False),   # nor does a draft that says it knows the year only
    ("2002-10-28", None, "2002-10-28", True),
    ("2002-10-28", "month", "2002-10-28", False),  # the right string, at a coarser precision
    ("2002-10-27", "day", "2002-10-28", False),
    ("", None, "2002-10-28", False),
])
def test_a_date_is_carried_at_the_events_precision(draft_date, draft_precision, event_date, carried):
    assert carries_date(draft(draft_date, precision=draft_precision), event(event_date)) is carried


@pytest.mark.parametrize("a, b, same", [
    ("Donald Trump", "Donald Trump", True),
    ("Trump", "Donald Trump", True),                       # the surname alone
    ("Donald Trump", "Trump", True),
    ("President Donald Trump", "Donald Trump", True),      # titles stripped
    ("Pam Bondi (Attorney General)", "Pam Bondi", True),   # a note dropped
    ("Viktor Orbán", "viktor orban", True),                # accents and case
    ("Donald", "Donald Trump", False),                     # a first name is not a surname
    ("Donald Trump Jr.", "Donald Trump", False),
    ("Treasury", "Treasury Department", False),            # the rule does not guess bodies
    ("Elon Musk", "Kimbal Musk", False),
    ("FBI", "Federal Bureau of Investigation", True),      # initials, "of" skipped
    ("Democratic National Committee", "DNC", True),
    ("FBI", "Federal Bureau of Prisons", False),
    ("Fbi", "Federal Bureau of Investigation", False),     # initials are written in capitals
    ("Intel", "Intel Corporation", True),                  # a company suffix dropped
    ("Intel", "Intelligence Community", False),
    ("Treasury Department", "Department of the Treasury", True),  # a department named both ways
    ("Department of Labor", "U.S. Labor Department", True),
    ("State Department", "Department of Justice", False),
])
def test_two_names_are_one_actor_by_key_surname_initials_or_company_suffix(a, b, same):
    assert same_actor(a, b) is same


def test_actors_are_paired_one_to_one_equal_names_first():
    predicted = ["Trump", "Dmitry Rybolovlev", "Donald Trump", "Palm Beach"]
    gold = ["Donald Trump", "Dmitry Rybolovlev"]
    pairs = paired_actors(predicted, gold)
    # "Donald Trump" takes the gold "Donald Trump" on its key, before "Trump" could by surname;
    # "Trump" is then left over and counts against precision.
    assert sorted(pairs) == [("Dmitry Rybolovlev", "Dmitry Rybolovlev"), ("Donald Trump", "Donald Trump")]
    assert paired_actors(["Rybolovlev"], gold) == [("Rybolovlev", "Dmitry Rybolovlev")]
    assert paired_actors([], gold) == []


def test_the_best_draft_carries_the_date_then_shares_the_most_actors():
    main = draft("2017-05-02", ["Donald Trump", "Alwaleed bin Talal", "Kingdom Holding"])
    background = draft("1991-01-01", ["Alwaleed bin Talal", "Trump", "Citibank", "Jimmy Carter"],
                       precision="year", kind="background")
    link = score_link("a", "mine", [main, background], event())
    assert link.date_right and link.best is background  # dated right, though the main draft shares as many
    assert link.precision == pytest.approx(2 / 4) and link.recall == pytest.approx(2 / 2)
    assert link.in_timeline is None  # a labelled event without a timeline id

    undated = score_link("a", "mine", [main, draft("2017-05-01", ["Kingdom Holding"])], event())
    assert not undated.date_right and undated.best is main  # no draft has the date: the most shared actors
    assert undated.recall == 1.0 and undated.precision == pytest.approx(2 / 3)


def test_in_timeline_asks_for_the_events_id_in_a_drafts_match():
    labelled = event(id="1991-01-01--saudi-prince-buys-trumps-yacht")
    assert score_link("a", None, [draft(timeline_ids=["1991-01-01--saudi-prince-buys-trumps-yacht"])], labelled).in_timeline
    assert score_link("a", None, [draft(timeline_ids=["2017-05-02--other"])], labelled).in_timeline is False
    second = score_link("a", None, [draft(timeline_ids=["2017-05-02--other", "1991-01-01--saudi-prince-buys-trumps-yacht"])],
                        labelled)
    assert second.in_timeline and second.in_timeline_first is False  # among the matches, not the best
    assert score_link("a", None, [draft()], labelled).in_timeline is False


def test_an_article_without_drafts_misses_everything():
    link = score_link("a", None, [], event(id="x"))
    assert (link.date_right, link.in_timeline, link.best, link.precision, link.recall) == (False, False, None, None, 0.0)


def test_a_draft_belongs_to_the_articles_in_its_inputs():
    shared = draft(actors=["A"], inputs=(SHA_A, SHA_B), id="one-event")
    only_b = draft(actors=["B"], inputs=(SHA_B,), id="b-only")
    assert drafts_of(SHA_A, [shared, only_b]) == [shared]
    assert drafts_of(SHA_B, [shared, only_b]) == [shared, only_b]


def test_summary_per_part_and_for_all():
    shared = draft(actors=["Elon Musk", "Kirill Dmitriev", "Harvard"], inputs=(SHA_A, SHA_B), id="seed-event")
    other = draft("1991-01-01", ["Alwaleed bin Talal"], inputs=("c" * 64,), id="yacht")
    seed_event = event("2025-03-18", ["Elon Musk", "Kirill Dmitriev"], id="2025-03-18--mars")
    links = [score_link("s1", "seeds", [shared], seed_event), score_link("s2", "seeds", [shared], seed_event),
             score_link("g1", "gold", [other], event())]
    parts = summarize(links, {"s1": ("seeds", [shared]), "s2": ("seeds", [shared]), "g1": ("gold", [other])})
    assert list(parts) == ["seeds", "gold", ALL]
    seeds, everything = parts["seeds"], parts[ALL]
    assert (seeds.articles, seeds.links, seeds.date_right, seeds.timeline_links, seeds.in_timeline) == (2, 2, 0, 2, 0)
    assert seeds.actors_per_draft == [3]  # one event drafted from both articles counts once
    assert seeds.drafts_per_article == [1, 1]
    assert seeds.precision() == pytest.approx(2 / 3) and seeds.recall() == 1.0
    assert (everything.articles, everything.links, everything.date_right) == (3, 3, 1)
    assert sorted(everything.actors_per_draft) == [1, 3]
    assert everything.recall() == pytest.approx((1 + 1 + 0.5) / 3)


def test_pairs_lines_are_checked():
    ref = parse_pair({"article": "texts/a.html", "url": "https://example.org/a", "events": ["x"]}, "line 1")
    assert (ref.name, ref.article, ref.part, ref.events) == ("a.html", "texts/a.html", None, ("x",))
    assert parse_pair({"gold": "digests.jsonl", "doc_id": "art-1", "part": "digests", "events": ["x"]}, "l").name == "art-1"
    for bad, says in [
        ([], "expected a JSON object"),
        ({"events": ["x"]}, "either 'article'"),
        ({"article": "a", "gold": "g", "doc_id": "d", "events": ["x"]}, "either 'article'"),
        ({"gold": "digests.jsonl", "events": ["x"]}, "'doc_id'"),
        ({"article": "a", "events": []}, "at least one"),
        ({"article": "a", "events": [3]}, "timeline id or an object"),
        ({"article": "a", "url": 5, "events": ["x"]}, "'url' must be a string"),
    ]:
        with pytest.raises(PairsError, match=says):
            parse_pair(bad, "pairs.jsonl: line 7")


def test_events_are_timeline_records_or_labelled_by_hand():
    timeline = {"2011-03-23--birther": {"id": "2011-03-23--birther", "date": "2011-03-23",
                                        "title": "Trump launches birtherism", "actors": ["Donald Trump", "Barack Obama"]}}
    record = event_label("2011-03-23--birther", timeline, "l")
    assert (record.date, record.precision, record.actors, record.id) == ("2011-03-23", "day",
                                                                       ("Donald Trump", "Barack Obama"), "2011-03-23--birther")
    labelled = {"date": "2011-01-01", "title": "Trump leads birther campaign", "actors": ["Donald Trump"],
                "id": "2011-03-23--birther", "note": "the article says 'in 2011'"}
    same = event_label(labelled, timeline, "l")
    assert (same.date, same.precision, same.id, same.note) == ("2011-01-01", "year", "2011-03-23--birther",
                                                               "the article says 'in 2011'")
    assert event_label(labelled, {}, "l").id is None  # without a timeline, measure 2 does not apply
    with pytest.raises(PairsError, match="no event"):
        event_label("2011-03-24--nothing", timeline, "l")
    with pytest.raises(PairsError, match="no event"):
        event_label(labelled | {"id": "nope"}, timeline, "l")
    for bad, says in [({"date": "1991", "title": "t", "actors": []}, "YYYY-MM-DD"),
                      ({"date": "1991-01-01", "title": " ", "actors": []}, "'title'"),
                      ({"date": "1991-01-01", "title": "t", "actors": "Trump"}, "'actors'")]:
        with pytest.raises(PairsError, match=says):
            event_label(bad, timeline, "l")


def test_a_gold_text_is_given_its_headline_as_a_text_file_has_it():
    one_line = {"title": "Trump meets Obama", "text": "President-elect Donald Trump met Obama.", "url": "https://x.org/a",
                "date_publish": "2016-11-10 00:00:00"}
    assert gold_document(one_line) == ("Trump meets Obama\n\nPresident-elect Donald Trump met Obama.", False,
                                       "https://x.org/a", "2016-11-10")
    headed = {"title": "Stealth Over Health", "text": "Stealth Over Health.\n\nThe New York Post", "publication_date": "2016-09-12"}
    assert gold_document(headed)[0] == headed["text"]
    page = {"html": "<html><title>Day 207</title></html>", "text": "ignored", "url": "https://t.substack.com/p/d"}
    assert gold_document(page) == (page["html"], True, page["url"], None)


def test_the_timeline_copy_leaves_out_the_articles_own_url():
    records = [
        {"id": "e1", "sources": [{"url": "https://www.Example.org/story/"}, {"url": "https://other.org/x"}]},
        {"id": "e2", "sources": [{"url": "http://example.org/story"}]},
        {"id": "e3", "sources": [{"title": "no url"}]},
    ]
    kept, removed = without_sources_at(records, ["https://example.org/story", None])
    assert removed == 2
    assert [r["id"] for r in kept] == ["e1", "e2", "e3"]  # the events stay, matched by content alone
    assert kept[0]["sources"] == [{"url": "https://other.org/x"}] and kept[1]["sources"] == []
    assert kept[2] is records[2]
    assert records[0]["sources"][0]["url"] == "https://www.Example.org/story/"  # the input is not changed
    assert url_key("HTTPS://www.example.org/a/") == url_key("http://example.org/a") == "example.org/a"


def test_a_draft_file_is_read_for_what_the_scorer_needs():
    front = {"id": "1991-01-01--saudi-prince-buys-trumps-yacht", "date": "1991-01-01", "date_precision": "year",
             "kind": "background", "title": "Saudi prince buys Trump's yacht", "actors": ["Alwaleed bin Talal"],
             "provenance": {"inputs": [SHA_A], "timeline_match": {"id": "1991-01-01--yacht", "score": 0.6}}}
    view = DraftView.from_front(front)
    assert (view.precision, view.kind, view.timeline_ids, view.inputs) == ("year", "background", ("1991-01-01--yacht",),
                                                                          frozenset({SHA_A}))
    today = DraftView.from_front({"id": "d", "date": "2025-03-15", "title": "t", "actors": [],
                                  "provenance": {"inputs": [SHA_A], "timeline_match": None}})
    assert (today.precision, today.kind, today.timeline_ids) == (None, None, ())


def test_a_timeline_id_needs_a_timeline():
    with pytest.raises(PairsError, match="no timeline is given"):
        event_label("2025-03-18--some-id", {}, "l")


@pytest.mark.shared
def test_the_dev_set_points_at_what_is_in_shared(shared):
    """bench/eval/timeline-pairs.jsonl: every line parses, its files and documents exist, its
    timeline ids are in the timeline, and every labelled year is written in the article (or the
    note says it is the publication year)."""
    import json
    from pathlib import Path

    pairs = Path(__file__).resolve().parents[2] / "bench" / "eval" / "timeline-pairs.jsonl"
    timeline = {e["id"]: e for e in map(json.loads, (shared / "timeline" / "events.jsonl").read_text().splitlines())}
    gold = {name: {d["doc_id"]: d for d in map(json.loads, (shared / "gold" / name).read_text().splitlines())}
            for name in ("digests.jsonl", "quotes-dev.jsonl", "who-when-train.jsonl")}
    parts: dict[str | None, int] = {}
    for n, line in enumerate(pairs.read_text().splitlines(), start=1):
        ref = parse_pair(json.loads(line), f"line {n}")
        labels = [event_label(e, timeline, f"line {n}") for e in ref.events]
        parts[ref.part] = parts.get(ref.part, 0) + len(labels)
        if ref.gold:
            text = gold[ref.gold][ref.doc_id].get("text") or gold[ref.gold][ref.doc_id]["html"]
        else:
            text = (pairs.parent / ref.article).read_text()
        for ref_event, label in zip(ref.events, labels):
            if isinstance(ref_event, dict):
                assert label.date[:4] in text or "publication year" in (label.note or ""), (ref.name, label.date)
                assert 1 <= len(label.actors) <= 7 and label.title not in text, (ref.name, label.title)
    assert parts == {"seeds": 4, "digests": 19, "gold-labelled": 78}
