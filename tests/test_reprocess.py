"""`newsevents reprocess`: a dump streamed through the pipeline, killed half-way and resumed."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from bench.corpus import make_article
from pipeline.reprocess import count_records
from tests.conftest import REGISTRY, SAMPLE_REGISTRY, SAMPLES

pytestmark = [pytest.mark.model, pytest.mark.slow]

ARTICLES = 24
BATCH = 4


def write_dump(path: Path) -> Path:
    """A JSONL dump: generated pages plus the bundled samples (two of which are one event)."""
    import random

    rng = random.Random(3)
    rows = [{"url": f"https://dump.example/{i}", "html": make_article(i, rng)[0]} for i in range(ARTICLES - 6)]
    for sample in sorted(SAMPLES.glob("*.*")):
        if sample.suffix in (".html", ".txt"):
            key = "html" if sample.suffix == ".html" else "text"
            rows.append({"url": f"https://samples.example/{sample.stem}", key: sample.read_text(encoding="utf-8")})
    rows.append({"url": "https://dump.example/broken"})  # no text: recorded, the run goes on
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


def env_for(root: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.update({
        "NEWSEVENTS_PATHS__RAW": str(root / "raw"), "NEWSEVENTS_PATHS__EXTRACTED": str(root / "extracted"),
        "NEWSEVENTS_PATHS__REGISTRY": str(REGISTRY), "NEWSEVENTS_PATHS__STATE": str(root / "state"),
        "NEWSEVENTS_PATHS__REGISTRIES": f'["{SAMPLE_REGISTRY}"]',
        "NEWSEVENTS_FLOWS__TASK_BATCH": str(BATCH),
    })
    return env


def reprocess(root: Path, dump: Path, **kwargs) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "pipeline.cli.app", "reprocess", "--local", str(dump)],
                            env=env_for(root), stdout=subprocess.PIPE, stderr=subprocess.PIPE, **kwargs)


def processed(root: Path) -> int:
    try:
        with sqlite3.connect(root / "extracted" / ".ledger.sqlite", timeout=5) as db:
            return db.execute("SELECT count(*) FROM processed").fetchone()[0]
    except sqlite3.Error:
        return 0


def drafts(root: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted((root / "extracted").glob("*.md"))}


def test_count_records_of_a_dump(tmp_path):
    assert count_records(write_dump(tmp_path / "dump.jsonl")) == ARTICLES + 1


def test_a_killed_reprocess_resumes_and_ends_as_an_uninterrupted_one(tmp_path):
    dump = write_dump(tmp_path / "dump.jsonl")
    whole, killed = tmp_path / "whole", tmp_path / "killed"

    run = reprocess(whole, dump)
    out, err = run.communicate(timeout=300)
    assert run.returncode == 0, err.decode()
    expected = drafts(whole)
    mains = [name for name, data in expected.items() if b"\nkind: main\n" in data]
    assert len(mains) == ARTICLES - 1  # the two rail-deal samples are one event (the rest: past events they narrate)

    run = reprocess(killed, dump)
    deadline = time.monotonic() + 240
    while processed(killed) < 2 * BATCH and run.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    assert run.poll() is None, "the run ended before it could be killed; make the dump larger"
    run.send_signal(signal.SIGKILL)
    run.wait()
    assert 0 < processed(killed) < ARTICLES
    assert not list((killed / "extracted").glob(".*.tmp"))  # no half-written files, ever

    resumed = reprocess(killed, dump)
    out, err = resumed.communicate(timeout=300)
    assert resumed.returncode == 0, err.decode()
    assert b"already processed" in out  # it skipped what the killed run had finished
    assert drafts(killed) == expected

    again = reprocess(killed, dump)  # nothing left to do: nothing changes
    again.communicate(timeout=300)
    assert drafts(killed) == expected
    failures = (killed / "extracted" / "failures.jsonl").read_text().splitlines()
    assert len(failures) == 1 and "no 'html' or 'text'" in failures[0]


def test_a_new_pipeline_version_rebuilds_drafts_but_keeps_the_analysts(settings, tmp_path, nlp, index):
    from pipeline.reprocess import reprocess_dump

    dump = write_dump(tmp_path / "dump.jsonl")
    reprocess_dump(dump, settings=settings, nlp=nlp, index=index)
    report, progress = reprocess_dump(dump, settings=settings, nlp=nlp, index=index)
    assert report.outcomes == [] and progress.skipped == ARTICLES  # same version: nothing to do
    first = drafts(settings.paths.extracted.parent)
    touched = sorted(first)[0]
    path = settings.paths.extracted / touched
    path.write_bytes(path.read_bytes().replace(b"status: draft", b"status: confirmed"))
    with sqlite3.connect(settings.paths.extracted / ".ledger.sqlite") as db:  # drafts of an older version
        db.execute("UPDATE processed SET pipeline_version = '0.0.0'")
    report, progress = reprocess_dump(dump, settings=settings, nlp=nlp, index=index)
    assert progress.skipped == 0 and progress.processed == ARTICLES
    actions = {o.draft_id + ".md": o.action for o in report.outcomes}
    assert actions[touched] == "revision" and b"status: confirmed" in path.read_bytes()
    assert set(actions.values()) == {"unchanged", "revision"}  # the same drafts, rebuilt; none created
    now = [name for name in drafts(settings.paths.extracted.parent) if ".rev-" not in name]
    assert now == sorted(first)  # the same events: no draft was added or renamed
