"""The coach's view: dialogs/rules.yaml applied to one conversation's answers."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .dialogs import Dialogs, Locale, variant
from .dialogs import Reason as RuleReason
from .models import Reason, Recommendation


def decide(d: Dialogs, answers: Mapping[str, Any]) -> tuple[str, list[tuple[str, tuple[str, ...]]]]:
    """The first rule that holds: its outcome and the (reason id, cites) that apply, the
    shared reasons (each reported sign, each reason to go on) where the rule puts them."""
    for rule in d.rules:
        if rule.when(answers):
            out: list[tuple[str, tuple[str, ...]]] = []
            placed = False
            for r in rule.reasons:
                if isinstance(r, RuleReason):
                    if r.when(answers):
                        out.append((r.id, r.cites))
                elif not placed:
                    out.extend(_shared(d, rule.outcome, answers))
                    placed = True
            if not placed:
                out.extend(_shared(d, rule.outcome, answers))
            return rule.outcome, out
    raise AssertionError("rules.yaml has a fallback rule; the loader checks it")


def _shared(
    d: Dialogs, outcome: str, answers: Mapping[str, Any]
) -> list[tuple[str, tuple[str, ...]]]:
    return [
        (r.id, r.cites)
        for r in d.shared
        if (r.outcomes is None or outcome in r.outcomes) and r.when(answers)
    ]


def recommendation(d: Dialogs, loc: Locale, answers: Mapping[str, Any]) -> Recommendation:
    outcome, reasons = decide(d, answers)
    texts = loc.outcomes[outcome]
    key = variant(d.outcome_variants.get(outcome, ()), answers)
    return Recommendation(
        outcome=outcome,
        title=texts["title"],
        summary=texts[f"summary:{key}"] if key else texts["summary"],
        reasons=[
            Reason(text=loc.reasons[rid], cites=list(cites), sources=d.source_titles(cites))
            for rid, cites in reasons
        ],
        against=weighed(d, loc, answers, "against"),
        **{"for": weighed(d, loc, answers, "for")},
    )


def weighed(d: Dialogs, loc: Locale, answers: Mapping[str, Any], side: str) -> list[str]:
    """The card's list of what weighed for or against going on (rules.yaml `weighed`)."""
    out: list[str] = []
    for line in d.weighed.get(side, ()):
        if not line.when(answers):
            continue
        if line.ticked is not None:
            labels = loc.nodes[line.ticked].choices
            node = d.nodes[line.ticked]
            ticked = answers.get(node.answer or "") or []
            out.extend(labels[i] for i in ticked if i in labels)
        elif line.say is not None:
            out.append(loc.weighed[line.say])
    return out
