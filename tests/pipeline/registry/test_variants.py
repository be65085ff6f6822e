"""variants.py: the decorations stripped from one string (slug, nickname, note, parentheses, title,
country, 'X Department'), read directly and through the grouping they lead to."""

from __future__ import annotations

import pytest

from pipeline.registry.variants import parse_variant
from tests.pipeline.registry.conftest import assert_folded_by, assert_kept_apart


@pytest.mark.parametrize(
    ("strings", "rule"),
    [
        (["Trump Administration", "Trump administration", "trump-administration"], {"same-key", "slug"}),
        (["Department of Justice", "US Department of Justice", "U.S. Department of Justice"], {"country"}),
        (["Supreme Court", "Supreme Court of the United States"], {"country"}),
        (["Department of Justice", "Justice Department", "U.S. Justice Department"], {"department", "country+department"}),
        (["William Barr", "Attorney General William Barr"], {"title"}),
        (["Pam Bondi", "Florida Attorney General Pam Bondi"], {"title"}),
        (["Brad Raffensperger", "Secretary of State Brad Raffensperger"], {"title"}),
        (["Elon Musk", "Elon Musk (DOGE leader)"], {"note"}),
        (["Clarence Thomas", "Justice Clarence Thomas (dissent)"], {"note+title"}),
        (["Public Citizen", "Public Citizen (plaintiff)"], {"note"}),
        (["Viktor Orban", "Viktor Orbán"], {"same-key"}),
        (["Department of Health and Human Services", "department-of-health-human-services"], {"slug"}),
        (["Heritage Trust", "Heritage Trust (Delaware)"], {"note"}),
        (["Mossad", "Israeli Intelligence (Mossad)"], {"parenthetical-name"}),
        (["Chuck Schumer", "Senate Minority Leader Chuck Schumer"], {"title"}),
    ],
)
def test_variants_group_by_rule(strings, rule):
    assert_folded_by(strings, rule)


@pytest.mark.parametrize(
    "strings",
    [
        ["Paul Weiss", "Bradley Bondi (Paul Hastings, brother of AG Pam Bondi)", "Pam Bondi"],
        ["Heritage Trust (Delaware)", "Delaware"],                          # note: the place stays apart
        ["Russian Intelligence (GRU)", "Russian Intelligence"],            # parenthetical-name
    ],
)
def test_variants_keep_look_alikes_apart(strings):
    assert_kept_apart(strings)


@pytest.mark.parametrize(
    ("text", "base", "steps"),
    [
        ("us-department-of-justice", "Department of Justice", ["slug", "country"]),
        ("Lewis 'Scooter' Libby", "Lewis Libby", ["quoted-nickname"]),
        ("I. Lewis (Scooter) Libby", "I. Lewis Libby", ["quoted-nickname"]),
        ("Elon Musk (DOGE leader)", "Elon Musk", ["note"]),
        ("American Legislative Exchange Council (ALEC)", "American Legislative Exchange Council", ["acronym"]),
        ("CBP (Customs and Border Protection)", "Customs and Border Protection", ["acronym"]),
        ("FCC Federal Communications Commission", "Federal Communications Commission", ["acronym"]),
        ("Attorney General William Barr", "William Barr", ["title"]),
        ("Supreme Court of the United States", "Supreme Court", ["country"]),
        ("Justice Department", "Department of Justice", ["department"]),
        ("Police Department", "Police Department", []),  # a local department keeps its name
    ],
)
def test_variants_parse_strips_decorations(text, base, steps):
    variant = parse_variant(text, 1, set())
    assert (variant.base, variant.steps) == (base, steps)


def test_variants_parse_records_what_the_rules_read():
    assert parse_variant("Lewis 'Scooter' Libby", 1, set()).nickname == "scooter"
    assert parse_variant("Justice Kagan", 1, set()).titled_surname == "kagan"
    assert parse_variant("Democratic Party (DPK)", 1, set()).completes == "DPK"
    assert parse_variant("Amazon.com Inc.", 1, set()).legal_base == "Amazon"
    dhs = parse_variant("DHS", 1, set())
    assert dhs.is_acronym and dhs.acronyms == ["DHS"]
    # a body's own name in parentheses only when that name is written alone
    assert parse_variant("Israeli Intelligence (Mossad)", 1, {"mossad"}).base == "Mossad"
    assert parse_variant("Israeli Intelligence (Mossad)", 1, set()).base == "Israeli Intelligence (Mossad)"
    # the key forms are not applied after a title
    assert parse_variant("Committee on Ethics", 1, set()).key == "ethics committee"
