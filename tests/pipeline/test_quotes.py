"""Quotes and speakers on sentences written for these tests, through the real model."""

from __future__ import annotations

import pytest

from pipeline.quotes import extract_quotes, find_quote_parts

pytestmark = pytest.mark.model


def quotes_of(nlp, text):
    return extract_quotes(nlp(text))


@pytest.mark.parametrize(
    ("text", "quote_start", "speaker", "name", "method"),
    [
        ("“We will open the bridge in June,” Mayor Ilse Varga said on Monday.", "We will open", "Mayor Ilse Varga", "Ilse Varga", "subject-of-cue"),
        ('"The budget is balanced for the first time," said Finance Minister Paulo Renn.', "The budget", "Paulo Renn", "Paulo Renn", "subject-of-cue"),
        ("Harald Quist spoke after the vote. “This is a good day for the valley,” he added.", "This is a good day", "he", "Harald Quist", "subject-of-cue"),
        ("Senator Mira Holt told reporters: “Nobody read the contract before signing it.”", "Nobody read", "Mira Holt", "Mira Holt", "subject-of-cue"),
        ("The river will crest on Friday, according to the Lowland Water Agency, “well above the old record.”", "well above", "the Lowland Water Agency", "the Lowland Water Agency", "according-to"),
        ("“We are ready for the winter,” Dana Okoro gushed in an interview.", "We are ready", "Dana Okoro", "Dana Okoro", "adjacent-verb"),
    ],
)
def test_quote_speaker(nlp, text, quote_start, speaker, name, method):
    found = [q for q in quotes_of(nlp, text) if q.text.startswith(quote_start)]
    assert len(found) == 1
    quote = found[0]
    assert (quote.speaker, quote.speaker_name, quote.method) == (speaker, name, method)
    s, e = quote.speaker_span
    assert text[s:e] == speaker  # the span points at the mention it claims


def test_split_quote_is_one_quote_with_two_parts(nlp):
    text = "“Shall we build it in 2029,” she asked, “or wait for the next council?” Jana Petrov is the council's chair."
    text = "Jana Petrov chaired the meeting. " + text
    quotes = quotes_of(nlp, text)
    assert len(quotes) == 1
    quote = quotes[0]
    assert len(quote.spans) == 2
    assert quote.text == "Shall we build it in 2029 … or wait for the next council?"
    assert (quote.speaker, quote.speaker_name, quote.cue) == ("she", "Jana Petrov", "asked")


def test_epigraph_attribution(nlp):
    text = "“The sea keeps what it takes.”\n—Ansel Brook, harbour pilot\nThe storm reached the coast on Sunday night."
    quote = quotes_of(nlp, text)[0]
    assert (quote.speaker, quote.method) == ("Ansel Brook", "epigraph")


def test_continuation_keeps_the_speaker_and_another_name_breaks_it(nlp):
    text = ("“The tunnel is safe,” Carla Mendes said. “We tested every section twice.” "
            "Engineers disagreed. Tomas Rigg, an inspector, was not convinced. “Nobody has seen the report.”")
    quotes = quotes_of(nlp, text)
    assert [q.speaker_name for q in quotes[:2]] == ["Carla Mendes", "Carla Mendes"]
    assert quotes[1].method == "continuation"
    assert quotes[2].speaker_name is None  # someone else was named in between


def test_pronoun_resolves_to_nearest_earlier_person_outside_quotes(nlp):
    text = "Rosa Lind met Piet Kaan on Monday. “I had another meeting,” he said. “It was a “good” day.”"
    quote = quotes_of(nlp, text)[0]
    assert quote.speaker == "he" and quote.speaker_name == "Piet Kaan"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("He called it a “success” and left.", []),  # one word: a scare quote
        ('She said "two words" then "three more words" here.', ["two words", "three more words"]),
        ("“An open quote runs to the paragraph end\nNext paragraph.", ["An open quote runs to the paragraph end"]),
    ],
)
def test_find_quote_parts(text, expected):
    found = [" ".join(text[s:e] for s, e in parts) for parts in find_quote_parts(text)]
    assert found == expected


def kinds(nlp, text):
    return [(q.kind, q.speaker_name, text[q.spans[0][0] : q.spans[-1][1]]) for q in quotes_of(nlp, text)]


def test_reported_speech_clause(nlp):
    text = "Mayor Ilse Varga said the bridge would reopen in June after two years of repairs."
    found = kinds(nlp, text)
    assert ("reported", "Ilse Varga", "the bridge would reopen in June after two years of repairs") in found


def test_partial_quote_is_the_whole_clause(nlp):
    text = "Councillor Bram Dorn said the plan was “a disaster for the valley” and would cost far more than promised."
    found = [f for f in kinds(nlp, text) if f[0] != "reported"]
    assert len(found) == 1
    kind, speaker, content = found[0]
    assert kind == "partial" and speaker == "Bram Dorn"
    assert content.startswith("the plan was “a disaster for the valley”")


def test_according_to_and_speech_nouns(nlp):
    text = ("The ferry will stop running in March, according to the Harbour Board. "
            "Ada Lund's claim that the timetable was never agreed was rejected by the council.")
    found = kinds(nlp, text)
    assert ("reported", "the Harbour Board", "The ferry will stop running in March") in found
    assert ("reported", "Ada Lund", "that the timetable was never agreed") in found


def test_headline_colon_line(nlp):
    text = "Poll: Most residents back the new tram line\nThe survey asked 900 people in March."
    assert ("reported", "Poll", "Most residents back the new tram line") in kinds(nlp, text)


def test_mixed_quote_marks_pair_up():
    text = '“It was a fair deal," he said. "We will sign it tomorrow,” she said.'
    found = [text[s:e] for parts in find_quote_parts(text) for s, e in parts]
    assert found == ["It was a fair deal,", "We will sign it tomorrow,"]


def test_dash_attribution_on_the_same_line(nlp):
    text = "Readers wrote to us after the debate. “He never answered the question.” ― Carla Sanchez\nMore letters follow."
    quote = [q for q in quotes_of(nlp, text) if q.kind == "full"][0]
    assert (quote.speaker, quote.method) == ("Carla Sanchez", "epigraph")


def test_nominal_speaker_carries_the_person_named_before(nlp):
    text = "Greta Holm arrived in Oslo on Monday. “The talks will be long,” the envoy said."
    quote = [q for q in quotes_of(nlp, text) if q.kind == "full"][0]
    assert (quote.speaker, quote.speaker_name) == ("the envoy", "Greta Holm")


def test_a_speaker_is_never_a_person_the_text_does_not_name(nlp):
    text = "“The talks will be long,” the envoy said."
    quote = quotes_of(nlp, text)[0]
    assert quote.speaker == "the envoy" and quote.speaker_name is None


def test_said_he_refers_to_the_named_subject(nlp):
    text = "Piet Kaan, who met Ana Voss on Monday, said he thought the talks would fail."
    found = [q for q in quotes_of(nlp, text) if q.kind == "reported" and q.cue == "thought"]
    assert found and found[0].speaker == "he" and found[0].speaker_name == "Piet Kaan"  # not the nearer Ana Voss
