"""Opening zip containers (.docx, .qdpx) with a cap on what they unpack to.

A 3 MB .docx can hold a 3 GB ``document.xml`` (compression ratios of 1000:1 are
easy), so the size on disk says nothing. Python's zipfile never returns more
than a member's declared size (it cuts the stream there and then fails the CRC),
so checking the declared sizes before reading anything bounds the memory used.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

__all__ = ["MAX_MEMBERS", "MAX_UNPACKED", "ZipLimitError", "open_zip"]

MAX_UNPACKED = 200_000_000  # bytes, all members together
MAX_MEMBERS = 10_000


class ZipLimitError(Exception):
    """A zip that is damaged or unpacks to more than we read, in one sentence."""


def open_zip(source: bytes | str | Path, *, max_unpacked: int | None = None,
             max_members: int | None = None) -> zipfile.ZipFile:
    """A ZipFile whose members together declare at most ``max_unpacked`` bytes (default MAX_UNPACKED)."""
    max_unpacked = MAX_UNPACKED if max_unpacked is None else max_unpacked
    max_members = MAX_MEMBERS if max_members is None else max_members
    try:
        archive = zipfile.ZipFile(io.BytesIO(source) if isinstance(source, bytes) else source)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError) as error:
        raise ZipLimitError(f"it is a damaged zip file ({error})") from None
    infos = archive.infolist()
    if len(infos) > max_members:
        archive.close()
        raise ZipLimitError(f"it holds {len(infos)} files; more than {max_members} is not a document")
    total = sum(info.file_size for info in infos)
    if total > max_unpacked:
        archive.close()
        raise ZipLimitError(f"it unpacks to {total / 1_000_000:,.0f} MB, more than the "
                            f"{max_unpacked / 1_000_000:,.0f} MB a document may hold")
    return archive
