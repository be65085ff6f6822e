"""The events an article narrates besides its main one, and who did what in its sentences.

The timeline cites articles as evidence, and most cited articles are written years after what they
support ("In 1991, Saudi Prince Alwaleed bin Talal purchased Trump's yacht", in a 2017 article). So
an article yields its main event (what its lead reports) and the dated past events it narrates.
A sentence's clause is such a *background* event when:

    absolute date   a DATE mention with a year in it ("in 1991", "in July 2008", "on Oct. 28, 2002",
                    "between 1993 and 1997"), in the sentence's main clause, attached to the verb
                    (not "the 1991 law", not "the most since 2008": comparisons are passed over)
    in the past     more than BACKGROUND_MIN_DAYS before publication (nearer is the main event's), or
                    before the day the article was collected when it has no publication date
    actors          at least one named person, organization, country or people in the sentence
                    (countries and peoples count half in the salience: "the two countries signed",
                    "Mexican trucks")

and candidates are ranked by salience (SALIENCE weights: named actors, an action rather than a
state, a precise date), at most `max_background` kept. Each gets a title: *who did what*, the
clause's subject, verb (with its auxiliaries, negation and particles) and object, in the order
written, without the date, appositions, relative clauses or trailing clauses (`gist`).

Everything here reads the parse (dependency labels; the tagger is not loaded, so no POS tags), so
it runs in extract, where the Doc is; the draft stage reads the results from the Analysis.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date, timedelta

from spacy.tokens import Doc, Span, Token

from .dates import timeline_date
from .records import DateMention, EventMention

BACKGROUND_MIN_DAYS = 31  # the lead's date window (lead.LEAD_DATE_WINDOW): nearer dates are the main event's
GIST_SENTENCES = 6  # sentences whose gist is kept for the main event's title (the lead is within them)
ITEM_GIST_SENTENCES = 3  # of each item of a digest, for the item's title
GIST_MAX_WORDS = 14
OBJECT_MAX_WORDS = 8
ACTOR_WEIGHTS = {"PERSON": 1.0, "ORG": 1.0, "GPE": 0.5, "NORP": 0.5}
# Salience of a background candidate (hand-set; ties go to the earlier sentence).
SALIENCE = {"actor": 1.0, "actors_counted": 3, "action": 1.0, "day": 0.5, "month": 0.3, "year": 0.0}
_YEAR = re.compile(r"\b(?:1[5-9]\d{2}|20\d{2})\b")
# Before a date, words that make it a comparison or a bound, not when the action happened.
NOT_ITS_OWN_DATE = frozenset({"since", "than", "until", "till", "by", "before", "after", "as", "through", "from"})
# How a date hangs from what it dates: "in 1991" (pobj), "Tuesday" (npadvmod), "1991" (tmod, advmod).
DATE_ATTACHMENTS = frozenset({"pobj", "npadvmod", "tmod", "advmod", "obl", "nmod"})
# The edges a date may climb to reach its verb: prepositions and the phrases of objects.
PATH_DEPS = frozenset({"pobj", "prep", "npadvmod", "tmod", "advmod", "obl", "nmod", "dobj", "attr", "dative", "oprd"})
PATH_MAX_STEPS = 7
# Clauses the main clause reports (ccomp), continues (conj, xcomp) or subordinates (advcl).
CLAUSE_LINKS = frozenset({"ccomp", "xcomp", "conj", "advcl"})
CLAUSE_MAX_STEPS = 2
BE_FORMS = frozenset({"is", "was", "were", "are", "be", "been", "being", "'s", "’s", "am"})
SUBJECTS = frozenset({"nsubj", "nsubjpass", "csubj"})
VERB_PARTS = frozenset({"aux", "auxpass", "neg", "prt"})
OBJECTS = ("dobj", "attr", "dative", "agent", "oprd", "acomp", "xcomp", "ccomp", "prep")
DROPPED = frozenset({"appos", "relcl", "acl", "punct", "advcl", "parataxis", "cc", "conj", "mark", "meta", "dep"})
# Verbs that attribute a clause ("X said", "records show"): the clause is what happened.
ATTRIBUTION_VERBS = frozenset("said says say told tells announced announces claimed claims alleged alleges "
                              "reported reports wrote writes argued argues testified testifies admitted admits "
                              "acknowledged acknowledges confirmed confirms insisted insists warned warns show "
                              "shows showed indicate indicates indicated found finds revealed reveals".split())
OBJECT_PAIRS = ("dative", "dobj")  # "lent the company $300 million": both objects
PARTNER_PREPOSITIONS = frozenset({"to", "with", "against", "from"})
NAMED = frozenset({"PERSON", "ORG", "GPE", "NORP"})
# Words a title does not end on (a cut phrase): "discussions with Musk in" -> "discussions with Musk".
DANGLING = frozenset("a an the of in on at to for with by from and or but that which who as than".split())


def narrated(doc: Doc, dates: Sequence[DateMention], sentence_starts: Sequence[int], *,
             published: date | None, max_background: int, openings: Sequence[int] = ()
             ) -> tuple[list[EventMention], dict[int, str]]:
    """The background events of a parsed article (most salient first) and the gists of its first
    sentences (and of the first ones after each of `openings`, character offsets where a digest's
    items begin). `sentence_starts` are the sentences' first tokens; `dates` the article's DATE
    mentions (extract.analyse_doc), whose `sentence` indexes those sentences."""
    ends = [*sentence_starts[1:], len(doc)]
    sentences = [doc[s:e] for s, e in zip(sentence_starts, ends)]
    wanted = set(range(min(GIST_SENTENCES, len(sentences))))
    for offset in openings:
        first = next((i for i, sent in enumerate(sentences) if sent.end_char > offset), None)
        if first is not None:
            wanted |= set(range(first, min(first + ITEM_GIST_SENTENCES, len(sentences))))
    gists = {i: text for i in sorted(wanted) if (text := gist(sentences[i], named=True))}
    found: dict[int, EventMention] = {}
    for mention in dates:
        if mention.sentence in found or not _absolute_past(mention, published):
            continue
        sent = sentences[mention.sentence]
        verb = _verb_dated(doc, sent, mention)
        if verb is None:
            continue
        named = {e.text: ACTOR_WEIGHTS[e.label_] for e in sent.ents if e.label_ in ACTOR_WEIGHTS}
        if not named:
            continue
        title = gist(sent, verb=verb, named=True) or _named_clause(sent, verb) or gist(sent, verb=verb)
        if not title:
            continue
        when, precision = timeline_date(mention.iso, mention.granularity)  # type: ignore[arg-type]
        score = (SALIENCE["actor"] * min(sum(named.values()), SALIENCE["actors_counted"])
                 + (0.0 if verb.lower_ in BE_FORMS else SALIENCE["action"]) + SALIENCE[precision])
        found[mention.sentence] = EventMention(
            sentence=mention.sentence, date=when, precision=precision, date_text=mention.text,  # type: ignore[arg-type]
            date_span=(mention.start, mention.end), title=title, score=round(score, 2))
    ranked = sorted(found.values(), key=lambda e: (-e.score, e.sentence))[:max_background]
    return ranked, gists


def _named_clause(sent: Span, verb: Token) -> str | None:
    """When the dated clause names nobody ("The dispute began in 2015, when the fund announced
    plans"), the gist of a clause of it that does (the "when" clause)."""
    for clause in verb.subtree:  # "in 2015, when ...": the clause may hang from the date
        if clause.dep_ in ("advcl", "relcl", "ccomp", "xcomp") and clause != verb:
            found = gist(sent, verb=clause, named=True)
            if found:
                return found
    return None


def _absolute_past(mention: DateMention, published: date | None) -> bool:
    """A date written with its year, of a point before the article's own time."""
    if not mention.iso or mention.clause != "main" or not _YEAR.search(mention.text):
        return False
    if mention.granularity not in ("day", "month", "year"):
        return False
    end = _period_end(mention.iso)
    return published is not None and end < published - timedelta(days=BACKGROUND_MIN_DAYS)


def _period_end(iso: str) -> date:
    """The last day of the period an ISO date names ("2008" -> 2008-12-31)."""
    if len(iso) == 4:
        return date(int(iso), 12, 31)
    if len(iso) == 7:
        year, month = int(iso[:4]), int(iso[5:7])
        return date(year + month // 12, month % 12 + 1, 1) - timedelta(days=1)
    return date.fromisoformat(iso[:10])


def _verb_dated(doc: Doc, sent: Span, mention: DateMention) -> Token | None:
    """The verb whose action the date dates: the date hangs from it, directly or through the
    phrases of its object ("In 1991, X bought Y"; "X claimed a loss of $916 million in 1995"),
    and its clause is the sentence's main one, or one the main clause reports or joins ("records
    show X sold ... in 2008", "X agreed to pay ... in 2010"). None for a comparison or a bound
    ("since 2008", "than in 1991") and for a date that describes a thing ("the 1995 tax return")."""
    span = doc.char_span(mention.start, mention.end, alignment_mode="expand")
    if span is None:
        return None
    first = span[0]
    if first.lower_ in NOT_ITS_OWN_DATE or (first.i > sent.start and doc[first.i - 1].lower_ in NOT_ITS_OWN_DATE):
        return None
    token = span.root
    if token.dep_ in ("compound", "nummod", "amod") and token.head.dep_ in SUBJECTS and _heads_clause(token.head.head):
        return token.head.head if _reported_by_main(token.head.head, sent.root) else None  # "A 2014 study found ..."
    if token.dep_ in ("compound", "nummod", "amod") and token.head.dep_ == "pobj" and token.head.head.dep_ == "prep" \
            and _heads_clause(token.head.head.head):
        token = token.head  # "In a 2013 memo, the agency suggested ...": the thing dated is when it happened
    if token.dep_ not in DATE_ATTACHMENTS:
        return None
    for _ in range(PATH_MAX_STEPS):
        if token.dep_ == "prep" and token.lower_ in NOT_ITS_OWN_DATE:
            return None
        head = token.head
        if head == token:
            return None
        if _heads_clause(head):
            return head if _reported_by_main(head, sent.root) else None
        if token.dep_ not in PATH_DEPS:
            return None
        token = head
    return None


def _heads_clause(token: Token) -> bool:
    """A verb heading a clause (no POS tags: the parse says it)."""
    return token.dep_ == "ROOT" or token.dep_ in CLAUSE_LINKS or any(c.dep_ in SUBJECTS for c in token.children)


def _reported_by_main(verb: Token, root: Token) -> bool:
    """The clause is the sentence's main one, or reached from it through clauses it reports,
    continues or subordinates (at most CLAUSE_MAX_STEPS of them)."""
    for _ in range(CLAUSE_MAX_STEPS + 1):
        if verb == root:
            return True
        if verb.dep_ not in CLAUSE_LINKS:
            return False
        verb = verb.head
    return False


def gist(sent: Span, *, verb: Token | None = None, named: bool = False) -> str | None:
    """Who did what: the clause of `verb` (by default the sentence's main verb) as a short title:
    subject, verb and object in the order written; for a speech verb, what was said. None when
    the clause has no subject (a fragment, a headline line, a quote without its speaker), or with
    `named` when its subject names nobody ("The world is moving ...")."""
    verb = verb or sent.root
    said = next((c for c in verb.children if c.dep_ == "ccomp"), None) if verb.lower_ in ATTRIBUTION_VERBS else None
    if said is not None and said.i < verb.i:  # "Trump sold the house, records show": the clause is the gist
        return gist(sent, verb=said, named=named)
    subject = next((c for c in verb.children if c.dep_ in SUBJECTS), None)
    if subject is None and verb.dep_ == "conj":
        subject = next((c for c in verb.head.children if c.dep_ in SUBJECTS), None)
    if subject is None:
        return None
    if named and not any(t.ent_type_ in NAMED for t in subject.subtree):
        return None
    keep = set(_phrase(subject, OBJECT_MAX_WORDS))
    keep |= _clause_tokens(verb, with_subject=False)
    if said is not None:  # "Dmitriev said Russia would ...": what was said is the gist's object
        keep |= _clause_tokens(said)
    return _title(sent.doc, sorted(keep))


def _clause_tokens(verb: Token, *, with_subject: bool = True) -> set[int]:
    """A clause's verb (with its auxiliaries, negation, particles), its subject, and its object:
    both objects of a giving verb, else the first of OBJECTS it has; as token indexes."""
    keep = {verb.i} | {c.i for c in verb.children if c.dep_ in VERB_PARTS}
    if with_subject:
        for c in verb.children:
            if c.dep_ in SUBJECTS:
                keep |= set(_phrase(c, OBJECT_MAX_WORDS))
    objects = [c for c in verb.children if c.dep_ in OBJECT_PAIRS and not _is_date(c)]
    if not objects:
        objects = next(([c] for dep in OBJECTS for c in verb.children
                        if c.dep_ == dep and not _is_date(c) and not (dep == "ccomp" and verb.lower_ in ATTRIBUTION_VERBS)), [])
    for obj in objects:
        keep |= set(_phrase(obj, OBJECT_MAX_WORDS))
    for c in verb.children:  # to whom, with whom, against whom: "sold a mansion to Dmitry Rybolovlev"
        if c.dep_ == "prep" and c.lower_ in PARTNER_PREPOSITIONS and any(
                g.ent_type_ in ("PERSON", "ORG", "GPE", "NORP") for g in c.subtree):
            keep |= set(_phrase(c, OBJECT_MAX_WORDS))
    return keep


def _phrase(head: Token, limit: int) -> list[int]:
    """A phrase's tokens without what hangs off it at length (appositions, relative clauses,
    clauses, lists), cut to `limit` words around its head."""
    out: list[int] = []
    stack = [head]
    while stack:
        token = stack.pop()
        if token.ent_type_ == "DATE" and token != head:
            continue
        out.append(token.i)
        stack.extend(c for c in token.children if c.dep_ not in DROPPED and not _is_date(c))
    out.sort()
    if len(out) > limit:  # keep the words nearest the head, which carries the meaning
        out = sorted(sorted(out, key=lambda i: abs(i - head.i))[:limit])
    return out


def _is_date(token: Token) -> bool:
    return token.ent_type_ == "DATE" or (token.dep_ == "prep" and any(c.ent_type_ == "DATE" for c in token.children))


def _title(doc: Doc, indexes: list[int]) -> str | None:
    """The kept tokens as a title: white space as written, quotation marks and brackets dropped,
    trailing punctuation stripped, the first letter capital; None when too short to say anything."""
    words = [doc[i] for i in indexes if not doc[i].is_space and doc[i].text not in "\"“”‘’'()[]"]
    if len(words) < 2:
        return None
    if len(words) > GIST_MAX_WORDS:
        words = words[:GIST_MAX_WORDS]
    while len(words) > 2 and words[-1].lower_ in DANGLING:
        words = words[:-1]
    text = "".join(w.text + (" " if w.whitespace_ or (k + 1 < len(words) and words[k + 1].i != w.i + 1) else "")
                   for k, w in enumerate(words)).strip()
    text = re.sub(r"\s+([,.;:!?])", r"\1", text).strip(" ,;:-—–")
    return text[:1].upper() + text[1:] if text else None
