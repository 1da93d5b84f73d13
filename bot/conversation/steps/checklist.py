"""A checklist: tick any number of items (or none), then Done; stored as a list.

Ticks are kept in `Conversation.ticked` until Done, so a half-ticked list survives a
restart and `back` discards it.
"""

from __future__ import annotations

from ...choice_ids import DONE, EXPLAIN, SET
from ...dialogs import Node
from .. import misses, render, understand
from ..turn import Turn
from . import Step, choice


def arrive(turn: Turn, node: Node) -> bool:
    turn.ask(node.id)
    return True


def typed(turn: Turn, node: Node, text: str, word: str) -> str | None:
    """Done / none / explain; item numbers toggle ("1, 4 and 8"); items named tick ("they
    were late and rude") and items denied untick ("not rude"); a miss offers the closest."""
    words = turn.loc.control
    if word in words.get("done", ()):
        return finish(turn, node, ticked(turn, node), clicked=False)
    if word in words.get("none", ()):
        return finish(turn, node, [], clicked=False)
    if word in words.get("explain", ()):
        explain(turn, node)
        return None
    read = understand.read_at(turn.loc, node, [o.id for o in node.options], text)
    if read.done:
        return finish(turn, node, ticked(turn, node), clicked=False)
    if read.empty:
        oid = choice.match(turn, node, word)
        if oid is None:
            misses.miss(turn, node, text)
            return None
        read.toggled = [oid]
    elif read.fuzzy and not read.toggled:
        misses.did_you_mean(turn, node, read.picked)
        return None
    now = ticked(turn, node)
    for oid in read.toggled:
        now = [x for x in now if x != oid] if oid in now else [*now, oid]
    now = [x for x in [*now, *read.picked] if x not in read.removed]
    set_ticked(turn, node, list(dict.fromkeys(now)), edit=False)
    return None


def clicked(turn: Turn, node: Node, oid: str, values: list[str]) -> str | None:
    if oid == DONE:
        if values:  # a select menu sends every ticked value at once
            return finish(
                turn, node, [v for v in dict.fromkeys(values) if node.option(v)], clicked=True
            )
        return finish(turn, node, ticked(turn, node), clicked=True)
    if oid == EXPLAIN:
        explain(turn, node)
        return None
    if oid == SET:  # the whole set at once (checkboxes): exactly what they ticked
        set_ticked(turn, node, [v for v in dict.fromkeys(values) if node.option(v)], edit=True)
        return None
    if node.option(oid) is None:
        turn.reask(turn.msg("unknown"))
        return None
    now = ticked(turn, node)
    set_ticked(turn, node, [x for x in now if x != oid] if oid in now else [*now, oid], edit=True)
    return None


def ticked(turn: Turn, node: Node) -> list[str]:
    return list(turn.ticked.get(node.id, ()))


def set_ticked(turn: Turn, node: Node, items: list[str], *, edit: bool) -> None:
    order = [o.id for o in node.options]
    turn.ticked = {**turn.ticked, node.id: sorted(items, key=order.index)}
    turn.changed = True
    turn.ask(node.id, edit=edit)


def finish(turn: Turn, node: Node, items: list[str], *, clicked: bool) -> str:
    assert node.answer is not None
    if clicked:
        labels = [turn.label(node, t) for t in items] or [turn.msg("none_ticked")]
        turn.out.append(render.answered(turn, node, ", ".join(labels)))
    turn.ticked = {k: v for k, v in turn.ticked.items() if k != node.id}
    turn.push_history()
    turn.answers[node.answer] = items
    return turn.route(node)


def explain(turn: Turn, node: Node) -> None:
    nt = turn.loc.nodes[node.id]
    lines = [
        f"{i}. {nt.choices[o.id]}: {nt.explain[o.id]}"
        + (f" [{', '.join(o.cites)}]" if o.cites else "")
        for i, o in enumerate(node.options, 1)
    ]
    turn.say(turn.msg("explain_header") + "\n" + "\n".join(lines))
    turn.reask()


STEP = Step(arrive, typed, clicked)
