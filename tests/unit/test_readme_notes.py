"""The README's example notes are the composer's own: regenerate them with
`python -m tests.readme_notes` when the wording changes."""

from __future__ import annotations

from bot.dialogs import Dialogs

from ..helpers import ROOT
from ..readme_notes import END, START, section


def test_the_readme_shows_the_notes_as_the_bot_writes_them(dialogs: Dialogs) -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    shown = readme[readme.index(START) : readme.index(END) + len(END)]
    assert shown == section(dialogs), "run: python -m tests.readme_notes, paste into README.md"
