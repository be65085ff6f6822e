"""The events of one article, as the units that are clustered, dated, titled and drafted.

An article is evidence, not an event: it yields its main event (what its lead reports) and the
dated past events it narrates (extract found them: `Analysis.events`), at most
`draft.max_background` of those. A digest or live page (clean found its items: `Article.items`)
yields one event per item instead, as an article of its own would. Each has a key, which is what
the ledger records as an event's member: the input's sha256 for the main event,
`<sha256>#s<sentence>` for a background one, `<sha256>#i<item>` for a digest's item.

    main         the lead's sentences; dated by the lead's rule (lead.choose_event_date); titled
                 by who did what in the lead's first sentence that names its subject
                 (`Analysis.gists`), else by the headline without its site suffix
    retrospective  a lead that reports no event of its publication day, but opens on a dated past
                 event ("In 1991, ... bought ..."): the main event is that event, with its date at
                 its precision, never the publication day
    background   one sentence, its date at its precision (the timeline's convention: a year is
                 YYYY-01-01, a month YYYY-MM-01), titled by its clause
    item         an item's sentences, dated by the lead's rule on them (a date of its own within
                 the month before the page's, else the page's date), titled by who did what in
                 its first sentences, else by its headline; its links are candidate sources
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date

from .lead import choose_event_date, lead_sentences
from .records import Analysis, EventMention, Precision
from .settings import DraftSettings

KEY_SEPARATOR = "#"
BACKGROUND_MARK, ITEM_MARK = "s", "i"
ITEM_TITLE_SENTENCES = 3  # an item's title: who did what in one of its first sentences
# What outlets add to a headline: " | The Harbor Ledger", " - Reuters", a trailing ellipsis.
_SITE_SUFFIX = re.compile(r"\s+[|–—-]\s+[^|–—-]{2,60}$")


@dataclass(frozen=True)
class ArticleEvent:
    """One event of an article: what a draft's source is."""

    key: str
    analysis: Analysis
    kind: str  # "main" | "background" | "item"
    sentences: tuple[int, ...]
    date: date
    precision: Precision
    rule: str
    evidence: dict | None
    title: str
    title_sentence: int | None = None  # where the title's who-did-what is read (None: the headline)
    clause: tuple[int, int] | None = None  # a past event's clause (character offsets): its actors are named there
    aside: tuple[tuple[int, int], ...] = ()  # relative clauses in it that describe a name: not the event's actors

    @property
    def dated(self) -> bool:
        """Dated by the article itself (not only by the day it was collected)."""
        return not self.rule.startswith("collected")


def in_event(event: ArticleEvent) -> Callable[[int], bool]:
    """Which offsets of its article an event's evidence comes from: all of them for the main event
    (the article reports it), its own sentences for a background one or an item."""
    if event.kind == "main":
        return lambda offset: True
    spans = [event.analysis.sentences[i] for i in event.sentences]
    return lambda offset: any(start <= offset < end for start, end in spans)


def actors_named(event: ArticleEvent, ranking: Sequence[str]) -> list[str]:
    """`ranking` (the article's actors, most salient first) kept to those the event names: all of
    them for the main event, those named in its sentences for another."""
    if event.kind == "main":
        return list(ranking)
    inside, analysis = in_event(event), event.analysis
    named = {m.actor for m in analysis.actors if inside(m.start)}
    named |= {c.name for c in analysis.candidates if any(inside(s) for s, _ in c.mentions)}
    return [name for name in ranking if name in named]


def input_of(key: str) -> str:
    """The input (raw sha256) an event key belongs to."""
    return key.split(KEY_SEPARATOR, 1)[0]


def background_key(sha256: str, sentence: int) -> str:
    return f"{sha256}{KEY_SEPARATOR}{BACKGROUND_MARK}{sentence}"


def article_events(analysis: Analysis, *, cfg: DraftSettings) -> list[ArticleEvent]:
    """The article's main event, then its background events, most salient first; a digest's items."""
    if analysis.article.items:
        return [e for n in range(len(analysis.article.items)) if (e := item_event(analysis, n)) is not None]
    main = main_event(analysis, cfg=cfg)
    taken = {main.title_sentence} if main.rule.startswith("lead-past-date") else set()  # the past event it is
    backgrounds = [m for m in analysis.events if m.sentence not in taken][: cfg.max_background]
    return [main, *(background_event(analysis, m) for m in backgrounds)]


def main_event(analysis: Analysis, *, cfg: DraftSettings) -> ArticleEvent:
    """What the lead reports (see the module's docstring)."""
    article = analysis.article
    lead = lead_sentences(analysis, cfg=cfg)
    when, rule, evidence = choose_event_date(analysis, lead)
    if not rule.startswith("lead-date") and lead:
        opening = next((m for m in analysis.events if m.sentence == lead[0]), None)
        if opening is not None:  # a retrospective lead: its main event is the past one it opens on
            event = background_event(analysis, opening)
            return ArticleEvent(key=article.raw_sha256, analysis=analysis, kind="main", sentences=tuple(lead),
                                date=event.date, precision=event.precision, rule=f"lead-past-date: {opening.date_text}",
                                evidence=event.evidence, title=event.title, title_sentence=opening.sentence)
    read = next((i for i in lead if i in analysis.gists), None)
    title = analysis.gists[read] if read is not None else headline(article.title)
    return ArticleEvent(key=article.raw_sha256, analysis=analysis, kind="main", sentences=tuple(lead), date=when,
                        precision="day", rule=rule, evidence=evidence, title=title, title_sentence=read)


def background_event(analysis: Analysis, mention: EventMention) -> ArticleEvent:
    start, end = mention.date_span
    return ArticleEvent(
        key=background_key(analysis.article.raw_sha256, mention.sentence), analysis=analysis, kind="background",
        sentences=(mention.sentence,), date=date.fromisoformat(mention.date), precision=mention.precision,
        rule=f"background: a dated past event the article narrates ({mention.precision})",
        evidence={"text": mention.date_text, "start": start, "end": end, "iso": mention.date}, title=mention.title,
        title_sentence=mention.sentence, clause=mention.clause, aside=tuple(mention.aside))


def item_event(analysis: Analysis, n: int) -> ArticleEvent | None:
    """The event of a digest's item `n` (None when no sentence of the article lies in it)."""
    item = analysis.article.items[n]
    inside = tuple(i for i, (start, end) in enumerate(analysis.sentences) if item.start <= start < item.end)
    if not inside:
        return None
    when, rule, evidence = choose_event_date(analysis, list(inside))
    read = next((i for i in inside[:ITEM_TITLE_SENTENCES] if i in analysis.gists), None)
    title = analysis.gists[read] if read is not None else headline(item.headline)
    return ArticleEvent(key=f"{analysis.article.raw_sha256}{KEY_SEPARATOR}{ITEM_MARK}{n}", analysis=analysis,
                        kind="item", sentences=inside, date=when, precision="day", rule=rule, evidence=evidence,
                        title=title, title_sentence=read)


def event_by_key(analysis: Analysis, key: str, *, cfg: DraftSettings) -> ArticleEvent | None:
    """The event `key` names in this analysis (None when the analysis no longer has it)."""
    if KEY_SEPARATOR not in key:
        return main_event(analysis, cfg=cfg)
    mark, number = key.split(KEY_SEPARATOR, 1)[1][:1], int(key.split(KEY_SEPARATOR, 1)[1][1:])
    if mark == ITEM_MARK:
        return item_event(analysis, number) if number < len(analysis.article.items) else None
    mention = next((m for m in analysis.events if m.sentence == number), None)
    return background_event(analysis, mention) if mention is not None else None


def headline(title: str) -> str:
    """A headline as a title: no site suffix ("... | The Harbor Ledger"), no trailing ellipsis."""
    text = " ".join(title.split()).rstrip("…").rstrip(".").strip()
    cut = _SITE_SUFFIX.sub("", text)
    return cut if len(cut.split()) >= 3 else text
