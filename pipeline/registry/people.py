"""The link rules between people: one person's name written several ways.

A person only ever links to a person, and look-alikes stay apart on purpose: a generational suffix
(Jr., Sr., III) tells people apart ("Donald Trump" / "Donald Trump Jr.", but see suffix-dropped), so
do two different middle initials ("George W. Bush" / "George H.W. Bush"); a surname alone ("Trump")
joins nobody; a name that fits two people joins neither, and the doubt is reported.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Mapping

from rapidfuzz import fuzz

from .graph import Edge, LinkContext, Node
from .keys import name_key
from .person_names import INITIAL_TOKEN, Person, is_name_word
from .tables import COMMON_WORDS, GOVERNMENT_ACRONYMS, NICKNAMES, NON_NAME_WORDS, PLACES

# Surnames this close (rapidfuzz ratio, 0-100) may be one spelled two ways: "McGlaughlin" / "McLaughlin"
# (95) do, "Harris" / "Harrison" (86) and "Comey" / "Comer" (80) do not.
SPELLING_SURNAME_RATIO = 90
# "RFK Jr.", "JFK": three or four capitals, then maybe a suffix.
_PERSON_INITIALS = re.compile(r"([A-Z]{3,4})(?:,?\s+(Jr|Sr|II|III|IV)\.?)?")


def _people(ctx: LinkContext) -> list[tuple[Node, Person]]:
    """The keys read as a person's name, in key order."""
    return [(n, n.person) for n in sorted(ctx.nodes.values(), key=lambda n: n.key)
            if n.kind == "person" and n.person is not None]


def given_name_variants(ctx: LinkContext) -> list[Edge]:
    """nickname, declared-nickname, middle-name: one person with the same surname and suffix.

    nickname: "Bill Barr" = "William Barr", "Chuck Schumer" = "Charles Schumer" (tables.NICKNAMES).
    declared-nickname: "Scooter Libby" = "Lewis Libby", after "Lewis 'Scooter' Libby" declared it.
    middle-name: "William P. Barr" = "William Barr": a name without middle names joins the one with
    them, unless two different middles exist ("George Bush" joins neither "George W. Bush" nor
    "George H.W. Bush", and the doubt is reported). Never through a name that fits two people."""
    buckets: dict[tuple[str, str], list[tuple[Node, Person]]] = defaultdict(list)
    for node, person in _people(ctx):
        buckets[(person.last, person.suffix)].append((node, person))
    edges: list[Edge] = []
    for bucket in buckets.values():
        if len(bucket) < 2:
            continue
        declared: dict[str, set[str]] = defaultdict(set)
        for node, person in bucket:
            for variant in node.variants:
                if variant.nickname:
                    declared[person.first].add(variant.nickname)
                    declared[variant.nickname].add(person.first)
        links: dict[tuple[str, str], str] = {}
        for i, (a, pa) in enumerate(bucket):
            for b, pb in bucket[i + 1 :]:
                rule = _person_link(pa, pb, declared)
                if rule is not None:
                    links[(a.key, b.key)] = links[(b.key, a.key)] = rule
        neighbours = {n.key: [m.key for m, _ in bucket if (n.key, m.key) in links] for n, _ in bucket}
        ambiguous = set()
        for key, near in neighbours.items():
            clash = [(x, y) for i, x in enumerate(near) for y in near[i + 1 :] if (x, y) not in links]
            if clash:
                ambiguous.add(key)
                ctx.checks.append(f"'{ctx.nodes[key].top.text}' could be " + " or ".join(
                    repr(ctx.nodes[k].top.text) for k in sorted({k for pair in clash for k in pair})) + "; not linked")
        for (a, b), rule in sorted(links.items()):
            if a < b and a not in ambiguous and b not in ambiguous:
                edges.append((a, b, rule))
    return edges


def _given_names(first: str, declared: Mapping[str, set[str]]) -> set[str]:
    return {first, *NICKNAMES.get(first, ()), *declared.get(first, set())}


def _person_link(a: Person, b: Person, declared: Mapping[str, set[str]]) -> str | None:
    """The rule that makes two people with one surname and suffix the same, or None."""
    rules = []
    if a.first != b.first:
        names_a, names_b = _given_names(a.first, declared), _given_names(b.first, declared)
        if not names_a & names_b:
            return None
        plain = {a.first, *NICKNAMES.get(a.first, ())} & {b.first, *NICKNAMES.get(b.first, ())}
        rules.append("nickname" if plain else "declared-nickname")
    if a.middles != b.middles:
        if a.middles and b.middles:
            return None
        rules.append("middle-name")
    return "+".join(rules) or "same-name"


def title_and_surname(ctx: LinkContext) -> list[Edge]:
    """titled-surname: "Justice Kagan" = "Elena Kagan" when exactly one person (as the first phase
    joined them) has that surname and is a person by evidence elsewhere (a title, a nickname):
    "Marshal Webb" joins no "Gary Webb" known only by the shape of the name. A title and a surname
    shared by several people ("President Trump") is held back: it names no one actor."""
    people: dict[str, set[str]] = defaultdict(set)
    strong: set[str] = set()
    for node, person in _people(ctx):
        people[person.last].add(ctx.actors.find(node.key))
        if node.strong:
            strong.add(ctx.actors.find(node.key))
    edges = []
    for node in sorted(ctx.nodes.values(), key=lambda n: n.key):
        surname = node.top.titled_surname
        if not surname or node.kind in ("person", "acronym"):
            continue
        if len(people.get(surname, ())) == 1:
            (root,) = people[surname]
            if root in strong:  # the surname's owner is known to be a person, not only shaped like one
                edges.append((node.key, root, "titled-surname"))
        elif len(people.get(surname, ())) > 1:
            node.hold = f"a title and a surname shared by {len(people[surname])} people"
    return edges


def initials_of_person(ctx: LinkContext) -> list[Edge]:
    """initials: "RFK Jr." = "Robert F. Kennedy Jr.", "JFK" = "John F. Kennedy": three or four
    capitals (and the same suffix) that are the initials of exactly one person's names, a person by
    evidence (a title, a middle initial or a suffix: "Homeland Security Investigations" is no
    person, so "HSI" is not its initials), when the capitals are no listed government acronym
    (tables.GOVERNMENT_ACRONYMS) and the earlier rules joined them to no other name. The capitals
    then count as a person's, not a body's."""
    people: dict[tuple[str, str], set[str]] = defaultdict(set)
    for node, person in _people(ctx):
        if not (node.strong or person.suffix or any(
            INITIAL_TOKEN.fullmatch(t) for v in node.variants for t in v.base.split()[1:-1]
        )):
            continue  # only a name known to be a person's
        for variant in node.variants:
            tokens = re.split(r"[\s-]+", variant.base.replace(",", " "))
            if person.suffix:
                tokens = tokens[:-1]
            letters = "".join("".join(c for c in t if c.isalpha()) if INITIAL_TOKEN.fullmatch(t) else t[:1]
                              for t in tokens)
            people[(letters.upper(), person.suffix)].add(ctx.actors.find(node.key))
    sizes = Counter(ctx.actors.find(key) for key in ctx.nodes)
    edges = []
    for node in sorted(ctx.nodes.values(), key=lambda n: n.key):
        match = _PERSON_INITIALS.fullmatch(node.top.text)
        if (not match or node.kind == "person" or sizes[ctx.actors.find(node.key)] > 1
                or match.group(1) in GOVERNMENT_ACRONYMS):
            continue
        suffix = (match.group(2) or "").lower()
        roots = people.get((match.group(1), suffix), set())
        if len(roots) == 1:
            edges.append((node.key, next(iter(roots)), "initials"))
            node.kind = "initials"
    return edges


def suffix_dropped(ctx: LinkContext) -> list[Edge]:
    """suffix-dropped: "Edwin Meese" = "Edwin Meese III", "Andrew Card" = "Andrew H. Card Jr.": a name
    without a generational suffix joins the one suffixed person with that given name (as written)
    and surname (middle initials may be left out), when no event lists the two together.
    "Donald Trump" / "Donald Trump Jr." are listed together (father and son); "Charles Keating"
    could be "Charles H. Keating Jr." or "Charles Keating III" (two suffixed people) and joins
    neither; "Bob Menendez" / "Robert Menendez Jr." differ in the given name as written."""
    buckets: dict[tuple[str, str], list[tuple[Node, Person]]] = defaultdict(list)
    for node, person in _people(ctx):
        buckets[(person.last, person.first)].append((node, person))
    edges = []
    for bucket in buckets.values():
        suffixed = [node for node, person in bucket if person.suffix]
        if not suffixed:
            continue
        roots = {ctx.actors.find(n.key) for n in suffixed}
        middles = {person.middles for _, person in bucket if person.suffix}
        plain = [node for node, person in bucket if not person.suffix and person.middles in middles | {()}]
        if not plain:
            continue
        if len(roots) > 1:
            ctx.checks.append(f"'{plain[0].top.text}' could be " + " or ".join(
                repr(n.top.text) for n in suffixed) + "; not linked")
            continue
        plain_roots = {ctx.actors.find(n.key) for n in plain}
        if len(plain_roots) > 1 or ctx.listed_together(plain[0].key, suffixed[0].key):
            continue
        edges.append((plain[0].key, suffixed[0].key, "suffix-dropped"))
    return edges


def _spelling_key(name: str) -> str:
    """A spelling key for transliterations: 'Sergey' = 'Sergei', 'Zelenskyy' = 'Zelensky',
    'Michelle' = 'Michele', 'Tahnoun' = 'Tahnoon' (y as i, ou and oo as u, no doubled letters)."""
    text = name.replace(" ", "").replace("y", "i").replace("oo", "u").replace("ou", "u")
    return re.sub(r"(.)\1+", r"\1", text)


def spelling_variants(ctx: LinkContext) -> list[Edge]:
    """spelling: "Sergei Lavrov" = "Sergey Lavrov", "Volodymyr Zelenskyy" = "Volodymyr Zelensky",
    "Tricia McGlaughlin" = "Tricia McLaughlin": people with as many words, the same suffix and
    middle initials (or none on one side), given names equal up to transliteration (y = i, oo = ou =
    u, no doubled letters), surnames too or a letter apart (rapidfuzz ratio >=
    SPELLING_SURNAME_RATIO), never listed together, each with one such match only (else the doubt
    is reported). "Carlo" / "Carlos", "Robert" / "Roberta", "Stephen" / "Steven", "Comey" /
    "Comer", "Harris" / "Harrison" stay apart."""
    by_first: dict[str, list[tuple[Node, Person]]] = defaultdict(list)
    for node, person in _people(ctx):
        by_first[_spelling_key(person.first)].append((node, person))
    found: dict[str, set[str]] = defaultdict(set)
    pairs = []
    for bucket in by_first.values():
        for i, (a, pa) in enumerate(bucket):
            for b, pb in bucket[i + 1 :]:
                if ctx.same_actor(a.key, b.key) or pa.suffix != pb.suffix:
                    continue
                if len(a.top.base.split()) != len(b.top.base.split()) or (
                    pa.middles and pb.middles and pa.middles != pb.middles
                ):
                    continue
                if pa.last[:1] != pb.last[:1] or not (
                    _spelling_key(pa.last) == _spelling_key(pb.last)
                    or fuzz.ratio(pa.last, pb.last) >= SPELLING_SURNAME_RATIO
                ):
                    continue
                if (pa.first, pa.last) == (pb.first, pb.last) or ctx.listed_together(a.key, b.key):
                    continue
                pairs.append((a.key, b.key))
                found[a.key].add(ctx.actors.find(b.key))
                found[b.key].add(ctx.actors.find(a.key))
    edges = []
    for a, b in pairs:
        if len(found[a]) > 1 or len(found[b]) > 1:
            ctx.checks.append(f"'{ctx.nodes[a].top.text}' / '{ctx.nodes[b].top.text}': a spelling variant of "
                              "several names; not linked")
            continue
        edges.append((a, b, "spelling"))
    return edges


def three_names(ctx: LinkContext) -> list[Edge]:
    """three-names: "Anne Gorsuch Burford" = "Anne Gorsuch" (a surname added), "Joseph Cofer Black"
    = "Cofer Black" (known by the middle name): a person written with three full names joins the one
    person written with its first two or its last two, when the extra word is another person's given
    name or surname or no word of any body's name ("Time Warner Cable", "Jeffrey Epstein Estate"
    stay apart), all are only people's names, no event lists them together, and neither name could
    be another's ("Anne Gorsuch" matching two longer names joins neither)."""
    nodes = ctx.nodes
    people = {node.key: person for node, person in _people(ctx)}
    body_words = {w for n in nodes.values() if n.kind in ("other", "acronym") for w in n.key.split()}
    candidates: dict[str, list[str]] = defaultdict(list)
    for key, person in people.items():
        tokens = nodes[key].top.base.replace(",", " ").split()
        if (len(tokens) != 3 or person.suffix
                or not all(is_name_word(t) and not INITIAL_TOKEN.fullmatch(t) for t in tokens)):
            continue
        for short, extra in ((name_key(" ".join(tokens[:2])), tokens[2]), (name_key(" ".join(tokens[1:])), tokens[0])):
            other = people.get(short)
            extra = name_key(extra)
            if (other is None or short == key or other.suffix
                    or extra in PLACES or extra in COMMON_WORDS or extra in NON_NAME_WORDS
                    or not (extra not in body_words or any(
                        k not in (short, key) and extra in (p.first, p.last) for k, p in people.items()))):
                continue
            if any(nodes[k].kind != "person" for k in ctx.members[ctx.actors.find(short)]
                   + ctx.members[ctx.actors.find(key)]):
                continue  # a person only ever links to a person
            candidates[short].append(key)
    longer_count = Counter(k for keys in candidates.values() for k in keys)
    edges = []
    for short, longer in sorted(candidates.items()):
        if len(longer) != 1 or longer_count[longer[0]] != 1 or ctx.same_actor(short, longer[0]):
            continue
        if ctx.listed_together(short, longer[0]):
            continue
        edges.append((short, longer[0], "three-names"))
    return edges
