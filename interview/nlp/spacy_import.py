"""Import spaCy without its command line, which the highlighter never uses: ~0.3 s of start-up.

``spacy/__init__.py`` runs ``from .cli.info import info``, and importing ``spacy.cli``
pulls in typer, weasel, requests and the rest of spaCy's CLI: about 40% of
``import spacy`` (0.78 s -> 0.46 s CPU here), paid by every ``interview highlight``
and every start of the NLP worker. Importing this module first puts a lazy stand-in
for ``spacy.cli`` in ``sys.modules``; the first time anything reads a name from it,
the real CLI is imported and takes its place, so ``spacy.cli.download`` and
``spacy.info`` still work. Nothing happens if spaCy is already imported.
tests/test_nlp.py checks that spaCy still imports ``spacy.cli.info`` from its
``__init__``; when it stops, this module can go.
"""

from __future__ import annotations

import importlib
import sys
import types

_NAMES = ("spacy.cli", "spacy.cli.info")


class _LazyCli(types.ModuleType):
    """Stands for a spaCy CLI module until someone reads from it."""

    def __getattr__(self, name: str):
        if name.startswith("__"):
            raise AttributeError(name)
        return getattr(_real(self.__name__), name)


def _real(name: str) -> types.ModuleType:
    for stub in _NAMES:
        if isinstance(sys.modules.get(stub), _LazyCli):
            del sys.modules[stub]
    module = importlib.import_module(name)
    spacy = sys.modules.get("spacy")
    if spacy is not None:
        spacy.cli = importlib.import_module("spacy.cli")
    return module


def _info(*args, **kwargs):
    return _real("spacy.cli.info").info(*args, **kwargs)


def attach() -> None:
    """After ``import spacy``: make ``spacy.cli`` name the stand-in, as it would the real CLI."""
    spacy = sys.modules.get("spacy")
    if spacy is not None and "cli" not in vars(spacy) and "spacy.cli" in sys.modules:
        spacy.cli = sys.modules["spacy.cli"]


def install() -> None:
    if "spacy" in sys.modules or "spacy.cli" in sys.modules:
        return
    cli = _LazyCli("spacy.cli")
    cli.__path__ = []  # a package, so "spacy.cli.info" can be found under it
    info = _LazyCli("spacy.cli.info")
    info.info = _info
    cli.info = info
    sys.modules.update({"spacy.cli": cli, "spacy.cli.info": info})


install()
