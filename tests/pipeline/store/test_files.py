"""store/files.py: writes that are whole or nothing."""

from __future__ import annotations

from pipeline.store import (
    atomic_write,
)


def test_atomic_write_leaves_no_temporary_files(tmp_path):
    target = tmp_path / "sub" / "file.md"
    atomic_write(target, b"one")
    atomic_write(target, b"two")
    assert target.read_bytes() == b"two"
    assert [p.name for p in target.parent.iterdir()] == ["file.md"]
