"""Scoring against gold data: quotes and speakers, who/when, actor resolution. Pure functions.

Matching rules (named in every report):
    quote found      predicted spans cover >= 30% (lenient) or >= 80% (strict) of a gold quote's characters
    prediction right >= 30% of its characters lie inside some gold attribution's content
    speaker right    the predicted speaker mention overlaps the gold speaker span
                     (for the best-covering prediction of a found gold quote)
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from .names import normalize_name
from .records import Article, Quote

LENIENT = 0.30
STRICT = 0.80
PREDICTION_INSIDE = 0.30
PRONOUNS = frozenset("he she they it we i you him her them his hers their its".split())
DIRECT_KINDS = ("full", "partial")

Span = tuple[int, int]


def _overlap(a: Span, b: Span) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def _merge(spans: Iterable[Span]) -> list[Span]:
    merged: list[list[int]] = []
    for s, e in sorted(spans):
        if merged and s <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], e)
        else:
            merged.append([s, e])
    return [(s, e) for s, e in merged]


def coverage(covered_by: Sequence[Span], target: Sequence[Span]) -> float:
    """Share of the target's characters that lie inside `covered_by`."""
    total = sum(e - s for s, e in _merge(target))
    if total <= 0:
        return 0.0
    union = _merge(covered_by)
    return sum(_overlap(t, u) for t in _merge(target) for u in union) / total


def speaker_kind(text: str | None) -> str:
    if not text:
        return "none"
    if text.lower() in PRONOUNS:
        return "pronoun"
    if text[:1].islower() or re.match(r"^(?:the|a|an|this|that|his|her|their)\b", text, re.I):
        return "nominal"
    return "named"


@dataclass
class Tally:
    """Counts for one row of the report."""

    gold: int = 0
    found_lenient: int = 0
    found_strict: int = 0
    predicted: int = 0
    correct: int = 0
    speaker_gold: int = 0
    speaker_right: int = 0

    def precision(self) -> float | None:
        return self.correct / self.predicted if self.predicted else None

    def recall(self, strict: bool = False) -> float | None:
        return (self.found_strict if strict else self.found_lenient) / self.gold if self.gold else None

    def f1(self, strict: bool = False) -> float | None:
        p, r = self.precision(), self.recall(strict)
        if p is None or r is None or p + r == 0:
            return None if p is None or r is None else 0.0
        return 2 * p * r / (p + r)

    def speaker_accuracy(self) -> float | None:
        return self.speaker_right / self.speaker_gold if self.speaker_gold else None


@dataclass
class Miss:
    """A gold attribution the pipeline missed or attributed wrongly, for `--errors`."""

    doc_id: str
    gold: dict
    reason: str
    best: Quote | None
    coverage: float


@dataclass
class QuoteReport:
    rows: dict[str, Tally] = field(default_factory=lambda: defaultdict(Tally))
    misses: list[Miss] = field(default_factory=list)


def score_quotes(doc_id: str, gold: Sequence[dict], predicted: Sequence[Quote], report: QuoteReport) -> None:
    """Add one document's gold attributions and predictions to the report.

    Rows: "direct" (gold full + partial against predicted full + partial), "full", "partial",
    "reported" (gold none against predicted reported), and speaker rows "speaker: named|pronoun|nominal".
    """
    gold_content = [tuple(f) for g in gold for f in _fragments(g)]
    groups = {
        "direct": ([g for g in gold if g.get("direct_kind") in DIRECT_KINDS], [q for q in predicted if q.kind in DIRECT_KINDS]),
        "full": ([g for g in gold if g.get("direct_kind") == "full"], [q for q in predicted if q.kind in DIRECT_KINDS]),
        "partial": ([g for g in gold if g.get("direct_kind") == "partial"], [q for q in predicted if q.kind in DIRECT_KINDS]),
        "reported": ([g for g in gold if g.get("direct_kind") == "none"], [q for q in predicted if q.kind == "reported"]),
    }
    for row, (golds, preds) in groups.items():
        tally = report.rows[row]
        pred_spans = [tuple(s) for q in preds for s in _quote_spans(q)]
        if row in ("direct", "reported"):  # precision is counted once per prediction family
            tally.predicted += len(preds)
            tally.correct += sum(1 for q in preds if coverage(gold_content, _quote_spans(q)) >= PREDICTION_INSIDE)
        for g in golds:
            tally.gold += 1
            cov = coverage(pred_spans, _fragments(g))
            best = max(preds, key=lambda q: coverage(_quote_spans(q), _fragments(g)), default=None)
            if cov >= LENIENT:
                tally.found_lenient += 1
                tally.found_strict += cov >= STRICT
                if g.get("speaker_start") is not None:
                    right = _speaker_right(best, g)
                    tally.speaker_gold += 1
                    tally.speaker_right += right
                    if row == "direct":
                        kind_row = report.rows[f"speaker: {speaker_kind(g.get('speaker'))}"]
                        kind_row.speaker_gold += 1
                        kind_row.speaker_right += right
                    if not right and row in ("direct", "reported"):
                        report.misses.append(Miss(doc_id, g, "wrong speaker", best, cov))
            elif row in ("direct", "reported"):
                report.misses.append(Miss(doc_id, g, "not found", best, cov))


def _fragments(gold: dict) -> list[Span]:
    frags = gold.get("quote_fragments") or [[gold["quote_start"], gold["quote_end"]]]
    return [(int(s), int(e)) for s, e in frags]


def _quote_spans(quote: Quote) -> list[Span]:
    return [tuple(s) for s in quote.spans]  # type: ignore[misc]


def _speaker_right(best: Quote | None, gold: dict) -> bool:
    if best is None or best.speaker_span is None:
        return False
    return _overlap(best.speaker_span, (gold["speaker_start"], gold["speaker_end"])) > 0


# ---------------------------------------------------------------------------------- who / when


def who_matches(actor: str | None, who: Sequence[dict]) -> bool:
    """Is the draft's first actor among the gold "who" answers (a shared name word, or a contained key)?"""
    if not actor:
        return False
    key = normalize_name(actor)
    words = {w for w in key.split() if len(w) > 2}
    for answer in who:
        gold = normalize_name(answer.get("text") or "")
        if not gold:
            continue
        if key in gold or gold in key or words & {w for w in gold.split() if len(w) > 2}:
            return True
    return False


def gold_when(when: Sequence[dict]) -> str | None:
    """The gold event date: the parsed date of the answer most coders agreed on."""
    parsed = [w for w in when if w.get("parsed")]
    if not parsed:
        return None
    return max(parsed, key=lambda w: w.get("coders") or 0)["parsed"][:10]


# -------------------------------------------------------------------------------------- actors


@dataclass
class ActorScores:
    aliases: int = 0
    resolved: int = 0
    resolved_right: int = 0
    negative_pairs: int = 0
    negative_merged: int = 0
    wrong: list[tuple[str, str, str | None]] = field(default_factory=list)

    def precision(self) -> float | None:
        return self.resolved_right / self.resolved if self.resolved else None

    def recall(self) -> float | None:
        return self.resolved_right / self.aliases if self.aliases else None


# --------------------------------------------------------------------------------- gold inputs


def gold_article(doc: dict) -> "Article":
    """A gold document as an Article: its text, title and publish date, nothing cleaned away."""
    import hashlib

    from .dates import parse_published
    from .records import Article

    text = doc["text"]
    published = parse_published(str(doc.get("publication_date") or doc.get("date_publish") or "") or None)
    return Article(
        raw_sha256=hashlib.sha256(text.encode("utf-8")).hexdigest(),
        url=doc.get("url"),
        title=(doc.get("title") or text.split("\n", 1)[0])[:300],
        title_method="gold",
        outlet=doc.get("publisher"),
        published=published,
        published_method="gold" if published else None,
        text=text,
    )


def quote_prediction(quote: Quote) -> dict:
    """A predicted attribution in the `--predictions` format."""
    return {
        "quote_start": quote.spans[0][0],
        "quote_end": quote.spans[-1][1],
        "speaker_start": quote.speaker_span[0] if quote.speaker_span else None,
        "speaker_end": quote.speaker_span[1] if quote.speaker_span else None,
        "speaker": quote.speaker,
        "actor": quote.speaker_actor or quote.speaker_name,
        "cue": quote.cue,
        "kind": quote.kind,
    }
