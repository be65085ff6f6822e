"""store/registry.py: the registry file read safely, every problem one line with its place."""

from __future__ import annotations

import pytest

from pipeline.errors import ConfigError
from pipeline.records import Actor
from pipeline.store import load_registries, load_registry, render_registry
from pipeline.store.registry import add_alias
from tests.conftest import REGISTRY


@pytest.mark.parametrize("content", ["actors:\n", "actors: [unclosed\n", "- a list\n"])
def test_a_broken_registry_is_a_config_error(tmp_path, content):
    path = tmp_path / "actors.yaml"
    path.write_text(content)
    if content == "actors:\n":
        assert load_registry(path) == []
    else:
        with pytest.raises(ConfigError):
            load_registry(path)


def test_render_registry_orders_keys_omits_empty_ones_and_round_trips(tmp_path):
    actors = [Actor(name="FBI", type="government", aliases=["Federal Bureau of Investigation"], acronyms=["FBI"]),
              Actor(name="Élysée Palace: the seat", type="government", notes="Paris: 'quoted'", wikidata="Q1")]
    text = render_registry(actors)
    assert "name: FBI\n  type: government\n  aliases:\n  - Federal Bureau of Investigation\n  acronyms:\n  - FBI\n" in text
    assert "wikidata: Q1\n  notes:" in text and "aliases: []" not in text and "Élysée" in text
    path = tmp_path / "actors.yaml"
    path.write_text(text, encoding="utf-8")
    assert load_registry(path) == actors


def test_render_registry_of_the_shipped_registry_keeps_every_actor(tmp_path):
    shipped = load_registry(REGISTRY)
    path = tmp_path / "actors.yaml"
    path.write_text(render_registry(shipped), encoding="utf-8")
    assert load_registry(path) == shipped


def test_the_shipped_registry_holds_real_actors_only_issue_16():
    """The samples' invented actors live beside the samples: "NRA" in a real article is not the
    samples' Northern Rail Authority."""
    from pipeline.resolve import ActorIndex, resolve_name
    from tests.conftest import SAMPLE_REGISTRY

    shipped, samples = load_registry(REGISTRY), load_registry(SAMPLE_REGISTRY)
    assert not any("sample corpus" in (a.notes or "") for a in shipped)
    assert {"Northern Rail Authority", "Maria Okafor", "United Rail Workers Union"} <= {a.name for a in samples}
    assert not {a.name for a in shipped} & {a.name for a in samples}
    assert resolve_name(ActorIndex.build(shipped), "NRA", 90) is None
    both = ActorIndex.build(load_registries([REGISTRY, SAMPLE_REGISTRY]))
    assert both.actors[resolve_name(both, "NRA", 90)[0]].name == "Northern Rail Authority"


def test_registries_read_as_one_the_first_file_wins_a_name(tmp_path):
    main, extra = tmp_path / "actors.yaml", tmp_path / "more.yaml"
    main.write_text("actors:\n- name: Lena Brandt\n  type: person\n  aliases: [Mayor Brandt]\n", encoding="utf-8")
    extra.write_text("actors:\n- name: Lena Brandt\n  type: person\n- name: Tomas Reyes\n  type: person\n",
                     encoding="utf-8")
    actors = load_registries([main, extra])
    assert [(a.name, a.aliases) for a in actors] == [("Lena Brandt", ["Mayor Brandt"]), ("Tomas Reyes", [])]


def test_an_alias_of_a_read_only_registrys_actor_is_written_to_the_first(tmp_path):
    main, extra = tmp_path / "actors.yaml", tmp_path / "samples.yaml"
    main.write_text("actors:\n- name: Kirill Dmitriev\n  type: person\n", encoding="utf-8")
    extra.write_text("actors:\n- name: Tomas Reyes\n  type: person\n  notes: Transport minister.\n", encoding="utf-8")
    before = extra.read_bytes()
    written = add_alias(main, "Tomas Reyes", "the transport minister", also=[extra])
    assert written.aliases == ["the transport minister"] and written.notes == "Transport minister."
    assert extra.read_bytes() == before  # read only
    assert [a.name for a in load_registries([main, extra])] == ["Kirill Dmitriev", "Tomas Reyes"]
    assert load_registries([main, extra])[1].aliases == ["the transport minister"]
    with pytest.raises(ConfigError, match="no actor 'Nobody'"):
        add_alias(main, "Nobody", "x", also=[extra])
