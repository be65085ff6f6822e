"""Digests split into items (pipeline/digest.py) on ../shared/gold/digests.jsonl: items found per
page, their length, the time taken, and whether the timeline events that cite each page fall into
distinct items. Prints figures; asserts nothing.

    python bench/digests.py [--gold ../shared/gold/digests.jsonl] [--show]

Each page is cleaned as the pipeline cleans it (pipeline/clean.py, which records the items). An
event is placed in the item most like it (BM25 over the page's items; the event's title and
actors as the query); --show prints each event beside the headline of its item, for reading.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import statistics
import sys
import time
from datetime import datetime, timezone
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

import bm25s  # noqa: E402

from pipeline.clean import clean_document  # noqa: E402
from pipeline.records import Article, RawDocument  # noqa: E402
from pipeline.settings import CleanSettings  # noqa: E402
from pipeline.event_search import tokens  # noqa: E402


def cleaned(record: dict) -> tuple[Article, float]:
    data = record["html"].encode("utf-8")
    raw = RawDocument(sha256=hashlib.sha256(data).hexdigest(), source=record["url"], source_kind="url",
                      url=record["url"], fetched_at=datetime.now(timezone.utc), content_type="text/html",
                      path="bench", size=len(data))
    start = time.perf_counter()
    article = clean_document(raw, data, cfg=CleanSettings())
    return article, time.perf_counter() - start


def placement(event: dict, texts: list[str]) -> tuple[int, float]:
    """The item most like the event (BM25 over the page's items, the event's title and actors as
    the query) and its score; (-1, 0) when no item shares a word with it."""
    if not texts:
        return -1, 0.0
    index = bm25s.BM25()
    index.index(tokens(texts), show_progress=False)
    ids = index.get_tokens_ids(tokens([" ".join([event["title"], *(event.get("actors") or [])])])[0])
    if not ids:
        return -1, 0.0
    scores = index.get_scores_from_ids(ids)
    best = int(scores.argmax())
    return (best, float(scores[best])) if scores[best] > 0 else (-1, 0.0)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gold", default=str(REPO.parent / "shared" / "gold" / "digests.jsonl"))
    parser.add_argument("--show", action="store_true")
    args = parser.parse_args()
    records = [json.loads(line) for line in Path(args.gold).read_text(encoding="utf-8").splitlines() if line.strip()]
    cleaned(records[0])  # warm-up: trafilatura's and the language model's first call
    events = distinct_pages = 0
    for record in records:
        article, seconds = cleaned(record)
        texts = [article.text[i.start:i.end] for i in article.items]
        words = [len(t.split()) for t in texts] or [0]
        placed = [placement(e, texts) for e in record["cited_by_events"]]
        distinct = len({p for p, _ in placed}) == len(placed) and all(p >= 0 for p, _ in placed)
        events += len(placed)
        distinct_pages += distinct
        print(f"{record['doc_id']}: {len(article.items)} items ({min(words)}-{max(words)} words, median "
              f"{statistics.median(words):.0f}); cleaned in {1000 * seconds:.0f} ms; {len(placed)} events in "
              f"{len({p for p, _ in placed})} distinct items")
        if args.show:
            for event, (i, score) in zip(record["cited_by_events"], placed):
                headline = article.items[i].headline if i >= 0 else "(none)"
                print(f"    {event['date']} {event['title'][:70]!r}\n        -> item {i} {headline[:70]!r} (BM25 {score:.1f})")
    print(f"{distinct_pages} of {len(records)} pages: each citing event in an item of its own ({events} events)")


if __name__ == "__main__":
    main()
