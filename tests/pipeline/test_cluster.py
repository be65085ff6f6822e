"""Clustering articles into events: the rules on hand-made profiles, then the whole pipeline."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from pipeline.cluster import ArticleProfile, assign, bcubed, score_event
from pipeline.collect import collect_sources
from pipeline.draft_file import parse_draft_text
from pipeline.runner import process_pending
from pipeline.settings import ClusterSettings
from tests.conftest import SAMPLES

CFG = ClusterSettings()
FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "events"


def best_match(draft, index, *, cfg):  # noqa: ANN001, ANN201 - the first of match_draft's matches, or None
    from pipeline.timeline import match_draft

    return next(iter(match_draft(draft, index, cfg=cfg)), None)


def profile(sha: str, day: date | None, actors: list[str], words: str, head: str = "", url: str | None = None) -> ArticleProfile:
    return ArticleProfile(sha256=sha * 64 if len(sha) == 1 else sha, date=day, actors=actors, words=words,
                          head=head, url=url)


def run(profiles: list[ArticleProfile], events=()):
    return assign(profiles, list(events), cfg=CFG, new_id=lambda p: f"event-{p.sha256[:8]}")


RAIL = "rail union authority deal strike carrowford trains ministry talks"
FLOOD = "river flood millbrook homes emergency mayor rain evacuated"


def test_same_actors_and_lead_join_different_ones_do_not():
    a = profile("a", date(2025, 2, 4), ["NRA", "URWU", "Tomas Reyes"], RAIL)
    b = profile("b", date(2025, 2, 5), ["URWU", "NRA", "Daniel Kessler"], RAIL + " ballot members")
    c = profile("c", date(2025, 2, 5), ["Lena Brandt", "Millbrook"], FLOOD)
    assignments, events = run([a, b, c])
    event = {x.sha256[0]: x.event for x in assignments}
    assert event["a"] == event["b"] != event["c"] and len(events) == 2
    joined = next(x for x in assignments if x.sha256[0] == "b")
    assert joined.score >= CFG.threshold and "NRA" in joined.reason  # the reason names what they share


def test_one_shared_name_alone_is_half_the_evidence_of_shared_actors():
    """Two items of two days' digests about different stories, each naming Trump and only Trump: the
    shared name is half the actors' evidence, and their words decide."""
    _, (event,) = run([profile("a", date(2025, 8, 11), ["Donald Trump"], "retirement savings crypto order plans fees")])
    other = profile("b", date(2025, 8, 13), ["Donald Trump"], "treasury secretary ethics agreement assets retirement")
    score, reason = score_event(other, event, cfg=CFG)
    assert "Donald Trump (0.50)" in reason and score < CFG.threshold


def test_two_events_of_one_article_never_join_one_event():
    """Two items of a digest with the same actors and words are two stories: one article tells an event once."""
    first = profile("a" * 64 + "#i0", date(2025, 8, 11), ["Donald Trump", "Intel"], "trump intel chief executive resign")
    second = profile("a" * 64 + "#i3", date(2025, 8, 11), ["Donald Trump", "Intel"], "trump intel chief executive resign")
    other = profile("b", date(2025, 8, 11), ["Donald Trump", "Intel"], "trump intel chief executive resign")
    assignments, events = assign([first, second, other], [], cfg=CFG, new_id=lambda p: f"event-{p.sha256}")
    event = {x.sha256: x.event for x in assignments}
    assert event[first.sha256] != event[second.sha256] and len(events) == 2
    assert event[other.sha256] in (event[first.sha256], event[second.sha256])  # another article joins either


def test_dates_further_apart_than_the_window_never_join():
    a = profile("a", date(2025, 3, 15), ["Kirill Dmitriev", "Elon Musk"], "dmitriev musk mars mission russia")
    later = profile("b", date(2025, 8, 21), ["Kirill Dmitriev", "Elon Musk"], "dmitriev musk mars mission russia")
    _, events = run([a])
    score, reason = score_event(later, events[0], cfg=CFG)
    assert score == 0.0 and "days apart" in reason


def test_the_start_of_a_copied_text_makes_one_source():
    text = "Commuters in Carrowford should see trains again from today, two days after negotiators shook hands. " * 8
    a = profile("a", date(2025, 2, 6), ["NRA", "URWU"], RAIL, head=text, url="https://one.example/rail")
    b = profile("b", date(2025, 2, 6), ["NRA", "URWU"], RAIL, head=text.replace("today", "Thursday"),
                url="https://two.example/rail")
    assignments, _ = run([a, b])
    copy = next(x for x in assignments if x.sha256[0] == "b")
    assert copy.duplicate_of == "a" * 64 and "near-duplicate" in copy.reason


RAIL_TEXT = ("commuters in carrowford should see trains again from today, two days after negotiators for the "
             "national rail authority and the union shook hands on a pay deal. ") * 6


def test_a_new_snapshot_of_a_url_with_the_same_article_replaces_the_source():
    a = profile("a", date(2025, 2, 6), ["NRA"], RAIL, head=RAIL_TEXT, url="https://one.example/rail")
    _, events = run([a])
    corrected = "correction: an earlier version named the wrong minister. " + RAIL_TEXT.replace("today", "friday")
    b = profile("b", date(2025, 2, 6), ["Somebody else"], "entirely different words", head=corrected,
                url="https://one.example/rail")
    assignments, touched = run([b], events)
    assert assignments[0].replaces == "a" * 64 and touched[0].members == ["b" * 64]
    assert not assignments[0].conflicts and "same URL" in assignments[0].reason


def test_another_text_at_a_sources_url_replaces_nothing_and_both_are_kept():
    """A page that became another article (or claims another's URL) is clustered as any article;
    the source already cited from that URL stays, and the conflict is named."""
    a = profile("a", date(2025, 2, 6), ["NRA"], RAIL, head=RAIL_TEXT, url="https://one.example/rail")
    _, events = run([a])
    other = ("moscow courts musk on mars: the head of russia's sovereign wealth fund said on tuesday that "
             "a joint mission was possible. ") * 6
    b = profile("b", date(2025, 2, 6), ["Kirill Dmitriev"], "mars mission musk", head=other,
                url="https://one.example/rail")
    assignments, touched = run([b], events)
    assert assignments[0].replaces is None and assignments[0].conflicts == ["a" * 64]
    assert assignments[0].new_event and "another text" in assignments[0].reason
    assert events[0].members == ["a" * 64]  # the rail event keeps its source


def test_batches_do_not_change_the_events():
    profiles = [
        profile("a", date(2025, 2, 4), ["NRA", "URWU"], RAIL),
        profile("b", date(2025, 2, 5), ["URWU", "NRA"], RAIL),
        profile("c", date(2025, 2, 5), ["Lena Brandt"], FLOOD),
        profile("d", date(2025, 2, 6), ["Lena Brandt", "Millbrook"], FLOOD + " river"),
    ]
    whole, _ = run(profiles)
    first, events = run(profiles[:2])
    second, _ = run(profiles[2:], events)
    grouping = lambda xs: sorted(sorted(x.sha256[0] for x in xs if x.event == e) for e in {x.event for x in xs})  # noqa: E731
    assert grouping(whole) == grouping(first + second) == [["a", "b"], ["c", "d"]]


def test_bcubed_on_a_hand_checked_case():
    predicted = {"a": "1", "b": "1", "c": "2"}
    gold = {"a": "x", "b": "y", "c": "y"}
    precision, recall = bcubed(predicted, gold)
    assert precision == pytest.approx((1 / 2 + 1 / 2 + 1) / 3)
    assert recall == pytest.approx((1 + 1 / 2 + 1 / 2) / 3)


# ------------------------------------------------------------------------- through the pipeline


def drafts_in(folder: Path) -> dict[str, dict]:
    return {p.name: parse_draft_text(p.read_text(encoding="utf-8"))[0] for p in sorted(folder.glob("*.md"))
            if ".rev-" not in p.name}


@pytest.mark.model
@pytest.mark.shared
def test_a_later_statement_by_the_same_people_is_another_event(settings, seed_paths, nlp, index):
    collect_sources([str(p) for p in seed_paths] + [str(FIXTURES / "dmitriev-arctic-later.txt")],
                    cfg=settings.collect, raw_dir=settings.paths.raw)
    process_pending(settings, nlp=nlp, index=index)
    drafts = {name: d for name, d in drafts_in(settings.paths.extracted).items() if d["kind"] == "main"}
    assert sorted(len(d["sources"]) for d in drafts.values()) == [1, 4]  # past events they narrate aside
    later = next(d for d in drafts.values() if len(d["sources"]) == 1)
    assert later["date"] == "2025-08-21" and "Kirill Dmitriev" in later["actors"]


@pytest.mark.model
@pytest.mark.shared
def test_an_added_article_updates_the_event_and_keeps_its_id(settings, seed_paths, nlp, index):
    collect_sources([str(p) for p in seed_paths[:3]], cfg=settings.collect, raw_dir=settings.paths.raw)
    process_pending(settings, nlp=nlp, index=index)
    main = lambda: {n: d for n, d in drafts_in(settings.paths.extracted).items() if d["kind"] == "main"}  # noqa: E731
    (name, first), = main().items()  # the past events they narrate are drafts of their own
    assert len(first["sources"]) == 3
    assert process_pending(settings, nlp=nlp, index=index).outcomes == []  # a re-run changes nothing

    path = settings.paths.extracted / name
    path.write_text(path.read_text().replace(f"title: {first['title']}", "title: Edited by an analyst"))
    collect_sources([str(seed_paths[3])], cfg=settings.collect, raw_dir=settings.paths.raw)
    report = process_pending(settings, nlp=nlp, index=index)
    assert [o.action for o in report.outcomes] == ["revision"]  # the analyst's file is kept
    assert "Edited by an analyst" in path.read_text()
    revision = parse_draft_text(report.outcomes[0].path.read_text())[0]
    assert revision["id"] == first["id"] and len(revision["sources"]) == 4
    assert list(main()) == [name]  # no second event


@pytest.mark.model
def test_a_syndicated_copy_is_one_source_with_both_urls(settings, tmp_path, nlp, index):
    text = (SAMPLES / "daily-meridian_rail-union-backs-deal.txt").read_text(encoding="utf-8")
    copy = text.replace("Skip to main content", "Partner content from the Daily Meridian").replace(
        "Sign up for the Daily Brief newsletter", "More from our partners")
    dump = tmp_path / "dump.jsonl"
    dump.write_text("".join(json.dumps(row) + "\n" for row in [
        {"url": "https://meridian.example/rail", "text": text, "published": "2025-02-06"},
        {"url": "https://partner.example/rail-deal", "text": copy, "published": "2025-02-06"},
    ]))
    collect_sources([str(dump)], cfg=settings.collect, raw_dir=settings.paths.raw)
    process_pending(settings, nlp=nlp, index=index)
    (draft,) = drafts_in(settings.paths.extracted).values()
    assert len(draft["sources"]) == 1 and len(draft["provenance"]["inputs"]) == 2
    source = draft["sources"][0]
    assert {source["url"], *source["also_at"]} == {"https://meridian.example/rail", "https://partner.example/rail-deal"}


# ------------------------------------------------------------------------------ the timeline


@pytest.mark.model
@pytest.mark.shared
def test_the_seed_event_is_found_in_the_timeline_and_the_samples_are_not(tmp_path, shared, seed_paths, nlp, index):
    from tests.conftest import make_settings

    settings = make_settings(tmp_path, paths={"timeline": shared / "timeline" / "events.jsonl"})
    collect_sources([str(p) for p in seed_paths] + [str(SAMPLES)], cfg=settings.collect, raw_dir=settings.paths.raw)
    process_pending(settings, nlp=nlp, index=index)
    drafts = drafts_in(settings.paths.extracted)
    (seeds,) = [d for d in drafts.values() if len(d["sources"]) == 4]
    match = seeds["provenance"]["timeline_match"][0]
    assert match["id"] == "2025-03-18--russia-will-undoubtedly-discuss-future-mars-flights-with-mus"
    assert {"Kirill Dmitriev", "Elon Musk"} <= set(match["evidence"]["shared_actors"])
    others = [d for d in drafts.values() if d is not seeds and d["kind"] == "main"]
    assert len(others) == 5 and not any(d["provenance"]["timeline_match"] for d in others)


def test_a_timeline_folder_of_event_files_and_a_shared_url(tmp_path):
    from pipeline.records import EventDraft, Provenance, Source
    from pipeline.settings import TimelineSettings
    from pipeline.timeline import load_timeline

    folder = tmp_path / "timeline"
    folder.mkdir()
    (folder / "2025-02-04--rail-deal.md").write_text(
        "---\nid: 2025-02-04--rail-deal\ndate: '2025-02-04'\ntitle: Rail strike ends\nactors: [Tomas Reyes]\n"
        "sources:\n- url: https://meridian.example/rail\n---\nBody.\n")
    (folder / "broken.md").write_text("---\ntitle: [unclosed\n---\n")
    index = load_timeline(folder)
    assert len(index) == 1
    draft = EventDraft(id="x", date="2025-02-06", title="Trains return", description="d", actors=["Somebody"],
                       sources=[Source(url="https://www.meridian.example/rail/")],
                       provenance=Provenance(inputs=["a" * 64], pipeline_version="t", date_rule="t"))
    match = best_match(draft, index, cfg=TimelineSettings())
    assert match["id"] == "2025-02-04--rail-deal" and match["evidence"]["shared_urls"]
    far = draft.model_copy(update={"date": "2019-06-01"})  # a URL the timeline cites: whatever the dates (issue 17)
    assert best_match(far, index, cfg=TimelineSettings())["evidence"]["days_apart"] > 2000
    elsewhere = far.model_copy(update={"sources": [Source(url="https://meridian.example/other")]})
    assert best_match(elsewhere, index, cfg=TimelineSettings()) is None


@pytest.mark.model
def test_a_2019_articles_past_event_meets_the_1990_record_whatever_the_dates(tmp_path, nlp, index):
    """Issue 17: candidates come from the events' words at any date; the date is one feature of the
    score. The 2019 article's 1990 event matches the 1990 record outright; its main event (dated
    2019) may name the record too, with the date weighing against it, never excluding it."""
    from pipeline.settings import TimelineSettings
    from tests.conftest import make_settings

    timeline = tmp_path / "timeline.jsonl"
    filler = [{"id": f"2019-05-{d:02d}--filler-{d}", "date": f"2019-05-{d:02d}", "title": f"Council vote number {d}",
               "actors": [f"Councillor {d}"]} for d in range(1, 29)]
    record = {"id": "1990-01-01--trump-buys-the-shuttle", "date": "1990-01-01",
              "title": "Donald Trump buys the Eastern Air Shuttle with bank loans",
              "actors": ["Donald Trump", "Eastern Air Lines"], "sources": [{"url": "https://old.example/1990"}]}
    timeline.write_text("".join(json.dumps(e) + "\n" for e in [*filler, record]))
    text = ("The airline that carried his name lost money from its first month.\n"
            "In 1990, Donald Trump bought the Eastern Air Shuttle from Eastern Air Lines with bank loans, "
            "renamed it and painted his name on every jet.\n"
            "Creditors took the shuttle back two years later, according to court filings.\n"
            "Former pilots said this week that the brand never recovered from the debt.")
    dump = tmp_path / "dump.jsonl"
    dump.write_text(json.dumps({"url": "https://news.example/2019/05/14/trump-shuttle", "text": text,
                                "title": "How the Trump Shuttle crashed", "published": "2019-05-14"}) + "\n")
    settings = make_settings(tmp_path, paths={"timeline": timeline})
    collect_sources([str(dump)], cfg=settings.collect, raw_dir=settings.paths.raw)
    process_pending(settings, nlp=nlp, index=index)
    (found,) = [d for d in drafts_in(settings.paths.extracted).values() if d["date"] == "1990-01-01"]
    assert found["date_precision"] == "year"
    best = found["provenance"]["timeline_match"][0]
    assert best["id"] == record["id"] and best["evidence"]["date_factor"] == 1.0
    assert {"bank", "loans", "shuttle"} <= set(best["evidence"]["shared_words"])
    # the same event dated as the article (a day of 2019): found by its words, 29 years away; the
    # date weighs against it and never excludes it; without candidates by words the window alone
    # never reaches 1990
    from pipeline.draft_file import parse_draft
    from pipeline.timeline import load_timeline, match_draft

    (path,) = settings.paths.extracted.glob("1990-*.md")
    draft = parse_draft(path.read_text()).model_copy(update={"date": "2019-05-14", "date_precision": "day"})
    index = load_timeline(timeline)
    (late,) = [m for m in match_draft(draft, index, cfg=TimelineSettings()) if m["id"] == record["id"]]
    assert late["evidence"]["days_apart"] > 10_000 and 0.5 <= late["evidence"]["date_factor"] < 0.51
    assert late["score"] < best["score"]
    assert record["id"] not in [m["id"] for m in match_draft(draft, index, cfg=TimelineSettings(candidates=0))]
