"""Draft: Analysis -> EventDraft, and EventDraft <-> markdown with YAML front matter. Pure.

The file format is the timeline's (front matter keys in its alphabetical order, a markdown
body), with one more key, `provenance`, written last: the evidence behind every field.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from collections.abc import Mapping, Sequence
from typing import Any

from pydantic import ValidationError
from slugify import slugify

from . import block_yaml, safe_yaml
from .boilerplate import split_dateline_prefix
from .records import Analysis, Article, DateMention, EventDraft, Provenance, Source
from .settings import DraftSettings

SLUG_MAX = 60  # the timeline's ids cut their slug at 60 characters
# A date in the lead counts as the event's date when it is at most this far before publication.
LEAD_DATE_WINDOW = timedelta(days=31)
_EPIGRAPH_DASH = re.compile(r"^\s*[—―–-]")
_QUOTE_START = ("“", '"', "«", "‘")
# Reported statements listed in a draft's body (all of them stay in provenance).
MAX_BODY_STATEMENTS = 8
# In an event of several sources, a candidate one source ranks below this is left to provenance.
MAX_SOURCE_CANDIDATE_RANK = 5


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
    event_date, rule, evidence, primary = _event_date(own)
    main = sources[primary]
    article = main.article
    description = " ".join(_sentence_text(main, i) for i in leads[primary])
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
        actors=_merged_ranking(sources),
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


def _merged_ranking(sources: Sequence[Analysis]) -> list[str]:
    """Actors of all sources, most salient first: each source's ranking weighted 1, 1/2, 1/3 ...

    With several sources, a new-actor candidate stays in the list when two sources name it or one
    ranks it among its first MAX_SOURCE_CANDIDATE_RANK; the others stay in provenance.
    """
    weight: dict[str, float] = {}
    seen_in: dict[str, int] = {}
    best_rank: dict[str, int] = {}
    for analysis in sources:
        ranking = analysis.ranking or list(dict.fromkeys(
            m.actor for m in analysis.actors if m.actor_type in ("person", "organization", "government", "group")
        ))
        for rank, name in enumerate(ranking):
            weight[name] = weight.get(name, 0.0) + 1.0 / (1 + rank)
            seen_in[name] = seen_in.get(name, 0) + 1
            best_rank[name] = min(best_rank.get(name, rank), rank)
    ordered = sorted(weight, key=lambda name: -weight[name])  # stable: first seen wins ties
    if len(sources) == 1:
        return ordered
    registry = {m.actor for a in sources for m in a.actors}
    return [
        name for name in ordered
        if name in registry or seen_in[name] > 1 or best_rank[name] < MAX_SOURCE_CANDIDATE_RANK
    ]


def _event_date(own: Sequence[tuple[date, str, dict | None]]) -> tuple[date, str, dict | None, int]:
    """The event's date from its sources' own dates, and the source it rests on.

    One source: its own rule. Several: the date most sources give (a lead date or a publication
    date each count once; ties go to the earliest); a source with only a collection day counts
    only when no source is dated. Conflicting dates stay listed in provenance.source_dates.
    """
    if len(own) == 1:
        return own[0][0], own[0][1], own[0][2], 0
    dated = [i for i, (_, rule, _) in enumerate(own) if not rule.startswith("collected")]
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
    for source in data["sources"]:
        if not source["also_at"]:
            del source["also_at"]  # the timeline's source keys, unless there are copies to cite
    front = {key: data[key] for key in sorted(TIMELINE_KEYS)}
    extra = {k: v for k, v in data.items() if k not in TIMELINE_KEYS and k != "provenance" and v != []}
    front.update(extra)
    text = "---\n" + _dump(front) + _dump_provenance(data["provenance"]) + "---\n\n"
    return text + render_body(draft, key_quote_min_words=key_quote_min_words)


def _dump_provenance(provenance: dict) -> str:
    """`provenance:` and its keys, each piece of evidence on a line of its own (block_yaml: PyYAML's
    representer made this the slowest part of writing a draft, and an event of 150 sources has
    megabytes of evidence, written again whenever a source joins)."""
    return "provenance:\n" + block_yaml.dump(provenance, indent=2, flow_depth=2) if provenance else "provenance: {}\n"


def render_body(draft: EventDraft, *, key_quote_min_words: int = 5) -> str:
    lines = [draft.description, ""]
    match = draft.provenance.timeline_match
    if match:
        lines += ["## Already in the timeline?", "",
                  f"- {match['id']} ({match['date']}): {match['title']} (score {match['score']}); "
                  "if it is the same event, add these sources to it instead of a new record", ""]
    if len(draft.sources) > 1:
        lines += ["## Sources", ""]
        for i, s in enumerate(draft.sources):
            lines.append(f"{i}. {s.outlet or 'unknown outlet'}, {s.date or 'undated'}: {s.title or s.url or '–'}"
                         + (f" (also at {', '.join(s.also_at)})" if s.also_at else ""))
        lines.append("")
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


def _who(quote: dict) -> str:
    who = quote.get("speaker_actor") or quote.get("speaker_name") or quote.get("speaker")
    how = f"{quote['cue']}, " if quote.get("cue") else ""
    where = f"; source {quote['source']}" if "source" in quote else ""
    return f"{who} ({how}{quote['method']}{where})"


def _dump(data: dict) -> str:
    return safe_yaml.dump(data, fast=True, sort_keys=False, allow_unicode=True, width=100, default_flow_style=False)


class InvalidDraft(ValueError):
    """A draft file that is not valid YAML front matter or not a valid record. `line` is the
    file's line (1-based) the problem is on, when it is known."""

    def __init__(self, message: str, line: int | None = None, column: int | None = None) -> None:
        where = f"line {line}" + (f", column {column}" if column else "") if line else ""
        super().__init__(f"{where}: {message}" if where else message)
        self.line, self.column = line, column


def parse_draft_text(text: str) -> tuple[dict, str]:
    """Split a draft file into (front matter dict, markdown body); raises InvalidDraft."""
    if not text.startswith("---\n"):
        raise InvalidDraft("no YAML front matter (the file must start with '---')", 1)
    end = text.find("\n---\n", 4)
    if end == -1:
        raise InvalidDraft("front matter is not closed with '---'")
    try:
        front = safe_yaml.load(text[4 : end + 1]) or {}
    except safe_yaml.YAMLError as err:
        where = safe_yaml.problem(err, first_line=2)  # the front matter starts after the opening '---'
        raise InvalidDraft(f"invalid YAML front matter: {where.message}", where.line, where.column) from err
    if not isinstance(front, dict):
        raise InvalidDraft("front matter is not a mapping", 2)
    return front, text[end + 5 :].lstrip("\n")


def parse_draft(text: str) -> EventDraft:
    """A draft file back into an EventDraft (the body is derived, so it is not read back);
    raises InvalidDraft naming the line of the first field that is wrong."""
    front, _ = parse_draft_text(text)
    try:
        return EventDraft.model_validate(front)
    except ValidationError as err:
        first = err.errors()[0]
        where = ".".join(str(part) for part in first["loc"]) or "the front matter"
        key = re.search(rf"^{re.escape(str(first['loc'][0]))}:", text, re.M) if first["loc"] else None
        line = text.count("\n", 0, key.start()) + 1 if key else None
        more = f" (and {err.error_count() - 1} more)" if err.error_count() > 1 else ""
        raise InvalidDraft(f"{where}: {first['msg']}{more}", line) from err


def draft_problem(data: bytes) -> InvalidDraft | None:
    """Why a draft file's bytes are not a valid draft, or None when they are."""
    try:
        parse_draft(data.decode("utf-8"))
    except UnicodeDecodeError as err:
        return InvalidDraft(f"not UTF-8 text: {err.reason} at byte {err.start}")
    except InvalidDraft as err:
        return err
    return None


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"
