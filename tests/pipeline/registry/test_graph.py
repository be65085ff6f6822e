"""graph.py: the union-find the links join, the keys an event lists apart, and what a rule asks of
its context."""

from __future__ import annotations

import itertools

from pipeline.registry.graph import LinkContext, UnionFind, apart_keys, joined
from pipeline.registry.grouping import key_nodes


def test_graph_union_find_roots_each_actor_at_its_smallest_key_whatever_the_order():
    edges = [("c", "d", "x"), ("b", "c", "x"), ("e", "f", "x")]
    for order in itertools.permutations(edges):
        uf = joined("abcdef", order)
        assert [uf.find(k) for k in "abcdef"] == ["a", "b", "b", "b", "e", "e"]
        assert uf.members() == {"a": ["a"], "b": ["b", "c", "d"], "e": ["e", "f"]}


def test_graph_union_is_idempotent():
    uf = UnionFind(["a", "b"])
    uf.union("a", "b")
    uf.union("b", "a")
    assert uf.members() == {"a": ["a", "b"]}


def test_graph_apart_keys_are_the_keys_listed_in_one_event():
    nodes, _ = key_nodes({"Donald Trump": 1, "President Donald Trump": 1, "Donald Trump Jr.": 1})
    apart = apart_keys(nodes, {frozenset({"President Donald Trump", "Donald Trump Jr."}),
                               frozenset({"Donald Trump", "President Donald Trump"})})  # one key: not apart
    assert apart == {"donald trump": {"donald trump jr"}, "donald trump jr": {"donald trump"}}


def test_graph_context_asks_about_the_actors_of_earlier_phases():
    nodes, _ = key_nodes({"Anne Gorsuch": 1, "Anne Gorsuch Burford": 1, "Neil Gorsuch": 1})
    apart = {"anne gorsuch burford": {"neil gorsuch"}, "neil gorsuch": {"anne gorsuch burford"}}
    ctx = LinkContext(nodes, joined(nodes, [("anne gorsuch", "anne gorsuch burford", "x")]), [], apart)
    assert ctx.same_actor("anne gorsuch", "anne gorsuch burford")
    assert not ctx.same_actor("anne gorsuch", "neil gorsuch")
    assert ctx.listed_together("anne gorsuch", "neil gorsuch")  # through another name of the actor
    assert ctx.members[ctx.actors.find("anne gorsuch")] == ["anne gorsuch", "anne gorsuch burford"]
