"""Draft: Analysis -> EventDraft, and EventDraft <-> markdown with YAML front matter. Pure.

The file format is the timeline's (front matter keys in its alphabetical order, a markdown
body), with one more key, `provenance`, written last: the evidence behind every field.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from collections.abc import Iterable
from typing import Any

import yaml
from slugify import slugify

from .boilerplate import split_dateline_prefix
from .records import Analysis, DateMention, EventDraft, Provenance, Source, StageResult, per_article
from .settings import DraftSettings

SLUG_MAX = 60  # the timeline's ids cut their slug at 60 characters
# A date in the lead counts as the event's date when it is at most this far before publication.
LEAD_DATE_WINDOW = timedelta(days=31)
_EPIGRAPH_DASH = re.compile(r"^\s*[—―–-]")
_QUOTE_START = ("“", '"', "«", "‘")
# Reported statements listed in a draft's body (all of them stay in provenance).
MAX_BODY_STATEMENTS = 8


def build_draft(analysis: Analysis, *, cfg: DraftSettings, pipeline_version: str) -> EventDraft:
    """One candidate event record for one article, with the evidence for each field."""
    article = analysis.article
    lead_sents = lead_sentences(analysis, cfg=cfg)
    description = " ".join(_sentence_text(analysis, i) for i in lead_sents)
    event_date, rule, evidence = choose_event_date(analysis, lead_sents)
    slug = slugify(article.title, max_length=SLUG_MAX, word_boundary=False) or "untitled"
    actors: list[str] = []
    grouped: dict[str, dict[str, Any]] = {}
    for match in analysis.actors:
        entry = grouped.setdefault(match.actor, {"actor": match.actor, "type": match.actor_type, "mentions": []})
        entry["mentions"].append(
            {"text": match.text, "start": match.start, "end": match.end, "method": match.method, "score": match.score}
        )
        if match.actor_type in ("person", "organization", "government", "group") and match.actor not in actors:
            actors.append(match.actor)
    if analysis.ranking:  # registry actors and new-actor candidates, most salient first
        actors = list(analysis.ranking)
    return EventDraft(
        id=f"{event_date.isoformat()}--{slug}",
        date=event_date.isoformat(),
        title=article.title,
        description=description,
        actors=actors,
        sources=[
            Source(
                outlet=article.outlet,
                title=article.title,
                url=article.canonical_url or article.url,
                date=article.published.isoformat() if article.published else None,
            )
        ],
        tags=list(article.tags),
        provenance=Provenance(
            inputs=[article.raw_sha256],
            pipeline_version=pipeline_version,
            model=analysis.model,
            published_method=article.published_method,
            title_method=article.title_method,
            date_rule=rule,
            date_evidence=evidence,
            actors=list(grouped.values()),
            quotes=[
                q.model_dump(mode="json", exclude={"spans"}) | {"spans": [list(s) for s in q.spans]}
                for q in analysis.quotes
            ],
            dates=[d.model_dump(mode="json", exclude={"sentence"}) for d in analysis.dates if d.iso],
            new_actor_candidates=[
                {
                    "name": c.name,
                    "suggested_type": c.suggested_type,
                    "mentions": [
                        {"text": article.text[s:e], "start": s, "end": e} for s, e in c.mentions
                    ],
                }
                for c in analysis.candidates
            ],
        ),
    )


def build_drafts(analyses: Iterable[Analysis], *, cfg: DraftSettings, pipeline_version: str) -> StageResult[EventDraft]:
    """One draft per article (merging articles about one event is the cluster stage's job); an
    article that cannot be drafted is recorded as a Failure and the batch goes on."""
    return per_article("draft", analyses, lambda analysis: build_draft(analysis, cfg=cfg, pipeline_version=pipeline_version))


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
        sentence = _sentence_text(analysis, i)
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


def _sentence_text(analysis: Analysis, index: int) -> str:
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


# ------------------------------------------------------------------------------ the file format

TIMELINE_KEYS = ("actors", "date", "description", "id", "importance", "location", "sources", "status", "tags", "title")


def render_draft(draft: EventDraft, *, key_quote_min_words: int = 5) -> str:
    """The draft as markdown with YAML front matter (timeline keys, then provenance)."""
    data = draft.model_dump(mode="json")
    front = {key: data[key] for key in sorted(TIMELINE_KEYS)}
    extra = {k: v for k, v in data.items() if k not in TIMELINE_KEYS and k != "provenance"}
    front.update(extra)
    text = "---\n" + _dump(front) + _dump({"provenance": data["provenance"]}) + "---\n\n"
    return text + render_body(draft, key_quote_min_words=key_quote_min_words)


def render_body(draft: EventDraft, *, key_quote_min_words: int = 5) -> str:
    lines = [draft.description, ""]
    with_speaker = [q for q in draft.provenance.quotes if q.get("speaker_actor") or q.get("speaker_name")]
    quotes = [q for q in with_speaker if q.get("kind", "full") == "full" and len(q["text"].split()) >= key_quote_min_words]
    if quotes:
        lines += ["## Key quotes", ""]
        for q in quotes:
            lines.append(f"- “{q['text'].rstrip(',')}” — {_who(q)}")
        lines.append("")
    named = set(draft.actors)  # statements of the draft's actors, not of "the walkout" or "critics"
    statements = [
        q for q in with_speaker
        if q.get("kind") in ("partial", "reported") and (q.get("speaker_actor") or q.get("speaker_name")) in named
    ][:MAX_BODY_STATEMENTS]
    if statements:
        lines += ["## Reported statements", ""]
        for q in statements:
            lines.append(f"- {_who(q)}: {q['text']} ({q['kind']})")
        lines.append("")
    if draft.provenance.new_actor_candidates:
        lines += ["## New actor candidates", ""]
        for c in draft.provenance.new_actor_candidates:
            lines.append(f"- {c['name']} (suggested type: {c['suggested_type']}; {_plural(len(c['mentions']), 'mention')})")
        lines.append("")
    return "\n".join(lines)


# libyaml's safe dumper and loader when PyYAML was built with it (about 10x faster), else Python's.
_SafeDumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
_SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _who(quote: dict) -> str:
    who = quote.get("speaker_actor") or quote.get("speaker_name") or quote.get("speaker")
    how = f"{quote['cue']}, " if quote.get("cue") else ""
    return f"{who} ({how}{quote['method']})"


def _dump(data: dict) -> str:
    return yaml.dump(data, Dumper=_SafeDumper, sort_keys=False, allow_unicode=True, width=100, default_flow_style=False)


def parse_draft_text(text: str) -> tuple[dict, str]:
    """Split a draft file into (front matter dict, markdown body); raises ValueError when invalid."""
    if not text.startswith("---\n"):
        raise ValueError("no YAML front matter (the file must start with '---')")
    end = text.find("\n---\n", 4)
    if end == -1:
        raise ValueError("front matter is not closed with '---'")
    try:
        front = yaml.load(text[4 : end + 1], Loader=_SafeLoader) or {}
    except yaml.YAMLError as err:
        raise ValueError(f"invalid YAML front matter: {err}") from err
    if not isinstance(front, dict):
        raise ValueError("front matter is not a mapping")
    return front, text[end + 5 :].lstrip("\n")


def parse_draft(text: str) -> EventDraft:
    """A draft file back into an EventDraft (the body is derived, so it is not read back)."""
    front, _ = parse_draft_text(text)
    return EventDraft.model_validate(front)


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"
