"""The questions of the flow as the understanding sees them: each answer key (or, for a
question that stores no answer, its node id) with the choices it offers."""

from __future__ import annotations

from ..understanding import NeutralSpec
from .schema import FlowSpec, NodeSpec


def question_key(nid: str, node: NodeSpec | object) -> str:
    """What understanding.yaml keys a question by: its answer for a choice or checklist,
    else its node id (a recommendation's "that sounds right", a draft's revisions)."""
    kind = getattr(node, "type", "")
    answer = getattr(node, "answer", None)
    return answer if answer and kind in ("choice", "checklist") else nid


def question_options(flow: FlowSpec) -> dict[str, tuple[str, ...]]:
    out: dict[str, list[str]] = {}
    for nid, node in flow.nodes.items():
        if not node.choices:
            continue
        ids = out.setdefault(question_key(nid, node), [])
        ids.extend(c.id for c in node.choices if c.id not in ids)
    out["confirm"] = ["yes", "no"]  # the engine's own: confirming what a story said
    return {k: tuple(v) for k, v in out.items()}


def checklist_keys(flow: FlowSpec) -> frozenset[str]:
    return frozenset(n.answer for n in flow.nodes.values() if n.type == "checklist" and n.answer)


def understanding_problems(neutral: NeutralSpec, options: dict[str, tuple[str, ...]]) -> list[str]:
    out = [
        f"understanding.yaml: story: '{k}' is not an answer key of the flow"
        for k in neutral.story
        if k not in options
    ]
    for section in (neutral.counts, neutral.durations):
        for key, ranges in section.items():
            if key not in options:
                out.append(f"understanding.yaml: '{key}' is not an answer key of the flow")
                continue
            out.extend(
                f"understanding.yaml: {key}: '{v}' is not one of its choices"
                for v in ranges
                if v not in options[key]
            )
    for key, answers in neutral.none_so_far.items():
        out.extend(
            f"understanding.yaml: none_so_far: {key}: '{k}' has no choice '{v}'"
            for k, v in answers.items()
            if v not in options.get(k, ())
        )
    for key, needs in neutral.only_with.items():
        for other, allowed in needs.items():
            out.extend(
                f"understanding.yaml: only_with: {key}: '{other}' has no choice '{v}'"
                for v in allowed
                if v not in options.get(other, ())
            )
    for key, value in neutral.on_conflict.items():
        if value != "lowest" and value not in options.get(key, ()):
            out.append(f"understanding.yaml: on_conflict: '{key}' has no choice '{value}'")
    return out
