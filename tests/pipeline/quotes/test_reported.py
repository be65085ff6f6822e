"""Reported speech: clauses, speech nouns, passive agents, parentheticals, "according to", colon lines."""

from __future__ import annotations

import pytest

from pipeline.quotes import reported

pytestmark = pytest.mark.model


@pytest.fixture
def kinds(quotes_of):
    def read(text):
        return [(q.kind, q.speaker_name, text[q.spans[0][0] : q.spans[-1][1]]) for q in quotes_of(text)]

    return read


def test_reported_speech_clause(kinds):
    text = "Mayor Ilse Varga said the bridge would reopen in June after two years of repairs."
    found = kinds(text)
    assert ("reported", "Ilse Varga", "the bridge would reopen in June after two years of repairs") in found


def test_according_to_and_speech_nouns(kinds):
    text = ("The ferry will stop running in March, according to the Harbour Board. "
            "Ada Lund's claim that the timetable was never agreed was rejected by the council.")
    found = kinds(text)
    assert ("reported", "the Harbour Board", "The ferry will stop running in March") in found
    assert ("reported", "Ada Lund", "that the timetable was never agreed") in found


def test_headline_colon_line(kinds):
    text = "Poll: Most residents back the new tram line\nThe survey asked 900 people in March."
    assert ("reported", "Poll", "Most residents back the new tram line") in kinds(text)


def test_page_furniture_is_no_source(kinds):
    assert kinds("Update: The council met again on Tuesday evening\nNothing changed.") == []


def test_passive_agent_speaks_and_the_subject_is_the_content(quotes_of):
    quote = quotes_of("The new timetable was endorsed by the Harbour Board on Monday.")[0]
    assert (quote.speaker, quote.cue, quote.text) == ("the Harbour Board", "endorsed", "The new timetable")


def test_parenthetical_cue_reports_the_clause_it_hangs_off(quotes_of):
    found = [q for q in quotes_of("Back in Vienna, Mr. Clarke said, he decided to sell the farm and move north.")
             if q.cue == "said"]
    assert len(found) == 1
    assert found[0].text == "Back in Vienna … he decided to sell the farm and move north."  # without "Mr. Clarke said"


def test_verbs_of_telling_keep_the_person_told_out(quotes_of):
    quote = quotes_of("Mayor Ilse Varga told reporters the bridge would reopen in June.")[0]
    assert (quote.cue, quote.text) == ("told", "the bridge would reopen in June")


def test_topic_of_a_speech_verb_and_stance_with_an_object(kinds):
    assert ("reported", "Tomas Rigg", "the budget for the harbour") in kinds("Tomas Rigg spoke about the budget for the harbour at length.")
    assert ("reported", "The Harbour Board", "a new ferry for the northern route") in kinds(
        "The Harbour Board wants a new ferry for the northern route.")


def test_short_contents_and_ownerless_claims_are_not_recorded(kinds):
    assert kinds("Ada Lund said so.") == []
    assert kinds("Its claim that the timetable was never agreed was rejected.") == []


def test_each_candidate_word_is_read_one_way(context_of):
    text = ("Ada Lund's claim that the timetable was never agreed was rejected by the council. "
            "Tomas Rigg hinted that the vote would be delayed again, according to the Harbour Board.")
    ctx, _ = context_of(text)
    readings = {w.token.text: w for w in reported.candidate_words(ctx)}
    assert readings["claim"].reading == "noun"
    assert readings["hinted"].reading == "verb" and readings["hinted"].clause_head  # "hint" is not listed
    assert readings["according"].reading == "according"
    assert reported.complement(ctx, readings["claim"]) is None  # a noun is read as a noun only
    assert reported.speech_noun(ctx, readings["claim"]).speaker.text == "Lund"
