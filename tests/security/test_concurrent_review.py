"""Issue 14, bug 6: a run's draft write and an analyst's save never interleave. Each reads the
draft, decides and replaces it; with a delay injected between the decision and the rename (in
os.replace, under both writers), the one that comes second sees what the first did: an accept
is never put back to `status: draft`, and a run's update is never lost."""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path

import pytest

from pipeline import review
from pipeline.collect import collect_sources
from pipeline.draft_file import parse_draft, render_draft
from pipeline.runner import process_pending
from pipeline.store import open_ledger, write_draft
from tests.conftest import SAMPLES

pytestmark = pytest.mark.model

DELAY = 0.6


@pytest.fixture
def drafted(settings, nlp, index):
    collect_sources([str(SAMPLES / "valley-sentinel_millbrook-flood-emergency.html")], cfg=settings.collect,
                    raw_dir=settings.paths.raw)
    process_pending(settings, nlp=nlp, index=index)
    (path,) = settings.paths.extracted.glob("*.md")
    return settings, path


def _slow_renames_in(monkeypatch, thread_name: str, target: Path) -> threading.Event:
    """os.replace onto `target` waits DELAY seconds in the named thread; RETURNS an event set
    when that thread has reached the rename (it has checked the file and holds its decision)."""
    real = os.replace
    reached = threading.Event()

    def replace(src, dst, *args, **kwargs):  # noqa: ANN001 - os.replace's signature
        if Path(dst) == target and threading.current_thread().name == thread_name:
            reached.set()
            time.sleep(DELAY)
        return real(src, dst, *args, **kwargs)

    monkeypatch.setattr(os, "replace", replace)
    return reached


def _run_update(settings, path: Path) -> str:
    """The content a run would write now (the event changed: a longer description)."""
    draft = parse_draft(path.read_text(encoding="utf-8"))
    return render_draft(draft.model_copy(update={"description": draft.description + " Updated by a run."}))


def _run_write(settings, path: Path, content: str, outcome: list) -> None:
    with open_ledger(settings.paths.extracted) as ledger:
        outcome.append(write_draft(settings.paths.extracted, path.stem, content, ledger, "2026-01-01T00:00:00"))


def _accept(settings, opened: review.Opened) -> str:
    accepted = review.accept(opened.draft, status="confirmed", who="ana", at=review.now(), importance=5)
    return review.save(settings.paths.extracted, accepted, version=opened.version,
                       accepted_dir=settings.review.accepted_dir(settings.paths.extracted))


def test_an_accept_while_a_run_writes_the_draft_is_refused_not_undone(drafted, monkeypatch):
    settings, path = drafted
    opened = review.open_draft(settings.paths.extracted, path.stem)  # the analyst's page shows this
    content = _run_update(settings, path)
    reached = _slow_renames_in(monkeypatch, "run", path)
    outcome: list = []
    run = threading.Thread(target=_run_write, args=(settings, path, content, outcome), name="run")
    run.start()
    assert reached.wait(10)  # the run has decided to replace the file, and is about to
    with pytest.raises(review.StaleDraft):
        _accept(settings, opened)  # the accept waits for the run's write, then sees it
    run.join(10)
    assert outcome[0].action == "updated"
    current = parse_draft(path.read_text(encoding="utf-8"))
    assert current.status == "draft" and "Updated by a run." in current.description
    assert not (settings.review.accepted_dir(settings.paths.extracted) / path.name).exists()
    with open_ledger(settings.paths.extracted) as ledger:
        assert not [e for e in ledger.audit_trail(path.stem) if e["action"] == "accept"]


def test_a_run_writing_while_an_accept_is_saved_keeps_the_accept_and_writes_beside_it(drafted, monkeypatch):
    settings, path = drafted
    opened = review.open_draft(settings.paths.extracted, path.stem)
    content = _run_update(settings, path)
    reached = _slow_renames_in(monkeypatch, "analyst", path)
    versions: list[str] = []
    analyst = threading.Thread(target=lambda: versions.append(_accept(settings, opened)), name="analyst")
    analyst.start()
    assert reached.wait(10)  # the accept is decided and about to be renamed into place
    outcome: list = []
    _run_write(settings, path, content, outcome)  # waits for the accept, then finds an analyst's file
    analyst.join(10)
    assert versions and outcome[0].action == "revision"
    current = parse_draft(path.read_text(encoding="utf-8"))
    assert current.status == "confirmed"
    assert (settings.review.accepted_dir(settings.paths.extracted) / path.name).exists()
    (revision,) = path.parent.glob(f"{path.stem}.rev-*.md")
    assert "Updated by a run." in revision.read_text(encoding="utf-8")  # the run's version is not lost
