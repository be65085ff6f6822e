"""Sentences and entities read from a Doc's arrays are exactly what `doc.sents` and `doc.ents` give."""

from __future__ import annotations

from pathlib import Path

from pipeline.doc_arrays import entities, sentence_starts

SAMPLES = Path(__file__).resolve().parents[2] / "raw" / "samples"
EDGE_CASES = ["", " ", "\n\n", "One.\n\nTwo", "Kirill Dmitriev of the RDIF met Steve Witkoff in Moscow on Tuesday."]


def test_same_as_spacy_on_samples_and_edge_cases(nlp) -> None:
    texts = [p.read_text(encoding="utf-8") for p in sorted(SAMPLES.glob("*.txt"))] + EDGE_CASES
    total = 0
    for doc in nlp.pipe(texts):
        assert [(e.start, e.end, e.label_) for e in entities(doc)] == [(e.start, e.end, e.label_) for e in doc.ents]
        total += len(doc.ents)
        starts = sentence_starts(doc)
        expected = [s.start for s in doc.sents] if len(doc) else []
        assert starts == expected
    assert total > 20  # the samples do have entities
