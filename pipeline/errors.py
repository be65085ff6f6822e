"""The exception tree of the pipeline, and how a per-document error becomes a record.

    PipelineError
    ├── ConfigError      bad settings or a missing model: raise and stop the run
    ├── RunInProgress    another run holds extracted/: this one stops before touching it
    ├── StorageError     raw/ or extracted/ cannot be written (disk full, read-only): stop the run
    ├── SourceError      bytes could not be fetched or read: recorded; URL fetches are retried
    │   └── FeedBacklog      a feed listed more new URLs than one run takes: the rest wait
    ├── DocumentError    this input cannot go on: record it and continue with the batch
    │   ├── NotAnArticle     clean: no main text, binary, too short or too long
    │   ├── OtherLanguage    clean: written in a language not in clean.languages
    │   └── ExtractionError  extract: spaCy failed on this text
    └── Notice           the input went on, but an analyst should know: recorded beside its draft
        ├── InvalidURL       collect, clean: a URL that is not http(s) (or too long): not kept
        └── URLConflict      cluster: a new snapshot of a source's URL with another text: both kept

Stages never let a `DocumentError` or `SourceError` escape a batch: they return it as a
`Failure` (see `records.Failure`), so one bad input never stops the others and nothing is lost.
"""

from __future__ import annotations


class PipelineError(Exception):
    """Base class of every error the pipeline raises on purpose."""


class ConfigError(PipelineError):
    """Settings are invalid or something they name (model, registry) is missing."""


class RunInProgress(PipelineError):
    """Another run is processing into the same extracted/ folder."""


class StorageError(PipelineError):
    """raw/ or extracted/ cannot be written (no space left, read-only file system, no permission).

    Not an OSError on purpose: the collect stage records a source's OSError as that source's
    failure, but a full disk is nobody's input's fault; the run stops, and every file it wrote
    is whole, so a re-run once there is room ends as an uninterrupted run would.
    """


class SourceError(PipelineError):
    """A source could not be fetched or read (network error, HTTP error, unreadable file)."""


class FeedBacklog(SourceError):
    """A feed or sitemap listed more new URLs than one run takes (collect.max_feed_items); the
    rest are left for the next runs. Its own class, so that it and a fetch failure of the same feed
    are recorded apart."""


class DocumentError(PipelineError):
    """One document cannot go through a stage; the batch continues."""


class NotAnArticle(DocumentError):
    """The input holds no article text we can use (binary, empty, too short)."""


class OtherLanguage(DocumentError):
    """The article is in a language the settings do not process (the spaCy model reads one)."""


class ExtractionError(DocumentError):
    """The NLP stage failed on this document."""



class Notice(PipelineError):
    """Something about an input an analyst should know, although it became a draft: recorded in
    failures.jsonl like a failure (the review page lists it), never counted as one."""


class InvalidURL(Notice):
    """A URL (a dump's, a WARC record's, a page's canonical link) that is not an http(s) URL, holds
    control characters or is too long: the input is processed without it."""


class URLConflict(Notice):
    """A snapshot of a URL whose text is not the article already cited from that URL: it does not
    replace that source; both are kept."""
