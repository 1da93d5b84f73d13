"""The conversation's side of understanding: which question a node asks the reader, and
the one way the engine (and `python -m bot understand`) reads a text at a node or as a
story, so the tool shows exactly what a conversation would take."""

from __future__ import annotations

from ..dialogs import Dialogs, Locale, Node
from ..understanding import Answer, Question, Reading, closest, read_answer, read_story


def question_key(node: Node) -> str:
    """What understanding.yaml keys a question by: its answer for a choice or checklist,
    else its node id (a recommendation's "that sounds right", a draft's revisions)."""
    if node.answer and node.type in ("choice", "checklist"):
        return node.answer
    return node.id


def question(loc: Locale, node: Node, available: list[str]) -> Question:
    ids = [o.id for o in node.options] if node.type == "checklist" else available
    return Question(
        key=question_key(node),
        ids=tuple(ids),
        labels=loc.nodes[node.id].choices,
        checklist=node.type == "checklist",
        yes=loc.yes,
        no=loc.no,
    )


def read_at(loc: Locale, node: Node, available: list[str], text: str) -> Answer:
    """A typed answer at `node`, as the conversation takes it there."""
    return read_answer(loc.lexicon, question(loc, node, available), text)


def suggestions(loc: Locale, node: Node, available: list[str], text: str) -> list[str]:
    return closest(loc.lexicon, question(loc, node, available), text)


def story(loc: Locale, text: str) -> Reading:
    """Everything a story states (the text after the start command, a first message, a
    long typed answer)."""
    return read_story(loc.lexicon, text)


def is_long(loc: Locale, text: str) -> bool:
    return len(text.split()) >= loc.lexicon.neutral.long_answer


def for_cli(d: Dialogs, loc: Locale, text: str, at: str | None) -> Reading:
    """What `python -m bot understand` prints: a story reading, or the answer at a node
    (checklist items as a list), with the evidence."""
    if at is None:
        return story(loc, text)
    node = d.nodes[at]
    ans = read_at(loc, node, [o.id for o in node.options], text)
    key = question_key(node)
    reading = Reading(evidence=ans.evidence, denied={key: ans.removed} if ans.removed else {})
    if node.type == "checklist":
        items = [*ans.picked, *(t for t in ans.toggled if t not in ans.picked)]
        if items:
            reading.answers[key] = items
    elif ans.picked:
        reading.answers[key] = ans.picked[0]
    return reading
