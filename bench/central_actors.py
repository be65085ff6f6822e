"""Actors of drafts against the actors the timeline's analysts wrote. Prints figures; asserts nothing.

    python bench/central_actors.py [--shared ../shared] [--registry models/actors.yaml] [--show 5]

Three sets, read in place from ../shared (never copied):
- seeds: the four seed articles (000-003) through the library path (collect, process; one event)
  against the actors of the analyst's record 004;
- digests: each page of gold/digests.jsonl (raw HTML, cleaned as any page) against the union of
  the actors of the timeline events that cite it (what its drafts should name between them);
- who-when-train.jsonl and quotes-dev.jsonl: one draft per article, counted only (no gold actors).

An actor of ours matches a gold actor when their name keys (pipeline/names.normalize_name, titles
stripped) are equal, or the content words of one are all words of the other ("Trump" / "Donald
Trump", "Treasury Department" / "Department of the Treasury"). Precision: our actors matching a
gold actor, over our actors; recall: gold actors matched, over gold actors (both summed over the
set's pages). `--show N` prints N examples of actors that match nothing.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import statistics
import sys
import tempfile
from datetime import datetime, timezone
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

CONNECTORS = frozenset({"of", "the", "and", "for", "&", "on", "in", "to", "us", "u", "s"})


def _words(name: str) -> set[str]:
    from pipeline.names import normalize_name, strip_titles

    return {w for w in normalize_name(strip_titles(name)).split() if w not in CONNECTORS}


def same_actor(ours: str, gold: str) -> bool:
    a, b = _words(ours), _words(gold)
    return bool(a and b) and (a == b or a <= b or b <= a)


def score(ours: list[str], gold: list[str]) -> tuple[int, int, int, int]:
    """(ours matched, ours, gold matched, gold)."""
    return (sum(any(same_actor(o, g) for g in gold) for o in ours), len(ours),
            sum(any(same_actor(o, g) for o in ours) for g in gold), len(gold))


def _settings(root: Path, registries: list[Path], *, cluster: bool = False):
    from pipeline.settings import load_settings

    paths = {"raw": root / "raw", "extracted": root / "extracted", "registry": registries[0], "state": root / "state"}
    if len(registries) > 1:
        paths["registries"] = registries[1:]
    return load_settings(paths=paths, cluster={"enabled": cluster})


def seeds(shared: Path, registries: list[Path], nlp, index) -> tuple[list[str], list[str], list[str]]:
    """(our actors, our mentioned actors, the record's actors) for the seed event."""
    from pipeline.collect import collect_sources
    from pipeline.draft_file import parse_draft_text
    from pipeline.runner import process_pending
    from pipeline.safe_yaml import load

    record = (shared / "seeds").glob("004_*.txt").__next__().read_text(encoding="utf-8")
    gold = load(record.split("---")[1])["actors"]
    with tempfile.TemporaryDirectory() as tmp:
        settings = _settings(Path(tmp), registries, cluster=True)
        collect_sources([str(p) for p in sorted((shared / "seeds").glob("00[0-3]_*.txt"))],
                        cfg=settings.collect, raw_dir=settings.paths.raw)
        report = process_pending(settings, nlp=nlp, index=index)
        front, _ = parse_draft_text(report.outcomes[0].path.read_text(encoding="utf-8"))
    mentioned = front["provenance"].get("mentioned_actors") or []
    return front["actors"], mentioned, gold


def analyses_of(articles, settings, nlp, index):
    from pipeline.extract import extract_articles
    from pipeline.resolve import resolve_analyses

    extracted = extract_articles(articles, cfg=settings.extract, nlp=nlp)
    return resolve_analyses(extracted.ok, index=index, cfg=settings.resolve).ok


def digest_articles(shared: Path, settings):
    from pipeline.clean import clean_document
    from pipeline.records import RawDocument

    rows = [json.loads(line) for line in (shared / "gold" / "digests.jsonl").read_text(encoding="utf-8").splitlines()]
    articles, gold = [], []
    for row in rows:
        data = row["html"].encode("utf-8")
        sha = hashlib.sha256(data).hexdigest()
        raw = RawDocument(sha256=sha, source=row["url"], source_kind="jsonl", url=row["url"],
                          fetched_at=datetime.now(timezone.utc), content_type="text/html", encoding="utf-8",
                          published_hint=row.get("timeline_source_date"), path=f"x/{sha}", size=len(data))
        articles.append(clean_document(raw, data, cfg=settings.clean))
        gold.append(list(dict.fromkeys(a for e in row["cited_by_events"] for a in e["actors"])))
    return articles, gold


def _named_who(row: dict) -> list[str]:
    """The names among the who/when coders' answers to 'who' (capitalized phrases, no pronouns
    or descriptions such as 'Several people')."""
    from pipeline.names import strip_titles

    found = []
    for item in row.get("who") or []:
        text = strip_titles((item.get("text") or "").strip())
        words = text.split()
        if 0 < len(words) <= 4 and all(w[:1].isupper() for w in words if w.lower() not in CONNECTORS):
            found.append(text)
    return list(dict.fromkeys(found))


def digest_items(analysis) -> list[tuple[tuple[int, int], list[int]]]:
    """A digest page cut into its items, crudely, for measuring actors only (splitting digests is
    not this script's business): an item runs from a title-case line (its headline) to the next."""
    from pipeline.candidates import headline_sentences

    heads = headline_sentences(analysis.article.text, analysis.sentences, analysis.mentions)
    items = []
    for i, head in enumerate(heads):
        end = heads[i + 1] if i + 1 < len(heads) else len(analysis.sentences)
        if end - head > 1:
            items.append((analysis.sentences[head], list(range(head + 1, end))))
    return items


def best_items(analyses, shared: Path, max_actors: int, show: int) -> None:
    """Each timeline event that cites a digest against the digest item whose central actors match
    its actors best (the issue's "actors of the best draft"): precision and recall, summed."""
    from pipeline.actors import central_actors

    rows = [json.loads(line) for line in (shared / "gold" / "digests.jsonl").read_text(encoding="utf-8").splitlines()]
    sums, counts = [0, 0, 0, 0], []
    for analysis, row in zip(analyses, rows):
        drafts = [central_actors(analysis, body[:2], title=head, max_actors=max_actors, context=body).central
                  for head, body in digest_items(analysis)]
        counts += [len(d) for d in drafts]
        for event in row["cited_by_events"]:
            scored = [score(d, event["actors"]) for d in drafts] or [(0, 0, 0, len(event["actors"]))]
            best = max(scored, key=lambda s: (s[2] / max(1, s[3]) + s[0] / max(1, s[1]), -s[1]))
            sums = [a + b for a, b in zip(sums, best)]
            if show:
                print(f"  {event['title'][:60]!r}: gold {event['actors']}; best item "
                      f"{drafts[scored.index(best)] if drafts else []}")
    print(f"digest items (cut at title-case lines, {len(counts)} items, actors per item median "
          f"{statistics.median(counts) if counts else 0}): best item per cited event: precision "
          f"{sums[0]}/{sums[1]} = {sums[0] / max(1, sums[1]):.2f}, recall {sums[2]}/{sums[3]} = {sums[2] / max(1, sums[3]):.2f}")


def gold_articles(path: Path):
    from pipeline.evaluate import gold_article

    return [gold_article(json.loads(line)) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def main() -> None:
    from pipeline.draft import build_draft
    from pipeline.extract import load_nlp
    from pipeline.resolve import ActorIndex
    from pipeline.store import load_registry

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=REPO.parent / "shared")
    parser.add_argument("--registry", type=Path, nargs="+", default=[REPO / "models" / "actors.yaml"])
    parser.add_argument("--show", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        settings = _settings(Path(tmp), args.registry)
    nlp = load_nlp(settings.extract)
    index = ActorIndex.build([a for path in args.registry for a in load_registry(path)])
    version = "bench"

    ours, mentioned, gold = seeds(args.shared, args.registry, nlp, index)
    m, n, g, total = score(ours, gold)
    print(f"seeds: {n} actors; precision {m}/{n} = {m / n:.2f}, recall {g}/{total} = {g / total:.2f}")
    print(f"  actors:    {ours}")
    print(f"  mentioned: {len(mentioned)} {mentioned[:20]}")
    print(f"  record:    {gold}")

    articles, golds = digest_articles(args.shared, settings)
    sums = [0, 0, 0, 0]
    counts = []
    for analysis, gold in zip(analyses_of(articles, settings, nlp, index), golds):
        draft = build_draft(analysis, cfg=settings.draft, pipeline_version=version)
        counts.append(len(draft.actors))
        sums = [a + b for a, b in zip(sums, score(draft.actors, gold))]
        wrong = [a for a in draft.actors if not any(same_actor(a, x) for x in gold)]
        missed = [x for x in gold if not any(same_actor(a, x) for a in draft.actors)]
        print(f"  digest {analysis.article.title[:40]!r}: {len(draft.actors)} actors; not in gold e.g. "
              f"{wrong[: args.show]}; gold missed {missed}")
    print(f"digests: actors per draft {sorted(counts)}; precision {sums[0]}/{sums[1]} = {sums[0] / max(1, sums[1]):.2f}, "
          f"recall {sums[2]}/{sums[3]} = {sums[2] / max(1, sums[3]):.2f}")
    best_items(analyses_of(articles, settings, nlp, index), args.shared, settings.draft.max_actors, args.show)

    for name in ("who-when-train.jsonl", "quotes-dev.jsonl"):
        rows = [json.loads(line) for line in (args.shared / "gold" / name).read_text(encoding="utf-8").splitlines()]
        analyses = analyses_of(gold_articles(args.shared / "gold" / name), settings, nlp, index)
        drafts = [build_draft(a, cfg=settings.draft, pipeline_version=version) for a in analyses]
        counts = [len(d.actors) for d in drafts]
        print(f"{name}: {len(drafts)} drafts; actors per draft median {statistics.median(counts)}, "
              f"mean {statistics.mean(counts):.1f}, max {max(counts)}")
        named = [(d, who) for d, row in zip(drafts, rows) for who in _named_who(row)]
        if named:
            hit = sum(any(same_actor(a, who) for a in d.actors) for d, who in named)
            print(f"  the coders' named 'who' among the draft's actors: {hit}/{len(named)} = {hit / len(named):.2f}")
        for draft in drafts[: args.show]:
            print(f"  {draft.title[:60]!r}: {draft.actors}")


if __name__ == "__main__":
    main()
