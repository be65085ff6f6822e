"""Archive re-processing at scale: articles/s and peak memory of `reprocess` on generated dumps.
Prints figures; asserts nothing.

    python bench/reprocess.py [--sizes 1000 10000] [--processes 1] [--timeline ../shared/timeline/events.jsonl]

For each size, a JSONL.gz dump of generated pages (bench/corpus.py, 500-1,500 words of HTML with
boilerplate each, 40 a day in order of publication, as a crawl archive holds them) is written, then re-processed from scratch in a fresh process (library path,
as `newsevents reprocess --local` runs it: collect into raw/, clean, extract, resolve, cluster,
draft, write). Peak RSS is that process's own; it should not grow with the dump's size.
"""

from __future__ import annotations

import argparse
import datetime
import gzip
import json
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
PAGES_PER_DAY = 40
sys.path.insert(0, str(REPO))


def write_dump(path: Path, count: int, seed: int = 11) -> int:
    """A JSONL.gz dump of `count` generated pages, written as a stream; RETURNS the body words."""
    from bench.corpus import make_article

    rng = random.Random(seed)
    words = 0
    start = datetime.date(2020, 1, 1)
    with gzip.open(path, "wt", encoding="utf-8") as fh:
        for i in range(count):  # in order of publication, as a crawl archive is: 40 pages a day
            day = start + datetime.timedelta(days=i // PAGES_PER_DAY)
            html, n = make_article(i, rng, date=day.isoformat())
            words += n
            fh.write(json.dumps({"url": f"https://bench.example/{i}", "html": html}) + "\n")
    return words


def run_once(root: Path, dump: Path, timeline: str | None, processes: int) -> dict:
    """In this process: reprocess the dump into root/; RETURNS the figures."""
    from pipeline.reprocess import reprocess_dump
    from pipeline.settings import load_settings

    paths = {"raw": root / "raw", "extracted": root / "extracted", "registry": REPO / "models" / "actors.yaml",
             "state": root / "state"}
    if timeline:
        paths["timeline"] = Path(timeline)
    settings = load_settings(paths=paths, extract={"n_process": processes})
    start = time.perf_counter()
    report, progress = reprocess_dump(dump, settings=settings)
    seconds = time.perf_counter() - start
    counts = report.counts()
    return {
        "articles": progress.processed, "seconds": seconds, "articles_per_s": progress.processed / seconds,
        "events": sum(counts.get(k, 0) for k in ("created",)),
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "worker_peak_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024 if processes > 1 else None,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--timeline", default=None, help="also match every draft against this timeline")
    parser.add_argument("--processes", type=int, default=1, help="extract.n_process (analysis processes)")
    parser.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(run_once(Path(args.child[0]), Path(args.child[1]), args.timeline, args.processes)))
        return
    rows = []
    for size in args.sizes:
        with tempfile.TemporaryDirectory(prefix="newsevents-bench-") as tmp:
            root = Path(tmp)
            dump = root / "dump.jsonl.gz"
            words = write_dump(dump, size)
            cmd = [sys.executable, __file__, "--processes", str(args.processes), "--child", str(root), str(dump)]
            if args.timeline:
                cmd += ["--timeline", args.timeline]
            result = json.loads(subprocess.run(cmd, check=True, capture_output=True, text=True).stdout.splitlines()[-1])
            result["words_per_s"] = words / result["seconds"]
            result["size"] = size
            rows.append(result)
            print(f"{size:>6} articles: {result['articles_per_s']:.2f} articles/s, {result['words_per_s']:,.0f} words/s, "
                  f"{result['events']} events, {result['seconds']:.0f} s, peak RSS {result['peak_rss_mb']:.0f} MB"
                  + (f" (largest worker {result['worker_peak_mb']:.0f} MB)" if result["worker_peak_mb"] else ""),
                  flush=True)
    if len(rows) > 1:
        print(f"peak RSS {rows[-1]['size']:,} vs {rows[0]['size']:,} articles: "
              f"{rows[-1]['peak_rss_mb'] / rows[0]['peak_rss_mb']:.2f}x")


if __name__ == "__main__":
    main()
