"""The NLP worker process: ``python -m interview.nlp.worker``, started by ``client.NlpWorker``.

spaCy runs here rather than in the app's process. In a thread beside the UI it held
the GIL for whole parses, and the million objects it keeps alive made every full
garbage collection walk them. Both stalled typing: one note in a hundred waited
more than a frame, and some waited half a second (benchmarks/note_save.py).

The protocol is one pickled request on stdin, one pickled reply on stdout, in turn:
``(op, argument)`` in, ``("ok", result)`` or ``("error", sentence)`` out. The first
reply is sent unasked once the pipeline has loaded and holds its version. The loop
ends when stdin closes, so the worker goes when the app goes, whatever way the app ends.
"""

from __future__ import annotations

import os
import pickle
import sys
from typing import Any, BinaryIO, Callable


def _handlers() -> dict[str, Callable[[Any], Any]]:
    from interview.guides.lint import lint_guide
    from interview.nlp.pipeline import analyze_one

    return {"analyze": analyze_one, "lint": lint_guide, "ping": lambda argument: argument}


def _reply(out: BinaryIO, status: str, value: Any) -> None:
    pickle.dump((status, value), out, protocol=pickle.HIGHEST_PROTOCOL)
    out.flush()


def _describe(error: BaseException) -> str:
    return f"{type(error).__name__}: {error}"


def serve(inp: BinaryIO, out: BinaryIO) -> None:
    """Load the pipeline, say so, then answer requests until ``inp`` closes."""
    try:
        from interview.nlp.pipeline import get_pipeline, pipeline_version

        get_pipeline()
        handlers = _handlers()
    except Exception as error:  # reported to the app, which shows it and carries on without
        _reply(out, "error", _describe(error))
        return
    _reply(out, "ok", pipeline_version())
    while True:
        try:
            op, argument = pickle.load(inp)
        except EOFError:
            return
        handler = handlers.get(op)
        if handler is None:
            _reply(out, "error", f"The NLP worker has no operation {op!r}.")
            continue
        try:
            result = handler(argument)
        except Exception as error:
            _reply(out, "error", _describe(error))
        else:
            _reply(out, "ok", result)


def main() -> None:
    # The replies own the real stdout; anything a library prints goes to stderr instead.
    out = os.fdopen(os.dup(sys.stdout.fileno()), "wb")
    os.dup2(sys.stderr.fileno(), sys.stdout.fileno())
    try:
        serve(sys.stdin.buffer, out)
    except KeyboardInterrupt:  # ctrl+c in the terminal reaches the whole process group
        pass


if __name__ == "__main__":
    main()
