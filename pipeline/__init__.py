"""news-events: news articles in, sourced candidate event records out.

The plain library behind the `newsevents` CLI and the Prefect flows in `flows/`. Each stage is a
module of functions over the records in `records.py`; nothing here imports Prefect.
"""

from __future__ import annotations

__version__ = "0.4.0"

from .clean import clean_document, clean_documents
from .collect import collect_sources
from .draft import build_draft
from .draft_file import parse_draft, render_draft
from .errors import (
    ConfigError,
    DocumentError,
    ExtractionError,
    NotAnArticle,
    PipelineError,
    SourceError,
)
from .extract import extract_articles, load_nlp
from .records import (
    Actor,
    ActorMatch,
    Analysis,
    Article,
    Candidate,
    DateMention,
    EventDraft,
    Failure,
    Mention,
    Quote,
    RawDocument,
    StageResult,
)
from .resolve import ActorIndex, resolve_analyses, resolve_analysis
from .settings import Settings, load_settings

__all__ = [
    "Actor",
    "ActorIndex",
    "ActorMatch",
    "Analysis",
    "Article",
    "Candidate",
    "ConfigError",
    "DateMention",
    "DocumentError",
    "EventDraft",
    "ExtractionError",
    "Failure",
    "Mention",
    "NotAnArticle",
    "PipelineError",
    "Quote",
    "RawDocument",
    "Settings",
    "SourceError",
    "StageResult",
    "__version__",
    "build_draft",
    "clean_document",
    "clean_documents",
    "collect_sources",
    "extract_articles",
    "load_nlp",
    "load_settings",
    "parse_draft",
    "render_draft",
    "resolve_analyses",
    "resolve_analysis",
]
