"""The lead of an article and the date of what it reports, and the date of an event of several
articles. Pure; the draft (its description and date) and clustering (an article's own date) both
rest on these rules.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date, timedelta

from .boilerplate import split_dateline_prefix
from .records import Analysis, DateMention
from .settings import DraftSettings

# A date in the lead counts as the event's date when it is at most this far before publication.
LEAD_DATE_WINDOW = timedelta(days=31)
_EPIGRAPH_DASH = re.compile(r"^\s*[—―–-]")
_QUOTE_START = ("“", '"', "«", "‘")


def lead_sentences(analysis: Analysis, *, cfg: DraftSettings) -> list[int]:
    """Indexes of the lead's sentences: the first 1-3 of the body, an epigraph skipped."""
    text = analysis.article.text
    skip_until = 0
    first_para_end = text.find("\n")
    if text.startswith(_QUOTE_START) and first_para_end != -1:
        next_end = text.find("\n", first_para_end + 1)
        next_para = text[first_para_end + 1 : next_end if next_end != -1 else len(text)]
        if _EPIGRAPH_DASH.match(next_para):
            skip_until = next_end if next_end != -1 else len(text)
    chosen: list[int] = []
    words = 0
    for i, (start, end) in enumerate(analysis.sentences):
        if start < skip_until:
            continue
        sentence = sentence_text(analysis, i)
        count = len(sentence.split())
        if count < 4:
            continue
        if chosen and (words + count > cfg.max_lead_words or len(chosen) >= cfg.max_lead_sentences):
            break
        if chosen and text.count("\n", analysis.sentences[chosen[0]][0], start) > 0 and words >= 25:
            break  # the lead is the first paragraph when it is long enough
        chosen.append(i)
        words += count
    return chosen


def sentence_text(analysis: Analysis, index: int) -> str:
    start, end = analysis.sentences[index]
    sentence = analysis.article.text[start:end].strip()
    return split_dateline_prefix(sentence)[1]


def choose_event_date(analysis: Analysis, lead: list[int]) -> tuple[date, str, dict | None]:
    """The event's date, by a stated rule, with its evidence.

    1. lead-date: the first day-precise date in the main clauses of the lead sentences that falls
       on or up to 31 days before the publication date (what the lead says happened, "on
       Tuesday"); dates in background clauses ("Trump, who won on Wednesday, met Obama on
       Thursday") are passed over.
    2. published: the publication date.
    3. collected: the day the input was collected, when the article carries no date at all.
    """
    article = analysis.article
    published = article.published
    if published is not None:
        for mention in _dates_in(analysis.dates, set(lead)):
            found = date.fromisoformat(mention.iso)  # type: ignore[arg-type]
            if published - LEAD_DATE_WINDOW <= found <= published:
                return found, "lead-date: first dated main action in the lead sentences", {
                    "text": mention.text, "start": mention.start, "end": mention.end,
                    "iso": mention.iso, "anchor": published.isoformat(),
                }
        return published, "published: no dated action in the lead; the publication date", {
            "published": published.isoformat(), "method": article.published_method,
        }
    collected = (article.fetched_at.date() if article.fetched_at else date(1970, 1, 1))
    return collected, "collected: no publication date found in the input; check the date", None


def _dates_in(dates: list[DateMention], sentences: set[int]) -> list[DateMention]:
    return [
        d for d in dates
        if d.sentence in sentences and d.iso and d.granularity == "day" and d.clause == "main"
    ]


PRECISION_ORDER = ("day", "month", "year")


def consensus_date(own: Sequence[tuple[date, str, dict | None]], precisions: Sequence[str] = ()
                   ) -> tuple[date, str, dict | None, int]:
    """The event's date from its sources' own dates, and the source it rests on.

    One source: its own rule. Several: the date most sources give (a lead date or a publication
    date each count once; ties go to the earliest); a source with only a collection day counts
    only when no source is dated, and only the sources that date it most precisely vote (a day
    over a month over a year: `precisions`, one per source, "day" when not given). Conflicting
    dates stay listed in provenance.source_dates.
    """
    if len(own) == 1:
        return own[0][0], own[0][1], own[0][2], 0
    dated = [i for i, (_, rule, _) in enumerate(own) if not rule.startswith("collected")]
    if precisions and dated:
        finest = min((precisions[i] for i in dated), key=PRECISION_ORDER.index)
        dated = [i for i in dated if precisions[i] == finest]
    pool = dated or list(range(len(own)))
    votes: dict[date, int] = {}
    for i in pool:
        votes[own[i][0]] = votes.get(own[i][0], 0) + 1
    chosen = min(votes, key=lambda d: (-votes[d], d))
    primary = min((i for i in pool if own[i][0] == chosen), key=lambda i: (not own[i][1].startswith("lead"), i))
    _, rule, evidence = own[primary]
    others = sorted({d.isoformat() for d, _, _ in (own[i] for i in pool) if d != chosen})
    summary = (f"event-consensus: {votes[chosen]} of {len(pool)} dated sources give this date"
               + (f" (others: {', '.join(others)})" if others else "") + f"; source {primary}: {rule}")
    return chosen, summary, evidence, primary
