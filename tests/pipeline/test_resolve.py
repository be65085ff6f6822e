"""Resolution against the real registry (models/actors.yaml) and a small one built here."""

from __future__ import annotations

from datetime import date

import pytest

from pipeline.extract import analyse_doc
from pipeline.names import normalize_name, strip_titles
from pipeline.records import Actor, Article
from pipeline.resolve import ActorIndex, learn_acronyms, resolve_analysis
from pipeline.settings import ExtractSettings, ResolveSettings

CFG = ResolveSettings()



def analyse(nlp, text: str) -> "Analysis":  # noqa: F821
    article = Article(raw_sha256="0" * 64, title="A test article", title_method="test", text=text,
                      published=date(2025, 3, 20))
    return analyse_doc(nlp(text), article, cfg=ExtractSettings())


def actors_by_text(analysis) -> dict[str, str]:
    return {m.text: m.actor for m in analysis.actors}


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Russian President Vladimir Putin", "Vladimir Putin"),
        ("President Trump", "Trump"),
        ("Musk's", "Musk"),
        ("Moscow", "Moscow"),
        ("Russian Direct Investment Fund", "Russian Direct Investment Fund"),
    ],
)
def test_strip_titles(name, expected):
    assert strip_titles(name) == expected


def test_normalize_name_folds_case_accents_possessive_and_article():
    assert normalize_name("the Kremlin’s") == normalize_name("Kremlin") == "kremlin"
    assert normalize_name("Tomás Herrera") == "tomas herrera"


def test_learn_acronyms_from_parentheses():
    text = "Head of the Russian Direct Investment Fund (RDIF) Kirill Dmitriev and the Northern Rail Authority (NRA)."
    assert learn_acronyms(text) == {"RDIF": "Russian Direct Investment Fund", "NRA": "Northern Rail Authority"}


@pytest.mark.model
def test_resolve_rules_on_a_text(nlp, index):
    text = ("Kirill Dmitriev, head of the Russian Direct Investment Fund (RDIF), wrote to Elon Musk on Tuesday. "
            "Musk did not answer. RDIF said Moscow's sovereign wealth fund would pay. "
            "Russian President Vladimir Putin backed the plan.")
    analysis = resolve_analysis(analyse(nlp, text), index=index, cfg=CFG)
    found = actors_by_text(analysis)
    assert found["Kirill Dmitriev"] == "Kirill Dmitriev"
    assert found["Musk"] == "Elon Musk"
    assert found["RDIF"] == "Russian Direct Investment Fund"
    assert found["Moscow's sovereign wealth fund"] == "Russian Direct Investment Fund"
    assert "Vladimir Putin" in found.values()
    methods = {m.text: m.method for m in analysis.actors}
    assert methods["Musk"] == "surname-in-text"
    assert methods["Moscow's sovereign wealth fund"] == "registry-phrase"
    for match in analysis.actors:
        assert text[match.start : match.end] == match.text


@pytest.mark.model
def test_unknown_names_become_candidates_not_drops(nlp, index):
    text = ("Greta Vilhelmsen, who leads the Fjordline Ferry Company, met Elon Musk in Oslo on Tuesday. "
            "Vilhelmsen said the talks went well, according to Reuters.")
    analysis = resolve_analysis(analyse(nlp, text), index=index, cfg=CFG)
    candidates = {c.name: c for c in analysis.candidates}
    assert "Greta Vilhelmsen" in candidates
    assert candidates["Greta Vilhelmsen"].suggested_type == "person"
    assert len(candidates["Greta Vilhelmsen"].mentions) == 2  # the surname alone folds into the full name
    assert "Reuters" not in candidates  # an outlet cited as a source is not an actor
    assert all(c.name != "Elon Musk" for c in analysis.candidates)


def test_fuzzy_and_look_alikes():
    index = ActorIndex.build([
        Actor(name="Donald Trump", type="person"),
        Actor(name="Donald Trump Jr.", type="person"),
        Actor(name="Eric Trump", type="person"),
        Actor(name="Trump Organization", type="organization"),
        Actor(name="Trump Administration", type="government"),
        Actor(name="Russian Direct Investment Fund", type="government", acronyms=["RDIF"]),
    ])
    assert index.lookup("Russian Direct Investment Fund Fund", 90)[:2] == (5, "fuzzy")
    assert index.lookup("Donald Trump Jr", 90)[0] == 1
    assert index.lookup("Trump Organisation", 90)[0] == 3
    assert index.lookup("Eric Trump", 90)[0] == 2
    assert index.lookup("Trump", 90) is None  # ambiguous alone: not guessed
    assert index.lookup("RDIF", 90)[:2] == (5, "acronym")


@pytest.mark.model
def test_candidates_leave_out_fragments_credits_and_wire_services(nlp, index):
    text = ("Greta Vilhelmsen, who leads the Fjordline Ferry Company, met Elon Musk in Oslo on Tuesday. "
            "Photo: Jonas Ek/Reuters\n"
            "BREAKING NEWS ALERT\n"
            "Rescue crews were on standby, AFP reported. Greta said the talks went well.")
    analysis = resolve_analysis(analyse(nlp, text), index=index, cfg=CFG)
    names = {c.name for c in analysis.candidates}
    assert "Greta Vilhelmsen" in names
    for bad in ("Jonas Ek/Reuters", "BREAKING NEWS ALERT", "Rescue", "AFP", "Greta"):
        assert bad not in names, bad
    greta = next(c for c in analysis.candidates if c.name == "Greta Vilhelmsen")
    assert greta.suggested_type == "person" and all(text[s:e] for s, e in greta.mentions)
    assert analysis.ranking[0] == "Greta Vilhelmsen"  # named first, in the first sentence


@pytest.mark.model
@pytest.mark.parametrize(
    ("title", "first"),
    [
        ("Greta Vilhelmsen hosts Tomas Berge in Oslo", "Greta Vilhelmsen"),
        ("Berge meets Vilhelmsen: what the ferry deal means", "Tomas Berge"),
        # a quoted phrase opening a headline is someone's words, not its subject
        ("'We trust Vilhelmsen' Berge signs the ferry deal", "Tomas Berge"),
    ],
)
def test_the_headline_subject_leads_the_actors(nlp, index, title, first):
    text = ("Tomas Berge and Greta Vilhelmsen met in Oslo on Tuesday to sign a ferry deal. "
            "Berge said the deal was fair. Vilhelmsen said it was overdue.")
    article = Article(raw_sha256="0" * 64, title=title, title_method="test", text=text, published=date(2025, 3, 20))
    analysis = resolve_analysis(analyse_doc(nlp(text), article, cfg=ExtractSettings()), index=index, cfg=CFG)
    assert analysis.ranking[0] == first


@pytest.mark.model
def test_sentence_case_headline_words_are_not_actors_and_stage_names_are_kept(nlp, index):
    text = ("Lady Gaga staged a protest in Oslo on Tuesday. Rescue crews stood by. "
            "Gaga said she would return. Tomas Berge, the mayor, said the square stayed open.")
    article = Article(raw_sha256="0" * 64, title="Protest in Oslo: rescue crews stand by as Gaga sings",
                      title_method="test", text=text, published=date(2025, 3, 20))
    analysis = resolve_analysis(analyse_doc(nlp(text), article, cfg=ExtractSettings()), index=index, cfg=CFG)
    names = {c.name for c in analysis.candidates}
    assert "Rescue" not in names
    assert analysis.ranking[0] in ("Lady Gaga", "Gaga")


def test_an_alias_two_actors_share_resolves_to_neither():
    index = ActorIndex.build([Actor(name="Donald Trump", type="person", aliases=["Trump"]),
                              Actor(name="Trump Organization", aliases=["Trump"])])
    assert index.lookup("Trump", 90) is None
    assert index.lookup("Donald Trump", 90)[0] == 0


@pytest.mark.parametrize(
    ("part", "whole", "expected"),
    [
        ("Rybolovlev", "Dmitry Rybolovlev", True), ("Treasury", "Treasury Department", True),
        ("Treasury", "Department of the Treasury", True), ("Intel", "Intel Corporation", True),
        ("Trump", "Donald Trump", True), ("Harvard", "Harvard Educational Review", False),
        ("Senate", "Senate Democrats", False), ("Donald", "Donald Trump", False),
        ("Donald Trump", "Donald Trump", False), ("Trump", "Trump Tower", False),
    ],
)
def test_a_name_written_short_is_part_of_its_whole_name_issue_16(part, whole, expected):
    from pipeline.names import is_part_of

    assert is_part_of(part, whole) is expected


@pytest.mark.model
def test_a_body_of_another_place_is_not_the_registrys_of_the_same_name(nlp, index):
    text = ("The Ohio Supreme Court ruled on Monday, and the Philippine Senate agreed. The U.S. Supreme Court "
            "ruled later, the state Senate voted, and the Senate adjourned; the Justice Department and the DOJ said so.")
    analysis = resolve_analysis(analyse(nlp, text), index=index, cfg=CFG)
    assert actors_by_text(analysis) == {"The U.S. Supreme Court": "Supreme Court", "Senate": "U.S. Senate",
                                        "the Justice Department": "Department of Justice",
                                        "DOJ": "Department of Justice"}
    assert {"Ohio Supreme Court", "Philippine Senate"} <= {c.name for c in analysis.candidates}


@pytest.mark.model
def test_a_person_the_model_names_by_one_word_once_is_every_place_that_word_is_written(nlp, index):
    text = ("For Donald Trump, Oz's show proved to be a safe place. Oz has been called a fraud by other "
            "surgeons. A 2014 study found that half of Oz’s advice had no support. One of them called Oz a quack.")
    analysis = analyse(nlp, text)
    assert [m.text for m in analysis.mentions if m.text.startswith("Oz")] == ["Oz"]  # the model: once
    candidates = {c.name: c for c in resolve_analysis(analysis, index=index, cfg=CFG).candidates}
    assert [text[s:e] for s, e in candidates["Oz"].mentions] == ["Oz"] * 4
