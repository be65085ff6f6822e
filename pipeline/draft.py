"""Draft: the analyses of an event's sources -> EventDraft, with the evidence for every field. Pure.

The lead and the dates come from pipeline/lead.py, the actors (central ones, and the others
mentioned) from pipeline/actors.py; the file an EventDraft is written as (and read back from) is
pipeline/draft_file.py.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from slugify import slugify

from .actors import central_actors, event_actors
from .lead import choose_event_date, consensus_date, lead_sentences, sentence_text
from .records import Analysis, Article, EventDraft, Provenance, Source
from .settings import DraftSettings

SLUG_MAX = 60  # the timeline's ids cut their slug at 60 characters


def build_draft(analysis: Analysis, *, cfg: DraftSettings, pipeline_version: str) -> EventDraft:
    """One candidate event record for one article, with the evidence for each field."""
    return build_event_draft([analysis], cfg=cfg, pipeline_version=pipeline_version)


def build_event_draft(
    sources: Sequence[Analysis], *, cfg: DraftSettings, pipeline_version: str, event_id: str | None = None,
    merges: Sequence[dict] = (), duplicates: Mapping[str, Sequence[tuple[str, str | None]]] | None = None,
) -> EventDraft:
    """One candidate event record from the articles that report it, with per-source evidence.

    sources: the articles, in the order they joined the event (evidence says `source: i`).
    event_id: the event's stable id; by default `<date>--<slug of the title>`.
    merges: why each source joined (score and reason, from the cluster stage).
    duplicates: source sha256 -> (sha256, url) of near-identical copies, cited under that source.
    """
    duplicates = duplicates or {}
    leads = [lead_sentences(a, cfg=cfg) for a in sources]
    own = [choose_event_date(a, lead) for a, lead in zip(sources, leads)]
    event_date, rule, evidence, primary = consensus_date(own)
    main = sources[primary]
    article = main.article
    description = " ".join(sentence_text(main, i) for i in leads[primary])
    actors = event_actors([(a, central_actors(a, lead, title=a.article.title, max_actors=cfg.max_actors,
                                              context=range(len(a.sentences)))) for a, lead in zip(sources, leads)],
                          max_actors=cfg.max_actors)
    tag = (lambda i: {"source": i}) if len(sources) > 1 else (lambda i: {})
    grouped: dict[str, dict[str, Any]] = {}
    for i, analysis in enumerate(sources):
        for match in analysis.actors:
            entry = grouped.setdefault(match.actor, {"actor": match.actor, "type": match.actor_type, "mentions": []})
            entry["mentions"].append({
                "text": match.text, "start": match.start, "end": match.end, "method": match.method,
                "score": match.score, **tag(i),
            })
    candidates: dict[str, dict[str, Any]] = {}
    for i, analysis in enumerate(sources):
        text = analysis.article.text
        for c in analysis.candidates:
            entry = candidates.setdefault(c.name, {"name": c.name, "suggested_type": c.suggested_type, "mentions": []})
            entry["mentions"] += [{"text": text[s:e], "start": s, "end": e, **tag(i)} for s, e in c.mentions]
    inputs = []
    for a in sources:
        inputs.append(a.article.raw_sha256)
        inputs += [sha for sha, _ in duplicates.get(a.article.raw_sha256, ())]
    return EventDraft(
        id=event_id or f"{event_date.isoformat()}--{_slug(article.title)}",
        date=event_date.isoformat(),
        title=article.title,
        description=description,
        actors=actors.central,
        sources=[_source(a, duplicates.get(a.article.raw_sha256, ())) for a in sources],
        tags=list(dict.fromkeys(t for a in sources for t in a.article.tags)),
        provenance=Provenance(
            inputs=inputs,
            source_inputs=[a.article.raw_sha256 for a in sources],
            pipeline_version=pipeline_version,
            model=main.model,
            published_method=article.published_method,
            title_method=article.title_method,
            date_rule=rule,
            date_evidence=evidence,
            source_dates=[
                {"source": i, "date": d.isoformat(), "rule": r.split(":", 1)[0]} for i, (d, r, _) in enumerate(own)
            ] if len(sources) > 1 else [],
            merges=list(merges),
            canonical_urls=_canonical_urls(sources),
            url_notes=[{"source": i, "note": n} for i, a in enumerate(sources) for n in a.article.url_notes],
            actors=list(grouped.values()),
            quotes=[
                q.model_dump(mode="json", exclude={"spans"}) | {"spans": [list(s) for s in q.spans]} | tag(i)
                for i, a in enumerate(sources) for q in a.quotes
            ],
            dates=[
                d.model_dump(mode="json", exclude={"sentence"}) | tag(i)
                for i, a in enumerate(sources) for d in a.dates if d.iso
            ],
            new_actor_candidates=list(candidates.values()),
            mentioned_actors=actors.mentioned,
        ),
    )


def base_id(analysis: Analysis, *, cfg: DraftSettings) -> str:
    """A new event's id from its first article: the article's own date and its title's slug."""
    own_date, _, _ = choose_event_date(analysis, lead_sentences(analysis, cfg=cfg))
    return f"{own_date.isoformat()}--{_slug(analysis.article.title)}"


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
    )


def _cited_url(article: Article) -> str | None:
    """The URL a source is cited with: where it was fetched from (or its record's URL); for a page
    read from a file, which has neither, the page's own canonical link (listed in provenance)."""
    return article.url or article.canonical_url


def _canonical_urls(sources: Sequence[Analysis]) -> list[dict]:
    """What each page says its URL is, where that differs from where it was read: evidence for the
    analyst (a page may name any URL there), never what identifies the source."""
    return [{"source": i, "canonical_url": a.article.canonical_url, "cited": a.article.url is None}
            for i, a in enumerate(sources) if a.article.canonical_url and a.article.canonical_url != a.article.url]
