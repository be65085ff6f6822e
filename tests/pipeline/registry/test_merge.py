"""merge.py: groups merged into a registry that keeps every actor and field it has; a name or an
acronym never gets two owners; a held-back surname joins an actor or nothing; twice changes nothing."""

from __future__ import annotations

from pipeline.records import Actor
from pipeline.registry import (
    count_actor_strings,
    group_actor_strings,
    import_actors,
    merge_into_registry,
)
from pipeline.store import render_registry
from tests.pipeline.registry.conftest import EXISTING, events


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


def test_merge_holds_back_a_surname_shared_by_several_people():
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


def test_merge_names_a_new_actor_by_a_free_name_or_not_at_all():
    registry = [Actor(name="Northern Rail Authority", type="government", acronyms=["NRA"])]
    grouping = group_actor_strings({"NRA": 5, "National Rifle Association": 1})
    result = merge_into_registry(registry, grouping)
    assert [a.name for a in result.actors] == ["Northern Rail Authority", "National Rifle Association"]
    taken = merge_into_registry(registry, group_actor_strings({"NRA": 2}))  # an acronym alone never matches
    assert taken.actors == registry and taken.stats.actors_added == 0
    assert taken.checks == ["'NRA' (2 uses): every name of it belongs to another actor already; not imported"]
