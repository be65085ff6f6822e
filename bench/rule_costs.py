"""What each of issue 16's rules costs, against spaCy's parse of the same texts. Prints figures;
asserts nothing.

    python bench/rule_costs.py [--shared ../shared] [--repeat 3]

Inputs, read in place from ../shared (never copied): the gold articles of quotes-dev and
who-when-train (text and publication date). The texts are parsed once (`nlp.pipe`, batch 8: the
reference time), then each rule is timed on its own over all of them, best of `--repeat` runs:
  extract          entities, dates, quotes and the background events of a parsed Doc (analyse_doc)
    of which events  the dated past events and the gists (event_mentions.narrated) alone
  resolve          actors and new-actor candidates (resolve_analysis, the shipped registry)
  article events   an article's main, background and item events (article_events)
  drafts           one EventDraft per article event (build_event_draft), of which
    central actors   pipeline/actors.py (central_actors + event_actors)
    descriptions     pipeline/describe.py
  suggestions      tags and importance from the timeline (BM25; index built once, not timed)
  timeline match   each draft against the timeline (index loaded once, not timed)
Each is given in milliseconds an article and as a share of the parse.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from pipeline.actors import central_actors, event_actors  # noqa: E402
from pipeline.article_events import article_events  # noqa: E402
from pipeline.describe import describe, describe_lead  # noqa: E402
from pipeline.doc_arrays import sentence_starts  # noqa: E402
from pipeline.draft import build_event_draft  # noqa: E402
from pipeline.event_mentions import narrated  # noqa: E402
from pipeline.extract import BACKGROUND_KEPT, analyse_doc, load_nlp  # noqa: E402
from pipeline.records import Article  # noqa: E402
from pipeline.resolve import ActorIndex, resolve_analysis  # noqa: E402
from pipeline.settings import DraftSettings, ExtractSettings, ResolveSettings, SuggestSettings, TimelineSettings  # noqa: E402
from pipeline.store import load_registries  # noqa: E402
from pipeline.suggest import suggest_for_draft, tag_index  # noqa: E402
from pipeline.timeline import load_timeline, match_draft  # noqa: E402


def articles(shared: Path) -> list[Article]:
    """The gold articles as Articles (text and publication date; no cleaning: not timed here)."""
    found = []
    for name in ("quotes-dev.jsonl", "who-when-train.jsonl"):
        for n, line in enumerate((shared / "gold" / name).read_text(encoding="utf-8").splitlines()):
            record = json.loads(line)
            text = record.get("text") or ""
            when = record.get("publication_date") or record.get("date_publish") or ""
            if len(text.split()) < 40:
                continue
            found.append(Article(raw_sha256=f"{len(found):064x}", title=record.get("title") or text[:80],
                                 title_method="test", text=text, url=f"https://gold.example/{name}/{n}",
                                 published=date.fromisoformat(when[:10]) if when[:10] else None))
    return found


def best_of(repeat: int, run: Callable[[], object]) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--shared", type=Path, default=REPO.parent / "shared")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    found = articles(args.shared)
    nlp = load_nlp(ExtractSettings())
    index = ActorIndex.build(load_registries([REPO / "models" / "actors.yaml"]))
    timeline = load_timeline(args.shared / "timeline" / "events.jsonl")
    tags = tag_index(timeline)
    draft_cfg, extract_cfg = DraftSettings(), ExtractSettings()
    texts = [a.text for a in found]
    words = sum(len(t.split()) for t in texts)

    start = time.perf_counter()
    docs = list(nlp.pipe(texts, batch_size=8))
    parse = time.perf_counter() - start
    analyses = [analyse_doc(doc, a, cfg=extract_cfg) for doc, a in zip(docs, found)]
    resolved = [resolve_analysis(a, index=index, cfg=ResolveSettings()) for a in analyses]
    events = [e for a in resolved for e in article_events(a, cfg=draft_cfg)]
    drafts = [build_event_draft([e], cfg=draft_cfg, pipeline_version="bench") for e in events]

    def narrate() -> None:
        for doc, a in zip(docs, analyses):
            narrated(doc, a.dates, sentence_starts(doc), published=a.article.published, max_background=BACKGROUND_KEPT)

    def actors() -> None:
        for e in events:
            context = range(len(e.analysis.sentences)) if e.kind == "main" else ()
            one = central_actors(e.analysis, e.sentences, title=e.title, max_actors=draft_cfg.max_actors,
                                 context=context)
            event_actors([(e.analysis, one)], max_actors=draft_cfg.max_actors)

    def descriptions() -> None:
        for e in events:
            if e.kind == "main":
                describe_lead(e.analysis, list(e.sentences), cfg=draft_cfg)
            else:
                describe(e.analysis, e.sentences)

    rows = [
        ("extract (entities, dates, quotes, events)", lambda: [analyse_doc(d, a, cfg=extract_cfg) for d, a in zip(docs, found)]),
        ("  of which events (event_mentions)", narrate),
        ("resolve (actors, candidates)", lambda: [resolve_analysis(a, index=index, cfg=ResolveSettings()) for a in analyses]),
        ("article events", lambda: [article_events(a, cfg=draft_cfg) for a in resolved]),
        ("drafts (build_event_draft)", lambda: [build_event_draft([e], cfg=draft_cfg, pipeline_version="b") for e in events]),
        ("  of which central actors", actors),
        ("  of which descriptions", descriptions),
        ("suggestions (tags, importance)", lambda: [suggest_for_draft(d, tags, cfg=SuggestSettings()) for d in drafts]),
        ("timeline match", lambda: [match_draft(d, timeline, cfg=TimelineSettings()) for d in drafts]),
    ]
    print(f"{len(found)} gold articles, {words:,} words, {len(events)} article events "
          f"({sum(e.kind == 'background' for e in events)} background); spaCy parse {parse:.2f} s "
          f"({1000 * parse / len(found):.1f} ms an article)")
    print(f"{'rule':45} {'ms/article':>10} {'of parse':>9}")
    for name, run in rows:
        spent = best_of(args.repeat, run)
        print(f"{name:45} {1000 * spent / len(found):10.2f} {spent / parse:9.1%}")


if __name__ == "__main__":
    main()
