"""`newsevents eval` on small slices: it runs the real pipeline and writes well-formed predictions."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from pipeline.cli.app import app

runner = CliRunner()


@pytest.mark.model
@pytest.mark.shared
def test_eval_quotes_on_ten_articles(shared, tmp_path):
    gold = shared / "gold" / "quotes-dev.jsonl"
    out = tmp_path / "pred.jsonl"
    result = runner.invoke(app, ["eval", "quotes", str(gold), "--limit", "10", "--errors", "2", "--predictions", str(out)])
    assert result.exit_code == 0, result.output
    assert "direct" in result.output and "reported" in result.output and "speaker" in result.output
    texts = {json.loads(line)["doc_id"]: json.loads(line)["text"] for line in gold.read_text().splitlines()[:10]}
    lines = [json.loads(line) for line in out.read_text().splitlines()]
    assert [line["doc_id"] for line in lines] == list(texts)
    found = 0
    for line in lines:
        text = texts[line["doc_id"]]
        for quote in line["quotes"]:
            assert set(quote) == {"quote_start", "quote_end", "speaker_start", "speaker_end", "speaker", "actor", "cue", "kind"}
            assert 0 <= quote["quote_start"] < quote["quote_end"] <= len(text)
            assert quote["kind"] in ("full", "partial", "reported")
            if quote["speaker_start"] is not None:
                assert text[quote["speaker_start"] : quote["speaker_end"]] == quote["speaker"]
            found += 1
    assert found > 20


@pytest.mark.model
@pytest.mark.shared
def test_eval_whowhen_on_ten_articles(shared, tmp_path):
    out = tmp_path / "pred.jsonl"
    result = runner.invoke(app, ["eval", "whowhen", str(shared / "gold" / "who-when-train.jsonl"), "--limit", "10",
                                 "--predictions", str(out)])
    assert result.exit_code == 0, result.output
    assert "event date = gold date" in result.output
    lines = [json.loads(line) for line in out.read_text().splitlines()]
    assert len(lines) == 10 and all(set(line) == {"doc_id", "date", "who", "event"} for line in lines)


def test_eval_actors_on_a_hand_checked_set(tmp_path):
    registry = tmp_path / "actors.yaml"
    registry.write_text(
        "actors:\n"
        "- {name: William Barr, type: person, aliases: [Bill Barr]}\n"
        "- {name: Department of Justice, type: government, acronyms: [DOJ], aliases: [US Department of Justice]}\n"
        "- {name: Donald Trump, type: person}\n"
        "- {name: Donald Trump Jr., type: person}\n"
    )
    gold = tmp_path / "aliases.jsonl"
    gold.write_text("\n".join(json.dumps(x) for x in [
        {"canonical": "William Barr", "aliases": ["Bill Barr", "William P. Barr", "Attorney General Barr"]},
        {"canonical": "Department of Justice", "aliases": ["DOJ", "Justice Department"]},
        {"negative_pair": ["Donald Trump", "Donald Trump Jr."]},
        {"negative_pair": ["Bill Barr", "DOJ"]},
    ]) + "\n")
    out = tmp_path / "pred.jsonl"
    result = runner.invoke(app, ["eval", "actors", str(gold), "--registry", str(registry), "--predictions", str(out)])
    assert result.exit_code == 0, result.output
    # Bill Barr and DOJ resolve; "William P. Barr" fuzzy-matches (ratio 93); "Attorney General Barr" strips to
    # the unique registered surname; "Justice Department" is not an alias: 4 of 5 right, none wrong.
    assert "precision" in result.output and "1.000" in result.output and "0.800" in result.output
    assert "0 of 2" in result.output
    predictions = [json.loads(line) for line in out.read_text().splitlines()]
    assert {"mention": "Justice Department", "actor": None} in predictions
