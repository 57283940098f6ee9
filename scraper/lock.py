"""One crawl at a time per archive: an exclusive lock on a file beside it.

Cron and systemd start the nightly run whether or not the last one has finished (a slow
site, a deep pass); two crawls of the same archive would fetch everything twice and race
for the same rows. ``flock`` is released by the kernel when the process dies, even by
SIGKILL, so a killed crawl never leaves a stale lock behind, and holding the lock proves
that no earlier run is still alive (which lets the new run close the books of one that
was killed: :meth:`archive.storage.Archive.abandon_stale_runs`).
"""

from __future__ import annotations

import datetime as dt
import fcntl
import os
from pathlib import Path
from types import TracebackType

#: Exit status of a crawl that found another one running (EX_TEMPFAIL: try again later).
EXIT_LOCKED = 75


class CrawlLocked(RuntimeError):
    """Another crawl holds the lock; the message says which process and since when."""


class CrawlLock:
    """``with CrawlLock(path):`` holds the lock for the block or raises :class:`CrawlLocked`."""

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = Path(path)
        self._fd: int | None = None

    def acquire(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(fd, 200, 0).decode("utf-8", "replace").strip() or "unknown process"
            os.close(fd)
            raise CrawlLocked(
                f"another crawl is running ({holder}; lock {self.path}): this one exits"
            ) from None
        os.ftruncate(fd, 0)
        started = dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        os.pwrite(fd, f"pid {os.getpid()} since {started}\n".encode(), 0)
        self._fd = fd

    def release(self) -> None:
        if self._fd is not None:
            fcntl.flock(self._fd, fcntl.LOCK_UN)
            os.close(self._fd)
            self._fd = None

    def __enter__(self) -> CrawlLock:
        self.acquire()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.release()


def lock_path_for(db_url: str, setting: str | None = None) -> Path:
    """``CRAWL_LOCK_FILE`` when set, else ``crawl.lock`` beside the archive (see archive.db.local_dir)."""
    if setting:
        return Path(setting)
    from archive.db import local_dir

    return local_dir(db_url) / "crawl.lock"
