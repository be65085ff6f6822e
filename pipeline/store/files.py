"""Files of ours, written whole: atomic writes, appends that are whole or nothing, kernel locks.

Every write goes to a temporary file in the same folder and is renamed into place, so a killed
run leaves either the old file or the new one, never half of one. A temporary file a killed
process left behind (its name holds the writer's pid) is removed by the next run. A write that
fails (no space left, read-only file system) raises StorageError naming the file and the cause,
and leaves nothing half-written behind.
"""

from __future__ import annotations

import errno
import hashlib
import os
import re
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

from ..errors import StorageError

TEMP_SUFFIX = ".tmp"
_UMASK = os.umask(0)
os.umask(_UMASK)
FILE_MODE = 0o666 & ~_UMASK


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def storage_error(path: Path, err: BaseException) -> StorageError:
    """The error for a file of ours that cannot be written: its path and the cause, in one line
    ("cannot write extracted/x.md: No space left on device")."""
    cause = err.strerror if isinstance(err, OSError) and err.strerror else str(err)
    folder = path if path.is_dir() else path.parent
    while not folder.exists() and folder != folder.parent:
        folder = folder.parent
    try:  # SQLite says "unable to open database file" where the real cause is a read-only mount
        if os.statvfs(folder).f_flag & os.ST_RDONLY:
            cause = os.strerror(errno.EROFS)
    except OSError:
        pass
    return StorageError(f"cannot write {path}: {cause}")


def atomic_write(path: Path, data: bytes, *, mode: int = FILE_MODE) -> None:
    """Write `data` to `path` via a temporary file and a rename (atomic on POSIX); the file has
    `mode` before it gets its name (0600 for secrets: never readable by others, even briefly).

    RAISES StorageError when the file cannot be written; the temporary file is removed then.
    """
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.{os.getpid()}.", suffix=TEMP_SUFFIX)
    except OSError as err:
        raise storage_error(path, err) from err
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, mode)  # mkstemp makes 0600 files; drafts are for people to read
        os.replace(tmp, path)
    except BaseException as err:
        with suppress(OSError):
            Path(tmp).unlink(missing_ok=True)
        if isinstance(err, OSError):
            raise storage_error(path, err) from err
        raise


# atomic_write's temporary files: ".<name>.<pid>.<mkstemp's 8 characters>.tmp"
_TEMP_NAME = re.compile(r"^\..+\.(?P<pid>\d+)\.[a-z0-9_]{8}" + re.escape(TEMP_SUFFIX) + "$")


def _writer_is_gone(temp: Path) -> bool:
    """Whether `temp` is a temporary file of atomic_write's whose process has ended."""
    match = _TEMP_NAME.match(temp.name)
    if match is None:
        return False  # not ours
    pid = int(match["pid"])
    if pid == os.getpid():
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except PermissionError:  # alive, another user's
        return False
    return False


def remove_stale_temp_files(folder: Path) -> int:
    """Remove the temporary files that killed runs left under `folder` (their writer is gone;
    a live process's are kept). RETURNS how many were removed."""
    removed = 0
    if not folder.is_dir():
        return 0
    for temp in folder.rglob(f".*{TEMP_SUFFIX}"):
        if temp.is_file() and _writer_is_gone(temp):
            try:
                temp.unlink()
                removed += 1
            except FileNotFoundError:
                pass
            except OSError as err:
                raise storage_error(temp, err) from err
    return removed


@contextmanager
def file_lock(path: Path) -> Iterator[None]:
    """Wait for and hold an exclusive kernel lock (flock) on `path`: one writer at a time among
    processes that take it; it goes with the process if it is killed."""
    import fcntl

    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fh = open(path, "a")
    except OSError as err:
        raise storage_error(path, err) from err
    with fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def append_whole(path: Path, data: bytes) -> int:
    """Append `data` to `path` whole or not at all (a full disk can take part of a write, which
    would leave half a line); RETURNS the file's size before. RAISES StorageError."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
    except OSError as err:
        raise storage_error(path, err) from err
    try:
        end = os.fstat(fd).st_size
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view):]
        except OSError as err:
            os.ftruncate(fd, end)
            raise storage_error(path, err) from err
        return end
    finally:
        os.close(fd)
