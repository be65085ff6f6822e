"""How good are the suggested tags and importance? Leave-one-out on a timeline. Prints figures;
asserts nothing.

    python bench/tag_suggestions.py [--timeline ../shared/timeline/events.jsonl] [--tune]

Each event of the timeline that has tags is a query by its content only (its title and actors,
as a draft has them; never its tags), against all the other events (itself left out); its own
tags and importance are the answer. Figures: micro precision and recall of the suggested tags,
the share of events with a suggestion, and the mean absolute error of the importance, beside two
baselines that need no neighbours (the timeline's most common tags; its median importance).

Off the timeline's topics: the news articles of ../shared/gold/who-when-train.jsonl whose events
have nothing to do with the timeline (a baseball final, a Formula One race, a chocolate bar's new
shape, a tram crash, a boy in a well, an attack on a consulate: OFF_TOPIC, labelled by hand from
the set's category names), queried by title and opening words: the share of them that get tags
is the rate of tags where there should be none.

--tune searches the settings on the events at even positions (the best by F0.5: a wrong tag costs
an analyst more than a missing one, among those that tag at most MAX_OFF_TOPIC of the off-topic
articles) and reports them on the odd ones (the figures printed without
--tune use the settings' defaults on all events).
"""

from __future__ import annotations

import argparse
import itertools
import json
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from pipeline.settings import SuggestSettings  # noqa: E402
from pipeline.suggest import Neighbour, TagIndex, suggestion  # noqa: E402
from pipeline.timeline import TimelineEvent, load_timeline  # noqa: E402


OFF_TOPIC = frozenset({"cubs win championship", "f1", "toberone-gate", "tram", "tram victims", "china well",
                       "consulate attack"})
OPENING_WORDS = 80  # about a draft's description and title
MAX_OFF_TOPIC = 0.10


def off_topic_queries(gold: Path) -> list[str]:
    if not gold.is_file():
        return []
    articles = [json.loads(line) for line in gold.read_text(encoding="utf-8").splitlines() if line.strip()]
    return [" ".join([a.get("title") or "", *(a.get("text") or "").split()[:OPENING_WORDS]])
            for a in articles if a.get("category") in OFF_TOPIC]


def off_topic_rate(near: list[list[Neighbour]], cfg: SuggestSettings) -> float:
    """The share of off-topic queries (their neighbours) that get at least one tag."""
    tagged = 0
    for found in near:
        result = suggestion(found[: cfg.neighbours], cfg=cfg)
        tagged += bool(result and result["tags"])
    return tagged / len(near) if near else float("nan")


def query_of(event: TimelineEvent) -> str:
    """What a draft of this event would look for its neighbours with: title and actors."""
    return " ".join([event.title, *event.actor_names])


def neighbours_of(index: TagIndex, positions: list[int], k: int) -> dict[int, list[Neighbour]]:
    """Each event's k best others (the settings' neighbours are the first of them)."""
    return {i: index.nearest(query_of(index.events[i]), k=k, exclude=i) for i in positions}


def score(index: TagIndex, near: dict[int, list[tuple[int, float]]], cfg: SuggestSettings) -> dict[str, float]:
    right = suggested = wanted = answered = 0
    errors: list[int] = []
    for i, found in near.items():
        event = index.events[i]
        result = suggestion(found[: cfg.neighbours], cfg=cfg)
        wanted += len(event.tags)
        if result is None:
            continue
        answered += 1
        right += len(set(result["tags"]) & set(event.tags))
        suggested += len(result["tags"])
        if result["importance"] is not None and event.importance is not None:
            errors.append(abs(result["importance"] - event.importance))
    precision = right / suggested if suggested else 0.0
    recall = right / wanted if wanted else 0.0
    return {"precision": precision, "recall": recall, "f1": 2 * precision * recall / (precision + recall or 1),
            "f0.5": 1.25 * precision * recall / (0.25 * precision + recall or 1),
            "answered": answered / len(near), "importance_mae": statistics.mean(errors) if errors else float("nan"),
            "tags_per_event": suggested / max(answered, 1)}


def baselines(index: TagIndex, train: list[int], test: list[int], max_tags: int) -> dict[str, float]:
    common = [t for t, _ in Counter(t for i in train for t in index.events[i].tags).most_common(max_tags)]
    median = statistics.median(index.events[i].importance for i in train if index.events[i].importance is not None)
    right = sum(len(set(common) & set(index.events[i].tags)) for i in test)
    wanted = sum(len(index.events[i].tags) for i in test)
    errors = [abs(round(median) - index.events[i].importance) for i in test if index.events[i].importance is not None]
    return {"common_tags": common, "precision": right / (max_tags * len(test)), "recall": right / wanted,
            "median_importance": median, "importance_mae": statistics.mean(errors)}


def show(name: str, figures: dict[str, float]) -> None:
    print(f"{name}: " + ", ".join(f"{k} {v:.3f}" if isinstance(v, float) else f"{k} {v}" for k, v in figures.items()))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--timeline", default=str(REPO.parent / "shared" / "timeline" / "events.jsonl"))
    parser.add_argument("--gold", default=str(REPO.parent / "shared" / "gold" / "who-when-train.jsonl"))
    parser.add_argument("--tune", action="store_true")
    args = parser.parse_args()
    start = time.perf_counter()
    index = TagIndex.build(load_timeline(Path(args.timeline)).events)
    print(f"{len(index):,} events indexed in {time.perf_counter() - start:.2f} s")
    tagged = [i for i, e in enumerate(index.events) if e.tags]
    defaults = SuggestSettings()
    off_topic = [index.nearest(text, k=40) for text in off_topic_queries(Path(args.gold))]
    if not args.tune:
        start = time.perf_counter()
        near = neighbours_of(index, tagged, defaults.neighbours)
        print(f"{len(tagged):,} queries in {time.perf_counter() - start:.2f} s")
        show(f"leave-one-out, defaults ({defaults}), all events", score(index, near, defaults))
        show("the events at odd positions (not tuned on)", score(index, {i: near[i] for i in tagged[1::2]}, defaults))
        print(f"off-topic articles given tags: {off_topic_rate(off_topic, defaults):.3f} of {len(off_topic)}")
        show("baseline", baselines(index, tagged, tagged, defaults.max_tags))
        return
    train, test = tagged[0::2], tagged[1::2]
    near_train = neighbours_of(index, train, 40)
    grid = itertools.product((5, 10, 20, 40), (0.0, 5.0, 10.0), (1, 2, 3, 4), (0.2, 0.3, 0.4, 0.5), (3, 5))
    results = []
    for k, min_score, min_words, share, max_tags in grid:
        cfg = SuggestSettings(neighbours=k, min_score=min_score, min_words=min_words, min_share=share, max_tags=max_tags)
        results.append((score(index, near_train, cfg) | {"off_topic": off_topic_rate(off_topic, cfg)}, cfg))
    # the best F0.5 among the settings that tag at most MAX_OFF_TOPIC of the off-topic articles
    results.sort(key=lambda r: (r[0]["off_topic"] > MAX_OFF_TOPIC, -r[0]["f0.5"]))
    for figures, cfg in results[:12]:
        show(f"train {cfg.neighbours} {cfg.min_score} {cfg.min_words} {cfg.min_share} {cfg.max_tags}", figures)
    best = results[0][1]
    show(f"test, best on train ({best})", score(index, neighbours_of(index, test, best.neighbours), best))
    show("test baseline", baselines(index, train, test, best.max_tags))


if __name__ == "__main__":
    main()
