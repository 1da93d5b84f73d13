"""`python -m bot understand`: what the bot understands in a text, and why.

Without TEXT it reads one text per line from stdin and answers one line per text. With
`--at NODE` the text is read as a typed answer to that question, exactly as the
conversation would take it there (the same code path); otherwise as an opening story.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable
from typing import TextIO

from .conversation.understand import for_cli
from .dialogs import Dialogs, resolve_locale
from .understanding import Reading


def run(
    d: Dialogs, texts: Iterable[str], *, locale: str, at: str | None, as_json: bool, out: TextIO
) -> int:
    if at is not None and (at not in d.nodes or not d.nodes[at].options):
        names = ", ".join(n for n, node in d.nodes.items() if node.options)
        print(f"--at: '{at}' is not a question with choices (try one of: {names})", file=sys.stderr)
        return 2
    loc = d.locales[resolve_locale(locale)]
    for text in texts:
        reading = for_cli(d, loc, text.rstrip("\n"), at)
        out.write(
            (json.dumps(reading.public(), ensure_ascii=False) if as_json else describe(reading))
            + "\n"
        )
        out.flush()
    return 0


def describe(r: Reading) -> str:
    if not r.answers:
        return "(nothing understood)"
    parts = []
    for key, value in r.answers.items():
        said = [
            f"“{e.phrase}”" + (" (typo?)" if e.fuzzy else "") for e in r.evidence if e.answer == key
        ]
        parts.append(f"{key}={value}" + (f" from {', '.join(said)}" if said else " (implied)"))
    denied = [f"not {v}" for vs in r.denied.values() for v in vs]
    return "; ".join(parts + denied)
