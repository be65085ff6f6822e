"""Extract: Articles -> Analysis (entity mentions, normalized dates, quotes) via `nlp.pipe`.

The only place a spaCy pipeline is loaded. Only the components the pipeline uses run: the
tagger, attribute ruler and lemmatizer are excluded at load (about 28% faster, measured in
ENVIRONMENT-NOTES); the parser (for speakers) and the NER stay. A small component makes every
line break a sentence boundary, so paragraphs and headlines never merge into one sentence.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from pathlib import Path
from typing import NamedTuple

import numpy
import spacy
from spacy.attrs import DEP, HEAD, IDX, IS_SPACE, LENGTH, LOWER
from spacy.language import Language
from spacy.strings import StringStore
from spacy.tokens import Doc

from .dates import normalize_date
from .doc_arrays import OTHER, ROLE_NAMES, entities, role_runs, sentence_starts, token_roles
from .errors import ConfigError, ExtractionError
from .event_mentions import narrated
from .quotes import extract_quotes
from .records import Analysis, Article, DateMention, Failure, Mention, StageResult
from .settings import ExtractSettings

# WORK_OF_ART is kept so that resolve can tell a film or a book from an organization of that name.
# A mention whose root is one of these modifies a noun ("U.S. officials", "Russia's envoy",
# "the Bush administration"): its role in the clause is that noun's, not its own.
MODIFIER_DEPS = frozenset({"compound", "amod", "poss", "nmod"})
ENTITY_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP", "LOC", "FAC", "WORK_OF_ART", "DATE"})
# Words that put a date in the future: "from Saturday", "will run on Thursday", "expected to".
FUTURE_BEFORE = frozenset({"from", "until", "till", "next", "before"})
FUTURE_MARKERS = frozenset({"will", "'ll", "shall", "expected", "scheduled", "due", "set", "plans", "planned", "going"})
CLAUSE_DEPS = frozenset({"advcl", "relcl", "ccomp", "acl"})
UNUSED_COMPONENTS = ("tagger", "attribute_ruler", "lemmatizer", "senter")
BACKGROUND_KEPT = 10  # background events kept per article, most salient first (drafts take draft.max_background)

_LOADED: dict[str, Language] = {}


@Language.component("newline_sentences")
def newline_sentences(doc: Doc) -> Doc:
    """Start a sentence after every line break (paragraphs are separated by '\\n'). Line breaks
    are whitespace tokens of their own (a token's trailing whitespace is one space at most), so
    only those are looked at, found in one array call."""
    for i in numpy.nonzero(doc.to_array(IS_SPACE))[0].tolist():
        if i + 1 < len(doc) and "\n" in doc[i].text:
            doc[i + 1].is_sent_start = True
    return doc


def load_nlp(cfg: ExtractSettings) -> Language:
    """The spaCy pipeline named in settings, loaded once per process."""
    nlp = _LOADED.get(cfg.model)
    if nlp is None:
        try:
            nlp = spacy.load(cfg.model, exclude=list(UNUSED_COMPONENTS))
        except OSError as err:
            raise _missing(cfg.model) from err
        if "parser" in nlp.pipe_names:
            nlp.add_pipe("newline_sentences", before="parser")
        _LOADED[cfg.model] = nlp
    return nlp


def check_model(cfg: ExtractSettings) -> None:
    """Raise ConfigError unless the model in settings is an installed package or a folder, without
    loading it (a parent whose workers load their own copies)."""
    if not (spacy.util.is_package(cfg.model) or Path(cfg.model).is_dir()):
        raise _missing(cfg.model)


def _missing(model: str) -> ConfigError:
    return ConfigError(f"spaCy model {model!r} is not installed: install its package "
                       "(the README's setup command does) or set extract.model")


def model_label(nlp: Language) -> str:
    return f"{nlp.meta.get('lang', '?')}_{nlp.meta.get('name', '?')}-{nlp.meta.get('version', '?')}"


def extract_articles(
    articles: Sequence[Article], *, cfg: ExtractSettings, nlp: Language | None = None
) -> StageResult[Analysis]:
    """Run the articles through `nlp.pipe` in batches and analyse each Doc.

    nlp (Language | None): a loaded pipeline; by default the one named in `cfg`, loaded once per
        process (so a worker that runs many batches loads the model once).
    """
    if nlp is None:
        nlp = load_nlp(cfg)
    result: StageResult[Analysis] = StageResult()
    label = model_label(nlp)
    done: set[int] = set()

    def analyse(doc: Doc, i: int) -> None:
        done.add(i)
        article = articles[i]
        try:
            result.ok.append(analyse_doc(doc, article, cfg=cfg, model=label))
        except Exception as err:  # noqa: BLE001 - one article's failure must not stop the batch
            result.failed.append(
                Failure.from_error("extract", article.url or article.raw_sha256,
                                   ExtractionError(f"analysis failed: {err!r}"), article.raw_sha256)
            )

    # Each Doc is analysed as it comes out of nlp.pipe and then dropped, inside a memory zone
    # that frees the strings spaCy added for it: memory stays flat however many batches run.
    with nlp.memory_zone():
        texts = ((article.text, i) for i, article in enumerate(articles))
        try:
            for doc, i in nlp.pipe(texts, as_tuples=True, batch_size=cfg.batch_size):
                analyse(doc, i)
        except Exception:  # noqa: BLE001 - one text broke the batch: go one by one, keep the rest
            for i, article in enumerate(articles):
                if i in done:
                    continue
                try:
                    doc = nlp(article.text)
                except Exception as err:  # noqa: BLE001 - spaCy raises many types; recorded
                    result.failed.append(
                        Failure.from_error("extract", article.url or article.raw_sha256,
                                           ExtractionError(f"spaCy failed: {err!r}"), article.raw_sha256)
                    )
                    continue
                analyse(doc, i)
    return result


def analyse_doc(doc: Doc, article: Article, *, cfg: ExtractSettings, model: str | None = None) -> Analysis:
    """Mentions, dates and quotes of one parsed article."""
    starts = sentence_starts(doc)
    ends = [*starts[1:], len(doc)]
    # Token attributes read once as arrays (a Token object per access costs more than the rules)
    tokens = _TokenArrays.of(doc)
    idx, length = tokens.idx, tokens.length
    sentences = [(idx[s], idx[e - 1] + length[e - 1]) for s, e in zip(starts, ends)]
    sent_starts = [s for s, _ in sentences]
    mentions: list[Mention] = []
    dates: list[DateMention] = []
    roles = token_roles(doc)
    for ent in entities(doc):
        if ent.label_ not in ENTITY_LABELS:
            continue
        text = ent.text.strip()
        if not text or "\n" in text:
            continue
        # offsets of the stripped text, so article.text[start:end] is always the mention's text
        start = ent.start_char + len(ent.text) - len(ent.text.lstrip())
        end = start + len(text)
        sentence = bisect_right(sent_starts, start) - 1
        root = roles.root(ent.start, ent.end)
        if ent.label_ == "DATE":
            future = _speaks_of_future(doc, tokens, ent.start, root)
            iso, granularity = normalize_date(text, article.published, future=future)
            dates.append(
                DateMention(
                    text=text, start=start, end=end, sentence=sentence,
                    iso=iso, granularity=granularity, anchor=article.published if iso else None,
                    clause=_clause_of(doc, tokens, root),
                )
            )
        else:
            role, verb = roles.of_span(ent.start, ent.end)
            if root >= 0 and tokens.dep[root] in _MODIFIER_IDS:
                role = OTHER  # "U.S. officials said": the officials are the subject, not the U.S.
            mentions.append(
                Mention(text=text, label=ent.label_, start=start, end=end, sentence=sentence, role=ROLE_NAMES[role],
                        verb=idx[verb] if verb >= 0 else None)
            )
    # past of what: the publication date, else the day the article was collected (never "2029")
    now = article.published or (article.fetched_at.date() if article.fetched_at else None)
    events, gists = narrated(doc, dates, starts, published=now, max_background=BACKGROUND_KEPT,
                             openings=[item.start for item in article.items])
    return Analysis(
        article=article,
        sentences=sentences,
        mentions=mentions,
        dates=dates,
        quotes=extract_quotes(doc, min_words=cfg.min_quote_words, text=article.text),
        events=events,
        gists=gists,
        roles=role_runs(doc, roles),
        model=model,
    )


class _TokenArrays(NamedTuple):
    """Per token, as Python lists: where it starts, its length, its head, its dependency label and
    its lower-case form (string ids), and whether a child of it is a FUTURE_MARKERS word."""

    idx: list[int]
    length: list[int]
    head: list[int]
    dep: list[int]
    lower: list[int]
    future_child: list[bool]

    @classmethod
    def of(cls, doc: Doc) -> _TokenArrays:
        if not len(doc):
            return cls([], [], [], [], [], [])
        idx, length, dep, rel, lower = doc.to_array([IDX, LENGTH, DEP, HEAD, LOWER]).T
        n = len(doc)
        head = numpy.arange(n, dtype=numpy.int64) + rel.astype(numpy.int64)
        markers = numpy.isin(lower, numpy.array(sorted(_FUTURE_MARKER_IDS), dtype=numpy.uint64))
        markers &= head != numpy.arange(n)
        future_child = numpy.zeros(n, dtype=bool)
        future_child[head[markers]] = True
        return cls(idx.tolist(), length.tolist(), head.tolist(), dep.tolist(), lower.tolist(), future_child.tolist())


def _ids(words: frozenset[str]) -> frozenset[int]:
    """The string ids of `words`: the same in every Vocab (spaCy's own symbols, such as dependency
    labels, have fixed small ids; other strings, hashes of themselves)."""
    return frozenset(_STRINGS.add(word) for word in words)


_STRINGS = StringStore()

_FUTURE_BEFORE_IDS, _FUTURE_MARKER_IDS, _CLAUSE_DEP_IDS = _ids(FUTURE_BEFORE), _ids(FUTURE_MARKERS), _ids(CLAUSE_DEPS)
_MODIFIER_IDS, _RELCL, _ADVCL = _ids(MODIFIER_DEPS), _STRINGS.add("relcl"), _STRINGS.add("advcl")


BACKGROUND_MARKERS = frozenset("since because although though".split())


def _clause_of(doc: Doc, tokens: _TokenArrays, root: int) -> str:
    """'relcl' or 'advcl' when a date sits in a background clause, else 'main'.

    "Trump, who won on Wednesday, met Obama on Thursday": Wednesday is background (a relative
    clause), Thursday dates the main action; so are causes and concessions ("because the union
    struck on Monday"). Clauses of time often carry the news or share its time ("trains run again
    after the union agreed on Tuesday", "crowds cheered as the mayor opened it on Monday"), and
    purpose clauses ("gathered to celebrate the win on Wednesday") stay main.
    """
    i = root
    for _ in range(12 if i >= 0 else 0):
        if tokens.head[i] == i:
            break
        if tokens.dep[i] == _RELCL:
            return "relcl"
        if tokens.dep[i] == _ADVCL and any(
            c.dep_ in ("mark", "advmod") and c.lower_ in BACKGROUND_MARKERS for c in doc[i].children
        ):
            return "advcl"
        i = tokens.head[i]
    return "main"


def _speaks_of_future(doc: Doc, tokens: _TokenArrays, start: int, root: int) -> bool:
    """Does the DATE mention sit in a clause about the future (for weekdays without a date)?"""
    if start > 0 and tokens.lower[start - 1] in _FUTURE_BEFORE_IDS:
        return True
    i = root
    for _ in range(4 if i >= 0 else 0):
        if tokens.head[i] == i:
            break
        i = tokens.head[i]
        if tokens.lower[i] in _FUTURE_MARKER_IDS or tokens.future_child[i]:
            return True
        if tokens.dep[i] in _CLAUSE_DEP_IDS:
            break  # "trains will run after the union agreed on Tuesday": the clause has its own tense
    return False
