"""The typed records that flow between stages (pydantic v2, frozen).

    RawDocument ──clean──▶ Article ──extract──▶ Analysis ──resolve──▶ Analysis(+actors)
                                                            ──draft──▶ EventDraft

Character offsets (`start`, `end`) always index `Article.text`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date, datetime, timezone
from typing import Generic, Literal, NamedTuple, TypeVar

from pydantic import BaseModel, ConfigDict, Field, field_validator

from .errors import InvalidURL, Notice, PipelineError
from .urls import checked_url


class Record(BaseModel):
    """The base of every record: frozen, no unknown fields."""

    model_config = ConfigDict(frozen=True, extra="forbid")


def utcnow() -> datetime:
    """The current time, timezone-aware (UTC). Only collect and store call it."""
    return datetime.now(timezone.utc)


SourceKind = Literal["url", "file", "jsonl", "warc"]


def _http_url(value: str | None) -> str | None:
    """A validator's check of a URL field: None, or an http(s) URL (pydantic reports the reason)."""
    if value is None:
        return None
    try:
        return checked_url(value)
    except InvalidURL as err:
        raise ValueError(str(err)) from None


class RawDocument(Record):
    """Bytes as collected, stored once under their sha256 in raw/, with where they came from."""

    sha256: str
    source: str = Field(description="The URL, or the path of the file or archive, as given.")
    source_kind: SourceKind
    url: str | None = None
    archive_offset: int | None = Field(
        None, description="Line number in a JSONL dump or byte offset of a WARC record."
    )
    fetched_at: datetime
    content_type: str = Field(description="'text/html' or 'text/plain'.")
    encoding: str | None = None
    http_status: int | None = None
    published_hint: str | None = Field(None, description="A publish date given by the archive.")
    path: str = Field(description="Where the bytes are, relative to raw/.")
    size: int


class Item(Record):
    """One item of a digest or live page (pipeline/digest.py): its span in Article.text, from its
    headline to the end of its last paragraph, the headline as written, and its links."""

    start: int
    end: int
    headline: str
    method: Literal["heading", "bold-lead"] = Field(description="How the headline was found: an <h2>-<h4>, "
                                                    "or a bold lead opening a paragraph or list item.")
    links: list[str] = Field([], description="The item's links, http(s) only, in their order.")

    _links = field_validator("links")(lambda values: [_http_url(v) for v in values])


class Article(Record):
    """Clean main text with its metadata; how each field was found is kept beside it."""

    raw_sha256: str
    url: str | None = Field(None, description="Where the page was fetched from (after redirects), or the URL its "
                            "dump or archive record gives: the article's identity. Only http(s).")
    canonical_url: str | None = Field(None, description="The URL the page declares for itself (canonical link, "
                                      "og:url) when it differs: evidence only, never the identity.")
    url_notes: list[str] = Field([], description="URLs of the input that were not kept, and why.")

    archive_url: str | None = Field(None, description="The web archive's link the page was read from, when `url` "
                                    "is the page it copies (pipeline/archive_urls.py).")

    _urls = field_validator("url", "canonical_url", "archive_url")(lambda value: _http_url(value))
    title: str
    title_method: str
    outlet: str | None = None
    outlet_method: str | None = Field(None, description="Where the outlet's name came from (pipeline/outlets.py).")
    authors: list[str] = []
    published: date | None = None
    published_method: str | None = None
    language: str | None = None
    tags: list[str] = []
    text: str
    paragraphs: list[tuple[int, int]] = []
    fetched_at: datetime | None = None
    items: list[Item] = Field([], description="A digest's or live page's items, each its own story (empty for "
                              "an article).")


class Mention(Record):
    text: str
    label: str
    start: int
    end: int
    sentence: int
    role: Literal["subject", "object", "other"] = Field(
        "other", description="What the mention is in its clause: the subject (or a passive's agent), an object "
        "(direct, indirect, of a verb's preposition, a passive's subject), or other (a modifier of a noun too: "
        "'U.S.' of 'U.S. officials', 'Russia' of 'Russia's envoy').")
    verb: int | None = Field(None, description="Where the verb it is the subject or object of starts (a character "
                             "offset), which tells the clauses of one sentence apart.")


class DateMention(Record):
    text: str
    start: int
    end: int
    sentence: int
    iso: str | None = Field(None, description="Normalized date, YYYY-MM-DD, or None.")
    granularity: str | None = None
    anchor: date | None = Field(None, description="The reference date relative terms used.")
    clause: str = Field(
        "main", description="'main', or 'relcl' / 'advcl' for a background clause "
        "('Trump, who won on Wednesday, ...'; 'as he took office on Tuesday').",
    )


class Quote(Record):
    """An attribution: a direct quote (its parts; split quotes have several) or reported speech,
    with its cue verb and speaker."""

    text: str
    kind: str = Field("full", description="full (all quoted), partial (a clause with a quote in it) or reported.")
    spans: list[tuple[int, int]]
    cue: str | None = None
    cue_span: tuple[int, int] | None = None
    speaker: str | None = Field(None, description="The speaker mention as written ('he', 'Dmitriev').")
    speaker_span: tuple[int, int] | None = None
    speaker_name: str | None = Field(None, description="The person the mention refers to.")
    speaker_actor: str | None = Field(None, description="Canonical actor, set by resolve.")
    method: str = Field("none", description="How the speaker was found.")
    confidence: float = 0.0


class ActorMatch(Record):
    """One mention resolved to a canonical actor, with the rule that did it."""

    actor: str
    actor_type: str
    text: str
    start: int
    end: int
    method: str
    score: float


class Candidate(Record):
    """A name not in the registry, proposed to the analyst as a new actor."""

    name: str
    suggested_type: str
    mentions: list[tuple[int, int]]
    kind: Literal["name", "building", "work", "place"] = Field(
        "name", description="A building or a work (a film, a book) is an event's actor only when the event is about it; "
        "a place (a country acting) only when it is a subject or an object of the event's clauses.")


Precision = Literal["day", "month", "year"]


class EventMention(Record):
    """An event an article narrates besides its main one (the lead's): a clause whose main action
    carries an absolute date of its own ("In 1991, Saudi Prince Alwaleed bin Talal purchased
    Trump's yacht"). Each becomes a draft of its own (or joins the event other articles report)."""

    kind: Literal["background"] = "background"
    sentence: int
    date: str = Field(description="As the timeline writes it: a year is YYYY-01-01, a month YYYY-MM-01.")
    precision: Precision
    date_text: str
    date_span: tuple[int, int]
    title: str = Field(description="Who did what, from the clause's subject, verb and object.")
    score: float = Field(description="Salience: named actors, an action rather than a state, how precise the date.")
    clause: tuple[int, int] | None = Field(None, description="The clause the title was read from (character "
                                           "offsets): the event's actors are named there or in its title.")
    aside: list[tuple[int, int]] = Field([], description="Relative clauses inside `clause` that describe one of "
                                         "its names ('who attended Harvard'): their names are no actors of the event.")


class Analysis(Record):
    """Everything found in one article; resolve fills `actors` and `candidates`."""

    article: Article
    sentences: list[tuple[int, int]]
    mentions: list[Mention] = []
    dates: list[DateMention] = []
    quotes: list[Quote] = []
    actors: list[ActorMatch] = []
    candidates: list[Candidate] = []
    ranking: list[str] = Field([], description="Actors and candidates, most salient first (set by resolve).")
    events: list[EventMention] = Field([], description="Dated past events the article narrates, most salient first.")
    gists: dict[int, str] = Field({}, description="Who did what in the first sentences (a sentence's index -> "
                                  "a title made of its main clause), for the main event's title.")
    roles: list[tuple[int, int, str, int]] = Field(
        [], description="The subjects and objects of the article's clauses: (start, end, 'subject' or 'object', where "
        "the verb starts), so that any span of the text (a registry name found in it) has its role.")
    model: str | None = None


class Source(Record):
    outlet: str | None = None
    title: str | None = None
    url: str | None = None
    date: str | None = None
    also_at: list[str] = Field([], description="URLs of near-identical copies (syndication).")
    archive_url: str | None = Field(None, description="A web archive's copy of the page at `url`, where it was read.")

    # A source's links reach the review page and accepted records: http(s) only (see pipeline/urls.py),
    # also in a draft edited by hand.
    _url = field_validator("url", "archive_url")(lambda value: _http_url(value))
    _also_at = field_validator("also_at")(lambda values: [_http_url(v) for v in values])


class Provenance(Record):
    """The evidence behind a draft's fields, and what made it."""

    inputs: list[str]
    source_inputs: list[str] = Field([], description="The input of each source, in the order of `sources` (copies left out).")
    source_keys: list[str] = Field([], description="Each source's event in its input: the input for its main event, "
                                   "<input>#s<sentence> for a dated past event it narrates.")
    events: list[dict] = Field([], description="For a source whose event is a dated past one: its sentence and date.")
    pipeline_version: str
    model: str | None = None
    published_method: str | None = None
    title_method: str | None = None
    title_evidence: dict | None = Field(None, description="The sentence whose who-did-what is the title (none: the headline).")
    date_rule: str
    date_evidence: dict | None = None
    source_dates: list[dict] = Field([], description="Each source's own date and rule (events of several sources).")
    merges: list[dict] = Field([], description="Why each source joined the event: score and reason.")
    canonical_urls: list[dict] = Field([], description="The URL each page declares for itself where it differs "
                                       "from where it was read (evidence only; `cited` when the page came from a file).")
    url_notes: list[dict] = Field([], description="URLs of the sources' inputs that were not kept, and why.")
    timeline_match: list[dict] = Field([], description="Events of the timeline this one may be, best first: "
                                       "[{id, title, date, score, evidence}] (pipeline/timeline.match_draft).")
    already_cited: list[dict] = Field([], description="Sources whose URL the timeline already cites, whatever "
                                      "the dates: [{url, events: [ids]}] (pipeline/timeline.cited_by).")
    suggested: dict | None = Field(None, description="Tags and importance suggested by the nearest timeline events "
                                   "(tags, importance, neighbours: [{id, title, score}]); pipeline/suggest.py.")
    actors: list[dict] = []
    quotes: list[dict] = []
    dates: list[dict] = []
    new_actor_candidates: list[dict] = []
    mentioned_actors: list[str] = Field([], description="Actors the sources name that are not central to the "
                                        "event (or past draft.max_actors), most salient first: one click from `actors`.")

    @field_validator("timeline_match", mode="before")
    @classmethod
    def _matches(cls, value: object) -> object:
        """Drafts written before there were several matches hold the one match (or null)."""
        return timeline_matches(value) if value is None or isinstance(value, dict) else value


def timeline_matches(value: object) -> list[dict]:
    """provenance.timeline_match as read from a file, whatever its age: the list of matches (an
    older draft holds one match or null)."""
    if isinstance(value, dict):
        return [value]
    return [m for m in value if isinstance(m, dict)] if isinstance(value, list) else []


# A draft's id names its file (and its accepted record): no folders, no hidden files, no NUL.
DRAFT_ID = r"^[^/\\\x00.][^/\\\x00]{0,199}$"


class EventDraft(Record):
    """A candidate timeline record: the timeline's fields plus `provenance`."""

    id: str = Field(pattern=DRAFT_ID)
    date: str
    date_precision: Precision = "day"
    kind: Literal["main", "background", "item"] = Field("main", description="main: what an article's lead reports; "
                                                        "background: a dated past event an article narrates; item: "
                                                        "an item of a digest or live page.")
    title: str
    description: str
    actors: list[str]
    sources: list[Source]
    tags: list[str] = []
    importance: int | None = None
    location: str | None = None
    status: str = "draft"
    update_of: str | None = Field(None, description="Accepted into this timeline event (review accept --into): "
                                  "its sources are added to that event's record instead of a new one.")
    review: list[dict] = Field([], description="What analysts did to this draft: action, by, at, and what changed.")
    provenance: Provenance


class DraftField(NamedTuple):
    """One field of a draft, as everything that shows, edits or writes drafts sees it."""

    name: str
    kind: str  # text | long-text | date | list | tags | number | optional-text | fixed (not edited)
    label: str = ""  # on the review page's form
    timeline: bool = True  # a key of the timeline's records: the accepted record has these only
    evidence: str | None = None  # what the review page marks in the sources ("evidence" beside the field)
    hint: str | None = None  # the provenance key shown under the field on the review page
    rows: int | None = None  # a text area's height

    @property
    def editable(self) -> bool:
        return self.kind != "fixed"


# The fields of EventDraft, declared once: the draft file writes the timeline's keys in their
# order, the review page's form and `review edit --set` offer the editable ones in this order, the
# accepted record keeps the timeline's. (A test checks this table against EventDraft.)
DRAFT_FIELDS = (
    DraftField("title", "text", "Title", evidence="title"),
    DraftField("date", "date", "Date", evidence="date", hint="date_rule"),
    DraftField("description", "long-text", "Description", evidence="lead"),
    DraftField("actors", "list", "Actors (one a line)", evidence="actor", rows=6),
    DraftField("tags", "tags", "Tags (comma-separated)"),
    DraftField("importance", "number", "Importance (1-10)"),
    DraftField("location", "optional-text", "Location"),
    DraftField("id", "fixed"),
    DraftField("date_precision", "fixed", timeline=False),
    DraftField("kind", "fixed", timeline=False),
    DraftField("sources", "fixed"),
    DraftField("status", "fixed"),
    DraftField("update_of", "fixed", timeline=False),
    DraftField("review", "fixed", timeline=False),
    DraftField("provenance", "fixed", timeline=False),
)
TIMELINE_KEYS = tuple(sorted(f.name for f in DRAFT_FIELDS if f.timeline))  # the timeline's order: alphabetical
EDITABLE = tuple(f.name for f in DRAFT_FIELDS if f.editable)


class EventSignature(Record):
    """What clustering keeps of one event between runs (the ledger stores it)."""

    id: str
    dates: list[date] = Field([], description="The days its sources date it to.")
    periods: list[tuple[date, date]] = Field([], description="The years or months its sources date it to only "
                                              "that precisely (first and last day of each).")
    actors: list[str] = []
    actor_counts: dict[str, float] = {}
    words: str = ""
    keywords: dict[str, float] = {}
    members: list[str] = []
    heads: dict[str, str] = {}
    urls: dict[str, str] = {}


class Failure(Record):
    """An input that did not become a draft, and why; written to extracted/failures.jsonl."""

    stage: str
    source: str
    sha256: str | None = None
    error: str
    message: str
    at: datetime
    notice: bool = Field(False, description="The input went on (a draft was made); this is for the analyst to know.")

    @classmethod
    def from_error(
        cls, stage: str, source: str, err: BaseException, sha256: str | None = None
    ) -> "Failure":
        message = str(err) or err.__class__.__name__
        if not isinstance(err, PipelineError):
            message = f"unexpected {err.__class__.__name__}: {message}"
        return cls(
            stage=stage,
            source=source,
            sha256=sha256,
            error=err.__class__.__name__,
            message=message,
            at=utcnow(),
            notice=isinstance(err, Notice),
        )


T = TypeVar("T")


class StageResult(BaseModel, Generic[T]):
    """What a batch stage returns: the records that went on and the inputs that did not (with
    the notices about inputs that went on: `Failure.notice`)."""

    ok: list[T] = []
    failed: list[Failure] = []

    @property
    def failures(self) -> list[Failure]:
        """The inputs that did not go on (notices left out)."""
        return [f for f in self.failed if not f.notice]


def per_article(stage: str, analyses: Iterable[Analysis], step: Callable[[Analysis], T]) -> StageResult[T]:
    """Run a stage's step on each article; an article the step fails on becomes a Failure and the
    batch goes on (the rules meet text nobody has seen, so any exception is one article's)."""
    result: StageResult[T] = StageResult()
    for analysis in analyses:
        try:
            result.ok.append(step(analysis))
        except Exception as err:  # noqa: BLE001 - recorded with its type and message
            article = analysis.article
            result.failed.append(Failure.from_error(stage, article.url or article.raw_sha256, err, article.raw_sha256))
    return result


ActorType = Literal["person", "organization", "government", "place", "group"]


class Actor(Record):
    """One canonical actor of the registry (models/actors.yaml)."""

    name: str
    type: ActorType = "organization"
    aliases: list[str] = []
    acronyms: list[str] = []
    wikidata: str | None = None
    notes: str | None = None
