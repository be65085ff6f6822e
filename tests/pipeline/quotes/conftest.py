"""Fixtures for the quotes package: a document's attributions, and the Context its rules read."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from pipeline.quotes import extract_quotes, find_quote_parts
from pipeline.quotes.context import Context
from pipeline.quotes.marks import Part
from pipeline.records import Quote


@pytest.fixture
def quotes_of(nlp) -> Callable[[str], list[Quote]]:
    return lambda text: extract_quotes(nlp(text))


@pytest.fixture
def context_of(nlp) -> Callable[[str], tuple[Context, list[list[Part]]]]:
    """A text's Context and its quotes' parts, as `extract_quotes` builds them."""

    def build(text: str) -> tuple[Context, list[list[Part]]]:
        parts = find_quote_parts(text)
        return Context.build(nlp(text), sorted(s for p in parts for s in p), text), parts

    return build
