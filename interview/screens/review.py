"""Review a finished session: decide on highlights, tag, star and correct notes, see the summary grow.

Every decision is written to the store at once (with the reviewer's name) and can be
undone with ``u``. Re-analysis after an edit runs spaCy in a worker thread, imported
only then, so opening a review never waits for it.
"""

from __future__ import annotations

import getpass
from pathlib import Path
from typing import Callable

from rich.markup import escape
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Header, Static
from textual.worker import get_current_worker

from interview.guides import GuideError, guide_from_dict
from interview.labels import LABEL_NAMES, label_style
from interview.models import Guide, Note
from interview.note_filter import NoteFilter
from interview.screens.confirm import ConfirmScreen
from interview.screens.review_edit import EditNoteScreen, SessionFacts, SessionInfoScreen
from interview.screens.review_export import ExportChoice, ExportScreen
from interview.screens.review_filter import FilterScreen
from interview.screens.review_highlight import HighlightScreen
from interview.screens.review_tags import TagNoteScreen
from interview.screens.errors import reports_errors, show_error_from_thread
from interview.store import StoreError
from interview.timefmt import duration_text, local_date
from interview.upgrade import UPGRADED
from interview.widgets.footer import Footer
from interview.widgets.review_notes import NoteList
from interview.widgets.summary_panel import SummaryPanel, digest

HELP = (
    "Highlights: [u]underlined[/] = suggested, filled = accepted, [strike]struck[/] = rejected (r shows them).\n"
    "tab picks a highlight of the note; a / x decide it (or the first open suggestion when none is picked).\n"
    "Every decision is saved at once with your name (the 'reviewer' setting); u undoes the last one."
)


class ReviewScreen(Screen[None]):
    CSS_PATH = "review.tcss"
    TITLE = "Review"
    HELP = HELP
    BINDINGS = [
        Binding("a", "accept", "Accept"),
        Binding("x", "reject", "Reject"),
        Binding("A", "accept_all", "Accept all", key_display="A"),
        Binding("h", "add_highlight", "Highlight"),
        Binding("t", "tag", "Tags"),
        Binding("s", "star", "Star"),
        Binding("e", "edit", "Edit"),
        Binding("u", "undo", "Undo"),
        Binding("f", "filter", "Filter"),
        Binding("r", "toggle_rejected", "Show rejected"),
        Binding("m", "session_info", "Details"),
        Binding("p", "toggle_panel", "Panel", show=False),
        Binding("slash", "search", "Search", key_display="/"),
        Binding("ctrl+e", "export", "Export"),
        Binding("escape,q", "back", "Back"),
    ]

    def __init__(self, session_id: str, note_id: str | None = None) -> None:
        super().__init__()
        self.session_id = session_id
        self._focus_note = note_id
        self._undo: list[tuple[str, Callable[[], None]]] = []
        self.guide: Guide | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="review"):
            with Vertical(id="review-main"):
                yield Static("", id="review-meta")
                yield Static("", id="review-filter-line")
                yield NoteList(id="review-notes")
                yield Static("", id="review-detail")
            yield SummaryPanel(id="review-summary")
        yield Footer()

    def on_mount(self) -> None:
        store = self.app.store
        self.session = store.get_session(self.session_id)
        if self.session is None:
            self.notify("That session no longer exists.", severity="error")
            self.app.pop_screen()
            return
        try:
            snapshot = store.session_guide(self.session_id)
            self.guide = guide_from_dict(snapshot) if snapshot.get("sections") else None
        except GuideError:
            self.guide = None
        self.asked = store.asked_question_ids(self.session_id)
        self._show_meta()
        notes_view = self.query_one(NoteList)
        # The list only lays its rows out here; it counts their lines once it knows its
        # width, while drawing the first frame, so that frame already shows the notes.
        notes_view.load(store.notes_for_session(self.session_id), self.guide, focus_note=self._focus_note)
        notes_view.focus()
        self._show_detail()  # now, not when Moved arrives: the first layout has the detail's height
        self._show_filter()
        self._refresh_summary()

    # ------------------------------------------------------------------ drawing

    @property
    def notes_view(self) -> NoteList:
        return self.query_one(NoteList)

    def reviewer(self) -> str:
        store = self.app.store
        name = store.get_setting("reviewer") or store.get_setting("interviewer")
        if not name:
            try:
                name = getpass.getuser()
            except (KeyError, OSError):
                name = ""
        return name

    def _show_meta(self) -> None:
        s = self.session
        person = self.app.store.get_participant(s.participant_id) if s.participant_id else None
        self._participant_name = person.name if person else ""
        consent = f"consent {s.consent_scope}" if s.consent_given else "[red]no consent recorded[/]"
        named = self._participant_name if self._participant_name not in s.title else ""  # once is enough
        facts = [escape(x) for x in (named, s.guide_name, s.interviewer and f"by {s.interviewer}",
                                     local_date(s.started_at or s.created_at), duration_text(s.started_at, s.ended_at)) if x]
        self.sub_title = s.title
        self.query_one("#review-meta", Static).update(f"[b]{escape(s.title)}[/b]  " + " · ".join(facts) + f" · {consent}")

    def _show_filter(self) -> None:
        view = self.notes_view
        line = self.query_one("#review-filter-line", Static)
        line.display = view.note_filter.active  # an empty session or filter is said in the list itself
        if view.note_filter.active:
            shown = sum(1 for n in view.notes.values() if view.note_filter.matches(n))
            line.update(f"[b]Filter[/b] {escape(view.note_filter.describe())} — {shown} of {len(view.notes)} notes "
                        "[dim](f to change)[/]")

    def _refresh_summary(self) -> None:
        notes = list(self.notes_view.notes.values())
        colors = self.app.store.tag_colors()
        self.query_one(SummaryPanel).show(digest(notes, self.guide, self.asked), colors)

    @on(NoteList.Moved)
    def _show_detail(self) -> None:
        view = self.notes_view
        note = view.current_note
        detail = self.query_one("#review-detail", Static)
        if note is None:
            detail.update("[dim]No note here.[/]" if view.notes else "")
            return
        focused = view.focused_highlight
        lines = Text()
        for h in view.visible_highlights(note):
            mark = "▶ " if focused is not None and h.id == focused.id else "  "
            lines.append(mark, style="bold")
            lines.append(f" {LABEL_NAMES.get(h.label, h.label)}{' · ' + h.kind if h.kind else ''} ",
                         style=label_style(h.label, "accepted"))
            who = f" by {h.reviewer}" if h.reviewer and h.status != "suggested" else ""
            lines.append(f" {h.status}{who} · {h.source}  ", style="dim")
            lines.append(f"“{h.text}”\n")
        if not lines.plain:
            lines.append("No highlights in this note: h adds one.\n", style="dim")
        lines.append(f"{note.speaker} · {note.kind}" + (" · starred" if note.starred else ""), style="dim")
        detail.update(lines)

    @reports_errors
    def _reload(self, note_id: str) -> Note | None:
        note = self.app.store.get_note(note_id)
        if note is not None:
            self.notes_view.update_note(note)
            self._refresh_summary()
            self._show_filter()
        return note

    def _do(self, label: str, undo: Callable[[], None], note_id: str) -> None:
        self._undo.append((label, lambda: (undo(), self._reload(note_id))))
        self._reload(note_id)

    def _note(self) -> Note | None:
        note = self.notes_view.current_note
        if note is None:
            self.notify("No note selected.", severity="warning", timeout=3)
        return note

    # ------------------------------------------------------------------ decisions

    def _decide(self, status: str) -> None:
        note = self._note()
        if note is None:
            return
        target = self.notes_view.focused_highlight
        if target is None:
            target = next((h for h in note.highlights if h.status == "suggested"), None)
        if target is None:
            self.notify("No open suggestion here; tab picks a highlight, h adds one.", timeout=3)
            return
        if target.status == status:
            return
        store, before, who = self.app.store, (target.status, target.reviewer), target.id
        store.set_highlight_status(target.id, status, self.reviewer())
        self._do(f"{status} {target.label}", lambda: store.set_highlight_status(who, *before), note.id)

    @reports_errors
    def action_accept(self) -> None:
        self._decide("accepted")

    @reports_errors
    def action_reject(self) -> None:
        self._decide("rejected")

    @reports_errors
    def action_accept_all(self) -> None:
        note = self._note()
        if note is None:
            return
        store = self.app.store
        ids = store.accept_suggestions(note.id, self.reviewer())
        if not ids:
            self.notify("No open suggestions in this note.", timeout=3)
            return

        def undo() -> None:
            for highlight_id in ids:
                store.set_highlight_status(highlight_id, "suggested", "")

        self._do(f"accept {len(ids)} suggestions", undo, note.id)

    def action_add_highlight(self) -> None:
        note = self._note()
        if note is None:
            return

        @reports_errors
        def chosen(highlight) -> None:
            if highlight is None:
                return
            store = self.app.store
            added = store.add_manual_highlight(note.id, highlight, self.reviewer())
            self._do(f"add {added.label}", lambda: store.delete_highlight(added.id), note.id)

        self.app.push_screen(HighlightScreen(note.text), chosen)

    @reports_errors
    def action_tag(self) -> None:
        note = self._note()
        if note is None:
            return

        @reports_errors
        def chosen(tags: list[str] | None) -> None:
            if tags is None:
                return
            before = list(note.tags)
            self._set_tags(note.id, before, tags)
            if {t.lower() for t in tags} != {t.lower() for t in before}:
                self._do("tags", lambda: self._set_tags(note.id, tags, before), note.id)

        in_use = [t for t in self.app.store.list_tags() if t.note_count]  # not tags every note of which is gone
        self.app.push_screen(TagNoteScreen(note.tags, in_use), chosen)

    def _set_tags(self, note_id: str, old: list[str], new: list[str]) -> None:
        store, keep = self.app.store, {t.lower() for t in new}
        for name in old:
            if name.lower() not in keep:
                store.untag_note(note_id, name)
        had = {t.lower() for t in old}
        for name in new:
            if name.lower() not in had:
                store.tag_note(note_id, name)

    @reports_errors
    def action_star(self) -> None:
        note = self._note()
        if note is None:
            return
        store, starred = self.app.store, note.starred
        store.set_starred(note.id, not starred)
        self._do("star", lambda: store.set_starred(note.id, starred), note.id)

    def action_edit(self) -> None:
        note = self._note()
        if note is None:
            return

        @reports_errors
        def edited(text: str | None) -> None:
            if text is None:
                return
            store = self.app.store
            store.edit_note_text(note.id, text)
            self._do("edit", lambda: store.restore_note_text(note.id, note.text, note.highlights), note.id)
            self._reanalyse(note.id, text)

        self.app.push_screen(EditNoteScreen(note.text), edited)

    @work(thread=True, group="reanalyse", exit_on_error=False)
    def _reanalyse(self, note_id: str, text: str) -> None:
        """Fresh suggestions for edited text, from the app's highlighter (as the live screen gets them)."""
        highlighter = self.app.highlighter
        if not highlighter.load():
            self.app.call_from_thread(self.notify, f"Could not re-analyse the note: {highlighter.error}", severity="warning")
            return
        worker = get_current_worker()
        try:
            result = highlighter.highlight_note(self.app.store, note_id, text, lambda: worker.is_cancelled)
        except StoreError as error:  # the edit is saved; only its fresh suggestions are not
            show_error_from_thread(self.app, error)
            return
        except Exception as error:  # a broken pipeline must not take the review down with it
            self.app.call_from_thread(self.notify, f"Could not re-analyse the note: {error}", severity="warning")
            return
        if result is not None:
            self.app.call_from_thread(self._reload, note_id)

    @reports_errors
    def action_undo(self) -> None:
        if not self._undo:
            self.notify("Nothing to undo.", timeout=2)
            return
        label, undo = self._undo[-1]
        undo()  # if the store refuses, the step stays on the undo list
        self._undo.pop()
        self.notify(f"Undone: {label}.", timeout=2)

    # ------------------------------------------------------------------ view

    def action_filter(self) -> None:
        def chosen(value: NoteFilter | None) -> None:
            if value is None:
                return
            view = self.notes_view
            view.note_filter = value
            view.rebuild()
            self._show_filter()

        tags = sorted({t for n in self.notes_view.notes.values() for t in n.tags}, key=str.lower)
        self.app.push_screen(FilterScreen(self.notes_view.note_filter, tags), chosen)

    def action_toggle_rejected(self) -> None:
        view = self.notes_view
        view.show_rejected = not view.show_rejected
        view.rebuild()
        self.notify("Showing rejected highlights." if view.show_rejected else "Hiding rejected highlights.", timeout=2)

    def action_toggle_panel(self) -> None:
        panel = self.query_one(SummaryPanel)
        panel.display = not panel.display

    def on_resize(self) -> None:
        self.query_one(SummaryPanel).display = self.size.width >= 100

    @reports_errors
    def action_session_info(self) -> None:
        people = [p.name for p in self.app.store.find_participants("", limit=500)]
        self.app.push_screen(SessionInfoScreen(self.session, self._participant_name, people), self._save_info)

    @reports_errors
    def _save_info(self, facts: SessionFacts | None) -> None:
        if facts is None:
            return
        store = self.app.store
        participant_id = self.session.participant_id
        if facts.participant != self._participant_name:
            person = None
            if facts.participant:
                person = store.participant_named(facts.participant) or store.add_participant(facts.participant)
            participant_id = person.id if person else None
        store.update_session(self.session_id, title=facts.title, interviewer=facts.interviewer,
                             guide_name=facts.guide_name, participant_id=participant_id)
        store.set_consent(self.session_id, facts.consent_given, facts.consent_scope)
        self.session = store.set_session_times(self.session_id, facts.started_at, facts.ended_at)
        self._show_meta()
        self.notify("Session details saved.", timeout=2)

    def action_search(self) -> None:
        self.app.open_search()

    def action_back(self) -> None:
        self.app.pop_screen()

    # ------------------------------------------------------------------ export

    def action_export(self) -> None:
        unreviewed = sum(1 for n in self.notes_view.notes.values() if not n.deleted
                         for h in n.highlights if h.status == "suggested" and h.label)
        self.app.push_screen(ExportScreen(unreviewed), self._export_to)

    def _export_to(self, choice: ExportChoice | None, force: bool = False) -> None:
        if choice is None:
            return
        path = choice.path.strip()
        target = Path(path).expanduser() if path else None
        if target is not None and target.exists() and not force:
            self.app.push_screen(
                ConfirmScreen(f"{target} already exists. Overwrite it?", confirm_label="Overwrite"),
                lambda yes: self._export_to(choice, force=True) if yes else None,
            )
            return
        self.notify("Exporting…", timeout=2)
        self._export(target, force, choice.include_suggested)

    @work(thread=True, group="export", exclusive=True)
    def _export(self, target: Path | None, force: bool, include_suggested: bool = False) -> None:
        fmt = target.suffix.lstrip(".").lower() if target is not None and target.suffix else "docx"
        try:
            from interview.export import ExportError, export_session

            written = export_session(self.app.store, self.session_id, target, fmt=fmt, force=force,
                                     include_suggested=include_suggested)
        except ImportError:  # the package changed on disk under the running app
            self.app.call_from_thread(self.notify, UPGRADED, title="Restart needed", severity="error", timeout=30)
            return
        except StoreError as error:
            show_error_from_thread(self.app, error)
            return
        except (ExportError, OSError) as error:
            self.app.call_from_thread(self.notify, str(error), severity="error")
            return
        self.app.call_from_thread(self.notify, f"Wrote {written}", title="Exported", timeout=8)
