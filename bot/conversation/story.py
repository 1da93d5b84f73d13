"""A story: what someone tells the bot in their own words, shown back in one short
message to confirm ("Here's what I took from that: ... Right?"), then only the questions
it left open are asked.

The confirmation is a step of the engine's own (node `_confirm`): "that's right" applies
the answers, a "fix" button drops one and lets the flow ask it, and a typed correction
("no, three rounds", "nicht unhöflich, nur zu spät") is read and merged before asking
again.
"""

from __future__ import annotations

from typing import Any

from .. import choice_ids as ids
from ..models import Button, Outbound
from ..text import fill
from ..understanding import Question, Reading, read_answer
from . import navigate
from .state import Pending
from .turn import CONFIRM, Ask, Turn
from .understand import story

CONFIRM_KEY = "confirm"  # its words in understanding.yaml


def offer(turn: Turn, reading: Reading) -> None:
    """Show what a story said and wait for confirmation (the question asked before, if
    any, is dropped: the confirmation replaces it)."""
    at = turn.node if turn.node in turn.d.nodes else turn.d.start
    merged = _merge(turn, dict(turn.pending.answers) if turn.pending else {}, reading)
    turn.out = [o for o in turn.out if not _is_ask(o)]
    turn.pending = Pending(answers=merged, at=at)
    turn.node = CONFIRM
    turn.changed = True
    turn.ask(CONFIRM)


def _is_ask(o: object) -> bool:
    return isinstance(o, Ask)


def _merge(turn: Turn, answers: dict[str, Any], reading: Reading) -> dict[str, Any]:
    """A reading over what was read before: a new value replaces the old one; checklist
    items add up, and items said not to be ("not rude") are taken out."""
    lex = turn.loc.lexicon
    out = dict(answers)
    for key, value in reading.answers.items():
        if key in lex.checklists:
            out[key] = list(dict.fromkeys([*(out.get(key) or []), *value]))
        else:
            out[key] = value
    for key, items in reading.denied.items():
        if key in out:
            out[key] = [v for v in out[key] if v not in items]
            if not out[key]:
                out.pop(key)
    return out


def typed(turn: Turn, text: str, word: str) -> None:
    loc = turn.loc
    said = read_answer(
        loc.lexicon, Question(CONFIRM_KEY, ("yes", "no"), {}, False, loc.yes, loc.no), text
    )
    if said.picked == ["yes"]:
        return accept(turn)
    if said.picked == ["no"] and len(word.split()) <= 2:
        return turn.ask(CONFIRM, prefix=turn.msg("story_which"))
    correction = story(loc, text)
    if not correction.answers and not correction.denied:
        turn.missed = True
        return turn.ask(CONFIRM, prefix=turn.msg("unknown_short"))
    offer(turn, correction)
    return None


def clicked(turn: Turn, choice: str) -> None:
    if choice == ids.YES:
        return accept(turn)
    pending = turn.pending
    if pending is not None and choice in pending.answers:  # fix this one: the flow asks it
        rest = {k: v for k, v in pending.answers.items() if k != choice}
        turn.pending = Pending(answers=rest, at=pending.at)
        return accept(turn)
    return turn.reask(turn.msg("unknown"))


def accept(turn: Turn) -> None:
    """Apply what the story said and go on to the first question it left open."""
    pending = turn.pending or Pending(at=turn.d.start)
    turn.node = pending.at if pending.at in turn.d.nodes else turn.d.start
    turn.push_history()
    turn.answers.update(pending.answers)
    turn.from_story = list(pending.answers)
    turn.pending = None
    turn.changed = True
    navigate.enter(turn, turn.d.start, prefilled=True)


def discard(turn: Turn) -> None:
    """`back` at the confirmation: forget the story, ask the questions one by one."""
    pending = turn.pending
    turn.pending = None
    turn.node = pending.at if pending and pending.at in turn.d.nodes else turn.d.start
    turn.changed = True
    turn.ask(turn.node, prefix=turn.msg("went_back"))


def render(turn: Turn, version: int) -> Outbound:
    answers = turn.pending.answers if turn.pending else {}
    items = summary(turn, answers)
    text = fill(turn.msg("story_heard"), {"items": "; ".join(items) or turn.msg("nothing_listed")})
    buttons = [
        Button(
            id=ids.encode(CONFIRM, ids.YES, version), label=turn.msg("story_yes"), style="primary"
        )
    ]
    order = {k: i for i, k in enumerate(turn.loc.lexicon.neutral.story)}
    for key in sorted(answers, key=lambda k: order.get(k, len(order))):
        item = _name(turn, key, answers[key])
        if key in turn.loc.lexicon.neutral.shown_with:  # alone on its button it needs its name
            item = fill(turn.msg(f"story_{key}_named"), {"item": item})
        label = fill(turn.msg("story_fix"), {"item": item})
        buttons.append(Button(id=ids.encode(CONFIRM, key, version), label=label[:75]))
    return Outbound(text=text, kind="question", to=turn.to, choices=buttons)


def summary(turn: Turn, answers: dict[str, Any]) -> list[str]:
    """One short phrase per answer, in the order the flow asks them ("between rounds (2
    so far)", "warning sign: ...")."""
    neutral = turn.loc.lexicon.neutral
    order = {k: i for i, k in enumerate(neutral.story)}
    out: list[str] = []
    for key in sorted(answers, key=lambda k: order.get(k, len(order))):
        beside = neutral.shown_with.get(key)
        if beside in answers:
            continue  # shown in brackets with `beside`
        name = _name(turn, key, answers[key])
        extra = [
            _name(turn, k, answers[k])
            for k, b in neutral.shown_with.items()
            if b == key and k in answers
        ]
        out.append(f"{name} ({', '.join(extra)})" if extra else name)
    return out


def _name(turn: Turn, key: str, value: Any) -> str:
    lex = turn.loc.lexicon
    concepts = lex.concepts.get(key, {})
    if isinstance(value, list):
        names = [concepts[v].says or v if v in concepts else v for v in value]
        template = turn.msg(f"story_{key}_one" if len(names) == 1 else f"story_{key}")
        return fill(template, {"items": ", ".join(n for n in names if n)})
    concept = concepts.get(str(value))
    return concept.says if concept is not None and concept.says else str(value)
