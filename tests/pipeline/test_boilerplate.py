"""Page text rules: what stays of an article copied from a page."""

from __future__ import annotations

from pipeline.boilerplate import trim_page


def test_articles_of_short_paragraphs_are_kept():
    lines = ["Headline of a short story here", "A lead of about ten words sits right under the headline.",
             "Another short paragraph follows it here.", "And a third one closes the story."]
    kept, title, _, _ = trim_page(lines)
    assert title == lines[0] and kept == lines[1:]
