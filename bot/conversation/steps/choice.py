"""A choice node: one answer from its options, by button or typed."""

from __future__ import annotations

from ...dialogs import Node
from ...text import normalise
from .. import misses, render, understand
from ..turn import Turn
from . import Step


def arrive(turn: Turn, node: Node) -> bool:
    turn.ask(node.id)
    return True


def typed(turn: Turn, node: Node, text: str, word: str, *, store: bool = True) -> str | None:
    """Read against this question (dialogs/<locale>/understanding.yaml, then the labels
    and synonyms of nodes.yaml); a typo-only match is asked about, a miss gets the
    closest choices."""
    read = understand.read_at(turn.loc, node, turn.available(node), text)
    oid = read.picked[0] if read.picked and not read.fuzzy else match(turn, node, word)
    if oid is None:
        if read.picked:
            misses.did_you_mean(turn, node, read.picked[:1])
        else:
            misses.miss(turn, node, text)
        return None
    if word != normalise(turn.label(node, oid)) and not word.isdigit():
        turn.say(turn.msg("got_it", label=turn.label(node, oid)))  # what was taken, in one line
    return answer(turn, node, oid, clicked=False, store=store)


def clicked(
    turn: Turn, node: Node, oid: str, values: list[str], *, store: bool = True
) -> str | None:
    if oid not in turn.available(node):
        turn.reask(turn.msg("unknown"))
        return None
    return answer(turn, node, oid, clicked=True, store=store)


def answer(turn: Turn, node: Node, oid: str, *, clicked: bool, store: bool = True) -> str:
    """Record the choice (the option id under the node's answer when `store`, and what the
    option sets); where it leads."""
    option = node.option(oid)
    assert option is not None
    if clicked:
        turn.out.append(render.answered(turn, node, turn.label(node, oid)))
    turn.push_history()
    if store and node.answer:
        turn.answers[node.answer] = oid
    turn.answers.update(option.set)
    return option.next or turn.route(node)


def match(turn: Turn, node: Node, word: str) -> str | None:
    """A typed answer to a choice: its number, its label, an id or a synonym."""
    ids = turn.available(node)
    if word.isdigit():
        n = int(word)
        return ids[n - 1] if 1 <= n <= len(ids) else None
    loc = turn.loc
    oid = loc.nodes[node.id].lookup.get(word)
    if oid in ids:
        return oid
    if word in loc.yes and "yes" in ids:
        return "yes"
    if word in loc.no and "no" in ids:
        return "no"
    if len(word) >= 3:
        labels = loc.nodes[node.id].choices
        hits = [i for i in ids if normalise(labels.get(i, "")).startswith(word)]
        if len(hits) == 1:
            return hits[0]
    return None


STEP = Step(arrive, typed, clicked)
