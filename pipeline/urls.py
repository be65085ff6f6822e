"""Which URLs the pipeline keeps: `http(s)` only, whole, without control characters.

A URL read from a dump record, a WARC header or a page's canonical link is written by whoever
made that input, and it ends up as a link in a draft, on the review page and in an accepted
record. `javascript:alert(1)//` there runs when an analyst clicks it; browsers also drop tabs
and newlines anywhere in a URL and white space and control characters around it, so
`  Java\\tScript:...` is the same link. So every URL is checked here before it is stored: the
scheme, read as a browser reads it, must be http or https, the URL must name a host, hold no
control character and be at most MAX_URL_CHARS long. Anything else is refused with the reason
(`InvalidURL`): the input is still processed, without the URL, and the refusal is recorded.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from .errors import InvalidURL

MAX_URL_CHARS = 2048  # what browsers and servers commonly accept; longer ones are not citations
SCHEMES = ("http", "https")
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_AROUND = "".join(map(chr, range(0x21))) + "\u00a0\ufeff"  # what a browser strips around a URL


def checked_url(value: object) -> str:
    """The URL as it is kept (white space around it removed); RAISES InvalidURL saying why not."""
    if not isinstance(value, str):
        raise InvalidURL(f"a URL must be a string, not {type(value).__name__}")
    url = value.strip(_AROUND)
    shown = _shown(value)
    if not url:
        raise InvalidURL("empty URL")
    # The scheme as a browser reads it: tabs and newlines inside are dropped, any case.
    scheme = re.sub(r"[\t\n\r]", "", url).split(":", 1)[0].lower() if ":" in url else ""
    if scheme not in SCHEMES:
        raise InvalidURL(f"{shown} is not an http(s) URL; only http and https URLs are kept")
    if _CONTROL.search(url):
        raise InvalidURL(f"{shown} holds control characters")
    if len(url) > MAX_URL_CHARS:
        raise InvalidURL(f"a URL of {len(url):,} characters is over the limit of {MAX_URL_CHARS:,}")
    if " " in url:
        url = url.replace(" ", "%20")  # a space inside (dumps have them) is the same link encoded
    try:
        parts = urlsplit(url)
        host = parts.hostname
    except ValueError as err:
        raise InvalidURL(f"{shown} is not a valid URL: {err}") from err
    if parts.scheme.lower() not in SCHEMES or not host:
        raise InvalidURL(f"{shown} names no host")
    return url


def safe_url(value: object) -> str | None:
    """The URL if it may be kept, else None (for what is already stored: shown only if safe)."""
    try:
        return checked_url(value)
    except InvalidURL:
        return None


def _shown(value: str, limit: int = 80) -> str:
    """The URL as quoted in a message: control characters escaped, long ones cut."""
    text = repr(value[:limit])
    return text + (" (cut)" if len(value) > limit else "")
