"""The actor registry files (models/actors.yaml, and read-only ones such as the samples'): every
read and write of them is here.

Read safely (pipeline/safe_yaml.py: no aliases, no tags) and checked as the resolver needs it
(`registry_problem`); every problem is one line naming the file and the line. Written whole
(atomic), in one key order, after the header that says how to edit it. Changes an analyst makes
from the review page (a new actor, a new alias) are read, changed and written under one lock.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from pathlib import Path
from typing import NamedTuple

from pydantic import ValidationError

from .. import safe_yaml
from ..errors import ConfigError
from ..names import normalize_name
from ..records import Actor
from .files import atomic_write, file_lock

REGISTRY_KEY_ORDER = ("name", "type", "aliases", "acronyms", "wikidata", "notes")
REGISTRY_HEADER = """\
# The actor registry: one canonical name per actor, with the other ways it is written.
# type: person | organization | government | group | place
# aliases: other names and descriptions (matched without case, accents or punctuation);
# acronyms: matched as written. Edited by hand or by `newsevents registry import`
# (which keeps every actor and field already here); read without aliases.
"""
LOCK_NAME = ".review.lock"  # beside the registry: one change at a time


def load_registry(path: Path) -> list[Actor]:
    """Read the actor registry (YAML: a list under `actors:`), safely (no aliases, see safe_yaml).
    Every problem, YAML or `registry_problem`, is a ConfigError of one line naming file and line.

    Parsed once per process while the file's bytes are the same (a command reads the registries
    to check them, then to build the index: 1.2 s each for 10,000 actors)."""
    if not path.is_file():
        raise ConfigError(f"actor registry not found: {path} (set paths.registry)")
    data = path.read_bytes()
    digest, where = hashlib.sha256(data).hexdigest(), path.resolve()
    if _parsed.get(where, ("",))[0] != digest:  # the last version of each file is kept
        _parsed[where] = (digest, tuple(_parse_registry(path, data)))
    return list(_parsed[where][1])


_parsed: dict[Path, tuple[str, tuple[Actor, ...]]] = {}


def _parse_registry(path: Path, raw: bytes) -> list[Actor]:
    try:
        data, root = safe_yaml.load_node(raw.decode("utf-8"))
    except UnicodeDecodeError as err:
        raise ConfigError(f"actor registry {path}: not UTF-8 text ({err.reason} at byte {err.start})") from err
    except safe_yaml.YAMLError as err:
        where = safe_yaml.problem(err)
        raise ConfigError(f"actor registry {path}{_at_line(where.line)}: cannot be read: {where.message}") from err
    data = {} if data is None else data
    if not isinstance(data, dict) or not isinstance(data.get("actors") or [], list):
        raise ConfigError(f"actor registry {path} must be a mapping with a list under 'actors:'")
    items = data.get("actors") or []
    nodes = safe_yaml.node_at(root, ["actors"]).value if items else []
    assert len(nodes) == len(items)  # one node per item: aliases and merge keys are refused

    def line(index: int, loc: Sequence[object] = ()) -> int:
        return safe_yaml.node_at(nodes[index], loc).start_mark.line + 1

    actors: list[Actor] = []
    for i, item in enumerate(items):
        try:
            actors.append(Actor.model_validate(item))
        except ValidationError as err:
            first = err.errors()[0]
            where = ".".join(map(str, first["loc"])) or "the entry"
            raise ConfigError(f"actor registry {path}, line {line(i, first['loc'])}: {where}: {first['msg']}") from err
    problem = registry_problem(actors)
    if problem is not None:
        also = (f" (at line {line(problem.first)}; names are compared without case, accents or punctuation)"
                if problem.first is not None else "")
        raise ConfigError(f"actor registry {path}, line {line(problem.index, problem.loc)}: {problem.message}{also}")
    return actors


def load_registries(paths: Sequence[Path]) -> list[Actor]:
    """Several registry files read as one: the first (paths.registry, where analysts' changes go),
    then the read-only ones (paths.registries); an actor of an earlier file replaces an actor of
    the same name in a later one (an analyst's alias added to a sample actor, say)."""
    merged: list[Actor] = []
    named: set[str] = set()
    for path in paths:
        for actor in load_registry(path):
            key = registry_name_key(actor.name)
            if key not in named:
                named.add(key)
                merged.append(actor)
    return merged


class RegistryProblem(NamedTuple):
    """What is wrong with a registry: the actor (its index), where in it (("aliases", 2); () for
    the whole entry), what, and for a name taken twice the actor that had it first."""

    index: int
    loc: tuple[str | int, ...]
    message: str
    first: int | None = None


def registry_problem(actors: Sequence[Actor]) -> RegistryProblem | None:
    """The first thing the resolver cannot use: an empty or blank name, alias or acronym (it would
    match nothing, or whatever a tokenizer splits off), or a name two actors have as the resolver
    compares names (`registry_name_key`), which makes the name ambiguous: neither would match it."""
    named: dict[str, int] = {}
    for i, actor in enumerate(actors):
        if not actor.name.strip():
            return RegistryProblem(i, ("name",), "the name is empty")
        for field in ("aliases", "acronyms"):
            for j, value in enumerate(getattr(actor, field)):
                if not value.strip():
                    return RegistryProblem(i, (field, j), f"{field}[{j}] of {actor.name!r} is empty")
        first = named.setdefault(registry_name_key(actor.name), i)
        if first != i:
            return RegistryProblem(i, (), f"{actor.name!r} is the name of another actor too", first)
    return None


def registry_name_key(name: str) -> str:
    """What makes two actors' names the same: the resolver's key for a name (pipeline/names.py)."""
    return normalize_name(name) or name.strip()


def _at_line(line: int | None) -> str:
    return f", line {line}" if line else ""


def render_registry(actors: Sequence[Actor], *, header: str = REGISTRY_HEADER) -> str:
    """The registry as YAML (safe_yaml.dump): keys in the order name, type, aliases, acronyms,
    wikidata, notes; empty ones left out."""
    items = []
    for actor in actors:
        data = actor.model_dump()
        items.append({k: data[k] for k in REGISTRY_KEY_ORDER if data.get(k) not in (None, "", [])})
    body = safe_yaml.dump({"actors": items}, sort_keys=False, allow_unicode=True, default_flow_style=False, width=100)
    return header + body


def write_registry(path: Path, actors: Sequence[Actor]) -> None:
    """Write the registry YAML atomically."""
    atomic_write(path, render_registry(actors).encode("utf-8"))


def holds_registry(path: Path, actors: Sequence[Actor]) -> bool:
    """Whether the file holds exactly what `write_registry` would write (so it is left untouched)."""
    return path.is_file() and path.read_text(encoding="utf-8") == render_registry(actors)


class RegistryChangeRefused(ConfigError):
    """A change to the registry that would make it one the resolver cannot use (or names no actor)."""


def add_actor(path: Path, actor: Actor) -> Actor:
    """Add one actor to the registry file (read, checked and written under the registry's lock);
    RAISES RegistryChangeRefused when the registry would refuse it (a name another actor has)."""
    with file_lock(path.parent / LOCK_NAME):
        actors = load_registry(path)
        problem = registry_problem([*actors, actor])  # what the registry would refuse when read again
        if problem is not None and problem.first is not None:
            raise RegistryChangeRefused(f"{actor.name!r} is already in the registry as {actors[problem.first].name!r}")
        if problem is not None:
            raise RegistryChangeRefused(f"not added to the registry: {problem.message}")
        write_registry(path, [*actors, actor])
    return actor


def add_alias(path: Path, actor_name: str, alias: str, *, also: Sequence[Path] = ()) -> Actor:
    """Give a known actor one more alias in the registry file (under the registry's lock);
    RETURNS the actor as written. An actor of a read-only registry (`also`) is written to this
    one with the alias (and replaces it from then on). RAISES RegistryChangeRefused when no
    actor has that name."""
    with file_lock(path.parent / LOCK_NAME):
        actors = load_registry(path)
        for i, actor in enumerate(actors):
            if actor.name == actor_name:
                if alias in actor.aliases or alias == actor.name:
                    return actor
                actors[i] = actor.model_copy(update={"aliases": [*actor.aliases, alias]})
                write_registry(path, actors)
                return actors[i]
        for actor in load_registries(also):
            if actor.name == actor_name:
                copied = actor if alias in actor.aliases or alias == actor.name else actor.model_copy(
                    update={"aliases": [*actor.aliases, alias]})
                write_registry(path, [*actors, copied])
                return copied
    raise RegistryChangeRefused(f"no actor {actor_name!r} in the registry")
