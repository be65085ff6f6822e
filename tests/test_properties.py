"""Property-based tests (hypothesis): random text and random HTML through clean -> extract ->
resolve -> draft. Whatever the page, no exception escapes a stage, every span points at the
text it claims, every draft validates and reads back from its file unchanged, and every input of
a batch is accounted for (a draft, a recorded failure, or a snapshot replaced by a newer one).

The examples are derandomized (the same ones on every run, so CI is reproducible); set
PROPERTY_EXAMPLES_SCALE=10 for a longer search on a workstation.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Sequence
from datetime import datetime, timezone
from pathlib import Path

import hypothesis.configuration
import pytest
from hypothesis import HealthCheck, event, example, given, settings
from hypothesis import strategies as st

from pipeline import __version__
from pipeline.analyse import analyse_batch
from pipeline.batches import save_batch
from pipeline.clean import clean_documents
from pipeline.draft import build_event_draft
from pipeline.draft_file import parse_draft, render_draft
from pipeline.extract import extract_articles
from pipeline.records import Analysis, RawDocument
from pipeline.resolve import ActorIndex, resolve_analyses
from pipeline.settings import Settings
from pipeline.store import iter_raw_documents, open_ledger, read_raw, store_raw
from tests.conftest import make_settings

# hypothesis keeps its files under .hypothesis/ in the working folder unless told otherwise
_HOME = tempfile.TemporaryDirectory(prefix="newsevents-hypothesis-")
hypothesis.configuration.set_hypothesis_home_dir(_HOME.name)

SCALE = float(os.environ.get("PROPERTY_EXAMPLES_SCALE", "1"))


def examples(n: int) -> settings:
    return settings(max_examples=max(1, int(n * SCALE)), deadline=None, derandomize=True, database=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


# ----------------------------------------------------------------------------------- strategies

# Pieces that make the stages do something (names, an alias and an acronym of the registry, dates,
# quotation marks, cue verbs), mixed with arbitrary unicode.
PIECES = [
    "Kirill Dmitriev", "Dmitriev", "RDIF", "the Russian Direct Investment Fund", "Moscow's sovereign wealth fund",
    "Steve Witkoff", "Donald Trump", "Vladimir Putin", "the Kremlin", "Washington", "Moscow", "Reuters",
    "said", "told reporters", "according to", "he said.", "she added,", "on Tuesday", "last week", "April 2, 2025",
    "2025-04-02", "yesterday", "in March", "“", "”", '"', "'", "«", "»", ",", ".", "\n", "\n\n", " ", "  ", "\t",
    "\u00a0", "\u200b", "\u2028", "\r\n", "&amp;", "<", ">", "Mr.", "U.S.", "(", ")", "—", "…", "\ufeff",
]
# any character but controls and lone surrogates (pages with those are refused as binary, which
# the first test sees often enough through arbitrary bytes)
printable = st.characters(blacklist_categories=("Cc", "Cs"))
piece = st.one_of(st.sampled_from(PIECES), st.text(printable, min_size=1, max_size=12))
texts = st.lists(piece, min_size=1, max_size=80).map(" ".join)

TAGS = ["p", "div", "span", "h1", "h2", "article", "main", "section", "a", "b", "em", "li", "ul", "table", "td",
        "script", "style", "nav", "footer", "blockquote", "br", "img", "time", "noscript", "template"]
ATTRS = st.sampled_from(['', ' class="story-body"', ' id="main"', ' href="javascript:alert(1)"', ' datetime="2025-04-02"',
                         ' style="display:none"', ' hidden', ' lang="en"', ' onclick="x()"', ' class="byline author"'])


def _element(children: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    return st.builds(lambda tag, attrs, inner, closed: f"<{tag}{attrs}>{inner}" + (f"</{tag}>" if closed else ""),
                     st.sampled_from(TAGS), ATTRS, children, st.booleans())


fragments = st.recursive(texts, lambda inner: st.lists(st.one_of(inner, _element(inner)), max_size=6).map("".join),
                         max_leaves=25)
HEADS = st.sampled_from([
    "", "<title>{t}</title>", '<meta property="og:title" content="{t}">',
    '<meta property="article:published_time" content="2025-04-0{d}T10:00:00Z">',
    '<meta name="author" content="{t}"><meta property="og:site_name" content="{t}">',
    '<meta charset="{c}">', '<link rel="canonical" href="{t}">',
])
pages = st.builds(
    lambda heads, title, day, charset, body: "<!DOCTYPE html><html><head>"
    + "".join(h.format(t=title, d=day, c=charset) for h in heads) + f"</head><body>{body}</body></html>",
    st.lists(HEADS, max_size=4), texts, st.integers(1, 9), st.sampled_from(["utf-8", "latin-1", "utf-16", "nonsense"]),
    fragments,
)
ENCODINGS = ["utf-8", "utf-8-sig", "utf-16", "cp1252", "latin-1"]


SENTENCE = st.builds("{} {} {} “{}” {}.".format, *[st.sampled_from(PIECES[:12])] * 2,
                     st.sampled_from(PIECES[12:20]), texts, st.sampled_from(PIECES[:20]))
paragraphs = st.lists(st.lists(SENTENCE, min_size=2, max_size=4).map(" ".join), min_size=2, max_size=6)
stories = paragraphs.map("\n\n".join)
story_pages = st.builds(
    lambda title, paras, tail: f"<html><head><title>{title}</title></head><body><nav>Home | World</nav><article>"
    + "".join(f"<p>{p}</p>" for p in paras) + f"</article>{tail}</body></html>",
    texts, paragraphs, fragments,
)


@st.composite
def documents(draw: st.DrawFn, kinds: Sequence[str] = ("html", "text", "bytes")) -> tuple[bytes, str, str | None]:
    """(bytes, content type, declared encoding): a page, a plain text, a story (sentences of
    names, cue verbs, dates and quotes) or arbitrary bytes."""
    kind = draw(st.sampled_from(kinds))
    if kind == "story":
        return draw(stories).encode(), "text/plain", "utf-8"
    if kind == "story page":
        return draw(story_pages).encode(), "text/html", "utf-8"
    declared = draw(st.sampled_from([None, *ENCODINGS, "x-unknown"]))
    if kind == "bytes":
        return draw(st.binary(max_size=600)), draw(st.sampled_from(["text/html", "text/plain"])), declared
    text = draw(pages if kind == "html" else texts)
    encoding = draw(st.sampled_from(ENCODINGS))
    return text.encode(encoding, errors="replace"), "text/html" if kind == "html" else "text/plain", declared


def store(raw_dir: Path, data: bytes, content_type: str, encoding: str | None, url: str | None = None) -> RawDocument:
    return store_raw(raw_dir, data, source=url or "generated", source_kind="url" if url else "file", url=url,
                     fetched_at=datetime(2025, 4, 3, tzinfo=timezone.utc), content_type=content_type, encoding=encoding)


def _settings(root: Path) -> Settings:
    # every language is processed (random text is rarely identified as English), and short texts
    return make_settings(root, clean={"languages": [], "min_words": 1})


# ----------------------------------------------------------------------------------- properties


@pytest.mark.slow
@examples(150)
@given(st.lists(documents(), min_size=1, max_size=6))
def test_clean_records_every_page_it_cannot_use(docs: list[tuple[bytes, str, str | None]]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        cfg = _settings(Path(tmp))
        raws = [store(cfg.paths.raw, *doc) for doc in docs]
        result = clean_documents(raws, cfg=cfg.clean, read=lambda raw: read_raw(cfg.paths.raw, raw))
    unique = {raw.sha256 for raw in raws}
    assert len(result.ok) + len(result.failed) == len(raws)
    assert {a.raw_sha256 for a in result.ok} | {f.sha256 for f in result.failed} == unique
    for failure in result.failed:
        assert failure.stage == "clean" and failure.message.strip() and failure.error
        assert not failure.message.startswith("unexpected"), failure.message  # every reason is one we wrote
    for article in result.ok:
        assert article.text.strip() and article.title.strip()
        _assert_in_order(article.paragraphs, len(article.text))


@examples(100)
@given(st.one_of(stories.map(lambda t: (t.encode(), "text/plain")), story_pages.map(lambda p: (p.encode(), "text/html")),
                 pages.map(lambda p: (p.encode(), "text/html")), texts.map(lambda t: (t.encode(), "text/plain"))))
# found by this test: the model's entity ended in " \n"; its offsets must be those of the stripped text
@example(("Kirill Dmitriev Kirill Dmitriev said “Kirill Dmitriev” Kirill Dmitriev. Kirill Dmitriev Kirill Dmitriev said "
          "“Kirill Dmitriev Kirill Dmitriev” Kirill Dmitriev.\n\nKirill Dmitriev Kirill Dmitriev said “Kirill Dmitriev” "
          "Kirill Dmitriev. Kirill Dmitriev Kirill Dmitriev said “Kirill Dmitriev ¯ \n” Kirill Dmitriev.".encode(), "text/plain"))
def test_stages_keep_spans_on_their_text_and_drafts_round_trip(nlp, index: ActorIndex, doc: tuple[bytes, str]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        cfg = _settings(Path(tmp))
        raw = store(cfg.paths.raw, doc[0], doc[1], "utf-8", url="https://example.org/story")
        cleaned = clean_documents([raw], cfg=cfg.clean, read=lambda r: read_raw(cfg.paths.raw, r))
    event("cleaned" if cleaned.ok else "not an article")
    if not cleaned.ok:
        assert cleaned.failed[0].message.strip()
        return
    extracted = extract_articles(cleaned.ok, nlp=nlp, cfg=cfg.extract)
    resolved = resolve_analyses(extracted.ok, index=index, cfg=cfg.resolve)
    assert not extracted.failed and not resolved.failed, [*extracted.failed, *resolved.failed]
    (analysis,) = resolved.ok
    _assert_spans(analysis)
    draft = build_event_draft([analysis], cfg=cfg.draft, pipeline_version=__version__, event_id="e1")
    assert parse_draft(render_draft(draft)) == draft


URLS = [f"https://news.example.org/story-{i}" for i in range(3)]


@pytest.mark.slow
@examples(40)
@given(st.lists(st.tuples(documents(("story", "story", "story page", "html", "bytes")), st.sampled_from([None, *URLS]),
                          st.booleans()), min_size=1, max_size=8),
       st.integers(1, 3))
def test_batches_account_for_every_input_and_write_valid_drafts(nlp, index: ActorIndex, items: list, batches: int) -> None:
    """Inputs in a few batches (pages of the same URL replace each other when they are the same
    article, else both are kept with a notice; some are copies of another input with a URL of
    their own): each ends processed, as a draft's input, a recorded failure or a replaced
    snapshot; every draft file is a valid draft naming known inputs."""
    with tempfile.TemporaryDirectory() as tmp:
        cfg = _settings(Path(tmp))
        raws: list[RawDocument] = []
        for (data, content_type, encoding), url, copy in items:
            if copy and raws:  # an earlier input under another URL, a line longer: a syndicated copy
                data = read_raw(cfg.paths.raw, raws[-1]) + b"\n\n"  # (the same bytes would be stored once)
                url = f"{url or 'https://copies.example.net/a'}?copy={len(raws)}"
            raws.append(store(cfg.paths.raw, data, content_type, encoding, url=url))
        stored = list(iter_raw_documents(cfg.paths.raw))
        size = -(-len(stored) // batches)
        failed: set[str] = set()
        for start in range(0, len(stored), size):
            analyses, failures = analyse_batch(stored[start : start + size], settings=cfg, nlp=nlp, index=index)
            report = save_batch(analyses, failures, settings=cfg)
            failed |= {f.sha256 for f in report.failures if f.sha256 and not f.notice}  # a notice's input is drafted
        drafts = [parse_draft(p.read_text("utf-8")) for p in sorted(cfg.paths.extracted.glob("*.md"))]
        event(f"{len(drafts)} drafts of {len(stored)} inputs")
        event("copies cited" if any(s.also_at for d in drafts for s in d.sources) else "no copies cited")
        with open_ledger(cfg.paths.extracted) as ledger:
            unprocessed = [r.sha256 for r in stored if ledger.processed_version(r.sha256) != __version__]
            outcomes = {r.sha256: ledger.processed_outcome(r.sha256) or "" for r in stored}
            replaced_in = {sha: ledger.draft_id_for(sha) for sha, outcome in outcomes.items() if outcome == "superseded"}
            events = ledger.event_ids()
        assert not unprocessed
        keys = [key for d in drafts for key in d.provenance.source_keys]
        assert len(keys) == len(set(keys))  # an input's events (its main one, the past ones it narrates): one draft each
        inputs = {sha for d in drafts for sha in d.provenance.inputs}
        drafted = {sha for sha, outcome in outcomes.items() if not outcome.startswith("failed") and outcome != "superseded"}
        assert inputs == drafted  # copies included: none vanishes with its original
        assert {sha for sha, outcome in outcomes.items() if outcome.startswith("failed")} == failed
        assert {d.id for d in drafts} == events
        event("a snapshot replaced in its batch" if replaced_in else "no snapshot replaced in its batch")
        assert set(replaced_in.values()) <= events  # the event its newer snapshot is in
        for d in drafts:
            assert set(d.provenance.source_inputs) <= set(d.provenance.inputs)
            assert len(d.sources) == len(d.provenance.source_inputs) == len(d.provenance.source_keys) >= 1


# ------------------------------------------------------------------------------------- helpers


def _assert_in_order(spans: Sequence[tuple[int, int]], length: int) -> None:
    last = 0
    for start, end in spans:
        assert last <= start <= end <= length, (spans, length)
        last = end


def _assert_spans(analysis: Analysis) -> None:
    text = analysis.article.text
    _assert_in_order(analysis.sentences, len(text))
    _assert_in_order(analysis.article.paragraphs, len(text))
    for m in [*analysis.mentions, *analysis.dates, *analysis.actors]:
        assert text[m.start : m.end] == m.text, m
    for q in analysis.quotes:
        parts = [text[s:e] for s, e in q.spans]
        assert q.text == " … ".join([p.rstrip(",") for p in parts[:-1]] + parts[-1:]), q
        if q.speaker_span:
            assert text[q.speaker_span[0] : q.speaker_span[1]] == q.speaker, q
        if q.cue_span:
            assert text[q.cue_span[0] : q.cue_span[1]] == q.cue, q
    for c in analysis.candidates:
        for start, end in c.mentions:
            assert 0 <= start < end <= len(text) and text[start:end].strip(), c


@pytest.fixture(scope="module", autouse=True)
def _forget_home() -> None:
    yield
    _HOME.cleanup()
