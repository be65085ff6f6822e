"""Page furniture (pipeline/furniture.py): whole lines, widget text inside lines, photo credits."""

from __future__ import annotations

import pytest

from pipeline.furniture import ends_with_credit, is_furniture, leading_credit, strip_inline_furniture


@pytest.mark.parametrize("line", [
    "Reading Time: 3 minutes", "Reading time 4 mins", "3 min read", "Est. 5 minute read", "Listen to this article",
    "Editor's note: this story was updated.", "Editor’s Note: The writer is a member of the board.",
    "This article originally appeared in The Harbour Post.", "This story was first published by the Harbour Post.",
    "Originally published on harbourpost.example", "Republished with permission from The Harbour Post.",
    "Story continues below", "Article continues after advertisement", "Continue reading the main story",
    "Advertisement", "ADVERTISEMENT - SCROLL TO CONTINUE", "Click here to subscribe", "Sign up for our daily briefing",
    "Share this article", "Follow us on Twitter", "Image copyright Getty Images", "Photo: Jane Roe", "Related: more news",
])
def test_furniture_lines(line):
    assert is_furniture(line)


@pytest.mark.parametrize("line", [
    "The board said the quay would reopen, according to a story that first appeared in the Harbour Post last year.",
    "Reading the report, the harbour master said the quay was safe.",
    "The editor said the note was wrong.",
    "Photographers gathered on the quay at dawn.",
    "Editor's note: " + "the board voted on the quay " * 10,  # too long for a note: text
])
def test_text_is_not_furniture(line):
    assert not is_furniture(line)


@pytest.mark.parametrize(("line", "cut"), [
    ("Skip Ad Ad Loading... x Embed x Share The board voted.", "The board voted."),
    ("The board voted. Click to share on WhatsApp (Opens in new window) Click to share on Facebook (Opens in new window)",
     "The board voted."),
    ("Get daily updates directly to your inbox + Subscribe Thank you for subscribing! Could not subscribe, try again "
     "later Invalid Email The board voted.", "The board voted."),
    ("Image copyright The Paper Image caption Rescuers dug on", "Rescuers dug on"),
    ("Media caption Tolk speaks on the quay", "Tolk speaks on the quay"),
    ("The board voted. Story continues below advertisement The quay will reopen.", "The board voted. The quay will reopen."),
    ("The media caption contest was won by Tolk.", "The media caption contest was won by Tolk."),
])
def test_widget_text_inside_lines(line, cut):
    assert strip_inline_furniture(line) == cut


def test_photo_credits():
    assert ends_with_credit("Workers on the quay. (Jane Roe/The Harbour Post)")
    assert ends_with_credit("Workers on the quay. (AP Photo/Jane Roe).") and ends_with_credit("Workers. (Reuters)")
    assert ends_with_credit("Workers on the quay. (Harbour Post)", also=("Harbour Post",))
    assert not ends_with_credit("The board (Vellmar) voted.") and not ends_with_credit("The board voted (9-2).")
    assert leading_credit("(Photo: Jane Roe) The board voted.") == len("(Photo: Jane Roe)")
    assert leading_credit("(Reuters) - The board voted.") == 0  # an agency's dateline, not a caption's credit
    assert leading_credit("(Harbour Post) The board", also=("Harbour Post",)) == len("(Harbour Post)")
