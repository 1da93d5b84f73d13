"""One typed detail read and stored: by its node's `parse` (a name, a referral), with the
flags and extra answers the reading gives and the answers it makes stale. The text step
and a form (several details at once) both store through here, so a detail means the same
however it was given."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from ..dialogs import Dialogs, Locale, Node
from ..dialogs.draft_words import ToneRules
from ..drafts import criticism, parse_name, read_referral
from ..text import clean
from .turn import Turn


@dataclass(frozen=True)
class Reading:
    value: str
    extra: dict[str, str] = field(default_factory=dict)  # more answers (a referral's line)
    flags: dict[str, str] = field(default_factory=dict)


def read(d: Dialogs, loc: Locale, node: Node, text: str) -> Reading | None:
    """What `text` answers at `node`; None when it cannot be (not a name, say)."""
    value = clean(text, max_length=node.max_length)
    flags: dict[str, str] = {}
    extra: dict[str, str] = {}
    if node.parse == "name":
        name = parse_name(value, d.names)
        if name is None:
            return None
        asks = loc.draft_words.ask_address and bool(name.family) and name.address is None
        if node.flag:
            flags[node.flag] = "yes" if asks else "no"
    elif node.parse == "referral":
        ref = read_referral(value, d.names) if value else None
        if value and ref is None:
            return None
        value = ref.name if ref else ""
        if node.detail:
            extra[node.detail] = ref.line if ref else ""
        if node.flag:
            flags[node.flag] = "sentence" if ref and ref.rewritten else "name"
    if node.tone_check:
        critical = value and criticism(value, tone_rules(d))
        flags[node.tone_check] = "negative" if critical else "ok"
    return Reading(value, extra, flags)


def store(turn: Turn, node: Node, reading: Reading) -> None:
    assert node.answer is not None
    for stale in node.clears:
        turn.answers.pop(stale, None)
    turn.answers[node.answer] = reading.value
    turn.answers.update(reading.extra)
    turn.flags.update(reading.flags)


def tone_rules(d: Dialogs) -> Iterator[ToneRules]:
    """Every language's: people type in the language they think in."""
    return (loc.draft_words.tone for loc in d.locales.values())


def invalid(turn: Turn, node: Node) -> str:
    return turn.loc.nodes[node.id].invalid or turn.msg("unknown")
