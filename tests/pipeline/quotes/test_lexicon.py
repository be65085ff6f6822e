"""The word lists: inflections made from lemmas, each verb listed once (no model)."""

from __future__ import annotations

import pytest

from pipeline.quotes.lexicon import (
    ADDRESSEE_VERBS,
    IRREGULAR_FORMS,
    REPORTING_VERBS,
    SPEECH_LEMMAS,
    SPEECH_VERBS,
    STANCE_LEMMAS,
    STANCE_VERBS,
    forms,
)


@pytest.mark.parametrize(
    ("lemma", "expected"),
    [
        ("warn", {"warn", "warns", "warned", "warning"}),
        ("note", {"note", "notes", "noted", "noting"}),
        ("deny", {"deny", "denies", "denied", "denying"}),
        ("push", {"push", "pushes", "pushed", "pushing"}),
        ("admit", {"admit", "admits", "admitted", "admitting"}),
        ("slam", {"slam", "slams", "slammed", "slamming"}),
        ("say", {"say", "says", "sayed", "saying"}),  # a vowel before y: the regular rule (and "said" below)
    ],
)
def test_forms_inflects_a_lemma(lemma, expected):
    assert expected <= forms([lemma])


def test_every_set_of_forms_holds_the_irregular_forms():
    assert IRREGULAR_FORMS <= forms([])
    assert {"said", "told"} <= ADDRESSEE_VERBS and "said" in STANCE_VERBS  # kept as tuned; see the module


def test_each_verb_is_listed_once():
    assert len(SPEECH_LEMMAS) == len(set(SPEECH_LEMMAS))
    assert len(STANCE_LEMMAS) == len(set(STANCE_LEMMAS))
    assert not set(SPEECH_LEMMAS) & set(STANCE_LEMMAS)


def test_reporting_verbs_are_speech_and_stance_verbs():
    assert REPORTING_VERBS == SPEECH_VERBS | STANCE_VERBS
    assert {"said", "tweeted", "bragged", "refuses", "thought", "sought"} <= REPORTING_VERBS
    assert "began" not in REPORTING_VERBS
