"""store/registry.py: the registry file read safely, every problem one line with its place."""

from __future__ import annotations

import pytest

from pipeline.errors import ConfigError
from pipeline.store import (
    load_registry,
)

AT = "2025-01-01T00:00:00+00:00"


@pytest.mark.parametrize("content", ["actors:\n", "actors: [unclosed\n", "- a list\n"])
def test_a_broken_registry_is_a_config_error(tmp_path, content):
    path = tmp_path / "actors.yaml"
    path.write_text(content)
    if content == "actors:\n":
        assert load_registry(path) == []
    else:
        with pytest.raises(ConfigError):
            load_registry(path)
