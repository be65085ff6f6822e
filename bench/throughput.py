"""Throughput of the pipeline against bare spaCy on the same texts. Prints figures; asserts nothing.

    python bench/throughput.py [--sizes 300,2000] [--gold ../shared] [--registry-actors 10000]
                               [--batch-size 8] [--stages [--articles 2000] [--no-flow] [--no-parallel]]

A registry is generated first (bench/registry.py: the project's actors plus invented ones,
10,000 actors with 30,000 aliases). Each measurement runs in a fresh process, so its peak memory
is its own.

End to end (the default), for each of `--sizes`: the first N pages of one generated corpus
(bench/corpus.py: HTML pages of 500-1,500 words with boilerplate), or with `--gold` the real
news of ../shared/gold as a JSONL dump:
  bare (ours)   nlp.pipe over the cleaned texts, the model loaded before the clock, with the
                components the pipeline keeps (tagger, attribute ruler, lemmatizer excluded)
  bare (model)  the same with the whole model, as spacy.load gives it
  run           `newsevents run CORPUS` in a new project folder, start to exit: collecting the
                pages, loading, clean -> extract -> resolve -> draft -> write (no Prefect server
                configured, so the library path)
  run -j 2      the same with two analysis processes
Words/s are over the same cleaned texts for all four.

With --stages, on `--articles` generated pages collected into raw/ before the clock:
  bare        as above (ours); bare x2 with spaCy's own n_process=2
  library     clean -> extract -> resolve -> draft -> write, the library called directly, with
              the model and the actor index loaded before the clock starts (as bare spaCy's
              model is); the time of each stage is taken as it runs, which gives the resolver's share
  library x2  the same with extract.n_process = 2 (pipeline/workers.py; the workers' loading counts)
  flow        the same through the Prefect `process` flow (ephemeral mode, one process; its
              loading of model and index counts), with and without Prefect's start-up (an empty
              flow run timed first in the same process)
Peak RSS is the process's own maximum and, for the x2 paths, the largest worker's.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))


def _settings(root: Path, batch_size: int, processes: int = 1):
    from pipeline.settings import load_settings

    registry = root / "registry.yaml"
    return load_settings(paths={"raw": root / "raw", "extracted": root / "extracted",
                                "registry": registry if registry.exists() else REPO / "models" / "actors.yaml",
                                "state": root / "state"},
                         extract={"batch_size": batch_size, "n_process": processes})


def _peak_mb(who: int = resource.RUSAGE_SELF) -> float:
    return resource.getrusage(who).ru_maxrss / 1024


def _texts(settings) -> list[str]:
    from functools import partial

    from pipeline.clean import clean_documents
    from pipeline.store import iter_raw_documents, read_raw

    return [a.text for a in clean_documents(list(iter_raw_documents(settings.paths.raw)), cfg=settings.clean,
                                            read=partial(read_raw, settings.paths.raw)).ok]


def phase_bare(root: Path, batch_size: int, processes: int = 1, whole_model: bool = False) -> dict:
    import spacy

    from pipeline.extract import UNUSED_COMPONENTS

    settings = _settings(root, batch_size)
    texts = _texts(settings)
    # The model's own components, as the pipeline loads them, without anything of ours; or the
    # whole model as spacy.load gives it (tagger, attribute ruler and lemmatizer too).
    nlp = spacy.load(settings.extract.model, exclude=[] if whole_model else list(UNUSED_COMPONENTS))
    list(nlp.pipe(texts[:8]))  # warm-up
    start = time.perf_counter()
    for _ in nlp.pipe(texts, batch_size=batch_size, n_process=processes):
        pass
    seconds = time.perf_counter() - start
    return {"articles": len(texts), "words": sum(len(t.split()) for t in texts), "seconds": seconds,
            "peak_mb": _peak_mb(), "worker_peak_mb": _peak_mb(resource.RUSAGE_CHILDREN) if processes > 1 else None,
            "components": nlp.pipe_names}


def phase_bare2(root: Path, batch_size: int) -> dict:
    return phase_bare(root, batch_size, processes=2)


def phase_bare_model(root: Path, batch_size: int) -> dict:
    return phase_bare(root, batch_size, whole_model=True)


class _StageClock:
    """Seconds spent in each stage function the batch loop calls, taken by wrapping them in place
    (`names`: module -> {function name: stage})."""

    def __init__(self, names: dict[object, dict[str, str]]) -> None:
        self.seconds = {stage: 0.0 for functions in names.values() for stage in functions.values()}
        for module, functions in names.items():
            for attr, stage in functions.items():
                setattr(module, attr, self._timed(getattr(module, attr), stage))

    def _timed(self, func, stage: str):
        def timed(*args, **kwargs):
            start = time.perf_counter()
            try:
                return func(*args, **kwargs)
            finally:
                self.seconds[stage] += time.perf_counter() - start
        return timed


def phase_library(root: Path, batch_size: int, processes: int = 1) -> dict:
    import pipeline.analyse as analyse
    import pipeline.batches as batches
    import pipeline.runner as runner
    from pipeline.resolve import ActorIndex
    from pipeline.store import load_registry

    settings = _settings(root, batch_size, processes)
    nlp = index = None
    load_start = time.perf_counter()
    if processes == 1:  # loaded before the clock starts, as bare spaCy's model is (the workers load their own)
        from pipeline.extract import load_nlp

        nlp = load_nlp(settings.extract)
        list(nlp.pipe(["Warm up the model."]))
        index = ActorIndex.build(load_registry(settings.paths.registry))
    load_seconds = time.perf_counter() - load_start
    clock = _StageClock({analyse: {"clean_documents": "clean", "extract_articles": "extract",
                                   "resolve_analyses": "resolve"}, batches: {"save_batch": "save"}})
    count = len(batches.pending_documents(settings))
    start = time.perf_counter()
    report = runner.process_pending(settings, nlp=nlp, index=index)
    seconds = time.perf_counter() - start
    index = index or ActorIndex.build(load_registry(settings.paths.registry))
    return {"articles": count, "drafts": len(report.outcomes), "failed": len(report.failures),
            "seconds": seconds, "load_seconds": load_seconds, "peak_mb": _peak_mb(),
            "worker_peak_mb": _peak_mb(resource.RUSAGE_CHILDREN) if processes > 1 else None,
            "stages": clock.seconds if processes == 1 else None, "actors": len(index.actors)}


def phase_library2(root: Path, batch_size: int) -> dict:
    return phase_library(root, batch_size, processes=2)


def phase_flow(root: Path, batch_size: int) -> dict:
    from flows import configure_prefect

    configure_prefect(root / "state")  # before Prefect is imported, as the CLI does
    from prefect import flow

    from flows.process import process
    from pipeline.batches import pending_documents

    @flow(name="bench-start-up")
    def start_up() -> None:
        """An empty flow run: what the first run in a process pays before any work."""

    begin = time.perf_counter()
    start_up()
    start_up_seconds = time.perf_counter() - begin
    settings = _settings(root, batch_size)
    count = len(pending_documents(settings))
    start = time.perf_counter()
    counts = process(settings)
    seconds = time.perf_counter() - start
    return {"articles": count, "counts": counts, "seconds": seconds, "start_up": start_up_seconds,
            "peak_mb": _peak_mb(), "worker_peak_mb": None}


def phase_cli(root: Path, batch_size: int, processes: int = 1) -> dict:
    """`newsevents run CORPUS` as a user types it, in a new project folder (its raw/, extracted/
    and state), timed from start to exit: collecting the HTML, loading the model and the index
    (and starting any workers) all count. No Prefect server is configured."""
    project = root / f"run-{processes}"
    project.mkdir()
    registry = root / "registry.yaml"
    (project / "newsevents.toml").write_text(
        f'[paths]\nraw = "{project / "raw"}"\nextracted = "{project / "extracted"}"\nstate = "{project / "state"}"\n'
        f'registry = "{registry if registry.exists() else REPO / "models" / "actors.yaml"}"\n\n'
        f'[extract]\nbatch_size = {batch_size}\n', encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PREFECT_", "NEWSEVENTS_"))}
    env["PYTHONPATH"] = str(REPO)  # this checkout's code, whichever the venv's `newsevents` would run
    command = [sys.executable, "-m", "pipeline.cli.app", "run", "-c", str(project / "newsevents.toml"),
               "-j", str(processes), str(root / "corpus")]
    start = time.perf_counter()
    done = subprocess.run(command, cwd=project, env=env, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if done.returncode:
        raise SystemExit(f"newsevents run failed:\n{done.stderr[-3000:]}")
    return {"seconds": seconds, "peak_mb": _peak_mb(resource.RUSAGE_CHILDREN), "worker_peak_mb": None}


def phase_cli2(root: Path, batch_size: int) -> dict:
    return phase_cli(root, batch_size, processes=2)


PHASES = {"cli": phase_cli, "cli2": phase_cli2, "bare": phase_bare, "bare_model": phase_bare_model, "bare2": phase_bare2, "library": phase_library, "library2": phase_library2,
          "flow": phase_flow}


def _run_phase(name: str, root: Path, batch_size: int) -> dict:
    out = subprocess.run([sys.executable, __file__, "--phase", name, "--root", str(root), "--batch-size", str(batch_size)],
                         capture_output=True, text=True, cwd=REPO)
    if out.returncode:
        raise SystemExit(f"phase {name} failed:\n{out.stderr[-3000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def _fresh_extracted(root: Path) -> None:
    import shutil

    shutil.rmtree(root / "extracted", ignore_errors=True)


def end_to_end(top: Path, sizes: list[int], batch_size: int, gold: Path | None) -> None:
    """For each size, the first `size` articles of the same generated corpus (or the gold dump):
    bare nlp.pipe two ways, `newsevents run` and `newsevents run -j 2`; words/s over the same
    cleaned texts, and the ratios."""
    import shutil

    from bench.corpus import write_corpus, write_gold_dump
    from pipeline.collect import collect_sources

    print(f"{'articles':>9}{'words':>11}  {'path':<34}{'seconds':>9}{'words/s':>10}{'peak RSS MB':>13}"
          f"{'vs bare':>9}{'vs model':>10}")
    labels = {"bare": "bare nlp.pipe (our components)", "bare_model": "bare nlp.pipe (whole model)",
              "cli": "newsevents run", "cli2": "newsevents run -j 2"}
    for size in sizes:
        root = top / f"e2e-{size}"
        (root / "corpus").mkdir(parents=True)
        if gold is not None:
            write_gold_dump(gold, root / "corpus" / "news.jsonl")
        else:
            write_corpus(root / "corpus", size)
        if (top / "registry.yaml").exists():
            shutil.copy(top / "registry.yaml", root / "registry.yaml")
        collect_sources([str(root / "corpus")], cfg=_settings(root, batch_size).collect, raw_dir=root / "raw")
        results = {phase: _run_phase(phase, root, batch_size) for phase in labels}
        words, articles = results["bare"]["words"], results["bare"]["articles"]
        rate = {phase: words / r["seconds"] for phase, r in results.items()}
        for phase, label in labels.items():
            r = results[phase]
            print(f"{articles:>9,}{words:>11,}  {label:<34}{r['seconds']:>9.1f}{rate[phase]:>10,.0f}"
                  f"{r['peak_mb']:>13.0f}{rate[phase] / rate['bare']:>9.2f}{rate[phase] / rate['bare_model']:>10.2f}")
        print(f"{'':>22}-j 2 / run: {results['cli']['seconds'] / results['cli2']['seconds']:.2f}x")
        shutil.rmtree(root, ignore_errors=True)


def main() -> None:
    from pipeline.settings import ExtractSettings

    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="300,2000",
                        help="corpus sizes for the end-to-end table (comma-separated; empty: none)")
    parser.add_argument("--gold", type=Path, metavar="SHARED",
                        help="end to end on the real news of SHARED/gold (its 166 articles and digests) instead")
    parser.add_argument("--articles", type=int, default=2000, help="corpus size for --stages")
    parser.add_argument("--batch-size", type=int, default=ExtractSettings().batch_size)
    parser.add_argument("--registry-actors", type=int, default=10_000,
                        help="actors in the generated registry (with 3 aliases each); 0: the project's registry")
    parser.add_argument("--phase", choices=sorted(PHASES))
    parser.add_argument("--root", type=Path)
    parser.add_argument("--stages", action="store_true",
                        help="also the library's stages, two processes and the Prefect flow on --articles")
    parser.add_argument("--no-flow", action="store_true", help="with --stages: skip the Prefect flow measurement")
    parser.add_argument("--no-parallel", action="store_true", help="with --stages: skip the two-process measurements")
    args = parser.parse_args()
    if args.phase:
        print(json.dumps(PHASES[args.phase](args.root, args.batch_size)))
        return

    from bench.corpus import write_corpus
    from bench.registry import write_registry
    from pipeline.collect import collect_sources

    root = Path(tempfile.mkdtemp(prefix="newsevents-bench-"))
    registry = "models/actors.yaml"
    if args.registry_actors:
        actors, aliases = write_registry(root / "registry.yaml", REPO / "models" / "actors.yaml",
                                         args.registry_actors, 3 * args.registry_actors)
        registry = f"generated, {actors:,} actors with {aliases:,} aliases"
    print(f"{date.today()}, {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}; "
          f"registry: {registry}; batch size {args.batch_size}")
    sizes = [int(n) for n in args.sizes.split(",") if n.strip()]
    if args.gold:
        sizes = [0]  # all of it
    if sizes:
        corpus = f"the gold articles of {args.gold}" if args.gold else "generated HTML articles, the first N of one corpus"
        print(f"end to end: {corpus}; `run` is the command from start to exit (collect, load, clean -> draft, write, "
              "no Prefect server configured), bare is nlp.pipe over the cleaned texts (model loaded before the clock) "
              "with the components the pipeline keeps ('vs bare') or the whole model ('vs model')")
        end_to_end(root, sizes, args.batch_size, args.gold)
    if not args.stages:
        return

    body_words = write_corpus(root / "corpus", args.articles)
    settings = _settings(root, args.batch_size)
    collect_sources([str(root / "corpus")], cfg=settings.collect, raw_dir=settings.paths.raw)

    plan = [("bare", "bare nlp.pipe", 1), ("library", "library (clean→draft)", 1)]
    if not args.no_parallel:
        plan[1:1] = [("bare2", "bare nlp.pipe", 2)]
        plan.append(("library2", "library (clean→draft)", 2))
    if not args.no_flow:
        plan.append(("flow", "Prefect process flow", 1))
    results = {}
    for phase, _, _ in plan:
        _fresh_extracted(root)
        results[phase] = _run_phase(phase, root, args.batch_size)

    bare, library = results["bare"], results["library"]
    words = bare["words"]
    print(f"stages: {args.articles:,} generated HTML articles, {body_words:,} body words ({words:,} after "
          f"cleaning); model components: {', '.join(bare['components'])}")
    print(f"{'path':<24}{'processes':>10}{'articles/s':>12}{'words/s':>10}{'peak RSS MB':>13}{'worker MB':>11}{'vs bare':>9}")
    bare_rate = words / bare["seconds"]
    for phase, label, processes in plan:
        r = results[phase]
        rate = words / r["seconds"]
        worker = f"{r['worker_peak_mb']:.0f}" if r.get("worker_peak_mb") else "–"
        print(f"{label:<24}{processes:>10}{r['articles'] / r['seconds']:>12.2f}{rate:>10,.0f}{r['peak_mb']:>13.0f}"
              f"{worker:>11}{rate / bare_rate:>9.2f}")
    stages = library["stages"]
    total = library["seconds"]
    print("library stages (share of its time): " + ", ".join(f"{k} {v / total:.1%}" for k, v in stages.items()))
    print(f"resolver share: {stages['resolve'] / total:.1%} (registry of {library['actors']:,} actors)")
    if "library2" in results:
        print(f"n_process=2 speed-up: bare {bare['seconds'] / results['bare2']['seconds']:.2f}x, "
              f"library {library['seconds'] / results['library2']['seconds']:.2f}x")
    if "flow" in results:
        flow = results["flow"]
        print(f"loading the model and the actor index: {library['load_seconds']:.1f} s (outside the library's time)")
        print(f"flow vs library: {library['seconds'] / (flow['seconds'] + flow['start_up']):.2f} with Prefect's "
              f"start-up ({flow['start_up']:.1f} s, an empty flow run timed first), "
              f"{library['seconds'] / flow['seconds']:.2f} without")


if __name__ == "__main__":
    main()
