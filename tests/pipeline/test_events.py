"""Events and their drafts across batches: ids never taken over, snapshots of one URL, copies."""

from __future__ import annotations

from datetime import date, datetime, timezone

from pipeline.batches import save_batch
from pipeline.draft_file import parse_draft_text
from pipeline.records import Failure
from pipeline.store import open_ledger
from tests.conftest import make_settings
from tests.fixtures.records import analysis
from tests.fixtures.timeline import HARBOUR, HARBOUR_TEXT, HARBOUR_TITLE, write_timeline


def test_a_freed_id_taken_by_another_article_is_not_overwritten(settings):
    extracted = settings.paths.extracted
    save_batch([analysis("a" * 64, "Article X")], [], settings=settings)
    (extracted / "2025-01-01--article-x.md").unlink()  # the analyst deletes A's draft
    other = analysis("b" * 64, "Article X", published=date(2025, 1, 1), text="Quite another story on another day.")
    report = save_batch([other], [], settings=settings)
    assert report.outcomes[0].path.name == "2025-01-01--article-x-2.md"  # A's id stays A's
    again = save_batch([analysis("a" * 64, "Article X")], [], settings=settings)
    assert again.outcomes[0].path.name == "2025-01-01--article-x.md"
    assert "another story" in (extracted / "2025-01-01--article-x-2.md").read_text()


def test_a_failure_keeps_the_id_a_later_success_reuses(settings):
    save_batch([analysis("c" * 64, "Budget", published=date(2025, 3, 20))], [], settings=settings)
    failure = Failure(stage="clean", source="s", sha256="c" * 64, error="NotAnArticle", message="m",
                      at=datetime.now(timezone.utc))
    save_batch([], [failure], settings=settings)
    report = save_batch([analysis("c" * 64, "Budget", published=date(2025, 3, 18))], [], settings=settings)
    assert report.outcomes[0].draft_id == "2025-03-20--budget"
    assert sorted(p.name for p in settings.paths.extracted.glob("*.md")) == ["2025-03-20--budget.md"]


def test_a_new_snapshot_of_the_same_url_updates_its_draft(settings):
    url = "https://example.org/page"
    save_batch([analysis("d" * 64, "Page", url=url)], [], settings=settings)
    report = save_batch([analysis("e" * 64, "Page, edited", url=url)], [], settings=settings)
    assert report.outcomes[0].action == "updated"
    assert [p.name for p in settings.paths.extracted.glob("*.md")] == ["2025-01-01--page.md"]
    front = parse_draft_text((settings.paths.extracted / "2025-01-01--page.md").read_text())[0]
    assert [s["title"] for s in front["sources"]] == ["Page, edited"]  # replaced, not added


def test_a_copy_stays_in_the_draft_when_its_original_is_replaced_by_a_new_snapshot(settings):
    """A syndicated copy is cited under its original; when a newer snapshot of the original's URL
    replaces it, the copy becomes a source of its own instead of leaving the event (found by
    tests/test_properties.py)."""
    body = ("Page. " + "The council voted on the budget after a long debate about schools and roads. " * 4).strip()
    original, copy = analysis("a" * 64, "Page", url="https://a.example/page", text=body), \
        analysis("b" * 64, "Page", url="https://b.example/copy", text=body)
    save_batch([original, copy], [], settings=settings)
    path = settings.paths.extracted / "2025-01-01--page.md"
    front = parse_draft_text(path.read_text())[0]
    assert front["provenance"]["inputs"] == ["a" * 64, "b" * 64]  # the copy, cited with its original
    assert front["sources"][0]["also_at"] == ["https://b.example/copy"]
    newer = analysis("c" * 64, "Page, edited", url="https://a.example/page", text=body.replace("long", "longer"))
    save_batch([newer], [], settings=settings)
    front = parse_draft_text(path.read_text())[0]
    assert sorted(front["provenance"]["inputs"]) == sorted(["b" * 64, "c" * 64])
    assert [s["url"] for s in front["sources"]] == ["https://b.example/copy", "https://a.example/page"]


def test_a_replaced_snapshot_processed_again_stays_replaced(settings):
    """A new pipeline version processes every input again, the older snapshot of a URL among
    them: it must not take the place of the newer one that replaced it."""
    url = "https://example.org/page"
    save_batch([analysis("d" * 64, "Page", url=url)], [], settings=settings)
    save_batch([analysis("e" * 64, "Page, edited", url=url)], [], settings=settings)
    report = save_batch([analysis("d" * 64, "Page", url=url), analysis("e" * 64, "Page, edited", url=url)], [],
                        settings=settings)
    front = parse_draft_text((settings.paths.extracted / "2025-01-01--page.md").read_text())[0]
    assert [s["title"] for s in front["sources"]] == ["Page, edited"] and report.counts()["failed"] == 0
    with open_ledger(settings.paths.extracted) as ledger:
        assert ledger.processed_outcome("d" * 64) == "superseded"


# ------------------------------------------------------------------ tags and importance (issue 16)


def with_page_keywords(a, keywords: list[str]):  # noqa: ANN001, ANN201 - an Analysis
    """The analysis with the page's CMS keywords on its article (as clean reads them)."""
    return a.model_copy(update={"article": a.article.model_copy(update={"tags": keywords})})


PAGE_KEYWORDS = ["trending", "article-123848078", "harbour-news-kestle-dredging-contract-mayor-authority-audit"]


def test_a_draft_carries_none_of_the_pages_keywords_issue_16(settings):
    save_batch([with_page_keywords(analysis("a" * 64, HARBOUR_TITLE, text=HARBOUR_TEXT), PAGE_KEYWORDS)], [],
               settings=settings)
    (path,) = settings.paths.extracted.glob("*.md")
    front = parse_draft_text(path.read_text())[0]
    assert front["tags"] == [] and front["importance"] is None  # no timeline: no tags rather than wrong ones
    assert front["provenance"]["suggested"] is None


def test_with_a_timeline_a_draft_gets_the_tags_and_importance_of_its_nearest_events_issue_16(tmp_path):
    settings = make_settings(tmp_path, paths={"timeline": write_timeline(tmp_path / "events.jsonl")})
    harbour = analysis("a" * 64, HARBOUR_TITLE, text=HARBOUR_TEXT,
                       actors=[("Kestle Harbour Authority", "Kestle Harbour Authority")])
    save_batch([with_page_keywords(harbour, PAGE_KEYWORDS)], [], settings=settings)
    (path,) = settings.paths.extracted.glob("*.md")
    front = parse_draft_text(path.read_text())[0]
    assert front["tags"][0] == "government-contracts" and not set(PAGE_KEYWORDS) & set(front["tags"])
    assert front["importance"] == 7
    suggested = front["provenance"]["suggested"]
    assert suggested["tags"] == front["tags"] and {n["id"] for n in suggested["neighbours"]} == HARBOUR


def test_suggestions_can_be_turned_off(tmp_path):
    settings = make_settings(tmp_path, paths={"timeline": write_timeline(tmp_path / "events.jsonl")},
                             suggest={"enabled": False})
    save_batch([analysis("a" * 64, HARBOUR_TITLE, text=HARBOUR_TEXT)], [], settings=settings)
    (path,) = settings.paths.extracted.glob("*.md")
    assert parse_draft_text(path.read_text())[0]["tags"] == []
