"""Exports engineering reads: a session summary and a synthesis across sessions.

Docx, Markdown or JSON, built from the store (never from screen state), redacted
in the data before anything is written, saved owner-only (0600). Never imports
textual; python-docx is imported only when a Word file is made.

    export_session(store, session_id, "summary.docx", redact=True)
    export_synthesis(store, "synthesis.md", fmt="md", filters=ReportFilters(guide="churn"))
"""

from __future__ import annotations

from pathlib import Path
from typing import Iterable

from interview.export.data import SessionReport, build_session_report
from interview.export.files import FORMATS, SYNTHESIS_FORMATS, ExportError, check_format, check_target, slug, write_private
from interview.export.redact import Redactor, read_terms_file
from interview.export.synthesis import ReportFilters, Synthesis, build_synthesis
from interview.models import Participant
from interview.store import Store, StoreError

__all__ = [
    "ExportError", "ReportFilters", "Redactor", "SessionReport", "Synthesis", "build_session_report",
    "build_synthesis", "default_session_filename", "redactor_for", "export_session", "export_synthesis", "read_terms_file",
    "render_session", "render_synthesis",
]


def default_session_filename(report: SessionReport, fmt: str = "docx") -> str:
    """``<date>-<participant-or-id>-<guide>.<ext>``; a redacted export never names the person."""
    who = slug(report.participant) or report.session_id[:8]
    parts = [report.date or "undated", who, slug(report.guide) or slug(report.kind)]
    return "-".join(p for p in parts if p) + FORMATS[check_format(fmt)]


def redactor_for(store: Store, terms: Iterable[str] = (), people: Iterable[Participant] = ()) -> Redactor:
    """A redactor that knows every participant and company in the database, plus ``terms``.

    ``people`` (the export's own participants) are numbered first; everyone else only if mentioned.
    """
    redactor = Redactor(terms)
    for person in people:
        redactor.add_person(person)
    for person in store.every_participant():
        redactor.know_person(person)
    return redactor


def _paper(paper: str | None) -> str:
    from interview.export.paper import check_paper

    try:
        return check_paper(paper)
    except ValueError as error:
        raise ExportError(str(error)) from None


def render_session(report: SessionReport, fmt: str, paper: str | None = None) -> bytes:
    """The file's bytes; ``paper`` (a4 | letter, Word only) defaults to the locale's."""
    fmt = check_format(fmt)
    if fmt == "docx":
        from interview.export.docx_writer import session_docx

        return session_docx(report, _paper(paper))
    if fmt == "md":
        from interview.export.markdown_writer import session_markdown

        return session_markdown(report).encode("utf-8")
    from interview.export.json_writer import session_json

    return session_json(report).encode("utf-8")


def render_synthesis(synthesis: Synthesis, fmt: str, paper: str | None = None) -> bytes:
    fmt = check_format(fmt, SYNTHESIS_FORMATS)
    if fmt == "html":
        from interview.export.html_synthesis import synthesis_html

        return synthesis_html(synthesis).encode("utf-8")
    if fmt == "docx":
        from interview.export.docx_synthesis import synthesis_docx

        return synthesis_docx(synthesis, _paper(paper))
    if fmt == "md":
        from interview.export.markdown_synthesis import synthesis_markdown

        return synthesis_markdown(synthesis).encode("utf-8")
    from interview.export.json_writer import synthesis_json

    return synthesis_json(synthesis).encode("utf-8")


def export_session(
    store: Store,
    session_id: str,
    path: str | Path | None = None,
    *,
    fmt: str = "docx",
    redact: bool = False,
    redact_terms: Iterable[str] = (),
    include_suggested: bool = False,
    force: bool = False,
    external: bool = False,
    notices: list[str] | None = None,
    paper: str | None = None,
    min_confidence: float = 0.0,
) -> Path:
    """Write a session summary and return where it went; ExportError (one sentence) if it cannot.

    ``external``: the file leaves the company, so only sessions with "external" consent keep
    their quotes. ``paper`` (a4 | letter) sizes a Word file's pages; default: the locale's.
    Sentences the user should read (quotes left out) are appended to ``notices``.
    """
    fmt = check_format(fmt)
    if path is not None:
        check_target(Path(path), force=force)  # fail before the work, not after
    try:
        report = build_session_report(store, session_id, include_suggested=include_suggested, external=external,
                                      min_confidence=min_confidence)
        if redact:
            redactor = redactor_for(store, redact_terms, store.session_people(session_id))
            report.redacted = True
            redactor.apply(report)
    except StoreError as error:
        raise ExportError(str(error)) from None
    target = Path(path) if path is not None else Path.cwd() / default_session_filename(report, fmt)
    written = write_private(target, render_session(report, fmt, paper), force=force)
    if notices is not None and report.quotes_withheld:
        from interview.export.wording import consent_sentence

        notices.append(consent_sentence(report))
    return written


def export_synthesis(
    store: Store,
    path: str | Path = "synthesis.docx",
    *,
    fmt: str = "docx",
    filters: ReportFilters | None = None,
    redact: bool = False,
    redact_terms: Iterable[str] = (),
    include_suggested: bool = False,
    force: bool = False,
    synthesis: Synthesis | None = None,
    external: bool = False,
    notices: list[str] | None = None,
    paper: str | None = None,
    min_confidence: float = 0.0,
) -> Path:
    """Write a synthesis of the sessions ``filters`` choose (or an already built one).

    ``external``, ``notices`` and ``paper`` (a4 | letter; default: the locale's) as for ``export_session``.
    """
    fmt = check_format(fmt, SYNTHESIS_FORMATS)
    check_target(Path(path), force=force)
    try:
        if synthesis is None or redact or external != synthesis.external or min_confidence != synthesis.min_confidence:
            synthesis = build_synthesis(
                store, filters or ReportFilters(), include_suggested=include_suggested,
                redactor=redactor_for(store, redact_terms) if redact else None, external=external,
                min_confidence=min_confidence,
            )
    except StoreError as error:
        raise ExportError(str(error)) from None
    written = write_private(Path(path), render_synthesis(synthesis, fmt, paper), force=force)
    if notices is not None and synthesis.withheld_sessions:
        from interview.export.synthesis_text import facts

        notices.append("Consent: " + dict(facts(synthesis))["Consent"] + ".")
    return written
