"""The events an article narrates besides its main one, and who did what in its sentences.

The timeline cites articles as evidence, and most cited articles are written years after what they
support ("In 1991, Saudi Prince Alwaleed bin Talal purchased Trump's yacht", in a 2017 article). So
an article yields its main event (what its lead reports) and the dated past events it narrates.
A sentence's clause is such a *background* event when:

    absolute date   a DATE mention with a year in it ("in 1991", "in July 2008", "on Oct. 28, 2002",
                    "between 1993 and 1997"), attached to the verb of the sentence's main clause (or
                    of a clause it reports or joins), of a relative clause whose doer is named
                    ("MSNBC, which let him go in 2015", "the yacht, which Alwaleed bought in 1991"),
                    or of a clause of time with a named doer of its own ("after Russia seized
                    Crimea in 2014"); not "the 1991 law", not "the most since 2008": comparisons
                    are passed over
    in the past     more than BACKGROUND_MIN_DAYS before publication (nearer is the main event's), or
                    before the day the article was collected when it has no publication date
    actors          at least one named person, organization, country or people in the sentence,
                    or a pronoun doer that stands for one ("He bought the bridge in 2014"; countries
                    and peoples count half in the salience: "Mexican trucks")

and candidates are ranked by salience (SALIENCE weights: named actors, an action rather than a
state, a precise date), at most `max_background` kept. Each gets a title: *who did what*, the
clause's subject, verb (with its auxiliaries, negation and particles) and object, in the order
written, without the date, appositions, relative clauses or trailing clauses (`gist`). A title
names who: a pronoun or "the company" as the subject is the name it stands for (the nearest of its
kind in its sentence or the one before), "the two countries" the last two countries that act
before, a relative word the name it follows, a name beside a described subject is the doer ("The
head of the fund, Kirill Dmitriev, met ..."; of two subjects, the pronoun or the name), names
joined to the subject stay ("Mr. Xi and Mr. Obama"); a clause naming no one takes the title of
the clause it hangs from that does; the event's `clause` (character offsets) is where its actors
are named (pipeline/actors.py), but for the relative clauses in it that describe a name (`aside`:
"Dmitriev, who attended Harvard, ...");
a quotation is no title unless its named speaker says it ("McConnell said the country has ..."),
nor a speaker without what was said ("Mexico said"); a long phrase loses its modifiers first and is
never cut inside a name.

Everything here reads the parse (dependency labels; the tagger is not loaded, so no POS tags), so
it runs in extract, where the Doc is; the draft stage reads the results from the Analysis.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date, timedelta

from spacy.tokens import Doc, Span, Token

from .dates import period_end, timeline_date
from .doc_arrays import entities
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
_POSSESSIVE = re.compile(r"\s*['’]s?$")
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
# Nouns whose clause says what happened ("a report that Trump had a loss of $915 million in 1995",
# "news that Exxon had hidden the research in 1981"): the small model parses that clause as a
# relative one; with a subject of its own (not "which", "who", "that") it is the noun's content.
CONTENT_NOUNS = frozenset("report reports news claim claims finding findings revelation revelations allegation "
                          "allegations disclosure disclosures evidence fact word documents records".split())
RELATIVE_WORDS = frozenset({"which", "who", "whom", "that", "whose", "where", "when"})
BE_FORMS = frozenset({"is", "was", "were", "are", "be", "been", "being", "'s", "’s", "am"})
SUBJECTS = frozenset({"nsubj", "nsubjpass", "csubj"})
VERB_PARTS = frozenset({"aux", "auxpass", "neg", "prt"})
MODIFIERS = frozenset({"amod", "compound", "nummod", "advmod", "npadvmod", "poss", "quantmod"})  # cut first
PARTICLES = frozenset("apart away back down off out up over through".split())  # parsed as adverbs at times
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
ACTORS = NAMED  # the names a doer may have
WHOLE = NAMED | {"LAW", "EVENT", "FAC", "PRODUCT", "WORK_OF_ART", "LOC", "MONEY", "PERCENT", "QUANTITY"}  # never cut
# Subjects that make no title: the speaker of a quotation or its listener, and words that name
# nothing ("What happened:", "This is ...").
SPEAKERS = frozenset("i we you me us".split())
EMPTY_SUBJECTS = SPEAKERS | frozenset("what who which how this that these those".split())
SPEECH_VERBS = frozenset("recalled recalls explained explains noted notes added adds stated states tweeted "
                         "tweets commented comments replied replies".split())
QUOTED_MAX_WORDS = 2  # kept words inside quotation marks at which a gist is a quotation
# A pronoun or a described subject, and the kinds of name it stands for.
PRONOUN_KINDS = {"he": ("PERSON",), "she": ("PERSON",), "it": ("ORG", "GPE")}
DESCRIPTION_KINDS = {w: ("ORG",) for w in "company firm agency bank corporation organization".split()}
PAIR_NOUNS = frozenset({"countries", "nations", "governments"})  # "the two countries": the last two named
PAIR_SENTENCES = 3  # ... that act, in its sentence or the three before
SCENE_PREPOSITIONS = frozenset("in at from to into onto across inside within throughout near outside around through "
                               "toward towards via along over".split())
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
    ents: list[Span] | None = None
    for mention in dates:
        if mention.sentence in found or not _absolute_past(mention, published):
            continue
        sent = sentences[mention.sentence]
        verb = _verb_dated(doc, sent, mention)
        if verb is None:
            continue
        ents = entities(doc) if ents is None else ents  # Span.ents walks the whole Doc's entities each time
        named = {e.text: ACTOR_WEIGHTS[e.label_] for e in ents
                 if sent.start <= e.start < sent.end and e.label_ in ACTOR_WEIGHTS}
        if not named:  # "He bought the bridge in 2014": the name the pronoun stands for
            subject = _subject_of(verb)
            stands_for = _antecedent(subject) if subject is not None else None
            if stands_for is None:
                continue
            named = {stands_for[1]: 1.0}
        title, clause = _titled(sent, verb)
        if not title:
            continue
        while clause.dep_ in ("ccomp", "xcomp", "conj", "advcl") and clause.head != clause:
            clause = clause.head  # who reports it or goes on to it is in the event: "Trump told the Post that ..."
        when, precision = timeline_date(mention.iso, mention.granularity)  # type: ignore[arg-type]
        score = (SALIENCE["actor"] * min(sum(named.values()), SALIENCE["actors_counted"])
                 + (0.0 if verb.lower_ in BE_FORMS else SALIENCE["action"]) + SALIENCE[precision])
        found[mention.sentence] = EventMention(
            sentence=mention.sentence, date=when, precision=precision, date_text=mention.text,  # type: ignore[arg-type]
            date_span=(mention.start, mention.end), title=title, score=round(score, 2), clause=_offsets(clause),
            aside=[_offsets(t) for t in clause.subtree if t.dep_ == "relcl" and t != clause
                   and t.head.ent_type_ in ACTORS and not (t.left_edge.i <= verb.i <= t.right_edge.i)])
    ranked = sorted(found.values(), key=lambda e: (-e.score, e.sentence))[:max_background]
    return ranked, gists


def _offsets(clause: Token) -> tuple[int, int]:
    """The characters a clause (a token's subtree) spans."""
    return clause.left_edge.idx, clause.right_edge.idx + len(clause.right_edge)


def _titled(sent: Span, verb: Token) -> tuple[str | None, Token]:
    """The title of the event `verb` dates, and the verb of the clause it was read from: its own
    clause's gist when that names someone, else the clause above that does (`_doer_clause`), else
    a clause of it that does (`_named_clause`), else its own gist naming no one."""
    found = gist(sent, verb=verb, named=True)
    if found:
        return found, verb
    titled = _doer_clause(sent, verb) or (_named_clause(sent, verb) if verb.dep_ != "relcl" else None)
    return titled or (gist(sent, verb=verb), verb)


def _doer_clause(sent: Span, verb: Token) -> tuple[str, Token] | None:
    """When the dated clause names nobody but hangs from a clause that does ("MSNBC, which let him
    go in 2015"), that clause's gist and verb."""
    for _ in range(CLAUSE_MAX_STEPS):
        if verb.dep_ not in ("ccomp", "xcomp") or verb.head == verb:
            return None
        verb = verb.head
        found = gist(sent, verb=verb, named=True)
        if found:
            return found, verb
    return None


def _named_clause(sent: Span, verb: Token) -> tuple[str, Token] | None:
    """When the dated clause names nobody ("The dispute began in 2015, when the fund announced
    plans"), the gist and verb of a clause of it that does (the "when" clause)."""
    for clause in verb.subtree:  # "in 2015, when ...": the clause may hang from the date
        if clause.dep_ in ("advcl", "relcl", "ccomp", "xcomp") and clause != verb:
            found = gist(sent, verb=clause, named=True)
            if found:
                return found, clause
    return None


def _absolute_past(mention: DateMention, published: date | None) -> bool:
    """A date written with its year, of a point before the article's own time, outside a clause
    of cause, concession or bound ("since it was initiated in 1975"); of a relative clause,
    `_verb_dated` keeps only the content of a report ("a report that X had ... in 1995")."""
    if not mention.iso or mention.clause == "advcl" or not _YEAR.search(mention.text):
        return False
    if mention.granularity not in ("day", "month", "year"):
        return False
    when, precision = timeline_date(mention.iso, None)  # the period the ISO date names
    end = period_end(date.fromisoformat(when), precision)
    return published is not None and end < published - timedelta(days=BACKGROUND_MIN_DAYS)


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
    continues or subordinates (at most CLAUSE_MAX_STEPS of them), or the content of a noun of
    reporting that the main clause's phrases hold ("seized upon a report that X had ...")."""
    for _ in range(CLAUSE_MAX_STEPS + 1):
        if verb == root:
            return True
        if verb.dep_ == "relcl" and _relative_of_name(verb):
            return True  # "MSNBC, which let him go in 2015": what the named one did, wherever it is named
        if verb.dep_ == "advcl" and any(c.dep_ in SUBJECTS and c.ent_type_ in ACTORS for c in verb.children):
            return True  # "... after Russia seized Crimea in 2014": a clause of time with its own doer and date
        if verb.dep_ in ("relcl", "acl") and _content_clause(verb):
            verb = _clause_above(verb.head)
            if verb is None:
                return False
            continue
        if verb.dep_ not in CLAUSE_LINKS:
            return False
        verb = verb.head
    return False


def _relative_of_name(verb: Token) -> bool:
    """A relative clause whose doer is named: its relative word stands for a name ("MSNBC, which
    let him go in 2015", "Kalief Browder, a young man who died in June 2015"), or its own subject
    is one, or a pronoun that stands for one ("the yacht, which Alwaleed bought in 1991", "the talks
    it abandoned in 2009")."""
    subject = _subject_of(verb)
    if subject is None:
        return False
    if subject.lower_ in RELATIVE_WORDS:
        return _relative_name(verb) is not None
    return subject.ent_type_ in ACTORS or _antecedent(subject) is not None


def _relative_name(verb: Token) -> Span | None:
    """The name a relative clause's noun is: the noun itself ("MSNBC, which ..."), or the name it
    describes in apposition ("Kalief Browder, a young man who ...", "McConnell, the leader, who ...")."""
    noun, doc = verb.head, verb.doc
    relative = next((c for c in verb.children if c.lower_ in RELATIVE_WORDS), None)
    before = relative.i - 1 if relative is not None else -1
    while before >= 0 and doc[before].is_punct:
        before -= 1
    nearest = doc[before] if before >= 0 else None  # "his time on MSNBC, which ...": the name right before
    for token in (noun, noun.head if noun.dep_ == "appos" else None,
                  *(c for c in noun.children if c.dep_ == "appos"), nearest):
        if token is not None and token.ent_type_ in ACTORS:
            found = _entity_of(token)
            return doc[found.start : found.stop]
    return None


def _subject_of(verb: Token) -> Token | None:
    """The clause's subject (its head's, for a verb joined to another); of two, the pronoun or the
    name ("In 2012, again the party's nominee, she was arrested": she)."""
    subjects = [c for c in verb.children if c.dep_ in SUBJECTS]
    if not subjects and verb.dep_ == "conj":
        subjects = [c for c in verb.head.children if c.dep_ in SUBJECTS]
    if len(subjects) > 1:
        subjects.sort(key=lambda c: not (c.lower_ in PRONOUN_KINDS or c.ent_type_ in ACTORS))
    return subjects[0] if subjects else None


def _content_clause(verb: Token) -> bool:
    """'a report that Donald Trump had ...': a clause of a reporting noun, with a subject of its own."""
    return verb.head.lower_ in CONTENT_NOUNS and any(
        c.dep_ in SUBJECTS and c.lower_ not in RELATIVE_WORDS for c in verb.children)


def _clause_above(token: Token) -> Token | None:
    """The verb whose phrases hold `token` (through objects and prepositions), if near."""
    for _ in range(PATH_MAX_STEPS):
        if token.dep_ not in PATH_DEPS or token.head == token:
            return None
        token = token.head
        if _heads_clause(token):
            return token
    return None


def gist(sent: Span, *, verb: Token | None = None, named: bool = False) -> str | None:
    """Who did what: the clause of `verb` (by default the sentence's main verb) as a short title:
    subject, verb and object in the order written; for a speech verb, what was said. None when
    the clause has no subject (a fragment, a headline line, a quote without its speaker), or with
    `named` when its subject names nobody ("The world is moving ..."). A pronoun or "the company"
    as the subject is replaced by the name it stands for (`_antecedent`); a subject "I", "we" or
    "you", a quotation, or a speaker without what was said is no title ("N't worked we want to
    work with you Mitchell recalled", "Said Sanders")."""
    verb = verb or sent.root
    said = next((c for c in verb.children if c.dep_ == "ccomp"), None) if verb.lower_ in ATTRIBUTION_VERBS else None
    if said is not None and said.i < verb.i:  # "Trump sold the house, records show": the clause is the gist
        return gist(sent, verb=said, named=named) or _reported(sent, verb, said)
    subject = _subject_of(verb)
    relative = verb.dep_ == "relcl" and subject is not None and _relative_of_name(verb)
    name = _relative_name(verb) if subject is not None and subject.lower_ in RELATIVE_WORDS else None
    if name is not None:  # "MSNBC, which let him go": MSNBC let him go
        replace: tuple[list[int], str] | None = ([subject.i], name.text.strip())
    else:
        if subject is None or subject.lower_ in EMPTY_SUBJECTS:
            return None
        subject = _named_apposition(subject)
        replace = _antecedent(subject)
    if named and replace is None and not any(t.ent_type_ in NAMED for t in subject.subtree):
        return None
    keep = set(_phrase(subject, OBJECT_MAX_WORDS, subject=True))
    if not any(subject.doc[i].ent_type_ in NAMED for i in keep):  # "efforts to enact a United Nations treaty"
        keep |= {i for c in subject.children if c.dep_ in ("acl", "prep") and _names(c)
                 for i in _phrase(c, OBJECT_MAX_WORDS)}
    keep |= _clause_tokens(verb, with_subject=False)
    if said is not None:  # "Dmitriev said Russia would ...": what was said is the gist's object
        keep |= _clause_tokens(said)
    if len(keep & _quoted(sent)) >= QUOTED_MAX_WORDS:
        return None  # a quotation is what someone said, not what happened
    if said is None and verb.lower_ in ATTRIBUTION_VERBS | SPEECH_VERBS and not (
            _clause_tokens(verb, with_subject=False) - {c.i for c in verb.children if c.dep_ in VERB_PARTS} - {verb.i}):
        return None  # "Mexico said", "Said Sanders": a speaker without what was said
    order = sorted(keep)
    if relative and name is None and not _is_date(verb.head):
        # "the yacht, which Alwaleed bought": what the clause did it to is its noun, said last
        order = [i for i in order if sent.doc[i].lower_ not in RELATIVE_WORDS] + _phrase(verb.head, OBJECT_MAX_WORDS)
    return _title(sent.doc, order, replace)


def _reported(sent: Span, verb: Token, said: Token) -> str | None:
    """A quotation before its named speaker, as who said what ('"The country has changed,"
    McConnell said' -> "McConnell said the country has changed"); None when the quotation speaks
    of its speaker or its listener ("we want to work with you") or of someone unnamed ("he said")."""
    speaker = next((c for c in verb.children if c.dep_ in SUBJECTS), None)
    told = next((c for c in said.children if c.dep_ in SUBJECTS), None)
    if speaker is None or not _names(speaker) or told is None or told.lower_ in SPEAKERS | set(PRONOUN_KINDS) | {"they"}:
        return None
    who = sorted(set(_phrase(speaker, OBJECT_MAX_WORDS)) | {verb.i} | {c.i for c in verb.children if c.dep_ in VERB_PARTS})
    what = sorted(_clause_tokens(said) - set(who))
    head, rest = _title(sent.doc, who), _title(sent.doc, what)
    if head is None or rest is None:
        return None
    first = sent.doc[what[0]]
    rest = rest if first.ent_type_ or first.text == "I" else rest[:1].lower() + rest[1:]
    return " ".join(f"{head} {rest}".split()[:GIST_MAX_WORDS])


def _named_apposition(subject: Token) -> Token:
    """The name a described subject is given beside it: "The head of the fund, Kirill Dmitriev,
    propositioned ..." is Kirill Dmitriev's doing."""
    if subject.ent_type_ in ("PERSON", "ORG"):
        return subject
    for child in subject.children:
        if child.dep_ == "appos" and child.ent_type_ in ("PERSON", "ORG"):
            return child
    return subject


def _antecedent(subject: Token) -> tuple[list[int], str] | None:
    """The name a pronoun subject ("she", "it") or a described one ("the company") stands for: the
    nearest name of its kind before it in its sentence or the one before, one that is a subject
    itself first; with the subject's tokens it replaces. None when the subject is a name, is joined
    to another ("he and the fund"), is the "it" of "it is", or no name is found."""
    kinds = PRONOUN_KINDS.get(subject.lower_)
    tokens = [subject.i]
    if any(c.dep_ == "conj" for c in subject.children) or (subject.lower_ == "it" and subject.head.lower_ in BE_FORMS):
        return None
    if subject.lower_ in PAIR_NOUNS:
        return _the_two(subject)
    if kinds is None:
        kinds = DESCRIPTION_KINDS.get(subject.lower_)
        children = list(subject.children)
        if kinds is None or len(children) != 1 or children[0].lower_ != "the" or children[0].i != subject.i - 1:
            return None
        tokens = [subject.i - 1, subject.i]
    doc, start = subject.doc, subject.sent.start
    if start > 0:
        start = doc[start - 1].sent.start
    before = [e for e in doc.ents if e.label_ in kinds and start <= e.start and e.end <= tokens[0]]
    if not before:
        return None
    subjects = [e for e in before if e.root.dep_ in SUBJECTS]
    if subject.head.dep_ == "relcl":  # "urged North Korea to resume talks it abandoned": the nearest name
        subjects = []
    return tokens, _POSSESSIVE.sub("", (subjects or before)[-1].text.strip())  # "Brandt's first" names Brandt


def _the_two(subject: Token) -> tuple[list[int], str] | None:
    """"The two countries signed ...": the last two countries named acting before it (a subject or
    an object, not a scene: "apples from Washington"), in its sentence or the PAIR_SENTENCES
    before ("Mexico and the United States signed ..."); None unless there are two."""
    children = sorted(subject.children, key=lambda c: c.i)
    if [c.lower_ for c in children] != ["the", "two"] or children[-1].i != subject.i - 1:
        return None
    doc, start = subject.doc, subject.sent.start
    for _ in range(PAIR_SENTENCES):
        if start > 0:
            start = doc[start - 1].sent.start
    names: dict[str, str] = {}
    for e in doc.ents:  # places that act, not where things happen or come from ("apples from Washington")
        if e.label_ == "GPE" and start <= e.start and e.end <= children[0].i and not (
                e.root.dep_ == "pobj" and e.root.head.lower_ in SCENE_PREPOSITIONS):
            name = re.sub(r"^the\s+", "", e.text.strip(), flags=re.I)
            names.pop(name.lower(), None)
            names[name.lower()] = name  # the latest mention last
    if len(names) < 2:
        return None
    first, second = sorted(list(names.values())[-2:], key=lambda n: next(
        e.start for e in doc.ents if re.sub(r"^the\s+", "", e.text.strip(), flags=re.I) == n and e.start >= start))
    return [children[0].i, children[1].i, subject.i], f"{first} and {second}"


def _quoted(sent: Span) -> set[int]:
    """The tokens of the sentence between quotation marks."""
    inside, out = False, set()
    for token in sent:
        if token.text in ("“", "”", '"'):
            inside = token.text == "“" or (token.text == '"' and not inside)
            continue
        if inside:
            out.add(token.i)
    return out


def _clause_tokens(verb: Token, *, with_subject: bool = True) -> set[int]:
    """A clause's verb (with its auxiliaries, negation, particles), its subject, and its object:
    both objects of a giving verb, else the first of OBJECTS it has; as token indexes."""
    keep = {verb.i} | {c.i for c in verb.children if c.dep_ in VERB_PARTS
                       or (c.dep_ == "advmod" and c.lower_ in PARTICLES and c.i == verb.i + 1)}  # "fell apart"
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


def _phrase(head: Token, limit: int, *, subject: bool = False) -> list[int]:
    """A phrase's tokens without what hangs off it at length (appositions, relative clauses,
    clauses, lists), cut to `limit` words around its head, never inside a name. A subject keeps the
    names joined to it ("Mr. Xi and Mr. Obama sealed ...")."""
    depth: dict[int, int] = {}
    stack = [(head, 0)]
    joined = subject and any(c.dep_ == "conj" and _names(c) for c in head.children)
    while stack:
        token, level = stack.pop()
        if token.ent_type_ == "DATE" and token != head:
            continue
        depth[token.i] = level
        stack.extend((c, level + 1) for c in token.children if not _is_date(c) and (
            c.dep_ not in DROPPED or (joined and token == head and c.dep_ in ("conj", "cc"))))
    out = sorted(depth)
    if len(out) > limit:
        out = _cut(head, out, limit)
    return out


def _cut(head: Token, indexes: list[int], limit: int) -> list[int]:
    """A phrase cut to `limit` words: first its modifiers that name nothing ("the first draft",
    "the coal mining giant"), farthest from the head first, each with what hangs from it; then
    the words after the limit, never half a name or half a prepositional phrase, and no
    preposition or article left at its end."""
    doc, kept = head.doc, set(indexes)
    modifiers = sorted((i for i in indexes if doc[i].dep_ in MODIFIERS and i != head.i
                        and not any(t.ent_type_ in WHOLE for t in doc[i].subtree)), key=lambda i: -abs(i - head.i))
    for i in modifiers:
        if len(kept) <= limit:
            break
        if i in kept:
            kept -= {t.i for t in doc[i].subtree}
    out = sorted(kept)
    if len(out) > limit:
        out = out[:limit]
        out = sorted({j for i in out for j in _entity_of(doc[i]) if j in kept} | set(out))
        kept_now = set(out)
        # a prepositional phrase the limit cut through goes whole ("in the Polish", its port cut off)
        cut = next((k for k, i in enumerate(out) if i > head.i and doc[i].dep_ == "prep" and any(
            c.dep_ == "pobj" and c.i not in kept_now for c in doc[i].children)), None)
        if cut:
            out = out[:cut]
        while len(out) > 1 and out[-1] != head.i and doc[out[-1]].lower_ in DANGLING:
            out.pop()
    return out


def _names(token: Token) -> bool:
    return any(t.ent_type_ in NAMED for t in token.subtree)


def _entity_of(token: Token) -> range:
    """The token indexes of the name a token is part of (just the token when it is no name)."""
    if token.ent_type_ not in WHOLE:
        return range(token.i, token.i + 1)
    doc, start, end = token.doc, token.i, token.i + 1
    while start > 0 and doc[start].ent_iob_ == "I":
        start -= 1
    while end < len(doc) and doc[end].ent_iob_ == "I":
        end += 1
    return range(start, end)


def _is_date(token: Token) -> bool:
    return token.ent_type_ == "DATE" or (token.dep_ == "prep" and any(c.ent_type_ == "DATE" for c in token.children))


def _title(doc: Doc, indexes: list[int], replace: tuple[list[int], str] | None = None) -> str | None:
    """The kept tokens as a title: white space as written, quotation marks and brackets dropped,
    trailing punctuation stripped, the first letter capital; `replace` puts a name in place of some
    tokens (a pronoun's); None when too short to say anything."""
    replaced = set(replace[0]) if replace else set()
    pieces: list[tuple[int, str, str]] = []  # (token index, text, lower case)
    for i in indexes:
        if i in replaced:
            if i == replace[0][0]:  # type: ignore[index]
                pieces.append((i, replace[1], replace[1].lower()))  # type: ignore[index]
            continue
        if not doc[i].is_space and doc[i].text not in "\"“”‘’'()[]":
            word = doc[i].lower_ if pieces and doc[i].lower_ in ("the", "a", "an") else doc[i].text  # "bought The yacht"
            if word.count("(") > word.count(")") and not doc[i].whitespace_ and i + 1 < len(doc) and doc[i + 1].text == ")":
                word += ")"  # a bracket inside a word, split off by the tokenizer: "401(k" ")"
            pieces.append((i, word, doc[i].lower_))
    if len(pieces) < 2:
        return None
    pieces = pieces[:GIST_MAX_WORDS]
    while len(pieces) > 2 and pieces[-1][2] in DANGLING:
        pieces = pieces[:-1]
    last = {i: max(replace[0]) for i in replaced} if replace else {}
    text = ""
    for k, (i, word, _) in enumerate(pieces):
        end = last.get(i, i)
        text += word + (" " if doc[end].whitespace_ or (k + 1 < len(pieces) and pieces[k + 1][0] != end + 1) else "")
    text = re.sub(r"\s+([,.;:!?])", r"\1", text.strip()).strip(" ,;:-—–")
    return text[:1].upper() + text[1:] if text else None
