"""Regressions found in review (issue 3 session): each test names the defect it guards against."""

from __future__ import annotations

import json
from datetime import date, datetime, timezone

import pytest

from pipeline.boilerplate import trim_page
from pipeline.collect import collect_sources
from pipeline.dates import normalize_date, parse_published
from pipeline.errors import ConfigError
from pipeline.draft_file import parse_draft_text
from pipeline.records import Actor, Analysis, Article, Failure
from pipeline.resolve import ActorIndex
from pipeline.runner import process_pending
from pipeline.batches import save_batch
from pipeline.store import load_registry, open_ledger
from tests.conftest import SAMPLES, Server


def test_zero_time_publish_date_is_no_date():
    assert parse_published("0001-01-01T00:00:00Z") is None
    assert parse_published("9999-12-31") is None
    assert parse_published("2025-03-15T08:00:00Z") == date(2025, 3, 15)


@pytest.mark.model
def test_one_bad_article_does_not_stop_the_batch(settings, tmp_path, nlp, index):
    good = (SAMPLES / "daily-meridian_rail-union-backs-deal.txt").read_text(encoding="utf-8")
    dump = tmp_path / "dump.jsonl"
    dump.write_text(json.dumps({"url": "https://example.org/a", "text": good, "published": "0001-01-01T00:00:00Z"}) + "\n"
                    + json.dumps({"url": "https://example.org/b", "text": good.replace("Carrowford", "Dunmere"),
                                  "published": "2025-02-06"}) + "\n")
    collect_sources([str(dump)], cfg=settings.collect, raw_dir=settings.paths.raw)
    report = process_pending(settings, nlp=nlp, index=index)
    assert not report.failures
    sources = [parse_draft_text(o.path.read_text())[0]["sources"] for o in report.outcomes]
    # the same text twice (one word differs): one source, the copy's URL cited with it
    assert [[(s["url"], s.get("also_at")) for s in group] for group in sources] == [
        [("https://example.org/b", ["https://example.org/a"])]
    ]


def test_an_alias_two_actors_share_resolves_to_neither():
    index = ActorIndex.build([Actor(name="Donald Trump", type="person", aliases=["Trump"]),
                              Actor(name="Trump Organization", aliases=["Trump"])])
    assert index.lookup("Trump", 90) is None
    assert index.lookup("Donald Trump", 90)[0] == 0


def _analysis(sha: str, title: str, *, url: str | None = None, published: date = date(2025, 1, 1),
              text: str | None = None) -> Analysis:
    """An article as resolve leaves it, built by hand: these tests are about ids and files."""
    text = text or f"{title}. This is the body of the article about {title.lower()}, long enough to draft."
    article = Article(raw_sha256=sha, title=title, title_method="test", text=text, published=published, url=url)
    return Analysis(article=article, sentences=[(0, len(text))])


def test_a_freed_id_taken_by_another_article_is_not_overwritten(settings):
    extracted = settings.paths.extracted
    save_batch([_analysis("a" * 64, "Article X")], [], settings=settings)
    (extracted / "2025-01-01--article-x.md").unlink()  # the analyst deletes A's draft
    other = _analysis("b" * 64, "Article X", published=date(2025, 1, 1), text="Quite another story on another day.")
    report = save_batch([other], [], settings=settings)
    assert report.outcomes[0].path.name == "2025-01-01--article-x-2.md"  # A's id stays A's
    again = save_batch([_analysis("a" * 64, "Article X")], [], settings=settings)
    assert again.outcomes[0].path.name == "2025-01-01--article-x.md"
    assert "another story" in (extracted / "2025-01-01--article-x-2.md").read_text()


def test_a_failure_keeps_the_id_a_later_success_reuses(settings):
    save_batch([_analysis("c" * 64, "Budget", published=date(2025, 3, 20))], [], settings=settings)
    failure = Failure(stage="clean", source="s", sha256="c" * 64, error="NotAnArticle", message="m",
                      at=datetime.now(timezone.utc))
    save_batch([], [failure], settings=settings)
    report = save_batch([_analysis("c" * 64, "Budget", published=date(2025, 3, 18))], [], settings=settings)
    assert report.outcomes[0].draft_id == "2025-03-20--budget"
    assert sorted(p.name for p in settings.paths.extracted.glob("*.md")) == ["2025-03-20--budget.md"]


def test_a_new_snapshot_of_the_same_url_updates_its_draft(settings):
    url = "https://example.org/page"
    save_batch([_analysis("d" * 64, "Page", url=url)], [], settings=settings)
    report = save_batch([_analysis("e" * 64, "Page, edited", url=url)], [], settings=settings)
    assert report.outcomes[0].action == "updated"
    assert [p.name for p in settings.paths.extracted.glob("*.md")] == ["2025-01-01--page.md"]
    front = parse_draft_text((settings.paths.extracted / "2025-01-01--page.md").read_text())[0]
    assert [s["title"] for s in front["sources"]] == ["Page, edited"]  # replaced, not added


def test_articles_of_short_paragraphs_are_kept():
    lines = ["Headline of a short story here", "A lead of about ten words sits right under the headline.",
             "Another short paragraph follows it here.", "And a third one closes the story."]
    kept, title, _, _ = trim_page(lines)
    assert title == lines[0] and kept == lines[1:]


def test_redirect_loops_and_bad_urls_are_recorded(settings, http_server: Server):
    def loop(handler):
        handler.send_response(302)
        handler.send_header("Location", "/loop")
        handler.send_header("Content-Length", "0")
        handler.end_headers()

    http_server.routes["/loop"] = loop
    result = collect_sources([http_server.url("/loop"), "http://[::1"], cfg=settings.collect, raw_dir=settings.paths.raw)
    assert not result.ok and len(result.failed) == 2
    assert "TooManyRedirects" in result.failed[0].message


@pytest.mark.parametrize("content", ["actors:\n", "actors: [unclosed\n", "- a list\n"])
def test_a_broken_registry_is_a_config_error(tmp_path, content):
    path = tmp_path / "actors.yaml"
    path.write_text(content)
    if content == "actors:\n":
        assert load_registry(path) == []
    else:
        with pytest.raises(ConfigError):
            load_registry(path)


@pytest.mark.parametrize(
    ("text", "anchor", "expected"),
    [
        ("July 4, 1776", date(2025, 7, 10), ("1776-07-04", "day")),
        ("last Thursday", date(2025, 3, 20), ("2025-03-13", "day")),
        ("2025/26", date(2025, 3, 20), (None, None)),
        ("Q3 2024", date(2025, 3, 20), (None, None)),
    ],
)
def test_dates_found_in_review(text, anchor, expected):
    assert normalize_date(text, anchor) == expected


def test_archived_error_pages_are_failures(settings, tmp_path):
    from io import BytesIO

    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    path = tmp_path / "errors.warc.gz"
    with path.open("wb") as fh:
        writer = WARCWriter(fh, gzip=True)
        headers = StatusAndHeaders("404 Not Found", [("Content-Type", "text/html")], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record("https://example.org/gone", "response",
                                                      payload=BytesIO(b"<html><p>Page not found</p></html>"),
                                                      http_headers=headers))
    result = collect_sources([str(path)], cfg=settings.collect, raw_dir=settings.paths.raw)
    assert not result.ok and "HTTP 404" in result.failed[0].message


def test_a_copy_stays_in_the_draft_when_its_original_is_replaced_by_a_new_snapshot(settings):
    """A syndicated copy is cited under its original; when a newer snapshot of the original's URL
    replaces it, the copy becomes a source of its own instead of leaving the event (found by
    tests/test_properties.py)."""
    body = ("Page. " + "The council voted on the budget after a long debate about schools and roads. " * 4).strip()
    original, copy = _analysis("a" * 64, "Page", url="https://a.example/page", text=body), \
        _analysis("b" * 64, "Page", url="https://b.example/copy", text=body)
    save_batch([original, copy], [], settings=settings)
    path = settings.paths.extracted / "2025-01-01--page.md"
    front = parse_draft_text(path.read_text())[0]
    assert front["provenance"]["inputs"] == ["a" * 64, "b" * 64]  # the copy, cited with its original
    assert front["sources"][0]["also_at"] == ["https://b.example/copy"]
    newer = _analysis("c" * 64, "Page, edited", url="https://a.example/page", text=body.replace("long", "longer"))
    save_batch([newer], [], settings=settings)
    front = parse_draft_text(path.read_text())[0]
    assert sorted(front["provenance"]["inputs"]) == sorted(["b" * 64, "c" * 64])
    assert [s["url"] for s in front["sources"]] == ["https://b.example/copy", "https://a.example/page"]


def test_a_merge_that_cannot_be_rebuilt_changes_nothing_in_the_ledger(settings):
    """merge moves members and event signatures in one transaction: when the merged draft cannot be
    rebuilt (the sources' stored analyses are gone), the ledger is as it was."""
    from pipeline import review
    from pipeline.store import analysis_path

    ids = _two_events(settings)
    extracted = settings.paths.extracted
    target, other = review.open_draft(extracted, ids[0]), review.open_draft(extracted, ids[1])
    for sha in ("d" * 64, "e" * 64):
        analysis_path(extracted, sha).unlink()
    with open_ledger(extracted) as ledger:
        before = (ledger.members(target.draft.id), ledger.members(other.draft.id), ledger.event_ids())
    with pytest.raises(review.ReviewError, match="not stored"):
        review.merge(settings, target, other, who="analyst", at=datetime(2025, 10, 1, tzinfo=timezone.utc))
    with open_ledger(extracted) as ledger:
        assert (ledger.members(target.draft.id), ledger.members(other.draft.id), ledger.event_ids()) == before


def test_a_replaced_snapshot_processed_again_stays_replaced(settings):
    """A new pipeline version processes every input again, the older snapshot of a URL among
    them: it must not take the place of the newer one that replaced it."""
    url = "https://example.org/page"
    save_batch([_analysis("d" * 64, "Page", url=url)], [], settings=settings)
    save_batch([_analysis("e" * 64, "Page, edited", url=url)], [], settings=settings)
    report = save_batch([_analysis("d" * 64, "Page", url=url), _analysis("e" * 64, "Page, edited", url=url)], [],
                        settings=settings)
    front = parse_draft_text((settings.paths.extracted / "2025-01-01--page.md").read_text())[0]
    assert [s["title"] for s in front["sources"]] == ["Page, edited"] and report.counts()["failed"] == 0
    with open_ledger(settings.paths.extracted) as ledger:
        assert ledger.processed_outcome("d" * 64) == "superseded"


def test_a_merge_stopped_before_its_drafts_were_saved_can_be_done_again(settings):
    """The ledger moved the sources, then the process died (or a save was refused) before the
    draft files were written: doing the merge again finishes it instead of refusing."""
    from pipeline import review

    ids = _two_events(settings)
    extracted, at = settings.paths.extracted, datetime(2025, 10, 1, tzinfo=timezone.utc)
    review.merge(settings, review.open_draft(extracted, ids[0]), review.open_draft(extracted, ids[1]), who="a", at=at)
    target, other = review.open_draft(extracted, ids[0]), review.open_draft(extracted, ids[1])  # files unchanged
    merged, gone = review.merge(settings, target, other, who="a", at=at)
    assert merged.provenance.source_inputs == ["d" * 64, "e" * 64] and gone.status == "merged"


def test_a_split_stopped_before_its_drafts_were_saved_can_be_done_again(settings):
    from pipeline import review

    ids = _two_events(settings)
    extracted, at = settings.paths.extracted, datetime(2025, 10, 1, tzinfo=timezone.utc)
    target, other = review.open_draft(extracted, ids[0]), review.open_draft(extracted, ids[1])
    merged, gone = review.merge(settings, target, other, who="a", at=at)
    review.save(extracted, merged, version=target.version)
    review.save(extracted, gone, version=other.version)

    review.split(settings, review.open_draft(extracted, ids[0]), 1, who="a", at=at)  # stopped here
    opened = review.open_draft(extracted, ids[0])
    remaining, new = review.split(settings, opened, 1, who="a", at=at)
    review.write_new(extracted, new)
    review.save(extracted, remaining, version=opened.version)
    assert remaining.provenance.source_inputs == ["d" * 64] and new.provenance.source_inputs == ["e" * 64]
    with open_ledger(extracted) as ledger:
        assert [m["sha256"] for m in ledger.members(new.id)] == ["e" * 64]
        assert [m["sha256"] for m in ledger.members(ids[0])] == ["d" * 64]


def _two_events(settings) -> tuple[str, str]:
    """Two drafts of one source each (d..., then e...), for merging and splitting; RETURNS their ids."""
    save_batch([_analysis("d" * 64, "Budget vote", published=date(2025, 3, 1))], [], settings=settings)
    save_batch([_analysis("e" * 64, "Harbour fire", published=date(2025, 9, 1))], [], settings=settings)
    return "2025-03-01--budget-vote", "2025-09-01--harbour-fire"
