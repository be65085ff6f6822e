"""The shape of the code, checked from its text: every module small enough to read, imports in
one direction (no cycles, function-level imports included), and no module reaching into another's
private names. The README's module map says the same in words."""

from __future__ import annotations

import ast
from pathlib import Path


REPO = Path(__file__).resolve().parents[1]
PACKAGES = ("pipeline", "flows")
MAX_LINES = 600


def _modules() -> dict[str, Path]:
    found = {}
    for package in PACKAGES:
        for path in sorted((REPO / package).rglob("*.py")):
            parts = list(path.relative_to(REPO).with_suffix("").parts)
            if parts[-1] == "__init__":
                parts = parts[:-1]
            found[".".join(parts)] = path
    return found


MODULES = _modules()


def _imports(name: str, path: Path) -> list[tuple[str, list[str], int]]:
    """(module imported, names taken from it, line) for every import in the file, at any depth."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(alias.name, [], node.lineno) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            names = [alias.name for alias in node.names]
            # `from . import review` imports the module pipeline.review
            submodules = [f"{target}.{n}" for n in names if f"{target}.{n}" in MODULES]
            found.append((target, [n for n in names if f"{target}.{n}" not in MODULES], node.lineno))
            found += [(sub, [], node.lineno) for sub in submodules]
    return found


def _graph() -> dict[str, set[str]]:
    graph: dict[str, set[str]] = {name: set() for name in MODULES}
    for name, path in MODULES.items():
        for target, _, _ in _imports(name, path):
            while target and target not in MODULES:  # `import pipeline.store.files` names the module
                target = target.rsplit(".", 1)[0] if "." in target else ""
            if target and target != name and not name.startswith(target + "."):
                graph[name].add(target)  # a package's own __init__ importing its modules is not a cycle
    return graph


def test_no_module_is_over_600_lines():
    long = {name: n for name, path in MODULES.items() if (n := len(path.read_text().splitlines())) > MAX_LINES}
    assert not long, f"modules over {MAX_LINES} lines: {long}"


def test_no_import_cycles_among_our_modules():
    graph = _graph()
    cycles: list[list[str]] = []
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                cycles.append(stack[stack.index(nxt):] + [nxt])
            elif nxt not in state:
                visit(nxt)
        stack.pop()
        state[node] = 2

    for node in sorted(graph):
        if node not in state:
            visit(node)
    assert not cycles, "import cycles: " + "; ".join(" -> ".join(c) for c in cycles)


def test_no_module_imports_another_modules_private_names():
    taken = []
    for name, path in MODULES.items():  # `module._name` on a module of ours
        tree = ast.parse(path.read_text(encoding="utf-8"))
        ours = {alias.asname or alias.name for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)
                and (node.level or (node.module or "").split(".")[0] in PACKAGES) for alias in node.names}
        for node in ast.walk(tree):
            if (isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id in ours
                    and node.attr.startswith("_") and not node.attr.startswith("__")):
                taken.append(f"{path.relative_to(REPO)}:{node.lineno} takes {node.value.id}.{node.attr}")
    for name, path in MODULES.items():
        for target, names, line in _imports(name, path):
            if target.split(".")[0] not in PACKAGES or target == name:
                continue
            private = [n for n in names if n.startswith("_") and not n.startswith("__")]
            if private:
                taken.append(f"{path.relative_to(REPO)}:{line} takes {', '.join(private)} from {target}")
    assert not taken, "\n".join(taken)


# The floors of the house, lowest first (README, "Architecture"): a module imports from its own
# floor or the floors below it, never above. Storage imports no stage; stages import neither the
# batch loop nor the entry points; only flows/ imports Prefect (tests/test_public_api.py).
LAYERS = (
    ("vocabulary", ("pipeline.errors", "pipeline.records", "pipeline.settings", "pipeline.urls", "pipeline.names",
                    "pipeline.netguard", "pipeline.archive_urls", "pipeline.url_keys")),
    ("storage", ("pipeline.store", "pipeline.safe_yaml", "pipeline.block_yaml")),
    ("stages", ("pipeline.fetch", "pipeline.collect", "pipeline.discover", "pipeline.clean", "pipeline.boilerplate",
                "pipeline.dates", "pipeline.extract", "pipeline.event_mentions", "pipeline.doc_arrays", "pipeline.quotes",
                "pipeline.resolve", "pipeline.candidates", "pipeline.registry", "pipeline.evaluate", "pipeline.eval_timeline",
                "pipeline.digest", "pipeline.page_meta", "pipeline.outlets", "pipeline.furniture")),
    ("events", ("pipeline.lead", "pipeline.article_events", "pipeline.cluster", "pipeline.draft", "pipeline.draft_file",
                "pipeline.timeline", "pipeline.suggest", "pipeline.events", "pipeline.describe", "pipeline.actors",
                "pipeline.event_search", "pipeline.export")),
    ("batches", ("pipeline.analyse", "pipeline.batches", "pipeline.workers")),
    ("library", ("pipeline.runner", "pipeline.reprocess", "pipeline.review", "pipeline.queue", "pipeline.accounts")),
    ("entry points", ("pipeline.web", "pipeline.cli", "flows")),
)


def _floor(module: str) -> int:
    for i, (_, prefixes) in enumerate(LAYERS):
        if any(module == p or module.startswith(p + ".") for p in prefixes):
            return i
    raise AssertionError(f"{module} is on no floor of LAYERS (tests/test_architecture.py): add it")


def test_imports_go_down_the_floors_never_up():
    upward = []
    for name, targets in _graph().items():
        if name == "pipeline":
            continue  # the package's own __init__ re-exports the public API
        for target in targets:
            if target != "pipeline" and _floor(target) > _floor(name):
                upward.append(f"{name} ({LAYERS[_floor(name)][0]}) imports {target} ({LAYERS[_floor(target)][0]})")
    assert not upward, "\n".join(sorted(upward))
