"""Sentences every format shares, so Word, Markdown and JSON readers are told the same things."""

from __future__ import annotations

from typing import Iterable

from interview.export.data import Finding, IdeaLine, NoteLine, SessionReport

EMPTY = {
    "findings": "None highlighted.",
    "starred": "No quotes were starred.",
    "unasked": "Every question in the guide was asked.",
    "notes": "No notes were taken in this session.",
}
FEATURE_REQUEST_HINT = (
    "A request is a solution the participant imagines. Probe the problem behind it: "
    "what were they trying to do the last time they wanted this, and what did they do instead?"
)
SPEAKERS = {"interviewer": "Interviewer", "participant": "Participant", "observer": "Observer"}


def plural(count: int, word: str) -> str:
    """"1 note", "3 notes": a count with its noun agreeing."""
    return f"{count} {word}{'' if count == 1 else 's'}"


def votes_text(votes: int) -> str:
    return plural(votes, "vote")


def summary_line(report: SessionReport) -> str:
    """The line under the title: what the document is, when, and how much it holds."""
    if report.kind == "co-creation":
        return f"Workshop summary · {report.date} · {plural(len(report.ideas), 'idea')} · {plural(report.note_count, 'note')}"
    return f"Session summary · {report.date} · {plural(report.note_count, 'note')}"


def ranking_table(ideas: list[IdeaLine]) -> tuple[list[str], list[list[str]]]:
    """Header and rows of the ranked ideas: "Rank" is the place, "#N" is the idea's own number everywhere."""
    rows = [[str(i.rank), f"#{i.number} {i.text}", str(i.votes), i.proposer, i.theme] for i in ideas]
    return ["Rank", "Idea", "Votes", "Proposed by", "Theme"], rows


def speaker_label(speaker: str) -> str:
    return SPEAKERS.get(speaker, speaker.title())


def who(line: NoteLine) -> str:
    """Who said a note: the person's name in a workshop, else the speaker's role."""
    return line.person or speaker_label(line.speaker)


def starred_attribution(line: NoteLine) -> str:
    """Under a starred quote: "Participant · 03:05"."""
    return " · ".join(x for x in (who(line), line.time) if x)


def where(finding: Finding) -> str:
    """When and under which question a statement was made: "at 12:05, answering “...”"."""
    parts = [f"at {finding.time}"]
    if finding.question:
        parts.append(f"answering “{finding.question}”")
    if finding.status == "suggested":
        parts.append("suggested, not reviewed")
    return ", ".join(parts)


def unreviewed_sentence(report: SessionReport) -> str:
    """How many of the app's suggestions are still unreviewed, and whether this document shows them."""
    count = sum(report.unreviewed.values())
    if not count:
        return "Every highlight the app suggested has been reviewed."
    were = f"{count} highlight{'s' if count != 1 else ''} the app suggested {'are' if count != 1 else 'is'} not yet reviewed"
    if report.include_suggested:
        return f"{were}; {'they are' if count != 1 else 'it is'} included here, marked as suggested."
    return (f"{were} and {'are' if count != 1 else 'is'} not included here: accept them in review, "
            "or export with suggestions included.")


def notices(report: SessionReport) -> list[str]:
    """The sentences under the legend: unreviewed suggestions, consent, redaction (the ones that apply)."""
    sentences = (unreviewed_sentence(report), consent_sentence(report), redaction_sentence(report.redacted))
    return [sentence for sentence in sentences if sentence]


def finding_lists(report: SessionReport) -> list[tuple[str, list[Finding], str]]:
    """(heading, findings, label) of each key-findings list, in the order every format shows them."""
    return [
        ("Problems stated", report.problems, "problem"), ("Emotions", report.emotions, "emotion"),
        ("Workarounds", report.workarounds, "workaround"), ("Needs", report.needs, "need"),
        ("Feature requests: asks to probe further", report.feature_requests, "feature_request"),
    ]


def empty_findings(report: SessionReport, label: str) -> str:
    """What an empty findings list says: "None highlighted", or that suggestions await review."""
    count = 0 if report.include_suggested else report.unreviewed.get(label, 0)
    if count:
        return f"None accepted yet; {count} suggested, not yet reviewed."
    return EMPTY["findings"]


def consent_sentence(report: SessionReport) -> str:
    """Why quotes are missing, when consent keeps them out; "" when nothing was withheld for consent."""
    if report.kind == "co-creation":  # each person's own consent decides for their words and ideas
        count = report.quotes_withheld
        if not count:
            return ""
        return (f"Consent: {count} note{'s' if count != 1 else ''} or idea{'s' if count != 1 else ''} "
                "left out, because their author's consent does not cover this document.")
    if report.consent_scope == "notes-only":
        reason = "Consent covers notes only"
    elif report.external and not (report.consent_given and report.consent_scope == "external"):
        reason = ("This document is for sharing outside the company, and "
                  + ("consent covers internal use only" if report.consent_given
                     else "no consent to share outside it was recorded"))
    else:
        return ""
    count = report.quotes_withheld
    left = f"{count} verbatim quote{'s' if count != 1 else ''} {'were' if count != 1 else 'was'} left out"
    return f"{reason}: verbatim quotes are not included ({left})."


def redaction_sentence(redacted: bool) -> str:
    if not redacted:
        return ""
    return "Redacted: names, companies, e-mail addresses, phone numbers and links are replaced by placeholders."


def emotion_groups(findings: Iterable[Finding]) -> list[tuple[str, list[Finding]]]:
    """Emotions grouped by kind, most frequent kind first."""
    groups: dict[str, list[Finding]] = {}
    for finding in findings:
        groups.setdefault((finding.kind or "unspecified").capitalize(), []).append(finding)
    return sorted(groups.items(), key=lambda item: (-len(item[1]), item[0]))
