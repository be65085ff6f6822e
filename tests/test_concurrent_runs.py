"""Two runs on the same folders at once: one processes, the other waits its turn or refuses with
a clear message; the ledger and the drafts end as after one run."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from pipeline.collect import collect_sources
from pipeline.errors import RunInProgress
from pipeline.runner import process_pending
from pipeline.store import LEDGER_NAME, run_lock
from tests.conftest import REGISTRY, REPO, SAMPLE_REGISTRY, SAMPLES, make_settings

pytestmark = [pytest.mark.model, pytest.mark.slow]


def drafts(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.glob("*.md"))}


def test_a_run_refuses_while_another_holds_the_folder(settings, nlp, index):
    assert collect_sources([str(SAMPLES)], cfg=settings.collect, raw_dir=settings.paths.raw).ok
    with run_lock(settings.paths.extracted):
        with pytest.raises(RunInProgress, match=r"another run is using .* \(pid \d+ since"):
            process_pending(settings, nlp=nlp, index=index)
    assert not drafts(settings.paths.extracted)
    assert process_pending(settings, nlp=nlp, index=index).counts()["created"] == 5  # the lock went with its holder


def test_two_runs_started_at_once_end_as_one_run(tmp_path, nlp, index):
    root = tmp_path / "shared"
    config = tmp_path / "newsevents.toml"
    config.write_text(f'[paths]\nraw = "{root / "raw"}"\nextracted = "{root / "extracted"}"\n'
                      f'registry = "{REGISTRY}"\nregistries = ["{SAMPLE_REGISTRY}"]\nstate = "{root / "state"}"\n',
                      encoding="utf-8")
    command = [sys.executable, "-m", "pipeline.cli.app", "run", "--local", "-c", str(config), str(SAMPLES)]
    runs = [subprocess.Popen(command, cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
            for _ in range(2)]
    results = [(run.wait(timeout=300), run.stderr.read()) for run in runs]
    codes = sorted(code for code, _ in results)
    assert codes in ([0, 0], [0, 3]), results
    for code, err in results:
        if code == 3:
            assert "another run is using" in err
    single = make_settings(tmp_path / "single")
    collect_sources([str(SAMPLES)], cfg=single.collect, raw_dir=single.paths.raw)
    process_pending(single, nlp=nlp, index=index)
    assert drafts(root / "extracted") == drafts(single.paths.extracted)
    with sqlite3.connect(root / "extracted" / LEDGER_NAME) as db:
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert db.execute("SELECT COUNT(*) FROM processed").fetchone()[0] == 6
    assert not [p for p in (root / "extracted").rglob("*") if p.name.startswith(".tmp") or p.suffix == ".tmp"]
