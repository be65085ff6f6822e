"""Past events an article narrates, read by the real model: which dated clauses are events, and their titles."""

from __future__ import annotations

from datetime import date

import pytest

from pipeline.extract import analyse_doc
from pipeline.records import Article
from pipeline.settings import ExtractSettings

PUBLISHED = date(2017, 5, 3)


def events_of(nlp, text: str):
    article = Article(raw_sha256="e" * 64, title="A test", title_method="test", text=text, published=PUBLISHED,
                      outlet="Test Outlet", url="https://example.org/past")
    return analyse_doc(nlp(text), article, cfg=ExtractSettings()).events


@pytest.mark.model
@pytest.mark.parametrize(
    ("text", "iso", "precision", "in_title"),
    [
        ("In 1991, Saudi Prince Alwaleed bin Talal purchased the yacht for $18 million.", "1991-01-01", "year",
         "Alwaleed bin Talal"),
        ("The company hired Paul Manafort in July 2008 to lobby for the party.", "2008-07-01", "month", "Manafort"),
        ("On Oct. 28, 2002, Viktor Vekselberg bought the collection of eggs.", "2002-10-28", "day", "Vekselberg"),
        # a country is an actor too ("the two countries", "Mexico"), counted half in the salience
        ("In 2014, Russia annexed Crimea after a disputed referendum.", "2014-01-01", "year", "Russia"),
        # the year qualifies the subject: the study's finding is the event
        ("A 2014 study by Harvard University found that the fund had lost money.", "2014-01-01", "year", "found"),
        # the content of a report the main clause holds, with its amount whole
        ("Critics seized upon a report that Donald Trump had a net loss of more than $915 million in 1995.",
         "1995-01-01", "year", "$915 million"),
        # a relative clause of a name: what the named one did, its noun said last when it is the object
        ("The yacht, which Alwaleed bin Talal bought in 1991, sails today.", "1991-01-01", "year",
         "Alwaleed bin Talal bought the yacht"),
        ("Schultz worked for years at MSNBC, which let him go in 2015.", "2015-01-01", "year", "MSNBC let him go"),
        ("The film tells the case of Kalief Browder, a young man who committed suicide in June 2015.", "2015-06-01",
         "month", "Kalief Browder committed suicide"),
        # a pronoun doer is the name it stands for; a clause of time with its own doer and date is its own event
        ("Tom Clarke is a coal baron. He bought the bridge in 2014 with a state loan.", "2014-01-01", "year",
         "Tom Clarke bought the bridge"),
        ("Liz Wahl resigned from the network after Russia seized Crimea from Ukraine in 2014.", "2014-01-01", "year",
         "Russia seized Crimea"),
        # of two subjects, the pronoun ("again the party's nominee, she was arrested"); "the two countries"
        ("Monday's visit was not Lena Brandt's first. In 2012, again the Green Party nominee, she was arrested at a "
         "debate.", "2012-01-01", "year", "Brandt was arrested"),
        ("Mexico said enough, and the United States gave in. On July 6, 2011, the two countries signed an agreement "
         "on trucks.", "2011-07-06", "day", "Mexico and United States signed an agreement"),
    ],
)
def test_a_clause_whose_action_carries_an_absolute_past_date_is_a_background_event(nlp, text, iso, precision, in_title):
    (event,) = events_of(nlp, text + " The yacht was sold again later.")
    assert (event.date, event.precision) == (iso, precision)
    assert in_title in event.title and not event.title.endswith((".", "..."))


@pytest.mark.model
@pytest.mark.parametrize(
    "text",
    [
        "The tower, built in 1983, has 58 floors and a view of the park.",  # a date of a description, no named actor
        "Sales were the highest since 2008, the report said.",  # a comparison, not an event
        "Prices rose in 1991 and fell in 1992.",  # no actor
        "The tower, which was built in 1983, is owned by the Trump Organization.",  # a relative clause naming no doer
        "Lawmakers met on Tuesday to discuss the budget.",  # a relative day is the news, not the past
        "The council will vote in 2031 on the plan, Mayor Ilse Varga said.",  # the future
    ],
)
def test_a_clause_without_an_absolute_past_date_of_its_own_or_without_actors_is_no_event(nlp, text):
    assert events_of(nlp, text) == []


@pytest.mark.model
@pytest.mark.parametrize(
    ("text", "title"),
    [
        # a pronoun or "the company" is the name it stands for
        ("Rep. Dana Hollis spoke at the rally. She announced her bid to the Tribune in April 2015.", "Dana Hollis announced her bid to the Tribune"),
        ("Lakeview Mining Corp. closed its last pit. The company was founded in October 2007 by two geologists from Chile.",
         "Lakeview Mining Corp. was founded by two geologists from Chile"),
        # names joined to the subject stay; a name beside a described subject is its doer
        ("Mr. Xi and Mr. Obama sealed their agreement on Nov. 11, 2014.", "Mr. Xi and Mr. Obama sealed their agreement"),
        ("The head of the fund, Kirill Dmitriev, met Elon Musk in March 2015.", "Kirill Dmitriev met Elon Musk"),
        # a subject that names nothing keeps the name hanging from it; a particle parsed as an adverb stays
        ("Efforts to enact a United Nations climate treaty in Copenhagen fell apart in 2009.",
         "Efforts to enact a United Nations treaty in Copenhagen fell apart"),
        # a quotation before its named speaker: who said what
        ("The country \"has made dramatic changes for the better,\" McConnell said in June 2012.",
         "McConnell said the country has made dramatic changes"),
        # a bracket inside a word stays whole
        ("In March 2011, Lena Brandt moved her 401(k) savings to a bank in Vellmar.",
         "Lena Brandt moved her 401(k) savings to a bank in Vellmar"),
    ],
)
def test_a_past_events_title_names_who_did_what(nlp, text, title):
    (event,) = events_of(nlp, text)
    assert event.title == title


@pytest.mark.model
def test_a_quotation_in_the_first_person_is_no_title(nlp):
    text = "\"In my first meeting with him in 2011, he said, 'Our approach hasn't worked; we want to work with you,'\" " \
           "Mitchell recalled in an interview."
    assert [e.title for e in events_of(nlp, text)] == []


@pytest.mark.model
def test_a_name_is_never_cut_from_a_title(nlp):
    text = "A 2014 study by Loyola Law School professor Justin Levitt found 31 incidents of voter impersonation."
    (event,) = events_of(nlp, text)
    assert "Justin Levitt" in event.title and len(event.title.split()) <= 14


@pytest.mark.model
def test_a_title_cut_at_its_limit_drops_a_prepositional_phrase_it_would_cut_through(nlp):
    from pipeline.event_mentions import gist

    doc = nlp("Kestrel Battery Works will build one of Europe's largest battery cell plants in the Polish port "
              "city of Gdansk.")
    title = gist(next(iter(doc.sents)))
    assert title and title.startswith("Kestrel Battery Works will build")
    assert not title.endswith(("in the Polish", "Polish", " in", " the"))
