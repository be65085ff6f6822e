"""bodies.py: a government body's or an organization's names (short names, "Federal", demonyms,
country adjectives, chambers, units, a body named after a person, "for" phrases); a body never
joins its units, its parent or a person."""

from __future__ import annotations

import pytest

from tests.pipeline.registry.conftest import (
    assert_folded_by,
    assert_kept_apart,
    canonical_of,
)


@pytest.mark.parametrize(
    ("strings", "rule"),
    [
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
def test_bodies_group_by_rule(strings, rule):
    assert_folded_by(strings, rule)


@pytest.mark.parametrize(
    "strings",
    [
        ["Judiciary Committee", "House Judiciary Committee", "Senate Judiciary Committee"],  # chamber
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
    ],
)
def test_bodies_keep_look_alikes_apart(strings):
    assert_kept_apart(strings)


def test_bodies_link_a_unit_however_its_parent_is_written_but_never_to_the_parent():
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
