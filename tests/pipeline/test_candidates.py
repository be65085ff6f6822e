"""New-actor candidates: what is never an actor, and one actor once (issue 16). Texts written here;
the model parses them where the rules read a parse."""

from __future__ import annotations

from datetime import date

import pytest

from pipeline.candidates import NameContext, headline_sentences, kind_of, not_a_name, outlet_keys
from pipeline.extract import analyse_doc
from pipeline.records import Actor, Article, Mention
from pipeline.resolve import ActorIndex, resolve_analysis
from pipeline.settings import ExtractSettings, ResolveSettings

CFG = ResolveSettings()
TEXT = ("Trump Tightens Grip on Corporate America, CEOs Stay Silent\n"
        "The mayor said a drop in crime was real, and U.S. officials met Russian envoys in Moscow.\n")


def article(text: str, *, url: str | None = None, outlet: str | None = None, title: str = "A test article") -> Article:
    return Article(raw_sha256="0" * 64, title=title, title_method="test", text=text, published=date(2025, 3, 20),
                   url=url, outlet=outlet)


def context(text: str = TEXT, mentions: tuple[Mention, ...] = (), **kwargs) -> NameContext:
    starts = [0, *[i + 1 for i, ch in enumerate(text) if ch == "\n" and i + 1 < len(text)]]
    sentences = [(s, (text.find("\n", s) if text.find("\n", s) != -1 else len(text))) for s in starts]
    return NameContext.of(article(text, **kwargs), sentences, list(mentions))


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("Everything Roger", "function-word"),
        ("Most Read Nation & World Stories", "function-word"),
        ("Across West Executive Drive", "function-word"),
        ("Russian oligarch", "description"),
        ("HOST", "description"),
        ("Police", "description"),
        ("U.S.-Russia", "compound"),
        ("U.S.–India", "compound"),
        ("Follow Ashley May", "furniture"),
        ("The Washington Post Buy Photo", "furniture"),
        ("Elon Musk’s SpaceX", "possessive"),
        ("Drop", "common-word"),
        ("Mill Lane", "place"),
        ("River Ost", "place"),
        ("Jonas Ek/Reuters", "not-a-name"),
        ("Obama Sees 'Personal Insult'", "not-a-name"),
        ("Above Clinton", "function-word"),  # a caption's "Above Clinton responded ..."
    ],
)
def test_what_is_never_an_actor_issue_16(name, reason):
    mentions = (Mention(text="Moscow", label="GPE", start=0, end=6, sentence=1),)
    assert not_a_name(name, context(mentions=mentions)) == reason


@pytest.mark.parametrize(
    "name", ["Dmitry Rybolovlev", "Will Smith", "Theresa May", "Bank of America", "Department of Justice",
             "Lip-Bu Tan", "Hewlett-Packard", "Osama bin Laden", "NATO", "Trump Tower", "Human Rights Watch"],
)
def test_names_stay_names(name):
    assert not_a_name(name, context()) is None


@pytest.mark.parametrize(
    ("name", "url", "outlet"),
    [
        ("Newsmax", "https://www.newsmax.com/politics/a/2025/03/15/id/1", None),
        ("Trump Tyranny Tracker", "https://trumptyrannytracker.substack.com/p/day-207", None),
        ("New York Times", "https://www.nytimes.com/2025/03/18/world/europe/x.html", None),
        ("The Guardian", "https://www.theguardian.com/world/2025/mar/18/x", None),
        ("Harbor Ledger", None, "The Harbor Ledger"),
    ],
)
def test_the_articles_own_outlet_is_no_actor(name, url, outlet):
    assert not_a_name(name, context(url=url, outlet=outlet)) == "outlet"
    assert not_a_name("Ferry Workers Trust", context(url=url, outlet=outlet)) is None


def test_outlet_keys_come_from_the_name_and_the_web_address():
    keys = outlet_keys(article("x", url="https://edition.cnn.com/2025/x", outlet="CNN International"))
    assert "cnn" in keys and "cnninternational" in keys and "edition" not in keys


def test_title_case_lines_are_headlines_and_sentences_of_names_are_not():
    text = ("Trump Tightens Grip on Corporate America, CEOs Stay Silent\n"
            "Donald Trump and Vladimir Putin met in Helsinki.\n"
            "Kirill Dmitriev said the talks went well.")
    mentions = [Mention(text=t, label="PERSON", start=text.index(t), end=text.index(t) + len(t), sentence=1)
                for t in ("Donald Trump", "Vladimir Putin")]
    lines = [(0, text.index("\n")), (text.index("Donald"), text.index("\nKirill")), (text.index("Kirill"), len(text))]
    assert headline_sentences(text, lines, mentions) == [0]


def test_buildings_and_works_are_told_apart_from_names():
    mentions = (Mention(text="Dead Poets Society", label="WORK_OF_ART", start=0, end=18, sentence=0),
                Mention(text="Dead Poets Society", label="ORG", start=30, end=48, sentence=0))
    ctx = context(mentions=mentions)
    assert kind_of("Dead Poets Society", ctx) == "work"
    assert kind_of("Maison de L'Amitie", ctx) == "building"
    assert kind_of("Doral Golf Course", ctx) == "building"
    assert kind_of("Dmitry Rybolovlev", ctx) == "name"


@pytest.mark.model
def test_junk_of_real_pages_is_no_candidate_and_parts_join_their_names_issue_16(nlp):
    index = ActorIndex.build([Actor(name="Donald Trump", type="person"), Actor(name="Donald Trump Jr.", type="person"),
                              Actor(name="Hillary Clinton", type="person")])
    text = ("Trump Tightens Grip on Corporate America, CEOs Stay Silent\n"
            "Most Read Nation & World Stories\n"
            "Russian billionaire Dmitry Rybolovlev bought a Palm Beach mansion from Donald Trump in 2008. "
            "Rybolovlev paid $95 million for it. The Treasury Department later looked at the sale, and Treasury "
            "officials said little. Trump called Crooked Hillary Clinton a liar, and Hillary Clinton said he lied.\n"
            "Source: The Hill\n"
            "Talks on U.S.-Russia ties went on, Newsmax reported.")
    analysis = resolve_analysis(
        analyse_doc(nlp(text), article(text, url="https://www.newsmax.com/politics/x/2025/03/15/id/1"),
                    cfg=ExtractSettings()), index=index, cfg=CFG)
    names = {c.name for c in analysis.candidates}
    assert "Dmitry Rybolovlev" in names and "Rybolovlev" not in names
    for junk in ("Trump Tightens Grip", "Stay Silent", "Most Read Nation & World Stories", "Hill", "U.S.-Russia",
                 "Newsmax", "Trump", "Crooked Hillary Clinton", "Treasury"):
        assert junk not in names, junk
    trump = [m for m in analysis.actors if m.actor == "Donald Trump"]
    assert {m.text for m in trump} >= {"Donald Trump", "Trump"}  # "Trump" alone is him, not a new actor
    crooked = text.index("Crooked Hillary") + len("Crooked ")
    assert any(m.actor == "Hillary Clinton" and m.start == crooked for m in analysis.actors)


def test_a_name_with_words_before_it_is_that_person():
    from pipeline.candidates import find_candidates

    text = ("Democrat Barack Obama spoke. Crooked Ricky Gervais joked, and Ricky Gervais laughed. "
            "Bill Clinton and Hillary Clinton left, then Hillary Clinton came back.")
    names = ("Democrat Barack Obama", "Crooked Ricky Gervais", "Ricky Gervais laughed", "Bill Clinton",
             "Hillary Clinton left", "Hillary Clinton came")
    mentions = [Mention(text=n.rsplit(" ", 1)[0] if n.endswith(("laughed", "left", "came")) else n, label="PERSON",
                        start=text.index(n), end=text.index(n) + len(n.rsplit(" ", 1)[0] if n.endswith(
                            ("laughed", "left", "came")) else n), sentence=0) for n in names]
    ctx = context(text, tuple(mentions))
    found, parts = find_candidates(mentions, [], ctx, labels=("PERSON", "ORG"), acronyms={}, full_names={},
                                   registry_actors={"Barack Obama": "person"})
    assert sorted((c.name, len(c.mentions)) for c in found) == [
        ("Bill Clinton", 1), ("Hillary Clinton", 2), ("Ricky Gervais", 2)]  # two Clintons, two people
    assert [(m.actor, m.text, m.method) for m in parts] == [("Barack Obama", "Democrat Barack Obama", "part-of-name")]


def test_a_persons_administration_is_a_body_of_its_own_and_the_person_stays_apart():
    from pipeline.candidates import find_candidates

    text = "Firefly said the Firefly administration would act. Rufus Firefly left."
    names = [("Firefly", 0, "PERSON"), ("Firefly", text.index("Firefly administration"), "PERSON"),
             ("Rufus Firefly", text.index("Rufus"), "PERSON")]
    mentions = [Mention(text=n, label=label, start=at, end=at + len(n), sentence=0) for n, at, label in names]
    found, _ = find_candidates(mentions, [], context(text, tuple(mentions)), labels=("PERSON", "ORG"), acronyms={},
                               full_names={}, registry_actors={})
    by_name = {c.name: c for c in found}
    assert set(by_name) == {"Firefly Administration", "Rufus Firefly"}  # "Firefly" joins the man, not the body
    assert [text[s:e] for s, e in by_name["Firefly Administration"].mentions] == ["Firefly administration"]
    assert by_name["Firefly Administration"].suggested_type == "government"


@pytest.mark.model
def test_a_surname_alone_with_an_office_is_not_the_relative_named_in_full(nlp):
    index = ActorIndex.build([Actor(name="Donald Trump", type="person")])
    text = ("President Gorwin met Donald Trump at noon on Thursday. While the two men talked, first lady "
            "Amelia Gorwin gave a tour to guests. Gorwin said the talks went well, and President Gorwin "
            "thanked his staff.")
    analysis = resolve_analysis(analyse_doc(nlp(text), article(text), cfg=ExtractSettings()), index=index, cfg=CFG)
    by_name = {c.name: c for c in analysis.candidates}
    assert "Gorwin" in by_name and "Amelia Gorwin" in by_name
    assert [text[s:e] for s, e in by_name["Amelia Gorwin"].mentions] == ["Amelia Gorwin"]


def test_a_place_that_is_a_word_of_a_persons_name_is_no_place():
    from pipeline.candidates import find_places

    text = "Melania Trump arrived. Melania left, and Freedonia protested."
    mentions = [Mention(text="Melania Trump", label="PERSON", start=0, end=13, sentence=0),
                Mention(text="Melania", label="GPE", start=23, end=30, sentence=1, role="subject"),
                Mention(text="Freedonia", label="GPE", start=text.index("Freedonia"), end=len(text) - 10, sentence=1,
                        role="subject")]
    assert [c.name for c in find_places(mentions, [], context(text, tuple(mentions)))] == ["Freedonia"]
