"""Who may write where: one run per extracted/ folder, one draft writer at a time.

All are kernel locks (flock): they go with their process, so a killed one leaves nothing held.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from ..errors import RunInProgress
from ..records import utcnow
from .files import remove_stale_temp_files, storage_error

RUN_LOCK_NAME = ".run.lock"


@contextmanager
def run_lock(extracted_dir: Path, *also_clean: Path) -> Iterator[None]:
    """Hold extracted/ for one run: a second run on the same folder (a scheduled run overlapping
    a manual one, say) raises RunInProgress naming the holder instead of interleaving its
    clustering and drafts with this one's. The lock is the kernel's (flock): it goes with the
    process, so a killed run leaves nothing to clean up but the temporary files of the writes
    it was killed in, which are removed here (in extracted/ and the folders in `also_clean`,
    raw/ say). RAISES StorageError when extracted/ cannot be written."""
    import fcntl

    path = extracted_dir / RUN_LOCK_NAME
    try:
        extracted_dir.mkdir(parents=True, exist_ok=True)
        fh = open(path, "a+", encoding="utf-8")
    except OSError as err:
        raise storage_error(path, err) from err
    with fh:
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            fh.seek(0)
            holder = fh.read().strip() or "another process"
            raise RunInProgress(f"another run is using {extracted_dir} ({holder}); "
                                "wait for it to end, then run again") from None
        note = f"pid {os.getpid()} since {utcnow().isoformat(timespec='seconds')}\n"
        try:  # unbuffered, so a full disk fails here and not again when the file is closed
            os.ftruncate(fh.fileno(), 0)
            os.write(fh.fileno(), note.encode())
        except OSError as err:
            raise storage_error(path, err) from err
        try:
            for folder in (extracted_dir, *also_clean):
                remove_stale_temp_files(folder)
            yield
        finally:
            os.ftruncate(fh.fileno(), 0)
            fcntl.flock(fh, fcntl.LOCK_UN)
