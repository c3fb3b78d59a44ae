"""Issue drafts as Markdown (paste into a GitHub or GitLab issue), CSV (Jira and Linear importers) and JSON.

The CSV's header follows what the importers document: Jira's needs a ``Summary``
column and a header without punctuation; Linear's reads ``Title``, ``Description``
and ``Labels``. Both columns carry the same title so either importer maps it without
editing. ``Labels`` holds labels separated by spaces, none containing a space or comma
(Jira labels cannot hold spaces, so each word is one label); every cell is quoted,
multi-line descriptions included.
"""

from __future__ import annotations

import csv
import dataclasses
import io
import json
from pathlib import Path

from interview.export.handoff import Handoff, IssueDraft, emotions_line
from interview.export.markdown_writer import escape, quote_lines
from interview.export.wording import redaction_sentence

CSV_COLUMNS = ["Summary", "Title", "Description", "Issue Type", "Labels", "Evidence", "Theme ID"]
ISSUE_TYPE = "Story"
JSON_FORMAT = "interview.handoff"
JSON_VERSION = 1


def _quote_reference(quote) -> str:
    where = f"session {quote.session_id[:8]} · note {quote.note_id[:8]}"
    return f"{quote.attribution} · {where}" if quote.attribution else where


def draft_markdown(draft: IssueDraft, handoff: Handoff) -> str:
    """One draft, ready to paste into an issue: the title as a heading, then the body."""
    return f"# {escape(draft.title)}\n\n" + draft_body(draft, handoff)


def draft_body(draft: IssueDraft, handoff: Handoff) -> str:
    """The issue's description (everything but the title) in Markdown."""
    out = [f"**Problem:** {escape(draft.problem)}", "", "## Who has it", "", f"- {escape(draft.who)}"]
    if draft.segments:
        out.append("- Interviewees by segment: " + escape(", ".join(f"{seg} {n}" for seg, n in draft.segments.items())))
    if draft.feedback_segments:
        out.append("- Feedback by segment: "
                   + escape(", ".join(f"{seg} {n}" for seg, n in draft.feedback_segments.items())))
    out += ["", "## What customers said", ""]
    for quote in draft.quotes:
        out += quote_lines(quote.text, _quote_reference(quote))
    if not draft.quotes:
        out += ["_No quote can be shown: consent for these sessions does not cover this document._", ""]
    out += ["## Workarounds today", ""]
    out += [f"- {escape(w)}" for w in draft.workarounds] or ["_None recorded._"]
    out += ["", "## Emotions", "", escape(emotions_line(draft)) or "_None recorded._", ""]
    out += ["## Evidence strength", "", f"**{draft.strength.capitalize()}**: {escape(draft.strength_reason)}.", "",
            f"_Rule: {escape(handoff.strength_rule)}._", ""]
    out += ["## Not known yet", ""]
    out += [f"- {escape(u)}" for u in draft.unknowns] or ["- Nothing flagged; check the quotes above yourself."]
    footer = (f"From customer research ({escape(handoff.filters)}), generated "
              f"{handoff.generated_at.replace('T', ' ').replace('Z', ' UTC')}; theme {draft.number}"
              + (f", id {draft.theme_id}" if draft.theme_id else "") + f", {draft.statement_count} statements.")
    out += ["", "---", "", f"_{footer}_"]
    sentence = redaction_sentence(handoff.redacted)
    if sentence:
        out += ["", f"_{sentence}_"]
    return "\n".join(out).rstrip() + "\n"


def handoff_markdown(handoff: Handoff) -> str:
    """Every draft in one Markdown file, separated by rules."""
    return "\n---\n\n".join(draft_markdown(d, handoff) for d in handoff.drafts) or "_No themes to hand off._\n"


def handoff_csv(handoff: Handoff) -> str:
    """One row per draft; the description is the Markdown body."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, quoting=csv.QUOTE_ALL, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for draft in handoff.drafts:
        writer.writerow([draft.title, draft.title, draft_body(draft, handoff), ISSUE_TYPE,
                         " ".join(draft.labels), draft.strength, draft.theme_id])
    return buffer.getvalue()


def handoff_json(handoff: Handoff) -> str:
    data = {"format": JSON_FORMAT, "version": JSON_VERSION, **dataclasses.asdict(handoff)}
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def write_handoff(handoff: Handoff, target: Path, fmt: str, *, force: bool = False) -> list[Path]:
    """Write the drafts and return the files: md to a folder (one file per draft) or one .md file; csv, json to a file.

    Files are owner-only (0600) and never overwrite an existing file unless ``force``;
    every target is checked before the first is written.
    """
    from interview.export.files import ExportError, check_target, slug, write_private

    target = Path(target).expanduser()
    if fmt == "csv":
        files = {target: handoff_csv(handoff)}
    elif fmt == "json":
        files = {target: handoff_json(handoff)}
    elif target.suffix.lower() in (".md", ".markdown"):
        files = {target: handoff_markdown(handoff)}
    else:
        if target.exists() and not target.is_dir():
            raise ExportError(f"{target} is a file; give a folder for one Markdown draft per theme")
        if not target.exists():
            if not target.parent.is_dir():
                raise ExportError(f"cannot write {target}: the folder {target.parent} does not exist")
            target.mkdir(mode=0o700)
        files = {target / f"{d.number:02d}-{slug(d.title) or 'theme'}.md": draft_markdown(d, handoff)
                 for d in handoff.drafts}
    for path in files:
        check_target(path, force=force)
    return [write_private(path, text.encode("utf-8"), force=force) for path, text in files.items()]
