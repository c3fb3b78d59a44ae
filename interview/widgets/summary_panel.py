"""The review screen's side panel: what the session amounts to so far, recounted on every decision."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from rich.console import Group
from rich.text import Text
from textual.widgets import Static

from interview.labels import LABEL_COLORS, LABEL_NAMES
from interview.models import EMOTION_KINDS, HIGHLIGHT_LABELS, Guide, Note


@dataclass
class SessionDigest:
    """Counts a researcher reads at a glance; suggestions are counted apart from decisions."""

    accepted: Counter = field(default_factory=Counter)
    suggested: Counter = field(default_factory=Counter)
    kinds: Counter = field(default_factory=Counter)
    starred: list[Note] = field(default_factory=list)
    not_asked: list[str] = field(default_factory=list)
    tags: Counter = field(default_factory=Counter)
    note_count: int = 0


def digest(notes: list[Note], guide: Guide | None, asked: set[str]) -> SessionDigest:
    """Summarise a session's notes; rejected highlights count for nothing."""
    result = SessionDigest(note_count=len(notes))
    for note in notes:
        if note.starred:
            result.starred.append(note)
        result.tags.update(note.tags)
        for h in note.highlights:
            if h.status == "rejected":
                continue
            (result.accepted if h.status == "accepted" else result.suggested)[h.label] += 1
            if h.label == "emotion" and h.kind:
                result.kinds[h.kind] += 1
    if guide is not None:
        noted = {n.question_id for n in notes}
        result.not_asked = [q.text for _, q in guide.questions() if q.id not in asked and q.id not in noted]
    return result


def digest_renderable(d: SessionDigest, tag_colors: dict[str, str] | None = None) -> Group:
    """The panel's content as rich renderables (also handy in tests)."""
    colors = tag_colors or {}
    parts: list[Text] = [Text(f"{d.note_count} notes", style="bold")]
    for label in HIGHLIGHT_LABELS:
        accepted, suggested = d.accepted[label], d.suggested[label]
        line = Text("  ")
        line.append(f" {LABEL_NAMES[label]} ", style=f"#111111 on {LABEL_COLORS[label]}")
        line.append(f" {accepted}")
        if suggested:
            line.append(f"  +{suggested} suggested", style="dim")
        parts.append(line)
        if label == "emotion":
            for kind in EMOTION_KINDS:
                if d.kinds[kind]:
                    parts.append(Text(f"     {kind} {d.kinds[kind]}", style="dim"))
    parts.append(Text(f"\nStarred ({len(d.starred)})", style="bold"))
    for note in d.starred[:8]:
        quote = note.text if len(note.text) <= 90 else note.text[:89] + "…"
        parts.append(Text(f"  “{quote}”", style="italic"))
    if not d.starred:
        parts.append(Text("  press s on a note to star it", style="dim"))
    parts.append(Text(f"\nNot asked ({len(d.not_asked)})", style="bold"))
    for text in d.not_asked[:8]:
        parts.append(Text(f"  - {text}", style="dim"))
    parts.append(Text(f"\nTags ({len(d.tags)})", style="bold"))
    if d.tags:
        for name, count in sorted(d.tags.items(), key=lambda kv: (-kv[1], kv[0].lower()))[:12]:
            line = Text("  ")
            line.append(f"#{name}", style=colors.get(name.lower()) or "magenta")
            line.append(f" {count}", style="dim")
            parts.append(line)
    else:
        parts.append(Text("  press t on a note to tag it", style="dim"))
    return Group(*parts)


class SummaryPanel(Static):
    """Shows a SessionDigest; the screen hands it a fresh one after every change."""

    def show(self, d: SessionDigest, tag_colors: dict[str, str] | None = None) -> None:
        self.update(digest_renderable(d, tag_colors))
