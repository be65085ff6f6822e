"""grouping.py: the strings counted, left out or gathered into groups; the canonical name, the
type and the doubts of each group."""

from __future__ import annotations

from pipeline.registry import (
    co_listed_strings,
    count_actor_strings,
    group_actor_strings,
)
from tests.pipeline.registry.conftest import canonical_of, events


def test_count_actor_strings_counts_uses_and_trims():
    counts = count_actor_strings(events(["DOJ", " DOJ ", "Bill  Barr"], ["DOJ", ""], []))
    assert counts == {"DOJ": 3, "Bill Barr": 1}


def test_co_listed_strings_pairs_the_actors_of_each_event():
    pairs = co_listed_strings(events(["Donald Trump", "Donald Trump Jr.", " Donald Trump "], ["Eric Trump"], []))
    assert pairs == {frozenset({"Donald Trump", "Donald Trump Jr."})}


def test_grouping_reports_what_it_did_not_link():
    grouping = group_actor_strings({"George Bush": 1, "George W. Bush": 2, "George H.W. Bush": 2, "NRA": 1,
                                    "National Rifle Association": 3, "National Restaurant Association": 1,
                                    "Trump": 4, "Donald Trump": 9, "Eric Trump": 2})
    checks = "\n".join(grouping.checks)
    assert "'George Bush' could be" in checks
    assert "acronym 'NRA' fits several names" in checks
    assert "'Trump'" not in checks  # a held-back surname is reported where it is left out


def test_grouping_canonical_is_the_most_used_plain_variant():
    canon = canonical_of("Bill Barr", "William Barr", "Attorney General William Barr",
                         uses={"Bill Barr": 2, "William Barr": 15, "Attorney General William Barr": 30})
    assert set(canon.values()) == {"William Barr"}  # a titled form is never canonical
    tie = canonical_of("DOJ", "Department of Justice")
    assert set(tie.values()) == {"Department of Justice"}  # ties: the longest
    decorated = canonical_of("Chief Judge James Boasberg", "U.S. District Judge James Boasberg",
                             uses={"U.S. District Judge James Boasberg": 2})
    assert set(decorated.values()) == {"James Boasberg"}  # every variant decorated: the name itself


def test_grouping_leaves_out_lists_and_descriptions():
    grouping = group_actor_strings({"Twitter/X": 2, "9/11 Commission": 1, "community activists": 1,
                                    "Community Activists": 1, "346 crash victims": 4, "---": 1})
    reasons = {s.text: s.reason for s in grouping.skipped}
    assert reasons == {"Twitter/X": "names several actors", "346 crash victims": "a description, not a name",
                       "---": "no letters"}
    assert {g.canonical for g in grouping.groups} == {"9/11 Commission", "Community Activists"}


def test_grouping_types_groups_by_their_evidence():
    groups = {g.canonical: g.type for g in group_actor_strings(
        {"FBI": 5, "Federal Bureau of Investigation": 1, "Trump": 2, "Donald Trump": 5, "Eric Trump": 1,
         "Justice Kagan": 1, "Elena Kagan": 1, "Justice Elena Kagan": 1}).groups}
    assert groups["FBI"] == "government"  # an acronym takes the type of its expansion
    assert groups["Trump"] == "person"  # a surname shared by several people
    assert groups["Elena Kagan"] == "person"


def test_grouping_reports_the_rules_along_the_links_and_the_group_acronyms_and_names():
    grouping = group_actor_strings({"Department of Justice": 5, "DOJ": 3, "U.S. Justice Department": 1,
                                    "Federal Communications Commission (FCC)": 1, "Federal Communications Commission": 2})
    by_canonical = {g.canonical: g for g in grouping.groups}
    justice = by_canonical["Department of Justice"]
    assert {v.text: v.rule for v in justice.variants} == {
        "Department of Justice": "canonical", "DOJ": "acronym", "U.S. Justice Department": "country+department"}
    assert justice.acronyms == ["DOJ"] and justice.uses == 9
    fcc = by_canonical["Federal Communications Commission"]
    assert fcc.acronyms == ["FCC"] and fcc.names == []  # the name inside the parentheses is the canonical one
