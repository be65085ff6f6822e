"""companies.py: a company's names (legal form, company word, partnership, spacing, bank, savings
and loan, ticket, descriptor, generic words, a trailing "US"), never a person, place or surname."""

from __future__ import annotations

import pytest

from tests.pipeline.registry.conftest import (
    assert_folded_by,
    assert_kept_apart,
    canonical_of,
    grouped,
    rules_of,
)


@pytest.mark.parametrize(
    ("strings", "rule"),
    [
        (["Boeing", "Boeing Corporation"], {"legal-form"}),
        (["Wells Fargo", "Wells Fargo & Co."], {"legal-form"}),
        (["Central Hudson Gas & Electric Corporation", "Central Hudson Gas & Electric Corp."], {"legal-form"}),
        (["Palantir Technologies", "Palantir"], {"company-word"}),
        (["ExxonMobil", "Exxon Mobil"], {"spacing"}),
        (["Cytrox", "Cytrox AD"], {"legal-form"}),
        (["Paul Weiss", "Paul Weiss Law Firm"], {"legal-form"}),
        (["Coinbase", "Coinbase Global Inc."], {"legal-form+company-word"}),
        (["Whole Foods", "Whole Foods Market Inc."], {"legal-form+company-word"}),
        (["Preston Gates & Ellis", "Preston Gates"], {"firm-name"}),
        (["Skadden", "Skadden, Arps, Slate, Meagher & Flom LLP"], {"firm-name"}),
    ],
)
def test_companies_group_by_rule(strings, rule):
    assert_folded_by(strings, rule)


@pytest.mark.parametrize(
    "strings",
    [
        ["Johnson & Johnson", "Johnson"], ["Procter & Gamble", "Procter"],  # firm-name
        ["Amazon", "Amazon Web Services"], ["Time Warner", "Time Warner Cable"],  # company-word
    ],
)
def test_companies_keep_look_alikes_apart(strings):
    assert_kept_apart(strings)


def test_companies_bank_joins_a_company_not_a_place_or_person():
    got = canonical_of("Standard Chartered Bank", "Standard Chartered", "VEB Bank", "VEB", "Swiss National Bank",
                       "Swiss National", "Beal Bank", "Andy Beal", "Beal", "Georgia Bank", "Georgia",
                       uses={"Standard Chartered": 2, "VEB": 3})
    assert rules_of("Standard Chartered Bank", "Standard Chartered", uses={"Standard Chartered": 2})["Standard Chartered Bank"] == "bank"
    assert got["Standard Chartered Bank"] == got["Standard Chartered"] and got["VEB Bank"] == got["VEB"]
    assert got["Georgia Bank"] != got["Georgia"] and got["Swiss National Bank"] != got["Swiss National"]
    assert got["Beal Bank"] != got["Beal"] != got["Andy Beal"]  # a surname: a bank named after a person


def test_companies_savings_and_loan_association():
    got = canonical_of("Lincoln Savings and Loan Association", "Lincoln Savings and Loan", "Lincoln Savings Bank",
                       "Lincoln", "Abraham Lincoln")
    assert rules_of("Lincoln Savings and Loan Association", "Lincoln Savings and Loan", uses={"Lincoln Savings and Loan": 2})[
        "Lincoln Savings and Loan Association"] == "savings-and-loan"
    assert got["Lincoln Savings and Loan Association"] == got["Lincoln Savings and Loan"]
    assert len({got["Lincoln Savings Bank"], got["Lincoln Savings and Loan"], got["Abraham Lincoln"]}) == 3


def test_companies_ticket_administration_is_the_first_names():
    got = canonical_of("Biden-Harris administration", "Biden Administration", "Harris Administration",
                       uses={"Biden Administration": 3})
    assert got["Biden-Harris administration"] == "Biden Administration" != got["Harris Administration"]
    assert rules_of("Biden-Harris administration", "Biden Administration", uses={"Biden Administration": 2})[
        "Biden-Harris administration"] == "ticket-administration"


def test_companies_generic_words_join_the_only_company_with_that_first_word():
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


def test_companies_country_suffix_unless_listed_together():
    got = grouped(["T-Mobile", "Sprint"], ["T-Mobile"], ["T-Mobile US", "FCC"], ["Acme Oil", "Acme Oil US"], ["Binance.US"],
                  ["Binance"])
    assert got["T-Mobile US"] == ("T-Mobile", "country-suffix")
    assert got["Acme Oil US"][0] != got["Acme Oil"][0]  # a parent and its American arm, listed together
    assert got["Binance.US"][0] != got["Binance"][0]


def test_companies_descriptor_word_after_a_name():
    got = canonical_of("Guccifer 2.0 persona", "Guccifer 2.0", "Trump administration", "Trump", "Donald Trump",
                       "Melania Trump", "Acme officials", "Acme", "Acme government", uses={"Guccifer 2.0": 2})
    assert got["Guccifer 2.0 persona"] == "Guccifer 2.0"
    assert rules_of("Guccifer 2.0 persona", "Guccifer 2.0", uses={"Guccifer 2.0": 2})["Guccifer 2.0 persona"] == "descriptor"
    assert got.get("Trump administration") != got.get("Trump")
    assert got["Acme officials"] != got["Acme"] and got["Acme government"] != got["Acme"]
