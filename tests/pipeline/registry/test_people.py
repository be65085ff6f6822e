"""people.py: one person's name written several ways (nickname, middle name, title and surname,
initials, a dropped suffix, a spelling, three names), and look-alike people kept apart."""

from __future__ import annotations

import pytest

from pipeline.registry import (
    co_listed_strings,
    count_actor_strings,
    group_actor_strings,
    import_actors,
)
from tests.pipeline.registry.conftest import (
    assert_folded_by,
    assert_kept_apart,
    canonical_of,
    events,
    grouped,
)


@pytest.mark.parametrize(
    ("strings", "rule"),
    [
        (["William Barr", "Bill Barr"], {"nickname"}),
        (["Chuck Schumer", "Charles Schumer"], {"nickname"}),
        (["Michael Flynn", "Mike Flynn"], {"nickname"}),
        (["James Comey", "Jim Comey"], {"nickname"}),
        (["Robert Mueller", "Bob Mueller"], {"nickname"}),
        (["William Barr", "William P. Barr"], {"middle-name"}),
        (["Elena Kagan", "Justice Elena Kagan", "Justice Kagan"], {"title", "titled-surname"}),
        (["Scooter Libby", "Lewis 'Scooter' Libby", "Lewis Libby"], {"declared-nickname+quoted-nickname", "declared-nickname"}),
        (["Robert F. Kennedy Jr.", "RFK Jr."], {"initials"}),
        (["John F. Kennedy", "JFK"], {"initials"}),
    ],
)
def test_people_group_by_rule(strings, rule):
    assert_folded_by(strings, rule)


@pytest.mark.parametrize(
    "strings",
    [
        ["Donald Trump", "Donald Trump Jr.", "Eric Trump", "Ivanka Trump", "Trump Organization",
         "Trump Administration", "Eric Trump Foundation", "Trump", "President Trump", "Trump Corporation"],
        ["George W. Bush", "George H.W. Bush", "Jeb Bush"],
        ["Lewis F. Powell Jr.", "Lewis Powell III"],
        ["Stephen Miller", "Steven Miller"],
        ["Chris Larsen", "Christopher Larsen", "Christian Larsen"],  # "Chris" fits two people
        ["George Bush", "George W. Bush", "George H.W. Bush"],      # "George Bush" fits both
        ["King Salman", "Mohammed bin Salman"],
        ["Homeland Security Investigations", "HSI"],                       # initials need a person
        ["Robert F. Kennedy Jr.", "RFK"],                                  # initials need the suffix
    ],
)
def test_people_keep_look_alikes_apart(strings):
    assert_kept_apart(strings)


def test_people_join_a_name_that_drops_its_suffix_unless_the_events_list_both():
    found = grouped(["Edwin Meese III", "Ronald Reagan"], ["Edwin Meese", "William French Smith"],
                    ["Andrew H. Card Jr.", "George W. Bush"], ["Andrew Card", "Karl Rove"], ["Andy Card"],
                    ["Donald Trump", "Donald Trump Jr."], ["Donald Trump Jr."], ["Donald Trump"],
                    ["Charles Keating", "Lincoln Savings"], ["Charles H. Keating Jr.", "Charles Keating III"],
                    ["Bob Menendez"], ["Rep. Robert Menendez Jr."])
    assert found["Edwin Meese"] == ("Edwin Meese III", "suffix-dropped")
    assert found["Andrew H. Card Jr."][0] == found["Andy Card"][0] == found["Andrew Card"][0]
    assert found["Donald Trump"][0] != found["Donald Trump Jr."][0]  # listed together: father and son
    assert len({found[s][0] for s in ("Charles Keating", "Charles H. Keating Jr.", "Charles Keating III")}) == 3
    assert found["Bob Menendez"][0] != found["Rep. Robert Menendez Jr."][0]  # another given name as written
    # without the events' evidence (counts only) the rule links nothing; import_actors reads it
    assert canonical_of("Edwin Meese", "Edwin Meese III")["Edwin Meese"] == "Edwin Meese"
    imported = import_actors(events(["Edwin Meese III"], ["Edwin Meese"], ["Edwin Meese"]), [])
    assert [(a.name, a.aliases) for a in imported.actors] == [("Edwin Meese", ["Edwin Meese III"])]


def test_people_join_spelling_variants_of_one_person_only():
    found = grouped(["Sergei Lavrov", "Vladimir Putin"], ["Sergey Lavrov"], ["Volodymyr Zelenskyy"],
                    ["Volodymyr Zelensky"], ["Tricia McGlaughlin"], ["Tricia McLaughlin (DHS)"], ["Michelle Fiore"],
                    ["Michele Fiore"], ["Sheikh Tahnoon bin Zayed Al Nahyan"], ["Tahnoun bin Zayed Al Nahyan"],
                    ["Mohammed bin Zayed Al Nahyan"], ["Carlo Jimenez"], ["Carlos Jimenez"], ["Sarah Harris"],
                    ["Sarah Harrison"], ["James Comey"], ["James Comer"], ["Robert Kaplan"], ["Roberta Kaplan"],
                    ["Stephen Miller"], ["Steven Miller"], ["Anwar al-Awlaki"], ["Nawar al-Awlaki"],
                    ["Suleiman Kerimov", "Suleyman Kerimov"])
    for a, b in [("Sergei Lavrov", "Sergey Lavrov"), ("Volodymyr Zelenskyy", "Volodymyr Zelensky"),
                 ("Tricia McGlaughlin", "Tricia McLaughlin (DHS)"), ("Michelle Fiore", "Michele Fiore"),
                 ("Sheikh Tahnoon bin Zayed Al Nahyan", "Tahnoun bin Zayed Al Nahyan")]:
        assert found[a][0] == found[b][0], (a, b)
    assert found["Sergey Lavrov"] == ("Sergei Lavrov", "spelling")
    for a, b in [("Mohammed bin Zayed Al Nahyan", "Tahnoun bin Zayed Al Nahyan"), ("Carlo Jimenez", "Carlos Jimenez"),
                 ("Sarah Harris", "Sarah Harrison"), ("James Comey", "James Comer"), ("Robert Kaplan", "Roberta Kaplan"),
                 ("Stephen Miller", "Steven Miller"), ("Anwar al-Awlaki", "Nawar al-Awlaki"),
                 ("Suleiman Kerimov", "Suleyman Kerimov")]:  # the last two are listed in one event
        assert found[a][0] != found[b][0], (a, b)


def test_people_leave_a_spelling_that_fits_two_people_for_review():
    timeline = events(["Jon Smyth"], ["Jon Smith"], ["Jon Smitth"], ["Jon Smith", "Jon Smitth"])
    grouping = group_actor_strings(count_actor_strings(timeline), co_listed_strings(timeline))
    assert len(grouping.groups) == 3
    assert any("a spelling variant of several names" in check for check in grouping.checks)


def test_people_three_names_join_a_married_name_or_a_middle_name_used():
    got = grouped(["Anne Gorsuch", "EPA"], ["Anne Gorsuch Burford", "Neil Gorsuch"], ["Joseph Cofer Black", "CIA"],
                  ["Cofer Black"], ["Joseph Lieberman"], ["Time Warner Cable"], ["Time Warner", "Mark Warner"],
                  ["National Cable Television Association"], ["Jeffrey Epstein Estate"], ["Jeffrey Epstein"], ["Real Estate Association"],
                  ["Mary Ann Smith", "Mary Ann"], ["Ann Smith"])
    assert got["Anne Gorsuch"] == ("Anne Gorsuch Burford", "three-names")
    assert got["Cofer Black"] == ("Joseph Cofer Black", "three-names")
    assert got["Time Warner"][0] != got["Time Warner Cable"][0]  # "Cable" names bodies, nobody's name
    assert got["Jeffrey Epstein"][0] != got["Jeffrey Epstein Estate"][0]
    assert got["Mary Ann"][0] != got["Mary Ann Smith"][0]  # listed together
