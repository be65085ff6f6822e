"""Who said a direct quote: each rule through `extract_quotes`, and on its own where an earlier
rule would find the speaker first."""

from __future__ import annotations

import pytest

from pipeline.quotes import direct

pytestmark = pytest.mark.model


@pytest.mark.parametrize(
    ("text", "quote_start", "speaker", "name", "method"),
    [
        ("“We will open the bridge in June,” Mayor Ilse Varga said on Monday.", "We will open", "Mayor Ilse Varga", "Ilse Varga", "subject-of-cue"),
        ('"The budget is balanced for the first time," said Finance Minister Paulo Renn.', "The budget", "Paulo Renn", "Paulo Renn", "subject-of-cue"),
        ("Harald Quist spoke after the vote. “This is a good day for the valley,” he added.", "This is a good day", "he", "Harald Quist", "subject-of-cue"),
        ("Senator Mira Holt told reporters: “Nobody read the contract before signing it.”", "Nobody read", "Mira Holt", "Mira Holt", "subject-of-cue"),
        ("The river will crest on Friday, according to the Lowland Water Agency, “well above the old record.”", "well above", "the Lowland Water Agency", "the Lowland Water Agency", "according-to"),
        ("“We are ready for the winter,” Dana Okoro gushed in an interview.", "We are ready", "Dana Okoro", "Dana Okoro", "adjacent-verb"),
        ("“PENCE: Well, we will see what the voters decide in November.”", "PENCE", "PENCE", "PENCE", "transcript-label"),
    ],
)
def test_quote_speaker(quotes_of, text, quote_start, speaker, name, method):
    found = [q for q in quotes_of(text) if q.text.startswith(quote_start)]
    assert len(found) == 1
    quote = found[0]
    assert (quote.speaker, quote.speaker_name, quote.method) == (speaker, name, method)
    s, e = quote.speaker_span
    assert text[s:e] == speaker  # the span points at the mention it claims


def test_epigraph_attribution(quotes_of):
    text = "“The sea keeps what it takes.”\n—Ansel Brook, harbour pilot\nThe storm reached the coast on Sunday night."
    quote = quotes_of(text)[0]
    assert (quote.speaker, quote.method) == ("Ansel Brook", "epigraph")


def test_dash_attribution_on_the_same_line(quotes_of):
    text = "Readers wrote to us after the debate. “He never answered the question.” ― Carla Sanchez\nMore letters follow."
    quote = [q for q in quotes_of(text) if q.kind == "full"][0]
    assert (quote.speaker, quote.method) == ("Carla Sanchez", "epigraph")


def test_continuation_keeps_the_speaker_and_another_name_breaks_it(quotes_of):
    text = ("“The tunnel is safe,” Carla Mendes said. “We tested every section twice.” "
            "Engineers disagreed. Tomas Rigg, an inspector, was not convinced. “Nobody has seen the report.”")
    quotes = quotes_of(text)
    assert [q.speaker_name for q in quotes[:2]] == ["Carla Mendes", "Carla Mendes"]
    assert quotes[1].method == "continuation"
    assert quotes[2].speaker_name is None  # someone else was named in between


def first_site(context_of, text):
    ctx, parts = context_of(text)
    return ctx, direct.quote_site(ctx, parts[0], None)


def test_the_epigraph_rules_each_find_their_own_layout(context_of):
    ctx, site = first_site(context_of, "“The sea keeps what it takes.”\n—Ansel Brook, harbour pilot\nThe storm came.")
    assert direct.epigraph_below(ctx, site).speaker.text == "Ansel Brook"
    ctx, site = first_site(context_of, "Letters came. “He never answered the question.” ― Carla Sanchez\nMore.")
    assert direct.epigraph_beside(ctx, site).speaker.text == "Carla Sanchez"
    assert direct.epigraph_below(ctx, site) is None  # the quote is not alone in its paragraph


def test_surface_pattern_a_speech_verb_and_a_name_beside_the_quote(context_of):
    ctx, site = first_site(context_of, "“We will finish the bridge before winter,” said Marta Kell.")
    found = direct.surface_pattern(ctx, site)
    assert (found.speaker.text, found.cue.text) == ("Marta Kell", "said")


def test_governing_verb_of_a_quote_inside_a_sentence(context_of):
    text = "Senator Mira Holt is selling “lower fares for every commuter” to voters."
    ctx, site = first_site(context_of, text)
    found = direct.governing_verb(ctx, site)
    assert (found.speaker.text, found.cue.text) == ("Holt", "selling")
    assert direct.subject_of_cue(ctx, site) is None  # "selling" is no speech verb


def test_continuation_needs_an_earlier_quote_with_a_speaker(context_of, quotes_of):
    text = "“The tunnel is safe,” Carla Mendes said. “We tested every section twice.”"
    ctx, parts = context_of(text)
    assert direct.continuation(ctx, direct.quote_site(ctx, parts[1], None)) is None
    earlier = quotes_of(text)[0]
    found = direct.continuation(ctx, direct.quote_site(ctx, parts[1], earlier))
    assert found.speaker_of is earlier and found.speaker is None


def test_what_surrounds_a_quote_is_outside_quotes(context_of):
    text = "Ada Lund met the press. “We will stay,” she said, “until the end.” Then she left."
    ctx, site = first_site(context_of, text)
    around = [t.text for t in site.around]
    assert "she" in around and "said" in around
    assert "stay" not in around and "end" not in around
