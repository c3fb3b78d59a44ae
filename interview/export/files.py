"""Writing export files safely: owner-only, never over an existing file unless asked.

Interview notes are personal data, so every export is created with mode 0600
from its first byte (not chmod-ed afterwards), via a temporary file in the same
folder that is renamed into place, so a failed export never leaves half a file.
"""

from __future__ import annotations

import errno
import os
import re
import unicodedata
from pathlib import Path

from interview.regular_files import FileKindError, check_regular_target

FORMATS: dict[str, str] = {"docx": ".docx", "md": ".md", "json": ".json"}
SYNTHESIS_FORMATS: dict[str, str] = {**FORMATS, "html": ".html"}  # a synthesis can also be a shareable web page


class ExportError(Exception):
    """An export that could not be written, explained in one sentence."""


def check_format(fmt: str, formats: dict[str, str] = FORMATS) -> str:
    fmt = fmt.lower().lstrip(".")
    if fmt == "markdown":
        fmt = "md"
    if fmt == "htm":
        fmt = "html"
    if fmt not in formats:
        raise ExportError(f"unknown export format '{fmt}'; choose {', '.join(formats)}")
    return fmt


def slug(text: str, limit: int = 40) -> str:
    """A file-name-safe, lower-case ASCII version of a name ("Ana López" -> "ana-lopez")."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    cleaned = re.sub(r"[^a-z0-9]+", "-", plain.lower()).strip("-")
    return cleaned[:limit].strip("-")


def check_target(path: Path, *, force: bool) -> Path:
    """Refuse a target we must not write, with the reason; return the absolute path."""
    path = Path(path).expanduser()
    if path.is_dir():
        raise ExportError(f"{path} is a folder; give a file name to export to")
    try:
        check_regular_target(path)  # renaming over /dev/null would replace the device with a file
    except FileKindError as error:
        raise ExportError(str(error)) from None
    parent = path.parent if str(path.parent) else Path(".")
    if not parent.is_dir():
        raise ExportError(f"cannot write {path}: the folder {parent} does not exist")
    if path.exists() and not force:
        raise ExportError(f"{path} already exists; choose another name or overwrite it with --force")
    if not os.access(parent, os.W_OK):
        raise ExportError(f"cannot write {path}: the folder {parent} is not writable")
    if path.exists() and not os.access(path, os.W_OK):
        raise ExportError(f"cannot overwrite {path}: the file is read-only")
    return path.absolute()


def write_private(path: Path, data: bytes, *, force: bool = False) -> Path:
    """Write ``data`` to ``path`` with mode 0600; ExportError on any failure."""
    path = check_target(path, force=force)
    temp = path.with_name(f".{path.name}.{os.getpid()}.part")
    try:
        fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
        except BaseException:
            temp.unlink(missing_ok=True)
            raise
        if not force and path.exists():  # created by someone else meanwhile
            temp.unlink(missing_ok=True)
            raise ExportError(f"{path} already exists; choose another name or overwrite it with --force")
        os.replace(temp, path)
        os.chmod(path, 0o600)
    except OSError as error:
        reason = {errno.ENOSPC: "the disk is full", errno.EACCES: "permission denied",
                  errno.EROFS: "the disk is read-only"}.get(error.errno or 0, error.strerror or str(error))
        raise ExportError(f"cannot write {path}: {reason}") from None
    return path
