"""Nobody subverts a run or the review page through a file we read (issue 14, items 5 and 9).

YAML (drafts, the actor registry, a timeline's event files): an alias bomb, nesting libyaml cannot
compose, a value Python cannot build, a merge key. Each is refused as it is read, with the file and
the line, fast (a bomb that would expand to gigabytes is refused in well under a second), and
everything else goes on. The registry also refuses a name two actors have and an empty alias.
Settings: every numeric setting has its bounds; a bad value or a broken settings file stops a
command with exit 2 and one line naming it, before anything is collected or written.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
import typing
from datetime import date
from pathlib import Path

import annotated_types
import pytest
from typer.testing import CliRunner

from pipeline.batches import save_batch
from pipeline.cli.app import app
from pipeline.draft_file import InvalidDraft, draft_problem, parse_draft
from pipeline.errors import ConfigError
from pipeline.records import Analysis, Article
from pipeline.settings import Settings, load_settings
from pipeline.store import load_registry
from pipeline.timeline import load_timeline
from tests.conftest import REGISTRY, REPO, SAMPLES
from tests.fixtures.hostile import article_text

# A refusal is a parse of a few kilobytes; the bombs below would take gigabytes and minutes.
FAST = 2.0


def bomb(indent: str = "", depth: int = 9, width: int = 10, last: str | None = None) -> list[str]:
    """Mapping lines `a0: &a0 [lol, ...]`, `a1: &a1 [*a0, ...]`, ...: `width ** depth` strings
    (a billion by default) from about 500 bytes. `last` names the key of the deepest list."""
    lines = [f"{indent}a0: &a0 [" + ", ".join(["lol"] * width) + "]"]
    for i in range(1, depth):
        key = last if last and i == depth - 1 else f"a{i}"
        lines.append(f"{indent}{key}: &a{i} [" + ", ".join([f"*a{i - 1}"] * width) + "]")
    return lines


def first_line_with(text: str, fragment: str) -> int:
    return 1 + next(i for i, row in enumerate(text.splitlines()) if fragment in row)


def one_line(text: str) -> str:
    lines = [line for line in text.splitlines() if line.strip()]
    assert len(lines) == 1, text
    return lines[0]


# ----------------------------------------------------------------------------------- all YAML


def test_every_yaml_read_goes_through_safe_yaml():
    """A static check: only pipeline/safe_yaml.py imports a YAML library, so no file is read
    without its checks (safe tags, no aliases, bounded nesting)."""
    library = re.compile(r"^\s*(?:import|from)\s+(?:yaml|ruamel|oyaml|strictyaml|frontmatter)\b"
                         r"|import_module\(\s*['\"](?:yaml|ruamel)|YamlConfigSettingsSource", re.M)
    gate = REPO / "pipeline" / "safe_yaml.py"
    assert library.search(gate.read_text(encoding="utf-8"))  # the check sees an import where there is one
    offenders = [str(path.relative_to(REPO)) for folder in ("pipeline", "flows", "bench")
                 for path in sorted((REPO / folder).rglob("*.py"))
                 if path != gate and library.search(path.read_text(encoding="utf-8"))]
    assert not offenders


def test_what_the_pipeline_writes_has_no_aliases_so_it_reads_back():
    """PyYAML's dumper writes an anchor and an alias for an object met twice; ours never does,
    so every file the pipeline writes (drafts, accepted records, the registry) is read back."""
    from pipeline import safe_yaml

    shared = ["a", "b"]
    data = {"one": shared, "two": shared, "three": {"x": shared}}
    for fast in (False, True):
        text = safe_yaml.dump(data, fast=fast)
        assert "&" not in text and "*" not in text
        assert safe_yaml.load(text) == data


# ------------------------------------------------------------------------------------- drafts


def _analysis(n: int, url: str, title: str) -> Analysis:
    """An article as resolve leaves it, built by hand: these tests are about the draft file."""
    text = f"{title}. {article_text(n)}"
    sha = f"{n:x}".rjust(64, "e")
    article = Article(raw_sha256=sha, title=title, title_method="test", text=text, published=date(2025, 1, 1), url=url)
    return Analysis(article=article, sentences=[(0, len(text))])


def _bombed(path: Path) -> int:
    """Write an alias bomb into a draft's review log, as an analyst's hand edit could (the page
    prints an entry's reason); RETURNS the line of the first alias."""
    text = path.read_text(encoding="utf-8")
    entry = ["review:", "- action: edit", "  by: someone", "  at: '2025-01-02T00:00:00'",
             *bomb("  ", last="reason")]
    text = text.replace("status: draft\n", "status: draft\n" + "\n".join(entry) + "\n", 1)
    path.write_text(text, encoding="utf-8")
    return first_line_with(text, "*a0")


def test_an_alias_bomb_in_a_draft_is_refused_at_its_line_and_fast(settings):
    save_batch([_analysis(0, "https://example.org/a", "Grain terminal")], [], settings=settings)
    (path,) = settings.paths.extracted.glob("*.md")
    line = _bombed(path)
    assert len(path.read_bytes()) < 7_000

    start = time.monotonic()
    problem = draft_problem(path.read_bytes())
    assert time.monotonic() - start < FAST
    assert isinstance(problem, InvalidDraft) and problem.line == line
    assert "alias (*a0)" in str(problem) and str(problem).startswith(f"line {line}")


@pytest.mark.parametrize("value, reason", [
    ("2025-02-30", "day is out of range for month"),  # YAML reads it as a date Python cannot build
    ("1" + "0" * 5000, "Exceeds the limit (4300 digits)"),  # an integer Python will not convert
])
def test_a_value_python_cannot_build_is_an_invalid_draft_with_its_line(settings, value, reason):
    save_batch([_analysis(0, "https://example.org/a", "Grain terminal")], [], settings=settings)
    (path,) = settings.paths.extracted.glob("*.md")
    text = re.sub(r"^importance: .*$", f"importance: {value}", path.read_text(encoding="utf-8"), count=1, flags=re.M)
    path.write_text(text, encoding="utf-8")
    problem = draft_problem(text.encode())
    assert isinstance(problem, InvalidDraft) and reason in str(problem)
    assert problem.line == first_line_with(text, "importance:")


def test_a_draft_nested_deeper_than_libyaml_composes_is_invalid_not_a_crash(tmp_path):
    """libyaml composes in C, recursively: 100,000 '[' killed the process (SIGSEGV), so this runs
    in a process of its own."""
    path = tmp_path / "deep.md"
    path.write_text("---\nid: deep\ntitle: " + "[" * 100_000 + "]" * 100_000 + "\n---\n", encoding="utf-8")
    code = "import sys; from pipeline.draft_file import draft_problem; print(draft_problem(open(sys.argv[1], 'rb').read()))"
    done = subprocess.run([sys.executable, "-c", code, str(path)], cwd=REPO, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr[-2000:]
    assert re.match(r"line 3, column \d+: invalid YAML front matter: nested more than \d+ levels deep", done.stdout)


def test_review_list_the_review_page_and_a_run_report_a_bombed_draft_and_go_on(settings, monkeypatch):
    from pipeline.web.app import create_app
    from tests.web.conftest import http_session, serve

    save_batch([_analysis(0, "https://example.org/a", "Grain terminal"),
                _analysis(1, "https://example.org/b", "Harbour vote")], [], settings=settings)
    drafts = sorted(settings.paths.extracted.glob("*.md"))
    assert len(drafts) == 2
    bombed, fine = drafts if "grain" in drafts[0].name else drafts[::-1]
    line = _bombed(bombed)
    kept = bombed.read_bytes()

    for name in ("RAW", "EXTRACTED", "STATE"):
        monkeypatch.setenv(f"NEWSEVENTS_PATHS__{name}", str(getattr(settings.paths, name.lower())))
    start = time.monotonic()
    listed = CliRunner().invoke(app, ["review", "list"])
    text = " ".join(listed.output.split())
    assert listed.exit_code == 0 and "drafts: draft 1;" in text  # the other one, listed
    compact = "".join(text.split())  # the terminal's width may wrap a path anywhere
    assert "not a valid draft" in text and bombed.name in compact and f"line{line}" in compact
    assert time.monotonic() - start < FAST * 2

    server = serve(create_app(settings))
    url = next(server)
    try:
        client = http_session(url, settings)
        start = time.monotonic()
        queue = client.get("/")
        assert queue.status_code == 200 and fine.stem in queue.text
        assert bombed.name in queue.text and f"line {line}" in queue.text and "alias" in queue.text
        page = client.get(f"/drafts/{bombed.stem}")
        assert f"line {line}" in page.text and "alias" in page.text
        assert client.get(f"/drafts/{fine.stem}").status_code == 200
        assert time.monotonic() - start < FAST * 2
    finally:
        next(server, None)

    report = save_batch([_analysis(2, "https://example.org/a", "Grain terminal, again")], [], settings=settings)
    assert report.counts() == {"revision": 1, "failed": 0, "invalid": 1}  # the analyst's file kept, reported
    assert bombed.read_bytes() == kept
    rows = [json.loads(row) for row in (settings.paths.extracted / "failures.jsonl").read_text().splitlines()]
    (failure,) = [row for row in rows if row["stage"] == "draft"]
    assert failure["source"] == str(bombed) and failure["message"].startswith(f"{bombed}: line {line}")


# ----------------------------------------------------------------------------------- timeline


def _event(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def test_a_timeline_folder_with_an_alias_bomb_reports_that_file_and_matches_the_others(settings, tmp_path):
    folder = tmp_path / "timeline"
    folder.mkdir()
    _event(folder, "2025-01-01--grain.md", "---\nid: 2025-01-01--grain\ndate: '2025-01-01'\ntitle: Grain terminal\n"
           "sources:\n- url: https://example.org/a\n---\n\nThe terminal.\n")
    bad = _event(folder, "2025-01-02--bomb.md", "---\nid: 2025-01-02--bomb\ndate: '2025-01-02'\n"
                 + "\n".join(bomb(last="title")) + "\n---\n")
    assert len(bad.read_bytes()) < 600
    line = first_line_with(bad.read_text(), "*a0")

    start = time.monotonic()
    index = load_timeline(folder)
    assert time.monotonic() - start < FAST
    assert [e.id for e in index.events] == ["2025-01-01--grain"]
    assert [(source, f", line {line}:" in why and "alias" in why) for source, why in index.skipped] == [(str(bad), True)]

    settings = settings.model_copy(update={"paths": settings.paths.model_copy(update={"timeline": folder})})
    report = save_batch([_analysis(0, "https://example.org/a", "Grain terminal")], [], settings=settings)
    assert report.counts() == {"created": 1, "failed": 0, "timeline_unread": 1}
    (draft,) = settings.paths.extracted.glob("*.md")
    assert parse_draft(draft.read_text()).provenance.timeline_match[0]["id"] == "2025-01-01--grain"
    rows = [json.loads(row) for row in (settings.paths.extracted / "failures.jsonl").read_text().splitlines()]
    assert [(r["stage"], r["source"], r["error"]) for r in rows] == [("timeline", str(bad), "InvalidTimelineEvent")]
    assert f"line {line}" in rows[0]["message"]
    save_batch([_analysis(1, "https://example.org/b", "Harbour vote")], [], settings=settings)
    assert len((settings.paths.extracted / "failures.jsonl").read_text().splitlines()) == 1  # reported once


def test_a_timeline_line_nested_too_deeply_for_json_is_a_config_error(tmp_path):
    from pipeline.errors import SourceError
    from pipeline.registry import read_events

    path = tmp_path / "events.jsonl"
    path.write_text('{"id": "a", "date": "2025-01-01"}\n' + "[" * 100_000 + "]" * 100_000 + "\n")
    with pytest.raises(ConfigError, match=r"line 2: nested too deeply"):
        load_timeline(path)
    with pytest.raises(SourceError, match=r"events\.jsonl:2: not an event object \(RecursionError\)"):
        read_events(path)  # `registry import` reads the same file


# ----------------------------------------------------------------------------------- registry


REGISTRY_CASES = {  # the text, the line of the problem, what the message says
    "alias bomb": ("actors:\n- name: Lol Corp\n  notes: x\n" + "\n".join(bomb("  ")) + "\n", 5, "an alias (*a0)"),
    "recursive alias": ("actors:\n- &me\n  name: Loop\n  aliases: [*me]\n", 4, "an alias (*me)"),
    "merge key": ("actors:\n- name: Merged\n  <<: {type: person}\n", 3, "a merge key (<<)"),
    "name twice": ("actors:\n- name: Lena Brandt\n  type: person\n- name: Lena Brandt\n  type: person\n", 4,
                   "'Lena Brandt' is the name of another actor too (at line 2; names are compared without case, "
                   "accents or punctuation)"),
    "name twice, as the resolver compares": (
        "actors:\n- name: Department of Justice\n- name: The department of justice\n", 3,
        "'The department of justice' is the name of another actor too"),
    "empty alias": ("actors:\n- name: Lena Brandt\n  aliases:\n  - L. Brandt\n  - ''\n", 5,
                    "aliases[1] of 'Lena Brandt' is empty"),
    "blank acronym": ("actors:\n- name: National Rail Authority\n  acronyms: ['NRA', '  ']\n", 3,
                      "acronyms[1] of 'National Rail Authority' is empty"),
    "blank name": ("actors:\n- name: Lena Brandt\n- name: ' '\n  type: person\n", 3, "the name is empty"),
    "bad type": ("actors:\n- name: Lena Brandt\n  type: alien\n", 3, "type: Input should be"),
    "too deep": ("actors:\n- name: Deep\n  notes: " + "[" * 1_000 + "]" * 1_000 + "\n", 3, "nested more than"),
}


@pytest.mark.parametrize("case", REGISTRY_CASES)
def test_a_registry_problem_is_one_line_naming_the_file_and_line(tmp_path, case):
    text, line, reason = REGISTRY_CASES[case]
    path = tmp_path / "actors.yaml"
    path.write_text(text, encoding="utf-8")
    start = time.monotonic()
    with pytest.raises(ConfigError) as raised:
        load_registry(path)
    assert time.monotonic() - start < FAST
    message = one_line(str(raised.value))
    assert message.startswith(f"actor registry {path}, line {line}: ") and reason in message, message


def test_the_shipped_registry_and_what_registry_import_writes_pass_the_checks(tmp_path, shared):
    from pipeline.registry import import_actors, read_events
    from pipeline.store import write_registry

    shipped = load_registry(REGISTRY)
    result = import_actors(read_events(shared / "timeline" / "events.jsonl"), shipped)
    path = tmp_path / "actors.yaml"
    write_registry(path, result.actors)
    assert load_registry(path) == result.actors and len(result.actors) > len(shipped)


def test_the_review_page_cannot_add_a_name_the_registry_would_refuse(tmp_path):
    from pipeline.review import ReviewError, add_alias, add_to_registry

    path = tmp_path / "actors.yaml"
    path.write_text("actors:\n- name: Department of Justice\n  type: government\n", encoding="utf-8")
    before = path.read_bytes()
    with pytest.raises(ReviewError, match="already in the registry as 'Department of Justice'"):
        add_to_registry(path, "the department of justice", actor_type="government")
    with pytest.raises(ReviewError, match="empty"):
        add_alias(path, "Department of Justice", "  ")
    assert path.read_bytes() == before
    add_to_registry(path, "Lena  Brandt ", actor_type="person", alias=" ")
    assert [(a.name, a.aliases) for a in load_registry(path)][-1] == ("Lena Brandt", [])


# ----------------------------------------------------------------------------------- settings


def _numeric_fields() -> list[tuple[str, type, typing.Any]]:
    """(section.field, int or float, the field's info) for every number in every section."""
    found = []
    for section, info in Settings.model_fields.items():
        for name, field in info.annotation.model_fields.items():
            if field.annotation in (int, float):
                found.append((f"{section}.{name}", field.annotation, field))
    return found


def _bounds(field) -> dict[str, float]:  # noqa: ANN001 - pydantic FieldInfo
    out = {}
    for item in field.metadata:
        for key in ("ge", "gt", "le", "lt"):
            if isinstance(item, getattr(annotated_types, key.capitalize())):
                out[key] = getattr(item, key)
    return out


def _bad_values() -> list[tuple[str, object]]:
    """Per numeric setting: just below its lower bound, just above its upper bound, and (floats)
    NaN and infinity."""
    cases: list[tuple[str, object]] = []
    for key, kind, field in _numeric_fields():
        bounds = _bounds(field)
        if "ge" in bounds:
            cases.append((key, bounds["ge"] - (1 if kind is int else 0.5)))
        if "gt" in bounds:
            cases.append((key, bounds["gt"]))
        if "le" in bounds:
            cases.append((key, bounds["le"] + (1 if kind is int else 0.5)))
        if kind is float:
            cases += [(key, "nan"), (key, "inf")]
    return cases


def test_every_numeric_setting_has_bounds():
    """A new number without bounds fails here: give it ge/gt (and le where a big value harms)."""
    fields = _numeric_fields()
    assert len(fields) > 25  # the introspection sees the sections
    unbounded = [key for key, _, field in fields if not {"ge", "gt"} & set(_bounds(field))]
    assert not unbounded


@pytest.mark.parametrize("key, value", _bad_values(), ids=lambda v: str(v))
def test_a_numeric_setting_out_of_bounds_is_refused_naming_it(tmp_path, key, value):
    section, name = key.split(".")
    config = tmp_path / "bad.toml"
    config.write_text(f"[{section}]\n{name} = {value}\n")
    with pytest.raises(ConfigError) as raised:
        load_settings(config)
    message = one_line(str(raised.value))
    assert f"{key} = " in message and str(config) in message, message


def test_the_defaults_are_within_the_bounds():
    load_settings()  # every default passes its own bounds


def _run(tmp_path: Path, config: str, *args: str) -> subprocess.CompletedProcess:
    path = tmp_path / "newsevents.toml"
    path.write_text(config, encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if not k.startswith("NEWSEVENTS_")}
    return subprocess.run([sys.executable, "-m", "pipeline.cli.app", "run", "--local", "-c", str(path), *args,
                           str(SAMPLES)], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120)


def _paths(tmp_path: Path, **extra: str) -> str:
    paths = {"raw": tmp_path / "raw", "extracted": tmp_path / "extracted", "state": tmp_path / "state",
             "registry": REGISTRY, **extra}
    return "[paths]\n" + "".join(f"{k} = {json.dumps(str(v))}\n" for k, v in paths.items())


CLI_CASES = {
    "task_batch 0": ("[flows]\ntask_batch = 0\n", r"flows\.task_batch = 0: Input should be greater than or equal to 1"),
    "retries -1": ("[collect]\nretries = -1\n", r"collect\.retries = -1: Input should be greater than or equal to 0"),
    "timeout negative": ("[collect]\ntimeout = -5.0\n", r"collect\.timeout = -5\.0: Input should be greater than 0"),
    "broken TOML": ("[flows\ntask_batch = 1\n", r"newsevents\.toml: Expected ']' .*\(at line \d+, column \d+\)"),
    "TOML nested deeply": ("x = " + "[" * 50_000 + "]" * 50_000 + "\n", r"newsevents\.toml: nested too deeply"),
    "huge TOML": ("# " + "x" * 2_000_000 + "\n", r"newsevents\.toml: [\d,]+ bytes is over the limit of 1,000,000"),
    "registry with an alias": ("REGISTRY", r"actor registry .*actors\.yaml, line 4: .*an alias \(\*a0\)"),
    "timeline line not JSON": ("TIMELINE", r"timeline .*events\.jsonl, line 2: not JSON"),
}


@pytest.mark.slow
@pytest.mark.parametrize("case", CLI_CASES)
def test_run_with_a_bad_setting_registry_or_timeline_exits_2_with_one_line_before_anything(tmp_path, case):
    config, expected = CLI_CASES[case]
    extra = {}
    if config == "REGISTRY":
        extra["registry"] = tmp_path / "actors.yaml"
        extra["registry"].write_text("actors:\n- name: Lol Corp\n" + "\n".join(bomb("  ")) + "\n")
        config = ""
    if config == "TIMELINE":
        extra["timeline"] = tmp_path / "events.jsonl"
        extra["timeline"].write_text('{"id": "a", "date": "2025-01-01"}\n{"id": \n')
        config = ""
    done = _run(tmp_path, _paths(tmp_path, **extra) + config)
    assert done.returncode == 2, done.stderr[-3000:]
    line = one_line(done.stderr)
    assert line.startswith("settings error: ") and re.search(expected, line), line
    assert "Traceback" not in done.stdout + done.stderr
    assert not (tmp_path / "raw").exists() and not (tmp_path / "extracted").exists()


def test_review_serve_refuses_a_port_out_of_range_before_serving():
    result = CliRunner().invoke(app, ["review", "--serve", "--port", "70000"])
    assert result.exit_code == 2 and "--port" in result.output


@pytest.mark.slow
def test_any_command_that_meets_a_broken_registry_exits_2_with_one_line(tmp_path):
    """`eval` reads the registry after it began: the error is still one line, not a traceback."""
    registry = tmp_path / "actors.yaml"
    registry.write_text("actors:\n- name: Lol Corp\n" + "\n".join(bomb("  ")) + "\n")
    gold = tmp_path / "gold.jsonl"
    gold.write_text("{}\n")
    env = {k: v for k, v in os.environ.items() if not k.startswith("NEWSEVENTS_")}
    done = subprocess.run([sys.executable, "-m", "pipeline.cli.app", "eval", "actors", str(gold), "--registry",
                           str(registry)], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert re.fullmatch(rf"settings error: actor registry {re.escape(str(registry))}, line 4: .*an alias \(\*a0\).*",
                        one_line(done.stderr))
