from __future__ import annotations

from datetime import datetime, timezone

from pipeline.records import Failure
from pipeline.store import (
    FAILURES_NAME,
    atomic_write,
    open_ledger,
    record_failures,
    store_raw,
    write_draft,
)

AT = "2025-01-01T00:00:00+00:00"
import pytest

from pipeline.errors import ConfigError
from pipeline.store import load_registry


def test_atomic_write_leaves_no_temporary_files(tmp_path):
    target = tmp_path / "sub" / "file.md"
    atomic_write(target, b"one")
    atomic_write(target, b"two")
    assert target.read_bytes() == b"two"
    assert [p.name for p in target.parent.iterdir()] == ["file.md"]


def test_store_raw_is_content_addressed(tmp_path):
    meta = dict(source="a", source_kind="file", fetched_at=datetime.now(timezone.utc), content_type="text/plain")
    first = store_raw(tmp_path, b"same bytes", **meta)
    second = store_raw(tmp_path, b"same bytes", **{**meta, "source": "b"})
    assert first == second  # stored once; the first provenance is kept
    assert (tmp_path / first.path).read_bytes() == b"same bytes"
    assert len(list((tmp_path / "objects").rglob("*"))) == 3  # folder, bytes, sidecar


def test_write_draft_never_overwrites_an_analysts_edit(tmp_path):
    with open_ledger(tmp_path) as ledger:
        assert write_draft(tmp_path, "2025-01-01--x", "v1\n", ledger, AT).action == "created"
        assert write_draft(tmp_path, "2025-01-01--x", "v1\n", ledger, AT).action == "unchanged"
        assert write_draft(tmp_path, "2025-01-01--x", "v2\n", ledger, AT).action == "updated"
        path = tmp_path / "2025-01-01--x.md"
        path.write_text("v2 edited by an analyst\n")
        outcome = write_draft(tmp_path, "2025-01-01--x", "v3\n", ledger, AT)
        assert outcome.action == "revision"
        assert path.read_text() == "v2 edited by an analyst\n"
        assert outcome.path.read_text() == "v3\n" and outcome.path.name.startswith("2025-01-01--x.rev-")
        files = sorted(p.name for p in tmp_path.glob("*.md"))
        assert write_draft(tmp_path, "2025-01-01--x", "v3\n", ledger, AT).action == "unchanged"
        assert sorted(p.name for p in tmp_path.glob("*.md")) == files


def test_write_draft_without_ledger_history_keeps_the_file(tmp_path):
    (tmp_path / "2025-01-01--y.md").write_text("written before the ledger existed\n")
    with open_ledger(tmp_path) as ledger:
        assert write_draft(tmp_path, "2025-01-01--y", "new\n", ledger, AT).action == "revision"
    assert (tmp_path / "2025-01-01--y.md").read_text() == "written before the ledger existed\n"


def test_failures_are_recorded_once(tmp_path):
    failure = Failure(stage="collect", source="x", error="SourceError", message="gone", at=datetime.now(timezone.utc))
    with open_ledger(tmp_path) as ledger:
        assert record_failures(tmp_path, [failure], ledger) == 1
        assert record_failures(tmp_path, [failure.model_copy(update={"at": datetime.now(timezone.utc)})], ledger) == 0
        assert len(ledger.failures()) == 1
    lines = (tmp_path / FAILURES_NAME).read_text().splitlines()
    assert len(lines) == 1 and Failure.model_validate_json(lines[0]).message == "gone"


def _failure(source: str) -> Failure:
    return Failure(stage="collect", source=source, error="SourceError", message=f"{source} is gone",
                   at=datetime.now(timezone.utc))


def _recorded(folder) -> list[str]:
    import json

    return [json.loads(line)["source"] for line in (folder / FAILURES_NAME).read_text().splitlines()]


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


@pytest.mark.parametrize("content", ["actors:\n", "actors: [unclosed\n", "- a list\n"])
def test_a_broken_registry_is_a_config_error(tmp_path, content):
    path = tmp_path / "actors.yaml"
    path.write_text(content)
    if content == "actors:\n":
        assert load_registry(path) == []
    else:
        with pytest.raises(ConfigError):
            load_registry(path)
