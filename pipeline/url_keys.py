"""The key of a URL: what two addresses of one page have in common, so a page the timeline already
cites is recognized however either side wrote its address.

    https://www.Example.org/news/story/?utm_source=x&id=7#comments
    http://example.org/news/story?id=7
    https://web.archive.org/web/20170502000000/https://example.org/news/story?id=7

all have the key `example.org/news/story?id=7`: an archive's copy is its original's (archive_urls),
the scheme, `www.`, the host's case and port 80/443, a trailing slash, the fragment and tracking
parameters (`utm_*`, `fbclid`, `gclid`, ...) are dropped; the path's case and the other parameters,
sorted, are kept (they can name another page). Pure; the standard library's urllib splits.
"""

from __future__ import annotations

from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from .archive_urls import unwrap_archive_url

# Query parameters that say where a reader came from, never which page it is.
TRACKING_PARAMETERS = frozenset({
    "fbclid", "gclid", "dclid", "gbraid", "wbraid", "msclkid", "yclid", "mc_cid", "mc_eid", "igshid", "ref",
    "ref_src", "ref_url", "cmpid", "smid", "smtyp", "ncid", "ocid", "mbid", "sr_share", "taid", "ito",
    "cid", "__twitter_impression", "_ga", "_gl", "spm", "share", "s_cid", "rss", "partner", "via",
})
TRACKING_PREFIXES = ("utm_", "pk_", "mtm_", "at_", "hsa_", "oly_")


def url_key(url: str) -> str:
    """The key of `url` (see the module docstring); the stripped lower-cased text when it does not
    split as a URL."""
    url = unwrap_archive_url(url.strip())[0]
    try:
        parts = urlsplit(url)
        host = (parts.hostname or "").lower().removeprefix("www.")
        port = parts.port
    except ValueError:
        return url.strip().lower()
    if not host:
        return url.strip().lower().removeprefix("https://").removeprefix("http://").removeprefix("www.").rstrip("/")
    if port not in (None, 80, 443):
        host = f"{host}:{port}"
    query = sorted((k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not _tracking(k))
    path = parts.path.rstrip("/")
    return f"{host}{path}" + (f"?{urlencode(query)}" if query else "")


def cited_url(url: str) -> str:
    """`url` as a timeline should cite it: without tracking parameters and fragment, everything
    else as written (scheme, host, path, the other parameters in their order)."""
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return url
    pairs = parse_qsl(parts.query, keep_blank_values=True)
    kept = [(k, v) for k, v in pairs if not _tracking(k)]
    query = parts.query if len(kept) == len(pairs) else urlencode(kept)
    return urlunsplit((parts.scheme, parts.netloc, parts.path, query, ""))


def _tracking(name: str) -> bool:
    return name.lower() in TRACKING_PARAMETERS or name.lower().startswith(TRACKING_PREFIXES)
