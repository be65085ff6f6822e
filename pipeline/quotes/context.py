"""What every attribution rule reads about one document, and what a rule hands back.

`Context` is built once per document and passed to plain functions (the rules in `direct` and
`reported`); `Finding` is what a rule found, before it becomes a `Quote`. Rules:
- A character is in a quote from the quote's first content character up to and including the
  character after its content (the closing mark). The opening mark is outside: the old check
  meant to take it in (`start - 1 <= char`) could never apply to the quote found by the lookup,
  and is gone; the rules were tuned with this behaviour.
- `persons` and `named` are the entities outside quotes: a speaker is someone the article names
  in its own voice, not someone a quote mentions.
- Tokens and sentences are looked up by offset from the Doc's arrays, each sentence Span made the
  first time it is asked for: `Token.sent` and `doc.sents` walk the whole doc on every call.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field

from spacy.attrs import IDX
from spacy.tokens import Doc, Span, Token

from ..doc_arrays import entities, sentence_starts
from ..records import Quote
from .marks import Part

# Entity labels that can name a speaker.
NAME_LABELS = frozenset({"PERSON", "ORG", "NORP", "GPE"})


@dataclass(frozen=True)
class Context:
    """One parsed document, its text, and the spans of its direct quotes (sorted)."""

    doc: Doc
    text: str
    quoted: list[Part]
    quoted_starts: list[int]
    token_starts: list[int]
    sentence_starts: list[int]
    persons: list[Span]
    named: list[Span]
    sentences: dict[int, Span] = field(default_factory=dict, compare=False, repr=False)

    @classmethod
    def build(cls, doc: Doc, quoted: list[Part], text: str) -> Context:
        """The context of `doc`, read from its arrays once."""
        quoted_starts = [s for s, _ in quoted]
        ents = [e for e in entities(doc) if not _inside(quoted, quoted_starts, e.start_char)]
        return cls(
            doc=doc,
            text=text,
            quoted=quoted,
            quoted_starts=quoted_starts,
            token_starts=doc.to_array(IDX).tolist(),  # one array call, not a Token object per token
            sentence_starts=sentence_starts(doc),
            persons=[e for e in ents if e.label_ == "PERSON"],
            named=[e for e in ents if e.label_ in NAME_LABELS],
        )

    def in_quote(self, char: int) -> bool:
        """Is the character at `char` inside a direct quote (see the module for the marks)?"""
        return _inside(self.quoted, self.quoted_starts, char)

    def token_at(self, char: int) -> Token:
        """The token that covers `char` (or the one before the gap it falls in)."""
        return self.doc[max(0, bisect_right(self.token_starts, char) - 1)]

    def sent_of(self, token: Token) -> Span:
        """The sentence `token` is in."""
        k = bisect_right(self.sentence_starts, token.i) - 1
        sent = self.sentences.get(k)
        if sent is None:
            end = self.sentence_starts[k + 1] if k + 1 < len(self.sentence_starts) else len(self.doc)
            sent = self.sentences[k] = self.doc[self.sentence_starts[k] : end]
        return sent


def _inside(quoted: list[Part], starts: list[int], char: int) -> bool:
    i = bisect_right(starts, char) - 1  # the last quote whose content starts at or before `char`
    return i >= 0 and char <= quoted[i][1]


@dataclass(frozen=True)
class Finding:
    """What a rule found: the content spans, the speaker's mention (a token stands for its whole
    mention) and the cue word (`cue_end`: the token after a cue of several words, "according to").
    A speaker carried over from an earlier quote (`speaker_of`) is taken as that quote has it."""

    spans: list[Part]
    speaker: Token | Span | None
    cue: Token | None = None
    cue_end: int | None = None
    speaker_of: Quote | None = None
