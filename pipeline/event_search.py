"""Search a timeline's events by their words: BM25 (bm25s) over each event's title, description,
actors and tags. Tag suggestions (pipeline/suggest.py) read the nearest events' tags; matching
(pipeline/timeline.py) takes the nearest events as candidates whatever their dates.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import NamedTuple, Protocol

import bm25s
import numpy as np


class TimelineEvent(Protocol):
    """What a search reads of an event (pipeline/timeline.TimelineEvent has it)."""

    title: str
    description: str
    actor_names: tuple[str, ...]
    tags: tuple[str, ...]


def event_document(event: TimelineEvent) -> str:
    """The words an event is found by: its title, description, actors and tags (as words)."""
    return " ".join([event.title, event.description, *event.actor_names, *(t.replace("-", " ") for t in event.tags)])


def tokens(texts: list[str]) -> list[list[str]]:
    """Lower-case words of two letters or more, English stop words left out (bm25s's tokenizer)."""
    return bm25s.tokenize(texts, stopwords="en", return_ids=False, show_progress=False)


class Neighbour(NamedTuple):
    """A timeline event near a query: its BM25 score and the distinct words it shares with it."""

    event: TimelineEvent
    score: float
    shared: int


@dataclass(frozen=True)
class EventSearch:
    """Timeline events under a BM25 index of their words."""

    events: Sequence[TimelineEvent]
    words: Sequence[frozenset[str]]
    retriever: bm25s.BM25 | None

    @classmethod
    def build(cls, events: Sequence[TimelineEvent]) -> "EventSearch":
        if not events:
            return cls(events=[], words=[], retriever=None)
        words = tokens([event_document(e) for e in events])
        retriever = bm25s.BM25()
        retriever.index(words, show_progress=False)
        return cls(events=list(events), words=[frozenset(w) for w in words], retriever=retriever)

    def nearest(self, text: str, *, k: int, exclude: int | None = None) -> list[Neighbour]:
        """The `k` best-scoring events for `text` (a score above 0), best first; `exclude` leaves
        the event at that position out (leave-one-out measures)."""
        if self.retriever is None or k < 1:
            return []
        words = set(tokens([text])[0])
        ids = self.retriever.get_tokens_ids(sorted(words))
        if not ids:
            return []
        scores = self.retriever.get_scores_from_ids(ids)
        if exclude is not None and 0 <= exclude < len(scores):
            scores[exclude] = 0.0
        k = min(k, len(scores))
        top = sorted(np.argpartition(-scores, k - 1)[:k].tolist(), key=lambda i: (-scores[i], i))
        return [Neighbour(self.events[i], float(scores[i]), len(words & self.words[i])) for i in top if scores[i] > 0]

    def __len__(self) -> int:
        return len(self.events)
