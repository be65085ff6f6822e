"""raw/: the bytes as collected, content-addressed, each with a sidecar of where they came from.

    raw/objects/ab/<sha256>          the bytes, written once
    raw/objects/ab/<sha256>.json     sidecar: the RawDocument (provenance) as JSON
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

from ..records import RawDocument
from .files import atomic_write, sha256_bytes


def raw_object_path(raw_dir: Path, sha256: str) -> Path:
    return raw_dir / "objects" / sha256[:2] / sha256


def store_raw(raw_dir: Path, data: bytes, **provenance: object) -> RawDocument:
    """Store bytes under their sha256 with a provenance sidecar; the same bytes are stored once.

    provenance: the RawDocument fields other than sha256, path and size.
    RETURNS (RawDocument): the stored document; for bytes seen before, the first provenance.
    """
    sha = sha256_bytes(data)
    obj = raw_object_path(raw_dir, sha)
    sidecar = obj.with_name(obj.name + ".json")
    if sidecar.is_file() and obj.is_file():
        return RawDocument.model_validate_json(sidecar.read_bytes())
    raw = RawDocument(
        sha256=sha, path=str(obj.relative_to(raw_dir)), size=len(data), **provenance  # type: ignore[arg-type]
    )
    if not obj.is_file():
        atomic_write(obj, data)
    atomic_write(sidecar, raw.model_dump_json(indent=2).encode())
    return raw


def read_raw(raw_dir: Path, raw: RawDocument) -> bytes:
    return (raw_dir / raw.path).read_bytes()


def iter_raw_documents(raw_dir: Path) -> Iterator[RawDocument]:
    """Every stored RawDocument, in a stable order (by sha256)."""
    objects = raw_dir / "objects"
    if not objects.is_dir():
        return
    for sidecar in sorted(objects.glob("*/*.json")):
        yield RawDocument.model_validate_json(sidecar.read_bytes())


def unprocessed_documents(raw_dir: Path, processed_version: Callable[[str], str | None], version: str, *,
                          only: set[str] | None = None) -> list[RawDocument]:
    """Stored documents not yet processed by this pipeline version (optionally among `only`);
    `processed_version` is the ledger's (sha256 -> the version that processed it)."""
    return [
        raw
        for raw in iter_raw_documents(raw_dir)
        if (only is None or raw.sha256 in only) and processed_version(raw.sha256) != version
    ]
