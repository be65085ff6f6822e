"""The process flow on a Dask LocalCluster of two workers gives the drafts one process gives."""

from __future__ import annotations

import pytest

from pipeline.collect import collect_sources
from tests.conftest import SAMPLES, make_settings

pytestmark = [pytest.mark.flows, pytest.mark.model]


def drafts(folder) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.glob("*.md"))}


def test_process_on_a_local_dask_cluster_gives_byte_identical_drafts(tmp_path):
    from flows.dask import on_dask
    from flows.process import process

    one = make_settings(tmp_path / "one", flows={"task_batch": 2})
    two = make_settings(tmp_path / "dask", flows={"task_batch": 2, "dask": "local", "dask_workers": 2, "in_flight": 2})
    for settings in (one, two):
        assert len(collect_sources([str(SAMPLES)], cfg=settings.collect, raw_dir=settings.paths.raw).ok) == 6
    counts = process(one)  # batches of 2: the rail event is written, then updated with its second source
    assert counts["created"] == 5 and counts["failed"] == 0
    assert on_dask(process, two)(two, parallel=True) == counts
    expected = drafts(one.paths.extracted)
    assert len(expected) == 5 and drafts(two.paths.extracted) == expected
