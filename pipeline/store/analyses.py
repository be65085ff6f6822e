"""extracted/.analyses/ab/<sha256>.json.gz: each article's analysis, so an event's draft can be
rebuilt when another source joins it without parsing the others again."""

from __future__ import annotations

import gzip
from pathlib import Path

from ..records import Analysis
from .files import atomic_write

ANALYSES_DIR = ".analyses"


def analysis_path(extracted_dir: Path, sha256: str) -> Path:
    return extracted_dir / ANALYSES_DIR / sha256[:2] / f"{sha256}.json.gz"


def save_analysis(extracted_dir: Path, analysis: Analysis) -> None:
    """Keep an article's analysis, so its event's draft can be rebuilt without parsing it again."""
    data = gzip.compress(analysis.model_dump_json().encode("utf-8"), compresslevel=1, mtime=0)
    atomic_write(analysis_path(extracted_dir, analysis.article.raw_sha256), data)


def load_analysis(extracted_dir: Path, sha256: str) -> Analysis | None:
    """The stored analysis of an input, or None when it is missing or unreadable."""
    try:
        return Analysis.model_validate_json(gzip.decompress(analysis_path(extracted_dir, sha256).read_bytes()))
    except (OSError, EOFError, ValueError):
        return None
