"""Page text rules: what stays of an article copied from a page."""

from __future__ import annotations

from pipeline.boilerplate import trim_page


def test_articles_of_short_paragraphs_are_kept():
    lines = ["Headline of a short story here", "A lead of about ten words sits right under the headline.",
             "Another short paragraph follows it here.", "And a third one closes the story."]
    kept, title, _, _ = trim_page(lines)
    assert title == lines[0] and kept == lines[1:]


# Issue 16: furniture, run-together text and datelines.

import pytest  # noqa: E402

from pipeline.boilerplate import is_junk_line, split_dateline_prefix  # noqa: E402

SENTENCE = "The harbour board of Vellmar voted on Tuesday to rebuild the north quay after the winter storms."


def test_a_whole_article_on_one_line_is_kept_whatever_widget_text_is_in_it_16():
    """A scraper that lost the page's structure runs an article into one line, share buttons and all
    (8 of the 76 who/when gold articles were dropped whole as a 'share on' or copyright line)."""
    line = ("Quay to be rebuilt Click to share on WhatsApp (Opens in new window) Click to share on Facebook "
            "(Opens in new window) " + " ".join([SENTENCE] * 6) + " Copyright 2025 The Vellmar Gazette. All rights reserved.")
    kept, _, _, _ = trim_page(["Quay to be rebuilt", line])
    assert len(kept) == 1 and "Click to share" not in kept[0] and "(Opens in" not in kept[0]
    assert kept[0].startswith("Quay to be rebuilt " + SENTENCE[:20])


def test_a_paragraph_may_mention_a_newsletter_16():
    paragraph = ("In its newsletter on Monday, the harbour board of Vellmar said the north quay would be rebuilt "
                 "within two years at a cost of forty million crowns.")
    assert not is_junk_line(paragraph) and is_junk_line("Sign up for the Harbour Brief newsletter")
    kept, _, _, _ = trim_page(["Quay to be rebuilt", SENTENCE, paragraph])
    assert kept == [SENTENCE, paragraph]


@pytest.mark.parametrize("furniture", [
    "Reading Time: 3 minutes", "5 min read", "Editor's note: This story was updated on Wednesday.",
    "This article originally appeared in The Harbour Post.", "Story continues below advertisement",
    "Continue reading the main story", "Image copyright EPA",
])
def test_furniture_lines_leave_the_text_16(furniture):
    kept, _, _, _ = trim_page(["Quay to be rebuilt", furniture, SENTENCE, furniture, "A short last paragraph here."])
    assert kept == [SENTENCE, "A short last paragraph here."]


@pytest.mark.parametrize(("paragraph", "dateline"), [
    ("WASHINGTON (AP) — The board voted.", "WASHINGTON (AP) — "),
    ("Moscow (Reuters) - The board voted.", "Moscow (Reuters) - "),
    ("HEMPSTEAD, N.Y., Sept. 26 (UPI) — The board voted.", "HEMPSTEAD, N.Y., Sept. 26 (UPI) — "),
    ("NEWPORT NEWS, Va. - In a tradition", "NEWPORT NEWS, Va. - "),
    ("WASHINGTON ― Donald Trump said", "WASHINGTON ― "),
    ("Photo LONDON -- At least seven", "Photo LONDON -- "),
    ("May 1—A recent statement", "May 1—"),
    ("VELLMAR, Ost. -", "VELLMAR, Ost. -"),  # a dateline the parser made a sentence of its own
    ("Mehmet Oz — Ivy League-trained surgeon", ""),  # a name, not a place
    ("US - China trade talks resumed", ""), ("Donald Trump - the president", ""),
])
def test_datelines_are_split_off_16(paragraph, dateline):
    assert split_dateline_prefix(paragraph) == (dateline, paragraph[len(dateline):])
