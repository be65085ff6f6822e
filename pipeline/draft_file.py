"""A draft's file: EventDraft <-> markdown with YAML front matter. Pure.

The file format is the timeline's (front matter keys in its alphabetical order, a markdown
body), with one more key, `provenance`, written last: the evidence behind every field. Read back,
a file an analyst broke says what is wrong and on which line (`draft_problem`).
"""

from __future__ import annotations

import re

from pydantic import ValidationError

from . import block_yaml, safe_yaml
from .records import TIMELINE_KEYS, EventDraft

# Reported statements listed in a draft's body (all of them stay in provenance).
MAX_BODY_STATEMENTS = 8



def render_draft(draft: EventDraft, *, key_quote_min_words: int = 5) -> str:
    """The draft as markdown with YAML front matter (timeline keys, then provenance)."""
    data = draft.model_dump(mode="json")
    for source in data["sources"]:
        if not source["also_at"]:
            del source["also_at"]  # the timeline's source keys, unless there are copies to cite
        if source["archive_url"] is None:
            del source["archive_url"]  # ... or an archive's copy it was read from
    front = {key: data[key] for key in sorted(TIMELINE_KEYS)}
    extra = {k: v for k, v in data.items() if k not in TIMELINE_KEYS and k != "provenance" and v not in ([], None)}
    front.update(extra)
    text = "---\n" + _dump(front) + _dump_provenance(data["provenance"]) + "---\n\n"
    return text + render_body(draft, key_quote_min_words=key_quote_min_words)


def _dump_provenance(provenance: dict) -> str:
    """`provenance:` and its keys, each piece of evidence on a line of its own (block_yaml: PyYAML's
    representer made this the slowest part of writing a draft, and an event of 150 sources has
    megabytes of evidence, written again whenever a source joins)."""
    return "provenance:\n" + block_yaml.dump(provenance, indent=2, flow_depth=2) if provenance else "provenance: {}\n"


def render_body(draft: EventDraft, *, key_quote_min_words: int = 5) -> str:
    lines = [draft.description, ""]
    match = draft.provenance.timeline_match
    if match or draft.provenance.already_cited:
        lines += ["## Already in the timeline?", ""]
        lines += [f"- already cited by {', '.join(c['events'])}: {c['url']}" for c in draft.provenance.already_cited]
        lines += [f"- {m['id']} ({m['date']}): {m['title']} (score {m['score']})" for m in match]
        if match:
            lines.append("If it is one of these events, add these sources to it instead of writing a new record.")
        lines.append("")
    if len(draft.sources) > 1:
        lines += ["## Sources", ""]
        for i, s in enumerate(draft.sources):
            lines.append(f"{i}. {s.outlet or 'unknown outlet'}, {s.date or 'undated'}: {s.title or s.url or '–'}"
                         + (f" (also at {', '.join(s.also_at)})" if s.also_at else ""))
        lines.append("")
    with_speaker = [q for q in draft.provenance.quotes if q.get("speaker_actor") or q.get("speaker_name")]
    quotes = [q for q in with_speaker if q.get("kind", "full") == "full" and len(q["text"].split()) >= key_quote_min_words]
    if quotes:
        lines += ["## Key quotes", ""]
        for q in quotes:
            lines.append(f"- “{q['text'].rstrip(',')}” — {_who(q)}")
        lines.append("")
    named = set(draft.actors)  # statements of the draft's actors, not of "the walkout" or "critics"
    statements = [
        q for q in with_speaker
        if q.get("kind") in ("partial", "reported") and (q.get("speaker_actor") or q.get("speaker_name")) in named
    ][:MAX_BODY_STATEMENTS]
    if statements:
        lines += ["## Reported statements", ""]
        for q in statements:
            lines.append(f"- {_who(q)}: {q['text']} ({q['kind']})")
        lines.append("")
    if draft.provenance.new_actor_candidates:
        lines += ["## New actor candidates", ""]
        for c in draft.provenance.new_actor_candidates:
            lines.append(f"- {c['name']} (suggested type: {c['suggested_type']}; {_plural(len(c['mentions']), 'mention')})")
        lines.append("")
    return "\n".join(lines)


def _who(quote: dict) -> str:
    who = quote.get("speaker_actor") or quote.get("speaker_name") or quote.get("speaker")
    how = f"{quote['cue']}, " if quote.get("cue") else ""
    where = f"; source {quote['source']}" if "source" in quote else ""
    return f"{who} ({how}{quote['method']}{where})"


def _dump(data: dict) -> str:
    return safe_yaml.dump(data, fast=True, sort_keys=False, allow_unicode=True, width=100, default_flow_style=False)


class InvalidDraft(ValueError):
    """A draft file that is not valid YAML front matter or not a valid record. `line` is the
    file's line (1-based) the problem is on, when it is known."""

    def __init__(self, message: str, line: int | None = None, column: int | None = None) -> None:
        where = f"line {line}" + (f", column {column}" if column else "") if line else ""
        super().__init__(f"{where}: {message}" if where else message)
        self.line, self.column = line, column


def parse_draft_text(text: str) -> tuple[dict, str]:
    """Split a draft file into (front matter dict, markdown body); raises InvalidDraft."""
    if not text.startswith("---\n"):
        raise InvalidDraft("no YAML front matter (the file must start with '---')", 1)
    end = text.find("\n---\n", 4)
    if end == -1:
        raise InvalidDraft("front matter is not closed with '---'")
    try:
        front = safe_yaml.load(text[4 : end + 1]) or {}
    except safe_yaml.YAMLError as err:
        where = safe_yaml.problem(err, first_line=2)  # the front matter starts after the opening '---'
        raise InvalidDraft(f"invalid YAML front matter: {where.message}", where.line, where.column) from err
    if not isinstance(front, dict):
        raise InvalidDraft("front matter is not a mapping", 2)
    return front, text[end + 5 :].lstrip("\n")


def parse_draft(text: str) -> EventDraft:
    """A draft file back into an EventDraft (the body is derived, so it is not read back);
    raises InvalidDraft naming the line of the first field that is wrong."""
    front, _ = parse_draft_text(text)
    try:
        return EventDraft.model_validate(front)
    except ValidationError as err:
        first = err.errors()[0]
        where = ".".join(str(part) for part in first["loc"]) or "the front matter"
        key = re.search(rf"^{re.escape(str(first['loc'][0]))}:", text, re.M) if first["loc"] else None
        line = text.count("\n", 0, key.start()) + 1 if key else None
        more = f" (and {err.error_count() - 1} more)" if err.error_count() > 1 else ""
        raise InvalidDraft(f"{where}: {first['msg']}{more}", line) from err


def read_draft(data: bytes) -> EventDraft | InvalidDraft:
    """A draft file's bytes as an EventDraft, or why they are not a valid draft."""
    try:
        return parse_draft(data.decode("utf-8"))
    except UnicodeDecodeError as err:
        return InvalidDraft(f"not UTF-8 text: {err.reason} at byte {err.start}")
    except InvalidDraft as err:
        return err


def draft_problem(data: bytes) -> InvalidDraft | None:
    """Why a draft file's bytes are not a valid draft, or None when they are."""
    found = read_draft(data)
    return found if isinstance(found, InvalidDraft) else None


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"
