"""How fast the review answers with 1,000 drafts of real news in the folder. Prints figures; asserts nothing.

    python bench/review.py [--shared ../shared] [--drafts 1000] [--repeat 40]

Inputs, read in place from ../shared (never copied into the repository): the gold articles
(quotes-dev, who-when-train) and the six newsletter digests, processed by the library into drafts
in a temporary folder (with the public timeline, so drafts carry their matches and suggestions).
The drafts are then copied under other ids until the folder holds `--drafts` of them (each copy
a draft of real news; its sources' analyses are the original's). Timed, each `--repeat` times, in
this process through the real app (FastAPI's test client, logged in as an analyst):
  queue         GET /            the pending drafts (the default)
  search        GET /?q=trump&status=all
  draft         GET /drafts/ID   a draft drawn at random each time
and `newsevents review list` as a user runs it (a new process each time, 5 runs). Median and 95th
percentile; the first queue request (which builds the queue's index) is given on its own.
"""

from __future__ import annotations

import argparse
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))


def make_drafts(root: Path, shared: Path, count: int):  # noqa: ANN201 - Settings
    from bench.corpus import write_gold_dump
    from pipeline.collect import collect_sources
    from pipeline.runner import process_pending
    from pipeline.settings import load_settings

    settings = load_settings(paths={"raw": root / "raw", "extracted": root / "extracted", "state": root / "state",
                                    "registry": REPO / "models" / "actors.yaml",
                                    "timeline": shared / "timeline" / "events.jsonl"},
                             review={"allowed_hosts": ["testserver"]})
    dump = root / "news.jsonl"
    write_gold_dump(shared, dump)
    collect_sources([str(dump)], cfg=settings.collect, raw_dir=settings.paths.raw)
    process_pending(settings)
    made = sorted(p for p in settings.paths.extracted.glob("*.md") if ".rev-" not in p.name)
    copies, n = [], 0
    while len(made) + len(copies) < count:
        source = made[n % len(made)]
        new_id = f"{source.stem[:180]}-copy-{n // len(made) + 1}"
        text = source.read_text(encoding="utf-8").replace(f"id: {source.stem}\n", f"id: {new_id}\n", 1)
        (source.parent / f"{new_id}.md").write_text(text, encoding="utf-8")
        copies.append(new_id)
        n += 1
    return settings, len(made)


def ok(response):  # noqa: ANN001, ANN201 - an httpx response
    """A page that answered (200), not a redirect to the login page."""
    assert response.status_code == 200, response.status_code
    return response


def timed(run, repeat: int) -> list[float]:  # noqa: ANN001 - a callable
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return times


def spread(times: list[float]) -> str:
    ordered = sorted(times)
    p95 = ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))]
    return f"median {1000 * statistics.median(ordered):7.1f} ms   95th percentile {1000 * p95:7.1f} ms"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=REPO.parent / "shared")
    parser.add_argument("--drafts", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=40)
    args = parser.parse_args()
    from fastapi.testclient import TestClient

    from pipeline import accounts
    from pipeline.web.app import create_app

    root = Path(tempfile.mkdtemp(prefix="newsevents-review-bench-"))
    start = time.perf_counter()
    settings, real = make_drafts(root, args.shared, args.drafts)
    ids = sorted(p.stem for p in settings.paths.extracted.glob("*.md") if ".rev-" not in p.name)
    print(f"{len(ids):,} drafts ({real} from {args.shared}/gold, the rest copies of them) made in "
          f"{time.perf_counter() - start:.0f} s; largest draft file "
          f"{max(p.stat().st_size for p in settings.paths.extracted.glob('*.md')) / 1024:.0f} KB")
    accounts.add_analyst(settings.review.accounts_file(settings.paths.state), "bench", "a password for the bench")
    client = TestClient(create_app(settings))
    page = client.get("/login")
    assert page.status_code == 200
    csrf = page.text.split('name="csrf" value="', 1)[1].split('"', 1)[0] if 'name="csrf"' in page.text else ""
    client.post("/login", data={"name": "bench", "password": "a password for the bench", "csrf": csrf, "next": "/"})
    queue_page = client.get("/", follow_redirects=False)
    assert queue_page.status_code == 200 and 'id="queue"' in queue_page.text, "not logged in"
    (settings.paths.extracted / ".queue.sqlite").unlink()  # the first request below builds it again
    first = timed(lambda: ok(client.get("/", follow_redirects=False)), 1)[0]
    print(f"queue, first request (builds the queue's index): {1000 * first:.0f} ms")
    rng = random.Random(3)
    rows = [
        ("queue (pending)", lambda: ok(client.get("/", follow_redirects=False))),
        ("search ?q=trump", lambda: ok(client.get("/?q=trump&status=all", follow_redirects=False))),
        ("draft page", lambda: ok(client.get(f"/drafts/{rng.choice(ids)}", follow_redirects=False))),
    ]
    for name, run in rows:
        print(f"{name:20} {spread(timed(run, args.repeat))}")
    config = root / "bench.toml"
    config.write_text(f'[paths]\nextracted = "{settings.paths.extracted}"\nstate = "{settings.paths.state}"\n'
                      f'registry = "{REPO / "models" / "actors.yaml"}"\n', encoding="utf-8")
    command = [str(Path(sys.executable).parent / "newsevents"), "review", "list", "-c", str(config)]
    cli = timed(lambda: subprocess.run(command, check=True, capture_output=True, env={"COLUMNS": "100"}), 5)
    print(f"{'review list (CLI)':20} {spread(cli)}   (a new process each time)")


if __name__ == "__main__":
    main()
