"""Review: what an analyst does to a draft (edit, accept, reject, confirm a new actor, map a
mention to a known actor, merge two events, split a source off), each recorded with who and when.

The actions on a draft are pure functions (EventDraft in, EventDraft out, a `review` entry
appended); saving is one function that refuses a stale copy: every save names the version (the
sha256 of the file's bytes) it was made from, and if the file changed since, nothing is written and
`StaleDraft` says who changed it and when. Saved drafts differ from what the pipeline wrote, so a
re-run never overwrites them (it writes a revision beside them, see store.write_draft).

Accepting writes the event in the timeline's own format (its keys only, no provenance, `status`
as the timeline uses it) to `paths.accepted`, from where it can be copied into a timeline.
"""

from __future__ import annotations

import datetime as dt
import getpass
import hashlib
import json
import re
from collections import deque
from collections.abc import Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterator

from . import export, safe_yaml
from .article_events import event_by_key, input_of
from .cluster import merge_signatures, profile_event, remove_member, signature_of
from .draft import base_id, build_event_draft, id_base
from .draft_file import parse_draft, render_draft
from .errors import ConfigError
from .export import EVENT_ID
from .events import rebuild_draft
from .queue import (  # noqa: F401 - the review API
    MATCHES, SORTS, Filters, QueueItem, ReviewError, broken_drafts, indexed, neighbours, next_after, queue,
)
from .records import (
    DRAFT_FIELDS,
    DRAFT_ID,
    EDITABLE,
    TIMELINE_KEYS,
    Actor,
    EventDraft,
    utcnow,
)
from .store import (
    FAILURES_NAME,
    LEDGER_NAME,
    allocate_event_id,
    atomic_write,
    draft_lock,
    draft_path,
    load_analysis,
    open_ledger,
)
from .store import registry as store_registry

if TYPE_CHECKING:
    from .settings import Settings
    from .store import Ledger

ACCEPT_STATUSES = ("confirmed", "reported", "disputed")


class StaleDraft(ReviewError):
    """The draft changed after the copy being saved was opened."""


@dataclass(frozen=True)
class Opened:
    """A draft as read from its file, with the version a save must name."""

    draft: EventDraft
    version: str
    path: Path


def reviewer(configured: str | None = None) -> str:
    """Who is acting: the name in settings (review.reviewer), else the OS user."""
    if configured:
        return configured
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "unknown"


def version_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def open_draft(extracted_dir: Path, draft_id: str) -> Opened:
    """Read one draft; raises ReviewError when it is missing or not a valid draft, or when
    `draft_id` is not one a draft may have (the rule of EventDraft.id: a NUL byte or a folder
    must not reach the file system)."""
    if not re.fullmatch(DRAFT_ID, draft_id):
        raise ReviewError(f"not a draft id: {draft_id!r}")
    path = draft_path(extracted_dir, draft_id)
    try:
        data = path.read_bytes()
    except OSError as err:
        raise ReviewError(f"no draft {draft_id!r} in {extracted_dir}") from err
    try:
        draft = parse_draft(data.decode("utf-8"))
    except ValueError as err:
        raise ReviewError(f"{path} is not a valid draft: {err}") from err
    return Opened(draft=draft, version=version_of(data), path=path)


def open_current(extracted_dir: Path, draft_id: str, version: str) -> Opened:
    """open_draft, refusing before anything is done when the draft is no longer `version`: an
    action may change more than the draft's file (the registry, the ledger's events), and a stale
    copy must change nothing. `save` checks again under its lock."""
    try:
        opened = open_draft(extracted_dir, draft_id)
    except ReviewError:
        now = renamed_to(extracted_dir, draft_id) if re.fullmatch(DRAFT_ID, draft_id) else None
        if now is None:
            raise
        current = draft_path(extracted_dir, now)
        raise StaleDraft(_stale_message(current.read_bytes() if current.exists() else b"", draft_id)
                         + f" Its id is now {now}.") from None
    if opened.version != version:
        raise StaleDraft(_stale_message(opened.path.read_bytes(), draft_id))
    return opened


# ------------------------------------------------------------------------------------ the queue


def recent_failures(extracted_dir: Path, *, limit: int = 200, notices: bool = False) -> tuple[list[dict[str, Any]], int]:
    """The newest inputs that did not become drafts (extracted/failures.jsonl, newest first) and
    how many there are in all; with `notices`, the notices instead (inputs that became drafts, with
    something to know: a URL not kept, another text at a source's URL). Drafts that are not valid
    are left out: `broken_drafts` reads them as they are now, fixed or not."""
    newest: deque[dict[str, Any]] = deque(maxlen=limit)
    total = 0
    try:
        with open(extracted_dir / FAILURES_NAME, encoding="utf-8", errors="replace") as lines:
            for line in lines:
                try:
                    failure = json.loads(line)
                except ValueError:
                    continue  # a line cut by a killed run
                if (isinstance(failure, dict) and failure.get("stage") != "draft"
                        and bool(failure.get("notice")) == notices):
                    total += 1
                    newest.append(failure)
    except FileNotFoundError:
        pass
    return list(reversed(newest)), total


# ------------------------------------------------------------------------------ actions (pure)


def _logged(draft: EventDraft, entry: dict[str, Any]) -> list[dict]:
    return [*draft.review, entry]


def edit(draft: EventDraft, changes: Mapping[str, Any], *, who: str, at: dt.datetime) -> EventDraft:
    """The draft with some fields changed (the editable ones of records.DRAFT_FIELDS), validated,
    and the change logged with the old and new values."""
    unknown = set(changes) - set(EDITABLE)
    if unknown:
        raise ReviewError(f"these fields cannot be edited: {', '.join(sorted(unknown))}")
    kinds = {f.name: f.kind for f in DRAFT_FIELDS}
    clean = {key: _clean(key, kinds[key], value) for key, value in changes.items()}
    changed = {k: [getattr(draft, k), v] for k, v in clean.items() if getattr(draft, k) != v}
    if not changed:
        return draft
    entry = {"action": "edit", "by": who, "at": at.isoformat(), "changed": changed}
    return draft.model_copy(update={**{k: v for k, (_, v) in changed.items()}, "review": _logged(draft, entry)})


def _clean(key: str, kind: str, value: Any) -> Any:
    """A field's new value as the draft holds it, by the field's kind; RAISES ReviewError."""
    if kind in ("list", "tags"):
        items = value.splitlines() if isinstance(value, str) else list(value or [])
        items = [str(i).strip() for i in items if str(i).strip()]
        return [i.lower().replace(" ", "-") for i in items] if kind == "tags" else items
    if kind == "number":
        if value in (None, ""):
            return None
        try:
            number = int(value)
        except (TypeError, ValueError) as err:
            raise ReviewError(f"{key} must be a whole number from 1 to 10, not {value!r}") from err
        if not 1 <= number <= 10:
            raise ReviewError(f"{key} must be from 1 to 10, not {number}")
        return number
    if kind == "date":
        try:
            return dt.date.fromisoformat(str(value).strip()).isoformat()
        except ValueError as err:
            raise ReviewError(f"date must be YYYY-MM-DD, not {value!r}") from err
    if kind == "optional-text":
        return str(value).strip() or None
    text = " ".join(str(value or "").split()) if kind == "text" else str(value or "").strip()
    if not text:
        raise ReviewError(f"{key} cannot be empty")
    return text


def form_value(draft: EventDraft, name: str) -> str:
    """A field's value as the review page's form shows it (lists one a line, tags with commas)."""
    value = getattr(draft, name)
    kind = next(f.kind for f in DRAFT_FIELDS if f.name == name)
    if kind == "list":
        return "\n".join(value)
    if kind == "tags":
        return ", ".join(value)
    return "" if value is None else str(value)


def accept(draft: EventDraft, *, status: str = "confirmed", who: str, at: dt.datetime,
           importance: int | None = None) -> EventDraft:
    """Accept a draft as a new event of the timeline: it needs an importance (1-10; the one given
    here, else the draft's own, which the timeline's nearest events may have suggested)."""
    if status not in ACCEPT_STATUSES:
        raise ReviewError(f"accept as one of {', '.join(ACCEPT_STATUSES)}, not {status!r}")
    if importance is not None and not 1 <= importance <= 10:
        raise ReviewError(f"importance is a whole number from 1 to 10, not {importance}")
    chosen = importance if importance is not None else draft.importance
    if chosen is None:
        raise ReviewError("give the event an importance (1-10) before accepting it")
    entry = {"action": "accept", "by": who, "at": at.isoformat(), "status": status}
    if chosen != draft.importance:
        entry["importance"] = chosen
    return draft.model_copy(update={"status": status, "update_of": None, "importance": chosen,
                                    "review": _logged(draft, entry)})


def accept_into(draft: EventDraft, event_id: str, *, actors: Sequence[str] = (), status: str = "confirmed",
                who: str, at: dt.datetime) -> EventDraft:
    """Accept a draft as new sources of a timeline event (`event_id`), not as a new record; the
    actors the analyst keeps are added to that event too (export.plan_export writes both)."""
    if status not in ACCEPT_STATUSES:
        raise ReviewError(f"accept as one of {', '.join(ACCEPT_STATUSES)}, not {status!r}")
    if not EVENT_ID.match(event_id):
        raise ReviewError(f"{event_id!r} is not a timeline event id (YYYY-MM-DD--slug)")
    kept = [a for a in dict.fromkeys(" ".join(a.split()) for a in actors) if a]
    entry = {"action": "accept", "by": who, "at": at.isoformat(), "status": status, "into": event_id, "actors": kept}
    return draft.model_copy(update={"status": status, "update_of": event_id, "review": _logged(draft, entry)})


def strong_match(draft: EventDraft, threshold: float) -> dict | None:
    """The draft's best timeline match when it is at least `threshold` (accepting the draft as a
    new event then asks first), or an event already citing one of its sources."""
    best = next(iter(draft.provenance.timeline_match), None)
    if best is not None and best.get("score", 0) >= threshold:
        return best
    cited = next((c for c in draft.provenance.already_cited if c.get("events")), None)
    return {"id": cited["events"][0], "score": 1.0, "title": "", "date": ""} if cited else None


def reject(draft: EventDraft, *, reason: str, who: str, at: dt.datetime) -> EventDraft:
    reason = " ".join(reason.split())
    if not reason:
        raise ReviewError("a rejection needs a reason")
    entry = {"action": "reject", "by": who, "at": at.isoformat(), "reason": reason}
    return draft.model_copy(update={"status": "rejected", "review": _logged(draft, entry)})


def note(draft: EventDraft, entry: dict[str, Any], *, who: str, at: dt.datetime) -> EventDraft:
    """The draft with one more review entry (actions whose effect is elsewhere: the registry)."""
    return draft.model_copy(update={"review": _logged(draft, {**entry, "by": who, "at": at.isoformat()})})


def timeline_record(draft: EventDraft) -> str:
    """An accepted event in the timeline's format: its keys only, the description as the body."""
    data = draft.model_dump(mode="json")
    front = {key: data[key] for key in sorted(TIMELINE_KEYS)}
    front["sources"] = [{k: v for k, v in s.items() if k not in ("also_at", "archive_url") or v} for s in front["sources"]]
    text = safe_yaml.dump(front, sort_keys=False, allow_unicode=True, width=100)
    return f"---\n{text}---\n\n{draft.description}\n"


# ------------------------------------------------------------------------------------- saving


@contextmanager
def _locked(extracted_dir: Path) -> Iterator[None]:
    """One writer of drafts at a time: review saves (two browser tabs, a tab and the CLI) and a
    run's draft writes (store.write_draft) take the same lock."""
    with draft_lock(extracted_dir):
        yield


def save(
    extracted_dir: Path, draft: EventDraft, *, version: str, key_quote_min_words: int = 5,
    accepted_dir: Path | None = None,
) -> str:
    """Write a reviewed draft over the version it was made from; RETURNS the new version.

    Raises StaleDraft, and writes nothing, when the file is no longer `version`. An accepted
    draft is also written to `accepted_dir` in the timeline's format; one no longer accepted is
    taken out of it.
    """
    path = draft_path(extracted_dir, draft.id)
    with _locked(extracted_dir):
        current = _current(path, draft.id, version)
        data = render_draft(draft, key_quote_min_words=key_quote_min_words).encode("utf-8")
        atomic_write(path, data)
        with open_ledger(extracted_dir) as ledger:  # the audit trail beside the draft's own log
            for entry in draft.review[len(_review_of(current)):]:
                ledger.audit(draft.id, entry)
        if accepted_dir is not None:
            record, update = accepted_dir / f"{draft.id}.md", accepted_dir / "updates" / f"{draft.id}.yaml"
            wanted = None  # a new event's record, or the sources to add to one (accept --into)
            if draft.status in ACCEPT_STATUSES:
                wanted = update if draft.update_of else record
                atomic_write(wanted, (export.update_record if draft.update_of else timeline_record)(draft).encode("utf-8"))
            for path in (record, update):
                if path != wanted and path.exists():
                    path.unlink()
        return version_of(data)


def renamed_id(extracted_dir: Path, draft: EventDraft) -> str | None:
    """The id a draft takes after its title or date were edited: a pending draft's id follows
    them (a new one, never one in use or used before); an accepted draft's never changes. None:
    the id stays."""
    if draft.status != "draft" or any(e.get("action") == "accept" for e in draft.review):
        return None
    base = id_base(draft.date, draft.title)
    if draft.id == base or re.fullmatch(re.escape(base) + r"-\d+", draft.id):
        return None
    with open_ledger(extracted_dir) as ledger:
        return allocate_event_id(extracted_dir, base, ledger.event_ids())


def renamed_to(extracted_dir: Path, draft_id: str) -> str | None:
    """The id a draft renamed from `draft_id` has now (None: none was)."""
    if not (extracted_dir / LEDGER_NAME).exists():
        return None
    with open_ledger(extracted_dir) as ledger:
        return ledger.renamed_to(draft_id)


def save_renamed(extracted_dir: Path, draft: EventDraft, new_id: str, *, version: str,
                 key_quote_min_words: int = 5) -> str:
    """`save`, under the id `new_id`: the file is written under the new name, the ledger renames
    the event (the old id then leads to the new one), and the old file goes. RETURNS the version."""
    old_path, new_path = draft_path(extracted_dir, draft.id), draft_path(extracted_dir, new_id)
    with _locked(extracted_dir):
        current = _current(old_path, draft.id, version)
        if new_path.exists():
            raise ReviewError(f"a draft {new_id!r} exists already")
        last = draft.review[-1] if draft.review else {}
        entry = {"action": "rename", "by": last.get("by", ""), "at": last.get("at", ""), "from": draft.id, "to": new_id}
        renamed = draft.model_copy(update={"id": new_id, "review": _logged(draft, entry)})
        data = render_draft(renamed, key_quote_min_words=key_quote_min_words).encode("utf-8")
        atomic_write(new_path, data)  # first the new file: stopped here, the old one is still there
        with open_ledger(extracted_dir) as ledger, ledger.transaction():
            ledger.rename_event(draft.id, new_id)
            for logged in renamed.review[len(_review_of(current)):]:
                ledger.audit(new_id, logged)
        old_path.unlink(missing_ok=True)
        return version_of(data)


def _current(path: Path, draft_id: str, version: str) -> bytes:
    """The draft file's bytes, when they are still `version` (StaleDraft otherwise)."""
    try:
        current = path.read_bytes()
    except OSError as err:
        raise ReviewError(f"no draft {draft_id!r} in {path.parent}") from err
    if version_of(current) != version:
        raise StaleDraft(_stale_message(current, draft_id))
    return current


def _review_of(data: bytes) -> list[dict]:
    try:
        return parse_draft(data.decode("utf-8")).review
    except ValueError:
        return []


def _stale_message(current: bytes, draft_id: str) -> str:
    last = None
    try:
        last = (parse_draft(current.decode("utf-8")).review or [None])[-1]
    except ValueError:
        pass
    who = f" by {last['by']} at {last['at']} ({last['action']})" if last else ""
    return (f"draft {draft_id} was changed{who} after you opened it; nothing was saved. "
            "Reload it to see the changes, then make yours again.")


# ----------------------------------------------------------------------------------- registry


def candidate_decision(
    draft: EventDraft, *, name: str, confirm: bool, registry: Path, who: str, at: dt.datetime,
    actor_type: str = "person", alias: str | None = None,
) -> EventDraft:
    """Confirm a new-actor candidate (it joins the registry, with the alias seen) or set it aside
    (it leaves the draft's actors); RETURNS the draft with the decision logged."""
    known = {c["name"] for c in draft.provenance.new_actor_candidates}
    if name not in known:
        raise ReviewError(f"{name!r} is not a new-actor candidate of {draft.id}")
    if confirm:
        plain = name.split(" (")[0]  # "Carrowford Chamber of Commerce (CCC)": the acronym is an alias
        acronym = name[len(plain) + 2 : -1] if name.endswith(")") and " (" in name else None
        add_to_registry(registry, plain, actor_type=actor_type, alias=alias or acronym)
        entry = {"action": "confirm-actor", "name": plain, "type": actor_type}
        return note(draft, entry, who=who, at=at)
    actors = [a for a in draft.actors if a != name]
    return note(draft.model_copy(update={"actors": actors}), {"action": "not-an-actor", "name": name}, who=who, at=at)


def add_mentioned(draft: EventDraft, *, name: str, who: str, at: dt.datetime) -> EventDraft:
    """An actor the sources mention (provenance.mentioned_actors) is one of the event's: it joins
    the draft's actors, at the end."""
    if name not in draft.provenance.mentioned_actors:
        raise ReviewError(f"{name!r} is not an actor {draft.id}'s sources mention")
    if name in draft.actors:
        return draft
    return note(draft.model_copy(update={"actors": [*draft.actors, name]}), {"action": "add-actor", "name": name},
                who=who, at=at)


def map_mention(draft: EventDraft, *, mention: str, actor: str, registry: Path, who: str, at: dt.datetime,
                also: Sequence[Path] = ()) -> EventDraft:
    """A name in the draft is a known actor: add it as an alias in the registry (an actor of a
    read-only registry in `also` is copied there with it), and put the actor in its place in the
    draft's actors."""
    mention = " ".join(mention.split())
    if not mention:
        raise ReviewError("name the mention to map")
    add_alias(registry, actor, mention, also=also)
    actors = list(dict.fromkeys(actor if a == mention else a for a in draft.actors))
    return note(draft.model_copy(update={"actors": actors}),
                {"action": "map-mention", "mention": mention, "actor": actor}, who=who, at=at)


def add_to_registry(registry: Path, name: str, *, actor_type: str, alias: str | None = None) -> Actor:
    """Confirm a new actor: add it (with the alias seen in the text) to the registry file."""
    name, alias = " ".join(name.split()), " ".join((alias or "").split())
    aliases = [alias] if alias and alias != name else []
    try:
        return store_registry.add_actor(registry, Actor(name=name, type=actor_type, aliases=aliases))  # type: ignore[arg-type]
    except ConfigError as err:  # unreadable, or it would refuse the name: the page says why
        raise ReviewError(str(err)) from err


def add_alias(registry: Path, actor_name: str, alias: str, *, also: Sequence[Path] = ()) -> Actor:
    """Map a mention to a known actor: add it as an alias of that actor."""
    if not alias.strip():
        raise ReviewError("the alias is empty")
    try:
        return store_registry.add_alias(registry, actor_name, alias, also=also)
    except ConfigError as err:
        raise ReviewError(str(err)) from err


def now() -> dt.datetime:
    return utcnow()


# ------------------------------------------------------------------------- merge and split events


def _rebuilt(settings: "Settings", draft: EventDraft, keys: list[str], ledger: "Ledger") -> EventDraft:
    """`draft` with its sources and evidence rebuilt from the stored analyses of its members `keys`
    (an input's main event, or a past event it narrates), keeping every field an analyst edits;
    actors new to it are added at the end."""
    members = [m for m in ledger.members(draft.id) if m["sha256"] in set(keys)]
    rebuilt = rebuild_draft(draft.id, members, settings=settings)
    if rebuilt is None:
        raise ReviewError(f"the analyses of {draft.id}'s sources are not stored; reprocess them first")
    actors = [*draft.actors, *(a for a in rebuilt.actors if a not in draft.actors)]
    kept = {key: getattr(draft, key) for key in ("title", "date", "description", "tags", "importance", "location",
                                                  "status", "review")}
    provenance = rebuilt.provenance.model_copy(update={"timeline_match": draft.provenance.timeline_match,
                                                       "already_cited": draft.provenance.already_cited,
                                                       "suggested": draft.provenance.suggested})
    return rebuilt.model_copy(update={**kept, "actors": actors, "provenance": provenance})


def merge(settings: "Settings", target: Opened, other: Opened, *, who: str, at: dt.datetime) -> tuple[EventDraft, EventDraft]:
    """Two drafts are one event: `other`'s sources join `target` (whose edited fields stay), and
    `other` is marked merged. RETURNS the two drafts to save (each against its opened version).

    Refused when `target` is merged or rejected (merging into it would take the sources out of
    the queue with it: A into B, then B into A, left both merged), and when `other` is merged (its
    sources are in the event it was merged into already). A rejected `other` may be merged: an
    analyst may reject a second report of an event and still want its sources cited.
    """

    if target.draft.id == other.draft.id:
        raise ReviewError("a draft cannot be merged with itself")
    closed = _closed(target.draft)
    if closed:
        raise ReviewError(f"nothing can be merged into {target.draft.id}: {closed}")
    if other.draft.status == "merged":
        raise ReviewError(f"{other.draft.id} cannot be merged again: {_closed(other.draft)}")
    extracted = settings.paths.extracted
    # One transaction: members and signatures move together, and nothing moves when the merged
    # draft cannot be rebuilt. (The draft files are saved after it commits.)
    with open_ledger(extracted) as ledger, ledger.transaction():
        moved = ledger.members(other.draft.id)
        joined = {m["sha256"] for m in ledger.members(target.draft.id)}
        if not moved and not set(other.draft.provenance.inputs) & joined:
            raise ReviewError(f"{other.draft.id} has no sources the ledger knows")
        # (none to move but some joined: a merge stopped before its drafts were saved; finish it)
        for m in moved:
            ledger.set_member(m["sha256"], target.draft.id, m["url"], m["duplicate_of"],
                              {"input": m["sha256"], "score": None, "reason": f"merged by {who} from {other.draft.id}"})
        a, b = ledger.event(target.draft.id), ledger.event(other.draft.id)
        if a is not None and b is not None:
            ledger.save_event(merge_signatures(a, b, cfg=settings.cluster))
            ledger.delete_event(b.id)
        shas = [m["sha256"] for m in ledger.members(target.draft.id)]
        merged = _rebuilt(settings, target.draft, shas, ledger)
    entry = {"action": "merge", "from": other.draft.id, "sources": len(merged.sources)}
    merged = note(merged, entry, who=who, at=at)
    gone = note(other.draft.model_copy(update={"status": "merged"}), {"action": "merged-into", "into": target.draft.id},
                who=who, at=at)
    return merged, gone


def _closed(draft: EventDraft) -> str | None:
    """Why no sources may join or leave `draft` (it is merged or rejected), or None."""
    if draft.status == "merged":
        into = next((e.get("into") for e in reversed(draft.review) if e.get("action") == "merged-into"), None)
        return f"it was merged into {into}" if into else "it was merged into another event"
    if draft.status == "rejected":
        return "it is rejected (accept it first)"
    return None


def split(settings: "Settings", opened: Opened, source: int, *, who: str, at: dt.datetime) -> tuple[EventDraft, EventDraft]:
    """One source is another event: it leaves `opened` (whose edited fields stay) and becomes a
    draft of its own. RETURNS (the remaining draft, the new draft); save the first against its
    version, write the second with `write_new`. Refused, like a merge into it, when `opened` is
    merged or rejected."""
    draft = opened.draft
    closed = _closed(draft)
    if closed:
        raise ReviewError(f"no source can be split off {draft.id}: {closed}")
    keys = draft.provenance.source_keys or draft.provenance.source_inputs  # each source's event in its input
    if len(keys) < 2:
        raise ReviewError(f"{draft.id} has one source; there is nothing to split off")
    if not 0 <= source < len(keys):
        raise ReviewError(f"{draft.id} has no source {source}")
    sha = keys[source]
    extracted = settings.paths.extracted
    analysis = load_analysis(extracted, input_of(sha))
    leaves = event_by_key(analysis, sha, cfg=settings.draft) if analysis is not None else None
    if leaves is None:
        raise ReviewError(f"the analysis of source {source} is not stored; reprocess it first")
    with open_ledger(extracted) as ledger, ledger.transaction():  # all of the split or none (see merge)
        members = ledger.members(draft.id)
        leaving = [m for m in members if m["sha256"] == sha or m["duplicate_of"] == sha]
        if leaving:
            new_id = allocate_event_id(extracted, base_id(leaves, cfg=settings.draft), ledger.event_ids())
        else:  # a split stopped before its drafts were saved has moved the source to an event without a file
            new_id = ledger.event_of(sha) or draft.id
            if new_id == draft.id or draft_path(extracted, new_id).exists():
                raise ReviewError(f"source {source} of {draft.id} is not one of its event's sources in the "
                                  "ledger; reprocess it")
            leaving = ledger.members(new_id)
        for m in leaving:
            ledger.set_member(m["sha256"], new_id, m["url"], m["duplicate_of"],
                              {"input": m["sha256"], "score": None, "reason": f"split off by {who} from {draft.id}"})
        event = ledger.event(draft.id)
        if event is not None:
            for m in leaving:
                event = remove_member(event, m["sha256"])
            ledger.save_event(event)
        profile = profile_event(leaves, cfg=settings.cluster)
        ledger.save_event(signature_of(profile, cfg=settings.cluster, event_id=new_id))
        remaining = _rebuilt(settings, draft.model_copy(update={"actors": []}),
                             [s for s in keys if s != sha], ledger)
    remaining = remaining.model_copy(update={"actors": [a for a in draft.actors if a in remaining.actors]
                                             or remaining.actors})
    remaining = note(remaining, {"action": "split", "source": source, "into": new_id}, who=who, at=at)
    copies = [(m["sha256"], m["url"]) for m in leaving if m["duplicate_of"]]
    new = build_event_draft([leaves], cfg=settings.draft, pipeline_version=draft.provenance.pipeline_version,
                            event_id=new_id, merges=[m["merge"] for m in leaving], duplicates={sha: copies})
    new = note(new, {"action": "split-from", "from": draft.id}, who=who, at=at)
    return remaining, new


def write_new(extracted_dir: Path, draft: EventDraft, *, key_quote_min_words: int = 5) -> None:
    """Write a draft an analyst made (split off): a new file, never one that exists. It is not
    marked as written by the pipeline, so a re-run keeps it and writes revisions beside it."""
    path = draft_path(extracted_dir, draft.id)
    with _locked(extracted_dir):
        if path.exists():
            raise ReviewError(f"a draft {draft.id} exists already")
        atomic_write(path, render_draft(draft, key_quote_min_words=key_quote_min_words).encode("utf-8"))
        with open_ledger(extracted_dir) as ledger:
            for entry in draft.review:
                ledger.audit(draft.id, entry)
