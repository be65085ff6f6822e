"""The per-document state the rules read: quote spans, names outside quotes, token and sentence lookup."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.model


def test_a_quote_runs_from_its_content_to_its_closing_mark(context_of):
    text = "Ada Lund said “we will stay here” on Monday."
    ctx, _ = context_of(text)
    opening, closing = text.index("“"), text.index("”")
    assert ctx.in_quote(opening + 1) and ctx.in_quote(opening + 3) and ctx.in_quote(closing)
    assert not ctx.in_quote(opening)  # the opening mark is outside (see the module)
    assert not ctx.in_quote(closing + 1) and not ctx.in_quote(0)


def test_names_are_the_ones_outside_quotes(context_of):
    ctx, _ = context_of("Ada Lund said: “Piet Kaan will never sign the deal with Oslo.”")
    assert [e.text for e in ctx.persons] == ["Ada Lund"]
    assert "Oslo" not in [e.text for e in ctx.named]


def test_token_and_sentence_lookup_by_offset(context_of):
    text = "The ferry is late. Ada Lund waited for an hour."
    ctx, _ = context_of(text)
    token = ctx.token_at(text.index("Lund") + 2)  # inside a token: that token
    assert token.text == "Lund"
    sent = ctx.sent_of(token)
    assert sent.text == "Ada Lund waited for an hour."
    assert ctx.sent_of(ctx.token_at(text.index("hour"))) is sent  # made once, then looked up
