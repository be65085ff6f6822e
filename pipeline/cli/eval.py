"""`newsevents eval quotes|whowhen|actors GOLD.jsonl`: the real pipeline on gold data, scored.

Each command prints a table (with the matching rule), `--errors N` prints the worst misses with
context, and `--predictions FILE` writes what the pipeline found, one JSON line per gold item.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.console import Console
from rich.table import Table

from ..settings import Settings
from .common import settings_or_exit

eval_app = typer.Typer(help="Score the pipeline on gold data (quotes and speakers, who/when, actors).", no_args_is_help=True)
out = Console(width=max(Console().width, 150))

GoldArgument = Annotated[Path, typer.Argument(help="A gold JSONL file (see ../shared/gold/README.md).", exists=True, dir_okay=False)]
ErrorsOption = Annotated[int, typer.Option("--errors", help="Print the N worst misses with context.")]
PredictionsOption = Annotated[Optional[Path], typer.Option("--predictions", help="Write predictions as JSONL here.")]
LimitOption = Annotated[Optional[int], typer.Option("--limit", help="Only the first N gold documents.")]
ConfigOption = Annotated[Optional[Path], typer.Option("--config", "-c", help="A TOML settings file.")]

TARGETS = {
    ("direct", "F1 lenient"): 0.88, ("direct", "F1 strict"): 0.78, ("direct", "speaker accuracy"): 0.90,
    ("reported", "precision"): 0.80, ("reported", "recall lenient"): 0.60,
}


def _read_jsonl(path: Path, limit: int | None) -> list[dict]:
    rows = []
    for lineno, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            rows.append(json.loads(line))
        except json.JSONDecodeError as err:
            out.print(f"{path}:{lineno}: not valid JSON ({err.msg}); fix or remove the line", markup=False)
            raise typer.Exit(2) from err
    return rows[:limit] if limit else rows




def _analyses(settings: Settings, docs: list[dict]):
    from ..evaluate import gold_article
    from ..extract import extract_articles
    from ..records import Analysis
    from ..resolve import ActorIndex, resolve_analyses
    from ..store import load_registries

    articles = [gold_article(d) for d in docs]
    index = ActorIndex.build(load_registries(settings.paths.registry_files()))
    extracted = extract_articles(articles, cfg=settings.extract)
    by_sha = {a.article.raw_sha256: a for a in resolve_analyses(extracted.ok, index=index, cfg=settings.resolve).ok}
    # One analysis per gold document, in order; a document the pipeline failed on scores as empty.
    empty = lambda article: Analysis(article=article, sentences=[])  # noqa: E731
    return [by_sha.get(article.raw_sha256) or empty(article) for article in articles]


def _fmt(value: float | None) -> str:
    return "–" if value is None else f"{value:.3f}"


@eval_app.command("quotes")
def quotes_cli(gold: GoldArgument, errors: ErrorsOption = 0, predictions: PredictionsOption = None,
               limit: LimitOption = None, config: ConfigOption = None) -> None:
    """Quotes and speakers: precision, recall and F1 (lenient and strict), speaker accuracy, by kind."""
    from ..evaluate import (
        LENIENT,
        PREDICTION_INSIDE,
        STRICT,
        QuoteReport,
        quote_prediction,
        score_quotes,
    )

    docs = _read_jsonl(gold, limit)
    analyses = _analyses(settings_or_exit(config), docs)
    report = QuoteReport()
    for doc, analysis in zip(docs, analyses):
        score_quotes(doc["doc_id"], doc.get("quotes") or [], analysis.quotes, report)
    table = Table(title=f"quotes: {gold.name}, {len(docs)} documents")
    for column in ("row", "gold", "predicted", "precision", "recall lenient", "recall strict", "F1 lenient",
                   "F1 strict", "speaker accuracy"):
        table.add_column(column, justify="right" if column != "row" else "left")
    order = ["direct", "full", "partial", "reported"] + sorted(k for k in report.rows if k.startswith("speaker:"))
    for name in order:
        if name not in report.rows:
            continue
        t = report.rows[name]
        gold_count = t.speaker_gold if name.startswith("speaker:") else t.gold
        table.add_row(name, str(gold_count), str(t.predicted or "–"), _fmt(t.precision()), _fmt(t.recall()),
                      _fmt(t.recall(strict=True)), _fmt(t.f1()), _fmt(t.f1(strict=True)), _fmt(t.speaker_accuracy()))
    out.print(table)
    out.print(f"Matching: a gold quote is found when predictions cover ≥ {LENIENT:.0%} of its characters "
              f"(lenient) or ≥ {STRICT:.0%} (strict); a prediction is right when ≥ {PREDICTION_INSIDE:.0%} of it "
              "lies inside gold attribution content; a speaker is right when the predicted speaker mention "
              "overlaps the gold speaker span. Precision of full/partial rows is that of all direct predictions.")
    direct, reported = report.rows["direct"], report.rows["reported"]
    figures = {("direct", "F1 lenient"): direct.f1(), ("direct", "F1 strict"): direct.f1(strict=True),
               ("direct", "speaker accuracy"): direct.speaker_accuracy(),
               ("reported", "precision"): reported.precision(), ("reported", "recall lenient"): reported.recall()}
    out.print("Targets: " + "; ".join(f"{r} {m} {_fmt(figures[(r, m)])} (target {v})" for (r, m), v in TARGETS.items()))
    if errors:
        _print_misses(report.misses, {d["doc_id"]: d["text"] for d in docs}, errors)
    if predictions:
        with predictions.open("w", encoding="utf-8") as fh:
            for doc, analysis in zip(docs, analyses):
                fh.write(json.dumps({"doc_id": doc["doc_id"], "quotes": [quote_prediction(q) for q in analysis.quotes]}) + "\n")
        out.print(f"Predictions written to {predictions}")


def _print_misses(misses, texts: dict[str, str], limit: int) -> None:
    # Direct quotes first (wrong speakers, then misses), reported speech after.
    misses = sorted(misses, key=lambda m: (m.gold.get("direct_kind") == "none", m.reason == "not found", m.coverage))
    for miss in misses[:limit]:
        g = miss.gold
        text = texts[miss.doc_id]
        start = max(0, g["quote_start"] - 120)
        out.rule(f"{miss.reason}: {miss.doc_id} ({g.get('direct_kind')}, coverage {miss.coverage:.2f})")
        out.print(f"context: …{text[start:g['quote_end'] + 80]}…", markup=False, highlight=False)
        out.print(f"gold:    [{g['quote_start']}:{g['quote_end']}] speaker={g.get('speaker')!r} cue={g.get('cue')!r}",
                  markup=False, highlight=False)
        if miss.best is not None:
            b = miss.best
            out.print(f"ours:    {b.spans} {b.kind} speaker={b.speaker!r} -> {b.speaker_name!r} cue={b.cue!r} ({b.method})",
                      markup=False, highlight=False)


@eval_app.command("whowhen")
def whowhen_cli(gold: GoldArgument, errors: ErrorsOption = 0, predictions: PredictionsOption = None,
                limit: LimitOption = None, config: ConfigOption = None) -> None:
    """Who and when: the draft's event date against the gold date, its first actor against the gold who."""
    from .. import __version__
    from ..cluster import bcubed, group_articles
    from ..draft import build_draft, build_event_draft
    from ..evaluate import gold_when, who_matches

    settings = settings_or_exit(config)
    docs = _read_jsonl(gold, limit)
    analyses = _analyses(settings, docs)
    # as the pipeline does: the articles are clustered into events, each event drafted once
    assignments, events = group_articles(analyses, cfg=settings.cluster, draft_cfg=settings.draft)
    by_sha = {a.article.raw_sha256: a for a in analyses}
    duplicate = {a.sha256 for a in assignments if a.duplicate_of}
    event_drafts = {
        event_id: build_event_draft([by_sha[s] for s in shas if s not in duplicate], cfg=settings.draft,
                                    pipeline_version=__version__)
        for event_id, shas in events.items()
    }
    event_of = {a.sha256: a.event for a in assignments}
    rows = []
    for doc, analysis in zip(docs, analyses):
        alone = build_draft(analysis, cfg=settings.draft, pipeline_version=__version__)
        draft = event_drafts[event_of[analysis.article.raw_sha256]]
        gold_date = gold_when(doc.get("when") or [])
        published = analysis.article.published.isoformat() if analysis.article.published else None
        first = draft.actors[0] if draft.actors else None
        off = abs((date.fromisoformat(draft.date) - date.fromisoformat(gold_date)).days) if gold_date else None
        rows.append({"doc_id": doc["doc_id"], "date": draft.date, "gold_date": gold_date, "published": published,
                     "alone_date": alone.date, "event": event_of[analysis.article.raw_sha256],
                     "days_off": off, "date_rule": draft.provenance.date_rule, "who": draft.actors,
                     "first_actor_right": who_matches(first, doc.get("who") or []),
                     "alone_first_right": who_matches(alone.actors[0] if alone.actors else None, doc.get("who") or []),
                     "gold_who": [w.get("text") for w in doc.get("who") or []]})
    gold_events = {a.article.raw_sha256: doc.get("category") or doc["doc_id"] for doc, a in zip(docs, analyses)}
    b_precision, b_recall = bcubed(event_of, gold_events)
    dated = [r for r in rows if r["gold_date"]]
    exact = sum(r["days_off"] == 0 for r in dated)
    published_exact = sum(r["published"] == r["gold_date"] for r in dated)
    far = sum(r["days_off"] > 7 for r in dated)
    who_right = sum(r["first_actor_right"] for r in rows)
    table = Table(title=f"who / when: {gold.name}, {len(docs)} documents")
    table.add_column("measure")
    table.add_column("value", justify="right")
    table.add_column("target / baseline", justify="right")
    alone_exact = sum(r["alone_date"] == r["gold_date"] for r in dated)
    table.add_row("event date = gold date", _fmt(exact / len(dated) if dated else None), "≥ 0.75")
    table.add_row("  each article drafted alone", _fmt(alone_exact / len(dated) if dated else None), "")
    table.add_row("publish date = gold date", _fmt(published_exact / len(dated) if dated else None), "baseline")
    table.add_row("more than 7 days off", str(far), "0 unexplained")
    table.add_row("first actor among gold who", _fmt(who_right / len(rows) if rows else None), "≥ 0.85")
    table.add_row("  each article drafted alone",
                  _fmt(sum(r["alone_first_right"] for r in rows) / len(rows) if rows else None), "")
    table.add_row("events found (gold events)", f"{len(events)} ({len(set(gold_events.values()))})", "")
    table.add_row("clustering B-cubed precision / recall", f"{_fmt(b_precision)} / {_fmt(b_recall)}", "")
    out.print(table)
    out.print("Matching: dates compare the gold 'when' answer most coders agreed on (its parsed date); the first "
              "actor is right when it shares a name word with, or contains or is contained in, a gold 'who' answer. "
              "Articles are clustered into events as the pipeline does; gold events are the set's categories.")
    if errors:
        misses = sorted((r for r in rows if not r["first_actor_right"] or (r["days_off"] or 0) > 0),
                        key=lambda r: -(r["days_off"] or 0))
        detail = Table(title="misses", show_lines=False)
        for column in ("doc_id", "date", "gold date", "rule", "first actors", "gold who"):
            detail.add_column(column, overflow="fold")
        for r in misses[:errors]:
            detail.add_row(r["doc_id"][:12], r["date"], r["gold_date"] or "–", r["date_rule"].split(":")[0],
                           ", ".join(r["who"][:3]) or "–", "; ".join(filter(None, r["gold_who"])) or "–")
        out.print(detail)
    if predictions:
        with predictions.open("w", encoding="utf-8") as fh:
            for r in rows:
                fh.write(json.dumps({"doc_id": r["doc_id"], "date": r["date"], "who": r["who"],
                                     "event": r["event"]}) + "\n")
        out.print(f"Predictions written to {predictions}")


@eval_app.command("actors")
def actors_cli(gold: GoldArgument, registry: Annotated[Optional[Path], typer.Option("--registry", help="Registry YAML (default: the configured one).")] = None,
               errors: ErrorsOption = 0, predictions: PredictionsOption = None, config: ConfigOption = None) -> None:
    """Actor resolution: every alias and every negative pair resolved against the registry."""
    from ..evaluate import ActorScores
    from ..resolve import ActorIndex, resolve_name
    from ..store import load_registries

    settings = settings_or_exit(config)
    index = ActorIndex.build(load_registries([registry] if registry else settings.paths.registry_files()))
    threshold = settings.resolve.threshold

    def resolve(name: str) -> str | None:
        found = resolve_name(index, name, threshold)
        return index.actors[found[0]].name if found else None

    scores = ActorScores()
    lines = _read_jsonl(gold, None)
    written = []
    for line in lines:
        if "negative_pair" in line:
            a, b = (resolve(n) for n in line["negative_pair"])
            scores.negative_pairs += 1
            scores.negative_merged += bool(a and a == b)
            written += [{"mention": n, "actor": r} for n, r in zip(line["negative_pair"], (a, b))]
            continue
        expected = resolve(line["canonical"]) or line["canonical"]
        for alias in line.get("aliases") or []:
            found = resolve(alias)
            scores.aliases += 1
            scores.resolved += found is not None
            scores.resolved_right += found == expected
            if found != expected:
                scores.wrong.append((alias, expected, found))
            written.append({"mention": alias, "actor": found})
    table = Table(title=f"actors: {gold.name} against {registry or settings.paths.registry}")
    table.add_column("measure")
    table.add_column("value", justify="right")
    table.add_column("target", justify="right")
    table.add_row("aliases", str(scores.aliases), "")
    table.add_row("precision", _fmt(scores.precision()), "≥ 0.97")
    table.add_row("recall", _fmt(scores.recall()), "≥ 0.90")
    table.add_row("negative pairs resolved to one actor", f"{scores.negative_merged} of {scores.negative_pairs}", "0")
    out.print(table)
    out.print("Matching: an alias is right when it resolves to the actor its canonical name resolves to.")
    for alias, expected, found in scores.wrong[:errors]:
        out.print(f"{alias!r}: expected {expected!r}, got {found!r}", markup=False, highlight=False)
    if predictions:
        with predictions.open("w", encoding="utf-8") as fh:
            fh.writelines(json.dumps(w) + "\n" for w in written)
        out.print(f"Predictions written to {predictions}")


# ------------------------------------------------------------------------------------ timeline

PairsArgument = Annotated[Path, typer.Argument(
    help="The pairs file: one JSON object a line, an article and the timeline events it is cited for "
         "(see the command's help).", exists=True, dir_okay=False)]
TIMELINE_TARGETS = {"date": "≥ 0.60", "timeline": "≥ 0.60", "among": "≥ 0.70", "actors": "≥ 0.50 / ≥ 0.70", "per draft": "≤ 8",
                    "per article": "1 to 6"}


@eval_app.command("timeline")
def timeline_cli(
    pairs: PairsArgument,
    timeline: Annotated[Optional[Path], typer.Option("--timeline", help="The timeline, an events JSONL file "
                        "(default: paths.timeline); ids in the pairs file are looked up in it.")] = None,
    registry: Annotated[Optional[Path], typer.Option("--registry", help="Registry YAML (default: the configured one).")] = None,
    gold_dir: Annotated[Path, typer.Option("--gold-dir", help="Where the pairs file's 'gold' files are.")] = Path("../shared/gold"),
    keep: Annotated[Optional[Path], typer.Option("--keep", help="Run in this new folder and keep it (raw/, extracted/, "
                    "timeline.jsonl) instead of a temporary one.")] = None,
    errors: ErrorsOption = 0, predictions: PredictionsOption = None,
    limit: Annotated[Optional[int], typer.Option("--limit", help="Only the first N articles of the pairs file.")] = None,
    config: ConfigOption = None,
) -> None:
    """Drafts against timeline records: per (article, event) link, does one of the article's drafts
    carry the event's date (at the timeline's precision), name the event as already in the timeline
    (matched by content: the article's URL is removed from the timeline first), and how do the best
    draft's actors compare with the event's (precision, recall); plus actors per draft and drafts
    per article. Runs the real pipeline (library path) on the articles, in a temporary folder.

    PAIRS.jsonl, one article a line: {"article": "a.html" (relative to the pairs file, or absolute;
    .html/.htm is HTML, anything else text) | "gold": "digests.jsonl", "doc_id": "..." (a document of
    --gold-dir), "url": "...", "published": "YYYY-MM-DD" (both optional), "name": "...", "part":
    "seeds" (optional: the column it is reported in), "events": [a timeline id, or an event labelled
    by hand: {"date": "1991-01-01", "title": "...", "actors": [...], "note": "...", "id": the timeline's
    record of it, optional}]}. Dates as the
    timeline writes them: a year is YYYY-01-01, a month YYYY-MM-01. The rules are in
    pipeline/eval_timeline.py.
    """
    import time

    from ..eval_timeline import PairsError, drafts_of, event_label, score_link, summarize

    settings = settings_or_exit(config)
    timeline = timeline or settings.paths.timeline
    refs = _pair_refs(pairs, limit)
    records = _timeline_records(timeline) if timeline else []
    by_id = {str(r.get("id")): r for r in records}
    try:
        events = [[event_label(e, by_id, f"{pairs}: {ref.name}") for e in ref.events] for ref in refs]
    except PairsError as err:
        out.print(str(err), markup=False, soft_wrap=True)
        raise typer.Exit(2) from err
    articles = [_article_record(ref, pairs.parent, gold_dir) for ref in refs]
    started = time.perf_counter()
    shas, drafts = _drafted(settings, articles, records if timeline else None, registry, keep)
    seconds = time.perf_counter() - started
    links, article_drafts = [], {}
    for ref, sha, labels in zip(refs, shas, events):
        mine = drafts_of(sha, drafts) if sha else []
        article_drafts[ref.name] = (ref.part, mine)
        links += [score_link(ref.name, ref.part, mine, label) for label in labels]
    parts = summarize(links, article_drafts)
    _timeline_table(pairs, parts)
    out.print(f"Drafted {len(refs)} articles into {len(drafts)} drafts in {seconds:.0f} s (collect, clean, extract, "
              "resolve, cluster, draft, timeline match).")
    out.print("Matching: a date is carried when a draft's date equals the event's at the event's precision (YYYY-01-01 "
              "compares years, YYYY-MM-01 months, else days; a draft stating a coarser date_precision does not carry "
              "it); in timeline: a draft's provenance.timeline_match names the event, with the article's URL removed "
              "from the timeline; actors of the best draft (among those carrying the date, the one sharing most "
              "actors), paired one to one by normalized name, surname alone, initials (FBI / Federal Bureau of "
              "Investigation), without a company suffix or a department named both ways (Treasury Department / "
              "Department of the Treasury); precision and recall are means over links.")
    if errors:
        _timeline_misses(links, errors)
    if predictions:
        with predictions.open("w", encoding="utf-8") as fh:
            fh.writelines(json.dumps(_link_prediction(link)) + "\n" for link in links)
        out.print(f"Predictions written to {predictions}")


def _pair_refs(path: Path, limit: int | None):
    from ..eval_timeline import PairsError, parse_pair

    try:
        return [parse_pair(obj, f"{path}: line {n}") for n, obj in enumerate(_read_jsonl(path, limit), start=1)]
    except PairsError as err:
        out.print(str(err), markup=False, soft_wrap=True)
        raise typer.Exit(2) from err


def _timeline_records(path: Path) -> list[dict]:
    if not path.is_file():
        out.print(f"timeline not found (or not an events JSONL file): {path}", markup=False, soft_wrap=True)
        raise typer.Exit(2)
    return _read_jsonl(path, None)


def _article_record(ref, base: Path, gold_dir: Path) -> dict:
    """The article as a JSONL dump's record for the pipeline: {url, html | text, published}."""
    from ..eval_timeline import HTML_SUFFIXES, gold_document

    if ref.gold is not None:
        docs = _gold_docs(gold_dir / ref.gold)
        if ref.doc_id not in docs:
            out.print(f"{ref.name}: no document {ref.doc_id!r} in {gold_dir / ref.gold}", markup=False, soft_wrap=True)
            raise typer.Exit(2)
        body, is_html, url, published = gold_document(docs[ref.doc_id])
    else:
        path = Path(ref.article) if Path(ref.article).is_absolute() else base / ref.article
        if not path.is_file():
            out.print(f"{ref.name}: no such article file: {path}", markup=False, soft_wrap=True)
            raise typer.Exit(2)
        body, is_html = path.read_text(encoding="utf-8", errors="replace"), path.suffix.lower() in HTML_SUFFIXES
        url = published = None
    record = {"url": ref.url or url, "html" if is_html else "text": body}
    if ref.published or published:
        record["published"] = ref.published or published
    return record


_GOLD: dict[Path, dict[str, dict]] = {}


def _gold_docs(path: Path) -> dict[str, dict]:
    if not path.is_file():
        out.print(f"gold file not found: {path} (set --gold-dir)", markup=False, soft_wrap=True)
        raise typer.Exit(2)
    if path not in _GOLD:
        _GOLD[path] = {str(d.get("doc_id")): d for d in _read_jsonl(path, None)}
    return _GOLD[path]


def _drafted(settings: Settings, articles: list[dict], timeline: list[dict] | None, registry: Optional[Path],
             keep: Optional[Path]):
    """The articles through the library path in a fresh folder: RETURNS each article's raw sha256
    (None where it could not be collected) and every draft written."""
    import tempfile

    from ..collect import collect_sources
    from ..draft_file import parse_draft_text
    from ..eval_timeline import DraftView, without_sources_at
    from ..runner import process_pending

    if keep is not None and keep.exists() and any(keep.iterdir()):
        out.print(f"--keep {keep}: the folder is not empty", markup=False)
        raise typer.Exit(2)
    with tempfile.TemporaryDirectory(prefix="newsevents-eval-") as temp:
        root = keep or Path(temp)
        root.mkdir(parents=True, exist_ok=True)
        paths = {"raw": root / "raw", "extracted": root / "extracted", "state": root / "state", "timeline": None}
        if timeline is not None:
            kept, removed = without_sources_at(timeline, [a["url"] for a in articles if a.get("url")])
            paths["timeline"] = root / "timeline.jsonl"
            paths["timeline"].write_text("".join(json.dumps(r) + "\n" for r in kept), encoding="utf-8")
            out.print(f"Timeline: {len(kept)} events, {removed} sources at the articles' URLs left out.")
        if registry is not None:
            paths["registry"] = registry
        run = settings.model_copy(update={"paths": settings.paths.model_copy(update=paths)})
        dump = root / "articles.jsonl"
        dump.write_text("".join(json.dumps(a) + "\n" for a in articles), encoding="utf-8")
        collected = collect_sources([str(dump)], cfg=run.collect, raw_dir=run.paths.raw)
        for failure in collected.failed:
            out.print(f"collect: {failure.source}: {failure.message}", markup=False, highlight=False)
        sha_at = {raw.archive_offset: raw.sha256 for raw in collected.ok}
        report = process_pending(run, nlp=None)
        for failure in report.failures:
            out.print(f"{failure.stage}: {failure.source}: {failure.message}", markup=False, highlight=False)
        drafts = []
        for path in sorted(run.paths.extracted.glob("*.md")):
            if ".rev-" not in path.name:
                drafts.append(DraftView.from_front(parse_draft_text(path.read_text(encoding="utf-8"))[0]))
    return [sha_at.get(n) for n in range(1, len(articles) + 1)], drafts


def _timeline_table(pairs: Path, parts) -> None:
    from statistics import fmean, median

    table = Table(title=f"timeline: {pairs.name}")
    table.add_column("measure")
    for name in parts:
        table.add_column(name, justify="right")
    table.add_column("target", justify="right")

    def share(k: int, n: int) -> str:
        return f"{k} of {n} ({k / n:.2f})" if n else "–"

    def spread(values: list[int], mean: bool) -> str:
        if not values:
            return "–"
        return f"{median(values):g}" + (f" (mean {fmean(values):.1f}, max {max(values)})" if mean else f" (max {max(values)})")

    rows = [
        ("articles / links", lambda s: f"{s.articles} / {s.links}", ""),
        ("date carried by a draft", lambda s: share(s.date_right, s.links), TIMELINE_TARGETS["date"]),
        ("named as in the timeline (content only), best match", lambda s: share(s.in_timeline_first, s.timeline_links),
         TIMELINE_TARGETS["timeline"]),
        ("named among the matches (content only)", lambda s: share(s.in_timeline, s.timeline_links),
         TIMELINE_TARGETS["among"]),
        ("actors of the best draft: precision / recall", lambda s: f"{_fmt(s.precision())} / {_fmt(s.recall())}",
         TIMELINE_TARGETS["actors"]),
        ("actors per draft: median", lambda s: spread(s.actors_per_draft, True), TIMELINE_TARGETS["per draft"]),
        ("drafts per article: median", lambda s: spread(s.drafts_per_article, False), TIMELINE_TARGETS["per article"]),
    ]
    for label, value, target in rows:
        table.add_row(label, *(value(s) for s in parts.values()), target)
    out.print(table)


def _timeline_misses(links, limit: int) -> None:
    misses = [link for link in links if not link.date_right or link.in_timeline is False]
    out.print(f"{len(misses)} of {len(links)} links miss the date or the timeline event; the first {min(limit, len(misses))}:")
    for link in misses[:limit]:
        e = link.event
        what = ", ".join(w for w, bad in (("date", not link.date_right), ("timeline", link.in_timeline is False)) if bad)
        out.rule(f"{link.article}: {what}")
        say = lambda text: out.print(text, markup=False, highlight=False)  # noqa: E731
        say(f"event:  {e.date} ({e.precision}) {e.id or ''} {e.title!r}; actors: {', '.join(e.actors)}")
        if not link.drafts:
            say("drafts: none")
        for d in link.drafts:
            actors = ", ".join(d.actors[:8]) + (f" … ({len(d.actors)})" if len(d.actors) > 8 else "")
            say(f"draft:  {d.date}{f' ({d.precision})' if d.precision else ''}{f' [{d.kind}]' if d.kind else ''} "
                f"{d.title!r}; timeline matches: {', '.join(d.timeline_ids) or '–'}; actors: {actors or '–'}")
        if link.best is not None:
            say(f"best:   {link.best.id}: actors paired {[p for p, _ in link.pairs]}")


def _link_prediction(link) -> dict:
    def draft(d) -> dict:
        return {"id": d.id, "date": d.date, "date_precision": d.precision, "kind": d.kind, "title": d.title,
                "actors": list(d.actors), "timeline_match": list(d.timeline_ids)}

    return {"article": link.article, "part": link.part,
            "event": {"id": link.event.id, "date": link.event.date, "title": link.event.title,
                      "actors": list(link.event.actors)},
            "date_right": link.date_right, "in_timeline": link.in_timeline,
            "best_draft": link.best.id if link.best else None, "actor_precision": link.precision,
            "actor_recall": link.recall, "actor_pairs": [list(p) for p in link.pairs],
            "drafts": [draft(d) for d in link.drafts]}
