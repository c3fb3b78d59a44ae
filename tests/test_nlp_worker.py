"""The NLP worker process: same answers as in-process spaCy, restarts once, never outlives the app."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time

import pytest

from interview.guides import resolve_guide
from interview.guides.lint import lint_guide
from interview.nlp import analyze_one
from interview.nlp.client import NlpWorker
from interview.nlp.errors import PipelineError

NOTES = [
    "It's fine, but the export is painful.",
    "I hate this, we re-key every invoice by hand into a spreadsheet.",
    "I wish the report just worked.",
    "",
]


@pytest.fixture(scope="module")
def worker():
    w = NlpWorker()
    yield w
    w.close()


def test_worker_answers_as_the_pipeline_does_in_process(worker: NlpWorker):
    for text in NOTES:
        assert worker.analyze(text) == analyze_one(text)
    guide = resolve_guide("problem-discovery")
    assert worker.lint(guide) == lint_guide(guide)
    assert worker.version.startswith("rules-")


def test_a_killed_worker_is_replaced_on_the_next_call(worker: NlpWorker):
    worker.start()
    first = worker.pid
    os.kill(first, signal.SIGKILL)
    assert worker.analyze(NOTES[0]) == analyze_one(NOTES[0])
    assert worker.pid != first


def test_a_failing_operation_is_one_sentence_and_the_worker_carries_on(worker: NlpWorker):
    with pytest.raises(PipelineError, match="no operation 'explode'"):
        worker._call("explode", None)
    assert worker.analyze(NOTES[2]) == analyze_one(NOTES[2])


def test_a_pipeline_that_cannot_load_says_why(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("INTERVIEW_SPACY_MODEL", "no_such_model_xyz")
    broken = NlpWorker()
    with pytest.raises(PipelineError, match="no_such_model_xyz.*is not installed"):
        broken.analyze("anything")
    broken.close()


def test_a_worker_that_cannot_start_says_so():
    broken = NlpWorker([sys.executable, "-c", "import sys; sys.exit(3)"])
    with pytest.raises(PipelineError, match="did not start"):
        broken.start()


def test_worker_exits_when_the_app_is_killed(tmp_path):
    parent = textwrap.dedent(
        """
        import sys, time
        from interview.nlp.client import NlpWorker
        w = NlpWorker()
        w.start()
        print(w.pid, flush=True)
        time.sleep(60)
        """
    )
    app = subprocess.Popen([sys.executable, "-c", parent], stdout=subprocess.PIPE, text=True)
    child = int(app.stdout.readline())
    app.send_signal(signal.SIGKILL)
    app.wait()
    deadline = time.monotonic() + 120  # a safety net for a worker that never exits, not a speed limit
    while time.monotonic() < deadline:
        try:
            os.kill(child, 0)
        except ProcessLookupError:
            return
        # a zombie (exited, not yet reaped by init) counts as gone
        try:
            with open(f"/proc/{child}/stat") as stat:
                if stat.read().split(") ")[1].startswith("Z"):
                    return
        except FileNotFoundError:
            return
        time.sleep(0.1)
    os.kill(child, signal.SIGKILL)
    pytest.fail("the NLP worker outlived the app")


def test_a_folder_called_interview_in_the_working_directory_does_not_shadow_the_package(tmp_path, monkeypatch):
    fake = tmp_path / "interview"
    (fake / "nlp").mkdir(parents=True)
    (fake / "__init__.py").write_text("raise SystemExit('wrong package')\n")
    (fake / "nlp" / "__init__.py").write_text("")
    monkeypatch.chdir(tmp_path)
    worker = NlpWorker()
    try:
        assert worker.analyze(NOTES[0]) == analyze_one(NOTES[0])
    finally:
        worker.close()
