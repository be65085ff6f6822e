"""Draft: the analyses of an event's sources -> EventDraft, with the evidence for every field. Pure.

The lead and the dates come from pipeline/lead.py, the description from pipeline/describe.py, the
actors (central ones, and the others mentioned) from pipeline/actors.py; the file an EventDraft is
written as (and read back from) is pipeline/draft_file.py. A draft has no tags of its own: a
page's CMS keywords are not the timeline's vocabulary (they stay on the Article); tags and
importance are suggested from the timeline (pipeline/suggest.py) when one is configured.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from slugify import slugify

from .actors import EventActors, central_actors, event_actors
from .article_events import ArticleEvent, actors_named, headline, in_event, input_of, main_event
from .describe import describe, describe_lead
from .lead import consensus_date
from .records import Analysis, Article, EventDraft, Provenance, Source
from .settings import DraftSettings

SLUG_MAX = 60  # the timeline's ids cut their slug at 60 characters


def build_draft(analysis: Analysis, *, cfg: DraftSettings, pipeline_version: str) -> EventDraft:
    """One candidate event record for an article's main event, with the evidence for each field."""
    return build_event_draft([analysis], cfg=cfg, pipeline_version=pipeline_version)


def build_event_draft(
    sources: Sequence[ArticleEvent | Analysis], *, cfg: DraftSettings, pipeline_version: str,
    event_id: str | None = None, merges: Sequence[dict] = (),
    duplicates: Mapping[str, Sequence[tuple[str, str | None]]] | None = None,
) -> EventDraft:
    """One candidate event record from the article events that report it, with per-source evidence.

    sources: the events (an Analysis stands for its article's main event), in the order they
        joined the event (evidence says `source: i`).
    event_id: the event's stable id; by default `<date>--<slug of the title>`.
    merges: why each source joined (score and reason, from the cluster stage).
    duplicates: source key -> (key, url) of near-identical copies, cited under that source.
    """
    events = [s if isinstance(s, ArticleEvent) else main_event(s, cfg=cfg) for s in sources]
    duplicates = duplicates or {}
    own = [(e.date, e.rule, e.evidence) for e in events]
    event_date, rule, evidence, primary = consensus_date(own, [e.precision for e in events])
    main = events[primary]
    article = main.analysis.article
    tag = (lambda i: {"source": i}) if len(events) > 1 else (lambda i: {})
    scopes = [in_event(e) for e in events]
    actors = _actors(events, cfg=cfg)
    grouped: dict[str, dict[str, Any]] = {}
    for i, (event, inside) in enumerate(zip(events, scopes)):
        for match in event.analysis.actors:
            if not inside(match.start):
                continue
            entry = grouped.setdefault(match.actor, {"actor": match.actor, "type": match.actor_type, "mentions": []})
            entry["mentions"].append({
                "text": match.text, "start": match.start, "end": match.end, "method": match.method,
                "score": match.score, **tag(i),
            })
    candidates: dict[str, dict[str, Any]] = {}
    for i, (event, inside) in enumerate(zip(events, scopes)):
        text = event.analysis.article.text
        for c in event.analysis.candidates:
            spans = [(s, e) for s, e in c.mentions if inside(s)]
            if spans:
                entry = candidates.setdefault(c.name, {"name": c.name, "suggested_type": c.suggested_type,
                                                       "mentions": []})
                entry["mentions"] += [{"text": text[s:e], "start": s, "end": e, **tag(i)} for s, e in spans]
    inputs = []
    for e in events:
        inputs.append(e.analysis.article.raw_sha256)
        inputs += [input_of(key) for key, _ in duplicates.get(e.key, ())]
    kind = next((k for k in ("main", "item", "background") if any(e.kind == k for e in events)), "main")
    return EventDraft(
        id=event_id or f"{event_date.isoformat()}--{_slug(main.title)}",
        date=event_date.isoformat(),
        date_precision=main.precision,
        kind=kind,
        title=main.title,
        description=_description(main, cfg=cfg),
        actors=actors.central,
        sources=[_source(e.analysis, duplicates.get(e.key, ())) for e in events],
        provenance=Provenance(
            inputs=list(dict.fromkeys(inputs)),
            source_inputs=[e.analysis.article.raw_sha256 for e in events],
            source_keys=[e.key for e in events],
            pipeline_version=pipeline_version,
            model=main.analysis.model,
            published_method=article.published_method,
            title_method="event" if main.title != headline(article.title) else article.title_method,
            title_evidence=_title_evidence(main, primary if len(events) > 1 else None),
            date_rule=rule,
            date_evidence=evidence,
            source_dates=[
                {"source": i, "date": e.date.isoformat(), "rule": e.rule.split(":", 1)[0]}
                | ({"precision": e.precision} if e.precision != "day" else {})
                for i, e in enumerate(events)
            ] if len(events) > 1 else [],
            events=[_evidence_of(e) | tag(i) for i, e in enumerate(events) if e.kind != "main"
                    or e.rule.startswith("lead-past-date")],
            merges=list(merges),
            canonical_urls=_canonical_urls([e.analysis for e in events]),
            url_notes=[{"source": i, "note": n} for i, e in enumerate(events) for n in e.analysis.article.url_notes],
            actors=list(grouped.values()),
            quotes=[
                q.model_dump(mode="json", exclude={"spans"}) | {"spans": [list(s) for s in q.spans]} | tag(i)
                for i, (e, inside) in enumerate(zip(events, scopes)) for q in e.analysis.quotes if inside(q.spans[0][0])
            ],
            dates=[
                d.model_dump(mode="json", exclude={"sentence"}) | tag(i)
                for i, (e, inside) in enumerate(zip(events, scopes)) for d in e.analysis.dates if d.iso and inside(d.start)
            ],
            new_actor_candidates=list(candidates.values()),
            mentioned_actors=actors.mentioned,
        ),
    )


def _title_evidence(event: ArticleEvent, source: int | None) -> dict | None:
    """The sentence a title's who-did-what was read from (None: the title is the headline)."""
    if event.title_sentence is None:
        return None
    start, end = event.analysis.sentences[event.title_sentence]
    return {"start": start, "end": end} | ({"source": source} if source is not None else {})


def _evidence_of(event: ArticleEvent) -> dict:
    """What an analyst checks of an event that is not its article's main one: the sentence it
    comes from (a digest's item: its span, headline and links, candidate sources) and its date."""
    start, end = event.analysis.sentences[event.sentences[0]]
    found = {"kind": event.kind, "sentence": [start, end], "text": event.analysis.article.text[start:end].strip(),
             "date": event.date.isoformat(), "precision": event.precision}
    if event.kind == "item":
        n = int(event.key.rsplit("#i", 1)[1])
        item = event.analysis.article.items[n]
        found |= {"item": n, "span": [item.start, item.end], "headline": item.headline, "links": item.links}
    return found


def base_id(event: ArticleEvent | Analysis, *, cfg: DraftSettings) -> str:
    """A new event's id from its first source: its own date and its title's slug."""
    event = event if isinstance(event, ArticleEvent) else main_event(event, cfg=cfg)
    return id_base(event.date.isoformat(), event.title)


def id_base(date: str, title: str) -> str:
    """An event id's form: its date and its title's slug (allocate_event_id adds -2, -3 ... to
    one in use)."""
    return f"{date}--{_slug(title)}"


def _slug(title: str) -> str:
    return slugify(title, max_length=SLUG_MAX, word_boundary=False) or "untitled"


def _source(analysis: Analysis, duplicates: Sequence[tuple[str, str | None]]) -> Source:
    article = analysis.article
    url = _cited_url(article)
    return Source(
        outlet=article.outlet,
        title=article.title,
        url=url,
        date=article.published.isoformat() if article.published else None,
        also_at=[u for _, u in duplicates if u and u != url],
        archive_url=article.archive_url,
    )


def _ranking(event: ArticleEvent) -> list[str]:
    """An event's actors, most salient first: the article's ranking (resolve), for a background
    event only those named in its sentence."""
    analysis = event.analysis
    ranking = analysis.ranking or list(dict.fromkeys(
        m.actor for m in analysis.actors if m.actor_type in ("person", "organization", "government", "group")))
    return actors_named(event, ranking)


def _cited_url(article: Article) -> str | None:
    """The URL a source is cited with: where it was fetched from (or its record's URL); for a page
    read from a file, which has neither, the page's own canonical link (listed in provenance)."""
    return article.url or article.canonical_url


def _canonical_urls(sources: Sequence[Analysis]) -> list[dict]:
    """What each page says its URL is, where that differs from where it was read: evidence for the
    analyst (a page may name any URL there), never what identifies the source."""
    return [{"source": i, "canonical_url": a.article.canonical_url, "cited": a.article.url is None}
            for i, a in enumerate(sources) if a.article.canonical_url and a.article.canonical_url != a.article.url]


def _actors(events: Sequence[ArticleEvent], *, cfg: DraftSettings) -> EventActors:
    """The event's central actors (pipeline/actors.py) from each source event's own sentences and
    title (a main event's: the lead, with the rest of its article as context); the others are
    mentioned: any of the article's for a main event, those named in its sentences for another."""
    found = []
    for event in events:
        whole = event.kind == "main"
        context = range(len(event.analysis.sentences)) if whole else ()
        actors = central_actors(event.analysis, event.sentences, title=event.title, max_actors=cfg.max_actors,
                                context=context, clause=event.clause, aside=event.aside)
        if not whole:
            named = set(_ranking(event))
            actors = EventActors(actors.central, [n for n in actors.mentioned if n in named])
        found.append((event.analysis, actors))
    return event_actors(found, max_actors=cfg.max_actors)


def _description(event: ArticleEvent, *, cfg: DraftSettings) -> str:
    """The main event's from its lead (describe_lead); a past event's or an item's from its own
    sentences, within the lead's limits."""
    if event.kind == "main":
        return describe_lead(event.analysis, list(event.sentences), cfg=cfg).text
    return describe(event.analysis, event.sentences, max_sentences=cfg.max_lead_sentences,
                    max_words=cfg.max_lead_words).text
