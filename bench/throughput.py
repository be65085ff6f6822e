"""Throughput of the pipeline against bare spaCy on the same texts. Prints figures; asserts nothing.

    python bench/throughput.py [--articles 300] [--batch-size 32]

Steps: generate a corpus (bench/corpus.py) and collect it into a temporary raw/ (not timed:
"raw snapshots already on disk"); then, each in a fresh process so peak memory is its own:
  bare      nlp.pipe over the cleaned article texts: the same model and spaCy components
            (tagger, attribute ruler and lemmatizer excluded, as the pipeline does), nothing of ours
  library   clean -> extract -> resolve -> draft -> write, the library called directly
  flow      the same through the Prefect `process` flow (ephemeral mode; includes its start-up)
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))


def _settings(root: Path, batch_size: int):
    from pipeline.settings import load_settings

    return load_settings(paths={"raw": root / "raw", "extracted": root / "extracted",
                                "registry": REPO / "models" / "actors.yaml", "state": root / "state"},
                         extract={"batch_size": batch_size})


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def phase_bare(root: Path, batch_size: int) -> dict:
    from functools import partial

    import spacy

    from pipeline.clean import clean_documents
    from pipeline.extract import UNUSED_COMPONENTS
    from pipeline.store import iter_raw_documents, read_raw

    settings = _settings(root, batch_size)
    articles = clean_documents(list(iter_raw_documents(settings.paths.raw)), cfg=settings.clean,
                               read=partial(read_raw, settings.paths.raw)).ok
    texts = [a.text for a in articles]
    # The model's own components, as the pipeline loads them, without anything of ours.
    nlp = spacy.load(settings.extract.model, exclude=list(UNUSED_COMPONENTS))
    list(nlp.pipe(texts[:8]))  # warm-up
    start = time.perf_counter()
    for _ in nlp.pipe(texts, batch_size=batch_size):
        pass
    seconds = time.perf_counter() - start
    return {"articles": len(texts), "words": sum(len(t.split()) for t in texts), "seconds": seconds,
            "peak_mb": _peak_mb(), "components": nlp.pipe_names}


def phase_library(root: Path, batch_size: int) -> dict:
    from pipeline.extract import load_nlp
    from pipeline.resolve import ActorIndex
    from pipeline.runner import pending_documents, process_pending
    from pipeline.store import load_registry

    settings = _settings(root, batch_size)
    nlp = load_nlp(settings.extract)
    list(nlp.pipe(["Warm up the model."]))
    index = ActorIndex.build(load_registry(settings.paths.registry))
    count = len(pending_documents(settings))
    start = time.perf_counter()
    report = process_pending(settings, nlp=nlp, index=index)
    seconds = time.perf_counter() - start
    return {"articles": count, "drafts": len(report.outcomes), "failed": len(report.failures),
            "seconds": seconds, "peak_mb": _peak_mb()}


def phase_flow(root: Path, batch_size: int) -> dict:
    os.environ["PREFECT_HOME"] = str(root / "state" / "prefect")
    from flows.process import process
    from pipeline.runner import pending_documents

    settings = _settings(root, batch_size)
    count = len(pending_documents(settings))
    start = time.perf_counter()
    counts = process(settings)
    seconds = time.perf_counter() - start
    return {"articles": count, "counts": counts, "seconds": seconds, "peak_mb": _peak_mb()}


PHASES = {"bare": phase_bare, "library": phase_library, "flow": phase_flow}


def _run_phase(name: str, root: Path, batch_size: int) -> dict:
    out = subprocess.run([sys.executable, __file__, "--phase", name, "--root", str(root), "--batch-size", str(batch_size)],
                         capture_output=True, text=True, check=True, cwd=REPO)
    return json.loads(out.stdout.strip().splitlines()[-1])


def _fresh_extracted(root: Path) -> None:
    import shutil

    shutil.rmtree(root / "extracted", ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=300)
    parser.add_argument("--batch-size", type=int, default=32)
    parser.add_argument("--phase", choices=sorted(PHASES))
    parser.add_argument("--root", type=Path)
    parser.add_argument("--no-flow", action="store_true", help="skip the Prefect flow measurement")
    args = parser.parse_args()
    if args.phase:
        print(json.dumps(PHASES[args.phase](args.root, args.batch_size)))
        return

    from bench.corpus import write_corpus
    from pipeline.collect import collect_sources

    root = Path(tempfile.mkdtemp(prefix="newsevents-bench-"))
    body_words = write_corpus(root / "corpus", args.articles)
    settings = _settings(root, args.batch_size)
    collect_sources([str(root / "corpus")], cfg=settings.collect, raw_dir=settings.paths.raw)

    bare = _run_phase("bare", root, args.batch_size)
    library = _run_phase("library", root, args.batch_size)
    results = [("bare nlp.pipe", bare), ("library (clean→draft)", library)]
    if not args.no_flow:
        _fresh_extracted(root)
        results.append(("Prefect process flow", _run_phase("flow", root, args.batch_size)))

    words = bare["words"]
    print(f"corpus: {args.articles} generated HTML articles, {body_words:,} body words "
          f"({words:,} after cleaning); model components: {', '.join(bare['components'])}; "
          f"batch size {args.batch_size}; 1 process")
    print(f"{'path':<24}{'articles/s':>12}{'words/s':>12}{'peak RSS MB':>14}{'vs bare':>10}")
    bare_rate = words / bare["seconds"]
    for name, r in results:
        rate = words / r["seconds"]
        print(f"{name:<24}{r['articles'] / r['seconds']:>12.1f}{rate:>12,.0f}{r['peak_mb']:>14.0f}{rate / bare_rate:>10.2f}")


if __name__ == "__main__":
    main()
