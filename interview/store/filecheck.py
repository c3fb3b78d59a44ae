"""The file's bytes after an erase, and who else has the file open.

``participants forget`` claims the erased text is gone only after ``traces_in_file``
scanned the database and its WAL; ``programs_using`` names what keeps it open
(Linux ``/proc``; elsewhere the sentence says "another program").
"""

from __future__ import annotations

import contextlib
import os
import re
import unicodedata
from pathlib import Path

from interview.names import spaced


def byte_forms(text: str) -> set[bytes]:
    """How a string can sit in the file: as typed, NFC or NFD, any case, without accents or apostrophes."""
    forms: set[str] = set()
    for base in {text, spaced(text)}:
        for norm in ("NFC", "NFD"):
            value = unicodedata.normalize(norm, base)
            forms.update({value, value.casefold(), value.upper()})
        plain = unicodedata.normalize("NFKD", base).encode("ascii", "ignore").decode()
        forms.add(plain)
    return {f.encode("utf-8").lower() for f in forms if len(f.strip()) >= 3}


def traces_in_file(path: Path, strings: dict[str, str], chunk: int = 1 << 22) -> list[str]:
    """Labels of ``strings`` whose bytes are still in the database file or its WAL (any case, whole words).

    Whole words, so that forgetting "Firm1" is not contradicted by "Firm10" (UTF-8 bytes of
    other letters count as letters).
    """
    wanted = {label: re.compile(rb"(?<![a-z0-9\x80-\xff])(?:" + b"|".join(re.escape(f) for f in forms)
                                + rb")(?![a-z0-9\x80-\xff])")
              for label, text in strings.items() if text.strip() and (forms := byte_forms(text))}
    longest = max((len(f) for text in strings.values() for f in byte_forms(text)), default=0) + 1
    found: set[str] = set()
    for part in (path, Path(f"{path}-wal")):
        try:
            handle = open(part, "rb")
        except FileNotFoundError:
            continue
        with handle:
            tail = b""
            while block := handle.read(chunk):
                window = tail + block.lower()
                for label, pattern in wanted.items():
                    if label not in found and pattern.search(window):
                        found.add(label)
                tail = window[-longest:]
    return [label for label in strings if label in found]


def programs_using(path: Path) -> list[str]:
    """Other processes with the database (or its WAL) open, as "name (pid N)"; Linux only, else []."""
    targets = set()
    for part in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
        with contextlib.suppress(OSError):
            targets.add(os.path.realpath(part))
    found = []
    proc = Path("/proc")
    if not proc.is_dir():
        return []
    for entry in proc.iterdir():
        if not entry.name.isdigit() or int(entry.name) == os.getpid():
            continue
        try:
            if any(os.path.realpath(fd) in targets for fd in (entry / "fd").iterdir()):
                found.append(f"{_program_name(entry)} (pid {entry.name})")
        except OSError:
            continue
    return sorted(found)


def _program_name(entry: Path) -> str:
    """"interview", "sqlite3", "datasette", "python3" from a /proc entry's command line."""
    try:
        args = [a for a in (entry / "cmdline").read_bytes().decode(errors="replace").split("\0") if a]
    except OSError:
        args = []
    if not args:
        with contextlib.suppress(OSError):
            return (entry / "comm").read_text().strip() or "a program"
        return "a program"
    program = os.path.basename(args[0])
    if program.startswith("python") and len(args) > 1:
        if args[1] == "-m" and len(args) > 2:
            return args[2]
        if not args[1].startswith("-"):
            return os.path.basename(args[1])
    return program
