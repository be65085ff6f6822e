"""A source article's text as HTML with its evidence marked: actor mentions, quotes and their
speakers, dates. Every piece of article text is escaped; only our own <mark> tags are markup."""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup, escape


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    kind: str  # actor | quote | speaker | date | lead | title
    label: str  # what it is evidence of: the actor, the speaker, the ISO date


def spans_for(provenance: dict, source: int, *, several: bool) -> list[Span]:
    """The evidence spans of one source, from a draft's provenance."""

    def mine(item: dict) -> bool:
        return item.get("source", 0) == source if several else True

    spans: list[Span] = []
    for entry in provenance.get("actors") or []:
        for m in entry.get("mentions") or []:
            if mine(m):
                spans.append(Span(m["start"], m["end"], "actor", entry["actor"]))
    for q in provenance.get("quotes") or []:
        if not mine(q):
            continue
        who = q.get("speaker_actor") or q.get("speaker_name") or q.get("speaker") or "unknown speaker"
        for start, end in q.get("spans") or []:
            spans.append(Span(start, end, "quote", who))
        if q.get("speaker_span"):
            start, end = q["speaker_span"]
            spans.append(Span(start, end, "speaker", who))
    for d in provenance.get("dates") or []:
        if mine(d):
            spans.append(Span(d["start"], d["end"], "date", f"{d['text']} → {d.get('iso')}"))
    title = provenance.get("title_evidence")
    if title and mine(title):
        spans.append(Span(title["start"], title["end"], "title", "who did what: the title"))
    return spans


def lead_spans(text: str, description: str) -> list[Span]:
    """Where the draft's description comes from: its sentences found in this source's text."""
    spans = []
    for sentence in (p.strip() for p in description.replace("\n", " ").split(". ")):
        probe = sentence[-60:] if len(sentence) > 60 else sentence
        at = text.find(probe) if len(probe) >= 20 else -1
        if at != -1:
            start = max(0, text.rfind("\n", 0, at) + 1, at + len(probe) - len(sentence))
            spans.append(Span(start, at + len(probe), "lead", "the description"))
    return spans


def highlight(text: str, spans: list[Span]) -> Markup:
    """`text` as escaped HTML, each span in a <mark class="kind" data-label="..."> (nested where
    spans nest: a speaker inside a quote's sentence, an actor inside a quote)."""
    bounds = sorted({0, len(text), *(s.start for s in spans), *(s.end for s in spans)})
    bounds = [b for b in bounds if 0 <= b <= len(text)]
    out: list[str] = []
    for left, right in zip(bounds, bounds[1:]):
        piece = str(escape(text[left:right])).replace("\n", "<br>\n")
        covering = [s for s in spans if s.start <= left and right <= s.end]
        for span in sorted(covering, key=lambda s: (s.end - s.start), reverse=True):
            piece = (f'<mark class="{span.kind}" data-label="{escape(span.label)}" '
                     f'title="{escape(span.kind)}: {escape(span.label)}">{piece}</mark>')
        out.append(piece)
    return Markup("".join(out))
