"""The process flow with extract.n_process = 2 (analysis in worker processes, saves as tasks)
writes the drafts the library writes in one process."""

from __future__ import annotations

import pytest

from pipeline.collect import collect_sources
from pipeline.runner import process_pending
from tests.conftest import SAMPLES, make_settings

pytestmark = [pytest.mark.flows, pytest.mark.model]


def drafts(folder) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.glob("*.md"))}


def test_process_flow_with_two_analysis_processes(tmp_path, nlp, index):
    from flows.process import process

    one = make_settings(tmp_path / "one", flows={"task_batch": 2})
    two = make_settings(tmp_path / "two", flows={"task_batch": 2}, extract={"n_process": 2})
    for settings in (one, two):
        assert len(collect_sources([str(SAMPLES)], cfg=settings.collect, raw_dir=settings.paths.raw).ok) == 6
    counts = process_pending(one, nlp=nlp, index=index).counts()
    assert process(two) == counts
    assert len(drafts(one.paths.extracted)) == 5 and drafts(two.paths.extracted) == drafts(one.paths.extracted)
