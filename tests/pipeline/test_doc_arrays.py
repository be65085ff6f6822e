"""Sentences and entities read from a Doc's arrays are exactly what `doc.sents` and `doc.ents` give."""

from __future__ import annotations

from pathlib import Path

from pipeline.doc_arrays import OTHER, ROLE_NAMES, entities, role_runs, sentence_starts, token_roles

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


ROLE_CASES = [  # text, {word: role of its token}
    ("In 1991, Saudi investor Alwaleed bin Talal purchased Donald Trump's yacht.",
     {"Alwaleed": "subject", "Talal": "subject", "Trump": "object", "yacht": "object"}),
    ("The yacht was bought by Alwaleed.", {"yacht": "object", "Alwaleed": "subject"}),  # passive: agent, patient
    ("Kirill Dmitriev, head of the Russian Direct Investment Fund, said he met with Elon Musk.",
     {"Dmitriev": "subject", "Fund": "other", "Musk": "object"}),  # "head of" is no clause's object
    ("Trump and Putin met in Helsinki.", {"Trump": "subject", "Putin": "subject"}),
]


def test_token_roles_read_subjects_and_objects_from_the_parse_issue_16(nlp) -> None:
    for text, expected in ROLE_CASES:
        doc = nlp(text)
        roles = token_roles(doc)
        found = {t.text: ROLE_NAMES[int(roles.role[t.i])] for t in doc if t.text in expected}
        assert found == expected, text
        for t in doc:
            if roles.role[t.i] != OTHER:  # the verb is a token of the same sentence
                assert doc[int(roles.verb[t.i])].sent == t.sent


def test_role_runs_are_character_spans_of_one_role_and_verb(nlp) -> None:
    text = "Saudi investor Alwaleed bin Talal purchased Donald Trump's yacht, and Putin laughed."
    doc = nlp(text)
    runs = role_runs(doc, token_roles(doc))
    spans = {text[s:e]: (role, text[v:].split()[0].strip(".,")) for s, e, role, v in runs}
    assert spans["Donald Trump"] == ("object", "purchased") and spans["Putin"] == ("subject", "laughed")
    assert any("Alwaleed bin Talal" in span and role == "subject" for span, (role, _) in spans.items())
    assert role_runs(nlp(""), token_roles(nlp(""))) == []
