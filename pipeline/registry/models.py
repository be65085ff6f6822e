"""The records the registry importer reads and returns: frozen pydantic models, no logic.

    TimelineEvent ──grouping──▶ Grouping(ActorGroup[FoldedVariant], Skipped, checks)
                  ──merge────▶ ImportResult(Actor, Merge, Skipped, checks, ImportStats)

A timeline event is read leniently (unknown fields ignored: the timeline has many the importer
does not need); everything the importer makes is strict (extra fields forbidden).
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from ..records import Actor, ActorType


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class TimelineEvent(BaseModel):
    """The part of a timeline event the importer reads: its id and its actors."""

    model_config = ConfigDict(frozen=True, extra="ignore")

    id: str | None = None
    actors: list[str] = Field(default_factory=list)


class FoldedVariant(_Model):
    """One way the timeline writes an actor, how often, and the rule that folded it."""

    text: str
    uses: int
    rule: str


class ActorGroup(_Model):
    """The variants that name one actor, with the canonical name and the guessed type."""

    canonical: str
    type: ActorType
    uses: int
    variants: list[FoldedVariant]
    acronyms: list[str] = []
    names: list[str] = Field(
        default_factory=list, description="Names to register besides the variants: the name inside "
        "'Name (ACRONYM)' and 'ACRONYM (Name)' forms.",
    )
    hold: str | None = Field(
        None, description="Why the group names no one actor ('Trump'): it only joins a registry actor "
        "that already answers to it.",
    )


class Merge(_Model):
    """A group of several variants (or one that matched a registry actor of another name):
    what an analyst confirms."""

    canonical: str
    actor: str = Field(description="The registry actor the variants went into.")
    existing: bool = Field(description="True when that actor was in the registry before.")
    type: ActorType
    uses: int
    variants: list[FoldedVariant] = Field(description="Every variant but the canonical name itself.")


class Skipped(_Model):
    """A string the importer did not turn into an actor, and why."""

    text: str
    uses: int
    reason: str


class ImportStats(_Model):
    """The counts the merges list and the command's summary report."""

    events: int = 0
    strings: int
    uses: int
    groups: int
    actors_before: int
    actors_after: int
    actors_added: int
    actors_updated: int = Field(description="Actors already in the registry that gained names.")
    aliases_added: int
    acronyms_added: int
    merges: int
    skipped: int


class Grouping(_Model):
    """What group_actor_strings found: the groups, the strings left out, and doubts to check."""

    groups: list[ActorGroup]
    skipped: list[Skipped] = []
    checks: list[str] = []


class ImportResult(_Model):
    """The merged registry and everything an analyst needs to confirm it."""

    actors: list[Actor]
    merges: list[Merge]
    skipped: list[Skipped]
    checks: list[str]
    stats: ImportStats
