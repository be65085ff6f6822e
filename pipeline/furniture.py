"""Page furniture in article text: what a page prints around and inside an article that is not
the article (reading times, editor's notes, "originally appeared in", "story continues below",
share and subscribe widgets, photo captions and credits). Pure regular expressions over strings.

Three kinds, each a named table:
- FURNITURE_LINE: a whole line (or sentence) that is furniture, at most FURNITURE_MAX_WORDS
  long ("Reading Time: 3 minutes", "Editor's note: ...", "This article originally appeared in
  ...", "Story continues below advertisement").
- INLINE_FURNITURE: widget text run into a paragraph by a scraper that lost the page's structure
  ("Click to share on WhatsApp (Opens in new window)", "Skip Ad Ad Loading... x Embed x Share",
  "Get daily updates directly to your inbox + Subscribe Thank you for subscribing! ...", "Image
  copyright EPA Image caption"): cut out, the text around it kept. Only widgets' fixed wording,
  never words an article could use.
- CREDIT: a photo credit, "(Melina Mara/The Washington Post)", "(Photo: Ken Blaze-USA TODAY
  Sports)", "(Reuters)" after a sentence: the sentence before it is a caption (`is_caption`).

pipeline/boilerplate.py drops furniture lines and cuts inline furniture from a page's text;
pipeline/describe.py drops furniture sentences and captions from a description.
"""

from __future__ import annotations

import re

# Longer lines are article text that may mention a widget's words ("... said in a newsletter ...").
FURNITURE_MAX_WORDS = 40
FURNITURE_LINE = re.compile(
    r"""^[\W_]*(?:
        reading\ time\s*:?\s*(?:\d+|less\ than\ a)\s*(?:min(?:ute)?s?|mins?)\b.* |
        (?:est(?:imated)?\.?\ )?(?:\d+|one|two|three|four|five)[\s-]*min(?:ute)?s?\ read\b.* |
        listen\ to\ (?:this\ )?(?:article|story)\b.* | \d+:\d\d\s*(?:min)?\ *listen |
        editor['’]?s\ note\b.* |
        (?:this|the)\ (?:article|story|piece|post|column|essay|report)\ (?:was\ )?(?:originally|first)\ (?:appeared|published|ran)\b.* |
        (?:this|the)\ (?:article|story|piece|post)\ (?:appeared|was\ published)\ (?:originally\ )?(?:in|on|at)\b.* |
        (?:originally|first)\ (?:appeared|published)\ (?:in|on|at|by)\b.* | republished\ (?:with\ permission\ )?from\b.* |
        story\ continues\ (?:below|after)\b.* | (?:article|story)\ continues\ (?:below|after)\b.* |
        continue\ reading\b.* | advertisement(?:\ [-–—·|]?\ ?(?:scroll|continue|story)\b.*)? |
        (?:click|tap)\ (?:here\ )?to\ (?:share|subscribe|sign\ up|read|listen|watch|enlarge)\b.* |
        (?:sign\ up|subscribe)\ (?:for|to)\b.{0,80} | get\ (?:\w+\ ){0,3}updates\ directly\b.* |
        (?:share|tweet|email|print)\ (?:this|on)\b.{0,60} | follow\ (?:us|\w+)\ on\ (?:twitter|x|facebook|instagram)\b.* |
        (?:image|photo|video|media|picture)\ (?:copyright|caption|credit)s?\b.* | (?:photo|image|video)s?\s*:.{0,120} |
        (?:related|recommended|most\ read|more\ stories|you\ may\ also\ like|read\ next|up\ next|watch)\s*:.{0,160} |
        (?:we\ are|we['’]re)\ (?:sorry|unable)\b.{0,80}(?:video|player|browser)\b.* |
        skip\ ad\b.* | ad\ loading\b.*
    )$""",
    re.I | re.X,
)
INLINE_FURNITURE = re.compile(
    r"""(?:
        (?:click|tap)\ to\ (?:share\ on\ \w+|email\ a\ link\ to\ a\ friend|print)(?:\ \(opens\ in\ (?:a\ )?new\ window\))? |
        \(opens\ in\ (?:a\ )?new\ window\) |
        skip\ ad(?:\ ad)?\ loading\.\.\.(?:\ x\ embed)?(?:\ x\ share)? |
        get\ (?:\w+\ ){0,3}updates\ directly\ to\ your\ inbox(?:\ \+\ subscribe)? | thank\ you\ for\ subscribing!? |
        could\ not\ subscribe,\ try\ again\ later(?:\ invalid\ email)? |
        image\ copyright\ (?:[^\s]+\ ){1,5}?image\ caption\ | ^(?:image|media)\ caption\ |
        story\ continues\ (?:below|after)\ (?:this\ )?advertisement\ ? | reading\ time:\ \d+\ minutes?\ ? |
        continue\ reading\ the\ main\ story\ ? | ^advertisement\ (?=[A-Z])
    )""",
    re.I | re.X,
)
_AGENCIES = r"AP|Reuters|AFP|UPI|Getty\ Images|EPA|PA|Bloomberg|dpa|Xinhua|Pool"
CREDIT = re.compile(
    rf"""\(\s*(?:
        (?:(?:AP|AFP|Reuters|Pool)\ )?(?i:photo|image|video|credit)s?\s*[:/]\s*[^()]{{2,80}} |
        [A-Z][^()/]{{1,60}}/\s*[A-Z][^()/]{{1,60}}(?:/[^()]{{1,40}})? |
        (?:{_AGENCIES})
    )\s*\)""",
    re.X,
)
_SPACES = re.compile(r"\s{2,}")


def is_furniture(line: str) -> bool:
    """A line or sentence that is page furniture, not article text."""
    stripped = line.strip()
    return bool(stripped) and len(stripped.split()) <= FURNITURE_MAX_WORDS and bool(FURNITURE_LINE.match(stripped))


def strip_inline_furniture(line: str) -> str:
    """`line` without the widget text run into it (the text around it kept)."""
    if not INLINE_FURNITURE.search(line):
        return line
    return _SPACES.sub(" ", INLINE_FURNITURE.sub(" ", line)).strip()


def ends_with_credit(sentence: str, *, also: tuple[str, ...] = ()) -> bool:
    """A caption: a sentence that ends with a photo credit ('... speech. (Melina Mara/The Washington
    Post)'); `also`: names that are credits in parentheses too (the article's outlet's)."""
    stripped = sentence.rstrip(" .")
    if any(stripped.endswith(f"({name})") for name in also):
        return True
    match = None
    for match in CREDIT.finditer(stripped):
        pass
    return match is not None and not stripped[match.end():].strip()


def leading_credit(sentence: str, *, also: tuple[str, ...] = ()) -> int:
    """The length of a photo credit that opens `sentence` (a caption's, run into the next sentence), or 0.
    A credit followed by a dash is an agency's dateline ("(Reuters) - ..."), not a caption's."""
    stripped = sentence.lstrip()
    named = next((len(f"({name})") for name in also if stripped.startswith(f"({name})")), 0)
    match = CREDIT.match(stripped)
    end = named or (match.end() if match else 0)
    if not end or re.match(r"\s*(?:—|–|―|--|-)", stripped[end:]):
        return 0
    return len(sentence) - len(stripped) + end
