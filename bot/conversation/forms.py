"""One form for the details: the questions of a `form:` group of dialogs/flow.yaml answered
at once, in a Slack or Discord modal or as one typed line ("Priya Raman; Initech; Data
Analyst; Sam Ortiz").

A submission answers every field it carries (each read as if typed alone, so a name is a
name however it came); the conversation then goes on at the first question of the group
it did not answer, or past the group. Nothing already given is lost: the form shows the
answers given so far, a field left out keeps its answer, and a closed modal (Slack sends
what was typed) keeps what it held while the question stays where it was.
"""

from __future__ import annotations

from collections import ChainMap
from collections.abc import Mapping

from ..dialogs import Dialogs, Locale, Node
from ..models import Button, FormField
from . import fields
from .turn import Turn

LINE = ";"  # separates the details typed on one line
MIN_FIELDS = 2  # a single question is asked as itself


def group(d: Dialogs, name: str) -> list[Node]:
    """The nodes of a form, in the flow's order."""
    return [n for n in d.nodes.values() if n.form == name]


def listed(turn: Turn, node: Node) -> list[Node]:
    """The questions a form opened at `node` asks: the group from here on, as the flow
    would go with the answers so far (a name not yet given counts as one without a form
    of address, so a language that asks for it shows the field)."""
    if not node.form:
        return []
    facts = _preview(turn, node.form)
    out, n, seen = [], node, set()
    while n.form == node.form and n.answer and n.id not in seen:
        out.append(n)
        seen.add(n.id)
        n = turn.d.nodes[_route(n, facts)]
    return out


def form_fields(turn: Turn, node: Node) -> list[FormField]:
    nodes = listed(turn, node)
    return [_field(turn, n) for n in nodes] if len(nodes) >= MIN_FIELDS else []


def _field(turn: Turn, n: Node) -> FormField:
    nt = turn.loc.nodes[n.id]
    assert n.answer is not None
    given = turn.answers.get(n.answer)
    choices = [Button(id=o.id, label=nt.choices.get(o.id, o.id)) for o in n.options]
    return FormField(
        id=n.answer,
        label=nt.label or nt.text[:45],
        max_length=n.max_length if n.type == "text" else 0,
        choices=choices if n.type == "choice" else [],
        value=given if isinstance(given, str) else "",
        hint=nt.hint or "",
    )


def _preview(turn: Turn, name: str) -> Mapping[str, object]:
    expected: dict[str, object] = {}
    for n in group(turn.d, name):
        if n.flag and n.answer not in turn.answers and n.flag not in turn.flags:
            asks = n.parse == "name" and turn.loc.draft_words.ask_address
            expected[n.flag] = ("yes" if asks else "no") if n.parse == "name" else "name"
    return ChainMap(expected, dict(turn.facts)) if expected else turn.facts


def _route(n: Node, facts: Mapping[str, object]) -> str:
    for when, goto in n.routes:
        if when(facts):
            return goto
    raise AssertionError(f"node {n.id} has no way on")


# --- a submission -----------------------------------------------------------------------


def errors(d: Dialogs, loc: Locale, name: str, given: Mapping[str, str]) -> dict[str, str]:
    """What is wrong with a submission, by field (empty: nothing). Pure, so a modal can
    show it before the platform's deadline (Slack's `response_action: errors`)."""
    out: dict[str, str] = {}
    for n in _by_answer(d, name).values():
        assert n.answer is not None
        value = given.get(n.answer)
        if not value:
            continue
        if n.type == "text" and fields.read(d, loc, n, value) is None:
            out[n.answer] = loc.nodes[n.id].invalid or loc.msg("unknown")
        elif n.type == "choice" and n.option(value) is None:
            out[n.answer] = loc.msg("unknown")
    return out


def submit(turn: Turn, node: Node, given: Mapping[str, str], *, keep: bool = False) -> str | None:
    """Store what the form carries; where the conversation goes on (None: it stays, and
    the question is shown again when something was wrong)."""
    assert node.form is not None
    wrong = errors(turn.d, turn.loc, node.form, given)
    if keep:  # closed unsent: keep what can be kept, say nothing
        answered = {k: v for k, v in given.items() if v and k not in wrong}
    elif wrong:
        turn.reask("\n".join(wrong.values()))
        return None
    else:
        answered = {k: v for k, v in given.items() if v or _is_text(turn.d, node.form, k)}
    if not keep:
        from .render import answered as shown_answered  # (render lists forms' fields)

        shown = [_shown(turn, node.form, k, v) for k, v in answered.items() if v]
        turn.out.append(shown_answered(turn, node, ", ".join(shown) or turn.msg("skip")))
    turn.push_history()
    for n in _by_answer(turn.d, node.form).values():
        if n.answer in answered:
            _store(turn, n, answered[n.answer])
    turn.changed = True
    if keep:
        return None
    n = node
    while n.form == node.form and n.answer in answered:
        n = turn.d.nodes[turn.route(n)]
    return n.id


def _store(turn: Turn, n: Node, value: str) -> None:
    if n.type == "choice":
        option = n.option(value)
        assert option is not None and n.answer is not None
        turn.answers[n.answer] = value
        turn.answers.update(option.set)
        return
    reading = fields.read(turn.d, turn.loc, n, value)
    assert reading is not None  # checked by errors()
    fields.store(turn, n, reading)


def _shown(turn: Turn, name: str, answer: str, value: str) -> str:
    """A field's answer as the user reads it (a choice by its label, not its id)."""
    n = _by_answer(turn.d, name).get(answer)
    return turn.label(n, value) if n is not None and n.type == "choice" else value


def _by_answer(d: Dialogs, name: str) -> dict[str, Node]:
    out: dict[str, Node] = {}
    for n in group(d, name):
        if n.answer and n.answer not in out:
            out[n.answer] = n
    return out


def _is_text(d: Dialogs, name: str, answer: str) -> bool:
    n = _by_answer(d, name).get(answer)
    return n is not None and n.type == "text"


# --- one typed line -----------------------------------------------------------------------


def is_line(text: str) -> bool:
    return LINE in text


def from_line(turn: Turn, node: Node, text: str) -> dict[str, str]:
    """ "Priya Raman; Initech; Data Analyst" -> the text fields of the form, in order; the
    last field keeps any further separators."""
    texts = [n for n in listed(turn, node) if n.type == "text" and n.answer]
    parts = [p.strip() for p in text.split(LINE, max(len(texts) - 1, 0))]
    return {n.answer: p for n, p in zip(texts, parts, strict=False) if n.answer}
