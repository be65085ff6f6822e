"""acronyms.py: an acronym and the name it stands for, declared, listed or by initials; an
acronym that fits two names links to neither."""

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
        (["Department of Justice", "DOJ"], {"acronym"}),
        (["Federal Bureau of Investigation", "FBI"], {"acronym"}),
        (["Department of Homeland Security", "DHS", "DHS (Department of Homeland Security)"], {"acronym"}),
        (["American Legislative Exchange Council", "American Legislative Exchange Council (ALEC)", "ALEC"], {"acronym"}),
        (["Federal Communications Commission", "FCC Federal Communications Commission"], {"acronym"}),
        (["Department of Justice Inspector General", "DOJ Inspector General"], {"acronym"}),
        (["USPS", "U.S. Postal Service"], {"acronym+country"}),
        (["Democratic Party of Korea", "Democratic Party (DPK)"], {"acronym"}),
        (["Foreign Intelligence Surveillance Court of Review", "FISA Court of Review"], {"acronym"}),
    ],
)
def test_acronyms_group_by_rule(strings, rule):
    assert_folded_by(strings, rule)


@pytest.mark.parametrize(
    "strings",
    [
        ["National Rifle Association", "National Restaurant Association", "NRA"],
        ["Department of Education", "Department of Energy", "DOE"],
        ["Democratic Party (DPK)", "Democratic Party"],                    # acronym completing a name
        ["NSA", "National Security Archive"],  # a listed acronym never links by initials, even alone
    ],
)
def test_acronyms_keep_look_alikes_apart(strings):
    assert_kept_apart(strings)


def test_acronyms_link_an_acronym_inside_a_longer_name_to_the_same_name_spelled_out():
    canon = canonical_of("Department of Justice", "Department of Justice Inspector General", "DOJ Inspector General",
                         "DOJ", "DOD Inspector General", "Department of Defense Inspector General")
    assert canon["DOJ Inspector General"] == canon["Department of Justice Inspector General"] != canon["DOJ"]
    assert canon["DOJ"] == canon["Department of Justice"]
    assert canon["DOD Inspector General"] == "Department of Defense Inspector General"  # DOD never alone


def test_acronyms_use_the_acronym_table_when_initials_are_ambiguous():
    canon = canonical_of("NSA", "National Security Agency", "National Security Archive", uses={"NSA": 9})
    assert canon["National Security Agency"] == "NSA" and canon["National Security Archive"] == "National Security Archive"
