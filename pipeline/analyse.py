"""Analyse: clean -> extract -> resolve for a batch of stored documents. No shared state, so it
runs wherever an executor puts it (here, in worker processes, on Dask); saving stays in order,
in one process (pipeline/batches.py).

The stages are passed in (`Stages`), so the Prefect flows run the very same composition with
each stage as a task of its own (flows/tasks.py).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import lru_cache, partial
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from .clean import clean_documents
from .extract import extract_articles, load_nlp
from .records import Analysis, Failure, RawDocument
from .resolve import ActorIndex, resolve_analyses
from .settings import Settings
from .store import load_registries, read_raw

if TYPE_CHECKING:
    from spacy.language import Language

Analysed = tuple[list[Analysis], list[Failure]]


class Stages(NamedTuple):
    """The three analysis stages, as functions with the signatures of the library's own."""

    clean: Callable
    extract: Callable
    resolve: Callable


def analyse_batch(
    raws: Sequence[RawDocument], *, settings: Settings, nlp: "Language | None" = None,
    index: ActorIndex | None = None, stages: Stages | None = None,
) -> Analysed:
    """clean -> extract -> resolve for a batch; pure apart from reading raw bytes. Without `nlp`
    and `index`, this process's own are used (loaded once, see `process_index`); without
    `stages`, the library's functions."""
    stages = stages or Stages(clean_documents, extract_articles, resolve_analyses)
    index = index if index is not None else process_index(settings.paths.registry_files())
    cleaned = stages.clean(raws, cfg=settings.clean, read=partial(read_raw, settings.paths.raw))
    extracted = stages.extract(cleaned.ok, nlp=nlp, cfg=settings.extract)
    resolved = stages.resolve(extracted.ok, index=index, cfg=settings.resolve)
    return resolved.ok, [*cleaned.failed, *extracted.failed, *resolved.failed]


def analyse_stored(raws: Sequence[RawDocument], *, settings: Settings) -> Analysed:
    """analyse_batch where the work runs (a worker process, a Dask worker): the model and the
    actor index are loaded once per process and kept, not sent along with every batch."""
    return analyse_batch(raws, settings=settings, nlp=load_nlp(settings.extract),
                         index=process_index(settings.paths.registry_files()))


def process_index(registries: Sequence[Path]) -> ActorIndex:
    """This process's actor index of the registry files (paths.registry_files()), built again only
    when one of them changes."""
    return _built_index(tuple((p.resolve(), p.stat().st_mtime if p.exists() else 0.0) for p in registries))


@lru_cache(maxsize=2)
def _built_index(registries: tuple[tuple[Path, float], ...]) -> ActorIndex:
    return ActorIndex.build(load_registries([path for path, _ in registries]))
