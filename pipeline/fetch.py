"""Fetching one URL within bounds: a cap on the decoded bytes, and one deadline for all of it.

Two ways a server can hold or sink a run that a cap on the body and a per-read timeout miss:

    content codings  `Content-Encoding: gzip, gzip` on 3 KB is 2 GB after the second layer, and
                     httpx's decoders inflate a whole network chunk at once. We decode the raw
                     bytes ourselves, layer by layer, never more than `STEP` bytes from one call,
                     and count what comes out; more than `MAX_CODINGS` layers are refused
    slow bytes       a status line, then a header byte a second, never trips a read timeout. One
                     `Deadline` covers connecting, the headers, every redirect hop, the body and
                     the retries of one URL: each step's timeout is the time left when it starts,
                     and a watchdog shuts the URL's sockets when the deadline passes

Connections are not kept alive between requests (`make_client`), so every request opens its
own socket and the watchdog sees it. Name lookups (DNS) are not bounded by the deadline.
"""

from __future__ import annotations

import socket
import threading
import time
import zlib
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from typing import Any

import httpx

from .errors import SourceError
from .netguard import parse_networks, request_guard
from .settings import CollectSettings

STEP = 64 * 1024  # most bytes one decoding call may produce: a bomb is taken apart this finely
MAX_CODINGS = 3  # stacked content codings decoded; real servers send one, misconfigured ones two
ACCEPT_ENCODING = "gzip, deflate"  # what `decode` undoes (httpx would also offer br, zstd when installed)
MIN_TIMEOUT = 0.001  # a step started with no time left fails at once (0 would mean "do not block")
WATCHED = frozenset({"connection.connect_tcp.complete", "connection.start_tls.complete"})  # httpcore trace events


def make_client(cfg: CollectSettings) -> httpx.Client:
    """An httpx client with the settings' timeout, redirect cap and user agent; no keep-alive, so
    that every request's socket is new and a `Deadline` can shut it."""
    return httpx.Client(
        timeout=httpx.Timeout(cfg.timeout),
        follow_redirects=True,
        max_redirects=cfg.max_redirects,
        limits=httpx.Limits(max_keepalive_connections=0),
        headers={"User-Agent": cfg.user_agent, "Accept-Encoding": ACCEPT_ENCODING},
        event_hooks={"request": [request_guard(parse_networks(cfg.allow_addresses))]},
    )


class Deadline:
    """The time one URL may take, from its first connection to its last byte, retries included."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.end = time.monotonic() + seconds
        self._lock = threading.Lock()
        self._sockets: list[socket.socket] = []
        self._expired = False

    def left(self) -> float:
        return self.end - time.monotonic()

    @property
    def passed(self) -> bool:
        return self.left() <= 0

    def error(self, url: str) -> SourceError:
        return SourceError(f"{url}: response took over {self.seconds:g} s (collect.max_seconds)")

    def extensions(self, timeout: float) -> dict[str, Any]:
        """httpx request extensions: timeouts cut to the time left, and the trace hook that hands the
        watchdog each new socket. Redirect hops carry the same extensions."""
        return {"timeout": _TimeLeft(self, timeout), "trace": self._trace}

    @contextmanager
    def watching(self) -> Iterator[None]:
        """Shut the sockets opened meanwhile when the deadline passes (a blocked read then ends)."""
        timer = threading.Timer(max(self.left(), 0.0), self._expire)
        timer.daemon = True
        timer.start()
        try:
            yield
        finally:
            timer.cancel()
            with self._lock:
                self._sockets.clear()

    def _trace(self, event: str, info: Mapping[str, Any]) -> None:
        stream = info.get("return_value") if event in WATCHED else None
        sock = stream.get_extra_info("socket") if stream is not None else None
        if isinstance(sock, socket.socket):
            with self._lock:
                self._sockets.append(sock)
                if self._expired:
                    _shut(sock)

    def _expire(self) -> None:
        with self._lock:
            self._expired = True
            for sock in self._sockets:
                _shut(sock)


class _TimeLeft(Mapping[str, float]):
    """httpcore's timeouts (connect, read, write, pool): the setting, or the deadline's time left
    when it is smaller. httpcore looks a timeout up as each step starts, so every redirect hop and
    every phase gets the time left then, not at the first request."""

    KEYS = ("connect", "read", "write", "pool")

    def __init__(self, deadline: Deadline, timeout: float) -> None:
        self.deadline, self.timeout = deadline, timeout

    def __getitem__(self, key: str) -> float:
        if key not in self.KEYS:
            raise KeyError(key)
        return max(MIN_TIMEOUT, min(self.timeout, self.deadline.left()))

    def __iter__(self) -> Iterator[str]:
        return iter(self.KEYS)

    def __len__(self) -> int:
        return len(self.KEYS)


def _shut(sock: socket.socket) -> None:
    try:
        sock.shutdown(socket.SHUT_RDWR)
    except OSError:
        pass  # closed already, or handed over to a TLS socket (which is watched itself)


def fetch(
    client: httpx.Client, url: str, cfg: CollectSettings, *, deadline: Deadline | None = None,
    keep: int | None = None,
) -> tuple[bytes, httpx.Response]:
    """GET `url`; RETURNS the decoded body and the response (any status).

    The body is refused (SourceError) once more than `cfg.max_bytes` bytes came, raw or decoded,
    so nothing larger is ever held; with `keep`, only the first `keep` bytes are read and the rest
    ignored instead. The deadline (`cfg.max_seconds` from now unless given) is a SourceError naming
    the setting; other network errors are httpx's, for the caller to retry.
    """
    deadline = deadline or Deadline(cfg.max_seconds)
    if deadline.passed:
        raise deadline.error(url)
    cap = cfg.max_bytes if keep is None else keep
    try:
        with deadline.watching(), client.stream("GET", url, extensions=deadline.extensions(cfg.timeout)) as response:
            declared = response.headers.get("content-length")
            if keep is None and declared and declared.isdigit() and int(declared) > cap:
                raise SourceError(f"{url}: {declared} bytes is over the limit of {cap}")
            codings = content_codings(response.headers)
            if len(codings) > MAX_CODINGS:
                raise SourceError(f"{url}: {len(codings)} content codings stacked "
                                  f"({response.headers.get('content-encoding')}); at most {MAX_CODINGS} are decoded")
            chunks: list[bytes] = []
            total = 0
            for piece in decode(_capped(response.iter_raw(), cap, url, cut=keep is not None), codings):
                if deadline.passed:
                    raise deadline.error(url)
                if total + len(piece) > cap:
                    if keep is None:
                        raise SourceError(f"{url}: response is over the limit of {cap} bytes")
                    chunks.append(piece[: cap - total])
                    break
                total += len(piece)
                chunks.append(piece)
            if deadline.passed:  # the watchdog ended a body sent without a length: it is cut, not whole
                raise deadline.error(url)
    except httpx.TransportError as err:
        if deadline.passed:
            raise deadline.error(url) from err
        raise
    return b"".join(chunks), response


def _capped(pieces: Iterable[bytes], cap: int, url: str, *, cut: bool) -> Iterator[bytes]:
    """The raw bytes, no more than `cap` of them: a compressed body is never larger than what it
    decodes to by more than a few bytes, and a stream of empty deflate blocks decodes to nothing."""
    total = 0
    for piece in pieces:
        total += len(piece)
        if total > cap:
            if cut:
                yield piece[: len(piece) - (total - cap)]
                return
            raise SourceError(f"{url}: response is over the limit of {cap} bytes")
        yield piece


def content_codings(headers: httpx.Headers) -> list[str]:
    """The codings of Content-Encoding we undo, in the order they were applied. Others are left
    alone, as httpx does (servers send "utf-8" or "none" there), and we never ask for them."""
    values = (value.strip().lower() for value in headers.get_list("content-encoding", split_commas=True))
    return [value for value in values if value in ("gzip", "x-gzip", "deflate")]


def decode(pieces: Iterable[bytes], codings: list[str]) -> Iterator[bytes]:
    """Undo the codings, the last applied first; every piece is at most STEP bytes."""
    stream = iter(pieces)
    for coding in reversed(codings):
        stream = _inflate(stream, coding)
    return stream


def _inflate(pieces: Iterator[bytes], coding: str) -> Iterator[bytes]:
    """One gzip or deflate layer, at most STEP bytes from one call, so a bomb never comes out whole
    (zlib keeps what it has not given back in `unconsumed_tail`). Bytes after the end of the
    compressed stream are ignored, as httpx does; "deflate" may come with or without zlib's header."""
    raw_deflate_allowed = coding == "deflate"
    inflater = zlib.decompressobj(zlib.MAX_WBITS | 16 if coding in ("gzip", "x-gzip") else zlib.MAX_WBITS)
    for data in pieces:
        while True:
            try:
                out = inflater.decompress(data, STEP)
            except zlib.error as err:
                if not raw_deflate_allowed:
                    raise httpx.DecodingError(f"body is not valid {coding}: {err}") from err
                inflater = zlib.decompressobj(-zlib.MAX_WBITS)
                raw_deflate_allowed = False
                continue
            raw_deflate_allowed = False
            if out:
                yield out
            data = inflater.unconsumed_tail
            if inflater.eof:
                return
            if not data and len(out) < STEP:  # all input taken and nothing held back
                break
