"""Analysis in two worker processes gives the drafts one process gives, and errors come back whole."""

from __future__ import annotations

import random

import pytest

from bench.corpus import make_article
from pipeline.collect import collect_sources
from pipeline.errors import ConfigError
from pipeline.runner import process_pending
from tests.conftest import SAMPLES, make_settings

pytestmark = pytest.mark.model


def drafts(folder) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.glob("*.md"))}


def test_two_processes_give_byte_identical_drafts(tmp_path, nlp, index):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    rng = random.Random(3)
    for i in range(8):  # four days, two articles each: some join events, some start them
        html, _ = make_article(i, rng, date=f"2025-06-{10 + i // 2:02d}")
        (corpus / f"generated-{i}.html").write_text(html, encoding="utf-8")
    one = make_settings(tmp_path / "one", flows={"task_batch": 3})
    two = make_settings(tmp_path / "two", flows={"task_batch": 3}, extract={"n_process": 2})
    for settings in (one, two):
        assert len(collect_sources([str(SAMPLES), str(corpus)], cfg=settings.collect, raw_dir=settings.paths.raw).ok) == 14
    counts = process_pending(one, nlp=nlp, index=index).counts()
    assert counts["failed"] == 0 and counts.get("updated", 0) > 0  # later batches add to earlier events
    assert process_pending(two).counts() == counts
    expected = drafts(one.paths.extracted)
    assert len(expected) >= 6 and drafts(two.paths.extracted) == expected


def test_a_missing_model_in_the_workers_is_a_config_error(tmp_path):
    settings = make_settings(tmp_path, extract={"n_process": 2, "model": "no_such_model_installed"})
    assert collect_sources([str(SAMPLES)], cfg=settings.collect, raw_dir=settings.paths.raw).ok
    with pytest.raises(ConfigError, match="no_such_model_installed"):
        process_pending(settings)
