"""A digest page split into its items (issue 16), on pages written for these tests: headlines
found, spans in the clean text, links kept, and articles left as they are (no items)."""

from __future__ import annotations

from datetime import date, datetime, timezone

import pytest

from pipeline.clean import clean_document
from pipeline.digest import digest_items
from pipeline.records import Article, RawDocument
from pipeline.settings import CleanSettings

PAGE_URL = "https://digest.example/p/daily-roundup-12"
STORIES = [
    ("Harbour board awards dredging deal to a donor's firm",
     "The Kestle harbour board gave a four-year dredging contract to Lindqvist Marine, whose owner funded two board "
     "members' campaigns, without an open tender.", "https://news.example/harbour-dredging"),
    ("Auditor says rail ticket machines cost twice their price",
     "The state auditor found that the rail authority paid double the list price for 300 ticket machines bought "
     "through a single supplier last spring.", "https://news.example/rail-machines"),
    ("Council delays vote on the flood barrier",
     "Millbrook council postponed its vote on the river flood barrier for a third time after the engineering "
     "report arrived late and incomplete.", "https://other.example/flood-barrier"),
    ("Regulator fines app over children's location data",
     "The data oversight board fined Pinwheel Social for keeping the precise locations of teenage users for up "
     "to three years without a legal basis.", "/local/pinwheel-fine"),
    ("Telescope survey loses half of its funding",
     "The science ministry cut the Atacama survey telescope's budget by half, and the observatory said two "
     "instruments would be shelved.", "https://science.example/telescope"),
    ("Union and rail operator reach a pay deal",
     "The rail workers' union accepted a two-year pay offer from the operator, ending a strike that had halted "
     "commuter lines for nine days.", "https://news.example/rail-deal"),
]


def heading_digest(stories=STORIES) -> str:
    """A daily digest in the style of a newsletter: section headings, items of a headline, two
    short paragraphs and a source line, a share button, and closing sections without links."""
    parts = []
    for i, (headline, body, link) in enumerate(stories):
        if i % 3 == 0:
            parts.append(f"<h3>Section {i // 3 + 1} of the day's news</h3><p></p>")
        parts.append(f"<h3>{headline}</h3><p><strong>What happened:</strong> {body}</p>"
                     f"<p><strong>Why it matters:</strong> Oversight of public money depends on records like these, "
                     f"and the public rarely sees them.</p><pre><code>Source: <a href=\"{link}\">the report</a> "
                     f"<a href=\"javascript:alert(1)\">tip</a> <a href=\"mailto:desk@news.example\">desk</a></code></pre>")
    return f"""<!DOCTYPE html><html lang="en"><head><title>Daily roundup: day 12</title>
<meta property="og:site_name" content="Daily Roundup"></head><body>
<nav><h3>Menu</h3><ul><li><a href="/archive">Archive</a></li><li><a href="/about">About</a></li></ul></nav>
<article><h1>Daily roundup: day 12</h1>
<p>Welcome to the daily roundup, where the stories of the day are gathered with a few words on each of them and a
link to the reporting they come from.</p>
{''.join(parts)}
<h3>What to watch next</h3><p>Whether the harbour board reopens the tender before the dredging season begins in the
autumn, and whether the auditor's report reaches the legislature before its summer recess.</p>
<p>Thanks for reading the daily roundup.</p><p><a href="{PAGE_URL}?action=share">Share</a></p>
</article></body></html>"""


def bold_lead_digest() -> str:
    """A roundup whose items are paragraphs opening with a bold lead (and a repeated bold label)."""
    items = "".join(f"<p><strong>{headline}.</strong> {body} <a href=\"{link}\">Read more</a></p>"
                    f"<p><strong>Read more:</strong> <a href=\"https://archive.example/{i}\">earlier coverage</a></p>"
                    for i, (headline, body, link) in enumerate(STORIES))
    return f"""<!DOCTYPE html><html lang="en"><head><title>Evening briefing</title></head><body><article>
<h1>Evening briefing</h1><p>Good evening. Here is what happened today in the stories we follow, in brief, with the
reports to read in full.</p>{items}</article></body></html>"""


def article_with_sections(sections: int, words: int) -> str:
    """An article in sections: an <h2> each, prose with a link in it."""
    prose = " ".join(["The committee heard evidence about the contract and the tender that preceded it."] * (words // 13))
    body = "".join(f"<h2>Part {i + 1} of the inquiry</h2><p>{prose} <a href=\"https://news.example/doc-{i}\">The "
                   f"documents</a> were published by the committee.</p>" for i in range(sections))
    return f"""<!DOCTYPE html><html lang="en"><head><title>Inside the inquiry</title></head><body><article>
<h1>Inside the inquiry</h1><p>The harbour inquiry has sat for six weeks; what follows is what it has heard so far
in its public sessions, part by part.</p>{body}</article></body></html>"""


def cleaned(html: str, url: str | None = PAGE_URL) -> Article:
    data = html.encode("utf-8")
    raw = RawDocument(sha256="0" * 64, source=url or "test", source_kind="url" if url else "file", url=url,
                      fetched_at=datetime(2025, 5, 1, tzinfo=timezone.utc), content_type="text/html", path="x",
                      size=len(data))
    return clean_document(raw, data, cfg=CleanSettings())


def test_a_digest_is_split_into_its_items_with_their_spans_in_the_text():
    article = cleaned(heading_digest())
    assert [i.headline for i in article.items] == [h for h, _, _ in STORIES]
    assert all(i.method == "heading" for i in article.items)
    for item, (headline, body, _), following in zip(article.items, STORIES, [*STORIES[1:], None]):
        span = article.text[item.start:item.end]
        assert span.startswith(headline) and body.split()[-1] in span and "Source: the report" in span
        assert following is None or following[0] not in span
    assert "What to watch" not in article.text[article.items[-1].start:article.items[-1].end]
    assert [i.start for i in article.items] == sorted(i.start for i in article.items)


def test_an_items_links_are_its_own_http_links_resolved_against_the_page():
    article = cleaned(heading_digest())
    assert [i.links for i in article.items] == [
        [link if link.startswith("http") else "https://digest.example" + link] for _, _, link in STORIES]


def test_section_headings_closing_sections_and_the_share_button_are_no_items():
    headlines = [i.headline for i in cleaned(heading_digest()).items]
    assert not [h for h in headlines if h.startswith(("Section", "What to watch", "Menu"))]
    assert not [link for i in cleaned(heading_digest()).items for link in i.links if link.startswith(PAGE_URL)]


def test_a_roundup_of_bold_leads_is_split_and_a_repeated_label_is_no_headline():
    article = cleaned(bold_lead_digest())
    assert [i.headline for i in article.items] == [h for h, _, _ in STORIES]  # as written, without the full stop
    assert all(i.method == "bold-lead" for i in article.items)
    first = article.items[0]
    assert article.text[first.start:first.end].startswith(STORIES[0][0])
    assert first.links[0] == STORIES[0][2] and "https://archive.example/0" in first.links


@pytest.mark.parametrize(("sections", "words"), [(3, 60), (6, 320)], ids=["few sections", "long sections"])
def test_an_article_in_sections_with_links_is_no_digest(sections, words):
    assert cleaned(article_with_sections(sections, words)).items == []


def test_too_few_items_is_no_digest():
    assert cleaned(heading_digest(STORIES[:4])).items == []


def test_the_whole_text_stays_the_articles_text():
    article = cleaned(heading_digest())
    assert article.text.startswith("Welcome to the daily roundup") and "What to watch next" in article.text


def test_a_plain_text_page_has_no_items():
    text = "\n\n".join(f"{h}\n{b}" for h, b, _ in STORIES).encode("utf-8")
    raw = RawDocument(sha256="0" * 64, source="t.txt", source_kind="file", fetched_at=datetime(2025, 5, 1, tzinfo=timezone.utc),
                      content_type="text/plain", path="x", size=len(text))
    assert clean_document(raw, text, cfg=CleanSettings()).items == []


@pytest.mark.parametrize("html", ["", "<p>not closed", "<h3>" * 10, "\x00<h2>a</h2>" * 6])
def test_broken_or_empty_html_has_no_items(html):
    assert digest_items(html, "some text", base_url=PAGE_URL) == []


def test_items_not_in_the_clean_text_are_left_out():
    """A teaser rail that clean's text does not hold (here: the text is another page's) is no digest."""
    assert digest_items(heading_digest(), "A text about something else entirely.", base_url=PAGE_URL) == []


def test_the_six_real_digests_are_split_into_their_stories(shared):
    """../shared/gold/digests.jsonl: 32-39 items a page when measured (bench/digests.py)."""
    import json

    for line in (shared / "gold" / "digests.jsonl").read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        article = cleaned(record["html"], record["url"])
        assert 25 <= len(article.items) <= 45, (record["doc_id"], len(article.items))
        for item in article.items:
            assert article.text[item.start:item.end].startswith(item.headline) and item.links
            assert not any(link.startswith(record["url"]) for link in item.links)


@pytest.mark.parametrize(("first_line", "published", "expected"), [
    ("📆 Trump Tyranny Tracker: August 14\nWelcome", date(2025, 8, 24), date(2025, 8, 14)),
    ("Morning digest, Aug. 3, 2025\n...", date(2025, 8, 4), date(2025, 8, 3)),
    ("Morning digest\nOn August 14 the council met", date(2025, 8, 24), None),  # not on the first line
    ("Tracker: July 1\n", date(2025, 8, 24), None),  # further back than a repost
    ("Tracker: August 30\n", date(2025, 8, 24), None),  # after the page's own date
])
def test_a_digest_is_dated_by_the_day_its_first_line_names(first_line, published, expected):
    from pipeline.digest import digest_date

    assert digest_date(first_line, published) == expected
