"""The live note log keeps every note's height but only recent notes' strips, and still draws them all."""

from __future__ import annotations

from dataclasses import replace

from textual.app import App, ComposeResult

from interview.models import Note
from interview.widgets.note_log import NoteLog


def note(i: int, question: str = "q1") -> Note:
    words = " ".join(["word"] * (i % 40))
    return Note(id=f"n{i:04d}", session_id="s", text=f"note {i} {words}".strip(), question_id=question,
                offset_seconds=i * 7.0, created_at=f"2026-01-01T00:{i // 60:02d}:{i % 60:02d}Z")


class LogApp(App[None]):
    def compose(self) -> ComposeResult:
        yield NoteLog({"q1": "First question", "q2": "Second question"})


def screen_text(app: App) -> str:
    log = app.query_one(NoteLog)
    return "\n".join(log.render_line(y).text for y in range(log.size.height))


async def test_a_long_session_draws_old_notes_after_their_strips_were_dropped():
    app = LogApp()
    async with app.run_test(size=(80, 20)) as pilot:
        log = app.query_one(NoteLog)
        count = NoteLog.KEPT_RENDERED * 2
        for i in range(count):
            log.add_note(note(i, "q1" if i < count // 2 else "q2"))
        await pilot.pause()
        assert len(log._rendered) <= NoteLog.KEPT_RENDERED
        assert f"note {count - 1} " in screen_text(app)
        lines = log.rendered_text().splitlines()
        assert log.virtual_size.height == len(lines)  # heights kept for every note match a full render

        log.scroll_home(animate=False)
        await pilot.pause()
        top = screen_text(app)
        assert "── First question" in top and "note 0" in top and "note 1 word" in top

        log.replace_note(replace(note(0), text="note 0 edited", starred=True))  # an old note changes
        await pilot.pause()
        assert "★ I: note 0 edited" in screen_text(app)
        log.remove_note("n0000")
        await pilot.pause()
        assert "note 0 edited" not in log.rendered_text()
        assert log.virtual_size.height == len(log.rendered_text().splitlines())


async def test_resizing_measures_every_note_again():
    app = LogApp()
    async with app.run_test(size=(100, 20)) as pilot:
        log = app.query_one(NoteLog)
        log.set_notes([note(i) for i in range(300)])
        await pilot.pause()
        wide = log.virtual_size.height
        await pilot.resize_terminal(50, 20)
        await pilot.pause()
        assert log.virtual_size.height > wide
        assert log.virtual_size.height == len(log.rendered_text().splitlines())
