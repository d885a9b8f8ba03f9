"""One atomic writer and one file lock for everything that writes to disk."""

from __future__ import annotations

import contextlib
import errno
import fcntl
import glob
import os
import secrets
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path


def fsync_dir(path: Path) -> None:
    """Flush a directory entry (after a rename) where the platform allows it."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_DIRECTORY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def atomic_write_bytes(path: Path, data: bytes, mode: int = 0o644) -> None:
    """Write ``data`` to ``path`` so that readers see the old or the new file,
    never a truncated one: temp file in the same folder, fsync, ``os.replace``,
    fsync the folder."""
    path = Path(path)
    folder = path.parent
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    fsync_dir(folder)


def atomic_write_text(path: Path, text: str, mode: int = 0o644) -> None:
    atomic_write_bytes(path, text.encode("utf-8"), mode)


def remove_temp_files(path: Path) -> int:
    """Delete the temp files ``atomic_write_*`` leaves beside ``path`` when a
    writer dies between creating and renaming one. Only safe while holding
    the lock every writer of ``path`` takes (else it could delete a live one).
    Returns how many were removed."""
    path = Path(path)
    removed = 0
    for stale in path.parent.glob(f".{glob.escape(path.name)}.*.tmp"):
        with contextlib.suppress(OSError):
            stale.unlink()
            removed += 1
    return removed


def atomic_backup(path: Path, backup: Path) -> None:
    """Make ``backup`` a copy of ``path`` as it is now, atomically: readers of
    ``backup`` see the old or the new copy, never part of one. A hard link
    costs no copying and stays valid because ``path`` itself is only ever
    replaced, never rewritten in place; where links are not allowed, copy."""
    path, backup = Path(path), Path(backup)
    tmp = backup.parent / f".{backup.name}.{secrets.token_hex(6)}.tmp"
    try:
        os.link(path, tmp)
    except OSError as exc:
        if exc.errno not in (errno.EPERM, errno.EXDEV, errno.EMLINK, errno.ENOTSUP, errno.EOPNOTSUPP):
            raise
        atomic_write_bytes(backup, path.read_bytes(), mode=os.stat(path).st_mode & 0o777)
        return
    try:
        os.replace(tmp, backup)
    finally:
        # rename(2) does nothing when both names already link the same file
        # (a writer died between backing up and replacing), leaving ``tmp``.
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
    fsync_dir(backup.parent)


class LockTimeout(Exception):
    """The lock was held by someone else for longer than the timeout."""


@contextlib.contextmanager
def exclusive_lock(path: Path, timeout: float = 10.0, poll: float = 0.05) -> Iterator[None]:
    """Hold an advisory ``flock`` on ``path`` (created if missing).

    Raises ``LockTimeout`` if another process keeps it for ``timeout`` seconds.
    The lock dies with the process, so a crashed holder never wedges it.
    """
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        deadline = time.monotonic() + timeout
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except OSError as exc:
                if exc.errno not in (errno.EAGAIN, errno.EACCES, errno.EWOULDBLOCK):
                    raise
                if time.monotonic() >= deadline:
                    raise LockTimeout(str(path)) from None
                time.sleep(poll)
        try:
            yield
        finally:
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)
