"""How much of a draft's text an analyst would have to clean: descriptions and outlets on real
articles. Prints counts (and, with --show, the offending openings); asserts nothing.

    python bench/text_quality.py [--shared ../shared] [--show 5]

Inputs, read in place from ../shared (never copied): the seeds 000-003 (copied page text), the
who/when gold articles (76, as a JSONL dump would give them: URL, text, `published`), the quotes
gold articles (84: text and date, no URL) and the six digests (HTML pages with their URL). Each
goes through the real stages (clean -> extract -> resolve -> draft, one draft per article) and
the draft's description and source outlet are checked with rules written here, apart from the
pipeline's own:
  dateline     the description opens on a place or agency dateline ("WASHINGTON --", "Moscow (AP) —")
  pronoun      the description opens on a pronoun (he, she, they, it, his, ..., I, we) outside a
               quotation: its antecedent is not there
  furniture    page furniture in the description (reading time, editor's note, "originally appeared",
               "story continues", share / subscribe / sign-up lines, photo credits)
  relative day a weekday, "yesterday", "today" or "tomorrow" left relative in the description
  slug outlet  an outlet that reads as words of the URL path or the page title, not a name
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import sys
from datetime import datetime, timezone
from pathlib import Path
from urllib.parse import urlsplit

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

# A dateline: a place in capitals (with a state or a date), or any place with an agency, then a dash;
# or the dash-less furniture word NYT puts before it ("Photo LONDON --").
DATELINE = re.compile(
    r"^(?:(?:Photo|Video|Image)\s+)?(?:[A-Z][A-Z.'-]{2,}(?:\s+[A-Z][A-Z.'-]+)*(?:,[^—–―\-(]{1,30})?\s*(?:\([^)]{1,30}\))?"
    r"|[A-Z][\w .,'-]{1,40}\((?:AP|Reuters|AFP|UPI|CNN)\))\s*(?:—|–|―|--|-)"
    r"|^\((?:AP|Reuters|AFP|UPI|CNN)\)"
)
# A pronoun opening the description outside a quotation.
PRONOUN = re.compile(r"^(?:he|she|they|it|his|her|their|its|him|them|we|i|our|my)\b", re.I)
FURNITURE = re.compile(
    r"reading time|min(?:ute)? read\b|editor'?s note|originally (?:appeared|published)|story continues|"
    r"continue reading|\bsubscrib|sign up|\bshare (?:this|on)\b|click (?:here|to)|photo:|image:|image caption|"
    r"media caption|image copyright|getty images|\(ap photo|advertisement|follow us|newsletter|invalid email|"
    r"skip ad|\(opens in|\([A-Z][\w .'-]+/[A-Z][\w .'-]+\)",
    re.I,
)
# A day left relative: a weekday (not a possessive, not in a name such as "Fox News Sunday" or
# "Super Tuesday", not followed by its date) or yesterday / today / tonight / tomorrow.
RELATIVE_DAY = re.compile(
    r"(?<!News )(?<!Super )(?<!Black )(?<!Cyber )(?<!Bloody )(?<!Good )(?<!Easter )(?<!Meet )"
    r"\b(?!TODAY)(?i:monday|tuesday|wednesday|thursday|friday|saturday|sunday|yesterday|today|tomorrow|tonight)\b"
    r"(?!['’]s)(?!\s+(?i:morning|afternoon|evening|night)['’]s)(?!,?\s+(?i:\d|jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec))"
)


def _raw(text: str, *, source: str, url: str | None, html: bool, published: str | None, kind: str = "jsonl"):
    from pipeline.records import RawDocument

    data = text.encode("utf-8")
    sha = hashlib.sha256(data + (url or source).encode()).hexdigest()
    raw = RawDocument(sha256=sha, source=source, source_kind=kind, url=url,
                      fetched_at=datetime(2026, 1, 1, tzinfo=timezone.utc),
                      content_type="text/html" if html else "text/plain", encoding="utf-8",
                      published_hint=published, path=f"objects/{sha[:2]}/{sha}", size=len(data))
    return raw, data


def _inputs(shared: Path) -> list[tuple[str, object, bytes]]:
    found = []
    for path in sorted((shared / "seeds").glob("00[0-3]_*.txt")):
        found.append(("seeds", *_raw(path.read_text(encoding="utf-8"), source=str(path), url=None, html=False,
                                     published=None, kind="file")))
    for line in (shared / "gold" / "who-when-train.jsonl").read_text(encoding="utf-8").splitlines():
        doc = json.loads(line)
        text = f"{doc['title']}\n\n{doc['text']}"
        found.append(("who-when", *_raw(text, source=doc["doc_id"], url=doc.get("url"), html=False,
                                        published=doc.get("date_publish"))))
    for line in (shared / "gold" / "quotes-dev.jsonl").read_text(encoding="utf-8").splitlines():
        doc = json.loads(line)
        found.append(("quotes-dev", *_raw(doc["text"], source=doc["doc_id"], url=None, html=False,
                                          published=doc.get("publication_date"))))
    for line in (shared / "gold" / "digests.jsonl").read_text(encoding="utf-8").splitlines():
        doc = json.loads(line)
        found.append(("digests", *_raw(doc["html"], source=doc["doc_id"], url=doc["url"], html=True, published=None)))
    return found


def slug_like(outlet: str | None, title: str | None, url: str | None) -> bool:
    """An outlet that is words of the URL's path or of the title rather than a name."""
    if not outlet:
        return False
    words = re.findall(r"[a-z0-9]+", outlet.lower())
    path_words = set(re.findall(r"[a-z0-9]+", urlsplit(url).path.lower())) if url else set()
    title_words = set(re.findall(r"[a-z0-9]+", (title or "").lower()))
    if len(words) >= 4 and sum(w in path_words for w in words) >= 0.6 * len(words):
        return True
    if len(words) >= 4 and sum(w in title_words for w in words) >= 0.8 * len(words):
        return True
    return len(words) >= 5 and sum(w[0].islower() for w in outlet.split()) >= 0.5 * len(outlet.split())


def main() -> None:
    from pipeline.clean import clean_document
    from pipeline.draft import build_draft
    from pipeline.errors import DocumentError
    from pipeline.extract import extract_articles, load_nlp
    from pipeline.resolve import ActorIndex, resolve_analyses
    from pipeline.settings import load_settings
    from pipeline.store import load_registry

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=REPO.parent / "shared")
    parser.add_argument("--show", type=int, default=0, help="Print up to N offending openings per check.")
    parser.add_argument("--dump", type=Path, help="Write each draft's description and outlet here (JSONL), to read them.")
    args = parser.parse_args()
    settings = load_settings(paths={"registry": REPO / "models" / "actors.yaml"})
    inputs = _inputs(args.shared)
    articles, sets = [], []
    for name, raw, data in inputs:
        try:
            articles.append(clean_document(raw, data, cfg=settings.clean))
            sets.append(name)
        except DocumentError as err:
            print(f"{name}: {raw.source}: {err}")
    nlp = load_nlp(settings.extract)
    extracted = extract_articles(articles, nlp=nlp, cfg=settings.extract)
    index = ActorIndex.build(load_registry(settings.paths.registry))
    analyses = resolve_analyses(extracted.ok, index=index, cfg=settings.resolve).ok
    by_sha = {a.article.raw_sha256: a for a in analyses}
    checks = {"dateline": [], "pronoun": [], "furniture": [], "relative day": [], "slug outlet": [], "no outlet": []}
    totals: dict[str, int] = {}
    outlets: dict[str, set[str]] = {}
    dumped = []
    for name, article in zip(sets, articles):
        analysis = by_sha.get(article.raw_sha256)
        if analysis is None:
            continue
        totals[name] = totals.get(name, 0) + 1
        draft = build_draft(analysis, cfg=settings.draft, pipeline_version="bench")
        description = draft.description.strip()
        found = {
            "dateline": bool(DATELINE.match(description)),
            "pronoun": bool(PRONOUN.match(description)),
            "furniture": bool(FURNITURE.search(description)),
            "relative day": bool(RELATIVE_DAY.search(description)),
            "slug outlet": slug_like(article.outlet, article.title, article.url),
            "no outlet": not article.outlet,
        }
        for check, hit in found.items():
            if hit:
                checks[check].append((name, article.outlet if "outlet" in check else description[:90]))
        outlets.setdefault(name, set()).add(str(article.outlet))
        dumped.append({"set": name, "source": article.url or article.title, "outlet": article.outlet,
                       "description": description, "checks": [c for c, hit in found.items() if hit]})
    if args.dump:
        args.dump.write_text("".join(json.dumps(d, ensure_ascii=False) + "\n" for d in dumped), encoding="utf-8")
    print(f"drafts: {sum(totals.values())} ({', '.join(f'{k} {v}' for k, v in totals.items())})")
    for check, hits in checks.items():
        per_set = {}
        for name, _ in hits:
            per_set[name] = per_set.get(name, 0) + 1
        print(f"{check:13} {len(hits):3}  " + ", ".join(f"{k} {v}" for k, v in sorted(per_set.items())))
        for name, shown in hits[: args.show]:
            print(f"    {name}: {shown!r}")
    for name, names in outlets.items():
        print(f"outlets of {name}: {len(names)} distinct: " + "; ".join(sorted(names))[:400])


if __name__ == "__main__":
    main()
