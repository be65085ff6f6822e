"""store/failures.py: failures.jsonl holds every failure once, whatever a kill cut."""

from __future__ import annotations

from datetime import datetime, timezone

from pipeline.records import Failure
from pipeline.store import (
    FAILURES_NAME,
    open_ledger,
    record_failures,
)


def test_failures_are_recorded_once(tmp_path):
    failure = Failure(stage="collect", source="x", error="SourceError", message="gone", at=datetime.now(timezone.utc))
    with open_ledger(tmp_path) as ledger:
        assert record_failures(tmp_path, [failure], ledger) == 1
        assert record_failures(tmp_path, [failure.model_copy(update={"at": datetime.now(timezone.utc)})], ledger) == 0
        assert len(ledger.failures()) == 1
    lines = (tmp_path / FAILURES_NAME).read_text().splitlines()
    assert len(lines) == 1 and Failure.model_validate_json(lines[0]).message == "gone"


def test_lines_a_killed_run_appended_but_did_not_commit_are_not_written_again(tmp_path):
    """A run killed after appending to failures.jsonl and before the ledger took the lines: the
    next run gives the ledger those lines instead of writing them twice."""
    with open_ledger(tmp_path) as ledger:
        record_failures(tmp_path, [_failure("a")], ledger)
    with open(tmp_path / FAILURES_NAME, "ab") as fh:  # the killed run's append
        fh.write((_failure("b").model_dump_json() + "\n").encode())
    with open_ledger(tmp_path) as ledger:
        assert record_failures(tmp_path, [_failure("b"), _failure("c")], ledger) == 1
        assert sorted(f["source"] for f in ledger.failures()) == ["a", "b", "c"]
    assert _recorded(tmp_path) == ["a", "b", "c"]


def test_a_line_cut_short_by_a_kill_is_replaced_by_a_whole_one(tmp_path):
    with open_ledger(tmp_path) as ledger:
        record_failures(tmp_path, [_failure("a")], ledger)
    with open(tmp_path / FAILURES_NAME, "ab") as fh:
        fh.write((_failure("b").model_dump_json() + "\n").encode()[:20])
    with open_ledger(tmp_path) as ledger:
        assert record_failures(tmp_path, [_failure("b")], ledger) == 1
    assert _recorded(tmp_path) == ["a", "b"]  # every line whole JSON, none twice


def test_a_ledger_from_before_the_size_was_kept_trusts_the_file(tmp_path):
    import sqlite3

    with open_ledger(tmp_path) as ledger:
        record_failures(tmp_path, [_failure("a")], ledger)
    with sqlite3.connect(tmp_path / ".ledger.sqlite") as db:
        db.execute("DELETE FROM meta")
    with open_ledger(tmp_path) as ledger:
        assert record_failures(tmp_path, [_failure("a"), _failure("b")], ledger) == 1
    assert _recorded(tmp_path) == ["a", "b"]


def _failure(source: str) -> Failure:
    return Failure(stage="collect", source=source, error="SourceError", message=f"{source} is gone",
                   at=datetime.now(timezone.utc))


def _recorded(folder) -> list[str]:
    import json

    return [json.loads(line)["source"] for line in (folder / FAILURES_NAME).read_text().splitlines()]
