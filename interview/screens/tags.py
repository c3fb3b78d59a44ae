"""Every tag with its note count: rename, merge, recolour, delete; enter searches the tag's notes."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen, Screen
from textual.widgets import DataTable, Header, OptionList, Static
from textual.widgets.option_list import Option

from interview.models import Tag
from interview.screens.confirm import ConfirmScreen
from interview.screens.review_edit import PromptScreen
from interview.screens.search import quote_value
from interview.screens.errors import reports_errors
from interview.widgets.footer import Footer
from interview.widgets.table_cursor import item_at_cursor

# Readable as text on dark and light themes; "" means the default tag colour.
TAG_PALETTE: dict[str, str] = {
    "default": "",
    "red": "#e06c75",
    "orange": "#d19a66",
    "yellow": "#e5c07b",
    "green": "#98c379",
    "teal": "#56b6c2",
    "blue": "#61afef",
    "purple": "#c678dd",
    "grey": "#9da5b4",
}

EMPTY_TEXT = (
    "[b]No tags yet.[/b]\n\n"
    "Tag a note with [b]t[/b] in a session's review, or type [b]#tag[/b] in a note during a live session."
)


class ColorScreen(ModalScreen[str | None]):
    """Pick a colour from the palette; dismisses with its hex ('' for the default) or None."""

    BINDINGS = [Binding("escape", "dismiss(None)", "Cancel")]

    def __init__(self, tag: str) -> None:
        super().__init__()
        self._tag = tag

    def compose(self) -> ComposeResult:
        with Vertical(id="review-prompt-box"):
            yield Static(f"Colour for [b]#{self._tag}[/b]:")
            yield OptionList(
                *[Option(Text.assemble(("■ ", color or "magenta"), (f"#{self._tag}", color or "magenta"), f"  {name}"),
                         id=name) for name, color in TAG_PALETTE.items()],
                id="tags-colors",
            )

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(TAG_PALETTE[event.option.id or "default"])


class TagsScreen(Screen[None]):
    CSS_PATH = "tags.tcss"
    TITLE = "Tags"
    HELP = "Merging moves every note of the selected tag to the other tag; deleting removes the tag, never the notes."
    BINDINGS = [
        Binding("enter", "search_tag", "Notes"),
        Binding("r", "rename", "Rename"),
        Binding("m", "merge", "Merge into…"),
        Binding("c", "recolour", "Colour"),
        Binding("d", "delete", "Delete"),
        Binding("escape,q", "back", "Back"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[Tag] = []

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="tags"):
            yield DataTable(id="tags-table", cursor_type="row", zebra_stripes=True)
            yield Static(EMPTY_TEXT, id="tags-empty")
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns("tag", "notes", "colour")
        self.refresh_tags()
        table.focus()

    def on_screen_resume(self) -> None:
        self.refresh_tags()

    @reports_errors
    def refresh_tags(self, select: str | None = None) -> None:
        table = self.query_one(DataTable)
        keep = select or (self.selected().name if self.selected() else None)
        # A tag whose notes are all gone (deleted, or erased by `participants forget`) is not shown.
        self.tags = [tag for tag in self.app.store.list_tags() if tag.note_count]
        table.clear()
        names = {v: k for k, v in TAG_PALETTE.items() if v}
        for tag in self.tags:
            table.add_row(
                Text(f"#{tag.name}", style=tag.color or "magenta"),
                Text(str(tag.note_count), justify="right"),
                Text(names.get(tag.color, tag.color) or "default", style="dim"),
                key=tag.id,
            )
        table.display = bool(self.tags)
        self.query_one("#tags-empty", Static).display = not self.tags
        self.sub_title = f"{len(self.tags)} tag{'s' if len(self.tags) != 1 else ''}"
        if self.tags and keep:
            index = next((i for i, t in enumerate(self.tags) if t.name.lower() == keep.lower()), 0)
            table.move_cursor(row=index)

    def selected(self) -> Tag | None:
        return item_at_cursor(self.query_one(DataTable), self.tags)

    @reports_errors
    def _run(self, change, done: str, select: str | None = None) -> None:
        """Apply a change; a StoreError (a name already taken, a locked database) is shown by the app."""
        change()
        self.refresh_tags(select)
        self.notify(done, timeout=3)

    # ------------------------------------------------------------------ actions

    def action_search_tag(self) -> None:
        tag = self.selected()
        if tag is not None:
            self.app.open_search(f"tag:{quote_value(tag.name)}")

    @on(DataTable.RowSelected, "#tags-table")
    def _row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_search_tag()

    def action_rename(self) -> None:
        tag = self.selected()
        if tag is None:
            return

        def renamed(name: str | None) -> None:
            name = (name or "").strip().lstrip("#").strip()
            if not name or name == tag.name:
                return
            self._run(lambda: self.app.store.rename_tag(tag.name, name), f"Renamed #{tag.name} to #{name}.", name)

        self.app.push_screen(PromptScreen(f"Rename [b]#{tag.name}[/b] to:", tag.name), renamed)

    def action_merge(self) -> None:
        tag = self.selected()
        if tag is None:
            return
        others = [t.name for t in self.tags if t.id != tag.id]
        if not others:
            self.notify("There is no other tag to merge into.", timeout=3)
            return

        def merged(into: str | None) -> None:
            into = (into or "").strip().lstrip("#").strip()
            if not into:
                return
            target = next((t.name for t in self.tags if t.name.lower() == into.lower()), None)
            if target is None:
                self.notify(f"There is no tag named #{into}; rename #{tag.name} instead.", severity="error")
                return
            self._run(lambda: self.app.store.merge_tags(tag.name, target),
                      f"Merged #{tag.name} ({tag.note_count} notes) into #{target}.", target)

        question = f"Merge [b]#{tag.name}[/b] ({tag.note_count} notes) into which tag? (→ completes)"
        self.app.push_screen(PromptScreen(question, suggestions=others, placeholder=others[0]), merged)

    def action_recolour(self) -> None:
        tag = self.selected()
        if tag is None:
            return

        def chosen(color: str | None) -> None:
            if color is not None:
                self._run(lambda: self.app.store.set_tag_color(tag.name, color), f"Recoloured #{tag.name}.", tag.name)

        self.app.push_screen(ColorScreen(tag.name), chosen)

    def action_delete(self) -> None:
        tag = self.selected()
        if tag is None:
            return
        count = tag.note_count
        question = (f"Delete the tag #{tag.name}? It is removed from {count} note{'s' if count != 1 else ''}; "
                    "the notes themselves stay.")

        def answer(yes: bool | None) -> None:
            if yes:
                self._run(lambda: self.app.store.delete_tag(tag.name), f"Deleted #{tag.name}.")

        self.app.push_screen(ConfirmScreen(question, confirm_label="Delete"), answer)

    def action_back(self) -> None:
        self.app.pop_screen()
