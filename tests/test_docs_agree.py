"""The README and docs point at things that exist on any machine (issue 17, item 10)."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_readme_links_and_files_exist():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for target in re.findall(r"\]\(([^)#]+)\)", readme):
        if "://" not in target:
            assert (ROOT / target).exists(), target
    for name in re.findall(r"`([A-Z]+\.md)`", readme):
        assert (ROOT / name).exists(), f"README names {name}, which is not in the repository"


def test_docs_carry_no_paths_of_one_machine():
    for doc in [ROOT / "README.md", *(ROOT / "docs").glob("*.md")]:
        text = doc.read_text(encoding="utf-8")
        assert not re.search(r"(?<![\w.])/(work|home|Users|root)/", text), doc.name
