"""Sentences, entities and clause roles of a parsed Doc read from its arrays.

Why: `doc.sents` and `doc.ents` make a Token object for every token of the document on each
call; for a 1,000-word article that cost about 3 ms a call, and extraction asked three times.
`Doc.to_array` hands the same annotations over as integers at once.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy
from spacy.attrs import DEP, ENT_IOB, ENT_TYPE, HEAD, IDX, LENGTH, SENT_START
from spacy.tokens import Doc, Span

_BEGIN, _INSIDE = 3, 1  # ENT_IOB codes: 3 = B, 1 = I, 2 = O, 0 = unset


def sentence_starts(doc: Doc) -> list[int]:
    """The token index where each sentence starts, as `doc.sents` has them; the whole doc is one
    sentence when no boundaries are set."""
    if not len(doc):
        return []
    starts = numpy.nonzero(doc.to_array(SENT_START).astype(numpy.int64) == 1)[0].tolist()
    return starts if starts and starts[0] == 0 else [0, *starts]


def entities(doc: Doc) -> list[Span]:
    """`doc.ents`: each entity runs from a B token with a label up to the next token that is not I."""
    if not len(doc):
        return []
    iob, labels = doc.to_array([ENT_IOB, ENT_TYPE]).T
    begins = numpy.nonzero((iob == _BEGIN) & (labels != 0))[0]
    if not len(begins):
        return []
    boundaries = numpy.nonzero(iob != _INSIDE)[0]
    ends = numpy.append(boundaries, len(doc))[numpy.searchsorted(boundaries, begins, side="right")]
    return [Span(doc, int(s), int(e), label=int(labels[s])) for s, e in zip(begins, ends)]


# Syntactic roles of tokens, as `token_roles` codes them.
OTHER, SUBJECT, OBJECT = 0, 1, 2
ROLE_NAMES = ("other", "subject", "object")
_SUBJECT_DEPS = ("nsubj",)
_OBJECT_DEPS = ("dobj", "dative", "attr", "oprd", "nsubjpass")  # a passive subject is what the action is done to
_CLAUSE_DEPS = ("ROOT", "ccomp", "xcomp", "advcl", "relcl", "pcomp", "acl", "parataxis")
_CLAUSE_CHILD_DEPS = ("nsubj", "nsubjpass", "aux", "auxpass", "dobj", "neg")
# Words a role passes down to: "Elon" of "Elon Musk", "Trump" of "Trump's yacht", "Putin" of
# "Trump and Putin", "Dmitriev" of "the envoy, Kirill Dmitriev"; not the "of" of "head of the fund".
_INHERIT_DEPS = ("compound", "poss", "conj", "appos", "nmod")
# Four steps down cover "Saudi Prince Alwaleed bin Talal" and "Trump's and Putin's envoys".
INHERIT_STEPS = 4


def _deps(doc: Doc, labels: tuple[str, ...]) -> numpy.ndarray:
    return numpy.array([doc.vocab.strings.add(label) for label in labels], dtype=numpy.uint64)


class TokenRoles(NamedTuple):
    """Per token: its role (OTHER, SUBJECT, OBJECT), the index of the verb it is the subject or
    object of (-1 for OTHER) and the index of its syntactic head."""

    role: numpy.ndarray
    verb: numpy.ndarray
    head: numpy.ndarray

    def of_span(self, start: int, end: int) -> tuple[int, int]:
        """(role, verb index) of the tokens [start, end): those of its root, the token whose head
        lies outside it."""
        i = self.root(start, end)
        return (int(self.role[i]), int(self.verb[i])) if i >= 0 else (OTHER, -1)

    def root(self, start: int, end: int) -> int:
        """The token of [start, end) whose head lies outside it (-1: none)."""
        for i in range(start, end):
            if not start <= self.head[i] < end or self.head[i] == i:
                return i
        return -1


def token_roles(doc: Doc) -> TokenRoles:
    """Each token's role in a clause (SUBJECT, OBJECT or OTHER) and the index of the verb it is
    the subject or object of (-1 for OTHER), read from the parser's arrays at once.

    Subjects are `nsubj` and the agent of a passive ("bought by Alwaleed"); objects are direct and
    indirect objects, attributes, passive subjects and the object of a preposition that belongs
    to a verb ("met with Musk"; "head of the fund" is not). The tagger is not loaded, so a verb
    is a token heading a clause or having a subject, auxiliary or object of its own. A role
    passes down to compounds, possessors, conjuncts and appositions (INHERIT_STEPS deep).
    """
    n = len(doc)
    role = numpy.zeros(n, dtype=numpy.int64)
    verb = numpy.full(n, -1, dtype=numpy.int64)
    if not n:
        return TokenRoles(role, verb, verb.copy())
    dep, rel = doc.to_array([DEP, HEAD]).T
    head = numpy.arange(n, dtype=numpy.int64) + rel.astype(numpy.int64)
    clause = numpy.isin(dep, _deps(doc, _CLAUSE_DEPS))
    clause[head[numpy.isin(dep, _deps(doc, _CLAUSE_CHILD_DEPS))]] = True
    pobj = dep == doc.vocab.strings.add("pobj")
    prep_of_verb = (dep[head] == doc.vocab.strings.add("prep")) & clause[head[head]]
    agent = dep[head] == doc.vocab.strings.add("agent")
    subject = numpy.isin(dep, _deps(doc, _SUBJECT_DEPS))
    obj = numpy.isin(dep, _deps(doc, _OBJECT_DEPS))
    role[subject] = SUBJECT
    verb[subject | obj] = head[subject | obj]
    role[obj] = OBJECT
    through = pobj & (agent | prep_of_verb)  # the verb is two steps up: pobj -> prep/agent -> verb
    role[through] = numpy.where(agent[through], SUBJECT, OBJECT)
    verb[through] = head[head[through]]
    inherit = numpy.isin(dep, _deps(doc, _INHERIT_DEPS))
    for _ in range(INHERIT_STEPS):
        take = inherit & (role == OTHER) & (role[head] != OTHER)
        if not take.any():
            break
        role[take] = role[head[take]]
        verb[take] = verb[head[take]]
    return TokenRoles(role, verb, head)


def role_runs(doc: Doc, roles: TokenRoles) -> list[tuple[int, int, str, int]]:
    """The subjects and objects of the doc's clauses as character spans: runs of adjacent tokens
    with one role and one verb, as (start, end, role name, where the verb starts). Any span of
    the text (a registry name found in it, not only an entity) can then be given its role."""
    keep = numpy.nonzero(roles.role != OTHER)[0]
    if not len(keep):
        return []
    idx, length = doc.to_array([IDX, LENGTH]).T
    role, verb = roles.role[keep], roles.verb[keep]
    new = numpy.ones(len(keep), dtype=bool)
    new[1:] = (numpy.diff(keep) != 1) | (role[1:] != role[:-1]) | (verb[1:] != verb[:-1])
    firsts = numpy.nonzero(new)[0]
    lasts = numpy.append(firsts[1:], len(keep)) - 1
    return [(int(idx[keep[f]]), int(idx[keep[l]] + length[keep[l]]), ROLE_NAMES[int(role[f])], int(idx[verb[f]]))
            for f, l in zip(firsts.tolist(), lasts.tolist())]
