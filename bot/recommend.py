"""The coach's view: dialogs/rules.yaml applied to one conversation's answers."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .dialogs import Dialogs, Locale
from .models import Reason, Recommendation


def decide(d: Dialogs, answers: Mapping[str, Any]) -> tuple[str, list[tuple[str, tuple[str, ...]]]]:
    """The first rule that holds: its outcome and the (reason id, cites) that apply."""
    for rule in d.rules:
        if rule.when(answers):
            return rule.outcome, [(rid, cites) for rid, cites, when in rule.reasons if when(answers)]
    raise AssertionError("rules.yaml has a fallback rule; the loader checks it")


def recommendation(d: Dialogs, loc: Locale, answers: Mapping[str, Any]) -> Recommendation:
    outcome, reasons = decide(d, answers)
    texts = loc.outcomes[outcome]
    return Recommendation(
        outcome=outcome,
        title=texts["title"],
        summary=texts["summary"],
        reasons=[Reason(text=loc.reasons[rid], cites=list(cites), sources=d.source_titles(cites)) for rid, cites in reasons],
        against=_against(loc, answers),
        **{"for": _for(loc, answers)},
    )


def _labels(loc: Locale, node: str, ids: Any) -> list[str]:
    labels = loc.nodes[node].choices
    return [labels[i] for i in (ids or []) if i in labels]


def _against(loc: Locale, a: Mapping[str, Any]) -> list[str]:
    out = _labels(loc, "signals", a.get("signals"))
    for key in (f"accept_{a.get('accept')}", f"drift_{a.get('drift')}", f"reason_{a.get('reason')}"):
        if key in loc.against:
            out.append(loc.against[key])
    return out


def _for(loc: Locale, a: Mapping[str, Any]) -> list[str]:
    out = _labels(loc, "factors", a.get("factors"))
    for key in (f"accept_{a.get('accept')}", f"income_{a.get('income')}", f"search_{a.get('search_length')}"):
        if key in loc.for_:
            out.append(loc.for_[key])
    if "signals" in a and not a.get("signals"):
        out.append(loc.for_["no_signals"])
    return out
