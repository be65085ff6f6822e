"""Bad and hostile input: every input of the generated corpus (tests/fixtures/hostile.py) ends as a
draft or as a recorded failure with its reason, the batch goes on, and nothing is written outside
raw/ and extracted/. The README's "Reliability" table names these tests."""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import re
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pipeline.batches import save_batch
from pipeline.clean import clean_document
from pipeline.cli.app import app
from pipeline.collect import collect_sources
from pipeline.draft_file import InvalidDraft, parse_draft
from pipeline.errors import ConfigError, NotAnArticle, OtherLanguage
from pipeline.records import Analysis, Article, RawDocument, utcnow
from pipeline.settings import CleanSettings
from pipeline.store import iter_raw_documents, load_registry, open_ledger, read_raw
from tests.conftest import REGISTRY, REPO, Server
from tests.fixtures.hostile import (
    GERMAN,
    MB,
    Case,
    article_html,
    article_text,
    gzip_bomb,
    write_corpus,
)

SAFE_NAME = re.compile(r"^\d{4}-\d{2}-\d{2}--[a-z0-9-]+\.md$")
# Windows' reserved device names: a draft's file name must never be one, whatever its extension
RESERVED = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(10)), *(f"lpt{i}" for i in range(10))}


@pytest.fixture(scope="module")
def corpus_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[Case], subprocess.CompletedProcess]:
    """The whole corpus through `newsevents run --local`, in a folder of its own, with HOME and
    TMPDIR inside it: what the run leaves anywhere there can be seen."""
    root = tmp_path_factory.mktemp("hostile")
    cases = write_corpus(root / "corpus")
    work, home, tmp = root / "work", root / "home", root / "tmp"
    for folder in (work, home, tmp):
        folder.mkdir()
    before = _files(root)
    env = {**os.environ, "HOME": str(home), "TMPDIR": str(tmp), "NEWSEVENTS_PATHS__REGISTRY": str(REGISTRY),
           "PYTHONPATH": str(REPO)}
    done = subprocess.run([sys.executable, "-m", "pipeline.cli.app", "run", "--local", str(root / "corpus")],
                          cwd=work, env=env, capture_output=True, text=True, timeout=600)
    written = {path for path, stamp in _files(root).items() if before.get(path) != stamp}
    (root / "written.json").write_text(json.dumps(sorted(written)))
    return root, cases, done


def _files(root: Path) -> dict[str, tuple[int, int]]:
    return {str(p.relative_to(root)): (p.stat().st_size, p.stat().st_mtime_ns) for p in root.rglob("*") if p.is_file()}


def _outcomes(work: Path) -> tuple[dict[str, set[str]], list[dict]]:
    """Per corpus file, the drafts its records went into; and every recorded failure."""
    drafts: dict[str, set[str]] = {}
    with open_ledger(work / "extracted") as ledger:
        for raw in iter_raw_documents(work / "raw"):
            draft_id = ledger.draft_id_for(raw.sha256)
            if draft_id and (work / "extracted" / f"{draft_id}.md").is_file():
                drafts.setdefault(Path(raw.source).name, set()).add(draft_id)
    failures = [json.loads(line) for line in (work / "extracted" / "failures.jsonl").read_text().splitlines()]
    return drafts, failures


@pytest.mark.model
def test_every_hostile_input_ends_as_a_draft_or_a_recorded_failure(corpus_run):
    root, cases, done = corpus_run
    assert done.returncode == 0, done.stderr[-3000:]  # some inputs made drafts: exit 0, failures listed
    drafts, failures = _outcomes(root / "work")
    for case in cases:
        made = drafts.get(case.file, set())
        assert len(made) == case.drafts, f"{case.name}: {case.drafts} drafts expected, got {sorted(made)}"
        found = [f for f in failures if case.file in f["source"]]
        if case.error:
            assert any(f["stage"] == case.stage and f["error"] == case.error and case.reason in f["message"]
                       for f in found), f"{case.name}: no {case.error} failure with {case.reason!r} in {found}"
        else:
            assert not found, f"{case.name}: unexpected failures {found}"
    assert len(failures) == len({(f["source"], f["error"]) for f in failures})  # each recorded once


@pytest.mark.model
def test_nothing_is_written_outside_raw_and_extracted(corpus_run):
    root, _, _ = corpus_run
    written = json.loads((root / "written.json").read_text())
    assert written and all(p.startswith(("work/raw/", "work/extracted/")) for p in written), written


@pytest.mark.model
def test_unsafe_titles_make_safe_file_names_and_round_trip(corpus_run):
    root, cases, _ = corpus_run
    extracted = root / "work" / "extracted"
    drafts, _ = _outcomes(root / "work")
    titled = [d for case in cases if case.file.startswith("title-") for d in drafts[case.file]]
    assert len(set(titled)) == len(titled) == 6
    for path in extracted.glob("*.md"):
        assert path.parent == extracted and SAFE_NAME.match(path.name), path.name
        assert len(path.name.encode()) <= 255 and path.stem.split(".")[0].lower() not in RESERVED
        draft = parse_draft(path.read_text(encoding="utf-8"))
        assert draft.id == path.stem
    passwd = parse_draft((extracted / f"{drafts['title-0.html'].pop()}.md").read_text(encoding="utf-8"))
    assert passwd.sources[0].title == "../../etc/passwd"  # the headline is kept as written; the file name is safe


@pytest.mark.model
def test_misdeclared_encodings_are_read_right(corpus_run):
    root, _, _ = corpus_run
    drafts, _ = _outcomes(root / "work")
    for name in ("cp1252.html", "utf16.html"):
        text = (root / "work" / "extracted" / f"{drafts[name].pop()}.md").read_text(encoding="utf-8")
        assert "We have waited years for this decision" in text and "\ufffd" not in text, name


def _raw(content_type: str = "text/html", encoding: str | None = None) -> RawDocument:
    return RawDocument(sha256="0" * 64, path="objects/00/x", size=1, source="test", source_kind="file",
                       fetched_at=utcnow(), content_type=content_type, encoding=encoding)


def test_pages_served_with_the_wrong_charset_are_read_right(settings, http_server: Server):
    """cp1252 bytes and UTF-16 (with its byte order mark) both served as `charset=utf-8`."""
    http_server.routes["/cp1252"] = (200, {"Content-Type": "text/html; charset=utf-8"}, article_html(0).encode("cp1252"))
    http_server.routes["/utf16"] = (200, {"Content-Type": "text/html; charset=utf-8"}, article_html(1).encode("utf-16"))
    result = collect_sources([http_server.url("/cp1252"), http_server.url("/utf16")], cfg=settings.collect,
                             raw_dir=settings.paths.raw)
    assert not result.failed and [raw.encoding for raw in result.ok] == ["utf-8", "utf-8"]
    for raw in result.ok:
        article = clean_document(raw, read_raw(settings.paths.raw, raw), cfg=settings.clean)
        assert "“We have waited years for this decision,” said" in article.text and "\ufffd" not in article.text


def test_other_languages_are_recorded_or_processed_per_settings():
    page = f'<html><body><article><p>{GERMAN}</p></article></body></html>'.encode()
    with pytest.raises(OtherLanguage, match=r"written in 'de' \(clean.languages is en\)"):
        clean_document(_raw(), page, cfg=CleanSettings())
    assert clean_document(_raw(), page, cfg=CleanSettings(languages=())).language == "de"
    assert clean_document(_raw(), page, cfg=CleanSettings(languages=("en", "de"))).language == "de"
    english = clean_document(_raw("text/plain"), article_text(0).encode(), cfg=CleanSettings())
    assert english.language == "en"


def test_a_main_text_too_long_for_spacy_is_refused_with_the_setting_named():
    page = ("<html><body><article>" + "<p>" + article_text(0) + "</p>" * 1 + "</article></body></html>").encode()
    assert clean_document(_raw(), page, cfg=CleanSettings())
    with pytest.raises(NotAnArticle, match=r"characters of main text is over clean.max_chars \(500\)"):
        clean_document(_raw(), page, cfg=CleanSettings(max_chars=500))


def test_a_gzip_bomb_over_http_is_cut_at_the_size_cap(settings, http_server: Server):
    """A response that inflates to 256 MB: refused once the inflated bytes pass collect.max_bytes,
    with no Content-Length to warn and the bytes counted after decoding."""
    bomb = gzip_bomb(256 * MB)

    def send(handler) -> None:
        handler.send_response(200)
        handler.send_header("Content-Type", "text/html")
        handler.send_header("Content-Encoding", "gzip")
        handler.end_headers()
        handler.wfile.write(bomb)

    http_server.routes["/bomb"] = send
    result = collect_sources([http_server.url("/bomb")], cfg=settings.collect, raw_dir=settings.paths.raw)
    assert not result.ok and "over the limit of 10000000 bytes" in result.failed[0].message
    assert not (settings.paths.raw / "objects").exists()


def test_a_gzip_dump_cut_short_keeps_what_came_before(settings, tmp_path):
    """Cut inside its last record: the records before it are collected, the cut is recorded."""
    noise = [" ".join(hashlib.sha256(f"{i}-{k}".encode()).hexdigest() for k in range(300)) for i in range(3)]
    lines = [json.dumps({"url": f"https://example.org/{i}", "html": article_html(i) + f"<!-- {noise[i]} -->"})
             for i in range(3)]  # the noise keeps each record's share of the compressed stream about equal
    whole = gzip.compress(("\n".join(lines) + "\n").encode())
    dump = tmp_path / "cut.jsonl.gz"
    dump.write_bytes(whole[: len(whole) * 5 // 6])
    result = collect_sources([str(dump)], cfg=settings.collect, raw_dir=settings.paths.raw)
    assert [raw.archive_offset for raw in result.ok] == [1, 2]
    assert len(result.failed) == 1 and "unreadable dump" in result.failed[0].message


def test_a_registry_with_python_tags_is_refused_not_run(tmp_path):
    """YAML is loaded safely: a tag that would call os.system is an error, not a call."""
    marker = tmp_path / "ran"
    registry = tmp_path / "actors.yaml"
    registry.write_text(f"actors: !!python/object/apply:os.system ['touch {marker}']\n")
    with pytest.raises(ConfigError):
        load_registry(registry)
    assert not marker.exists()


def _analysis(sha: str, title: str, url: str) -> Analysis:
    """An article as resolve leaves it, built by hand: this test is about the draft file."""
    text = f"{title}. {article_text(0)}"
    article = Article(raw_sha256=sha, title=title, title_method="test", text=text, published=date(2025, 1, 1), url=url)
    return Analysis(article=article, sentences=[(0, len(text))])


@pytest.mark.parametrize("line, value, reason", [
    ("title", "[an unclosed list", "did not find expected ',' or ']' (it began at line"),
    ("importance", "very", "importance: Input should be a valid integer"),
    ("date", "!!python/object/apply:os.system ['true']", "could not determine a constructor"),
])
def test_a_draft_edited_into_an_invalid_file_is_reported_with_file_and_line_and_kept(
    settings, monkeypatch, line, value, reason
):
    url = "https://example.org/page"
    first = save_batch([_analysis("d" * 64, "Page", url)], [], settings=settings)
    (path,) = settings.paths.extracted.glob("*.md")
    text = path.read_text(encoding="utf-8")
    broken = re.sub(rf"^{line}: .*$", f"{line}: {value}", text, count=1, flags=re.M)
    assert broken != text
    path.write_text(broken, encoding="utf-8")
    expected_line = 1 + next(i for i, row in enumerate(broken.splitlines()) if row.startswith(f"{line}:"))

    report = save_batch([_analysis("e" * 64, "Page, edited", url)], [], settings=settings)  # the event changes
    assert first.outcomes[0].path == path and path.read_text(encoding="utf-8") == broken  # never overwritten
    (outcome,) = report.outcomes
    assert outcome.action == "revision" and outcome.path.name.startswith(f"{path.stem}.rev-")
    assert report.counts() == {"revision": 1, "failed": 0, "invalid": 1}
    recorded = [json.loads(row) for row in (settings.paths.extracted / "failures.jsonl").read_text().splitlines()]
    assert [(f["stage"], f["error"], f["source"]) for f in recorded] == [("draft", "InvalidDraft", str(path))]
    message = recorded[0]["message"]
    assert message.startswith(f"{path}: line ") and reason in message
    # YAML finds an unclosed list on the line after it, and says where it began
    assert re.search(rf"({re.escape(str(path))}: |began at )line {expected_line}\b", message), message

    for name in ("RAW", "EXTRACTED", "STATE"):
        monkeypatch.setenv(f"NEWSEVENTS_PATHS__{name}", str(getattr(settings.paths, name.lower())))
    listed = CliRunner().invoke(app, ["review", "list"])
    listed_text = " ".join(listed.output.split())
    assert listed.exit_code == 0 and "not a valid draft" in listed_text and re.search(rf"line {expected_line}\b", listed_text)
    shown = CliRunner().invoke(app, ["review", "show", path.stem])
    assert shown.exit_code != 0 and re.search(rf"line {expected_line}\b", " ".join(shown.output.split()))
    assert path.read_text(encoding="utf-8") == broken


def test_a_draft_broken_again_another_way_is_reported_again_and_the_same_problem_once(settings):
    url = "https://example.org/page"
    save_batch([_analysis("d" * 64, "Page", url)], [], settings=settings)
    (path,) = settings.paths.extracted.glob("*.md")
    text = path.read_text(encoding="utf-8")

    def messages() -> list[str]:
        rows = (settings.paths.extracted / "failures.jsonl").read_text().splitlines()
        return [json.loads(row)["message"] for row in rows]

    path.write_text(re.sub(r"^date: .*$", "date: [2025", text, count=1, flags=re.M), encoding="utf-8")
    save_batch([_analysis("e" * 64, "Page, edited", url)], [], settings=settings)
    save_batch([_analysis("f" * 64, "Page, edited again", url)], [], settings=settings)  # a new revision
    assert len(messages()) == 1 and len(list(settings.paths.extracted.glob("*.rev-*.md"))) == 2
    path.write_text(re.sub(r"^status: .*$", "status: [draft", text, count=1, flags=re.M), encoding="utf-8")
    save_batch([_analysis("g" * 64, "Page, edited once more", url)], [], settings=settings)
    first, second = messages()
    line = 1 + next(i for i, row in enumerate(path.read_text().splitlines()) if row.startswith("status:"))
    assert "began at line" in first and f"began at line {line}," in second


@pytest.mark.slow
def test_the_readme_table_lists_every_input_class(tmp_path):
    """The README's reliability table is the corpus's documentation: a class added here and not
    there (or renamed) fails."""
    table = (REPO / "README.md").read_text(encoding="utf-8").split("## Reliability", 1)[1].split("\n## ", 1)[0]
    rows = {row.split("|")[1].strip() for row in table.splitlines() if row.startswith("| ")}
    names = {case.name for case in write_corpus(tmp_path) if not case.name.startswith("unsafe title")}
    assert names <= rows, names - rows
    assert any(row.startswith("unsafe titles") for row in rows)


@pytest.mark.parametrize("bad_id", ["../../outside", "/etc/passwd", ".hidden", "a\\b"])
def test_a_draft_id_that_would_leave_extracted_is_invalid(settings, bad_id):
    """A draft's id names its file and its accepted record: one edited to a path is refused."""
    save_batch([_analysis("d" * 64, "Page", "https://example.org/page")], [], settings=settings)
    (path,) = settings.paths.extracted.glob("*.md")
    text = re.sub(r"^id: .*$", lambda _: f"id: '{bad_id}'", path.read_text(encoding="utf-8"), count=1, flags=re.M)
    line = 1 + text.splitlines().index(f"id: '{bad_id}'")
    with pytest.raises(InvalidDraft, match=rf"^line {line}: id: String should match pattern"):
        parse_draft(text)
