"""The words the attribution rules look for: speech and stance verbs, speech nouns, role and
source nouns, pronouns. Word lists only; `direct` and `reported` hold the rules that use them.

Rules:
- Entries are lower case: tokens are compared by `Token.lower_`.
- Verbs are listed as lemmas and matched by their written forms (`forms`), because the tagger and
  lemmatizer are not loaded: a token's lemma is not known, its form is.
- A verb is listed once: in SPEECH_LEMMAS when it can introduce a direct quote ("said", "warned"),
  else in STANCE_LEMMAS (a position, not words: "refuses to release", "wants a recount"). Reported
  speech takes either (REPORTING_VERBS). The stance list used to repeat sixteen speech verbs and
  four of its own, and the speech list two of its own; the sets were the same, the repeats are gone.
- Every set made by `forms` also holds IRREGULAR_FORMS, whatever lemmas it is given: "said" and
  "told" count as stance verbs and as verbs of telling (ADDRESSEE_VERBS) too. The rules were
  tuned and measured with it so; it is kept.
"""

from __future__ import annotations

# Verbs that introduce what someone said, wrote or claimed.
SPEECH_LEMMAS = """say tell add ask write note continue explain state declare insist argue warn claim announce
    acknowledge recall reply respond tweet post stress comment observe suggest predict admit concede
    confirm emphasize emphasise remark promise urge recount quip joke testify muse wonder reiterate
    describe call report complain charge allege accuse praise criticize criticise blast slam mock
    denounce deny dismiss boast brag vow pledge assert maintain contend counter retort shout yell
    scream whisper sing chant read conclude find rule estimate calculate propose label dub
    reveal disclose agree disagree caution lament question demand""".split()
IRREGULAR_FORMS = frozenset(
    "said says saying told telling wrote written writing read sang sung found ruled spoke spoken".split()
)
# Verbs that report a position rather than words ("refuses to release", "wants a recount", "called
# for sanctions"): attributions too, with a noun or infinitive as their content. Speech verbs that
# also report a stance ("urge", "pledge", "criticize") are in SPEECH_LEMMAS only.
STANCE_LEMMAS = """believe think want plan refuse decline show cite support expect
    know attack mention discuss defend oppose reject endorse
    recommend seek hope fear doubt intend threaten welcome condemn
    blame credit dispute challenge push favor favour back express vote issue
    offer detail publish release link promote file view rail grill outline signal pitch
    highlight chronicle document champion articulate compare liken""".split()
# Past forms of stance verbs that `forms` cannot make.
IRREGULAR_STANCE_FORMS = frozenset("thought knew sought".split())
# A lemma ending consonant-vowel-consonant, the last one of these, doubles it: admit -> admitted,
# slam -> slammed. ("quip" is not doubled, its u counting as a vowel: "quipped" is not matched;
# kept so, as the rules were measured.)
DOUBLED_FINALS = "tpgmb"
VOWELS = "aeiou"


def forms(lemmas: list[str]) -> frozenset[str]:
    """The written forms of `lemmas` (lemma, -s, -ed, -ing, with English spelling rules), and
    every form of IRREGULAR_FORMS."""
    found: set[str] = set(IRREGULAR_FORMS)
    for lemma in lemmas:
        stem = lemma[:-1] if lemma.endswith("e") else lemma
        consonant_y = lemma.endswith("y") and lemma[-2] not in VOWELS
        third = lemma[:-1] + "ies" if consonant_y else (
            lemma + "es" if lemma.endswith(("s", "sh", "ch", "x", "z")) else lemma + "s")
        past = lemma[:-1] + "ied" if consonant_y else (lemma + "d" if lemma.endswith("e") else lemma + "ed")
        found.update({lemma, third, past, stem + "ing"})
        if lemma[-1] in DOUBLED_FINALS and lemma[-2] in VOWELS and lemma[-3] not in VOWELS:
            found.update({lemma + lemma[-1] + "ed", lemma + lemma[-1] + "ing"})
    return frozenset(found)


SPEECH_VERBS = forms(SPEECH_LEMMAS)
STANCE_VERBS = forms(STANCE_LEMMAS) | IRREGULAR_STANCE_FORMS
# Every verb that can cue reported speech.
REPORTING_VERBS = SPEECH_VERBS | STANCE_VERBS
# Verbs whose object is the person addressed ("told reporters"), not what was said.
ADDRESSEE_VERBS = forms(["tell", "ask", "urge", "warn", "remind", "assure", "inform", "brief"])
# Nouns that carry what someone said when they have an owner ("Trump's claim that ...").
CUE_NOUNS = frozenset(
    """claim claims statement assertion argument view belief promise pledge call plan proposal warning
    suggestion allegation accusation charge comment comments remark remarks insistence demand vow
    threat decision refusal request announcement admission contention position""".split()
)
# Prepositions whose object is the topic of a speech or stance verb ("spoke about the budget").
TOPIC_PREPOSITIONS = frozenset({"on", "about", "against", "over", "for", "of", "by"})
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
# Line labels that are page furniture, not sources ("Update: ...").
NOT_SOURCE_LABELS = frozenset(
    {"update", "note", "editor's note", "related", "watch", "photo", "video", "read more", "tags", "share",
     "caption", "image", "image caption", "q", "a"}
)
PERSON_PRONOUNS = frozenset({"he", "she", "him", "her"})
GROUP_PRONOUNS = frozenset({"they", "we", "it"})
RELATIVE_PRONOUNS = frozenset({"who", "that", "which"})
