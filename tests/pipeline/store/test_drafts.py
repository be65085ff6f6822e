"""store/drafts.py: a draft file is never written over an analyst's edits."""

from __future__ import annotations

from pipeline.store import (
    open_ledger,
    write_draft,
)

AT = "2025-01-01T00:00:00+00:00"


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
