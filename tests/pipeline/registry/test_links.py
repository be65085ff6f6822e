"""links.py: the table of link rules and its phases."""

from __future__ import annotations

from pipeline.registry.graph import LinkContext, joined
from pipeline.registry.grouping import key_nodes
from pipeline.registry.links import LINK_RULES, Phase, link_keys
from tests.pipeline.registry.conftest import canonical_of

# Strings every rule has something to link in (the examples of the rules' docstrings).
EXAMPLES = [
    "Democratic Party (DPK)", "Democratic Party of Korea", "DOJ", "Department of Justice", "DOJ Inspector General",
    "Department of Justice Inspector General", "Bill Barr", "William Barr", "William P. Barr", "Justice Kagan",
    "Justice Elena Kagan", "Elena Kagan", "Boeing", "Boeing Corporation", "Coinbase Global Inc.", "Coinbase",
    "Palantir Technologies", "Palantir", "Preston Gates & Ellis", "Preston Gates", "ExxonMobil", "Exxon Mobil",
    "VEB Bank", "VEB", "Lincoln Savings and Loan Association", "Lincoln Savings and Loan",
    "Biden-Harris administration", "Biden Administration", "Guccifer 2.0 persona", "Guccifer 2.0",
    "Sinclair Broadcasting", "Sinclair Broadcast Group", "Homeland Security", "Department of Homeland Security",
    "Brennan Center for Justice", "Brennan Center", "Federal Bureau of Prisons", "Bureau of Prisons", "Russian GRU",
    "GRU", "South Korea Government", "South Korean Government", "Ways and Means Committee",
    "House Ways and Means Committee", "John M. Olin Foundation", "Olin Foundation", "DOJ Civil Rights Division",
    "Justice Department Civil Rights Division", "RFK Jr.", "Robert F. Kennedy Jr.", "Edwin Meese",
    "Edwin Meese III", "Sergei Lavrov", "Sergey Lavrov", "T-Mobile US", "T-Mobile", "Anne Gorsuch Burford",
    "Anne Gorsuch",
]


def test_links_every_rule_says_what_it_joins():
    for rule in LINK_RULES:
        doc = rule.link.__doc__ or ""
        assert all(name in doc for name in rule.names if name != "same-name"), rule.link.__name__
        assert '" = "' in doc, f"{rule.link.__name__}: no example"
    assert len({rule.link for rule in LINK_RULES}) == len(LINK_RULES)
    assert [rule.phase for rule in LINK_RULES] == sorted(rule.phase for rule in LINK_RULES)  # read in order


def test_links_every_rule_links_its_examples_and_reports_only_its_names():
    nodes, _ = key_nodes({s: 1 for s in EXAMPLES})
    ctx = LinkContext(nodes, joined(nodes, []), [], {})
    for rule in LINK_RULES:
        edges = rule.link(ctx)
        assert edges, rule.link.__name__
        for a, b, name in edges:
            assert a in nodes and b in nodes and a != b
            assert set(name.split("+")) <= set(rule.names), (rule.link.__name__, name)


def test_links_evidence_rules_need_the_events():
    counts = {"Edwin Meese": 1, "Edwin Meese III": 1}
    without, _ = link_keys(key_nodes(counts)[0], [])
    with_events, actors = link_keys(key_nodes(counts)[0], [], co_listed=set())
    assert without == [] and with_events == [("edwin meese", "edwin meese iii", "suffix-dropped")]
    assert actors.find("edwin meese iii") == "edwin meese"
    assert {rule.link.__name__ for rule in LINK_RULES if rule.needs_events} == {
        "suffix_dropped", "spelling_variants", "country_suffix", "three_names"}
    assert all(rule.phase is Phase.EVIDENCE for rule in LINK_RULES if rule.needs_events)


def test_links_a_rule_sees_the_actors_of_the_earlier_phases():
    # two keys read "barr" until the nickname rule (NAMES) joins them; then titled-surname (FORMS)
    # finds one person called Barr, known as a person by the title
    canon = canonical_of("Justice Barr", "Bill Barr", "William Barr", "Attorney General William Barr",
                         uses={"William Barr": 3})
    assert set(canon.values()) == {"William Barr"}
    checks: list[str] = []
    nodes, _ = key_nodes({"Justice Barr": 1, "Bill Barr": 1, "Attorney General William Barr": 1})
    edges, _ = link_keys(nodes, checks)
    assert ("justice barr", "bill barr", "titled-surname") in edges
