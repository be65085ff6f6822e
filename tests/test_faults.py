"""Faults a run must survive: SIGKILL at random moments, a full disk, a read-only extracted/.

Whatever happens, a run leaves whole files only (no temporary files, every draft parses, the
ledger passes SQLite's integrity check, failures.jsonl has each failure once), says what went
wrong in one line, and a re-run once the fault is gone ends with exactly the drafts of a run
that was never disturbed. The CLI runs in subprocesses (`run --local`: the stage functions the
Prefect flows call, without the flow machinery's start-up cost), reading a small corpus from
files and from a deliberately slow HTTP server on 127.0.0.1.

Kill moments are drawn with random.Random(SEED); FAULTS_SEED=<n> in the environment replays
or varies them, and every assertion message names the seed.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from bench.corpus import make_article
from pipeline.draft_file import parse_draft_text
from pipeline.store import FAILURES_NAME, LEDGER_NAME, TEMP_SUFFIX
from tests.conftest import REGISTRY, REPO, SAMPLE_REGISTRY, SAMPLES, Handler, Server

pytestmark = [pytest.mark.model, pytest.mark.slow]

SEED = int(os.environ.get("FAULTS_SEED", "1729"))
SERVED = 8  # generated pages fetched over HTTP
LOCAL = 8  # generated pages read from files, beside the six samples and one stub
BATCH = 4  # articles per batch: several batches, so a kill can fall between and inside them
FETCH_DELAY = 0.2  # seconds the server waits before each answer: fetching takes a while
RUN_TIMEOUT = 180
FULL_AT = {"extracted": (0.15, 0.5, 0.85), "raw": (0.3, 0.7)}  # of the room a run takes


# ------------------------------------------------------------------------------- the corpus


def make_corpus(folder: Path) -> dict[str, bytes]:
    """Write the local part of the corpus (samples, generated pages, a stub that fails as not an
    article) into `folder`; RETURNS the pages to serve over HTTP, by path."""
    rng = random.Random(11)
    folder.mkdir(parents=True)
    for sample in sorted(SAMPLES.glob("*.*")):
        if sample.suffix in (".html", ".txt"):
            shutil.copy(sample, folder / sample.name)
    for i in range(LOCAL):
        (folder / f"generated-{i:02d}.html").write_text(make_article(i, rng)[0], encoding="utf-8")
    (folder / "stub.txt").write_text("Too short to be an article.\n", encoding="utf-8")
    return {f"/news/{i:02d}": make_article(100 + i, rng)[0].encode("utf-8") for i in range(SERVED)}


class SlowPages:
    """Serves pages after FETCH_DELAY; counts the requests begun and those still being answered,
    so the test knows when a run is in the middle of a fetch."""

    def __init__(self, server: Server, pages: dict[str, bytes]) -> None:
        self.begun = 0
        self.in_flight = 0
        self._lock = threading.Lock()
        for path, body in pages.items():
            server.routes[path] = self._route(body)

    def _route(self, body: bytes) -> Callable[[Handler], None]:
        def answer(handler: Handler) -> None:
            with self._lock:
                self.begun += 1
                self.in_flight += 1
            try:
                time.sleep(FETCH_DELAY)
                handler.send_response(200)
                handler.send_header("Content-Type", "text/html; charset=utf-8")
                handler.send_header("Content-Length", str(len(body)))
                handler.end_headers()
                handler.wfile.write(body)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client was killed while waiting
            finally:
                with self._lock:
                    self.in_flight -= 1

        return answer


def write_config(root: Path) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    config = root / "newsevents.toml"
    config.write_text(
        f'[paths]\nraw = "{root / "raw"}"\nextracted = "{root / "extracted"}"\n'
        f'registry = "{REGISTRY}"\nregistries = ["{SAMPLE_REGISTRY}"]\nstate = "{root / "state"}"\n\n'
        '[collect]\nallow_addresses = ["127.0.0.1"]\nretries = 0\ntimeout = 10.0\n\n'
        f"[flows]\ntask_batch = {BATCH}\n",
        encoding="utf-8",
    )
    return config


def cli_command(root: Path, sources: list[str], *, local: bool = True) -> list[str]:
    """`newsevents run`, by default without Prefect (`--local`: the kills land in our code), or
    through the Prefect flows (`--flows`)."""
    return [sys.executable, "-m", "pipeline.cli.app", "run", "--local" if local else "--flows",
            "-c", str(root / "newsevents.toml"), *sources]


def start(root: Path, sources: list[str], name: str) -> subprocess.Popen:
    """A CLI run in the background; its output goes to files beside the folders (no pipe fills up)."""
    out = open(root / f"{name}.out", "wb")
    err = open(root / f"{name}.err", "wb")
    with out, err:
        return subprocess.Popen(cli_command(root, sources), cwd=REPO, stdout=out, stderr=err)


def stderr_of(root: Path, name: str) -> str:
    return (root / f"{name}.err").read_text(encoding="utf-8", errors="replace")


def run_to_end(root: Path, sources: list[str], name: str) -> int:
    proc = start(root, sources, name)
    return proc.wait(timeout=RUN_TIMEOUT)


# ------------------------------------------------------------------------------ what is there


def drafts(root: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted((root / "extracted").glob("*.md"))}


def temp_files(root: Path) -> list[Path]:
    return sorted(p for folder in ("raw", "extracted") for p in (root / folder).rglob(f".*{TEMP_SUFFIX}"))


def processed(root: Path) -> int:
    try:
        with sqlite3.connect(f"file:{root / 'extracted' / LEDGER_NAME}?mode=ro", uri=True, timeout=5) as db:
            return db.execute("SELECT count(*) FROM processed").fetchone()[0]
    except sqlite3.Error:
        return 0


def analyses(root: Path) -> int:
    return sum(1 for _ in (root / "extracted" / ".analyses").glob("*/*.json.gz"))


def failure_keys(root: Path) -> list[tuple]:
    path = root / "extracted" / FAILURES_NAME
    if not path.exists():
        return []
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    return [(r["stage"], r["source"], r["sha256"], r["error"]) for r in rows]


def assert_whole(root: Path, why: str) -> None:
    """Every file the pipeline keeps is whole: drafts parse, failures.jsonl is JSON line by line
    with no failure twice, analyses decompress, raw objects match their hash and have their
    sidecar, the ledger passes SQLite's integrity check, and no temporary file is left."""
    assert not temp_files(root), f"{why}: temporary files left: {temp_files(root)}"
    sources: dict[str, str] = {}
    for name, data in drafts(root).items():
        front, _ = parse_draft_text(data.decode("utf-8"))
        for key in front["provenance"].get("source_keys") or front["provenance"]["inputs"]:
            # an input's events (its main one, the past ones it narrates): each in one draft
            assert key not in sources, f"{why}: event {key} of an input is in two drafts, {sources[key]} and {name}"
            sources[key] = name
    keys = failure_keys(root)
    assert len(keys) == len(set(keys)), f"{why}: a failure recorded twice in failures.jsonl: {keys}"
    for path in (root / "extracted" / ".analyses").glob("*/*"):
        json.loads(gzip.decompress(path.read_bytes()))
    for obj in (root / "raw" / "objects").glob("*/*"):
        if obj.suffix != ".json":
            assert hashlib.sha256(obj.read_bytes()).hexdigest() == obj.name, f"{why}: {obj} is not whole"
            sidecar = obj.with_name(obj.name + ".json")
            if sidecar.exists():
                json.loads(sidecar.read_bytes())
    ledger = root / "extracted" / LEDGER_NAME
    if ledger.exists():
        with sqlite3.connect(ledger) as db:
            assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok", why


def assert_same_as(root: Path, reference: Path, why: str) -> None:
    """The drafts, byte for byte, and the failures (not their times) of an undisturbed run."""
    assert drafts(root) == drafts(reference), f"{why}: the drafts differ from an uninterrupted run's"
    assert sorted(failure_keys(root)) == sorted(failure_keys(reference)), why
    with sqlite3.connect(root / "extracted" / LEDGER_NAME) as db, \
            sqlite3.connect(reference / "extracted" / LEDGER_NAME) as ref:
        # what happened to each input's draft ('created', or 'unchanged' when an interrupted run
        # had written it) is history; which draft holds it is not
        for query in ("SELECT sha256, draft_id, outcome LIKE 'failed%' FROM processed ORDER BY sha256",
                      "SELECT id, written_sha256 FROM drafts ORDER BY id"):
            assert db.execute(query).fetchall() == ref.execute(query).fetchall(), f"{why}: {query}"
    for obj in (reference / "raw" / "objects").glob("*/*"):
        if obj.suffix != ".json":  # every snapshot, with its sidecar
            mine = root / "raw" / obj.relative_to(reference / "raw")
            assert mine.exists() and mine.with_name(mine.name + ".json").exists(), f"{why}: {mine} missing"


def wait_for(check: Callable[[], bool], proc: subprocess.Popen, what: str, timeout: float = 120.0,
             pause: float = 0.02) -> None:
    end = time.monotonic() + timeout
    while not check():
        assert proc.poll() is None, f"seed {SEED}: the run ended (code {proc.returncode}) before {what}"
        assert time.monotonic() < end, f"seed {SEED}: no {what} within {timeout:.0f} s"
        time.sleep(pause)


def kill(proc: subprocess.Popen) -> None:
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)


# ------------------------------------------------------------------------------ SIGKILL


def test_runs_killed_at_random_points_end_as_an_uninterrupted_run(tmp_path: Path, http_server: Server) -> None:
    """One run is killed (SIGKILL) and restarted until it ends; the result must equal a run that
    was never killed. The kills land, each verified where it fell:

    - during fetch: while the server is still answering one of the run's requests (after a
      seeded number of them), so raw/ holds part of the pages;
    - during extraction: a seeded moment just after a batch was saved (the ledger's count of
      processed inputs grew), checked to be before the next batch saved anything, i.e. while
      it was being cleaned and analysed;
    - during a draft write: the instant a draft's temporary file appears in extracted/, again
      in restart after restart (at the n-th such file, n drawn) until one kill leaves the file
      behind (killed between its creation and its rename), which the next run must clean up.
    """
    rng = random.Random(SEED)
    pages = SlowPages(http_server, make_corpus(tmp_path / "corpus"))
    http_server.routes["/news/gone"] = (404, {}, b"gone")  # a collect failure, recorded once
    sources = [http_server.url(path) for path in sorted(http_server.routes)] + [str(tmp_path / "corpus")]
    whole, killed = tmp_path / "whole", tmp_path / "killed"
    write_config(whole), write_config(killed)

    assert run_to_end(whole, sources, "run") == 0, stderr_of(whole, "run")
    expected = drafts(whole)
    total = processed(whole)
    assert len(expected) >= 3 * BATCH and total == 6 + LOCAL + 1 + SERVED, (len(expected), total)
    landed: list[str] = []

    # during fetch: the server holds the run's n-th request when the kill comes
    proc = start(killed, sources, "fetch")
    first = pages.begun
    target = rng.randint(1, SERVED - 1)
    wait_for(lambda: pages.begun - first >= target, proc, f"request {target}")
    time.sleep(rng.uniform(0, FETCH_DELAY / 3))
    in_fetch = pages.in_flight > 0
    kill(proc)
    assert in_fetch and processed(killed) == 0, f"seed {SEED}: the kill was not during fetching"
    landed.append(f"fetch (request {target})")

    # during extraction: after a batch was saved, before the next one saves anything
    proc = start(killed, sources, "extract")
    batches = rng.randint(1, 2)
    wait_for(lambda: processed(killed) >= batches * BATCH, proc, f"{batches} batches saved")
    seen = (processed(killed), analyses(killed), drafts(killed))
    time.sleep(rng.uniform(0, 0.05))
    kill(proc)
    assert (processed(killed), analyses(killed), drafts(killed)) == seen and seen[0] < total, (
        f"seed {SEED}: the kill was not between saving one batch and the next")
    landed.append(f"extraction (after {seen[0]} inputs)")

    # during a draft write: at the n-th temporary draft file seen (n drawn), restart after restart
    root_dir = killed / "extracted"
    for attempt in range(6):
        if processed(killed) >= total:
            break
        proc = start(killed, sources, f"draft-{attempt}")
        before = {p.name for p in root_dir.glob(f".*{TEMP_SUFFIX}")}
        wanted, seen_writes = rng.randint(1, 3), set()
        end = time.monotonic() + RUN_TIMEOUT
        while len(seen_writes) < wanted and proc.poll() is None and time.monotonic() < end:
            seen_writes.update(e.name for e in os.scandir(root_dir) if e.name.endswith(TEMP_SUFFIX))
            seen_writes -= before
            time.sleep(0.0002)
        if proc.poll() is not None:
            break  # it finished: nothing was left to write
        kill(proc)
        left = [p.name for p in root_dir.glob(f".*{TEMP_SUFFIX}") if p.name not in before]
        if left:
            landed.append(f"draft write {wanted} of its run ({left[0]})")
            break
    assert any(what.startswith("draft write") for what in landed), (
        f"seed {SEED}: no kill landed inside a draft write; kills fell during {landed}")

    assert run_to_end(killed, sources, "final") == 0, stderr_of(killed, "final")
    why = f"seed {SEED}, killed during {'; '.join(landed)}"
    assert_whole(killed, why)
    assert_same_as(killed, whole, why)


# --------------------------------------------------------------------- full and read-only disks


@pytest.fixture(scope="module")
def namespaces() -> None:
    """Mounting a small tmpfs or a read-only bind mount needs a user and mount namespace."""
    if shutil.which("unshare") is None:
        pytest.skip("unshare (util-linux) is not installed: cannot simulate a full or read-only disk")
    probe = subprocess.run(["unshare", "-rm", "sh", "-c", "mount -t tmpfs -o size=64k none /mnt"],
                           capture_output=True, text=True)
    if probe.returncode != 0:
        pytest.skip(f"unprivileged user and mount namespaces are not permitted here: {probe.stderr.strip()}")


def run_in_namespace(root: Path, sources: list[str], setup: str, after: str = "", *, local: bool = True) -> tuple[int, str]:
    """The CLI with a fault mounted by `setup` (shell, inside a private mount namespace), then
    `after`. The mounts go with the namespace: `after` copies what a tmpfs holds out of it.
    RETURNS the exit code of the run and what it wrote to stderr."""
    command = " ".join(f"'{part}'" for part in cli_command(root, sources, local=local))
    script = f"set -e; {setup}; cd '{REPO}'; set +e; {command}; code=$?; set -e"
    if after:
        script += f"; {after}"
    script += "; exit $code"
    done = subprocess.run(["unshare", "-rm", "sh", "-c", script], capture_output=True, text=True,
                          timeout=RUN_TIMEOUT, env=os.environ)
    return done.returncode, done.stderr


@dataclass(frozen=True)
class Reference:
    """A local corpus, an undisturbed run's folders, and the room raw/ and extracted/ take."""

    sources: list[str]
    root: Path
    usage: dict[str, int]


@pytest.fixture(scope="module")
def reference(tmp_path_factory: pytest.TempPathFactory, namespaces: None) -> Reference:
    """The undisturbed run, made once for the tests below, on tmpfs mounts (room to spare) so
    that the space raw/ and extracted/ take at their fullest, in whole pages, can be measured."""
    base = tmp_path_factory.mktemp("faults")
    corpus = base / "corpus"
    make_corpus(corpus)
    root = base / "reference"
    write_config(root)
    mounts, report = [], []
    for folder in ("raw", "extracted"):
        (root / folder).mkdir()
        mounts.append(f"mount -t tmpfs -o size=64m none '{root / folder}'")
        report.append(f"df -B1 --output=used '{root / folder}' | tail -n 1 > '{root}/{folder}.used'")
        report.append(f"cp -a '{root / folder}/.' '{root}/{folder}.kept/'")
    code, err = run_in_namespace(root, [str(corpus)], "; ".join(mounts), after="; ".join(report))
    assert code == 0, err
    usage = {}
    for folder in ("raw", "extracted"):
        usage[folder] = int((root / f"{folder}.used").read_text())
        (root / folder).rmdir()
        (root / f"{folder}.kept").rename(root / folder)
    return Reference([str(corpus)], root, usage)


def assert_clear_error(code: int, err: str, folder: Path, cause: str, why: str) -> None:
    """Exit code 4 and one line that names the folder and the cause; no traceback."""
    assert code == 4, f"{why}: exit code {code}\n{err}"
    assert "Traceback" not in err and "╭" not in err, f"{why}: a traceback\n{err}"
    lines = [line for line in err.splitlines() if "storage error" in line]
    assert len(lines) == 1, f"{why}: {err}"
    assert f"cannot write {folder}/" in lines[0] and lines[0].endswith(cause), f"{why}: {lines[0]}"


@pytest.mark.parametrize("folder", ["extracted", "raw"])
def test_a_full_disk_stops_the_run_with_a_clear_error_and_whole_files(tmp_path: Path, reference: Reference,
                                                                      folder: str) -> None:
    """raw/ or extracted/ on a tmpfs too small for the run, at sizes that fill up at different
    points (the ledger, the snapshots, the analyses, the drafts): the run stops with
    'cannot write <folder>/...: No space left on device' (extracted/: SQLite's 'database or disk
    is full' where the ledger is what overflowed), leaves whole files only, records no input as
    failed for it, and once there is room a re-run ends with the drafts of an undisturbed run."""
    usage = reference.usage[folder]
    points: dict[str, tuple[int, int]] = {}
    for fraction in FULL_AT[folder]:
        root = tmp_path / f"{folder}-{fraction}"
        write_config(root)
        target = root / folder
        target.mkdir()
        size = max(16384, int(usage * fraction) // 4096 * 4096)
        code, err = run_in_namespace(root, reference.sources, f"mount -t tmpfs -o size={size} none '{target}'",
                                     after=f"cp -a '{target}/.' '{target}.kept/'")
        why = f"{folder}/ on a tmpfs of {size} bytes ({fraction:.0%} of a run's {usage})"
        target.rmdir()
        Path(f"{target}.kept").rename(target)  # the disk has room again
        assert_clear_error(code, err, target, ("No space left on device", "database or disk is full"), why)
        assert_whole(root, why)
        assert not [k for k in failure_keys(root) if "space" in json.dumps(k).lower()], why
        points[why] = (len(list((root / "raw" / "objects").glob("*/*.json"))), len(drafts(root)))

        assert run_to_end(root, reference.sources, "after") == 0, f"{why}: {stderr_of(root, 'after')}"
        assert_whole(root, why + ", then re-run")
        assert_same_as(root, reference.root, why + ", then re-run")
    if folder == "extracted":  # the disk filled up before any draft, and after some of them
        assert any(n == 0 for _, n in points.values()) and any(0 < n < len(drafts(reference.root))
                                                              for _, n in points.values()), points
    else:  # and part-way through storing the snapshots
        assert any(0 < n < len(list((reference.root / "raw" / "objects").glob("*/*.json")))
                   for n, _ in points.values()), points


def test_a_read_only_extracted_folder_stops_the_run_and_changes_nothing(tmp_path: Path, reference: Reference) -> None:
    """extracted/ bind-mounted read-only (as root, chmod would not stop a write), once empty and
    once holding an earlier run's files: the run stops with 'cannot write extracted/...:
    Read-only file system', the folder is as it was, and a re-run once it is writable again
    ends with the drafts of an undisturbed run."""
    corpus = Path(reference.sources[0])
    for earlier in (False, True):
        root = tmp_path / f"earlier-{earlier}"
        write_config(root)
        target = root / "extracted"
        target.mkdir()
        if earlier:  # half the corpus went through before the folder became read-only
            half = sorted(str(p) for p in corpus.iterdir())[::2]
            assert run_to_end(root, half, "earlier") == 0, stderr_of(root, "earlier")
            assert drafts(root)
        before = {p: p.read_bytes() for p in target.rglob("*") if p.is_file()}
        code, err = run_in_namespace(
            root, reference.sources, f"mount --bind '{target}' '{target}'; mount -o remount,ro,bind '{target}' '{target}'")
        why = f"read-only extracted/ {'with' if earlier else 'without'} an earlier run's files"
        assert_clear_error(code, err, target, ("Read-only file system",), why)
        assert {p: p.read_bytes() for p in target.rglob("*") if p.is_file()} == before, why
        assert_whole(root, why)
        if not earlier:  # the same through the Prefect flows: their logs say it in a line too
            code, err = run_in_namespace(root, reference.sources, f"mount --bind '{target}' '{target}'; "
                                         f"mount -o remount,ro,bind '{target}' '{target}'", local=False)
            assert_clear_error(code, err, target, ("Read-only file system",), why + " (Prefect flows)")
            assert not any(target.iterdir()), why + " (Prefect flows)"

        assert run_to_end(root, reference.sources, "after") == 0, f"{why}: {stderr_of(root, 'after')}"
        assert_whole(root, why + ", then re-run")
        undisturbed = reference.root
        if earlier:  # the same history without the fault: which events were known first decides
            undisturbed = tmp_path / "earlier-undisturbed"  # which article founds an event (its id, its order)
            write_config(undisturbed)
            assert run_to_end(undisturbed, half, "earlier") == 0 and run_to_end(undisturbed, reference.sources, "after") == 0
        assert_same_as(root, undisturbed, why + ", then re-run")


def test_only_the_temporary_files_of_ended_writers_are_removed(tmp_path: Path) -> None:
    """The clean-up at the start of a run must not take a file from under a live writer (a
    `review` command, or a collect run filling raw/), nor a file that is not ours."""
    from pipeline.store import remove_stale_temp_files

    live = subprocess.Popen(["sleep", "30"])
    ended = subprocess.Popen(["true"])
    ended.wait()
    try:
        names = [f".a.md.{live.pid}.abcd_123{TEMP_SUFFIX}", f".b.md.{ended.pid}.abcd_123{TEMP_SUFFIX}",
                 f".notes{TEMP_SUFFIX}", "c.md"]
        for name in names:
            (tmp_path / "objects" / "ab").mkdir(parents=True, exist_ok=True)
            (tmp_path / "objects" / "ab" / name).write_text("x")
        assert remove_stale_temp_files(tmp_path) == 1
        assert sorted(p.name for p in (tmp_path / "objects" / "ab").iterdir()) == sorted(names[:1] + names[2:])
    finally:
        live.kill()
        live.wait()
