"""The linter's check of the advice itself: every checklist item that cites guidance
(a warning sign, a reason to go on) is weighed by its own ids whenever it is reported.

It walks the flow from the start to the recommendation along every choice (the
checklists empty but for the item under test) and asks the rules each time, so a rule a
coach edits that would drop a reported sign fails `python -m bot check`.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ..recommend import decide
from .compiled import Dialogs, Node

MAX_DEPTH = 60


def unweighed(d: Dialogs) -> list[str]:
    problems: list[str] = []
    for checklist in (n for n in d.nodes.values() if n.type == "checklist" and n.answer):
        for item in (o for o in checklist.options if o.cites):
            for answers in _answer_sets(d, checklist, item.id):
                if item.id not in answers.get(checklist.answer or "", []):
                    continue  # this way to the recommendation does not ask the checklist
                outcome, reasons = decide(d, answers)
                cited = {gid for _, cites in reasons for gid in cites}
                missing = [g for g in item.cites if g not in cited]
                if missing:
                    problems.append(
                        f"rules.yaml: '{item.id}' ticked at '{checklist.id}' is not weighed by "
                        f"{', '.join(missing)} (outcome {outcome}, with {_short(answers)})"
                    )
                    break
    return problems


def _answer_sets(d: Dialogs, checklist: Node, item: str) -> Iterator[dict[str, Any]]:
    """Every set of answers the flow can arrive at its recommendation with."""
    todo: list[tuple[str, dict[str, Any], int]] = [(d.start, {}, 0)]
    while todo:
        nid, answers, depth = todo.pop()
        node = d.nodes[nid]
        if node.type == "recommend" or depth > MAX_DEPTH:
            if node.type == "recommend":
                yield answers
            continue
        for target, after in _branches(d, node, answers, checklist, item):
            todo.append((target, after, depth + 1))


def _branches(
    d: Dialogs, node: Node, answers: dict[str, Any], checklist: Node, item: str
) -> Iterator[tuple[str, dict[str, Any]]]:
    if node.type == "choice" and node.answer:
        for o in node.options:
            if o.when(answers):
                after = {**answers, node.answer: o.id, **o.set}
                yield o.next or _route(node, after), after
    elif node.type == "checklist" and node.answer:
        after = {**answers, node.answer: [item] if node is checklist else []}
        yield _route(node, after), after
    elif node.type == "text" and node.answer:
        after = {**answers, node.answer: ""}
        yield _route(node, after), after
    elif node.type in ("info", "route"):
        yield _route(node, answers), answers


def _route(node: Node, answers: dict[str, Any]) -> str:
    for when, goto in node.routes:
        if when(answers):
            return goto
    raise AssertionError(f"node {node.id} has no way on")


def _short(answers: dict[str, Any]) -> str:
    return ", ".join(f"{k}={v}" for k, v in answers.items() if v not in ([], ""))
