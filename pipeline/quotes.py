"""Attributions read from a parsed spaCy Doc: direct quotes and reported speech. Pure functions.

Kinds (`Quote.kind`):
    full       a quote, all of it in quote marks
    partial    a clause that is partly quoted ("Flynn said Trump was “absolutely right” when ...")
    reported   a clause, object or infinitive attributed without quote marks

How a direct quote's speaker is found, tried in this order (each sets `Quote.method`):
    transcript-label  "PENCE: Well, ..." at the start of a quoted paragraph
    subject-of-cue    the subject of a speech verb next to the quote: “…,” Dmitriev said.
    according-to      “…”, according to the ministry.
    surface-pattern   a speech verb and a name right beside the quote, when the parse gives none
    adjacent-verb     “…,” Dmitriev gushed: a verb with a named subject right after the quote
    epigraph          a dash and a name under or beside the quote: “…” ― Carla Sanchez
    governing-verb    the verb a quote inside a sentence depends on ("promising “jobs, jobs”")
    continuation      a quote with no cue right after a quote of a known speaker
Reported speech (`clauses`): a speech or stance verb with a subject and a clause, object,
infinitive or topic as its content, parenthetical cues ("…, he said, …"), "according to X",
speech nouns with an owner ("Trump's claim that …"), passive agents, headline lines ("Poll: …").
A pronoun or role description ("he asked", "the envoy said") resolves to the named subject of the
clause it is embedded in, else to the nearest earlier person named outside quotes; a speaker is
never a person the text does not name. Split quotes (“Shall 2029,” he asked, “be the year …”) are
one quote with two parts.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable

import numpy
from spacy.attrs import DEP, HEAD, IDX, LOWER
from spacy.tokens import Doc, Span, Token

from .doc_arrays import entities, sentence_starts
from .names import TITLE_WORDS, strip_titles
from .records import Quote

# Verbs that introduce what someone said, wrote or claimed, as lemmas; `_forms` adds the
# inflections (the tagger and lemmatizer are not loaded, so tokens are matched by their form).
SPEECH_LEMMAS = """say tell add ask write note continue explain state declare insist argue warn claim announce
    acknowledge recall reply respond tweet post stress comment observe suggest predict admit concede
    confirm emphasize emphasise remark promise urge recount quip joke testify muse wonder reiterate
    describe call report complain charge allege accuse praise criticize criticise blast slam mock
    denounce deny dismiss boast brag vow pledge assert maintain contend counter retort shout yell
    scream whisper sing chant read testify conclude find rule estimate calculate propose label dub
    reveal disclose agree disagree caution lament question demand insist""".split()
IRREGULAR_FORMS = frozenset(
    "said says saying told telling wrote written writing read sang sung found ruled spoke spoken".split()
)


def _forms(lemmas: list[str]) -> frozenset[str]:
    forms: set[str] = set(IRREGULAR_FORMS)
    for lemma in lemmas:
        stem = lemma[:-1] if lemma.endswith("e") else lemma
        third = lemma[:-1] + "ies" if lemma.endswith("y") and lemma[-2] not in "aeiou" else (
            lemma + "es" if lemma.endswith(("s", "sh", "ch", "x", "z")) else lemma + "s")
        past = lemma[:-1] + "ied" if lemma.endswith("y") and lemma[-2] not in "aeiou" else (
            lemma + "d" if lemma.endswith("e") else lemma + "ed")
        forms.update({lemma, third, past, stem + "ing"})
        if lemma[-1] in "tpgmb" and lemma[-2] in "aeiou" and lemma[-3] not in "aeiou":  # quip -> quipped
            forms.update({lemma + lemma[-1] + "ed", lemma + lemma[-1] + "ing"})
    return frozenset(forms)


SPEECH_VERBS = _forms(SPEECH_LEMMAS)
# Verbs that report a position rather than words ("refuses to release", "wants a recount",
# "called for sanctions"): attributions too, with a noun or infinitive as their content.
STANCE_LEMMAS = """believe think want plan urge refuse decline show cite support agree propose pledge expect
    find know criticize criticise attack question mention discuss defend oppose reject endorse
    recommend demand seek hope fear doubt insist intend vow threaten welcome condemn acknowledge
    argue accuse blame credit dispute challenge push favor favour back endorse express vote praise issue
    offer detail publish release disclose link promote file view rail grill outline signal pitch
    highlight chronicle document champion articulate compare liken attack cite mention""".split()
STANCE_VERBS = _forms(STANCE_LEMMAS) | frozenset("thought knew sought".split())
CONTENT_DEPS = frozenset({"ccomp"})
# Head nouns of descriptions that stand for one person named earlier ("the envoy said").
ROLE_NOUNS = frozenset(
    """envoy ambassador official spokesman spokeswoman spokesperson aide adviser advisor candidate nominee
    lawmaker congressman congresswoman banker billionaire businessman executive economist analyst
    lawyer attorney founder mayor governor senator minister president chairman chairwoman diplomat
    commander officer activist author researcher scientist professor doctor""".split()
)
# Nouns that name a source when they are a subject ("the campaign released", "the poll shows").
SOURCE_NOUNS = frozenset(
    """group campaign agency official officials spokesman spokeswoman spokesperson report poll survey study
    ad statement letter lawmakers aides critics supporters analysts experts democrats republicans police
    administration department committee court company newspaper paper network editorial board
    prosecutors investigators authorities government ministry council""".split()
)
_COLON_LINE = re.compile(r"^([A-Z][\w'’.&-]*(?: [A-Z][\w'’.&-]*){0,3}):[ \t]+(\S[^\n]{10,})$", re.M)
# Line labels that are page furniture, not sources.
NOT_SOURCE_LABELS = frozenset(
    {"update", "note", "editor's note", "related", "watch", "photo", "video", "read more", "tags", "share",
     "caption", "image", "image caption", "q", "a"}
)
CUE_NOUNS = frozenset(
    """claim claims statement assertion argument view belief promise pledge call plan proposal warning
    suggestion allegation accusation charge comment comments remark remarks insistence demand vow
    threat decision refusal request announcement admission contention position""".split()
)
# The words `_Finder.clauses` can start from, besides clause heads (all lower case).
_CLAUSE_WORDS = CUE_NOUNS | SPEECH_VERBS | STANCE_VERBS | {"according"}
TOPIC_PREPOSITIONS = frozenset({"on", "about", "against", "over", "for", "of", "by"})
ADDRESSEE_VERBS = _forms(["tell", "ask", "urge", "warn", "remind", "assure", "inform", "brief"])
STANCE_CONTENT_DEPS = frozenset({"ccomp", "xcomp", "dobj"})
PERSON_PRONOUNS = frozenset({"he", "she", "him", "her"})
GROUP_PRONOUNS = frozenset({"they", "we", "it"})
RELATIVE_PRONOUNS = frozenset({"who", "that", "which"})
SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass"})
NAME_LABELS = frozenset({"PERSON", "ORG", "NORP", "GPE"})
OPENERS = {"“": "”", "«": "»", "„": "“"}
CLOSERS = frozenset(OPENERS.values())
# Copy often mixes straight and curly marks (“…" or "…”): either closes a double-quote opening.
CLOSERS_FOR = {"“": frozenset('”"'), '"': frozenset('"”'), "«": frozenset("»"), "„": frozenset('“”"')}
# Split quotes: the words between the two parts ("he asked,") are at most this many.
SPLIT_GAP_MAX_WORDS = 8
# How many tokens after a quote an unlisted verb may stand and still be its cue.
ADJACENT_VERB_WINDOW = 5
CONFIDENCE = {
    "subject-of-cue": 0.9,
    "according-to": 0.85,
    "epigraph": 0.8,
    "adjacent-verb": 0.6,
    "continuation": 0.5,
    "transcript-label": 0.9,
    "governing-verb": 0.55,
    "reported-clause": 0.8,
    "surface-pattern": 0.7,
    "colon-line": 0.6,
}
# How many tokens next to a quote the surface pattern looks at for a speech verb and a name.
SURFACE_WINDOW = 10
PRONOUN_FACTOR = 0.85
# A reported clause that is at least this much direct quote is represented by the quote alone.
FULL_QUOTE_SHARE = 0.85
# Reported clauses shorter than this (words) are not worth recording ("he said so").
MIN_CLAUSE_WORDS = 3
_EPIGRAPH_DASH = re.compile(r"^\s*[—―–-]{1,2}\s*")
# "PENCE: Well, look, ..." at the start of a quoted transcript paragraph.
_TRANSCRIPT_LABEL = re.compile(r"^([A-Z][A-Z.'’-]+(?: [A-Z][A-Z.'’-]+){0,3}):\s")


def find_quote_parts(text: str, *, min_words: int = 2) -> list[list[tuple[int, int]]]:
    """Quoted passages of `text`, each a list of content spans (several for a split quote).

    Curly (“…”), straight ("…") and guillemet quotes are paired within a paragraph; a quote left
    open at the end of a paragraph runs to its end (the convention for multi-paragraph quotes).
    Quoted strings shorter than `min_words` words are scare quotes and are skipped.
    """
    spans: list[tuple[int, int]] = []
    start = 0
    for paragraph in text.split("\n"):
        spans.extend((start + s, start + e) for s, e in _paragraph_quotes(paragraph))
        start += len(paragraph) + 1
    spans = [_trim(text, s, e) for s, e in spans]
    spans = [(s, e) for s, e in spans if len(text[s:e].split()) >= min_words]
    return _merge_split_quotes(text, spans)


def _paragraph_quotes(paragraph: str) -> Iterable[tuple[int, int]]:
    open_at: int | None = None
    closers: frozenset[str] = frozenset()
    for i, ch in enumerate(paragraph):
        if open_at is None:
            if ch in OPENERS or ch == '"':
                open_at, closers = i + 1, CLOSERS_FOR[ch]
        elif ch in closers:
            yield open_at, i
            open_at = None
        elif ch in OPENERS and ch not in closers:
            open_at = i + 1  # an opener inside an open quote: the earlier one was never closed
    if open_at is not None and len(paragraph) - open_at > 0:
        yield open_at, len(paragraph)


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _strip_end(text: str, start: int, end: int) -> tuple[int, int]:
    """Drop punctuation that closes a clause (".", ",", ";", ":", dashes) from its end."""
    while end > start and text[end - 1] in ".,;:—–- ":
        end -= 1
    return start, end


def _merge_split_quotes(text: str, spans: list[tuple[int, int]]) -> list[list[tuple[int, int]]]:
    quotes: list[list[tuple[int, int]]] = []
    for span in spans:
        if quotes:
            prev = quotes[-1][-1]
            gap = text[prev[1] : span[0]]
            inner = gap.strip().strip("”\"“«»").strip()
            if (
                "\n" not in gap
                and (text[prev[1] - 1] == "," or inner.startswith(","))
                and inner.endswith(",")
                and 0 < len(inner.split()) <= SPLIT_GAP_MAX_WORDS
                and not any(c in inner for c in ".!?")
            ):
                quotes[-1].append(span)
                continue
        quotes.append([span])
    return quotes


def extract_quotes(doc: Doc, *, min_words: int = 2, text: str | None = None) -> list[Quote]:
    """Every direct quote in `doc` with its cue and speaker (where one can be found).

    text (str | None): the text `doc` was made from, when the caller has it (`doc.text` joins
        every token again on each access, a few milliseconds for an article).
    """
    text = doc.text if text is None else text
    parts_list = find_quote_parts(text, min_words=min_words)
    inside = sorted(span for parts in parts_list for span in parts)
    finder = _Finder(doc, inside, text)
    quotes: list[Quote] = []
    for parts in parts_list:
        quote = finder.attribute(parts)
        if quote.method == "none" and quotes:
            quote = finder.continuation(parts, quote, quotes[-1])
        quotes.append(quote)
    return _merge_clauses(quotes, finder.clauses())


def _merge_clauses(quotes: list[Quote], clauses: list[Quote]) -> list[Quote]:
    """Reported-speech clauses and direct quotes as one list of attributions, in text order.

    A clause with no quote in it is reported speech. A clause that is mostly one quote adds
    nothing (the quote is the attribution). A clause with a quote inside a longer paraphrase
    ("Flynn said Trump was “absolutely right” when ...") is a partial quote and replaces the
    quotes it contains.
    """
    replaced: set[int] = set()
    merged: list[Quote] = []
    for clause in clauses:
        span = clause.spans[0]
        inside = [i for i, q in enumerate(quotes) if _overlap_len(q.spans, span) > 0]
        if not inside:
            merged.append(clause.model_copy(update={"kind": "reported"}))
            continue
        quoted = sum(_overlap_len(quotes[i].spans, span) for i in inside)
        if quoted >= FULL_QUOTE_SHARE * (span[1] - span[0]):
            continue
        replaced.update(inside)
        merged.append(clause.model_copy(update={"kind": "partial"}))
    merged.extend(q for i, q in enumerate(quotes) if i not in replaced)
    return sorted(merged, key=lambda q: (q.spans[0][0], -q.spans[-1][1]))


def _overlap_len(spans: list[tuple[int, int]], span: tuple[int, int]) -> int:
    return sum(max(0, min(e, span[1]) - max(s, span[0])) for s, e in spans)


class _Finder:
    """Looks up tokens by character offset and knows which characters lie inside quotes."""

    def __init__(self, doc: Doc, inside: list[tuple[int, int]], text: str) -> None:
        self.doc = doc
        self.text = text
        self.starts = doc.to_array(IDX).tolist()  # one array call, not a Token object per token
        self.inside = inside
        self.inside_starts = [s for s, _ in inside]
        ents = entities(doc)
        self.persons = [e for e in ents if e.label_ == "PERSON" and not self.in_quote(e.start_char)]
        self.named = [e for e in ents if e.label_ in NAME_LABELS and not self.in_quote(e.start_char)]
        # Token.sent walks the doc on every call: look sentences up here, made when first asked for.
        self.sent_starts = sentence_starts(doc)
        self._sents: dict[int, Span] = {}

    def sent_of(self, token: Token) -> Span:
        k = bisect_right(self.sent_starts, token.i) - 1
        sent = self._sents.get(k)
        if sent is None:
            end = self.sent_starts[k + 1] if k + 1 < len(self.sent_starts) else len(self.doc)
            sent = self._sents[k] = self.doc[self.sent_starts[k] : end]
        return sent

    def in_quote(self, char: int) -> bool:
        i = bisect_right(self.inside_starts, char) - 1
        # The marks themselves count as inside: one character around the content.
        return i >= 0 and self.inside[i][0] - 1 <= char <= self.inside[i][1]

    def token_at(self, char: int) -> Token:
        i = max(0, bisect_right(self.starts, char) - 1)
        return self.doc[i]

    def _context(self, parts: list[tuple[int, int]]) -> list[Token]:
        """Tokens outside quotes in the sentences the quote touches, and the ones beside them."""
        first, last = self.sent_of(self.token_at(parts[0][0])), self.sent_of(self.token_at(max(parts[-1][1] - 1, 0)))
        sents = [first]
        if last.start != first.start:
            sents.append(last)
        text = self.text
        after = last.end
        ends_open = text[parts[-1][1] - 1 : parts[-1][1]] in (",", "?", "!", "—", "–")
        if ends_open and after < len(self.doc) and not text[parts[-1][1] : self.doc[after].idx].strip("”\"» ,"):
            sents.append(self.sent_of(self.doc[after]))  # “…,” / Dmitriev said.  split by the parser
        if first.start > 0:
            before = self.sent_of(self.doc[first.start - 1])
            if before.text.rstrip().endswith((":", ",")):
                sents.append(before)
        seen: set[int] = set()
        tokens: list[Token] = []
        for sent in sents:
            for token in sent:
                if token.i not in seen and not token.is_space and not self.in_quote(token.idx):
                    seen.add(token.i)
                    tokens.append(token)
        return tokens

    def _own_sentences(self, parts: list[tuple[int, int]]) -> set[int]:
        return {self.sent_of(self.token_at(parts[0][0])).start, self.sent_of(self.token_at(max(parts[-1][1] - 1, 0))).start}

    def _distance(self, token: Token, parts: list[tuple[int, int]]) -> int:
        return min(min(abs(token.idx - s), abs(token.idx - e)) for s, e in parts)

    def attribute(self, parts: list[tuple[int, int]]) -> Quote:
        label = _TRANSCRIPT_LABEL.match(self.text[parts[0][0] : parts[0][1]])
        if label:
            span = self.doc.char_span(parts[0][0], parts[0][0] + len(label.group(1)), alignment_mode="expand")
            if span is not None:
                return self._quote(parts, None, span, "transcript-label")
        context = self._context(parts)
        cues = [t for t in context if t.lower_ in SPEECH_VERBS and t.dep_ not in ("compound", "amod")]
        own = self._own_sentences(parts)
        cues.sort(key=lambda t: (self.sent_of(t).start not in own, self._distance(t, parts)))
        for cue in cues:
            speaker = self._subject(cue)
            if speaker is not None:
                return self._quote(parts, cue, speaker, "subject-of-cue")
        for token in context:
            if token.lower_ == "according" and token.i + 1 < len(self.doc) and self.doc[token.i + 1].lower_ == "to":
                objs = [c for c in self.doc[token.i + 1].children if c.dep_ == "pobj"]
                if objs:
                    return self._quote(parts, token, objs[0], "according-to", cue_end=token.i + 2)
        surface = self._surface(parts)
        if surface is not None:
            return self._quote(parts, surface[0], surface[1], "surface-pattern")
        end_token = self.token_at(parts[-1][1])
        for token in context:
            if 0 < token.i - end_token.i <= ADJACENT_VERB_WINDOW and token.dep_ == "ROOT":
                speaker = self._subject(token)
                if speaker is not None and (speaker.ent_type_ in ("PERSON", "ORG") or speaker.lower_ in PERSON_PRONOUNS):
                    return self._quote(parts, token, speaker, "adjacent-verb")
        epigraph = self._epigraph(parts) or self._dash_attribution(parts)
        if epigraph is not None:
            return epigraph
        governing = self._governing_verb(parts)
        if governing is not None:
            return self._quote(parts, governing[0], governing[1], "governing-verb")
        return self._quote(parts, None, None, "none")

    def clauses(self) -> list[Quote]:
        """Reported speech: a speech verb with a subject and a clause complement outside quotes
        ("Dmitriev said Russia could provide a nuclear power plant"), and "according to X, ..."."""
        found: list[Quote] = []
        ccomp_heads, object_heads, worded = self._clause_candidates()
        for i in sorted(ccomp_heads | object_heads | worded):
            token = self.doc[i]
            if self.in_quote(token.idx):
                continue
            if token.lower_ in CUE_NOUNS and any(c.dep_ == "poss" for c in token.children):
                noun = self._noun_cue(token)  # "claim", "call", "pledge" used as nouns
                if noun is not None:
                    found.append(noun)
                continue
            generic = i in ccomp_heads  # "X argues/insists/hinted that ..."
            agent = i in object_heads and self._named_agent(token)
            if token.lower_ in SPEECH_VERBS or token.lower_ in STANCE_VERBS or generic or agent:
                deps = CONTENT_DEPS if generic and not agent and token.lower_ not in SPEECH_VERBS | STANCE_VERBS else STANCE_CONTENT_DEPS
                if token.lower_ in ADDRESSEE_VERBS:
                    deps = deps - {"dobj"}  # "told reporters": the object is who was told, not what
                content = [c for c in token.children if c.dep_ in deps and not self.in_quote(c.idx)]
                if not content and token.lower_ in SPEECH_VERBS | STANCE_VERBS:
                    # "spoke about the budget", "railed against the deal": the preposition's object
                    content = [o for c in token.children if c.dep_ == "prep" and c.lower_ in TOPIC_PREPOSITIONS
                               for o in c.children if o.dep_ in ("pobj", "pcomp")][:1]
                speaker = self._subject(token) if content else None
                passive = self._passive(token)
                if passive is not None:
                    found.append(passive)
                    continue
                if speaker is None:
                    parenthetical = self._parenthetical(token)
                    if parenthetical is not None:
                        found.append(parenthetical)
                    continue
                tokens = list(content[0].subtree)
                start, end = tokens[0].idx, tokens[-1].idx + len(tokens[-1])
                start, end = _trim(self.text, start, end)
                while end > start and self.text[end - 1] in ".,;:":
                    end -= 1
                if len(self.text[start:end].split()) >= MIN_CLAUSE_WORDS and not (start <= speaker.idx < end):
                    found.append(self._quote([(start, end)], token, speaker, "reported-clause"))
            elif token.lower_ == "according" and token.i + 1 < len(self.doc) and self.doc[token.i + 1].lower_ == "to":
                objs = [c for c in self.doc[token.i + 1].children if c.dep_ == "pobj"]
                if not objs:
                    continue
                phrase = list(token.subtree)
                sent = self.sent_of(token)
                p_start, p_end = phrase[0].idx, phrase[-1].idx + len(phrase[-1])
                pieces = [_trim(self.text, sent.start_char, p_start), _trim(self.text, p_end, sent.end_char)]
                pieces = [_strip_end(self.text, s, e) for s, e in pieces]
                pieces = [(s, e) for s, e in pieces if len(self.text[s:e].strip(" ,.;:—–-").split()) >= MIN_CLAUSE_WORDS]
                if pieces:
                    found.append(self._quote(pieces, token, objs[0], "according-to", cue_end=token.i + 2))
        found.extend(self._colon_lines())
        return found

    def _clause_candidates(self) -> tuple[set[int], set[int], set[int]]:
        """The only tokens `clauses` can act on, found with array operations instead of walking
        every token's children: heads of a clausal complement, heads of an object or infinitive,
        and the cue words. RETURNS (ccomp heads, dobj/xcomp heads, cue-word tokens) as indices."""
        doc = self.doc
        if not len(doc):
            return set(), set(), set()
        strings = doc.vocab.strings
        deps, heads, lowers = doc.to_array([DEP, HEAD, LOWER]).T
        heads = numpy.arange(len(doc)) + heads.astype(numpy.int64)  # HEAD is an offset, stored unsigned
        ccomp = set(heads[deps == strings["ccomp"]].tolist())
        objects = set(heads[numpy.isin(deps, [strings["dobj"], strings["xcomp"]])].tolist())
        words = numpy.fromiter((strings[w] for w in _CLAUSE_WORDS), dtype=numpy.uint64)
        worded = set(numpy.nonzero(numpy.isin(lowers, words))[0].tolist())
        return ccomp, objects, worded

    def _passive(self, verb: Token) -> Quote | None:
        """"The claim was endorsed by dozens of papers": the agent speaks, the subject is the content."""
        if verb.lower_ not in SPEECH_VERBS | STANCE_VERBS:
            return None
        subject = next((c for c in verb.children if c.dep_ == "nsubjpass" and not self.in_quote(c.idx)), None)
        agent = next((o for c in verb.children if c.dep_ == "agent" for o in c.children if o.dep_ == "pobj"), None)
        if subject is None or agent is None or self.in_quote(agent.idx):
            return None
        tokens = list(subject.subtree)
        start, end = _trim(self.text, tokens[0].idx, tokens[-1].idx + len(tokens[-1]))
        if len(self.text[start:end].split()) < 1:
            return None
        return self._quote([(start, end)], verb, agent, "reported-clause")

    def _colon_lines(self) -> list[Quote]:
        """Headline-style attributions at the start of a line: "Poll: Wealthy voters abandon ..."."""
        found: list[Quote] = []
        for match in _COLON_LINE.finditer(self.text):
            label = match.group(1)
            if label.lower() in NOT_SOURCE_LABELS or self.in_quote(match.start(1)):
                continue
            speaker = self.doc.char_span(match.start(1), match.end(1), alignment_mode="expand")
            start, end = _trim(self.text, match.start(2), match.end(2))
            if speaker is not None and len(self.text[start:end].split()) >= MIN_CLAUSE_WORDS:
                found.append(self._quote([(start, end)], None, speaker, "colon-line"))
        return found

    def _noun_cue(self, noun: Token) -> Quote | None:
        """"Trump's claim that there have been thousands of shootings": a speech noun with its
        owner as the speaker and its clause or infinitive as the content."""
        owner = next((c for c in noun.children if c.dep_ == "poss" and not self.in_quote(c.idx)), None)
        content = next((c for c in noun.children if c.dep_ in ("acl", "ccomp") and c.i > noun.i), None)
        if owner is None or content is None or owner.lower_ in ("its",):
            return None
        tokens = list(content.subtree)
        start, end = _trim(self.text, tokens[0].idx, tokens[-1].idx + len(tokens[-1]))
        while end > start and self.text[end - 1] in ".,;:":
            end -= 1
        if len(self.text[start:end].split()) < MIN_CLAUSE_WORDS:
            return None
        return self._quote([(start, end)], noun, owner, "reported-clause")

    def _named_agent(self, verb: Token) -> bool:
        """A main verb whose subject names a person or organization and that has an object or an
        infinitive ("The group views Obama more favorably"): PolNeAR-style stance attributions."""
        if verb.dep_ not in ("ROOT", "conj") or not any(c.dep_ in ("dobj", "xcomp") for c in verb.children):
            return False
        subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)  # active voice only
        return subject is not None and (
            subject.ent_type_ in ("PERSON", "ORG") or subject.lower_ in PERSON_PRONOUNS or subject.lower_ in SOURCE_NOUNS
        )

    def _parenthetical(self, cue: Token) -> Quote | None:
        """"Back in Virginia, Mr. Clarke said, he decided to ...": the cue hangs off the clause it
        reports; the content is that clause without the cue's own words."""
        if cue.lower_ not in SPEECH_VERBS or cue.dep_ not in ("parataxis", "ccomp") or cue.head is cue:
            return None
        speaker = self._subject(cue)
        if speaker is None:
            return None
        own = {t.i for t in cue.subtree}
        tokens = [t for t in cue.head.subtree if t.i not in own]
        if not tokens:
            return None
        pieces: list[tuple[int, int]] = []
        for t in tokens:
            if pieces and t.i - 1 in {x.i for x in tokens} and self.doc[t.i - 1].idx + len(self.doc[t.i - 1]) <= t.idx:
                pieces[-1] = (pieces[-1][0], t.idx + len(t))
            else:
                pieces.append((t.idx, t.idx + len(t)))
        pieces = [_trim(self.text, s, e) for s, e in pieces]
        pieces = [(s, e) for s, e in pieces if len(self.text[s:e].strip(" ,.;:").split()) >= 1]
        if not pieces or sum(len(self.text[s:e].split()) for s, e in pieces) < MIN_CLAUSE_WORDS:
            return None
        return self._quote(pieces, cue, speaker, "reported-clause")

    def _governing_verb(self, parts: list[tuple[int, int]]) -> tuple[Token, Token] | None:
        """A quote inside a sentence ("Trump is promising “jobs, jobs, jobs”"): the nearest head
        outside the quote that has a subject, and that subject, when it names someone."""
        start, end = parts[0][0], parts[-1][1]
        inner = [t for t in self.doc[self.token_at(start).i : self.token_at(max(end - 1, 0)).i + 1]
                 if not (start <= t.head.idx < end)]
        if not inner:
            return None
        token = inner[0].head
        for _ in range(6):
            if not self.in_quote(token.idx):
                speaker = self._subject(token)
                if speaker is not None and (speaker.ent_type_ in ("PERSON", "ORG", "NORP", "GPE")
                                            or speaker.lower_ in PERSON_PRONOUNS | GROUP_PRONOUNS):
                    return token, speaker
            if token.head is token:
                return None
            token = token.head
        return None

    def _surface(self, parts: list[tuple[int, int]]) -> tuple[Token, Token | Span] | None:
        """When the parse gives no subject: a speech verb and a name or pronoun right next to the
        quote, on the same line (“…,” Tulsa police Chief Chuck Jordan said / Said Ellis: “…”)."""
        after = self._window(self.token_at(parts[-1][1]).i, +1)
        before = self._window(self.token_at(parts[0][0]).i, -1)
        for window in (after, before):
            verbs = [t for t in window if t.lower_ in SPEECH_VERBS]
            if not verbs:
                continue
            verb = verbs[0]
            names = [e for e in self.named if e.label_ in ("PERSON", "ORG") and any(e.start <= t.i < e.end for t in window)]
            pronouns = [t for t in window if t.lower_ in PERSON_PRONOUNS | GROUP_PRONOUNS]
            mentions: list[Token | Span] = [*names, *pronouns]
            if mentions:
                return verb, min(mentions, key=lambda m: abs((m.start if isinstance(m, Span) else m.i) - verb.i))
        return None

    def _window(self, start: int, step: int) -> list[Token]:
        """Up to SURFACE_WINDOW tokens from `start` in one direction, stopping at a line break,
        another quote or the end of a sentence."""
        tokens: list[Token] = []
        i = start + step
        while 0 <= i < len(self.doc) and len(tokens) < SURFACE_WINDOW:
            token = self.doc[i]
            if "\n" in token.text or token.text in ("“", "”", '"', "«", "»"):
                if tokens or token.text not in ("”", '"', "“", "»", "«"):
                    break
                i += step
                continue
            if self.in_quote(token.idx):
                break
            if token.text in (".", "?", "!", ";") and step > 0:
                break
            tokens.append(token)
            if token.text in (".", "?", "!", ";"):
                break
            i += step
        return tokens

    def _subject(self, verb: Token) -> Token | None:
        for head in (verb, verb.head if verb.dep_ in ("conj", "xcomp", "advcl") else None):
            if head is None:
                continue
            for child in head.children:
                if child.dep_ in SUBJECT_DEPS and not self.in_quote(child.idx):
                    if child.lower_ in RELATIVE_PRONOUNS and head.dep_ == "relcl":
                        return head.head
                    return child
        if verb.dep_ == "acl" and not self.in_quote(verb.head.idx):
            return verb.head  # "Dmitriev, who ..., posted to X that ..." parsed as a clause of the name
        for child in verb.rights:  # "..., said Caddell" parsed with the name as an object
            if child.i - verb.i > 3:
                break
            if child.ent_type_ in ("PERSON", "ORG") and not self.in_quote(child.idx):
                return child
        return None

    def _epigraph(self, parts: list[tuple[int, int]]) -> Quote | None:
        text = self.text
        para_start = text.rfind("\n", 0, parts[0][0]) + 1
        para_end = text.find("\n", parts[-1][1])
        if para_end == -1 or text[para_start : parts[0][0]].strip("“\"« ") or text[parts[-1][1] : para_end].strip("”\"» "):
            return None
        next_end = text.find("\n", para_end + 1)
        line = text[para_end + 1 : next_end if next_end != -1 else len(text)]
        dash = _EPIGRAPH_DASH.match(line)
        if not dash:
            return None
        line_start = para_end + 1
        for ent in self.persons:
            if line_start <= ent.start_char < line_start + len(line):
                return self._quote(parts, None, ent, "epigraph")
        name_end = line.find(",")
        name_end = name_end if name_end != -1 else len(line)
        span = self.doc.char_span(line_start + dash.end(), line_start + name_end, alignment_mode="contract")
        if span is None or not span.text.strip():
            return None
        return self._quote(parts, None, span, "epigraph")

    def _dash_attribution(self, parts: list[tuple[int, int]]) -> Quote | None:
        """“…” ― Name: a dash and a name right after the closing mark, on the same line."""
        end = parts[-1][1]
        after = self.text[end : end + 80]
        match = re.match(r"^[”\"»]?\s*[―—–]\s*", after)
        if not match:
            return None
        start = end + match.end()
        for ent in self.persons:
            if ent.start_char == start:
                return self._quote(parts, None, ent, "epigraph")
        name = re.match(r"[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){0,4}", self.text[start : start + 60])
        if not name:
            return None
        span = self.doc.char_span(start, start + len(name.group(0).rstrip(".")), alignment_mode="contract")
        return self._quote(parts, None, span, "epigraph") if span is not None and span.text else None

    def continuation(self, parts: list[tuple[int, int]], quote: Quote, previous: Quote) -> Quote:
        """A quote with no cue right after another speaker's quote, nobody named between."""
        if previous.speaker is None or previous.speaker_span is None:
            return quote
        gap_start, gap_end = previous.spans[-1][1], parts[0][0]
        if previous.speaker_span[0] >= gap_start:  # names in the previous quote's own attribution
            gap_start = max(gap_start, self.sent_of(self.token_at(previous.speaker_span[0])).end_char)
        text = self.text
        if text.count("\n", gap_start, gap_end) > 1 or len(text[gap_start:gap_end].split()) > 40:
            return quote
        names = [n for n in (previous.speaker_name, previous.speaker) if n]
        if any(
            gap_start <= e.start_char < gap_end and not _same_person(e.text, names) for e in self.persons
        ):
            return quote  # someone else is named between: the quote may be theirs
        return quote.model_copy(
            update={
                "speaker": previous.speaker,
                "speaker_span": previous.speaker_span,
                "speaker_name": previous.speaker_name,
                "method": "continuation",
                "confidence": CONFIDENCE["continuation"],
            }
        )

    def _quote(
        self,
        parts: list[tuple[int, int]],
        cue: Token | None,
        speaker: Token | Span | None,
        method: str,
        cue_end: int | None = None,
    ) -> Quote:
        text = self.text
        quote_text = " … ".join(text[s:e].rstrip(",") if i < len(parts) - 1 else text[s:e] for i, (s, e) in enumerate(parts))
        if speaker is None:
            return Quote(text=quote_text, spans=parts)
        mention = speaker if isinstance(speaker, Span) else self._mention(speaker)
        name, confidence = strip_titles(mention.text), CONFIDENCE[method]
        if mention.text.lower() in PERSON_PRONOUNS | GROUP_PRONOUNS:
            name = self._antecedent(mention)
            confidence *= PRONOUN_FACTOR
        elif _is_role_mention(mention):
            name = self._antecedent(mention, persons_only=True)  # "the envoy" -> the person named before
            confidence *= PRONOUN_FACTOR
        cue_span = None
        if cue is not None:
            end_tok = self.doc[cue_end - 1] if cue_end else cue
            cue_span = (cue.idx, end_tok.idx + len(end_tok))
        return Quote(
            text=quote_text,
            spans=parts,
            cue=text[cue_span[0] : cue_span[1]] if cue_span else None,
            cue_span=cue_span,
            speaker=mention.text,
            speaker_span=(mention.start_char, mention.end_char),
            speaker_name=name,
            method=method,
            confidence=round(confidence, 3),
        )

    def _matrix_subject(self, token: Token) -> str | None:
        """"X said he ...": the subject of the verb that the pronoun's clause complements, when it
        is a named person."""
        clause = token.head
        if token.dep_ not in SUBJECT_DEPS or clause.dep_ not in ("ccomp", "xcomp") or clause.head is clause:
            return None
        subject = next((c for c in clause.head.children if c.dep_ == "nsubj" and not self.in_quote(c.idx)), None)
        if subject is None or subject.ent_type_ != "PERSON":
            return None
        return strip_titles(self._mention(subject).text)

    def _mention(self, token: Token) -> Span:
        """The whole mention a subject token stands for: its entity, or its noun phrase."""
        if token.ent_type_:
            for ent in self.named:
                if ent.start <= token.i < ent.end:
                    return ent
        left = token.i
        for child in sorted(token.lefts, key=lambda t: -t.i):
            if child.dep_ in ("compound", "flat", "amod", "det", "poss", "nmod", "case") and child.i == left - 1:
                left = child.i
        return self.doc[left : token.i + 1]

    def _antecedent(self, pronoun: Span, *, persons_only: bool = False) -> str | None:
        """Who a pronoun or role description stands for: the named subject of the clause it is
        embedded in ("Dmitriev said he thought ..."), else the nearest person (or, for 'they'/'it',
        any name) before it, outside quotes."""
        matrix = self._matrix_subject(pronoun.root)
        if matrix is not None:
            return matrix
        pool = self.persons if persons_only or pronoun.text.lower() in PERSON_PRONOUNS else self.named
        starts = [e.start_char for e in pool]
        i = bisect_left(starts, pronoun.start_char) - 1
        return pool[i].text if i >= 0 else None


def _is_role_mention(mention: Span) -> bool:
    """"the envoy", "the Russian ambassador", "a spokeswoman": a description of one person."""
    words = mention.text.lower().split()
    return (
        len(words) >= 2
        and words[0] in ("the", "a", "an", "this", "that")
        and not any(t.ent_type_ for t in mention)
        and (words[-1] in ROLE_NOUNS or words[-1] in TITLE_WORDS)
    )


def _same_person(name: str, names: list[str]) -> bool:
    """'Dmitriev' and 'Kirill Dmitriev' name the same person here (same surname)."""
    last = name.split()[-1]
    return any(other == name or other.split()[-1] == last for other in names)
