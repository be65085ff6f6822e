"""block_yaml writes what PyYAML's safe loader reads back unchanged, whatever the strings hold."""

from __future__ import annotations

import random

import pytest
import yaml

from pipeline import block_yaml

LOADERS = [yaml.SafeLoader] + ([yaml.CSafeLoader] if hasattr(yaml, "CSafeLoader") else [])
HOSTILE = ["", " ", "yes", "No", "null", "~", "2025-03-18", "12", "1e5", "- item", "key: value", "# not a comment",
           "'single'", '"double"', "back\\slash", "tab\there", "line\nbreak", "\r\n", "nel\x85", "ls\u2028ps\u2029",
           "\ufeffbom", "\x00nul\x1besc\x7fdel", "c1\x9b", "\ufffe\uffff", "Путин сказал «нет»", "emoji 🙂", "&anchor",
           "*alias", "!tag", "%directive", "@at", "`tick", "{flow}", "[seq]", "? key", "| block", "> folded", "---", "..."]


def _random_text(rng: random.Random) -> str:
    """Code points from the whole range (lone surrogates aside: they cannot be written as UTF-8)."""
    chars = []
    for _ in range(rng.randint(0, 12)):
        cp = rng.choice([rng.randint(0, 0x7F), rng.randint(0x80, 0x2FFF), rng.randint(0xE000, 0xFFFF),
                         rng.randint(0x10000, 0x10FFFF)])
        chars.append(chr(cp))
    return "".join(chars)


def _random_value(rng: random.Random, depth: int = 0):
    kind = rng.randint(0, 8 if depth < 3 else 5)
    if kind == 0:
        return None
    if kind == 1:
        return rng.random() < 0.5
    if kind == 2:
        return rng.randint(-10**12, 10**12)
    if kind == 3:
        return rng.choice([0.0, -1.5, 1e-05, 1e16, 0.47, rng.uniform(-1e6, 1e6), float("inf"), float("-inf")])
    if kind in (4, 5):
        return rng.choice(HOSTILE) if rng.random() < 0.4 else _random_text(rng)
    if kind in (6, 7):
        return {rng.choice([*HOSTILE, "text", "source", _random_text(rng)]): _random_value(rng, depth + 1)
                for _ in range(rng.randint(0, 4))}
    return [_random_value(rng, depth + 1) for _ in range(rng.randint(0, 4))]


@pytest.mark.parametrize("flow_depth", [None, 1, 2])
@pytest.mark.parametrize("loader", LOADERS, ids=lambda loader: loader.__name__)
def test_round_trip_of_random_and_hostile_data(loader, flow_depth) -> None:
    rng = random.Random(20261122)
    for _ in range(400):
        data = {"value": _random_value(rng), "items": [_random_value(rng) for _ in range(3)]}
        text = block_yaml.dump(data, indent=2, flow_depth=flow_depth)
        text.encode("utf-8")  # writable as a file
        assert yaml.load("root:\n" + text, Loader=loader) == {"root": data}, text


def test_nested_under_a_key_and_nan() -> None:
    text = "provenance:\n" + block_yaml.dump({"quotes": [{"text": "a", "spans": [[1, 2]]}], "empty": []}, indent=2)
    assert yaml.safe_load(text) == {"provenance": {"quotes": [{"text": "a", "spans": [[1, 2]]}], "empty": []}}
    loaded = yaml.safe_load(block_yaml.dump({"x": float("nan")}))
    assert loaded["x"] != loaded["x"]


def test_flow_lines_for_deep_collections_and_block_where_json_would_mislead() -> None:
    text = block_yaml.dump({"quotes": [{"text": "a", "score": 0.5}, {"score": 1e-05}]}, flow_depth=2)
    assert text.splitlines() == ['quotes:', '- {"text": "a", "score": 0.5}', "- score: 1.0e-05"]


def test_refuses_what_is_not_json_shaped() -> None:
    with pytest.raises(TypeError):
        block_yaml.dump({"when": object()})
    with pytest.raises(TypeError):
        block_yaml.dump({1: "a"})
