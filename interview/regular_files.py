"""Reading and writing only regular files, with a size cap on what is read.

A path a user gives may name a device (``/dev/zero``, ``/dev/null``), a named
pipe or a socket. Reading one never ends or waits forever (a FIFO blocks in
``open`` until a writer appears; ``/dev/zero`` reports size 0 and never ends),
and writing over one with a rename replaces the device with a file. So every
file interview reads from a user or writes for one goes through here; callers
turn :class:`FileKindError` into their own error type.

    data = read_regular(path, limit=50_000_000, what="transcript")
    check_regular_target(Path("summary.docx"))   # a new path or an existing regular file
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

__all__ = ["FileKindError", "check_regular_target", "kind_of", "read_regular", "read_user_file"]


class FileKindError(Exception):
    """A path that is not a regular file, or a file larger than allowed, in one sentence.

    From ``read_user_file`` also a missing or unreadable file.
    """


def kind_of(mode: int) -> str:
    """What a non-regular file is, for a sentence: "a device", "a named pipe (FIFO)", ..."""
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def check_regular_target(path: str | Path) -> None:
    """Refuse an existing target (followed through symlinks) that is not a regular file.

    A path that does not exist yet is fine: the caller creates it. Only existing
    regular files may be replaced.
    """
    try:
        info = os.stat(path)
    except FileNotFoundError:
        return
    except OSError:
        return  # the caller's own checks (folder, permissions) explain it
    if not stat.S_ISREG(info.st_mode):
        raise FileKindError(f"{path} is {kind_of(info.st_mode)}, not a regular file; "
                            "interview writes only to regular files or new paths")


def read_user_file(path: Path, *, limit: int, what: str, too_large: str = "") -> bytes:
    """``read_regular`` for a path the user named: every failure is one FileKindError sentence.

    The importers share it so a transcript and a feedback file fail the same way:
    "does not exist", "is a folder, not a {what} file", "cannot be read (Permission denied)".
    """
    try:
        if path.is_dir():
            raise FileKindError(f"is a folder, not a {what} file")
        return read_regular(path, limit=limit, what=what, too_large=too_large)
    except FileNotFoundError:
        raise FileKindError("does not exist") from None
    except OSError as error:
        raise FileKindError(f"cannot be read ({error.strerror})") from None


def read_regular(path: str | Path, *, limit: int, what: str = "file", too_large: str = "") -> bytes:
    """The bytes of a regular file no larger than ``limit``; FileKindError otherwise.

    Opened non-blocking so a FIFO cannot hang ``open``; the type is checked on the
    open descriptor (no race with a swap); at most ``limit + 1`` bytes are read, so
    a file that grows while being read is still refused. OSError (missing file,
    permissions) is left to the caller. ``too_large``: the advice after "is larger than N MB;".
    """
    advice = too_large or f"that is not a {what}"
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise FileKindError(f"is {kind_of(info.st_mode)}, not a regular {what} file")
        if info.st_size > limit:
            raise FileKindError(f"is larger than {_size(limit)}; {advice}")
        chunks: list[bytes] = []
        left = limit + 1
        while left > 0:
            chunk = os.read(fd, min(left, 1 << 20))
            if not chunk:
                break
            chunks.append(chunk)
            left -= len(chunk)
        if left <= 0:
            raise FileKindError(f"is larger than {_size(limit)}; {advice}")
        return b"".join(chunks)
    finally:
        os.close(fd)


def _size(limit: int) -> str:
    if limit >= 1_000_000:
        return f"{limit / 1_000_000:g} MB"
    return f"{limit / 1000:g} KB"
