"""The scoring rules on hand-checked cases (no model needed)."""

from __future__ import annotations

import pytest

from pipeline.evaluate import (
    QuoteReport,
    coverage,
    gold_when,
    score_quotes,
    speaker_kind,
    who_matches,
)
from pipeline.records import Quote


def gold(start, end, kind="full", speaker=(0, 5), text="Alice"):
    return {"quote_start": start, "quote_end": end, "quote_fragments": [[start, end]], "direct_kind": kind,
            "speaker": text, "speaker_start": speaker[0] if speaker else None, "speaker_end": speaker[1] if speaker else None}


def pred(start, end, kind="full", speaker=(0, 5)):
    return Quote(text="x", spans=[(start, end)], kind=kind, speaker="Alice" if speaker else None, speaker_span=speaker)


def test_coverage_counts_characters_once():
    assert coverage([(0, 10), (5, 15)], [(0, 20)]) == pytest.approx(0.75)
    assert coverage([(0, 10)], [(20, 30)]) == 0.0
    assert coverage([], [(0, 10)]) == 0.0


def test_lenient_strict_precision_and_speaker():
    report = QuoteReport()
    golds = [gold(100, 200), gold(300, 400, kind="partial", speaker=(250, 255), text="he"), gold(500, 600, kind="none")]
    preds = [
        pred(100, 190),                  # covers 90% of the first gold: strict; speaker overlaps
        pred(300, 340, speaker=(900, 905)),  # covers 40% of the second: lenient only; wrong speaker
        pred(700, 800),                  # outside every gold attribution: a false positive
        pred(510, 560, kind="reported"),  # a reported clause inside the third gold
    ]
    score_quotes("d1", golds, preds, report)
    direct = report.rows["direct"]
    assert (direct.gold, direct.found_lenient, direct.found_strict) == (2, 2, 1)
    assert (direct.predicted, direct.correct) == (3, 2)
    assert direct.precision() == pytest.approx(2 / 3)
    assert direct.f1() == pytest.approx(2 * (2 / 3) * 1.0 / (2 / 3 + 1.0))
    assert (direct.speaker_gold, direct.speaker_right) == (2, 1)
    reported = report.rows["reported"]
    assert (reported.gold, reported.found_lenient, reported.predicted, reported.correct) == (1, 1, 1, 1)
    assert report.rows["speaker: named"].speaker_right == 1
    assert report.rows["speaker: pronoun"].speaker_gold == 1 and report.rows["speaker: pronoun"].speaker_right == 0
    assert [m.reason for m in report.misses] == ["wrong speaker"]


def test_a_miss_below_30_percent():
    report = QuoteReport()
    score_quotes("d", [gold(0, 100)], [pred(0, 29)], report)
    assert report.rows["direct"].found_lenient == 0
    assert report.misses[0].reason == "not found" and report.misses[0].coverage == pytest.approx(0.29)


@pytest.mark.parametrize(("text", "kind"), [("he", "pronoun"), ("the newspaper", "nominal"), ("Donald Trump", "named"),
                                            (None, "none")])
def test_speaker_kind(text, kind):
    assert speaker_kind(text) == kind


def test_who_and_when():
    who = [{"text": "Patti Wood, a body language expert", "coders": 2}]
    assert who_matches("Patti Wood", who)
    assert not who_matches("Donald Trump", who)
    assert not who_matches(None, who)
    when = [{"text": "Tuesday", "coders": 1, "parsed": "2016-11-08"}, {"text": "late Tuesday", "coders": 3, "parsed": "2016-11-08 22:00"}]
    assert gold_when(when) == "2016-11-08"
    assert gold_when([{"text": None, "coders": 2}]) is None
