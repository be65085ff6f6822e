"""Suggest: a draft's tags and importance from the timeline events nearest to it by content.

A timeline's tags are its own vocabulary (lowercase-hyphenated, a few thousand of them); a page's
CMS keywords are not ("trending", "article-123848078", one slug of twenty joined keywords), so
drafts never carry those. With a timeline configured (paths.timeline), the suggestion is read
from the events most like the draft:

    index       BM25 (bm25s) over each timeline event's title, description, actors and tags (the
                tags as words), built once per process and timeline file (`cached_tag_index`)
    query       the draft's title, description, source titles and first QUERY_ACTORS actors
    neighbours  the `suggest.neighbours` best-scoring events; those scoring `suggest.min_score` or
                more and sharing `suggest.min_words` distinct words with the query or more vote (an
                article about a baseball final finds Chicago's police cameras by one word, "Chicago")
    tags        a voter votes for its tags with its score squared (VOTE_POWER); a tag is
                suggested when its votes reach `suggest.min_share` of the votes all the neighbours
                (voters or not) would have: most voted first, at most `suggest.max_tags`
    importance  the median importance of the voters (rounded half up)

The suggestion and its evidence (the neighbours' ids, titles and scores) go into
`provenance.suggested`, and the draft's `tags` and `importance` are set from it: the analyst sees
them on the review page as suggestions, with the neighbours beside them. No timeline, or no
neighbour scoring enough: no tags and no importance rather than wrong ones.
"""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

from .event_search import EventSearch, Neighbour
from .records import EventDraft
from .settings import SuggestSettings
from .timeline import TimelineEvent, TimelineIndex, cached_timeline, content_key

# A draft's actors past the first few are mostly passers-by (the timeline's own events name 4 at
# the median, 7 at the 90th percentile): they would pull in events about someone else.
QUERY_ACTORS = 8
# A neighbour's vote is its score to this power: the close ones count for more than the far ones
# (leave-one-out on the timeline, best settings for each power: F0.5 of the tags 0.471 with the
# plain score, 0.484 squared, 0.481 cubed, 0.471 to the fourth; bench/tag_suggestions.py).
VOTE_POWER = 2


def draft_query(draft: EventDraft) -> str:
    """The words a draft looks for its neighbours with: the draft's own, never its tags."""
    titles = [s.title for s in draft.sources if s.title and s.title != draft.title]
    return " ".join([draft.title, draft.description, *titles, *draft.actors[:QUERY_ACTORS]])


class TagIndex(EventSearch):
    """The timeline's events that have tags or an importance, under a BM25 index of their words."""

    @classmethod
    def build(cls, events: Sequence[TimelineEvent]) -> "TagIndex":
        return super().build([e for e in events if e.tags or e.importance is not None])


def suggestion(near: Sequence[Neighbour], *, cfg: SuggestSettings) -> dict | None:
    """Tags and importance voted by the neighbours (see the module docstring), with the evidence;
    None when none of them may vote. A neighbour below `min_score` or `min_words` votes for no tag
    but still counts in the total: one close event among nine far ones is no consensus."""
    voters = [n for n in near if n.score >= cfg.min_score and n.shared >= cfg.min_words]
    if not voters:
        return None
    votes: dict[str, float] = {}
    for n in voters:
        for tag in dict.fromkeys(n.event.tags):
            votes[tag] = votes.get(tag, 0.0) + n.score**VOTE_POWER
    total = sum(n.score**VOTE_POWER for n in near)
    ranked = sorted(votes, key=lambda t: -votes[t])  # stable: the best neighbour's tags first on ties
    tags = [t for t in ranked if votes[t] >= cfg.min_share * total][: cfg.max_tags]
    ranks = [n.event.importance for n in voters if n.event.importance is not None]
    return {
        "tags": tags,
        "importance": int(statistics.median(ranks) + 0.5) if ranks else None,
        "neighbours": [{"id": n.event.id, "title": n.event.title, "score": round(n.score, 2)} for n in voters],
    }


def suggest_for_draft(draft: EventDraft, index: TagIndex, *, cfg: SuggestSettings) -> EventDraft:
    """The draft with tags and importance suggested by its nearest timeline events, and the
    suggestion with its evidence in `provenance.suggested`; unchanged when nothing is near."""
    found = suggestion(index.nearest(draft_query(draft), k=cfg.neighbours), cfg=cfg)
    if found is None:
        return draft
    return draft.model_copy(update={
        "tags": found["tags"],
        "importance": found["importance"],
        "provenance": draft.provenance.model_copy(update={"suggested": found}),
    })


@lru_cache(maxsize=2)
def _cached(path: Path, key: str) -> TagIndex:
    return TagIndex.build(cached_timeline(path).events)


def cached_tag_index(path: Path) -> TagIndex:
    """The tag index of a timeline, built once per process while its content is the same
    (timeline.content_key)."""
    return _cached(path, content_key(path))


def tag_index(timeline: TimelineIndex) -> TagIndex:
    """The tag index of an already loaded timeline (not cached)."""
    return TagIndex.build(timeline.events)
