"""Analysts' accounts, and the review page's logins and sessions.

Accounts are one JSON file (review.accounts, default <paths.state>/analysts.json), written
atomically with mode 0600 by `newsevents analyst add|remove`: each name with a salted scrypt hash
and the scrypt parameters it was made with, so the parameters can be raised later without
locking anyone out. Passwords themselves are never stored.

Sessions live in the server's memory only (a restart logs everyone out): a random token in an
HttpOnly cookie, the analyst's name, a CSRF token for the forms, and the account's hash at login,
so a new password or a removed account ends the session at the next request.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import secrets
import threading
import time
import unicodedata
from collections import deque
from collections.abc import Callable, Mapping
from contextlib import AbstractContextManager
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from .errors import PipelineError
from .store import atomic_write, file_lock

# About 50 ms and 16 MB a check: nothing to a login, a lot to someone guessing from a stolen file.
SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**14, 8, 1
MAX_SCRYPT_N = 2**20  # a file naming more would make every login a denial of service
SALT_BYTES = 16
KEY_BYTES = 32
MAX_NAME = 64
MIN_PASSWORD = 8
FILE_MODE = 0o600
TOKEN_BYTES = 32  # secrets.token_urlsafe(32): 256 random bits a session and a CSRF token


class AccountError(PipelineError):
    """An account that cannot be made, found or read as asked."""


# ---------------------------------------------------------------------------------- passwords


def check_name(name: str) -> str:
    """The analyst's name as stored (NFC): 1 to 64 characters, no control or format characters, no
    spaces at either end. It is written into every draft's review log and shown on the page."""
    name = unicodedata.normalize("NFC", name)
    if not name or len(name) > MAX_NAME:
        raise AccountError(f"a name has 1 to {MAX_NAME} characters, not {len(name)}")
    if name != name.strip():
        raise AccountError("a name cannot begin or end with a space")
    bad = next((c for c in name if unicodedata.category(c).startswith(("C", "Z")) and c != " "), None)
    if bad is not None:
        raise AccountError(f"a name cannot hold the character U+{ord(bad):04X}")
    return name


def hash_password(password: str, *, salt: bytes | None = None) -> dict[str, Any]:
    """A salted scrypt hash of `password`, with the parameters that made it."""
    salt = salt if salt is not None else secrets.token_bytes(SALT_BYTES)
    key = _scrypt(password, salt, SCRYPT_N, SCRYPT_R, SCRYPT_P, KEY_BYTES)
    return {"scheme": "scrypt", "n": SCRYPT_N, "r": SCRYPT_R, "p": SCRYPT_P, "salt": salt.hex(), "hash": key.hex()}


def verify_password(password: str, record: Mapping[str, Any]) -> bool:
    """Whether `password` is the one `record` was made from (compared in constant time)."""
    try:
        n, r, p = int(record["n"]), int(record["r"]), int(record["p"])
        salt, expected = bytes.fromhex(record["salt"]), bytes.fromhex(record["hash"])
    except (KeyError, TypeError, ValueError) as err:
        raise AccountError(f"not a password record: {err}") from err
    if record.get("scheme") != "scrypt" or not (1 < n <= MAX_SCRYPT_N and 0 < r <= 32 and 0 < p <= 16):
        raise AccountError("not a password record this version reads")
    return hmac.compare_digest(_scrypt(password, salt, n, r, p, len(expected)), expected)


def _scrypt(password: str, salt: bytes, n: int, r: int, p: int, length: int) -> bytes:
    return hashlib.scrypt(password.encode("utf-8"), salt=salt, n=n, r=r, p=p, dklen=length,
                          maxmem=129 * r * (n + p) + 2**20)


@cache
def _dummy() -> dict[str, Any]:
    """A hash of no one's password: an unknown name is checked against it, to take the same time."""
    return hash_password(secrets.token_urlsafe(TOKEN_BYTES))


def authenticate(accounts: Mapping[str, Mapping[str, Any]], name: str, password: str) -> str | None:
    """The name as stored when `password` is `name`'s, else None. An unknown (or invalid) name
    costs the same scrypt run as a known one, so neither the answer nor its time tells which
    names exist."""
    try:
        name = check_name(name)
    except AccountError:
        name = ""
    record = accounts.get(name)
    ok = verify_password(password, record if record is not None else _dummy())
    return name if ok and record is not None else None


# ----------------------------------------------------------------------------------- the file


def load_accounts(path: Path) -> dict[str, dict[str, Any]]:
    """The accounts by name; none when the file does not exist."""
    try:
        data = json.loads(path.read_bytes())
    except FileNotFoundError:
        return {}
    except (OSError, ValueError) as err:
        raise AccountError(f"the accounts file {path} cannot be read: {err}") from err
    analysts = data.get("analysts") if isinstance(data, dict) else None
    if not isinstance(analysts, dict) or not all(isinstance(v, dict) for v in analysts.values()):
        raise AccountError(f"the accounts file {path} is not one this version wrote")
    return analysts


def add_analyst(path: Path, name: str, password: str, *, replace: bool = False,
                at: dt.datetime | None = None) -> str:
    """Add an account (or, with `replace`, give it a new password); RETURNS the name as stored."""
    name = check_name(name)
    if len(password) < MIN_PASSWORD:
        raise AccountError(f"a password has at least {MIN_PASSWORD} characters")
    with _locked(path):
        analysts = load_accounts(path)
        if name in analysts and not replace:
            raise AccountError(f"there is an analyst {name!r} already (--replace gives a new password)")
        added = (at or dt.datetime.now(dt.timezone.utc)).isoformat(timespec="seconds")
        analysts[name] = {**hash_password(password), "added": added}
        _write(path, analysts)
    return name


def remove_analyst(path: Path, name: str) -> None:
    """Remove an account: its sessions end at their next request."""
    name = unicodedata.normalize("NFC", name)
    with _locked(path):
        analysts = load_accounts(path)
        if name not in analysts:
            raise AccountError(f"no analyst {name!r} in {path}")
        del analysts[name]
        _write(path, analysts)


def _locked(path: Path) -> AbstractContextManager[None]:
    """One writer at a time (two `analyst add` at once would lose one)."""
    return file_lock(path.with_name(f".{path.name}.lock"))


def _write(path: Path, analysts: Mapping[str, Any]) -> None:
    data = json.dumps({"analysts": analysts}, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
    atomic_write(path, data.encode("utf-8"), mode=FILE_MODE)


# -------------------------------------------------------------------------- sessions, throttle


@dataclass(frozen=True)
class Session:
    token: str
    name: str
    csrf: str
    stamp: str  # the account's hash at login
    expires: float  # on the sessions' clock


class Sessions:
    """Logged-in analysts by their cookie's token, held in memory (thread-safe: the app's routes
    run in a thread pool)."""

    def __init__(self, lifetime: float, clock: Callable[[], float] = time.monotonic) -> None:
        self.lifetime, self.clock = lifetime, clock
        self._by_token: dict[str, Session] = {}
        self._lock = threading.Lock()

    def start(self, name: str, stamp: str) -> Session:
        session = Session(token=secrets.token_urlsafe(TOKEN_BYTES), name=name, csrf=secrets.token_urlsafe(TOKEN_BYTES),
                          stamp=stamp, expires=self.clock() + self.lifetime)
        with self._lock:
            now = self.clock()
            self._by_token = {t: s for t, s in self._by_token.items() if s.expires > now}
            self._by_token[session.token] = session
        return session

    def get(self, token: str | None, accounts: Mapping[str, Mapping[str, Any]]) -> Session | None:
        """The live session of `token`: not expired, its account still there with the same hash."""
        if not token:
            return None
        with self._lock:
            session = self._by_token.get(token)
            if session is None:
                return None
            record = accounts.get(session.name)
            if session.expires <= self.clock() or record is None or record.get("hash") != session.stamp:
                del self._by_token[token]
                return None
            return session

    def end(self, token: str | None) -> None:
        with self._lock:
            self._by_token.pop(token or "", None)


class Throttle:
    """Failed logins by key (a name, a client address): `limit` failures within `window` seconds
    and that key's logins are refused until the oldest of them is `window` seconds old."""

    def __init__(self, limit: int, window: float, clock: Callable[[], float] = time.monotonic) -> None:
        self.limit, self.window, self.clock = limit, window, clock
        self._failures: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def blocked(self, *keys: str) -> bool:
        with self._lock:
            self._forget()
            return any(len(self._failures.get(key, ())) >= self.limit for key in keys)

    def failed(self, *keys: str) -> None:
        with self._lock:
            for key in keys:
                self._failures.setdefault(key, deque()).append(self.clock())

    def _forget(self) -> None:
        oldest = self.clock() - self.window
        for key in list(self._failures):
            times = self._failures[key]
            while times and times[0] <= oldest:
                times.popleft()
            if not times:
                del self._failures[key]
