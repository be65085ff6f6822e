"""An event's description (pipeline/describe.py): no dateline, no furniture, no pronoun without its
antecedent, relative days written as dates. The texts are written for these tests."""

from __future__ import annotations

from datetime import date

import pytest

from pipeline.describe import describe
from pipeline.records import Analysis, DateMention, Mention
from tests.fixtures.records import analysis, sentences

THURSDAY = date(2025, 3, 20)


def told(text: str, *, published: date | None = THURSDAY, people: tuple[str, ...] = (), names: tuple[str, ...] = (),
         dates: tuple[tuple[str, str, str], ...] = (), outlet: str | None = None) -> Analysis:
    """`text` as extract leaves it: a sentence per line or full stop; `people` PERSON mentions,
    `names` ORG mentions, `dates` (text, ISO, granularity) DATE mentions as spaCy marks them."""
    made = analysis("a" * 64, "A test", text=text, published=published, outlet=outlet, one_sentence=False)
    spans = sentences(text)

    def at(written: str) -> tuple[int, int, int]:
        start = text.index(written)
        return start, start + len(written), next(i for i, (a, b) in enumerate(spans) if a <= start < b)

    mentions = [Mention(text=w, label=label, start=s, end=e, sentence=i)
                for label, group in (("PERSON", people), ("ORG", names)) for w in group for s, e, i in [at(w)]]
    found = [DateMention(text=w, start=s, end=e, sentence=i, iso=iso, granularity=g, anchor=published)
             for w, iso, g in dates for s, e, i in [at(w)]]
    return made.model_copy(update={"mentions": mentions, "dates": found})


def text_of(made: Analysis, indexes=None, **options) -> str:
    return describe(made, list(range(len(made.sentences))) if indexes is None else indexes, **options).text


@pytest.mark.parametrize("dateline", [
    "WASHINGTON (AP) — ", "Moscow (AP) — ", "NEWPORT NEWS, Va. - ", "HEMPSTEAD, N.Y., Sept 26 (UPI) — ",
    "VELLMAR — ", "Photo VELLMAR -- ", "(Reuters) - ",
])
def test_no_dateline(dateline):
    made = told(f"{dateline}The harbour board of Vellmar voted to rebuild the north quay.")
    assert text_of(made) == "The harbour board of Vellmar voted to rebuild the north quay."


def test_a_dateline_the_parser_made_a_sentence_and_a_byline_run_in_before_an_agency_dateline():
    made = told("VELLMAR, Ost. -\nThe harbour board voted to rebuild the north quay.")
    assert text_of(made) == "The harbour board voted to rebuild the north quay."
    made = told("Quay to be rebuilt By Jane Roe VELLMAR, March 20 (Reuters) - The harbour board voted to rebuild the quay")
    assert text_of(made) == "The harbour board voted to rebuild the quay."  # a sentence ends


def test_a_digests_labels_go_and_a_headline_line_ends_as_a_sentence():
    made = told("Harbour board backs a new quay for the north shore\nWhat Happened: The harbour board voted to "
                "rebuild the north quay. Why It Matters: Ferries have docked at a temporary pier since the storm.")
    assert text_of(made) == ("Harbour board backs a new quay for the north shore. The harbour board voted to rebuild "
                             "the north quay. Ferries have docked at a temporary pier since the storm.")


@pytest.mark.parametrize("furniture", [
    "Reading Time: 3 minutes", "Editor's note: this story was updated with the vote count.",
    "This article originally appeared in The Harbour Post.", "Story continues below advertisement",
    "Correction: an earlier version of this story gave the wrong name of the quay.",
    "Click to share on WhatsApp (Opens in new window)", "Sign up for our daily briefing.",
])
def test_no_furniture(furniture):
    made = told(f"{furniture}\nThe harbour board of Vellmar voted to rebuild the north quay.")
    assert text_of(made) == "The harbour board of Vellmar voted to rebuild the north quay."


def test_widget_text_run_into_a_sentence_is_cut_out():
    made = told("Click to share on WhatsApp (Opens in new window) The harbour board voted to rebuild the north quay.")
    assert text_of(made) == "The harbour board voted to rebuild the north quay."


def test_captions_and_their_credits_are_not_the_description():
    made = told("Workers stand on the broken quay in Vellmar. (Jane Roe/Harbour Post)\n"
                "The harbour board voted to rebuild the north quay.")
    assert text_of(made) == "The harbour board voted to rebuild the north quay."
    made = told("Workers stand on the broken quay in Vellmar. (Harbour Post) The harbour board voted to rebuild it.",
                outlet="Harbour Post")
    assert text_of(made) == "The harbour board voted to rebuild it."
    made = told("Workers stand on the broken quay in Vellmar.\n(Photo: Jane Roe) The board voted to rebuild the quay.")
    assert text_of(made, [1]) == "The board voted to rebuild the quay."


def test_a_pronoun_needs_its_antecedent_in_the_description():
    made = told("The harbour master Iven Tolk opened the quay. He cut the ribbon at noon. It was a bright day.",
                people=("Iven Tolk",))
    assert text_of(made) == "The harbour master Iven Tolk opened the quay. He cut the ribbon at noon. It was a bright day."
    # the lead starts at "He": the sentence before it names him, so it is taken in
    described = describe(made, [1, 2])
    assert described.text == made.article.text and described.sentences == [0, 1, 2]
    assert "sentence 0 taken in" in described.changes[0]
    # the sentence before names nobody: "He" is dropped, "It" then has nothing before it either
    made = told("The quay reopened. He cut the ribbon at noon. It was a bright day. The board paid for it.")
    assert text_of(made, [1, 2, 3]) == "The board paid for it."


def test_the_writers_pronouns_and_questions_are_not_the_event():
    made = told("I cannot believe the quay took ten years. Why did it take so long? The harbour board voted to rebuild it.")
    assert text_of(made) == "The harbour board voted to rebuild it."
    made = told("“We kept every stone we could,” Tolk said of the quay.")
    assert text_of(made) == made.article.text  # a quotation opens on its speaker's pronoun
    made = told("US officials praised the quay in Vellmar.")
    assert text_of(made) == made.article.text  # capitals: a name, not "us"


@pytest.mark.parametrize(("written", "made_absolute"), [
    ("Tolk opened the quay Saturday morning in Vellmar.", "Tolk opened the quay on March 15, 2025 in Vellmar."),
    ("Tolk opened the quay on Tuesday in Vellmar.", "Tolk opened the quay on March 18, 2025 in Vellmar."),
    ("Tolk opened the quay late Tuesday in Vellmar.", "Tolk opened the quay late on March 18, 2025 in Vellmar."),
    ("Tolk opened the quay in the early hours of Wednesday morning.", "Tolk opened the quay in the early hours of March 19, 2025."),
    ("Yesterday, Tolk opened the quay in Vellmar.", "On March 19, 2025, Tolk opened the quay in Vellmar."),
    ("Tolk has run the port since last month in Vellmar.", "Tolk has run the port since February 2025 in Vellmar."),
    ("Tolk said the quay would cost more this year.", "Tolk said the quay would cost more in 2025."),
    ("For Tolk, Sunday was about the quay and nothing else.", "For Tolk, March 16, 2025 was about the quay and nothing else."),
    # left as written: possessives, names, days a date follows, capitals
    ("Tolk spoke after Monday's vote on the quay.", "Tolk spoke after Monday's vote on the quay."),
    ("Tolk spoke after Monday night’s vote on the quay.", "Tolk spoke after Monday night’s vote on the quay."),
    ("Tolk spoke of the quay before Super Tuesday.", "Tolk spoke of the quay before Super Tuesday."),
    ("Tolk opened the quay on Sunday, March 16, 2025.", "Tolk opened the quay on Sunday, March 16, 2025."),
    ("Tolk said so on VELLMAR TODAY in the evening.", "Tolk said so on VELLMAR TODAY in the evening."),
    ("“We open the quay on Tuesday,” Tolk said today.", "“We open the quay on Tuesday,” Tolk said on March 20, 2025."),
])
def test_relative_days_are_written_as_dates(written, made_absolute):
    assert text_of(told(written)) == made_absolute


def test_a_date_mention_gives_the_day_and_a_name_keeps_its_day():
    # extract read "Thursday" as the coming one (a future clause): that date is the one written
    made = told("Trains will run again on Thursday in Vellmar.", dates=(("Thursday", "2025-03-27", "day"),))
    assert text_of(made) == "Trains will run again on March 27, 2025 in Vellmar."
    made = told("Tolk told Fox News Sunday that the quay is open.", names=("Fox News Sunday",))
    assert text_of(made) == "Tolk told Fox News Sunday that the quay is open."


def test_a_relative_day_with_no_date_to_count_from_is_dropped():
    made = told("On Tuesday, Tolk opened the quay in Vellmar.", published=None)
    described = describe(made, [0])
    assert described.text == "Tolk opened the quay in Vellmar."
    assert "no date to count it from" in described.changes[0]


def test_limits_and_the_sentences_after_a_lead_with_nothing_left():
    made = told("The harbour board met. The harbour board voted. The harbour board paid. The harbour board left. "
                "Reading Time: 3 minutes\n"
                "Tolk opened the new quay in Vellmar after ten years of delays and arguments about its cost, "
                "and about two hundred dock workers watched him cut the ribbon.")
    assert text_of(made, [0, 1, 2, 3], max_sentences=3) == ("The harbour board met. The harbour board voted. "
                                                            "The harbour board paid.")
    assert text_of(made, [0, 1, 2, 3], max_words=9) == "The harbour board met. The harbour board voted."
    assert text_of(made, [0, 1, 2, 3], max_words=1) == "The harbour board met."  # one sentence at least
    assert text_of(made, [4], more=[5]).startswith("Tolk opened the new quay")
    assert describe(made, [4]).text == ""


@pytest.mark.model
def test_a_page_with_a_dateline_a_caption_and_a_relative_day_parsed_by_the_model(nlp):
    from pipeline.extract import analyse_doc
    from pipeline.records import Article
    from pipeline.settings import ExtractSettings

    text = ("Workers stand on the broken north quay in Vellmar. (Jane Roe/Harbour Post)\n"
            "VELLMAR, Ost. (AP) — Harbour master Iven Tolk reopened the north quay of Vellmar on Tuesday after "
            "two years of repairs. He said the port would double its traffic by summer.")
    article = Article(raw_sha256="b" * 64, title="Vellmar quay reopens", title_method="test", text=text,
                      published=THURSDAY)
    made = analyse_doc(nlp(text), article, cfg=ExtractSettings())
    assert text_of(made) == ("Harbour master Iven Tolk reopened the north quay of Vellmar on March 18, 2025 after two "
                             "years of repairs. He said the port would double its traffic by summer.")


@pytest.mark.model
@pytest.mark.shared
def test_the_seed_of_15_march_is_described_with_its_date_16(seed_paths, nlp, index):
    from pipeline.clean import clean_document
    from pipeline.draft import build_draft
    from pipeline.extract import analyse_doc
    from pipeline.resolve import resolve_analysis
    from pipeline.settings import DraftSettings, ExtractSettings, ResolveSettings
    from tests.pipeline.test_clean import CFG, make_raw

    data = seed_paths[2].read_bytes()
    article = clean_document(make_raw(data), data, cfg=CFG)
    made = resolve_analysis(analyse_doc(nlp(article.text), article, cfg=ExtractSettings()), index=index,
                            cfg=ResolveSettings())
    description = build_draft(made, cfg=DraftSettings(), pipeline_version="test").description
    assert description.startswith("The head of the Russian sovereign wealth fund, Kirill Dmitriev, propositioned "
                                  "Elon Musk on March 15, 2025 on X")


def test_a_lead_of_furniture_is_described_by_the_sentences_after_it():
    from pipeline.describe import describe_lead
    from pipeline.settings import DraftSettings

    made = told("Reading Time: 3 minutes\nEditor's note: this story was updated with the vote count.\n"
                "The harbour board of Vellmar voted to rebuild the north quay. The work starts in May.")
    described = describe_lead(made, [0, 1], cfg=DraftSettings())
    assert described.text == "The harbour board of Vellmar voted to rebuild the north quay. The work starts in May."
    assert described.sentences == [2, 3]
