"""keys.py: the key of a name and the forms of a body's name (KEY_FORMS), read directly and
through the grouping; display of a lower-case name."""

from __future__ import annotations

import pytest

from pipeline.registry.keys import KEY_FORMS, display, name_key, rewrite_key
from tests.pipeline.registry.conftest import assert_folded_by, assert_kept_apart


@pytest.mark.parametrize(
    ("strings", "rule"),
    [
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
    ],
)
def test_keys_group_by_rule(strings, rule):
    assert_folded_by(strings, rule)


@pytest.mark.parametrize(
    "strings",
    [
        ["Ninth Circuit Court of Appeals", "Fifth Circuit Court of Appeals", "Cook County Circuit Court"],
        ["January 6 Committee", "January 16 Committee"],                   # ordinal
        ["Supreme Court", "Georgia Supreme Court", "Supreme Court of Georgia (U.S. state)"],
        ["Republican Party", "Republican Party of Armenia"],               # word-order
    ],
)
def test_keys_keep_look_alikes_apart(strings):
    assert_kept_apart(strings)


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("Department of the Treasury", "department of treasury"),
        ("department-of-health-human-services", "department of health human services"),
        ("Department of Health and Human Services", "department of health human services"),
        ("The Trump Organization's", "trump organization"),
        ("AT&T", "at&t"),
    ],
)
def test_keys_name_key_drops_case_punctuation_and_connectors(text, key):
    assert name_key(text) == key


@pytest.mark.parametrize(
    ("key", "rewritten", "rules"),
    [
        ("january 6th committee", "january 6 committee", ["ordinal"]),
        ("department of justice office of inspector general", "department of justice inspector general",
         ["inspector-general"]),
        ("usps oig", "usps inspector general", ["inspector-general"]),
        ("9th circuit court", "ninth circuit court of appeals", ["circuit-court"]),
        ("court of appeals for district of columbia circuit", "dc circuit court of appeals", ["circuit-court"]),
        ("ninth circuit court of appeals", "ninth circuit court of appeals", []),
        ("senate select committee on intelligence", "senate intelligence committee", ["committee-name"]),
        ("task force kleptocapture", "kleptocapture task force", ["word-order"]),
        ("supreme court of georgia", "georgia supreme court", ["word-order"]),
        ("department of state", "department of state", []),
        ("cook county circuit court", "cook county circuit court", []),
    ],
)
def test_keys_rewrite_key_brings_a_form_to_the_common_one(key, rewritten, rules):
    assert rewrite_key(key) == (rewritten, rules)


def test_keys_each_form_leaves_other_keys_alone():
    for form in KEY_FORMS:
        assert form.rewrite("heritage foundation") is None, form.rule
        assert form.rewrite.__doc__ and form.rule in form.rewrite.__doc__, form.rule


@pytest.mark.parametrize(
    ("base", "shown"),
    [("tether", "Tether"), ("sba", "SBA"), ("department of justice", "Department of Justice"),
     ("acme llc", "Acme LLC"), ("Already Written", "Already Written")],
)
def test_keys_display_names_a_lower_case_group(base, shown):
    assert display(base) == shown
