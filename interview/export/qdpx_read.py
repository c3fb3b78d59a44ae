"""Reading a REFI-QDA project (.qdpx) back: codes, text sources and coded selections.

Written to check our own exports (round-trip tests) and to look inside a file
from another QDA tool. It understands plain-text sources (``TextSource`` with
``plainTextPath`` into ``sources/`` or inline ``PlainTextContent``) and their
``PlainTextSelection`` codings; other source kinds are listed without text.
"""

from __future__ import annotations

import zipfile
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path

from interview.export.qdpx import NAMESPACE
from interview.regular_files import FileKindError, read_regular
from interview.zip_limits import ZipLimitError, open_zip

__all__ = ["QdaCase", "QdaCode", "QdaSelection", "QdaSource", "QdaProject", "QdpxError", "read_qdpx"]

_NS = f"{{{NAMESPACE}}}"


class QdpxError(Exception):
    """A file that is not a REFI-QDA project we can read, in one sentence."""


@dataclass
class QdaCode:
    guid: str
    name: str
    parent: str | None = None
    codable: bool = True
    color: str = ""


@dataclass
class QdaSelection:
    guid: str
    start: int
    end: int
    codes: list[str] = field(default_factory=list)  # code GUIDs
    description: str = ""


@dataclass
class QdaSource:
    guid: str
    name: str
    text: str = ""
    selections: list[QdaSelection] = field(default_factory=list)

    def quoted(self, selection: QdaSelection) -> str:
        """The words a selection covers."""
        return self.text[selection.start : selection.end]


@dataclass
class QdaCase:
    """A case (for us: a participant) and the sources about it."""

    guid: str
    name: str
    sources: list[str] = field(default_factory=list)


@dataclass
class QdaProject:
    name: str
    origin: str = ""
    users: dict[str, str] = field(default_factory=dict)  # guid -> name
    codes: dict[str, QdaCode] = field(default_factory=dict)
    sources: list[QdaSource] = field(default_factory=list)
    cases: list[QdaCase] = field(default_factory=list)

    def code_path(self, guid: str) -> str:
        """``Highlights/Emotion/frustration``: a code with its parents."""
        names: list[str] = []
        seen: set[str] = set()
        current: str | None = guid
        while current is not None and current in self.codes and current not in seen:  # a cycle ends the walk
            seen.add(current)
            names.append(self.codes[current].name)
            current = self.codes[current].parent
        return "/".join(reversed(names))


MAX_PROJECT_BYTES = 200_000_000  # the .qdpx file itself; what it unpacks to is capped by zip_limits
MAX_CODE_DEPTH = 200  # codes nested deeper than this are a broken or hostile codebook


def read_qdpx(file: str | Path | bytes) -> QdaProject:
    """Parse a .qdpx (path or bytes); QdpxError, one sentence, if it is not one we can read."""
    try:
        data = file if isinstance(file, bytes) else read_regular(Path(file), limit=MAX_PROJECT_BYTES,
                                                                 what="REFI-QDA project")
    except FileKindError as error:
        raise QdpxError(f"{file} {error}") from None
    except OSError as error:
        raise QdpxError(f"not a REFI-QDA project: cannot read {file} ({error.strerror or error})") from None
    try:
        archive = open_zip(data)
    except ZipLimitError as error:
        raise QdpxError(f"not a REFI-QDA project: {error}") from None
    try:
        root = ET.fromstring(archive.read("project.qde"))
    except KeyError:
        raise QdpxError("not a REFI-QDA project: project.qde is missing") from None
    except ET.ParseError as error:  # also expat's own guard against entity bombs
        raise QdpxError(f"project.qde is not well-formed XML ({error})") from None
    except (zipfile.BadZipFile, EOFError, OSError, ValueError) as error:
        raise QdpxError(f"not a REFI-QDA project: project.qde cannot be unpacked ({error})") from None
    if root.tag != _NS + "Project":
        raise QdpxError(f"project.qde does not hold a {NAMESPACE} Project")
    project = QdaProject(name=root.get("name", ""), origin=root.get("origin", ""))
    for user in root.iter(_NS + "User"):
        project.users[user.get("guid", "")] = user.get("name", "")
    codebook = root.find(f"{_NS}CodeBook/{_NS}Codes")
    if codebook is not None:
        _codes(codebook, project.codes)
    for source in root.iter(_NS + "TextSource"):
        project.sources.append(_source(source, archive))
    for case in root.iter(_NS + "Case"):
        project.cases.append(QdaCase(case.get("guid", ""), case.get("name", ""),
                                     [ref.get("targetGUID", "") for ref in case.iter(_NS + "SourceRef")]))
    return project


def _codes(codebook: ET.Element, out: dict[str, QdaCode]) -> None:
    """Every code with its parent, walked with a stack: a deep codebook cannot exhaust Python's recursion."""
    stack: list[tuple[ET.Element, str | None, int]] = [(codebook, None, 0)]
    while stack:
        parent, parent_guid, depth = stack.pop()
        if depth > MAX_CODE_DEPTH:
            raise QdpxError(f"the codebook nests codes more than {MAX_CODE_DEPTH} levels deep")
        for code in reversed(parent.findall(_NS + "Code")):
            guid = code.get("guid", "")
            if guid in out:
                raise QdpxError(f"the codebook uses the code GUID {guid[:40]} twice")
            out[guid] = QdaCode(guid, code.get("name", ""), parent_guid,
                                code.get("isCodable", "true") == "true", code.get("color", ""))
            stack.append((code, guid, depth + 1))


def _position(selection: ET.Element, name: str) -> int:
    value = selection.get(name, "0")
    try:
        number = int(value)
    except ValueError:
        number = -1
    if number < 0:
        raise QdpxError(f"the selection {selection.get('guid', '')[:40]} has {name} '{value[:20]}', "
                        "not a character position")
    return number


def _source(element: ET.Element, archive: zipfile.ZipFile) -> QdaSource:
    source = QdaSource(element.get("guid", ""), element.get("name", ""))
    inline = element.find(_NS + "PlainTextContent")
    path = element.get("plainTextPath", "")
    if inline is not None:
        source.text = inline.text or ""
    elif path.startswith("internal://"):
        try:
            source.text = archive.read("sources/" + path[len("internal://"):]).decode("utf-8")
        except KeyError:
            raise QdpxError(f"the source {path} is missing from the project") from None
        except UnicodeDecodeError:
            raise QdpxError(f"the source {path} is not UTF-8 text") from None
        except (zipfile.BadZipFile, EOFError, OSError, ValueError) as error:
            raise QdpxError(f"the source {path} cannot be unpacked ({error})") from None
    for selection in element.findall(_NS + "PlainTextSelection"):
        described = selection.find(_NS + "Description")
        source.selections.append(QdaSelection(
            guid=selection.get("guid", ""), start=_position(selection, "startPosition"),
            end=_position(selection, "endPosition"),
            codes=[ref.get("targetGUID", "") for ref in selection.iter(_NS + "CodeRef")],
            description=(described.text or "") if described is not None else "",
        ))
    return source
