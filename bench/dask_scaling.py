"""Where Dask starts to pay off: the `process` flow in one process, with its analysis in worker
processes (extract.n_process), and on a Dask LocalCluster, on generated corpora of a few sizes.
Prints figures; asserts nothing.

    python bench/dask_scaling.py [--sizes 100 600] [--workers 2]

Each run is a fresh process (and for Dask a fresh cluster), so the figures include the fixed
costs a real run pays: Prefect's ephemeral start-up, the cluster and its workers' start-up and
each worker's loading of the spaCy model.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))


def child(root: Path, mode: str, workers: int) -> dict:
    from flows import configure_prefect

    configure_prefect(root / "state")  # before Prefect is imported, as the CLI does
    from flows.dask import on_dask
    from flows.process import process
    from pipeline.settings import load_settings

    dask = "local" if mode == "dask" else None
    flows = {"task_batch": 50, "dask": dask, "dask_workers": workers}
    settings = load_settings(paths={"raw": root / "raw", "extracted": root / f"extracted-{mode}",
                                    "registry": REPO / "models" / "actors.yaml", "state": root / "state"},
                             flows=flows, extract={"n_process": workers if mode == "processes" else 1})
    start = time.perf_counter()
    counts = on_dask(process, settings)(settings, parallel=bool(dask))
    return {"seconds": time.perf_counter() - start, "counts": counts}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 600])
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(Path(args.child[0]), args.child[1], args.workers)))
        return
    from bench.corpus import write_corpus
    from pipeline.collect import collect_sources
    from pipeline.settings import CollectSettings

    for size in args.sizes:
        with tempfile.TemporaryDirectory(prefix="newsevents-bench-") as tmp:
            root = Path(tmp)
            write_corpus(root / "corpus", size)
            collect_sources([str(root / "corpus")], cfg=CollectSettings(), raw_dir=root / "raw")
            row = {}
            for mode in ("one", "processes", "dask"):
                out = subprocess.run([sys.executable, __file__, "--workers", str(args.workers), "--child", str(root), mode],
                                     check=True, capture_output=True, text=True).stdout.splitlines()[-1]
                row[mode] = json.loads(out)["seconds"]
            one = row["one"]
            print(f"{size:>5} articles: one process {one:.0f} s ({size / one:.1f} articles/s); "
                  f"{args.workers} analysis processes {row['processes']:.0f} s ({one / row['processes']:.2f}x); "
                  f"Dask LocalCluster of {args.workers} {row['dask']:.0f} s ({one / row['dask']:.2f}x)", flush=True)

if __name__ == "__main__":
    main()
