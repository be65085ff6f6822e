"""Corpora for benchmarks: a generated one (HTML pages of 500-1,500 words with page boilerplate),
and the real news of ../shared/gold as a JSONL dump.

Every sentence of the generated corpus comes from templates written for this project, filled
with invented names, so it can be as large as a benchmark needs and is the same for the same
seed. The gold dump is written to a temporary folder only: those texts are their publishers'.
"""

from __future__ import annotations

import json
import random
from pathlib import Path

FIRST = "Ada Bram Cora Dmitri Elin Farid Greta Hugo Ines Jonas Kaia Lars Mira Nils Olga Pavel Rhea Soren Tilde Umar Vera Wim".split()
LAST = "Ambers Brook Castell Dorn Eklund Falk Grieve Holm Ivers Jansen Kessel Lund Marr Noble Ostrow Pike Quill Rask Stroud Thorne Uhl Voss".split()
ORGS = [("Coastal Freight Board", "CFB"), ("Northern Grid Company", "NGC"), ("Valley Water Authority", "VWA"),
        ("Union of Dock Workers", "UDW"), ("Institute for Public Budgets", "IPB"), ("Harbour Development Fund", "HDF"),
        ("Regional Health Service", "RHS"), ("Alliance of Small Farmers", "ASF")]
PLACES = "Carrowford Dunmere Eastvale Fennick Gallowmere Hexley Irthing Juniper Bay Kestle Lowmere".split(" ")
TOPICS = ["the new rail link", "the port expansion", "the water tariff", "the hospital budget", "the wind farm",
          "the pension reform", "the bridge repairs", "the school closures", "the grain subsidy"]
VERBS = ["said", "told reporters", "added", "warned", "argued", "noted"]
DAYS = ["on Monday", "on Tuesday", "on Wednesday", "last week", "on Friday", "last month", "on March 3"]

SENTENCES = [
    "{person} of the {org} ({acr}) said {day} that {topic} would go ahead despite objections in {place}.",
    "The {acr} has spent more than {n} million euros on {topic} since {year}, according to figures seen by this newspaper.",
    "Officials in {place} met representatives of the {org} {day} to discuss {topic} and its cost to local households.",
    "“We cannot keep asking families in {place} to wait for {topic},” {surname} {verb}.",
    "“The numbers simply do not add up,” {person} {verb}, “and everyone in the room knew it.”",
    "Critics say the plan favours large contractors, while supporters point to {n} new jobs in the region.",
    "{surname}, who has led the {acr} since {year}, is expected to present a revised proposal {day}.",
    "A spokesperson for the {org} declined to comment on the leaked documents.",
    "Residents of {place} gathered outside the town hall {day} to protest against {topic}.",
    "The dispute began in {year}, when the {org} first announced plans for {topic}.",
    "“Nobody here was consulted,” said {person}, a shopkeeper from {place}.",
    "Analysts expect a decision before the end of the year, although several hearings remain.",
]
HEADLINES = ["{org} defends {topic} as {place} protests grow", "{place} residents challenge {topic}",
             "{surname} promises review of {topic}", "Costs of {topic} rise again, {acr} admits"]
PAGE = """<!DOCTYPE html><html lang="en"><head><title>{title}</title>
<meta property="og:site_name" content="{outlet}"><meta name="author" content="{author}">
<meta property="article:published_time" content="{date}T08:00:00Z"></head><body>
<nav><a href="/">Home</a> <a href="/news">News</a> <a href="/business">Business</a> <a href="/sport">Sport</a>
<a href="/opinion">Opinion</a> <a href="/video">Video</a> <a href="/subscribe">Subscribe</a></nav>
<div class="cookie">We use cookies to improve your experience. <button>Accept all</button></div>
<article><h1>{title}</h1><p class="byline">By {author}</p>
{paragraphs}
</article>
<aside><h3>Related stories</h3><ul><li><a href="/a">Council approves budget</a></li><li><a href="/b">Storm warning for the coast</a></li></ul></aside>
<div class="newsletter">Sign up for our morning newsletter <input type="email"> <button>Sign up</button></div>
<footer><p>Share on X | Share on Facebook | Comments (12)</p><p>© 2025 {outlet} Media. All rights reserved.</p></footer>
</body></html>
"""


def _fill(template: str, rng: random.Random) -> str:
    org, acr = rng.choice(ORGS)
    first, last = rng.choice(FIRST), rng.choice(LAST)
    return template.format(
        person=f"{first} {last}", surname=last, org=org, acr=acr, place=rng.choice(PLACES), topic=rng.choice(TOPICS),
        verb=rng.choice(VERBS), day=rng.choice(DAYS), n=rng.randint(2, 900), year=rng.randint(2005, 2024),
    )


def make_article(i: int, rng: random.Random, date: str | None = None) -> tuple[str, int]:
    """One HTML page, published on `date` (ISO; random in 2025 when not given); RETURNS (html,
    number of words in its article body)."""
    target = rng.randint(500, 1500)
    paragraphs, words = [], 0
    while words < target:
        sentences = [_fill(rng.choice(SENTENCES), rng) for _ in range(rng.randint(2, 4))]
        paragraph = " ".join(sentences)
        paragraphs.append(f"<p>{paragraph}</p>")
        words += len(paragraph.split())
    title = _fill(rng.choice(HEADLINES), rng)
    drawn = f"2025-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"  # drawn always: same pages for a seed
    date = date or drawn
    html = PAGE.format(title=title, outlet=f"Bench Gazette {i % 7}", author=f"{rng.choice(FIRST)} {rng.choice(LAST)}",
                       date=date, paragraphs="\n".join(paragraphs))
    return html, words


def write_corpus(folder: Path, count: int, seed: int = 7) -> int:
    """Write `count` pages into `folder`; RETURNS the total number of body words."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    total = 0
    for i in range(count):
        html, words = make_article(i, rng)
        (folder / f"article-{i:05d}.html").write_text(html, encoding="utf-8")
        total += words
    return total


def write_gold_dump(shared: Path, path: Path) -> int:
    """The gold articles (quotes-dev, who-when-train: text and publication day) and the six
    newsletter digests (HTML) of `shared`/gold as one JSONL dump; RETURNS how many records."""
    count = 0
    with path.open("w", encoding="utf-8") as out:
        for name in ("quotes-dev.jsonl", "who-when-train.jsonl"):
            for n, line in enumerate((shared / "gold" / name).read_text(encoding="utf-8").splitlines()):
                record = json.loads(line)
                when = (record.get("publication_date") or record.get("date_publish") or "")[:10]
                out.write(json.dumps({"url": f"https://gold.example/{name}/{n}", "text": record.get("text") or "",
                                      **({"published": when} if when else {})}) + "\n")
                count += 1
        for n, line in enumerate((shared / "gold" / "digests.jsonl").read_text(encoding="utf-8").splitlines()):
            record = json.loads(line)
            out.write(json.dumps({"url": record.get("url") or f"https://digest.example/{n}", "html": record["html"]}) + "\n")
            count += 1
    return count
