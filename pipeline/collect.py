"""Collect: sources (URLs, files, folders, JSONL dumps, WARC files) -> RawDocument in raw/.

With fetch.py, the only network code of the pipeline (fetch.py bounds one URL's bytes and
time; this module retries). Each source either yields stored RawDocuments or a `Failure` saying
why not; one bad source or record never stops the others.
"""

from __future__ import annotations

import gzip
import json
import os
import time
import zlib
from collections.abc import Callable, Iterable, Iterator
from datetime import datetime
from pathlib import Path

import httpx
from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

from .errors import InvalidURL, SourceError
from .fetch import Deadline, fetch, make_client
from .records import Failure, RawDocument, StageResult, utcnow
from .settings import CollectSettings
from .store import store_raw
from .urls import checked_url

# Statuses worth another try: the server may answer later. Others (404, 410, ...) are final.
RETRY_STATUSES = frozenset({408, 425, 429, 500, 502, 503, 504})
HTML_SUFFIXES = (".html", ".htm", ".xhtml")
TEXT_SUFFIXES = (".txt",)
JSONL_SUFFIXES = (".jsonl", ".jsonl.gz", ".ndjson")
WARC_SUFFIXES = (".warc", ".warc.gz", ".arc.gz")
ALL_SUFFIXES = HTML_SUFFIXES + TEXT_SUFFIXES + JSONL_SUFFIXES + WARC_SUFFIXES

Clock = Callable[[], datetime]


def is_url(source: str) -> bool:
    return "://" in source


def collect_sources(
    sources: Iterable[str],
    *,
    cfg: CollectSettings,
    raw_dir: Path,
    client: httpx.Client | None = None,
    clock: Clock = utcnow,
    on_item: Callable[[RawDocument | Failure], None] | None = None,
) -> StageResult[RawDocument]:
    """Collect every source into raw/; RETURNS the stored documents and the failures.
    `on_item` hears of each as it is stored or fails (a progress display)."""
    result: StageResult[RawDocument] = StageResult()
    own_client = client is None and any(is_url(s) for s in sources)
    if own_client:
        client = make_client(cfg)
    try:
        for source in sources:
            for item in _collect_one(source, cfg=cfg, raw_dir=raw_dir, client=client, clock=clock):
                (result.failed if isinstance(item, Failure) else result.ok).append(item)
                if on_item is not None:
                    on_item(item)
    finally:
        if own_client and client is not None:
            client.close()
    return result


def iter_local(source: Path, *, cfg: CollectSettings, raw_dir: Path, clock: Clock = utcnow) -> Iterator[RawDocument | Failure]:
    """A file, dump or folder, record by record, each stored in raw/ as it is read (a stream:
    nothing is held but the current record)."""
    yield from _collect_one(str(source), cfg=cfg, raw_dir=raw_dir, client=None, clock=clock)


def _collect_one(
    source: str, *, cfg: CollectSettings, raw_dir: Path, client: httpx.Client | None, clock: Clock
) -> Iterator[RawDocument | Failure]:
    try:
        if is_url(source):
            if client is None:
                raise SourceError("no HTTP client given for a URL source")
            yield collect_url(source, cfg=cfg, raw_dir=raw_dir, client=client, clock=clock)
            return
        path = Path(source)
        if path.is_dir():
            for child, why in _scan(path):
                if why is not None:
                    yield Failure.from_error("collect", str(child), SourceError(f"{child}: {why}"))
                    continue
                yield from _collect_one(str(child), cfg=cfg, raw_dir=raw_dir, client=client, clock=clock)
            return
        if not path.is_file():
            raise SourceError(f"no such file or folder: {source}")
        name = path.name.lower()
        if name.endswith(JSONL_SUFFIXES):
            yield from _collect_jsonl(path, cfg=cfg, raw_dir=raw_dir, clock=clock)
        elif name.endswith(WARC_SUFFIXES):
            yield from _collect_warc(path, cfg=cfg, raw_dir=raw_dir, clock=clock)
        else:
            yield _collect_file(path, cfg=cfg, raw_dir=raw_dir, clock=clock)
    except (SourceError, OSError) as err:
        yield Failure.from_error("collect", source, err)


def readable_files(folder: Path) -> list[Path]:
    """Files under a folder that we know how to read, skipping hidden ones and refused links, sorted."""
    return [path for path, why in _scan(folder) if why is None]


def _scan(folder: Path) -> list[tuple[Path, str | None]]:
    """Every entry under a folder that we would read, sorted, each with why it is refused (or None).

    Symlinks are never followed out of the folder: a link to a file outside it (`leak.txt ->
    /etc/shadow`), to a folder outside it, a broken link and a link loop are refused. A link to a
    file inside the folder is read; a link to a folder is not walked (if inside, its files are read
    where they are), so no loop can form.
    """
    root = os.path.realpath(folder)
    found: list[tuple[Path, str | None]] = []
    for dirpath, dirnames, filenames in os.walk(folder):
        here = Path(dirpath)
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in dirnames:
            if (here / name).is_symlink() and _outside(os.path.realpath(here / name), root):
                found.append((here / name, f"symlink to a folder outside {folder}; not followed"))
        for name in filenames:
            path = here / name
            if name.startswith(".") or not name.lower().endswith(ALL_SUFFIXES):
                continue
            if path.is_symlink():
                try:
                    target = os.path.realpath(path, strict=True)
                except OSError as err:  # dangling, or a loop (ELOOP)
                    found.append((path, f"broken symlink ({err.strerror})"))
                    continue
                if _outside(target, root):
                    found.append((path, f"symlink to a file outside {folder}; not read"))
                    continue
                if not os.path.isfile(target):
                    continue
            elif not path.is_file():
                continue  # a FIFO or device named like an article would block or never end
            found.append((path, None))
    return sorted(found)


def _outside(target: str, root: str) -> bool:
    """Is the resolved path `target` outside the resolved folder `root`?"""
    return os.path.commonpath([root, target]) != root


def _content_type_for(name: str) -> str:
    return "text/plain" if name.lower().endswith(TEXT_SUFFIXES) else "text/html"


def _collect_file(path: Path, *, cfg: CollectSettings, raw_dir: Path, clock: Clock) -> RawDocument:
    size = path.stat().st_size
    if size > cfg.max_bytes:
        raise SourceError(f"{path}: {size} bytes is over the limit of {cfg.max_bytes} (collect.max_bytes)")
    return store_raw(
        raw_dir,
        path.read_bytes(),
        source=str(path),
        source_kind="file",
        url=None,
        fetched_at=clock(),
        content_type=_content_type_for(path.name),
    )


def collect_url(
    url: str, *, cfg: CollectSettings, raw_dir: Path, client: httpx.Client, clock: Clock
) -> RawDocument:
    """Fetch with retries, all of them within one deadline (collect.max_seconds): a retry that could
    not end in time is not tried."""
    if not url.lower().startswith(("http://", "https://")):
        raise SourceError(f"only http and https URLs are fetched, not {url!r}")
    deadline = Deadline(cfg.max_seconds)
    delay = cfg.backoff
    for attempt in range(cfg.retries + 1):
        last = attempt == cfg.retries
        try:
            data, response = fetch(client, url, cfg, deadline=deadline)
        except httpx.TransportError as err:  # connect errors, timeouts, broken connections: retried
            problem = f"could not fetch after {attempt + 1} attempts: {err!r}"
        except (httpx.HTTPError, httpx.InvalidURL, ValueError) as err:  # redirect loops, bad bodies, bad URLs
            raise SourceError(f"{url}: {err.__class__.__name__}: {err}") from err
        else:
            if response.status_code < 400:
                ctype = response.headers.get("content-type", "text/html").split(";")[0].strip()
                return store_raw(
                    raw_dir,
                    data,
                    source=url,
                    source_kind="url",
                    url=str(response.url),
                    fetched_at=clock(),
                    content_type="text/plain" if ctype == "text/plain" else "text/html",
                    encoding=response.charset_encoding,
                    http_status=response.status_code,
                )
            problem = f"HTTP {response.status_code} {response.reason_phrase}" + (
                f" after {attempt + 1} attempts" if attempt else "")
            if response.status_code not in RETRY_STATUSES:
                raise SourceError(f"{url}: {problem}")
        if last:
            raise SourceError(f"{url}: {problem}")
        if deadline.left() <= delay:
            raise SourceError(f"{url}: {problem}; no time left to try again within {cfg.max_seconds:g} s "
                              "(collect.max_seconds)")
        time.sleep(delay)
        delay *= 2
    raise AssertionError("unreachable")  # pragma: no cover


def _collect_jsonl(path: Path, *, cfg: CollectSettings, raw_dir: Path, clock: Clock) -> Iterator[RawDocument | Failure]:
    """A dump with one JSON object a line: {"url", "html" | "text", "published"?}."""
    opener = gzip.open if path.name.lower().endswith(".gz") else open
    limit = 2 * cfg.max_bytes  # a JSON line holds its body escaped: room for that, not for a bomb
    try:
        with opener(path, "rt", encoding="utf-8", errors="replace") as fh:  # type: ignore[operator]
            for lineno, line in enumerate(iter(lambda: fh.readline(limit), ""), start=1):
                where = f"{path}:{lineno}"
                if len(line) >= limit and not line.endswith("\n"):
                    while (rest := fh.readline(limit)) and not rest.endswith("\n"):
                        pass  # the rest of the line is read in pieces and dropped
                    yield Failure.from_error("collect", where, SourceError(
                        f"{where}: line is over {limit:,} characters (twice collect.max_bytes)"))
                    continue
                if not line.strip():
                    continue
                try:
                    yield from _jsonl_record(line, where, path, lineno, cfg=cfg, raw_dir=raw_dir, clock=clock)
                except SourceError as err:
                    yield Failure.from_error("collect", where, err)
    except (OSError, EOFError, zlib.error) as err:
        yield Failure.from_error("collect", str(path), SourceError(f"{path}: unreadable dump: {err}"))


def _record_url(value: object, where: str) -> tuple[str | None, InvalidURL | None]:
    """A dump's or archive's URL for a record, if it may be kept (pipeline/urls.py); else None and
    why, recorded as a notice: the record is still processed, without the URL."""
    if value is None or value == "":
        return None, None
    try:
        return checked_url(value), None
    except InvalidURL as err:
        return None, InvalidURL(f"{where}: the record's URL {err}; the article is processed without it")


def _with_url_notice(raw: RawDocument, notice: InvalidURL | None, where: str) -> Iterator[RawDocument | Failure]:
    yield raw
    if notice is not None:
        yield Failure.from_error("collect", where, notice, raw.sha256)


def _jsonl_record(line: str, where: str, path: Path, lineno: int, *, cfg: CollectSettings, raw_dir: Path,
                  clock: Clock) -> Iterator[RawDocument | Failure]:
    try:
        obj = json.loads(line)
    except json.JSONDecodeError as err:
        raise SourceError(f"{where}: not valid JSON ({err.msg} at column {err.colno})") from err
    if not isinstance(obj, dict):
        raise SourceError(f"{where}: expected a JSON object, got {type(obj).__name__}")
    html, text = obj.get("html"), obj.get("text")
    body = html if isinstance(html, str) and html.strip() else text
    if not isinstance(body, str) or not body.strip():
        raise SourceError(f"{where}: no 'html' or 'text' field with content")
    data = body.encode("utf-8")
    if len(data) > cfg.max_bytes:
        raise SourceError(f"{where}: {len(data)} bytes is over the limit of {cfg.max_bytes}")
    published = obj.get("published")
    url, notice = _record_url(obj.get("url"), where)
    yield from _with_url_notice(store_raw(
        raw_dir,
        data,
        source=str(path),
        source_kind="jsonl",
        url=url,
        archive_offset=lineno,
        fetched_at=clock(),
        content_type="text/html" if body is html else "text/plain",
        encoding="utf-8",
        published_hint=str(published) if published else None,
    ), notice, where)


def _collect_warc(path: Path, *, cfg: CollectSettings, raw_dir: Path, clock: Clock) -> Iterator[RawDocument | Failure]:
    """Response records with an HTML payload; a broken record ends the file with a Failure."""
    try:
        with path.open("rb") as fh:
            iterator = ArchiveIterator(fh)
            for record in iterator:
                if record.rec_type != "response" or record.http_headers is None:
                    continue
                ctype = (record.http_headers.get_header("Content-Type") or "").lower()
                if "html" not in ctype and "text/plain" not in ctype:
                    continue
                url = record.rec_headers.get_header("WARC-Target-URI")
                data = record.content_stream().read(cfg.max_bytes + 1)
                missing = getattr(record.raw_stream, "limit", 0)  # bytes the record declared but lacks
                offset = iterator.get_record_offset()  # after reading: asking first skips the payload
                where = f"{path}@{offset}"
                if missing and len(data) <= cfg.max_bytes:
                    yield Failure.from_error(
                        "collect", where, SourceError(f"{where}: broken WARC: record truncated ({missing} bytes missing)")
                    )
                    continue
                if len(data) > cfg.max_bytes:
                    yield Failure.from_error(
                        "collect", where, SourceError(f"{where}: record is over the limit of {cfg.max_bytes} bytes")
                    )
                    continue
                status = record.http_headers.get_statuscode()
                if status and status.isdigit() and not 200 <= int(status) < 300:
                    yield Failure.from_error("collect", where, SourceError(f"{where}: archived response is HTTP {status}"))
                    continue
                url, notice = _record_url(url, where)
                yield from _with_url_notice(store_raw(
                    raw_dir,
                    data,
                    source=str(path),
                    source_kind="warc",
                    url=url,
                    archive_offset=offset,
                    fetched_at=clock(),
                    content_type="text/plain" if "text/plain" in ctype else "text/html",
                    http_status=int(status) if status and status.isdigit() else None,
                ), notice, where)
    except (ArchiveLoadFailed, EOFError, OSError, ValueError, zlib.error) as err:
        yield Failure.from_error("collect", str(path), SourceError(f"{path}: broken WARC: {err}"))
