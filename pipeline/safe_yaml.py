"""The one way the pipeline reads and writes YAML: safe tags only, libyaml's speed, no aliases.

Every YAML file we read (drafts, the actor registry, a timeline's event files) may have been
edited by hand, so three things a YAML file can do are refused before anything is built:

    aliases     `*name` repeats the node anchored `&name`; nine nested lists of ten aliases each
                are a 7 KB file that expands to a billion items (5.8 GB and a crash in whatever
                walks the data). Our files never need them, so any alias is refused with its line.
                (A merge key, `<<`, only makes sense with aliases: refused too.)
    nesting     libyaml composes nodes recursively in C: a file of 100,000 `[` kills the process
                with a segmentation fault (no exception to catch). Nesting past MAX_DEPTH is refused.
    bad values  a scalar YAML resolves to a date or an integer that Python cannot build
                (`2025-02-30`, an integer of 5,000 digits) raises ValueError deep in PyYAML; it
                becomes a YAML error with the node's line like any other.

The check reads the file's events once with the same (C) parser before loading: about 0.1 s for a
registry of 10,000 actors (1.2 MB) that loads in 0.6 s. Every problem is a `yaml.MarkedYAMLError`
with the line, so callers report the file and the line; `problem` says it in one line.

What we write goes through `dump`, which never writes aliases (the same list twice in the data is
written twice), so everything the pipeline writes is read back by `load`.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, NamedTuple

import yaml
from yaml import YAMLError
from yaml.constructor import ConstructorError

__all__ = ["MAX_DEPTH", "Problem", "Refused", "YAMLError", "check", "dump", "load", "load_node", "node_at", "problem"]

# Deepest nesting of lists and mappings read. Our files nest at most 6 levels (a draft's provenance);
# libyaml's composer crashes the process (SIGSEGV) from about 30,000 levels in the main thread.
MAX_DEPTH = 100

# libyaml's parser and composer when PyYAML was built with it (5-10x faster), else Python's.
_Base: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_OPEN = (yaml.SequenceStartEvent, yaml.MappingStartEvent)
_CLOSE = (yaml.SequenceEndEvent, yaml.MappingEndEvent)


class Refused(yaml.MarkedYAMLError):
    """Valid YAML that we do not read: an alias, or nesting deeper than MAX_DEPTH."""


class _Loader(_Base):  # type: ignore[misc, valid-type]
    """The safe loader, with a value Python cannot build reported at its node, as YAML errors are."""

    def flatten_mapping(self, node: yaml.MappingNode) -> None:
        """Merge keys (`<<: *name`) only make sense with aliases: refused with them."""
        for key, _ in node.value:
            if key.tag == "tag:yaml.org,2002:merge":
                raise Refused(None, None, "a merge key (<<) copies another part of the file; merge keys are not "
                              "read (write the values out)", key.start_mark)

    def construct_object(self, node: yaml.Node, deep: bool = False) -> Any:
        try:
            return super().construct_object(node, deep)
        except (ValueError, OverflowError) as err:
            raise ConstructorError(None, None, f"cannot read this value: {err}", node.start_mark) from err


class _Dumper(yaml.SafeDumper):
    def ignore_aliases(self, data: Any) -> bool:
        return True


class _FastDumper(getattr(yaml, "CSafeDumper", yaml.SafeDumper)):  # type: ignore[misc]
    def ignore_aliases(self, data: Any) -> bool:
        return True


def load(text: str) -> Any:
    """The data of one YAML document (None when empty); raises yaml.YAMLError (see `problem`)."""
    return load_node(text)[0]


def load_node(text: str) -> tuple[Any, yaml.Node | None]:
    """`load`, with the composed node tree too, for callers that name the line of an item."""
    check(text)
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        return (loader.construct_document(node) if node is not None else None), node
    finally:
        loader.dispose()


def node_at(node: yaml.Node, loc: Iterable[object]) -> yaml.Node:
    """The deepest node on the path `loc` (keys of mappings, indexes of sequences) from `node`:
    where a problem pydantic found at `loc` is, for its line (`node.start_mark.line`, from 0)."""
    for part in loc:
        if isinstance(node, yaml.MappingNode):
            found = [value for key, value in node.value if key.value == part]
            if not found:
                return node
            node = found[-1]  # the value loaded: the last of a repeated key
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and 0 <= part < len(node.value):
            node = node.value[part]
        else:
            return node
    return node


def check(text: str) -> None:
    """Raise Refused at the first alias or at nesting deeper than MAX_DEPTH (and a YAMLError
    where the text is not YAML); builds nothing, so a bomb costs what its bytes cost."""
    parser = _Base(text)
    depth = 0
    try:
        while parser.check_event():
            event = parser.get_event()
            if isinstance(event, _OPEN):
                depth += 1
                if depth > MAX_DEPTH:
                    raise Refused(None, None, f"nested more than {MAX_DEPTH} levels deep", event.start_mark)
            elif isinstance(event, _CLOSE):
                depth -= 1
            elif isinstance(event, yaml.AliasEvent):
                raise Refused(None, None, f"an alias (*{event.anchor}) repeats another part of the file; aliases "
                              "are not read (write the value out again)", event.start_mark)
    finally:
        parser.dispose()


def dump(data: Any, *, fast: bool = False, **options: Any) -> str:
    """`data` as YAML that `load` reads back: safe tags, and never an alias (yaml.dump's options).

    fast (bool): libyaml's emitter (about 10x faster; it escapes characters beyond U+FFFF even
        with allow_unicode, so text meant for people is written by Python's).
    """
    return yaml.dump(data, Dumper=_FastDumper if fast else _Dumper, **options)


class Problem(NamedTuple):
    """A YAML error in one line: where (1-based, None when unknown) and what."""

    line: int | None
    column: int | None
    message: str


def problem(err: yaml.YAMLError, *, first_line: int = 1) -> Problem:
    """Where and what a YAML error is, for a one-line report. first_line (int): the file's line
    the YAML text starts on (2 for front matter after '---')."""
    mark = getattr(err, "problem_mark", None) or getattr(err, "context_mark", None)
    what = " ".join(filter(None, [getattr(err, "context", None), getattr(err, "problem", None)]))
    what = what or " ".join(str(err).split())
    if mark is None:
        return Problem(None, None, what)
    start = getattr(err, "context_mark", None)
    if start is not None and start.line != mark.line:  # where the unclosed thing was opened
        what += f" (it began at line {start.line + first_line}, column {start.column + 1})"
    return Problem(mark.line + first_line, mark.column + 1, what)
