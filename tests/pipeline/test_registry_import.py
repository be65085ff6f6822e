"""The registry importer: grouping rules and look-alikes on events built here, the merge into a
registry, YAML and markdown rendering, the `registry import` command, and the real timeline."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from pipeline.cli.registry import registry_app
from pipeline.errors import SourceError
from pipeline.names import normalize_name
from pipeline.records import Actor
from pipeline.registry import (
    TimelineEvent,
    co_listed_strings,
    count_actor_strings,
    group_actor_strings,
    guess_type,
    import_actors,
    merge_into_registry,
    read_events,
    render_merges,
    render_registry,
)
from pipeline.store import load_registry
from tests.conftest import REGISTRY


def events(*actor_lists: list[str]) -> list[TimelineEvent]:
    return [TimelineEvent(id=f"2025-01-0{i}--e", actors=actors) for i, actors in enumerate(actor_lists, 1)]


def canonical_of(*strings: str, uses: dict[str, int] | None = None) -> dict[str, str]:
    """Each string -> the canonical name of the group it ends in."""
    counts = {s: (uses or {}).get(s, 1) for s in strings}
    grouping = group_actor_strings(counts)
    return {v.text: g.canonical for g in grouping.groups for v in g.variants}


def grouped(*actor_lists: list[str]) -> dict[str, tuple[str, str]]:
    """Each string of these events -> (canonical, rule), grouped with the events' co-listed strings."""
    timeline = events(*actor_lists)
    grouping = group_actor_strings(count_actor_strings(timeline), co_listed_strings(timeline))
    return {v.text: (g.canonical, v.rule) for g in grouping.groups for v in g.variants}


def rules_of(*strings: str, uses: dict[str, int] | None = None) -> dict[str, str]:
    counts = {s: (uses or {}).get(s, 1) for s in strings}
    return {v.text: v.rule for g in group_actor_strings(counts).groups for v in g.variants}


def test_count_actor_strings_counts_uses_and_trims():
    counts = count_actor_strings(events(["DOJ", " DOJ ", "Bill  Barr"], ["DOJ", ""], []))
    assert counts == {"DOJ": 3, "Bill Barr": 1}


def test_read_events_names_the_bad_line(tmp_path: Path):
    path = tmp_path / "events.jsonl"
    path.write_text(json.dumps({"id": "a", "actors": ["DOJ"], "title": "kept out"}) + "\n\nnot json\n")
    with pytest.raises(SourceError, match=r"events.jsonl:3"):
        read_events(path)
    path.write_text(json.dumps({"id": "a", "actors": ["DOJ"]}) + "\n" + json.dumps({"id": "b", "actors": None}) + "\n")
    with pytest.raises(SourceError):
        read_events(path)
    path.write_text(json.dumps({"id": "a", "actors": ["DOJ"], "tags": []}) + "\n")
    assert read_events(path) == [TimelineEvent(id="a", actors=["DOJ"])]


@pytest.mark.parametrize(
    ("strings", "rule"),
    [
        (["Trump Administration", "Trump administration", "trump-administration"], {"same-key", "slug"}),
        (["Department of Justice", "US Department of Justice", "U.S. Department of Justice"], {"country"}),
        (["Supreme Court", "Supreme Court of the United States"], {"country"}),
        (["Department of Justice", "Justice Department", "U.S. Justice Department"], {"department", "country+department"}),
        (["Department of Justice", "DOJ"], {"acronym"}),
        (["Federal Bureau of Investigation", "FBI"], {"acronym"}),
        (["Department of Homeland Security", "DHS", "DHS (Department of Homeland Security)"], {"acronym"}),
        (["American Legislative Exchange Council", "American Legislative Exchange Council (ALEC)", "ALEC"], {"acronym"}),
        (["Federal Communications Commission", "FCC Federal Communications Commission"], {"acronym"}),
        (["Department of Justice Inspector General", "DOJ Inspector General"], {"acronym"}),
        (["William Barr", "Bill Barr"], {"nickname"}),
        (["Chuck Schumer", "Charles Schumer"], {"nickname"}),
        (["Michael Flynn", "Mike Flynn"], {"nickname"}),
        (["James Comey", "Jim Comey"], {"nickname"}),
        (["Robert Mueller", "Bob Mueller"], {"nickname"}),
        (["William Barr", "William P. Barr"], {"middle-name"}),
        (["William Barr", "Attorney General William Barr"], {"title"}),
        (["Pam Bondi", "Florida Attorney General Pam Bondi"], {"title"}),
        (["Brad Raffensperger", "Secretary of State Brad Raffensperger"], {"title"}),
        (["Elon Musk", "Elon Musk (DOGE leader)"], {"note"}),
        (["Clarence Thomas", "Justice Clarence Thomas (dissent)"], {"note+title"}),
        (["Public Citizen", "Public Citizen (plaintiff)"], {"note"}),
        (["Elena Kagan", "Justice Elena Kagan", "Justice Kagan"], {"title", "titled-surname"}),
        (["Scooter Libby", "Lewis 'Scooter' Libby", "Lewis Libby"], {"declared-nickname+quoted-nickname", "declared-nickname"}),
        (["Boeing", "Boeing Corporation"], {"legal-form"}),
        (["Wells Fargo", "Wells Fargo & Co."], {"legal-form"}),
        (["Central Hudson Gas & Electric Corporation", "Central Hudson Gas & Electric Corp."], {"legal-form"}),
        (["Palantir Technologies", "Palantir"], {"company-word"}),
        (["ExxonMobil", "Exxon Mobil"], {"spacing"}),
        (["Viktor Orban", "Viktor Orbán"], {"same-key"}),
        (["Department of Health and Human Services", "department-of-health-human-services"], {"slug"}),
        (["Heritage Trust", "Heritage Trust (Delaware)"], {"note"}),
        (["Mossad", "Israeli Intelligence (Mossad)"], {"parenthetical-name"}),
        (["Chuck Schumer", "Senate Minority Leader Chuck Schumer"], {"title"}),
        (["House Select Committee on January 6", "House January 6th Committee"], {"ordinal+committee-name"}),
        (["Senate Intelligence Committee", "Senate Select Committee on Intelligence"], {"committee-name"}),
        (["House Financial Services Committee", "U.S. House Committee on Financial Services"],
         {"country+committee-name"}),
        (["Ninth Circuit Court of Appeals", "U.S. Court of Appeals for the Ninth Circuit",
          "9th U.S. Circuit Court of Appeals", "9th Circuit Court"], {"country+circuit-court", "circuit-court"}),
        (["DC Circuit Court of Appeals", "D.C. Circuit Court", "U.S. Court of Appeals for the D.C. Circuit"],
         {"circuit-court", "country+circuit-court"}),
        (["KleptoCapture Task Force", "Task Force KleptoCapture"], {"word-order"}),
        (["Republican Party of Florida", "Florida Republican Party"], {"word-order"}),
        (["USPS", "U.S. Postal Service"], {"acronym+country"}),
        (["Democratic Party of Korea", "Democratic Party (DPK)"], {"acronym"}),
        (["Foreign Intelligence Surveillance Court of Review", "FISA Court of Review"], {"acronym"}),
        (["Robert F. Kennedy Jr.", "RFK Jr."], {"initials"}),
        (["John F. Kennedy", "JFK"], {"initials"}),
        (["Cytrox", "Cytrox AD"], {"legal-form"}),
        (["Paul Weiss", "Paul Weiss Law Firm"], {"legal-form"}),
        (["Coinbase", "Coinbase Global Inc."], {"legal-form+company-word"}),
        (["Whole Foods", "Whole Foods Market Inc."], {"legal-form+company-word"}),
        (["Preston Gates & Ellis", "Preston Gates"], {"firm-name"}),
        (["Skadden", "Skadden, Arps, Slate, Meagher & Flom LLP"], {"firm-name"}),
        (["Department of the Treasury", "U.S. Treasury", "Treasury Department"], {"department-name+country", "department"}),
        (["Department of Homeland Security", "Homeland Security"], {"department-name"}),
        (["Bureau of Prisons", "Federal Bureau of Prisons"], {"federal"}),
        (["GRU", "Russian GRU"], {"demonym"}),
        (["KGB", "Soviet KGB"], {"demonym"}),
        (["South Korean Government", "South Korea Government"], {"country-adjective"}),
        (["Vietnamese Government", "Government of Vietnam"], {"country-adjective+word-order"}),
        (["House Ways and Means Committee", "Ways and Means Committee"], {"chamber"}),
        (["Senate Permanent Subcommittee on Investigations", "Permanent Subcommittee on Investigations"],
         {"chamber+committee-name"}),
        (["Department of Justice Civil Rights Division", "DOJ Civil Rights Division",
          "Justice Department Civil Rights Division", "Civil Rights Division"], {"acronym", "sub-unit"}),
        (["Department of Defense Inspector General", "Pentagon Inspector General"], {"sub-unit"}),
        (["John M. Olin Foundation", "Olin Foundation"], {"named-after"}),
        (["Bradley Foundation", "Lynde and Harry Bradley Foundation"], {"named-after"}),
        (["Brennan Center for Justice", "Brennan Center"], {"for-phrase"}),
    ],
)
def test_registry_import_groups_variants_by_rule(strings, rule):
    uses = {strings[0]: 5}
    canon = canonical_of(*strings, uses=uses)
    assert {canon[s] for s in strings} == {strings[0]}, canon
    rules = rules_of(*strings, uses=uses)
    assert {rules[s] for s in strings[1:]} == rule


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
        ["National Rifle Association", "National Restaurant Association", "NRA"],
        ["Department of Education", "Department of Energy", "DOE"],
        ["King Salman", "Mohammed bin Salman"],
        ["Paul Weiss", "Bradley Bondi (Paul Hastings, brother of AG Pam Bondi)", "Pam Bondi"],
        # the rules added for bodies, each with a look-alike it must not fold
        ["Heritage Trust (Delaware)", "Delaware"],                          # note: the place stays apart
        ["Russian Intelligence (GRU)", "Russian Intelligence"],            # parenthetical-name
        ["Democratic Party (DPK)", "Democratic Party"],                    # acronym completing a name
        ["Ninth Circuit Court of Appeals", "Fifth Circuit Court of Appeals", "Cook County Circuit Court"],
        ["Judiciary Committee", "House Judiciary Committee", "Senate Judiciary Committee"],  # chamber
        ["January 6 Committee", "January 16 Committee"],                   # ordinal
        ["Supreme Court", "Georgia Supreme Court", "Supreme Court of Georgia (U.S. state)"],
        ["Republican Party", "Republican Party of Armenia"],               # word-order
        ["Justice", "Department of Justice"], ["Pentagon", "Department of Defense"],  # department-name
        ["Federal Law Enforcement", "Law Enforcement"],                    # federal
        ["Federal Bureau of Investigation", "Federal Bureau of Prisons"],
        ["Russian Military", "Military"], ["American Airlines", "Airlines"],  # demonym
        ["South Korea Government", "North Korean Government", "South Korea"],  # country-adjective
        ["DOJ", "DOJ Inspector General", "DHS Inspector General", "Inspector General", "DHS"],  # sub-unit
        ["DOJ", "DOJ Civil Rights Division"], ["USPS", "USPS Office of Inspector General"],
        ["Eric Trump Foundation", "Trump Foundation", "Donald Trump", "Eric Trump"],  # named-after
        ["Occupy Wall Street", "Wall Street"],
        ["Lawyers Committee", "Lawyers Committee for Civil Rights", "Lawyers Committee for Justice"],  # for-phrase
        ["Johnson & Johnson", "Johnson"], ["Procter & Gamble", "Procter"],  # firm-name
        ["Amazon", "Amazon Web Services"], ["Time Warner", "Time Warner Cable"],  # company-word
        ["Homeland Security Investigations", "HSI"],                       # initials need a person
        ["Robert F. Kennedy Jr.", "RFK"],                                  # initials need the suffix
        ["NSA", "National Security Archive"],  # a listed acronym never links by initials, even alone
    ],
)
def test_registry_import_keeps_look_alikes_apart(strings):
    canon = canonical_of(*strings, uses={strings[0]: 3})
    assert len({canon[s] for s in strings if s in canon}) == len([s for s in strings if s in canon])


def test_registry_import_links_an_acronym_inside_a_longer_name_to_the_same_name_spelled_out():
    canon = canonical_of("Department of Justice", "Department of Justice Inspector General", "DOJ Inspector General",
                         "DOJ", "DOD Inspector General", "Department of Defense Inspector General")
    assert canon["DOJ Inspector General"] == canon["Department of Justice Inspector General"] != canon["DOJ"]
    assert canon["DOJ"] == canon["Department of Justice"]
    assert canon["DOD Inspector General"] == "Department of Defense Inspector General"  # DOD never alone


def test_registry_import_links_a_unit_however_its_parent_is_written_but_never_to_the_parent():
    canon = canonical_of(
        "Department of Homeland Security", "DHS", "Department of Homeland Security OIG", "DHS Office of Inspector General",
        "DOJ", "Department of Justice", "DOJ Inspector General", "Inspector General", "DOJ Civil Rights Division",
        "Justice Department Civil Rights Division", "Civil Rights Division", "Pentagon", "Department of Defense",
        "Pentagon Inspector General", "DOD Inspector General", uses={"Department of Homeland Security OIG": 2})
    assert canon["DHS Office of Inspector General"] == "Department of Homeland Security OIG"  # sub-unit
    assert canon["DHS"] == canon["Department of Homeland Security"] != canon["DHS Office of Inspector General"]
    assert canon["DOJ Civil Rights Division"] == canon["Justice Department Civil Rights Division"] == canon[
        "Civil Rights Division"] != canon["DOJ"]  # one parent ever written before it: the unit alone joins
    assert canon["Pentagon Inspector General"] == canon["DOD Inspector General"] != canon["Pentagon"]
    assert canon["Pentagon"] != canon["Department of Defense"]  # "Pentagon" names the department only before a unit
    inspectors = {canon[s] for s in ("DOJ Inspector General", "Inspector General", "Pentagon Inspector General",
                                     "DHS Office of Inspector General")}
    assert len(inspectors) == 4  # every body has one: "Inspector General" alone joins none


def test_co_listed_strings_pairs_the_actors_of_each_event():
    pairs = co_listed_strings(events(["Donald Trump", "Donald Trump Jr.", " Donald Trump "], ["Eric Trump"], []))
    assert pairs == {frozenset({"Donald Trump", "Donald Trump Jr."})}


def test_registry_import_joins_a_name_that_drops_its_suffix_unless_the_events_list_both():
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


def test_registry_import_joins_spelling_variants_of_one_person_only():
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


def test_registry_import_leaves_a_spelling_that_fits_two_people_for_review():
    timeline = events(["Jon Smyth"], ["Jon Smith"], ["Jon Smitth"], ["Jon Smith", "Jon Smitth"])
    grouping = group_actor_strings(count_actor_strings(timeline), co_listed_strings(timeline))
    assert len(grouping.groups) == 3
    assert any("a spelling variant of several names" in check for check in grouping.checks)


def test_registry_import_reports_what_it_did_not_link():
    grouping = group_actor_strings({"George Bush": 1, "George W. Bush": 2, "George H.W. Bush": 2, "NRA": 1,
                                    "National Rifle Association": 3, "National Restaurant Association": 1,
                                    "Trump": 4, "Donald Trump": 9, "Eric Trump": 2})
    checks = "\n".join(grouping.checks)
    assert "'George Bush' could be" in checks
    assert "acronym 'NRA' fits several names" in checks
    assert "'Trump'" not in checks  # a held-back surname is reported where it is left out


def test_registry_import_holds_back_a_surname_shared_by_several_people():
    timeline = events(["Trump", "Donald Trump", "Eric Trump", "President Trump"],
                      ["Trump", "Justice Kagan", "Elena Kagan", "Justice Elena Kagan"])
    result = import_actors(timeline, [])
    assert {a.name for a in result.actors} == {"Donald Trump", "Eric Trump", "Elena Kagan"}
    reasons = {s.text: s.reason for s in result.skipped}
    assert reasons == {"Trump": "a surname alone, shared by 2 people",
                       "President Trump": "a title and a surname shared by 2 people"}
    existing = [Actor(name="Donald Trump", type="person", aliases=["Trump"])]
    kept = import_actors(timeline, existing)
    assert kept.actors[0] == existing[0] and not [s for s in kept.skipped if s.text == "Trump"]


def test_registry_import_uses_the_acronym_table_when_initials_are_ambiguous():
    canon = canonical_of("NSA", "National Security Agency", "National Security Archive", uses={"NSA": 9})
    assert canon["National Security Agency"] == "NSA" and canon["National Security Archive"] == "National Security Archive"


def test_registry_import_canonical_is_the_most_used_plain_variant():
    canon = canonical_of("Bill Barr", "William Barr", "Attorney General William Barr",
                         uses={"Bill Barr": 2, "William Barr": 15, "Attorney General William Barr": 30})
    assert set(canon.values()) == {"William Barr"}  # a titled form is never canonical
    tie = canonical_of("DOJ", "Department of Justice")
    assert set(tie.values()) == {"Department of Justice"}  # ties: the longest
    decorated = canonical_of("Chief Judge James Boasberg", "U.S. District Judge James Boasberg",
                             uses={"U.S. District Judge James Boasberg": 2})
    assert set(decorated.values()) == {"James Boasberg"}  # every variant decorated: the name itself


def test_registry_import_leaves_out_lists_and_descriptions():
    grouping = group_actor_strings({"Twitter/X": 2, "9/11 Commission": 1, "community activists": 1,
                                    "Community Activists": 1, "346 crash victims": 4, "---": 1})
    reasons = {s.text: s.reason for s in grouping.skipped}
    assert reasons == {"Twitter/X": "names several actors", "346 crash victims": "a description, not a name",
                       "---": "no letters"}
    assert {g.canonical for g in grouping.groups} == {"9/11 Commission", "Community Activists"}


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Department of Justice", "government"),
        ("Federal Aviation Administration", "government"),
        ("U.S. Senate", "government"),
        ("House Judiciary Committee", "government"),
        ("Ministry of Defence", "government"),
        ("William Barr", "person"),
        ("William P. Barr", "person"),
        ("Mohammed bin Salman", "person"),
        ("Donald Trump Jr.", "person"),
        ("Heritage Foundation", "organization"),
        ("Trump Organization", "organization"),
        ("Republican National Committee", "organization"),
        ("International Consortium of Investigative Journalists", "organization"),
        ("Boeing engineers", "group"),
        ("House Republicans", "group"),
        ("Koch brothers", "group"),
        ("Saudi Arabia", "place"),
        ("Texas", "place"),
        ("Adams County Pennsylvania", "place"),
    ],
)
def test_guess_type(name, expected):
    assert guess_type(name) == expected


def test_registry_import_types_groups_by_their_evidence():
    groups = {g.canonical: g.type for g in group_actor_strings(
        {"FBI": 5, "Federal Bureau of Investigation": 1, "Trump": 2, "Donald Trump": 5, "Eric Trump": 1,
         "Justice Kagan": 1, "Elena Kagan": 1, "Justice Elena Kagan": 1}).groups}
    assert groups["FBI"] == "government"  # an acronym takes the type of its expansion
    assert groups["Trump"] == "person"  # a surname shared by several people
    assert groups["Elena Kagan"] == "person"


EXISTING = [
    Actor(name="Donald Trump", type="person", aliases=["Donald J. Trump", "President Trump"], wikidata="Q22686"),
    Actor(name="Northern Rail Authority", type="government", acronyms=["NRA"], notes="Sample corpus."),
    Actor(name="William Barr", type="person", notes="Attorney General."),
]



def test_registry_import_bank_joins_a_company_not_a_place_or_person():
    got = canonical_of("Standard Chartered Bank", "Standard Chartered", "VEB Bank", "VEB", "Swiss National Bank",
                       "Swiss National", "Beal Bank", "Andy Beal", "Beal", "Georgia Bank", "Georgia",
                       uses={"Standard Chartered": 2, "VEB": 3})
    assert rules_of("Standard Chartered Bank", "Standard Chartered", uses={"Standard Chartered": 2})["Standard Chartered Bank"] == "bank"
    assert got["Standard Chartered Bank"] == got["Standard Chartered"] and got["VEB Bank"] == got["VEB"]
    assert got["Georgia Bank"] != got["Georgia"] and got["Swiss National Bank"] != got["Swiss National"]
    assert got["Beal Bank"] != got["Beal"] != got["Andy Beal"]  # a surname: a bank named after a person


def test_registry_import_savings_and_loan_association():
    got = canonical_of("Lincoln Savings and Loan Association", "Lincoln Savings and Loan", "Lincoln Savings Bank",
                       "Lincoln", "Abraham Lincoln")
    assert rules_of("Lincoln Savings and Loan Association", "Lincoln Savings and Loan", uses={"Lincoln Savings and Loan": 2})[
        "Lincoln Savings and Loan Association"] == "savings-and-loan"
    assert got["Lincoln Savings and Loan Association"] == got["Lincoln Savings and Loan"]
    assert len({got["Lincoln Savings Bank"], got["Lincoln Savings and Loan"], got["Abraham Lincoln"]}) == 3


def test_registry_import_ticket_administration_is_the_first_names():
    got = canonical_of("Biden-Harris administration", "Biden Administration", "Harris Administration",
                       uses={"Biden Administration": 3})
    assert got["Biden-Harris administration"] == "Biden Administration" != got["Harris Administration"]
    assert rules_of("Biden-Harris administration", "Biden Administration", uses={"Biden Administration": 2})[
        "Biden-Harris administration"] == "ticket-administration"


def test_registry_import_generic_words_join_the_only_company_with_that_first_word():
    got = canonical_of("Sinclair Broadcasting", "Sinclair Broadcast Group", "Elliott Investment Management",
                       "Elliott Management", "Elliott Abrams", "Trump Media", "Trump Organization", "Donald Trump",
                       "Eric Trump", "Apex Capital", "Apex Partners", "Apex Oil",
                       uses={"Sinclair Broadcast Group": 3, "Elliott Management": 2})
    assert got["Sinclair Broadcasting"] == got["Sinclair Broadcast Group"]
    assert got["Elliott Investment Management"] == got["Elliott Management"] != got["Elliott Abrams"]
    assert got["Trump Media"] != got["Trump Organization"]  # a surname: bodies named after people
    assert got["Apex Capital"] != got["Apex Partners"]  # "Apex Oil": not the only company called Apex
    assert rules_of("Sinclair Broadcasting", "Sinclair Broadcast Group", uses={"Sinclair Broadcast Group": 2})[
        "Sinclair Broadcasting"] == "generic-words"


def test_registry_import_country_suffix_unless_listed_together():
    got = grouped(["T-Mobile", "Sprint"], ["T-Mobile"], ["T-Mobile US", "FCC"], ["Acme Oil", "Acme Oil US"], ["Binance.US"],
                  ["Binance"])
    assert got["T-Mobile US"] == ("T-Mobile", "country-suffix")
    assert got["Acme Oil US"][0] != got["Acme Oil"][0]  # a parent and its American arm, listed together
    assert got["Binance.US"][0] != got["Binance"][0]


def test_registry_import_three_names_joins_a_married_name_or_a_middle_name_used():
    got = grouped(["Anne Gorsuch", "EPA"], ["Anne Gorsuch Burford", "Neil Gorsuch"], ["Joseph Cofer Black", "CIA"],
                  ["Cofer Black"], ["Joseph Lieberman"], ["Time Warner Cable"], ["Time Warner", "Mark Warner"],
                  ["National Cable Television Association"], ["Jeffrey Epstein Estate"], ["Jeffrey Epstein"], ["Real Estate Association"],
                  ["Mary Ann Smith", "Mary Ann"], ["Ann Smith"])
    assert got["Anne Gorsuch"] == ("Anne Gorsuch Burford", "three-names")
    assert got["Cofer Black"] == ("Joseph Cofer Black", "three-names")
    assert got["Time Warner"][0] != got["Time Warner Cable"][0]  # "Cable" names bodies, nobody's name
    assert got["Jeffrey Epstein"][0] != got["Jeffrey Epstein Estate"][0]
    assert got["Mary Ann"][0] != got["Mary Ann Smith"][0]  # listed together


def test_registry_import_descriptor_word_after_a_name():
    got = canonical_of("Guccifer 2.0 persona", "Guccifer 2.0", "Trump administration", "Trump", "Donald Trump",
                       "Melania Trump", "Acme officials", "Acme", "Acme government", uses={"Guccifer 2.0": 2})
    assert got["Guccifer 2.0 persona"] == "Guccifer 2.0"
    assert rules_of("Guccifer 2.0 persona", "Guccifer 2.0", uses={"Guccifer 2.0": 2})["Guccifer 2.0 persona"] == "descriptor"
    assert got.get("Trump administration") != got.get("Trump")
    assert got["Acme officials"] != got["Acme"] and got["Acme government"] != got["Acme"]

def test_merge_keeps_existing_actors_and_adds_their_new_names():
    timeline = events(["Bill Barr", "William Barr", "Donald Trump", "President Trump"], ["William P. Barr", "DOJ"],
                      ["Department of Justice", "Department of Justice", "Eric Trump", "William Barr"])
    result = import_actors(timeline, EXISTING)
    by_name = {a.name: a for a in result.actors}
    assert result.actors[:3] == [
        EXISTING[0],
        EXISTING[1],
        Actor(name="William Barr", type="person", aliases=["Bill Barr", "William P. Barr"], notes="Attorney General."),
    ]
    assert [a.name for a in result.actors[3:]] == ["Department of Justice", "Eric Trump"]  # most used first
    assert by_name["Department of Justice"].acronyms == ["DOJ"]
    assert by_name["Department of Justice"].type == "government"
    assert result.stats.actors_before == 3 and result.stats.actors_after == 5 and result.stats.actors_updated == 1
    barr = next(m for m in result.merges if m.actor == "William Barr")
    assert barr.existing and {(v.text, v.rule) for v in barr.variants} == {("Bill Barr", "nickname"),
                                                                           ("William P. Barr", "middle-name")}


def test_merge_never_gives_a_name_or_acronym_two_owners():
    timeline = events(["NRA", "National Rifle Association"], ["National Rifle Association", "NRA"],
                      ["National Rifle Association (NRA)"])
    result = import_actors(timeline, EXISTING)
    rifle = next(a for a in result.actors if a.name == "National Rifle Association")
    assert rifle.acronyms == [] and "NRA" not in rifle.aliases
    assert next(a for a in result.actors if a.name == "Northern Rail Authority").acronyms == ["NRA"]
    assert any("acronym 'NRA'" in check and "Northern Rail Authority" in check for check in result.checks)


def test_merge_twice_changes_nothing():
    timeline = events(["Bill Barr", "William Barr", "DOJ", "US Department of Justice", "Department of Justice"],
                      ["Eric Trump", "Trump Organization", "Justice Kagan", "Elena Kagan", "Justice Elena Kagan"])
    grouping = group_actor_strings(count_actor_strings(timeline))
    once = merge_into_registry(EXISTING, grouping)
    twice = merge_into_registry(once.actors, grouping)
    assert render_registry(twice.actors) == render_registry(once.actors)
    assert twice.stats.actors_added == 0 and twice.stats.aliases_added == 0 and twice.stats.acronyms_added == 0


def test_render_registry_orders_keys_omits_empty_ones_and_round_trips(tmp_path: Path):
    actors = [Actor(name="FBI", type="government", aliases=["Federal Bureau of Investigation"], acronyms=["FBI"]),
              Actor(name="Élysée Palace: the seat", type="government", notes="Paris: 'quoted'", wikidata="Q1")]
    text = render_registry(actors)
    assert "name: FBI\n  type: government\n  aliases:\n  - Federal Bureau of Investigation\n  acronyms:\n  - FBI\n" in text
    assert "wikidata: Q1\n  notes:" in text and "aliases: []" not in text and "Élysée" in text
    path = tmp_path / "actors.yaml"
    path.write_text(text, encoding="utf-8")
    assert load_registry(path) == actors


def test_render_registry_of_the_shipped_registry_keeps_every_actor(tmp_path: Path):
    shipped = load_registry(REGISTRY)
    path = tmp_path / "actors.yaml"
    path.write_text(render_registry(shipped), encoding="utf-8")
    assert load_registry(path) == shipped


def test_render_merges_lists_each_variant_with_uses_and_rule():
    result = import_actors(events(["Bill Barr", "William Barr", "William Barr", "Twitter/X"]), [])
    text = render_merges(result, source="events.jsonl")
    assert "### William Barr (person, 3 uses; new actor)" in text
    assert "- [ ] `Bill Barr`: 1 uses, nickname" in text
    assert "`Twitter/X` (1 uses): names several actors" in text


# ------------------------------------------------------------------------------------------ CLI


def cli() -> typer.Typer:
    """The main command as the developer wires it: app.add_typer(registry_app, name="registry")."""
    app = typer.Typer()
    app.add_typer(registry_app, name="registry")
    return app


def test_registry_import_command_writes_registry_and_merges_then_changes_nothing(tmp_path: Path):
    events_path = tmp_path / "events.jsonl"
    events_path.write_text("".join(json.dumps({"id": str(i), "actors": actors}) + "\n" for i, actors in
                                   enumerate([["Bill Barr", "William Barr"], ["DOJ", "Department of Justice"]])))
    registry = tmp_path / "models" / "actors.yaml"
    registry.parent.mkdir()
    registry.write_text(REGISTRY.read_text(encoding="utf-8"), encoding="utf-8")
    runner = CliRunner()
    first = runner.invoke(cli(), ["registry", "import", str(events_path), "--registry", str(registry)])
    assert first.exit_code == 0, first.output
    merges = tmp_path / "models" / "registry-merges.md"
    assert "actors after" in first.output and merges.is_file()
    names = {a.name for a in load_registry(registry)}
    assert {"William Barr", "Department of Justice", "Kirill Dmitriev"} <= names
    before = (registry.read_bytes(), merges.read_bytes(), registry.stat().st_mtime_ns)
    second = runner.invoke(cli(), ["registry", "import", str(events_path), "--registry", str(registry)])
    assert second.exit_code == 0 and "(unchanged)" in second.output
    assert (registry.read_bytes(), merges.read_bytes(), registry.stat().st_mtime_ns) == before


def test_registry_import_command_exits_2_on_bad_input(tmp_path: Path):
    runner = CliRunner()
    missing = runner.invoke(cli(), ["registry", "import", str(tmp_path / "none.jsonl"), "--registry",
                                    str(tmp_path / "actors.yaml")])
    assert missing.exit_code == 2
    bad_config = runner.invoke(cli(), ["registry", "import", str(tmp_path / "none.jsonl"), "--config",
                                       str(tmp_path / "none.toml")])
    assert bad_config.exit_code == 2
    help_text = runner.invoke(cli(), ["registry", "import", "--help"])
    assert help_text.exit_code == 0 and "--merges" in help_text.output and len(help_text.output) > 100


# ------------------------------------------------------------------------------ real timeline


@pytest.mark.shared
def test_registry_import_on_the_real_timeline(shared: Path):
    path = shared / "timeline" / "events.jsonl"
    if not path.is_file():
        pytest.skip(f"{path} is absent")
    timeline = read_events(path)
    registry = load_registry(REGISTRY)
    result = import_actors(timeline, registry)
    owner = {}
    for actor in result.actors:
        for name in [actor.name, *actor.aliases]:
            owner.setdefault(normalize_name(name), actor.name)
        for acronym in actor.acronyms:
            owner.setdefault(acronym, actor.name)

    def actor_of(name: str) -> str | None:
        return owner.get(name) or owner.get(normalize_name(name))

    assert actor_of("Bill Barr") == actor_of("William Barr") == "William Barr"
    assert actor_of("DOJ") == actor_of("Department of Justice") == actor_of("US Department of Justice")
    assert actor_of("Edwin Meese III") == actor_of("Edwin Meese")  # suffix-dropped: never listed together
    assert actor_of("Sergei Lavrov") == actor_of("Sergey Lavrov")  # spelling
    assert len({actor_of(n) for n in ("Charles Keating", "Charles H. Keating Jr.", "Charles Keating III")}) == 3
    look_alikes = ["Trump Organization", "Trump Administration", "Donald Trump", "Donald Trump Jr.", "Eric Trump",
                   "Ivanka Trump"]
    assert len({actor_of(name) for name in look_alikes}) == len(look_alikes) and None not in map(actor_of, look_alikes)
    again = merge_into_registry(result.actors,
                                group_actor_strings(count_actor_strings(timeline), co_listed_strings(timeline)))
    assert render_registry(again.actors) == render_registry(result.actors)
    # every actor already there is kept, first and in order (also once the registry holds the import)
    assert [a.name for a in result.actors[: len(registry)]] == [a.name for a in registry]
    assert result.stats.actors_after == len(result.actors) > 1000


@pytest.mark.shared
def test_eval_alias_set_is_consistent_with_the_timeline(shared: Path):
    """bench/eval/actor-aliases.jsonl: verbatim timeline strings, no string twice, no negative pair
    inside one alias line, and the promised size."""
    path = shared / "timeline" / "events.jsonl"
    if not path.is_file():
        pytest.skip(f"{path} is absent")
    strings = set(count_actor_strings(read_events(path)))
    lines = [json.loads(line) for line in (REGISTRY.parents[1] / "bench" / "eval" / "actor-aliases.jsonl")
             .read_text(encoding="utf-8").splitlines() if line.strip()]
    groups = [[line["canonical"], *line["aliases"]] for line in lines if "canonical" in line]
    pairs = [line["negative_pair"] for line in lines if "negative_pair" in line]
    assert len(groups) + len(pairs) == len(lines) and len(groups) >= 60 and len(pairs) >= 25
    assert all(len(group) >= 2 for group in groups) and all(len(pair) == 2 for pair in pairs)
    names = [name for group in groups for name in group]
    assert sorted((set(names) | {n for pair in pairs for n in pair}) - strings) == []
    assert len(names) == len(set(names))
    entry = {name: i for i, group in enumerate(groups) for name in group}
    assert [p for p in pairs if p[0] in entry and entry.get(p[0]) == entry.get(p[1])] == []
