"""Backups of the whole database file: every check before anything is touched, then an atomic rename.

The target used to be deleted before it was compared with the database, so
``backup -o <the database> --force`` emptied the database it refused to copy.
Now nothing is removed or replaced until the copy is complete: it is written to
a private temporary file beside the target and renamed over it.
"""

from __future__ import annotations

import contextlib
import errno
import os
import sqlite3
import stat
import tempfile
from pathlib import Path

from interview.store.base import StoreBase
from interview.store.core import StoreError, _guarded

# Files SQLite keeps beside a database; writing a copy over one of them corrupts or loses it.
_COMPANIONS = ("", "-wal", "-shm", "-journal")

_REASONS = {errno.ENOSPC: "the disk is full", errno.EACCES: "permission denied",
            errno.EPERM: "permission denied", errno.EROFS: "the disk is read-only"}


def _is_database_file(target: Path, database: Path) -> bool:
    """True when ``target`` names the database or one of its companion files, by any path.

    Relative paths, ``..`` and symbolic links are resolved; hard links (and bind
    mounts) are caught by comparing device and inode of files that exist.
    """
    real_target = os.path.realpath(target)
    for suffix in _COMPANIONS:
        own = Path(f"{database}{suffix}")
        if real_target == os.path.realpath(own):
            return True
        with contextlib.suppress(OSError):
            if os.path.samefile(target, own):
                return True
    return False


def check_backup_target(target: Path, database: Path, *, overwrite: bool) -> Path:
    """Refuse a target the backup must not write, with the reason; return where to write.

    A symbolic link is followed, so the copy lands where the link points.
    """
    if _is_database_file(target, database):
        raise StoreError("the backup cannot be written over the database itself (or its -wal/-shm files)")
    final = Path(os.path.realpath(target))
    if os.path.lexists(final):
        if not overwrite:
            raise StoreError(f"{target} already exists; use --force to overwrite it")
        if not stat.S_ISREG(os.stat(final).st_mode):
            raise StoreError(f"{target} is not a regular file; a backup only replaces a file")
    if not final.parent.is_dir():
        raise StoreError(f"cannot write {target}: the folder {target.parent} does not exist")
    return final


def write_backup(conn: sqlite3.Connection, target: Path, final: Path, *, overwrite: bool) -> Path:
    """Copy ``conn``'s database with SQLite's online backup API to ``final``, atomically.

    The copy is owner-only from its first byte (mkstemp creates it 0600), synced,
    then renamed into place; on any failure the temporary file is removed and
    whatever was at the target is left as it was.
    """
    try:
        fd, temp = tempfile.mkstemp(dir=final.parent, prefix=f".{final.name}.", suffix=".part")
    except OSError as error:
        raise StoreError(f"cannot write {target}: {_REASONS.get(error.errno or 0, error.strerror)}") from None
    os.close(fd)
    try:
        copy = sqlite3.connect(temp)
        try:
            conn.backup(copy)
            copy.execute("PRAGMA journal_mode = DELETE")
        finally:
            copy.close()
        fd = os.open(temp, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
        if not overwrite and os.path.lexists(final):  # created by someone else meanwhile
            raise StoreError(f"{target} already exists; use --force to overwrite it")
        os.replace(temp, final)
        _sync_folder(final.parent)
    except OSError as error:
        raise StoreError(f"cannot write {target}: {_REASONS.get(error.errno or 0, error.strerror)}") from None
    except sqlite3.Error as error:
        raise StoreError(f"cannot write the backup {target}: {error}") from None
    finally:
        with contextlib.suppress(OSError):
            os.unlink(temp)
    return final


def _sync_folder(folder: Path) -> None:
    """Make the rename itself durable (best effort: some file systems refuse to sync a folder)."""
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


class BackupQueries(StoreBase):
    """``Store.backup_to``: the copy runs on the open connection."""

    @_guarded
    def backup_to(self, target: str | Path, *, overwrite: bool = False) -> Path:
        """A consistent copy through SQLite's online backup API, safe while the app is writing.

        Every check (not the database itself by any path, not an existing file unless
        ``overwrite``) comes before anything is written; see ``check_backup_target`` and ``write_backup`` above.
        """
        target = Path(target).expanduser()
        final = check_backup_target(target, self.path, overwrite=overwrite)
        return write_backup(self.conn, target, final, overwrite=overwrite)
