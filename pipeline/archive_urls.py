"""Links to a web archive's copy of a page, unwrapped to the page they copy. Pure.

Analysts cite the original article; an archive link is where its text could still be read. So a
page read from `https://web.archive.org/web/<timestamp>/<url>` is the source `<url>` (its outlet,
its date, its identity: two snapshots of one article, or a snapshot and the live page, are one
source), and the archive link is kept beside it as `archive_url`.

Rules (each link is checked as any URL is, pipeline/urls.py; one that does not unwrap to an
http(s) URL is left as it is):
- Wayback Machine: `web.archive.org/web/<1-14 digits>[<flag>_]/<url>` (also `wayback.archive.org`
  and `archive.org/web/`); the flags are the replay modes (`id_` the bare page, `if_`, `im_`, ...).
  An original written without a scheme (`/web/2020/example.org/a`) is `http://`; one whose `//`
  a server collapsed (`https:/example.org`) is mended; one of another scheme is no page. A calendar link (`/web/2020*/...`) is a
  list of snapshots, not a page: left as it is.
- archive.today (archive.ph, .is, .li, .md, .vn, .fo): `/<YYYY.MM.DD-hhmmss or 14 digits>/<url>`.
  Its short links (`archive.ph/AbC12`) do not name the original: left as they are.
"""

from __future__ import annotations

import re

from .errors import InvalidURL
from .urls import checked_url

_WAYBACK = re.compile(
    r"^https?://(?:web\.|wayback\.)?archive\.org/web/(?P<ts>\d{1,14})(?:[a-z]{2}_)?/(?P<original>.+)$", re.I
)
_ARCHIVE_TODAY = re.compile(
    r"^https?://(?:www\.)?archive\.(?:today|ph|is|li|md|vn|fo)/(?P<ts>\d{4}\.\d\d\.\d\d-\d{6}|\d{14})/(?P<original>.+)$",
    re.I,
)
_SCHEME = re.compile(r"^(https?):/*", re.I)
_OTHER_SCHEME = re.compile(r"^[a-z][a-z0-9+-]*:", re.I)  # javascript:, data:, ... (a host has a dot)


def unwrap_archive_url(url: str) -> tuple[str, str | None]:
    """(the URL of the page, the archive link) for `url`: (url, None) when it is no archive link.

    >>> unwrap_archive_url("https://web.archive.org/web/20170502id_/https://news.example.org/a?x=1")
    ('https://news.example.org/a?x=1', 'https://web.archive.org/web/20170502id_/https://news.example.org/a?x=1')
    """
    match = _WAYBACK.match(url) or _ARCHIVE_TODAY.match(url)
    if not match:
        return url, None
    original = match.group("original")
    scheme = _SCHEME.match(original)
    if scheme is None and _OTHER_SCHEME.match(original):
        return url, None
    original = f"{scheme.group(1).lower()}://{original[scheme.end():]}" if scheme else f"http://{original}"
    try:
        return checked_url(original), url[: match.start("original")] + original  # the link, its original mended
    except InvalidURL:
        return url, None


def is_archive_url(url: str) -> bool:
    """Whether `url` is an archive's copy of a page that names the original."""
    return unwrap_archive_url(url)[1] is not None
