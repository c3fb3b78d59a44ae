"""Page sizes for Word files: A4 or US Letter, chosen by option or by the reader's locale.

Word and LibreOffice print what the file says, so a Letter file printed in Europe is
cut (and an A4 file in the US is scaled): the size follows where the reader is.
"""

from __future__ import annotations

import os

from docx.document import Document as DocumentType
from docx.shared import Inches, Length, Mm

PAPERS: dict[str, tuple[Length, Length]] = {"a4": (Mm(210), Mm(297)), "letter": (Inches(8.5), Inches(11))}  # portrait
MARGIN = 1.0  # inches on every side, on both sizes
# Territories whose printers hold US Letter (as glibc's LC_PAPER has it); everyone else uses A4.
LETTER_TERRITORIES = frozenset("US CA MX PH CL CO CR DO GT NI PA PR SV VE BZ".split())


def default_paper(environ: dict[str, str] | None = None) -> str:
    """"letter" when the locale's territory prints on Letter (en_US, fr_CA, es_MX, ...), else "a4"."""
    env = os.environ if environ is None else environ
    for name in ("LC_ALL", "LC_PAPER", "LANG"):
        value = env.get(name, "")
        if value and value not in ("C", "POSIX") and not value.startswith("C."):
            territory = value.split(".")[0].split("@")[0].partition("_")[2].upper()
            return "letter" if territory in LETTER_TERRITORIES else "a4"
    return "a4"


def check_paper(paper: str | None) -> str:
    """The paper name, lower-cased; ``None`` means the locale's default; ValueError names the choices."""
    if paper is None:
        return default_paper()
    key = paper.strip().lower()
    if key not in PAPERS:
        raise ValueError(f"paper must be one of {', '.join(PAPERS)}, not '{paper}'")
    return key


def set_paper(doc: DocumentType, paper: str) -> None:
    """Every section of ``doc`` on ``paper`` with one-inch margins."""
    width, height = PAPERS[paper]
    for section in doc.sections:
        section.page_width, section.page_height = width, height
        section.left_margin = section.right_margin = section.top_margin = section.bottom_margin = Inches(MARGIN)


def text_width(doc: DocumentType) -> float:
    """The width between the margins, in inches: what a table may span."""
    section = doc.sections[-1]
    return Length(section.page_width - section.left_margin - section.right_margin).inches
