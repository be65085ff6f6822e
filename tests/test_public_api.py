from __future__ import annotations

import subprocess
import sys

import pipeline
from tests.conftest import REPO


def test_public_api_is_pinned():
    assert sorted(pipeline.__all__) == sorted([
        "Actor", "ActorIndex", "ActorMatch", "Analysis", "Article", "Candidate", "ConfigError", "DateMention",
        "DocumentError", "EventDraft", "ExtractionError", "Failure", "Mention", "NotAnArticle",
        "PipelineError", "Quote", "RawDocument", "Settings", "SourceError", "StageResult", "__version__",
        "build_draft", "clean_document", "clean_documents", "collect_sources", "extract_articles", "load_nlp",
        "load_settings", "parse_draft", "render_draft", "resolve_analyses", "resolve_analysis",
    ])
    for name in pipeline.__all__:
        assert hasattr(pipeline, name)


def test_importing_the_library_does_not_import_prefect():
    code = "import sys, pipeline, pipeline.cli.app, pipeline.runner; print('prefect' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO, check=True)
    assert out.stdout.strip() == "False"
