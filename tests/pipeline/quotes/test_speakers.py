"""Who speaks: mentions, and the person a pronoun or role description refers to."""

from __future__ import annotations

import pytest

from pipeline.quotes.speakers import identify, is_role_mention, same_person

pytestmark = pytest.mark.model


def test_pronoun_resolves_to_nearest_earlier_person_outside_quotes(quotes_of):
    text = "Rosa Lind met Piet Kaan on Monday. “I had another meeting,” he said. “It was a “good” day.”"
    quote = quotes_of(text)[0]
    assert quote.speaker == "he" and quote.speaker_name == "Piet Kaan"


def test_nominal_speaker_carries_the_person_named_before(quotes_of):
    text = "Greta Holm arrived in Oslo on Monday. “The talks will be long,” the envoy said."
    quote = [q for q in quotes_of(text) if q.kind == "full"][0]
    assert (quote.speaker, quote.speaker_name) == ("the envoy", "Greta Holm")


def test_a_speaker_is_never_a_person_the_text_does_not_name(quotes_of):
    text = "“The talks will be long,” the envoy said."
    quote = quotes_of(text)[0]
    assert quote.speaker == "the envoy" and quote.speaker_name is None


def test_said_he_refers_to_the_named_subject(quotes_of):
    text = "Piet Kaan, who met Ana Voss on Monday, said he thought the talks would fail."
    found = [q for q in quotes_of(text) if q.kind == "reported" and q.cue == "thought"]
    assert found and found[0].speaker == "he" and found[0].speaker_name == "Piet Kaan"  # not the nearer Ana Voss


def test_identify_a_named_speaker_by_its_whole_mention(context_of):
    text = "Mayor Ilse Varga left early."
    ctx, _ = context_of(text)
    speaker = identify(ctx, ctx.token_at(text.index("Varga")))
    assert (speaker.mention.text, speaker.name, speaker.by_reference) in {
        ("Mayor Ilse Varga", "Ilse Varga", False),
        ("Ilse Varga", "Ilse Varga", False),
    }


def test_role_mentions_and_same_person(context_of):
    text = "The envoy met a spokeswoman and the Harbour Board."
    ctx, _ = context_of(text)
    doc = ctx.doc
    assert is_role_mention(doc[0:2])  # "The envoy"
    assert is_role_mention(doc[3:5])  # "a spokeswoman"
    assert not is_role_mention(doc[1:2])  # one word: a name or a noun, not a description
    assert same_person("Dmitriev", ["Kirill Dmitriev"]) and not same_person("Ana Voss", ["Piet Kaan"])
