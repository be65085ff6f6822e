"""store/registry.py: the registry file read safely, every problem one line with its place."""

from __future__ import annotations

import pytest

from pipeline.errors import ConfigError
from pipeline.records import Actor
from pipeline.store import load_registry, render_registry
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
