"""Export: what analysts accepted, written into a checkout of the timeline (a folder of event files).

- A draft accepted as a new event becomes a new file `<id>.md` in the folder that holds most of
  the checkout's event files: the timeline's keys in its (alphabetical) order, no provenance, the
  sources' original URLs (never an archive's copy; tracking parameters and fragments dropped:
  url_keys.cited_url), the description as the body.
- A draft accepted into an existing event (`review accept --into EVENT_ID`) adds its sources (and
  the actors the analyst kept) to that event's file, by editing the text: the new list items go
  after the last item of `sources:` (`actors:`), written in the file's own indentation, and every
  other line stays as it was (comments, key order, quoting). The edited file is read back and must
  hold exactly the old data plus the new items, else the change is refused.
- The timeline's rules are checked before anything is written: the id is `YYYY-MM-DD--slug` and
  its date is the event's `date`; id, date, title and sources are there; no id twice; no source URL
  twice in one event (compared by url_keys.url_key). A record that breaks one is refused with the
  reason and its file is not touched; each file written is written whole (atomic rename).
- Export again and nothing changes: a source already in the event is not added twice, and a new
  event whose file holds the same text is already exported.
"""

from __future__ import annotations

import difflib
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from . import safe_yaml
from .draft_file import InvalidDraft, parse_draft_text
from .records import EventDraft
from .store import atomic_write
from .url_keys import cited_url, url_key

EVENT_ID = re.compile(r"^(\d{4}-\d{2}-\d{2})--[a-z0-9]+(?:-[a-z0-9]+)*$")
REQUIRED = ("id", "date", "title", "sources")
SOURCE_KEYS = ("date", "outlet", "title", "url")  # what the timeline's sources hold


@dataclass(frozen=True)
class Change:
    """One file of the checkout as it is (`before`, None for a new file) and as it will be."""

    path: Path
    before: str | None
    after: str
    draft_id: str
    event_id: str
    kind: Literal["new", "sources"]
    added: int = 0  # sources added to an existing event


@dataclass(frozen=True)
class Refusal:
    draft_id: str
    event_id: str
    reason: str


@dataclass
class Plan:
    """What an export would do: the files to write, the drafts refused (with why), and the drafts
    already in the checkout as they would be written."""

    changes: list[Change] = field(default_factory=list)
    refused: list[Refusal] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)

    def diff(self, root: Path) -> str:
        """The changes as one unified diff, paths relative to the checkout."""
        out = []
        for c in self.changes:
            name = c.path.relative_to(root).as_posix() if c.path.is_relative_to(root) else str(c.path)
            out.extend(difflib.unified_diff((c.before or "").splitlines(keepends=True), c.after.splitlines(keepends=True),
                                            fromfile="/dev/null" if c.before is None else f"a/{name}",
                                            tofile=f"b/{name}"))
        return "".join(out)


def plan_export(drafts: Iterable[EventDraft], checkout: Path, *, added_actors: dict[str, list[str]] | None = None) -> Plan:
    """What exporting these accepted drafts into `checkout` would change. Reads, writes nothing.

    added_actors: draft id -> actors the analyst kept for the event it is added to.
    """
    files = event_files(checkout)
    home = _home(checkout, files)
    plan = Plan()
    pending: dict[Path, Change] = {}  # several drafts may add to one event: their edits build on each other
    for draft in drafts:
        if draft.update_of:
            _plan_update(plan, pending, draft, files, (added_actors or {}).get(draft.id, []))
        else:
            _plan_new(plan, pending, draft, files, home)
    plan.changes = list(pending.values())
    return plan


def apply(plan: Plan) -> list[Path]:
    """Write the plan's files (each atomically); RETURNS the paths written."""
    for change in plan.changes:
        atomic_write(change.path, change.after.encode("utf-8"))
    return [c.path for c in plan.changes]


def event_files(checkout: Path) -> dict[str, Path]:
    """The checkout's event files by id (the file name without `.md`, when it is an event id)."""
    found: dict[str, Path] = {}
    for path in sorted(checkout.rglob("*.md")):
        if EVENT_ID.match(path.stem) and not any(part.startswith(".") for part in path.relative_to(checkout).parts):
            found.setdefault(path.stem, path)
    return found


def _home(checkout: Path, files: dict[str, Path]) -> Path:
    """Where new event files go: the folder that holds most of the existing ones."""
    folders = Counter(p.parent for p in files.values())
    return folders.most_common(1)[0][0] if folders else checkout


# --------------------------------------------------------------------------------- new events


def event_record(draft: EventDraft) -> dict[str, Any]:
    """A draft as the timeline's record: its keys only, empty ones left out, sources as cited."""
    data = draft.model_dump(mode="json", include={"id", "date", "title", "actors", "tags", "importance", "location",
                                                  "status"})
    data["sources"] = [{k: cited_url(s[k]) if k == "url" else s[k] for k in SOURCE_KEYS if s.get(k)}
                       for s in draft.model_dump(mode="json")["sources"]]
    return {k: data[k] for k in sorted(data) if data[k] not in (None, [], "")}


def event_text(draft: EventDraft) -> str:
    """The event file: front matter in the timeline's key order, the description as the body."""
    front = safe_yaml.dump(event_record(draft), sort_keys=False, allow_unicode=True, width=100)
    return f"---\n{front}---\n\n{draft.description.strip()}\n"


def kept_actors(draft: EventDraft) -> list[str]:
    """The actors the analyst kept when accepting the draft into an event (its last accept)."""
    entry = next((e for e in reversed(draft.review) if e.get("action") == "accept"), {})
    return list(entry.get("actors") or []) if entry.get("into") == draft.update_of else []


def update_record(draft: EventDraft) -> str:
    """A draft accepted into a timeline event: the event, the sources and the actors to add to it."""
    record = event_record(draft)
    return safe_yaml.dump({"event": draft.update_of, "draft": draft.id, "sources": record["sources"],
                           "actors": kept_actors(draft)}, sort_keys=False, allow_unicode=True, width=100)


def record_problems(record: dict[str, Any]) -> list[str]:
    """The timeline's rules a record breaks (none: it may be written)."""
    problems = [f"{key} is missing" for key in REQUIRED if not record.get(key)]
    event_id, date = str(record.get("id") or ""), str(record.get("date") or "")
    found = EVENT_ID.match(event_id)
    if event_id and not found:
        problems.append(f"id {event_id!r} is not YYYY-MM-DD--slug (lower-case letters, digits and hyphens)")
    elif found and date and found.group(1) != date:
        problems.append(f"the id's date {found.group(1)} is not the event's date {date}")
    urls = [url_key(str(s.get("url"))) for s in record.get("sources") or [] if isinstance(s, dict) and s.get("url")]
    twice = sorted(u for u, n in Counter(urls).items() if n > 1)
    if twice:
        problems.append(f"a source URL twice in one event: {', '.join(twice)}")
    if any(not (isinstance(s, dict) and s.get("url")) for s in record.get("sources") or []):
        problems.append("a source without a url")
    return problems


def _plan_new(plan: Plan, pending: dict[Path, Change], draft: EventDraft, files: dict[str, Path], home: Path) -> None:
    record, text = event_record(draft), event_text(draft)
    problems = record_problems(record)
    existing = files.get(draft.id)
    path = existing or home / f"{draft.id}.md"
    if not problems and path in pending:
        problems.append(f"id {draft.id} twice among the drafts exported")
    if not problems and existing is not None:
        if existing.read_text(encoding="utf-8") == text:
            plan.unchanged.append(draft.id)
            return
        problems.append(f"id {draft.id} is already an event of the timeline ({existing}): accept the draft "
                        "into it (review accept --into) or give it another id")
    if problems:
        plan.refused.append(Refusal(draft.id, draft.id, "; ".join(problems)))
        return
    pending[path] = Change(path, None, text, draft.id, draft.id, "new")


# ---------------------------------------------------------------------------- added sources


def _plan_update(plan: Plan, pending: dict[Path, Change], draft: EventDraft, files: dict[str, Path],
                 actors: Sequence[str]) -> None:
    event_id = str(draft.update_of)
    path = files.get(event_id)
    if path is None:
        plan.refused.append(Refusal(draft.id, event_id, f"no event file {event_id}.md in the timeline checkout"))
        return
    earlier = pending.get(path)
    before = path.read_text(encoding="utf-8") if earlier is None else earlier.after
    try:
        data, _ = parse_draft_text(before)
    except InvalidDraft as err:
        plan.refused.append(Refusal(draft.id, event_id, f"{path}: front matter not read: {err}"))
        return
    have = {url_key(str(s.get("url"))) for s in data.get("sources") or [] if isinstance(s, dict) and s.get("url")}
    sources: list[dict[str, Any]] = []
    for source in event_record(draft)["sources"]:
        key = url_key(source["url"])
        if key not in have:
            have.add(key)
            sources.append(source)
    named = {str(a).casefold() for a in data.get("actors") or []}
    new_actors = [a for a in dict.fromkeys(actors) if a.strip() and a.casefold() not in named]
    if not sources and not new_actors:
        if earlier is None:
            plan.unchanged.append(draft.id)
        return
    try:
        after = before
        if sources:
            after = append_items(after, "sources", sources)
        if new_actors:
            after = append_items(after, "actors", new_actors)
    except ValueError as err:
        plan.refused.append(Refusal(draft.id, event_id, f"{path}: {err}"))
        return
    expected = {**data, "sources": [*(data.get("sources") or []), *sources],
                **({"actors": [*(data.get("actors") or []), *new_actors]} if new_actors else {})}
    reread = parse_draft_text(after)[0]
    problems = record_problems(reread) if reread == expected else [
        "the edit would change more than the added items; add them by hand"]
    if problems:
        plan.refused.append(Refusal(draft.id, event_id, "; ".join(problems)))
        return
    added = (earlier.added if earlier else 0) + len(sources)
    pending[path] = Change(path, earlier.before if earlier else before, after, draft.id, event_id, "sources", added)


def append_items(text: str, key: str, items: Sequence[Any]) -> str:
    """`text` (an event file) with `items` appended to the block list under the top-level `key:` of
    its front matter, in the list's own indentation; the key is added at the end of the front
    matter when the file has none. Every other line is kept as it is. ValueError when the list is
    not a block list (`key: [a, b]`)."""
    lines = text.splitlines(keepends=True)
    close = next((i for i in range(1, len(lines)) if lines[i].rstrip() == "---"), None)
    if not lines or lines[0].rstrip() != "---" or close is None:
        raise ValueError("no front matter")
    start = next((i for i in range(1, close) if re.match(rf"^{re.escape(key)}\s*:", lines[i])), None)
    if start is None:
        block = safe_yaml.dump({key: list(items)}, sort_keys=True, allow_unicode=True, width=100)
        return "".join([*lines[:close], *_with_newline(block), *lines[close:]])
    if lines[start].split(":", 1)[1].split("#", 1)[0].strip():
        raise ValueError(f"`{key}` is not a block list (one item a line); add the new ones by hand")
    end, indent = start + 1, None
    for i in range(start + 1, close):
        line = lines[i]
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if line[0] not in " -":
            break
        if indent is None:
            found = re.match(r"^(\s*)- ", line) or re.match(r"^(\s*)-$", line.rstrip())
            indent = found.group(1) if found else "  "
        end = i + 1
    indent = "" if indent is None else indent
    block = safe_yaml.dump(list(items), sort_keys=True, allow_unicode=True, width=100)
    added = [indent + line if line.strip() else line for line in block.splitlines(keepends=True)]
    return "".join([*lines[:end], *_with_newline("".join(added)), *lines[end:]])


def _with_newline(block: str) -> list[str]:
    return (block if block.endswith("\n") else block + "\n").splitlines(keepends=True)
