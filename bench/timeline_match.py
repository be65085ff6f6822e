"""Matching drafts against a timeline of 10,000+ events, and suggesting their tags from it: load
and index time, time per draft. Prints figures; asserts nothing.

    python bench/timeline_match.py [--timeline ../shared/timeline/events.jsonl] [--copies 4] [--drafts 1000]

The timeline's events are repeated `copies` times, each copy moved on by whole years (so the
dates spread as a longer timeline's would), into a temporary JSONL file. The drafts are made from
events of the timeline (title as title, first source title as description, its actors), so most
of them should find their event; the figure that matters is the time per draft. The tag index
(pipeline/suggest.py: BM25 over the events' titles, actors and tags) is built over the same events
and queried with the same drafts.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))


def main() -> None:
    from pipeline.records import EventDraft, Provenance, Source
    from pipeline.settings import SuggestSettings, TimelineSettings
    from pipeline.suggest import suggest_for_draft, tag_index
    from pipeline.timeline import load_timeline, match_draft

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--timeline", default=str(REPO.parent / "shared" / "timeline" / "events.jsonl"))
    parser.add_argument("--copies", type=int, default=4)
    parser.add_argument("--drafts", type=int, default=1000)
    args = parser.parse_args()
    events = [json.loads(line) for line in Path(args.timeline).read_text(encoding="utf-8").splitlines() if line.strip()]
    events = [e for e in events if str(e.get("date", ""))[:4].isdigit()]
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "timeline.jsonl"
        with path.open("w", encoding="utf-8") as fh:
            for copy in range(args.copies):
                for e in events:
                    year = int(e["date"][:4]) + 40 * copy
                    fh.write(json.dumps(e | {"id": f"{copy}-{e['id']}", "date": f"{year:04d}{e['date'][4:10]}"}) + "\n")
        start = time.perf_counter()
        index = load_timeline(path)
        load_s = time.perf_counter() - start
    rng = random.Random(5)
    sample = rng.sample(events, min(args.drafts, len(events)))
    drafts = [
        EventDraft(id="d", date=e["date"][:10], title=e.get("title") or "", actors=list(e.get("actors") or []),
                   description=((e.get("sources") or [{}])[0] or {}).get("title") or "",
                   sources=[Source(title=e.get("title"))],
                   provenance=Provenance(inputs=["0" * 64], pipeline_version="bench", date_rule="bench"))
        for e in sample
    ]
    cfg = TimelineSettings()
    start = time.perf_counter()
    index.search()  # the BM25 index over every event, for candidates at any date (built at the first match)
    search_s = time.perf_counter() - start
    start = time.perf_counter()
    found = [match_draft(d, index, cfg=cfg) for d in drafts]
    match_s = time.perf_counter() - start
    right = sum(1 for f, e in zip(found, sample) if f and f[0]["id"] == f"0-{e['id']}")
    among = sum(1 for f, e in zip(found, sample) if f"0-{e['id']}" in [m["id"] for m in f])
    start = time.perf_counter()
    tags = tag_index(index)
    build_s = time.perf_counter() - start
    scfg = SuggestSettings()
    start = time.perf_counter()
    suggested = [suggest_for_draft(d, tags, cfg=scfg) for d in drafts]
    suggest_s = time.perf_counter() - start
    print(f"timeline: {len(index):,} events, loaded in {load_s:.2f} s")
    print(f"search index (BM25, all {len(index):,} events) built in {search_s:.2f} s")
    print(f"{len(drafts):,} drafts matched in {match_s:.2f} s: {1000 * match_s / len(drafts):.2f} ms per draft; "
          f"{right / len(drafts):.3f} found their own event first, {among / len(drafts):.3f} among the matches")
    print(f"tag index: {len(tags):,} events indexed in {build_s:.2f} s; {len(drafts):,} drafts given suggestions in "
          f"{suggest_s:.2f} s: {1000 * suggest_s / len(drafts):.2f} ms per draft; "
          f"{sum(1 for d in suggested if d.tags) / len(drafts):.3f} got tags (their own event is indexed)")


if __name__ == "__main__":
    main()
