"""Describe: an event's description from the sentences that tell it, as an analyst would write it
down: one to three sentences about the event, nothing of the page around it. Pure.

The candidate sentences come from the caller: the lead's for an article's main event
(pipeline/lead.py), the clause's own sentence for a past event the article narrates. In order:

1. Each sentence is taken as written, then cut: its dateline ("WASHINGTON (AP) —", "Moscow (AP) —",
   "NEWPORT NEWS, Va. -": boilerplate.split_dateline_prefix; also a headline and byline run into
   the first sentence before an agency's dateline, "... By Jane Roe WASHINGTON, Nov 6 (Reuters) -"),
   widget text run into it (furniture.strip_inline_furniture) and a caption's photo credit that
   opens it.
2. Dropped: page furniture (furniture.is_furniture: "Reading Time: 3 minutes", "Editor's note:
   ...", "This article originally appeared in ...", "Story continues below"; and notes to the
   reader, "Correction: ...", "Update: ..."), captions (a sentence that ends with a photo credit,
   or that the next one opens with; the article's outlet in parentheses is a credit too), the
   writer's questions (a description says what happened), a sentence already in the description
   (a caption repeats the text), sentences of fewer than MIN_SENTENCE_WORDS words.
3. A sentence that opens on a pronoun (outside a quotation) whose antecedent is not in the
   description before it: "he", "she", "his", "her", "him" need a person named there (or a
   capitalized name that opens a sentence there, which NER may miss); "it",
   "its", "they", "their", "them" a sentence there; "I", "we", "my", "our" are the writer's, never
   the event's. The article's sentence before it is taken in first when it names the antecedent
   (a person; for "it" and "they" any name) and passes rules 1-2; otherwise the sentence is dropped.
4. Relative days are made absolute: the date mention's ISO date (pipeline/dates.py, counted from
   the publication date) or, where spaCy marked none, the phrase read against the publication
   date: "Saturday morning" -> "on March 15, 2025", "late Tuesday" -> "late on March 18, 2025",
   "yesterday" -> "on March 19, 2025", "last month" -> "in February 2025", "this year" -> "in 2025".
   A phrase with no date (no publication date to count from) is dropped. Names that hold a day
   ("Fox News Sunday", "Super Tuesday": NAMES_WITH_A_DAY), possessives ("Monday's debate"), days
   a date follows ("Sunday, Nov. 13") and days inside a quotation (the speaker's words) are left
   as written.
5. At most `max_sentences` sentences and `max_words` words (one sentence at least). When every
   candidate is dropped, the sentences of `more` (the article's next ones) are taken instead, until
   the description has MIN_DESCRIPTION_WORDS words.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date
from typing import NamedTuple

from .boilerplate import AGENCY, split_dateline_prefix
from .dates import normalize_date
from .furniture import ends_with_credit, is_furniture, leading_credit, strip_inline_furniture
from .records import Analysis
from .settings import DraftSettings

MIN_SENTENCE_WORDS = 4  # shorter sentences are labels, kickers or fragments (the lead's rule too)
MIN_DESCRIPTION_WORDS = 25  # a description from `more` stops growing here (the lead's paragraph rule)
# When nothing of a lead makes a description (all furniture, captions), this many sentences after it are tried.
LEAD_SPARE_SENTENCES = 8
# An agency's dateline this far into the first sentence ends what a scraper ran in before it (the
# headline and byline run in before "WASHINGTON, Nov 6 (Reuters) -" in the who/when set: 95 characters).
AGENCY_DATELINE_SEARCH_CHARS = 300

_PERSON_PRONOUNS = frozenset({"he", "she", "his", "her", "him", "hers"})
_THING_PRONOUNS = frozenset({"it", "its", "they", "their", "them", "theirs"})
_WRITER_PRONOUNS = frozenset({"i", "we", "my", "our", "me", "us"})
_FIRST_WORD = re.compile(r"^([A-Za-z]+)(?:['’][a-z]+)?\b")
_QUOTE_OPENING = ("“", '"', "‘", "'", "«")
_NAME_OPENING = re.compile(r"([A-Z][a-z]+)(?:\s[A-Z][a-z]+\.?){1,3}(?=\s+(?:[a-z]|—|–|-|,))")
_NOT_A_NAME = frozenset({"The", "A", "An", "This", "That", "These", "Those", "In", "On", "At", "For", "After", "Before",
                         "When", "While", "As", "If", "But", "And"})
_NOTE_OPENING = re.compile(r"^(?:correction|clarification|update[d]?|editor['’]?s\ note)\b\s*[:—–-]", re.I | re.X)
_AGENCY_DATELINE = re.compile(rf"{AGENCY}\s*(?:—|–|―|--|-)\s*(?=[A-Z“\"‘']|$)", re.X)
_DAY_NAMES = r"monday|tuesday|wednesday|thursday|friday|saturday|sunday"
_RELATIVE = re.compile(
    rf"""(?P<prep>\b(?:on|since|from|until|by)\s+)?
    (?P<phrase>
        (?:(?:last|this\s+past|this|next)\s+)?(?:{_DAY_NAMES})(?:\s+(?:morning|afternoon|evening|night))?
      | (?:yesterday|today|tonight|tomorrow)(?:\s+(?:morning|afternoon|evening|night))?
      | this\s+(?:morning|afternoon|evening) | last\s+night
      | (?:last|this|next)\s+(?:month|year)
    )\b(?!['’]s)(?!\s+(?:morning|afternoon|evening|night)['’]s)""",
    re.I | re.X,
)
# A date right after a weekday ("Sunday, Nov. 13, 2016") makes it absolute already.
_DATE_AFTER = re.compile(r",?\s+(?:\d{1,2}\b|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d)", re.I)
# After these words a date stands without "on" ("in the early hours of Wednesday", "before Monday").
_BEFORE_A_BARE_DATE = frozenset({"of", "in", "during", "before", "after", "since", "until", "till", "by", "from",
                                 "through", "between", "than", "to", "like", "as"})
# After a day, these make it the subject of its clause ("Sunday was about ...").
_VERBS_AFTER_A_SUBJECT = frozenset({"was", "is", "will", "would", "has", "had", "saw", "brought", "marked", "began",
                                    "ended", "became"})
# Words that make a day part of a name ("Super Tuesday", "Fox News Sunday", "Meet the Press"'s kin).
NAMES_WITH_A_DAY = frozenset({"super", "black", "cyber", "bloody", "good", "easter", "ash", "palm", "fat", "holy",
                              "giving", "news", "meet"})
# Quotations are the speaker's words: their days stay as said.
_QUOTED = re.compile(r"“[^”]*”|\"[^\"]*\"")
_SENTENCE_ENDS = (".", "!", "?", "…", '"', "”", "’", "'", ")", ":", ";")
# Labels a digest puts before an item's parts ("What Happened:", "Why It Matters:", "Background:").
_LABEL = re.compile(r"^(?:What|Why|How|Who|Where|When|Background|Context|Details|The Details|Bottom Line|Key Points?|"
                    r"Takeaways?|Analysis|Summary)(?:\s+[A-Z][a-z]+){0,2}\s*:\s+(?=[A-Z“\"‘'0-9$])")
_TIDY = ((re.compile(r"\s{2,}"), " "), (re.compile(r"\s+([,.;:!?])"), r"\1"), (re.compile(r"^[,;:]\s*"), ""),
         (re.compile(r",\s*([.;:!?])"), r"\1"))


class Description(NamedTuple):
    """An event's description, with the article's sentences it is made of and what was changed."""

    text: str
    sentences: list[int]
    changes: list[str]


def describe(
    analysis: Analysis, sentences: Sequence[int], *, more: Sequence[int] = (), max_sentences: int = 3,
    max_words: int = 80,
) -> Description:
    """The description of the event told in `sentences` (indexes of analysis.sentences), by the
    rules of the module docstring; `more`: sentences to take when all of `sentences` are dropped."""
    kept: dict[int, str] = {}
    changes: list[str] = []
    words = 0

    def take(i: int) -> bool:
        nonlocal words
        if len(kept) >= max_sentences:
            return False
        cleaned = _usable(analysis, i, changes)
        if cleaned is None or cleaned in kept.values():
            return True
        pronoun = _opening_pronoun(cleaned)
        if pronoun and not _has_antecedent(analysis, pronoun, list(kept)):
            before = _antecedent_sentence(analysis, i, pronoun, kept)
            if before is None:
                changes.append(f"sentence {i} dropped: it opens on '{pronoun}', whose antecedent is not in the description")
                return True
            j, text_j = before
            count_j = len(text_j.split())
            if kept and (words + count_j > max_words or len(kept) + 2 > max_sentences):
                return False
            kept[j] = text_j
            words += count_j
            changes.append(f"sentence {j} taken in: it names whom '{pronoun}' in sentence {i} refers to")
        count = len(cleaned.split())
        if kept and (words + count > max_words or len(kept) >= max_sentences):
            return False
        kept[i] = cleaned
        words += count
        return True

    for i in sentences:
        if not take(i):
            break
    if not kept:
        for i in more:
            if not take(i) or words >= MIN_DESCRIPTION_WORDS:
                break
    order = sorted(kept)
    return Description(" ".join(kept[i] for i in order), order, changes)


def describe_lead(analysis: Analysis, lead: Sequence[int], *, cfg: DraftSettings) -> Description:
    """The description of an article's main event: its lead (pipeline/lead.py), by the rules above,
    within the lead's limits; when nothing of the lead is left, the sentences after it."""
    after = range(lead[-1] + 1 if lead else 0, len(analysis.sentences))[:LEAD_SPARE_SENTENCES]
    return describe(analysis, lead, more=after, max_sentences=cfg.max_lead_sentences, max_words=cfg.max_lead_words)


def _usable(analysis: Analysis, index: int, changes: list[str]) -> str | None:
    """Sentence `index` cut and made absolute (rules 1 and 4), or None when rule 2 drops it."""
    if not 0 <= index < len(analysis.sentences):
        return None
    start, end = analysis.sentences[index]
    text = analysis.article.text
    sentence = text[start:end]
    following = analysis.sentences[index + 1] if index + 1 < len(analysis.sentences) else None
    outlet = (analysis.article.outlet,) if analysis.article.outlet else ()
    if ends_with_credit(sentence, also=outlet) or (following and leading_credit(text[following[0]:following[1]], also=outlet)):
        changes.append(f"sentence {index} dropped: a photo caption")
        return None
    sentence = _absolute_days(analysis, index, sentence, changes)
    cut = leading_credit(sentence, also=outlet)
    sentence = split_dateline_prefix(sentence[cut:].strip().lstrip("-–—― "))[1]
    agency = _AGENCY_DATELINE.search(sentence, 0, AGENCY_DATELINE_SEARCH_CHARS)
    if agency:
        sentence = sentence[agency.end():]
    sentence = strip_inline_furniture(sentence)
    label = _LABEL.match(sentence)
    if label:  # a digest's label before what it says: "What Happened: Trump signed ..."
        sentence = sentence[label.end():]
    for pattern, replacement in _TIDY:
        sentence = pattern.sub(replacement, sentence)
    sentence = sentence.strip()
    if is_furniture(sentence) or _NOTE_OPENING.match(sentence):
        changes.append(f"sentence {index} dropped: page furniture")
        return None
    if sentence.endswith("?") and not sentence.startswith(_QUOTE_OPENING):
        changes.append(f"sentence {index} dropped: a question, not what happened")
        return None
    if len(sentence.split()) < MIN_SENTENCE_WORDS:
        return None
    if not sentence.endswith(_SENTENCE_ENDS):
        sentence += "."  # a headline line before what follows: "... and more risk. Trump signed ..."
    return sentence[0].upper() + sentence[1:]


def _absolute_days(analysis: Analysis, index: int, sentence: str, changes: list[str]) -> str:
    """Rule 4: the sentence with its relative days written as dates (or dropped)."""
    start = analysis.sentences[index][0]
    published = analysis.article.published
    mentions = [d for d in analysis.dates if d.sentence == index and d.iso]
    quoted = [m.span() for m in _QUOTED.finditer(sentence)]
    pieces: list[str] = []
    last = 0
    for match in _RELATIVE.finditer(sentence):
        at, until = start + match.start("phrase"), start + match.end("phrase")
        if _is_a_name(analysis, at, until, sentence, match) or match["phrase"].isupper() or (
                _DATE_AFTER.match(sentence, match.end()) and " " not in match["phrase"]) or any(
                a <= match.start() < b for a, b in quoted):
            continue  # "USA TODAY": capitals are a name; a quotation keeps its words
        mention = next((d for d in mentions if d.start < until and at < d.end), None)
        if mention is not None and mention.granularity in ("day", "month", "year"):
            iso, granularity = mention.iso, mention.granularity
        else:
            future = bool(re.search(r"\b(?:will|would|is\ set\ to|plans?\ to)\b", sentence, re.X))
            iso, granularity = normalize_date(match["phrase"], published, future=future) if published else (None, None)
        bare = _needs_no_preposition(sentence, match)
        written = _written(iso, granularity, match["prep"], bare=bare)
        if written is None and iso is not None:
            continue  # a week, or another span no one date names: left as written
        pieces += [sentence[last:match.start()], written or ""]
        last = match.end()
        changes.append(f"'{match.group().strip()}' in sentence {index} " +
                       (f"written as '{written}'" if written else "dropped: no date to count it from"))
    if not pieces:
        return sentence
    result = "".join(pieces) + sentence[last:]
    return result[0].upper() + result[1:] if result[:1].islower() and sentence[:1].isupper() else result


def _is_a_name(analysis: Analysis, at: int, until: int, sentence: str, match: re.Match) -> bool:
    """A day inside a name: a name spaCy marked over it ("Fox News Sunday"), or one of NAMES_WITH_A_DAY
    ("Super Tuesday", "Black Friday")."""
    if any(m.start < until and at < m.end for m in analysis.mentions):
        return True
    before = sentence[: match.start("phrase")].rstrip().rsplit(None, 1)
    return bool(before) and before[-1].lower() in NAMES_WITH_A_DAY


def _needs_no_preposition(sentence: str, match: re.Match) -> bool:
    """The date stands without "on"/"in": after a preposition ("the early hours of Wednesday"), or
    as the subject of its clause ("Sunday was about ...")."""
    if match["prep"]:
        return False
    before = sentence[: match.start()].rstrip().rsplit(None, 1)
    after = sentence[match.end():].lstrip().split(None, 1)
    return bool(before and before[-1].lower() in _BEFORE_A_BARE_DATE) or bool(
        after and after[0].lower() in _VERBS_AFTER_A_SUBJECT)


def _written(iso: str | None, granularity: str | None, prep: str | None, *, bare: bool = False) -> str | None:
    """'on March 15, 2025' (a day), 'in February 2025' (a month), 'in 2025' (a year), keeping the
    preposition written before it ("since last month" -> "since February 2025"), none where `bare`;
    None when the ISO date is no day, month or year."""
    if iso is None or granularity not in ("day", "month", "year"):
        return None
    parts = [int(p) for p in iso.split("-")]
    when = date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)
    text = {"day": f"{when:%B} {when.day}, {when.year}", "month": f"{when:%B} {when.year}", "year": f"{when.year}"}[granularity]
    keep = (prep or "").strip().lower()
    if bare:
        return f"{text} "
    default = "on" if granularity == "day" else "in"
    return f"{keep if keep in ('since', 'from', 'until', 'by') else default} {text} "


def _opening_pronoun(sentence: str) -> str | None:
    """The pronoun a sentence opens on (lower case), or None (a quotation opens on its speaker's)."""
    if sentence.startswith(_QUOTE_OPENING):
        return None
    match = _FIRST_WORD.match(sentence)
    word = match.group(1) if match else ""
    if word != "I" and not (word[:1].isupper() and word[1:].islower()):
        return None  # "US", "IT": capitals are names
    word = word.lower()
    return word if word in _PERSON_PRONOUNS | _THING_PRONOUNS | _WRITER_PRONOUNS else None


def _has_antecedent(analysis: Analysis, pronoun: str, before: list[int]) -> bool:
    """Whether the description's sentences `before` hold what `pronoun` may refer to."""
    if pronoun in _WRITER_PRONOUNS or not before:
        return False
    return pronoun in _THING_PRONOUNS or _names_a_person(analysis, set(before))


def _names_a_person(analysis: Analysis, sentences: set[int]) -> bool:
    """A person named in `sentences`: a PERSON mention, a person of the registry, or a name the
    parser missed that opens a sentence as its subject ("Mehmet Oz — surgeon and TV star — has ...")."""
    if any(m.label == "PERSON" and m.sentence in sentences for m in analysis.mentions):
        return True
    spans = [analysis.sentences[i] for i in sentences]
    if any(a.actor_type == "person" and any(s <= a.start < e for s, e in spans) for a in analysis.actors):
        return True
    text = analysis.article.text
    return any((m := _NAME_OPENING.match(text, s, e)) and m.group(1) not in _NOT_A_NAME for s, e in spans)


def _antecedent_sentence(analysis: Analysis, index: int, pronoun: str, kept: dict[int, str]) -> tuple[int, str] | None:
    """The article's sentence before `index`, when it names what `pronoun` refers to and is usable."""
    j = index - 1
    if j < 0 or j in kept or pronoun in _WRITER_PRONOUNS:
        return None
    names = _names_a_person(analysis, {j}) if pronoun in _PERSON_PRONOUNS else any(
        m.sentence == j and m.label in ("PERSON", "ORG", "GPE", "NORP", "FAC", "PRODUCT", "EVENT") for m in analysis.mentions)
    if not names:
        return None
    cleaned = _usable(analysis, j, [])
    if cleaned is None or _opening_pronoun(cleaned) or cleaned in kept.values():
        return None
    return j, cleaned
