"""Who speaks: the subject of a cue, the whole mention it stands for, and the person a pronoun or
a description refers to.

Rules:
- A cue's subject is its own subject outside quotes, else that of the verb it is joined to (conj,
  xcomp, advcl); a relative pronoun ("Varga, who said") stands for the noun its clause hangs on.
  When the parse has none: the name a clause hangs on ("Dmitriev, who ..., posted to X that ..."),
  or a person or organization at most SUBJECT_AFTER_CUE_MAX tokens after the cue ("..., said
  Caddell", parsed with the name as an object).
- A mention is the entity the subject token is part of, else its noun phrase.
- A pronoun ("he") or a role description ("the envoy") refers to the named subject of the clause it
  is embedded in ("Dmitriev said he thought ..."), else to the nearest person (for "they", "we",
  "it": any name) named before it outside quotes; when there is none, to nobody. A speaker is never
  a person the text does not name.
"""

from __future__ import annotations

from bisect import bisect_left
from typing import NamedTuple

from spacy.tokens import Span, Token

from ..names import TITLE_WORDS, strip_titles
from .context import Context
from .lexicon import GROUP_PRONOUNS, PERSON_PRONOUNS, RELATIVE_PRONOUNS, ROLE_NOUNS

SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass"})
# How far right of a cue a name parsed as its object may stand and still be its speaker.
SUBJECT_AFTER_CUE_MAX = 3
# Dependents that belong to a subject's noun phrase when they stand right before it.
MENTION_DEPS = frozenset({"compound", "flat", "amod", "det", "poss", "nmod", "case"})
DETERMINERS = frozenset({"the", "a", "an", "this", "that"})


class Speaker(NamedTuple):
    """A speaker's mention as written, the person it refers to, and whether it refers by
    pronoun or description (not by name)."""

    mention: Span
    name: str | None
    by_reference: bool


def cue_subject(ctx: Context, verb: Token) -> Token | None:
    """The token that speaks for a cue verb, or None."""
    for head in (verb, verb.head if verb.dep_ in ("conj", "xcomp", "advcl") else None):
        if head is None:
            continue
        for child in head.children:
            if child.dep_ in SUBJECT_DEPS and not ctx.in_quote(child.idx):
                if child.lower_ in RELATIVE_PRONOUNS and head.dep_ == "relcl":
                    return head.head
                return child
    if verb.dep_ == "acl" and not ctx.in_quote(verb.head.idx):
        return verb.head
    for child in verb.rights:
        if child.i - verb.i > SUBJECT_AFTER_CUE_MAX:
            break
        if child.ent_type_ in ("PERSON", "ORG") and not ctx.in_quote(child.idx):
            return child
    return None


def according_to_source(ctx: Context, token: Token) -> Token | None:
    """X in "according to X" when `token` is its "according", else None."""
    doc = ctx.doc
    if token.lower_ != "according" or token.i + 1 >= len(doc) or doc[token.i + 1].lower_ != "to":
        return None
    return next((c for c in doc[token.i + 1].children if c.dep_ == "pobj"), None)


def mention_of(ctx: Context, token: Token) -> Span:
    """The whole mention a subject token stands for: its entity, or its noun phrase."""
    if token.ent_type_:
        for ent in ctx.named:
            if ent.start <= token.i < ent.end:
                return ent
    left = token.i
    for child in sorted(token.lefts, key=lambda t: -t.i):
        if child.dep_ in MENTION_DEPS and child.i == left - 1:
            left = child.i
    return ctx.doc[left : token.i + 1]


def identify(ctx: Context, speaker: Token | Span) -> Speaker:
    """The mention a speaker token or span stands for, and who it is."""
    mention = speaker if isinstance(speaker, Span) else mention_of(ctx, speaker)
    if mention.text.lower() in PERSON_PRONOUNS | GROUP_PRONOUNS:
        return Speaker(mention, _antecedent(ctx, mention), True)
    if is_role_mention(mention):
        return Speaker(mention, _antecedent(ctx, mention, persons_only=True), True)
    return Speaker(mention, strip_titles(mention.text), False)


def is_role_mention(mention: Span) -> bool:
    """"the envoy", "the Russian ambassador", "a spokeswoman": a description of one person."""
    words = mention.text.lower().split()
    return (
        len(words) >= 2
        and words[0] in DETERMINERS
        and not any(t.ent_type_ for t in mention)
        and (words[-1] in ROLE_NOUNS or words[-1] in TITLE_WORDS)
    )


def same_person(name: str, names: list[str]) -> bool:
    """'Dmitriev' and 'Kirill Dmitriev' name the same person here (same surname)."""
    last = name.split()[-1]
    return any(other == name or other.split()[-1] == last for other in names)


def _antecedent(ctx: Context, mention: Span, *, persons_only: bool = False) -> str | None:
    matrix = _matrix_subject(ctx, mention.root)
    if matrix is not None:
        return matrix
    pool = ctx.persons if persons_only or mention.text.lower() in PERSON_PRONOUNS else ctx.named
    i = bisect_left([e.start_char for e in pool], mention.start_char) - 1
    return pool[i].text if i >= 0 else None


def _matrix_subject(ctx: Context, token: Token) -> str | None:
    """"X said he ...": the subject of the verb the mention's clause complements, when it is a
    named person."""
    clause = token.head
    if token.dep_ not in SUBJECT_DEPS or clause.dep_ not in ("ccomp", "xcomp") or clause.head is clause:
        return None
    subject = next((c for c in clause.head.children if c.dep_ == "nsubj" and not ctx.in_quote(c.idx)), None)
    if subject is None or subject.ent_type_ != "PERSON":
        return None
    return strip_titles(mention_of(ctx, subject).text)
