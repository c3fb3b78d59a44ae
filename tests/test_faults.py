"""Faults a research team will meet, injected for real: SIGKILL mid-write, a full disk,
a database locked by another program, the file deleted or replaced under the app, and
a data folder that cannot be written.

The kill drill forks a worker (tests/fault_driver.py) that edits, reviews, tags,
stars, drafts and forgets through the Store, printing ACK after each commit; the
worker is killed with SIGKILL at a random point (a SQL statement or a moment), then
the file must pass ``PRAGMA integrity_check``, hold every acknowledged write, and hold
the step that was in flight either completely or not at all. The default run kills 10
times; the ``slow`` drill ``INTERVIEW_KILLS`` times (200).
"""

from __future__ import annotations

import os
import random
import resource
import select
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from collections import Counter
from pathlib import Path

import pytest
from click.testing import CliRunner

from interview.cli import main
from interview.store import Store, StoreError

from fault_driver import FORGOTTEN, World, parse_log, prepare, read_facts, work
from trust_record import record

KILLS = int(os.environ.get("INTERVIEW_KILLS", "200"))
DRIVER = Path(__file__).with_name("fault_driver.py")


def integrity(path: Path) -> str:
    conn = sqlite3.connect(path)
    try:
        return conn.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        conn.close()


def _drain(fd: int, until: float) -> bytes:
    """Read the worker's pipe until ``until`` (monotonic) or EOF, so it never blocks on a full pipe."""
    chunks = []
    while True:
        left = until - time.monotonic()
        if left <= 0:
            return b"".join(chunks)
        ready, _, _ = select.select([fd], [], [], left)
        if ready:
            chunk = os.read(fd, 65536)
            if not chunk:
                return b"".join(chunks)
            chunks.append(chunk)


def kill_once(path: Path, world: World, seed: int, *, stop_at: int | None = None, acks_first: int = 0,
              delay: float = 0.0) -> tuple[list, list | None, bytes]:
    """Fork a worker and SIGKILL it: where it stopped itself at its ``stop_at``-th SQL statement,
    or ``delay`` seconds after its ``acks_first``-th acknowledged step; return its log."""
    read_fd, write_fd = os.pipe()
    pid = os.fork()
    if pid == 0:  # the worker: never returns into pytest
        os.close(read_fd)
        try:
            work(path, world, seed, write_fd, stop_at=stop_at)
        except BaseException as error:  # noqa: BLE001 - reported to the parent, which fails the test
            os.write(write_fd, f"ERROR {type(error).__name__}: {error}\n".encode())
        os._exit(0)
    os.close(write_fd)
    ended = False
    if stop_at is not None:
        data, ended = _drain_until_stopped(read_fd, pid)
    else:
        data = b""
        while data.count(b"\nACK ") + data.startswith(b"ACK ") < acks_first and (chunk := os.read(read_fd, 65536)):
            data += chunk
        data += _drain(read_fd, time.monotonic() + delay)
    if not ended:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
    data += _drain(read_fd, time.monotonic() + 1)
    os.close(read_fd)
    acked, pending = parse_log(data)
    return acked, pending, data


def _drain_until_stopped(fd: int, pid: int) -> tuple[bytes, bool]:
    """Read the worker's pipe until it has stopped itself; also say whether it ended instead
    (reaped here; its log says why)."""
    chunks = []
    while not (waited := os.waitpid(pid, os.WNOHANG | os.WUNTRACED))[0]:
        ready, _, _ = select.select([fd], [], [], 0.05)
        if ready and (chunk := os.read(fd, 65536)):
            chunks.append(chunk)
    return b"".join(chunks), not os.WIFSTOPPED(waited[1])


def check_after_kill(path: Path, world: World, acked: list, pending: list | None) -> bool | None:
    """Assert the file holds every acknowledged fact; return whether the in-flight step landed."""
    for facts in acked:
        for key, value in facts:
            world.facts[tuple(key)] = value
    assert integrity(path) == "ok"
    new = {tuple(k): v for k, v in pending} if pending else {}
    with Store(path) as store:  # opening also recovers the WAL the dead worker left
        actual = read_facts(store, world, list(world.facts) + [k for k in new if k not in world.facts])
    landed = None
    if new:
        got = {k: actual[k] for k in new}
        old = {k: world.facts.get(k) for k in new}
        assert got in (new, old), f"half a step survived: {got} is neither {new} nor {old}"
        landed = got == new and new != old
        world.facts.update(got)
    lost = {k: (v, actual[k]) for k, v in world.facts.items() if actual[k] != v}
    assert not lost, f"acknowledged writes lost or changed: {list(lost.items())[:5]}"
    return landed


@pytest.mark.parametrize("kills", [10, pytest.param(KILLS, marks=pytest.mark.slow)])
def test_sigkill_at_random_points_loses_no_acknowledged_write(tmp_path: Path, kills: int):
    path = tmp_path / "drill.db"
    world = prepare(path)
    rng = random.Random(int(os.environ.get("INTERVIEW_KILL_SEED", "20250101")))
    acks = landed = in_flight = waited_for = stopped = 0
    kinds: set[str] = set()
    killed_during: Counter[str] = Counter()
    for round_ in range(kills):
        # Every other kill lands on a SQL statement the seed picks (a step is 3-400 statements, 50 on average), so
        # the drill kills mid-step however slow the machine; the rest strike at a moment in time
        # after 1-4 acknowledged steps, which can also fall inside a commit's own writes.
        if round_ % 2:
            kill = {"acks_first": rng.randint(1, 4), "delay": rng.uniform(0.0, 0.08)}
            waited_for += kill["acks_first"]
        else:
            kill = {"stop_at": rng.randint(1, 300)}
            stopped += 1
        acked, pending, log = kill_once(path, world, rng.randrange(2**32), **kill)
        assert b"ERROR" not in log, log.decode()[-500:]
        steps = [line for line in log.decode().splitlines() if line.startswith(("BEGIN", "ACK"))]
        kinds.update(line.split('"')[1] for line in steps if line.startswith("ACK"))
        if steps and steps[-1].startswith("BEGIN"):
            killed_during[steps[-1].split('"')[1]] += 1
        result = check_after_kill(path, world, acked, pending)
        acks += len(acked)
        in_flight += pending is not None
        landed += bool(result)
    print(f"{kills} kills: {acks} acknowledged steps, {in_flight} killed mid-step")
    # The drill must have exercised the work it claims to, not just killed idle workers: each timed
    # kill came after the acknowledgements it waited for, each statement kill inside a step.
    assert acks >= waited_for and in_flight >= stopped
    if kills >= 100:
        assert {"add_note", "edit", "review", "accept_all", "tag", "star", "draft", "forget", "import", "merge"} <= kinds
        assert sum(v == [True, True] for k, v in world.facts.items() if k[0] == "forgotten") > 5
    assert kills < 100 or killed_during["import"] + killed_during["merge"] >= 1  # all-or-nothing steps hit mid-way
    record("sigkill", kill_points=kills, acknowledged_writes=acks, killed_mid_step=in_flight,
           mid_step_landed=landed, killed_during=dict(killed_during), failures=0)


def test_a_half_finished_forget_leaves_no_half_forgotten_person(tmp_path: Path):
    """Forgetting is one transaction: name blanked and notes gone together, or neither."""
    path = tmp_path / "f.db"
    world = prepare(path, people=3)
    with Store(path) as store:
        pid = next(iter(world.people))
        store.forget_participant(pid, with_notes=True)
        facts = read_facts(store, world, [("forgotten", pid)])
    assert facts[("forgotten", pid)] == [True, True]
    with Store(path) as store:
        assert store.get_participant(pid).name == FORGOTTEN


# ---------------------------------------------------------------------------- disk full


@pytest.fixture
def tiny_disk(tmp_path: Path):
    """A 1 MiB tmpfs: a real ENOSPC. Needs root (mount); skipped where it cannot be had."""
    mount = tmp_path / "tiny"
    mount.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(mount)], capture_output=True)
    if done.returncode != 0:
        pytest.skip("cannot mount a small tmpfs here (needs root); the RLIMIT_FSIZE test covers disk full")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


def test_full_disk_refuses_the_note_in_one_sentence_and_damages_nothing(tiny_disk: Path):
    path = tiny_disk / "full.db"
    saved: list[str] = []
    with Store(path) as store:
        session = store.create_session(title="Full disk")
        with pytest.raises(StoreError) as caught:
            for i in range(10_000):
                saved.append(store.add_note(session.id, f"note {i} " + "w" * 2000).id)
        assert str(caught.value) == f"could not save: disk full ({path})"
        assert len(saved) > 10
        with pytest.raises(StoreError, match="disk full"):  # still full: still one sentence
            store.add_note(session.id, "another " + "w" * 4000)
        assert [n.id for n in store.notes_for_session(session.id)] == saved
    assert integrity(path) == "ok"
    with Store(path) as store:  # reopened: every acknowledged note is there
        assert [n.id for n in store.notes_for_session(session.id)] == saved


def _limit_file_size(limit: int):
    def apply() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # get EFBIG, not death
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
    return apply


def test_file_size_limit_mid_session_is_one_sentence_and_keeps_saved_notes(tmp_path: Path):
    """RLIMIT_FSIZE in a real subprocess: the write fails as on a full disk, without root."""
    path = tmp_path / "limited.db"
    done = subprocess.run(
        [sys.executable, str(DRIVER), str(path), "3", "--notes", "5000"], capture_output=True, text=True,
        preexec_fn=_limit_file_size(1_500_000), timeout=120,
    )
    lines = done.stdout.splitlines()
    assert done.returncode == 1 and "Traceback" not in done.stderr, done.stderr[-800:]
    acked = [line.split()[1] for line in lines if line.startswith("ACK ")]
    assert len(acked) > 20
    assert lines[-1].startswith("ERROR could not save: disk full"), lines[-1]
    assert integrity(path) == "ok"
    with Store(path) as store:
        kept = {n.id for s in store.session_ids() for n in store.notes_for_session(s)}
    assert set(acked) <= kept
    record("disk_full", rlimit_notes_acknowledged=len(acked), failures=0)


# ---------------------------------------------------------------------------- locked by another program

HOLD_LOCK = (
    "import sqlite3, sys, time\n"
    "conn = sqlite3.connect(sys.argv[1], isolation_level=None)\n"
    "conn.execute('BEGIN IMMEDIATE')\n"
    "print('locked', flush=True)\n"
    "time.sleep(float(sys.argv[2])) if len(sys.argv) > 2 else sys.stdin.readline()\n"
    "conn.execute('ROLLBACK')\n"
)


def hold_lock(path: Path, seconds: float | None = None) -> subprocess.Popen:
    """Another program holding the write lock (as the sqlite3 shell mid-transaction would)."""
    args = [sys.executable, "-c", HOLD_LOCK, str(path)] + ([str(seconds)] if seconds is not None else [])
    holder = subprocess.Popen(args, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    assert holder.stdout.readline().strip() == "locked"
    return holder


def release(holder: subprocess.Popen) -> None:
    holder.stdin.write("\n")
    holder.stdin.flush()
    holder.wait(timeout=10)


def test_lock_longer_than_the_busy_timeout_is_one_sentence_then_a_retry_saves(tmp_path: Path):
    path = tmp_path / "locked.db"
    with Store(path) as store:
        session = store.create_session(title="Locked")
        first = store.add_note(session.id, "before the lock")
        store.conn.execute("PRAGMA busy_timeout = 200")  # the real 5 s, shortened for the test
        holder = hold_lock(path)
        try:
            with pytest.raises(StoreError) as caught:
                store.add_note(session.id, "during the lock")
            assert str(caught.value) == f"the database {path} is locked by another program; close it and try again"
        finally:
            release(holder)
        second = store.add_note(session.id, "during the lock")  # the retry: same text, now saved
        assert [n.id for n in store.notes_for_session(session.id)] == [first.id, second.id]


def test_lock_shorter_than_the_busy_timeout_just_waits(tmp_path: Path):
    path = tmp_path / "brief.db"
    with Store(path) as store:
        session = store.create_session(title="Brief lock")
        holder = hold_lock(path)
        saved: list = []
        saving = threading.Thread(target=lambda: saved.append(store.add_note(session.id, "saved after a short wait")))
        saving.start()
        saving.join(0.3)
        assert saving.is_alive() and not saved, "the save cannot finish while the lock is held"
        release(holder)  # well within the busy timeout (5 s)
        saving.join(30)
        assert saved and store.get_note(saved[0].id).text == "saved after a short wait"


# ---------------------------------------------------------------------------- the file goes away


@pytest.mark.parametrize("how", ["deleted", "replaced", "moved"])
def test_database_deleted_or_replaced_while_running_refuses_writes_in_one_sentence(tmp_path: Path, how: str):
    path = tmp_path / "gone.db"
    with Store(path) as store:
        session = store.create_session(title="Going")
        store.add_note(session.id, "saved before")
        if how == "deleted":
            for extra in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
                extra.unlink(missing_ok=True)
        elif how == "replaced":  # e.g. a backup restored over it with mv
            with Store(tmp_path / "other.db") as other:
                other.create_session(title="Other")
            os.replace(tmp_path / "other.db", path)
        else:
            os.rename(path, tmp_path / "elsewhere.db")
        with pytest.raises(StoreError) as caught:
            store.add_note(session.id, "would vanish with the old file")
        assert str(caught.value) == (
            f"the database {path} was deleted or replaced while interview was running; "
            "nothing more can be saved to it, so restart interview"
        )
        with pytest.raises(StoreError, match="deleted or replaced"):
            store.save_draft(session.id, "a draft too")


def test_cli_with_an_unwritable_data_folder_says_one_sentence(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the data folder should be")
    monkeypatch.delenv("INTERVIEW_DB", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(blocker / "share"))  # the default location cannot be made
    result = CliRunner().invoke(main, ["sessions", "list"])
    assert result.exit_code == 1
    assert result.output.startswith("Error: cannot create the database ") and "Traceback" not in result.output
    assert result.output.count("\n") == 1


@pytest.fixture
def read_only_folder(tmp_path: Path):
    """A read-only file system: unwritable even for root (where chmod is no obstacle)."""
    folder = tmp_path / "ro"
    folder.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "ro,size=64k", "tmpfs", str(folder)], capture_output=True)
    if done.returncode != 0:
        os.chmod(folder, 0o500)
        if os.access(folder, os.W_OK):
            pytest.skip("cannot make an unwritable folder here")
        yield folder
        os.chmod(folder, 0o700)
        return
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=False)


def test_cli_and_app_refuse_a_read_only_data_folder_in_one_sentence(read_only_folder: Path, monkeypatch):
    db = read_only_folder / "interview.db"
    monkeypatch.setenv("INTERVIEW_DB", str(db))
    for args in (["sessions", "list"], []):  # a subcommand, and the app itself (which opens the store first)
        result = CliRunner().invoke(main, args)
        assert result.exit_code == 1, args
        assert result.output == f"Error: cannot create the database {db}: the folder {read_only_folder} is not writable\n"


# ---------------------------------------------------------------------------- the same faults on the live screen


def _live_app(path: Path):
    from interview.app import InterviewApp

    store = Store(path)
    session = store.create_session(title="Call with Ana", consent_given=True)
    return store, session.id, InterviewApp(store, live_session_id=session.id)


async def _enter_note(pilot, text: str) -> None:
    from textual import events

    pilot.app.post_message(events.Paste(text))  # a terminal paste: one event, not one per key
    await pilot.pause()
    await pilot.press("enter")
    await _written(pilot)


async def _written(pilot) -> None:
    """Wait until the live screen's writer thread has tried every queued write (a stuck one once more)."""
    pilot.app.screen.writes.flush_now()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def _box(app) -> str:
    from interview.widgets.note_input import NoteInput

    return app.screen.query_one(NoteInput).text


def _messages(app) -> list[str]:
    return [n.message for n in app._notifications]


def _log(app) -> str:
    from interview.widgets.note_log import NoteLog

    return app.screen.query_one(NoteLog).rendered_text()


@pytest.fixture(autouse=True)
def _no_user_guides(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("INTERVIEW_GUIDES_DIR", str(tmp_path / "guides"))


async def test_live_screen_on_a_really_full_disk_keeps_the_note_until_it_fits(tiny_disk: Path):
    store, sid, app = _live_app(tiny_disk / "live.db")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await _enter_note(pilot, "saved while there was room")
        filler = tiny_disk / "filler"
        fd = os.open(filler, os.O_WRONLY | os.O_CREAT)
        try:  # take every byte left
            while os.write(fd, b"\0" * 4096):
                pass
        except OSError:
            pass
        finally:
            os.close(fd)
        await _enter_note(pilot, "typed when the disk was full " + "w" * 3000)
        assert _box(app) == ""  # the box is free for the next note; this one is kept in memory
        assert "typed when the disk was full" in _log(app) and "saving…" in _log(app)
        assert any(m.startswith("Not saved yet: Could not save: disk full") for m in _messages(app)), _messages(app)
        filler.unlink()  # space again: the kept note is saved
        await _written(pilot)
        assert "saving…" not in _log(app)
    assert [n.text[:28] for n in store.notes_for_session(sid)] == ["saved while there was room", "typed when the disk was full"]
    store.close()
    assert integrity(tiny_disk / "live.db") == "ok"


async def test_live_screen_when_sqlite_reports_disk_full(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """The same path without root: SQLite's own error raised inside the store's write."""
    import contextlib

    store, sid, app = _live_app(tmp_path / "live.db")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await _enter_note(pilot, "first note")

        @contextlib.contextmanager
        def full():
            raise sqlite3.OperationalError("database or disk is full")
            yield

        monkeypatch.setattr(store, "_write", full)
        await _enter_note(pilot, "second note")
        assert _box(app) == "" and "second note  saving…" in _log(app)
        assert any(m.startswith(f"Not saved yet: Could not save: disk full ({store.path}).") for m in _messages(app))
        monkeypatch.undo()
        await _written(pilot)
        assert "second note" in _log(app) and "saving…" not in _log(app)
    assert [n.text for n in store.notes_for_session(sid)] == ["first note", "second note"]
    store.close()


async def test_live_screen_with_the_database_locked_keeps_notes_in_order_and_saves_them_after(tmp_path: Path):
    path = tmp_path / "live.db"
    store, sid, app = _live_app(path)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        store.conn.execute("PRAGMA busy_timeout = 200")
        holder = hold_lock(path)
        try:
            await _enter_note(pilot, "said while locked")
            await _enter_note(pilot, "and then this")
            assert _box(app) == ""
            assert "said while locked  saving…" in _log(app) and "and then this  saving…" in _log(app)
            assert sum("is locked by another program" in m for m in _messages(app)) == 1
            assert store.notes_for_session(sid) == []
        finally:
            release(holder)
        await _written(pilot)
        assert "saving…" not in _log(app)
    assert [n.text for n in store.notes_for_session(sid)] == ["said while locked", "and then this"]
    store.close()


async def test_live_screen_never_waits_on_the_database_while_typing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """Saves and drafts run in the writer thread: keys typed while a save waits for the lock land at once."""
    import threading

    from interview.screens.live import LiveScreen

    path = tmp_path / "live.db"
    store, sid, app = _live_app(path)
    callers: list[str] = []
    saving = threading.Event()
    let_go = threading.Event()
    real_add, real_draft = store.add_note, store.save_draft

    def slow_add(*args, **kwargs):  # a lock that another program holds until the test lets go
        callers.append("ui" if threading.get_ident() == app._thread_id else "worker")
        saving.set()
        let_go.wait(timeout=10)
        saving.clear()
        return real_add(*args, **kwargs)

    def tracked_draft(*args, **kwargs):
        callers.append("ui" if threading.get_ident() == app._thread_id else "worker")
        return real_draft(*args, **kwargs)

    monkeypatch.setattr(store, "add_note", slow_add)
    monkeypatch.setattr(store, "save_draft", tracked_draft)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, LiveScreen)
        await pilot.press(*"waiting note", "enter")
        await pilot.press(*"typed meanwhile")
        assert saving.is_set(), "the save is still waiting for the database"
        assert _box(app) == "typed meanwhile" and "waiting note  saving…" in _log(app)
        screen._keep_draft(force=True)
        let_go.set()
        await _written(pilot)
        assert "saving…" not in _log(app)
    assert callers and set(callers) == {"worker"}, callers
    assert [n.text for n in store.notes_for_session(sid)] == ["waiting note"]
    assert store.get_draft(sid).text == "typed meanwhile"
    store.close()


async def test_live_screen_after_the_database_is_deleted_refuses_in_one_sentence(tmp_path: Path):
    from interview.screens.confirm import ConfirmScreen
    from interview.screens.home import HomeScreen
    from interview.screens.live import LiveScreen

    path = tmp_path / "live.db"
    store, sid, app = _live_app(path)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await _enter_note(pilot, "kept before")
        path.unlink()
        await _enter_note(pilot, "would be lost")
        assert "would be lost  saving…" in _log(app)  # still on screen, not silently dropped
        assert any("was deleted or replaced while interview was running" in m for m in _messages(app))
        await pilot.press("escape", "y")  # end: it waits for the unsaved note...
        await pilot.pause()
        assert isinstance(app.screen, LiveScreen)
        assert any("esc again to leave without them" in m for m in _messages(app))
        await pilot.press("escape")  # ...and says how to leave without it
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen) and "1 note not saved yet" in str(
            app.screen.query_one("#confirm-question").content)
        await pilot.press("y")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
    store.close()
