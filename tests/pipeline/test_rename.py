"""A pending draft's id follows its edited title or date (issue 18): the ledger renames its event,
the old id leads to the new one and is never given again, a re-run writes under the new id and
leaves the analyst's file as it is; an accepted draft's id never changes."""

from __future__ import annotations

import sqlite3

import pytest

from pipeline import review
from pipeline.collect import collect_sources
from pipeline.runner import process_pending
from pipeline.store import open_ledger
from tests.conftest import SAMPLES, make_settings


@pytest.mark.model
def test_an_edited_pending_draft_takes_the_id_of_its_title_and_a_rerun_follows(tmp_path, nlp, index):
    settings = make_settings(tmp_path)
    collect_sources([str(SAMPLES)], cfg=settings.collect, raw_dir=settings.paths.raw)
    process_pending(settings, nlp=nlp, index=index)
    extracted = settings.paths.extracted
    (path,) = [p for p in extracted.glob("2025-02-04--*.md")]  # the rail event, two sources
    old = path.stem
    opened = review.open_draft(extracted, old)
    edited = review.edit(opened.draft, {"title": "Rail strike ends after deal"}, who="ana", at=review.now())
    new = review.renamed_id(extracted, edited)
    assert new == "2025-02-04--rail-strike-ends-after-deal"
    review.save_renamed(extracted, edited, new, version=opened.version)
    assert not path.exists() and (extracted / f"{new}.md").exists()
    assert review.open_draft(extracted, new).draft.review[-1] == {
        **review.open_draft(extracted, new).draft.review[-1], "action": "rename", "from": old, "to": new}
    assert review.renamed_to(extracted, old) == new
    with open_ledger(extracted) as ledger:
        assert old in ledger.event_ids() and new in ledger.event_ids()  # the old id is never given again
        assert len(ledger.members(new)) == 2 and ledger.members(old) == []
        assert [e["action"] for e in ledger.audit_trail(new)] == ["edit", "rename"]
    with pytest.raises(review.StaleDraft, match=f"Its id is now {new}"):  # a tab still showing the old id
        review.open_current(extracted, old, opened.version)

    before = (extracted / f"{new}.md").read_bytes()
    with sqlite3.connect(extracted / ".ledger.sqlite") as db:  # a new pipeline version: everything again
        db.execute("UPDATE processed SET pipeline_version = '0.0.0'")
    process_pending(settings, nlp=nlp, index=index)
    assert (extracted / f"{new}.md").read_bytes() == before  # the analyst's edit stands
    assert not (extracted / f"{old}.md").exists()  # the event is not written under its old id again

    # accepted: the id never changes again
    opened = review.open_draft(extracted, new)
    accepted = review.accept(opened.draft, who="ana", at=review.now(), importance=5)
    assert review.renamed_id(extracted, review.edit(accepted, {"title": "Another title"}, who="ana", at=review.now())) is None
