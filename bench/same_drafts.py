"""Do two versions of the code write the same drafts? For refactors, which must change nothing.

    .venv/bin/python bench/same_drafts.py --against e7499f4      # this checkout against a revision
    .venv/bin/python bench/same_drafts.py --out /tmp/drafts      # only write this checkout's drafts

Each side runs the library (collect, then process, in one process) on the bundled samples and the
seed articles of ../shared/seeds (when present), in a folder of its own, with the settings'
defaults and the shipped registry of that side. The revision is checked out with `git worktree`
into a temporary folder and run from there (its own `pipeline/` comes first on the path). Then
every draft file (`extracted/*.md`) is compared byte for byte, and the script prints each
difference and exits 1, or says how many drafts are the same and exits 0.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]

# What one side runs, in a subprocess whose working folder and path start at that side's checkout.
RUN = """
import sys
from pathlib import Path
from pipeline.collect import collect_sources
from pipeline.runner import process_pending
from pipeline.settings import load_settings
root, out = Path(sys.argv[1]), Path(sys.argv[2])
samples = root / "raw" / "samples" / "actors.yaml"  # the samples' actors, in a registry of their own since issue 16
settings = load_settings(paths={"raw": out / "raw", "extracted": out / "extracted", "state": out / "state",
                                "registry": root / "models" / "actors.yaml",
                                **({"registries": [samples]} if samples.exists() else {})})
sources = [str(root / "raw" / "samples")] + [str(p) for p in sorted(Path(sys.argv[3]).glob("00[0-3]_*.txt"))]
collect_sources(sources, cfg=settings.collect, raw_dir=settings.paths.raw)
process_pending(settings)
"""


def write_drafts(root: Path, out: Path) -> dict[str, str]:
    """Run the side checked out at `root` into `out`; RETURNS each draft's name and sha256."""
    env = {**os.environ, "PYTHONPATH": str(root)}
    env.pop("NEWSEVENTS_CONFIG", None)
    seeds = REPO.parent / "shared" / "seeds"
    subprocess.run([sys.executable, "-c", RUN, str(root), str(out), str(seeds)], cwd=root, env=env, check=True)
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted((out / "extracted").glob("*.md"))}


def compare(ours: dict[str, str], theirs: dict[str, str], ours_dir: Path, theirs_dir: Path) -> list[str]:
    differences = []
    for name in sorted(set(ours) | set(theirs)):
        if name not in ours or name not in theirs:
            differences.append(f"{name}: only {'here' if name in ours else 'there'}")
        elif ours[name] != theirs[name]:
            a = (ours_dir / "extracted" / name).read_text(encoding="utf-8").splitlines()
            b = (theirs_dir / "extracted" / name).read_text(encoding="utf-8").splitlines()
            first = next((i for i, (x, y) in enumerate(zip(a, b)) if x != y), min(len(a), len(b)))
            differences.append(f"{name}: differs from line {first + 1}")
    return differences


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--against", help="a git revision to compare this checkout's drafts with")
    parser.add_argument("--out", type=Path, help="where to keep this checkout's run (default: a temporary folder)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="same-drafts-") as tmp:
        out = args.out or Path(tmp) / "here"
        ours = write_drafts(REPO, out)
        print(f"this checkout: {len(ours)} drafts in {out / 'extracted'}")
        if not args.against:
            return 0
        checkout = Path(tmp) / "there-code"
        subprocess.run(["git", "-C", str(REPO), "worktree", "add", "--detach", "-q", str(checkout), args.against],
                       check=True)
        try:
            theirs = write_drafts(checkout, Path(tmp) / "there")
        finally:
            subprocess.run(["git", "-C", str(REPO), "worktree", "remove", "--force", str(checkout)], check=True)
        print(f"{args.against}: {len(theirs)} drafts")
        differences = compare(ours, theirs, out, Path(tmp) / "there")
        for line in differences:
            print(line)
        if differences:
            return 1
        print(f"the same: {len(ours)} drafts, byte for byte")
        return 0


if __name__ == "__main__":
    sys.exit(main())
