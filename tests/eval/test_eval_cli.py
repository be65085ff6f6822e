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


SEED_EVENT = "2025-03-18--russia-will-undoubtedly-discuss-future-mars-flights-with-mus"
PREDICTION_KEYS = {"article", "part", "event", "date_right", "in_timeline", "best_draft", "actor_precision",
                   "actor_recall", "actor_pairs", "drafts"}


@pytest.mark.model
@pytest.mark.shared
def test_eval_timeline_on_the_seeds_a_digest_and_a_labelled_article(shared, tmp_path):
    """The seeds (cited for 004's event), one digest (its URL is in the timeline: left out before
    matching) and one gold article with a past event labelled by hand, through the library path."""
    digest = json.loads((shared / "gold" / "digests.jsonl").read_text().splitlines()[4])  # Day 213: two events
    pairs = [{"article": str(p), "part": "seeds", "events": [SEED_EVENT]} for p in sorted((shared / "seeds").glob("00[0-3]_*.txt"))]
    pairs.append({"gold": "digests.jsonl", "doc_id": digest["doc_id"], "part": "digests",
                  "events": [e["id"] for e in digest["cited_by_events"]]})
    pairs.append({"gold": "quotes-dev.jsonl", "doc_id": "polnear/dev/wash-post_2016-09-16_burma-leader-s-visit-to-washingt",
                  "name": "burma", "events": [{"date": "2012-01-01", "title": "McConnell visits Burma",
                                               "actors": ["Mitch McConnell", "Aung San Suu Kyi"]}]})
    pairs_file = tmp_path / "pairs.jsonl"
    pairs_file.write_text("".join(json.dumps(p) + "\n" for p in pairs))
    out, kept = tmp_path / "pred.jsonl", tmp_path / "run"
    result = runner.invoke(app, ["eval", "timeline", str(pairs_file), "--timeline", str(shared / "timeline" / "events.jsonl"),
                                 "--gold-dir", str(shared / "gold"), "--keep", str(kept), "--errors", "3",
                                 "--predictions", str(out)])
    assert result.exit_code == 0, result.output
    for row in ("date carried by a draft", "named as in the timeline", "precision / recall", "actors per draft",
                "drafts per article", "seeds", "digests", "all"):
        assert row in result.output, row
    lines = [json.loads(line) for line in out.read_text().splitlines()]
    assert len(lines) == 4 + 2 + 1 and all(set(line) == PREDICTION_KEYS for line in lines)
    seeds = [line for line in lines if line["part"] == "seeds"]
    # the four seeds are one event, matched to 004's record by content (issue 16: the seed case still holds)
    assert len({line["best_draft"] for line in seeds}) == 1
    assert all(line["in_timeline"] is True for line in seeds)
    assert all(line["event"]["id"] == SEED_EVENT and line["actor_recall"] >= 0.5 for line in seeds)
    burma = next(line for line in lines if line["article"] == "burma")
    assert burma["in_timeline"] is None and burma["drafts"]
    # the digest's own URL is not in the timeline the pipeline matched against, its events are
    matched_against = [json.loads(line) for line in (kept / "timeline.jsonl").read_text().splitlines()]
    assert not [s for e in matched_against for s in e.get("sources") or [] if s.get("url") == digest["url"]]
    assert {e["id"] for e in digest["cited_by_events"]} <= {e["id"] for e in matched_against}
    drafts = list((kept / "extracted").glob("*.md"))
    assert drafts and all(d["id"] + ".md" in {p.name for p in drafts} for line in lines for d in line["drafts"])


def test_eval_timeline_refuses_a_bad_pairs_file_before_running(tmp_path):
    pairs = tmp_path / "pairs.jsonl"
    pairs.write_text(json.dumps({"article": "a.txt", "events": [{"date": "1991", "title": "t", "actors": []}]}) + "\n")
    result = runner.invoke(app, ["eval", "timeline", str(pairs)])
    assert result.exit_code == 2 and "YYYY-MM-DD" in result.output
    pairs.write_text(json.dumps({"article": "missing.txt", "events": [{"date": "1991-01-01", "title": "t", "actors": []}]}) + "\n")
    result = runner.invoke(app, ["eval", "timeline", str(pairs)])
    assert result.exit_code == 2 and "no such article file" in result.output
    pairs.write_text(json.dumps({"article": "a.txt", "events": ["2025-03-18--some-id"]}) + "\n")
    result = runner.invoke(app, ["eval", "timeline", str(pairs)])
    assert result.exit_code == 2 and "no timeline is given" in result.output
