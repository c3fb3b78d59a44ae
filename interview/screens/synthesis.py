"""Synthesis: the problems stated across sessions, as themes with counts; drill down to the quotes.

The synthesis is built in a thread worker (a hundred sessions take a moment), and
exported with the same code as `interview report` (ctrl+e asks where).
"""

from __future__ import annotations

from pathlib import Path

from rich.markup import escape
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Checkbox, DataTable, Header, Input, Static

from interview.export.files import ExportError, check_target
from interview.export.synthesis import ReportFilters, Synthesis, Theme
from interview.export.synthesis_text import attribution, evidence_text
from interview.upgrade import UPGRADED
from interview.widgets.footer import Footer
from interview.widgets.table_cursor import item_at_cursor

_SUFFIX_FORMATS = {".docx": "docx", ".md": "md", ".json": "json"}
METHOD_WORDS = {"saved": "saved on the board", "tag": "tag", "meaning": "same problem in other words", "single": "fits no other theme"}


class ExportPrompt(ModalScreen["tuple[Path, bool, bool] | None"]):
    """Where to write an export: a path, a redact switch; dismisses with (path, redact, force) or None.

    A path that already exists is refused once with a warning; pressing enter again overwrites it.
    """

    BINDINGS = [Binding("escape", "dismiss(None)", "Cancel")]

    def __init__(self, default: str, *, title: str = "Export") -> None:
        super().__init__()
        self._default = default
        self._title = title
        self._confirmed_overwrite: Path | None = None

    def compose(self) -> ComposeResult:
        with Vertical(id="export-prompt"):
            yield Static(f"[b]{escape(self._title)}[/b]  [dim].docx, .md or .json[/]", id="export-title")
            yield Input(self._default, placeholder="File to write", id="export-path")
            yield Checkbox("Redact names, companies, e-mails, phones and links", id="export-redact")
            yield Static("", id="export-message")
            yield Static("[dim]enter writes the file · esc cancels[/]", id="export-keys")

    def on_mount(self) -> None:
        self.query_one("#export-path", Input).focus()

    @on(Input.Changed, "#export-path")
    def _changed(self) -> None:
        self._confirmed_overwrite = None
        self.query_one("#export-message", Static).update("")

    @on(Input.Submitted, "#export-path")
    def _submitted(self, event: Input.Submitted) -> None:
        message = self.query_one("#export-message", Static)
        text = event.value.strip()
        if not text:
            message.update("[red]Type a file name to write.[/]")
            return
        path = Path(text).expanduser()
        force = self._confirmed_overwrite == path
        try:
            check_target(path, force=force)
        except ExportError as error:
            if path.is_file() and not force:
                self._confirmed_overwrite = path
                message.update(f"[yellow]{escape(path.name)} already exists: press enter again to overwrite it.[/]")
            else:
                message.update(f"[red]{escape(str(error)).capitalize()}.[/]")
            return
        self.dismiss((path, self.query_one("#export-redact", Checkbox).value, force))


class SynthesisScreen(Screen[None]):
    CSS_PATH = "synthesis.tcss"
    TITLE = "Synthesis"
    HELP = (
        "Themes group the problems stated across sessions: by tag first, then by the theme engine "
        "(the same problem in other words); b opens the board to merge, split, rename and pin them. [b]Participants[/b] counts distinct people; [b]Evidence[/b] counts statements "
        "about a specific past event against general opinion. Export with ctrl+e, or from the shell with "
        "`interview report`."
    )
    BINDINGS = [
        Binding("enter", "drill", "Quotes", priority=True),  # over the table's own enter, so the footer shows it
        Binding("ctrl+e", "export", "Export"),
        Binding("s", "toggle_suggested", "Suggested on/off"),
        Binding("b", "board", "Board"),
        Binding("r", "reload", "Reload"),
        Binding("escape", "back", "Back"),
    ]

    def __init__(self, filters: ReportFilters | None = None) -> None:
        super().__init__()
        self.filters = filters or ReportFilters()
        self.include_suggested = False
        self.synthesis: Synthesis | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="synthesis"):
            yield Static("Reading sessions…", id="synthesis-summary")
            with Horizontal(id="synthesis-body"):
                yield DataTable(id="synthesis-themes", cursor_type="row", zebra_stripes=True)
                with VerticalScroll(id="synthesis-detail", can_focus=True):
                    yield Static("", id="synthesis-quotes")
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one("#synthesis-themes", DataTable)
        table.add_columns("theme", "people", "said", "past · general")
        table.focus()
        self.action_reload()

    # ------------------------------------------------------------------ building

    def action_board(self) -> None:
        self.app.open_board()

    def action_reload(self) -> None:
        self.query_one("#synthesis-themes", DataTable).loading = True
        self._build(self.include_suggested)

    @work(thread=True, exclusive=True, group="synthesis")
    def _build(self, include_suggested: bool) -> None:
        from interview.export.synthesis import build_synthesis
        from interview.store import StoreError

        try:
            result = build_synthesis(self.app.store, self.filters, include_suggested=include_suggested)
        except StoreError as error:
            self.app.call_from_thread(self._failed, error)
            return
        self.app.call_from_thread(self._show, result)

    def _failed(self, error: StoreError) -> None:
        self.query_one("#synthesis-themes", DataTable).loading = False
        self.query_one("#synthesis-summary", Static).update(f"[red]{escape(error.sentence)}[/] [dim](r tries again)[/]")
        self.app.show_error(error)

    def _show(self, synthesis: Synthesis) -> None:
        self.synthesis = synthesis
        table = self.query_one("#synthesis-themes", DataTable)
        table.loading = False
        table.clear()
        total = len(synthesis.participants)
        for number, theme in enumerate(synthesis.themes, start=1):
            table.add_row(
                f"{number}. {theme.name}",
                Text(f"{theme.participants} of {total}", justify="right"),
                Text(str(theme.statement_count), justify="right"),
                Text(f"{theme.specific} · {theme.general}", justify="center"),
                key=str(number - 1),
            )
        which = "accepted and suggested" if self.include_suggested else "accepted"
        summary = (
            f"[b]{len(synthesis.themes)} themes[/b] from {synthesis.statement_count} {which} problem statements · "
            f"{total} participants · {len(synthesis.sessions)} sessions ({escape(synthesis.filters)})"
        )
        if not synthesis.themes:
            from interview.export.synthesis_text import NO_THEMES

            hint = "Press s to include the app's suggestions." if not self.include_suggested else ""
            summary += f"\n[dim]{escape(NO_THEMES.split('. ')[0])}. {hint}[/]"
        self.query_one("#synthesis-summary", Static).update(summary)
        self._show_theme(0 if synthesis.themes else None)

    # ------------------------------------------------------------------ drilling down

    def selected(self) -> Theme | None:
        table = self.query_one("#synthesis-themes", DataTable)
        return item_at_cursor(table, self.synthesis.themes) if self.synthesis else None

    @on(DataTable.RowHighlighted, "#synthesis-themes")
    def _highlighted(self, event: DataTable.RowHighlighted) -> None:
        self._show_theme(event.cursor_row)

    @on(DataTable.RowSelected, "#synthesis-themes")
    def _selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_drill()

    def _show_theme(self, index: int | None) -> None:
        quotes = self.query_one("#synthesis-quotes", Static)
        if index is None or not self.synthesis or index >= len(self.synthesis.themes):
            quotes.update("")
            return
        theme = self.synthesis.themes[index]
        total = len(self.synthesis.participants)
        lines = [
            f"[b]{escape(theme.name)}[/b]  [dim]({METHOD_WORDS.get(theme.method, theme.method)})[/]",
            f"{theme.participants} of {total} participants: {escape(', '.join(theme.participant_names))}",
            f"Evidence: {evidence_text(theme)}",
        ]
        if theme.emotions:
            lines.append("Emotions: " + escape(", ".join(f"{k} {n}" for k, n in theme.emotions.items())))
        lines.append("")
        for statement in theme.statements:
            who = escape(attribution(statement))
            if statement.withheld:
                lines += [f"[dim]— {who}: quote withheld (consent covers notes only)[/]", ""]
                continue
            body = escape(statement.quote)
            span = escape(statement.text)
            body = body.replace(span, f"[b reverse]{span}[/]", 1) if span else body
            marker = " [dim](suggested)[/]" if statement.status == "suggested" else ""
            lines += [f"“{body}”{marker}", f"  [dim]— {who}[/]", ""]
        quotes.update("\n".join(lines))
        self.query_one("#synthesis-detail", VerticalScroll).scroll_home(animate=False)

    def action_drill(self) -> None:
        if self.selected() is not None:
            self.query_one("#synthesis-detail", VerticalScroll).focus()

    def action_back(self) -> None:
        if self.query_one("#synthesis-detail", VerticalScroll).has_focus:
            self.query_one("#synthesis-themes", DataTable).focus()
        else:
            self.app.pop_screen()

    def action_toggle_suggested(self) -> None:
        self.include_suggested = not self.include_suggested
        self.notify("Including suggested highlights." if self.include_suggested else "Accepted highlights only.")
        self.action_reload()

    # ------------------------------------------------------------------ export

    def action_export(self) -> None:
        self.app.push_screen(ExportPrompt("synthesis.docx", title="Export synthesis"), self._export_chosen)

    def _export_chosen(self, choice: "tuple[Path, bool, bool] | None") -> None:
        if choice is not None:
            self.notify(f"Writing {choice[0].name}…")
            self._export(*choice)

    @work(thread=True, group="export", exit_on_error=False)
    def _export(self, path: Path, redact: bool, force: bool) -> None:
        from interview.export import export_synthesis

        fmt = _SUFFIX_FORMATS.get(path.suffix.lower(), "docx")
        try:
            written = export_synthesis(
                self.app.store, path, fmt=fmt, filters=self.filters, redact=redact,
                include_suggested=self.include_suggested, force=force,
                synthesis=None if redact else self.synthesis,
            )
        except ExportError as error:
            self.app.call_from_thread(self.notify, f"{error}.".capitalize(), severity="error")
            return
        except ImportError:  # a writer module changed on disk under the running app
            self.app.call_from_thread(self.notify, UPGRADED, title="Restart needed", severity="error", timeout=30)
            return
        self.app.call_from_thread(self.notify, f"Wrote {written}")
