"""store/raw.py: bytes stored once, under their sha256."""

from __future__ import annotations

from datetime import datetime, timezone

from pipeline.store import (
    store_raw,
)


def test_store_raw_is_content_addressed(tmp_path):
    meta = dict(source="a", source_kind="file", fetched_at=datetime.now(timezone.utc), content_type="text/plain")
    first = store_raw(tmp_path, b"same bytes", **meta)
    second = store_raw(tmp_path, b"same bytes", **{**meta, "source": "b"})
    assert first == second  # stored once; the first provenance is kept
    assert (tmp_path / first.path).read_bytes() == b"same bytes"
    assert len(list((tmp_path / "objects").rglob("*"))) == 3  # folder, bytes, sidecar
