"""The central actors of an event against the others its article names (issue 16): texts written
here, parsed by the real model and resolved against the shipped registry; event_actors on hand-built
lists."""

from __future__ import annotations

from datetime import date

import pytest

from pipeline.actors import EventActors, central_actors, event_actors
from pipeline.extract import analyse_doc
from pipeline.records import ActorMatch, Analysis, Article
from pipeline.resolve import resolve_analysis
from pipeline.settings import ExtractSettings, ResolveSettings

YACHT = ("In 1991, Saudi investor Alwaleed bin Talal purchased Donald Trump's yacht for $18 million. "
         "The sale was described in a book by Harvard economists. "
         "Alwaleed later sold the yacht to a Norwegian shipping company.")


def analysed(nlp, index, text: str, title: str = "A test article") -> Analysis:
    article = Article(raw_sha256="0" * 64, title=title, title_method="test", text=text, published=date(2017, 5, 2))
    return resolve_analysis(analyse_doc(nlp(text), article, cfg=ExtractSettings()), index=index, cfg=ResolveSettings())


@pytest.mark.model
def test_the_subject_and_object_of_the_events_clause_are_its_actors_issue_16(nlp, index):
    analysis = analysed(nlp, index, YACHT)
    actors = central_actors(analysis, {0})
    assert actors.central[:2] == ["Alwaleed bin Talal", "Donald Trump"]  # the subject first, then the object
    assert "Harvard" not in actors.central and "Harvard" in actors.mentioned
    assert not set(actors.central) & set(actors.mentioned)


@pytest.mark.model
def test_at_most_max_actors_the_rest_mentioned(nlp, index):
    text = ("Elon Musk, Kirill Dmitriev, Vladimir Putin and Donald Trump met Andrey Ionin and NASA officials "
            "on Tuesday.")
    analysis = analysed(nlp, index, text)
    everyone = central_actors(analysis, {0}, max_actors=8)
    two = central_actors(analysis, {0}, max_actors=2)
    assert len(everyone.central) >= 4 and two.central == everyone.central[:2]
    assert everyone.central[2:] == two.mentioned[: len(everyone.central) - 2]


@pytest.mark.model
def test_the_title_names_the_first_actor(nlp, index):
    text = "Kirill Dmitriev wrote to Elon Musk on Saturday about a joint mission to Mars."
    analysis = analysed(nlp, index, text, title="Moscow invites Musk for Mars collaboration")
    assert central_actors(analysis, {0}, title=analysis.article.title).central[0] == "Elon Musk"
    span = (text.index("Elon"), len(text))  # a title that is a span of the text: the background event's
    assert central_actors(analysis, {0}, title=span).central[0] == "Elon Musk"


@pytest.mark.model
def test_a_speaker_of_the_events_quote_is_central(nlp, index):
    text = ("“There will certainly be discussions with Musk soon,” said Kirill Dmitriev on Tuesday. "
            "Harvard researchers were not asked.")
    analysis = analysed(nlp, index, text)
    assert "Kirill Dmitriev" in central_actors(analysis, {0}).central
    assert "Kirill Dmitriev" not in central_actors(analysis, {1}).central


@pytest.mark.model
def test_a_building_is_no_actor_unless_the_event_is_about_it(nlp, index):
    sold = "Donald Trump sold Maison de L'Amitie to Russian billionaire Dmitry Rybolovlev in 2008 for $95 million."
    analysis = analysed(nlp, index, sold)
    assert any(c.name == "Maison de L'Amitie" and c.kind == "building" for c in analysis.candidates)
    actors = central_actors(analysis, {0})
    assert {"Donald Trump", "Dmitry Rybolovlev"} <= set(actors.central) and "Maison de L'Amitie" not in actors.central
    assert "Maison de L'Amitie" in central_actors(analysis, {0}, title=(sold.index("Maison"), sold.index(" to "))).central


@pytest.mark.model
def test_the_body_of_an_article_adds_the_actors_of_its_clauses_those_of_more_first(nlp, index):
    text = ("Officials met in Oslo on Tuesday to discuss the ferry deal. "
            "Greta Vilhelmsen signed the papers. Vilhelmsen then thanked the crews. "
            "Tomas Berge watched from the quay.")
    analysis = analysed(nlp, index, text)
    lead = {0}
    assert central_actors(analysis, lead).central == []
    body = central_actors(analysis, lead, context=range(len(analysis.sentences)))
    assert body.central == ["Greta Vilhelmsen", "Tomas Berge"]  # the subject of two clauses, then of one
    assert central_actors(analysis, lead, context=range(len(analysis.sentences)), max_actors=1).mentioned == [
        "Tomas Berge"]


def _source(actors: list[tuple[str, str]]) -> Analysis:
    article = Article(raw_sha256="0" * 64, title="t", title_method="test", text="x" * 200)
    return Analysis(article=article, sentences=[(0, 200)], actors=[
        ActorMatch(actor=name, actor_type=kind, text=name, start=i, end=i + 1, method="alias", score=100.0)
        for i, (name, kind) in enumerate(actors)])


def test_an_event_of_several_sources_names_each_actor_once_issue_16():
    registry = _source([("Donald Trump", "person"), ("Trump Administration", "government")])
    one = (registry, EventActors(["Rybolovlev", "Donald Trump", "Treasury"], ["Harvard"]))
    two = (_source([]), EventActors(["Dmitry Rybolovlev", "Trump Administration"], ["Treasury Department", "Moon"]))
    actors = event_actors([one, two], max_actors=8)
    assert actors.central == ["Dmitry Rybolovlev", "Donald Trump", "Trump Administration", "Treasury Department"]
    assert actors.mentioned == ["Harvard", "Moon"]  # registry actors are never folded into one another
    assert event_actors([one, two], max_actors=2).central == ["Dmitry Rybolovlev", "Donald Trump"]


def test_an_event_of_many_sources_takes_what_most_name_and_a_country_only_most_have_act():
    from pipeline.records import Candidate

    russia = _source([("Roscosmos", "government")]).model_copy(update={"candidates": [
        Candidate(name="Russian Federation", suggested_type="government", mentions=[(0, 1)], kind="place")]})
    sources = [
        (russia, EventActors(["Russian Federation", "Elon Musk", "Kirill Dmitriev", "Vladimir Putin"], ["Roscosmos"])),
        (_source([]), EventActors(["Kirill Dmitriev", "Elon Musk"], ["Roscosmos", "Moon"])),
        (_source([]), EventActors(["Elon Musk", "Kirill Dmitriev"], ["Roscosmos"])),
        (_source([]), EventActors(["Elon Musk", "Kirill Dmitriev", "Donald Trump"], ["Harvard"])),
    ]
    actors = event_actors(sources, max_actors=5)
    # Roscosmos, named in passing by three of four sources, outranks a name one source has at its fourth
    assert actors.central == ["Elon Musk", "Kirill Dmitriev", "Roscosmos", "Donald Trump", "Vladimir Putin"]
    assert "Russian Federation" in actors.mentioned  # one source of four has it act
    assert "Russian Federation" in event_actors(sources[:2], max_actors=5).central  # two sources: as before


def test_an_analysis_without_clause_roles_keeps_its_salience_ranking():
    analysis = _source([("Donald Trump", "person"), ("Elon Musk", "person")]).model_copy(
        update={"ranking": ["Elon Musk", "Donald Trump"]})
    assert central_actors(analysis, {0}, max_actors=1) == EventActors(["Elon Musk"], ["Donald Trump"])


@pytest.mark.model
def test_a_country_acting_is_an_actor_a_place_of_the_event_is_not_issue_16(nlp, index):
    text = ("In 1979, Freedonia rejected the Jimmy Carter administration's offer. "
            "Two years later, trucks from Freedonia were stopped at the border of Sylvania. "
            "Sylvanian officials said the program would end.")
    analysis = analysed(nlp, index, text)
    places = {c.name: c for c in analysis.candidates if c.kind == "place"}
    assert "Freedonia" in places and "Sylvania" not in places  # a subject acts; "of Sylvania" is a place
    assert set(central_actors(analysis, {0}).central) == {"Freedonia", "Carter Administration"}
    assert "Freedonia" not in central_actors(analysis, {1}).central  # "trucks from Freedonia": the scene
    assert "Freedonia" not in analysis.ranking  # a country names no story: clustering does not compare by it


@pytest.mark.model
def test_a_modifier_country_does_not_act_and_short_forms_take_the_countrys_name(nlp, index):
    text = "U.S. officials said on Monday that the program worked. The U.S. later ended the program."
    analysis = analysed(nlp, index, text)
    place = next(c for c in analysis.candidates if c.kind == "place")
    assert place.name == "United States"
    assert [text[s:e] for s, e in place.mentions] == ["U.S."]  # the second: the subject of "ended"
    assert "United States" not in central_actors(analysis, {0}).central
    assert "United States" in central_actors(analysis, {1}).central


@pytest.mark.model
def test_a_surname_in_the_title_names_nobody_when_two_people_of_the_article_bear_it(nlp, index):
    text = ("Jane Harlow and her husband Mark Harlow founded the charity in 1998. "
            "In her 2003 book, Harlow described the charity's first grant.")
    analysis = analysed(nlp, index, text)
    actors = central_actors(analysis, {1}, title="Harlow described the charity's first grant")
    assert "Mark Harlow" not in actors.central  # "Harlow" in the title is not the husband's name
    alone = analysed(nlp, index, "Jane Harlow founded the charity in 1998. In her 2003 book, Harlow described it.")
    assert central_actors(alone, {1}, title="Harlow described it").central[:1] == ["Jane Harlow"]
