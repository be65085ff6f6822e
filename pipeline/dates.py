"""Dates: DATE mentions to ISO dates relative to the publication date, and datelines in page text.

The reference date always comes in as an argument; nothing here reads the clock.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from functools import lru_cache

import dateparser
from dateparser.date import DateDataParser

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
# "on Tuesday", "Tuesday morning", "last Tuesday": in news copy a bare weekday means the most
# recent such day on or before the publication date (the same day when they coincide).
_WEEKDAY_RE = re.compile(
    r"^(?:on\s+|last\s+|this\s+(?:past\s+)?|late\s+|early\s+|(?:in\s+)?the\s+early\s+hours\s+of\s+)?("
    + "|".join(WEEKDAYS) + r")(?:\s+(?:morning|afternoon|evening|night))?$",
    re.I,
)
_YEAR_RE = re.compile(r"\b(\d{3,4})\b")
_LEADING_WORDS_RE = re.compile(r"^(?:on|by|since|until|from|in|as of)\s+", re.I)
# Mentions that are durations or ages, not points in time.
_NOT_A_POINT_RE = re.compile(
    r"^(?:\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|several|many|some|few|the past|the last|the next|"
    r"recent|\d+\s*-)\s*(?:\w+\s+)?(?:years?|months?|weeks?|days?|decades?|centuries|hours?)(?:\s+ago)?$|"
    r"^(?:years|decades|months|weeks|days|annual|yearly|daily|weekly|monthly|the year|the day|today's|"
    r"\d+(?:st|nd|rd|th) anniversary)$|"
    r"^\d{1,3}$|^\d{4}\s*/\s*\d{2,4}$|^q[1-4]\s+\d{4}$|"
    r"^(?:the\s+)?(?:early\s+|mid-?|late\s+)?(?:\d{2}|\d{4})['’]?s$",
    re.I,
)
_MONTH_NAME_RE = re.compile(r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?", re.I)
_SETTINGS = {"PREFER_DATES_FROM": "past", "RETURN_AS_TIMEZONE_AWARE": False}


@lru_cache(maxsize=256)
def _parser_for(anchor: date | None) -> DateDataParser:
    settings = dict(_SETTINGS)
    if anchor is not None:
        settings["RELATIVE_BASE"] = datetime(anchor.year, anchor.month, anchor.day, 12, 0)
    return DateDataParser(languages=["en"], settings=settings)


@lru_cache(maxsize=65536)
def normalize_date(text: str, anchor: date | None, *, future: bool = False) -> tuple[str | None, str | None]:
    """A DATE mention's text -> (ISO date, granularity), or (None, None) when it is not a point.

    text (str): the mention as written ("on Tuesday", "March 18", "last month", "2029").
    anchor (date | None): the publication date that relative terms count from. Without one, only
        mentions that carry a year are normalized.
    future (bool): the sentence speaks of the future ("will run again on Thursday"), so a bare
        weekday is the next such day, not the last one.
    RETURNS (tuple): ("2025-03-18", "day"), ("2025-03", "month"), ("2029", "year") or (None, None).
    """
    cleaned = " ".join(text.replace("\u00a0", " ").split()).strip(" ,.;:")
    cleaned = _LEADING_WORDS_RE.sub("", cleaned)
    span = _RANGE_RE.match(cleaned)
    if span:  # "between 1993 and 1997", "from July to September 2008", "1993-97": when it began
        first, last = span.group(1), span.group(2)
        if not _YEAR_RE.search(first) and _YEAR_RE.search(last):
            first = f"{first} {_YEAR_RE.search(last).group(1)}"
        if _YEAR_RE.search(first) or anchor is not None:
            return normalize_date(first, anchor, future=future)
    if not cleaned or _NOT_A_POINT_RE.match(cleaned):
        return None, None
    weekday = _WEEKDAY_RE.match(cleaned)
    if weekday:
        if anchor is None:
            return None, None
        target = WEEKDAYS.index(weekday.group(1).lower())
        if future:
            return (anchor + timedelta(days=(target - anchor.weekday()) % 7)).isoformat(), "day"
        back = (anchor.weekday() - target) % 7
        if back == 0 and cleaned.lower().startswith("last "):
            back = 7  # "last Thursday" in a Thursday paper is a week ago
        return (anchor - timedelta(days=back)).isoformat(), "day"
    if anchor is None and not _YEAR_RE.search(cleaned):
        return None, None
    return _common(cleaned, anchor) or _dateparser(cleaned, anchor)


_YEAR_ONLY_RE = re.compile(r"^(1\d{3}|2\d{3})$")
# A period: its start is the date ("between 1993 and 1997", "from July to September 2008", "1993-97").
_RANGE_RE = re.compile(
    r"^(?:between\s+)?((?=\w)(?:" + r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s*(?:\d{1,2},?\s*)?)?"
    r"(?:1\d{3}|2\d{3})?|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?)"
    r"\s*(?:and|to|through|until|-|–|—)\s*((?:(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s*"
    r"(?:\d{1,2},?\s*)?)?(?:1\d{3}|2\d{3}|\d{2}))$", re.I)
_RELATIVE_RE = re.compile(r"^(?:(last|this|next)\s+(week|month|year)|(yesterday|today|tomorrow))$", re.I)
_STEP = {"last": -1, "this": 0, "next": 1, "yesterday": -1, "today": 0, "tomorrow": 1}


def _common(cleaned: str, anchor: date | None) -> tuple[str, str] | None:
    """The commonest mentions ("2019", "last month", "yesterday") by arithmetic, with the answers
    dateparser gives (tests/pipeline/test_dates.py compares them): news has thousands of these
    and dateparser takes about a millisecond each."""
    year = _YEAR_ONLY_RE.match(cleaned)
    if year:
        return year.group(1), "year"
    relative = _RELATIVE_RE.match(cleaned)
    if relative is None or anchor is None:
        return None
    if relative.group(3):
        return (anchor + timedelta(days=_STEP[relative.group(3).lower()])).isoformat(), "day"
    step, unit = _STEP[relative.group(1).lower()], relative.group(2).lower()
    if unit == "week":
        return (anchor + timedelta(days=7 * step)).isoformat(), "week"
    if unit == "year":
        return f"{anchor.year + step:04d}", "year"
    months = anchor.year * 12 + anchor.month - 1 + step
    return f"{months // 12:04d}-{months % 12 + 1:02d}", "month"


def _dateparser(cleaned: str, anchor: date | None) -> tuple[str | None, str | None]:
    """Everything else, by dateparser relative to the anchor (noon on it)."""
    data = _parser_for(anchor).get_date_data(cleaned)
    if data.date_obj is None:
        return None, None
    found = data.date_obj.date()
    period = data.period or "day"
    if anchor is not None and period in ("day", "month") and not _YEAR_RE.search(cleaned) and _MONTH_NAME_RE.search(cleaned):
        found = _nearest_year(found, anchor)
    if period == "year":
        return f"{found.year:04d}", "year"
    if period == "month":
        return f"{found.year:04d}-{found.month:02d}", "month"
    if period == "week":
        return found.isoformat(), "week"
    return found.isoformat(), "day"


def _nearest_year(found: date, anchor: date) -> date:
    """'February 18' written without a year: the year that puts it closest to the anchor."""
    options = []
    for year in (anchor.year - 1, anchor.year, anchor.year + 1):
        try:
            options.append(found.replace(year=year))
        except ValueError:  # 29 February
            continue
    return min(options, key=lambda d: abs((d - anchor).days)) if options else found


# A dateline near the top of page text: "date 2025-03-15", "Saturday, 15 March 2025 01:58 PM",
# "March 15, 2025", "2025-03-15". Tried in this order on the first lines of the page.
_MONTHS = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"
_DAYNAME = r"(?:(?:mon|tues?|wed(?:nes)?|thu(?:rs)?|fri|sat(?:ur)?|sun)(?:day)?\.?,?\s+)?"
DATELINE_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("text-dateline-iso", re.compile(r"\b(?:date|published|updated|posted)[:\s]+(\d{4}-\d{2}-\d{2})\b", re.I)),
    ("text-dateline", re.compile(_DAYNAME + r"\b(\d{1,2}\s+" + _MONTHS + r",?\s+\d{4})\b", re.I)),
    ("text-dateline", re.compile(_DAYNAME + r"\b(" + _MONTHS + r"\s+\d{1,2},?\s+\d{4})\b", re.I)),
    ("text-dateline-iso", re.compile(r"\b(\d{4}-\d{2}-\d{2})\b")),
    ("text-dateline-dmy", re.compile(r"\b(?:published|updated|posted)[:\s]+(\d{1,2}/\d{1,2}/\d{4})\b", re.I)),
)
DATELINE_SEARCH_LINES = 15
PLAUSIBLE_YEARS = (1900, 2100)


def find_dateline(text: str) -> tuple[date | None, str | None, tuple[int, int] | None]:
    """The publication date written near the top of page text.

    RETURNS (tuple): (date, method, (start, end) of the match in `text`), or (None, None, None).
    """
    head_end = 0
    for _ in range(DATELINE_SEARCH_LINES):
        nxt = text.find("\n", head_end + 1)
        if nxt == -1:
            head_end = len(text)
            break
        head_end = nxt
    head = text[:head_end]
    for method, pattern in DATELINE_PATTERNS:
        for match in pattern.finditer(head):
            settings = {"PREFER_DAY_OF_MONTH": "first", "STRICT_PARSING": True}
            if method.endswith("dmy"):
                settings["DATE_ORDER"] = "DMY"
            parsed = dateparser.parse(match.group(1), languages=["en"], settings=settings)
            if parsed is not None and 1900 < parsed.year < 2100:
                return parsed.date(), method, match.span(1)
    return None, None, None


def period_end(start: date, precision: str) -> date:
    """The last day of the year or month a coarse date names (a day: itself)."""
    if precision == "year":
        return date(start.year, 12, 31)
    if precision == "month":
        return date(start.year + start.month // 12, start.month % 12 + 1, 1) - timedelta(days=1)
    return start


def timeline_date(iso: str, granularity: str | None) -> tuple[str, str]:
    """A normalized date as the timeline writes it, with its precision: a year is YYYY-01-01, a
    month YYYY-MM-01, a week its first day ("2008", "year") -> ("2008-01-01", "year")."""
    if granularity == "year" or len(iso) == 4:
        return f"{iso[:4]}-01-01", "year"
    if granularity == "month" or len(iso) == 7:
        return f"{iso[:7]}-01", "month"
    return iso[:10], "day"


def parse_published(value: str | None) -> date | None:
    """An archive's 'published' field (ISO date or datetime, or free text) -> date."""
    if not value:
        return None
    try:
        found = datetime.fromisoformat(value.strip().replace("Z", "+00:00")).date()
    except ValueError:
        parsed = dateparser.parse(value, languages=["en"], settings={"STRICT_PARSING": True})
        found = parsed.date() if parsed else None
    # "0001-01-01" (a zero time) or "9999-12-31" is no publication date, and dates counted from
    # it would overflow.
    return found if found is not None and PLAUSIBLE_YEARS[0] <= found.year <= PLAUSIBLE_YEARS[1] else None
