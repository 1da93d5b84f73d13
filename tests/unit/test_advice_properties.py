"""The principles of dialogs/rules.yaml, checked over every combination of answers.

Every answer the flow can give before the recommendation is enumerated (stage, rounds,
accept, drift, reason, search length, income; the checklists with no item and with each
single item), and hypothesis adds arbitrary checklist combinations. For each:

- every reason cites only ids of the answers given (their node's and option's `cites` in
  dialogs/flow.yaml) or of the outcome itself (rules.yaml `outcomes`);
- each reported sign and each ticked reason to go on is weighed by its own id;
- no certainty sentence ("you already know") unless they said no to accepting;
- nothing about early rounds unless they are between rounds after one or two.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.dialogs import Dialogs
from bot.recommend import decide, recommendation

CERTAINTY = {
    "en": ["already know", "you know this"],
    "de": ["wissen Sie bereits", "wissen bereits"],
}
EARLY_ROUNDS = {"en": ["early rounds", "round or two"], "de": ["frühe Runden", "ein oder zwei"]}
QUESTIONS = (
    "stage",
    "rounds",
    "signals",
    "accept",
    "drift",
    "reason",
    "factors",
    "search_length",
    "income",
)


def options(d: Dialogs, answer: str) -> list[str]:
    node = d.node_for_answer(answer)
    assert node is not None
    return [o.id for o in node.options]


def walks(
    d: Dialogs, signals: list[list[str]], factors: list[list[str]]
) -> Iterator[dict[str, Any]]:
    """Every way through the questions before the recommendation, as the flow asks them."""
    for stage in options(d, "stage"):
        rounds_list = options(d, "rounds") if stage == "between_rounds" else [None]
        for rounds, ticked, accept in itertools.product(rounds_list, signals, options(d, "accept")):
            base: dict[str, Any] = {"stage": stage, "signals": ticked, "accept": accept}
            if rounds is not None:
                base["rounds"] = rounds
            if stage == "in_interview":  # in the room, the recommendation comes straight after
                yield base
                continue
            drifts = [None] if "faded" in ticked else options(d, "drift")
            rest = itertools.product(
                drifts,
                options(d, "reason"),
                factors,
                options(d, "search_length"),
                options(d, "income"),
            )
            for drift, reason, fs, search, income in rest:
                a = base | {
                    "reason": reason,
                    "factors": fs,
                    "search_length": search,
                    "income": income,
                }
                if drift is not None:
                    a["drift"] = drift
                yield a


def backed(d: Dialogs, answers: dict[str, Any]) -> set[str]:
    """The guidance ids the answers given stand on: their nodes' and chosen options' cites."""
    ids: set[str] = set()
    for key in QUESTIONS:
        if key not in answers:
            continue
        node = d.node_for_answer(key)
        assert node is not None
        ids.update(node.cites)
        chosen = answers[key] if isinstance(answers[key], list) else [answers[key]]
        for o in node.options:
            if o.id in chosen:
                ids.update(o.cites)
    return ids


def check(d: Dialogs, answers: dict[str, Any]) -> None:
    outcome, reasons = decide(d, answers)
    allowed = backed(d, answers) | set(d.outcomes[outcome])
    cited = {gid for _, cites in reasons for gid in cites}
    assert cited <= allowed, (
        f"{answers} -> {outcome}: {sorted(cited - allowed)} rest on nothing they said"
    )
    for key in ("signals", "factors"):
        node = d.node_for_answer(key)
        assert node is not None
        for o in node.options:
            if o.id in answers.get(key, []):
                assert set(o.cites) <= cited, (
                    f"{answers} -> {outcome}: {key} {o.id} not weighed by {o.cites}"
                )


def check_words(d: Dialogs, answers: dict[str, Any]) -> None:
    early_ok = answers.get("stage") == "between_rounds" and answers.get("rounds") in ("1", "2")
    for code, loc in d.locales.items():
        rec = recommendation(d, loc, answers)
        said = "\n".join([rec.summary, *(r.text for r in rec.reasons)])
        if answers.get("accept") != "no":
            found = [w for w in CERTAINTY[code] if w in said]
            assert not found, (
                f"[{code}] {answers} -> {rec.outcome}: certainty {found} without a clear no"
            )
        if not early_ok:
            found = [w for w in EARLY_ROUNDS[code] if w in said]
            assert not found, f"[{code}] {answers} -> {rec.outcome}: {found} at this stage"


@pytest.mark.slow  # about 100,000 combinations: seconds
def test_every_combination_rests_on_what_was_said(dialogs: Dialogs) -> None:
    signals = [[], *([s] for s in options(dialogs, "signals"))]
    factors = [[], *([f] for f in options(dialogs, "factors"))]
    count = 0
    for answers in walks(dialogs, signals, factors):
        check(dialogs, answers)
        count += 1
    assert count > 50_000  # the enumeration really ran over the flow


@pytest.mark.slow
def test_every_combination_says_only_what_fits(dialogs: Dialogs) -> None:
    signals = [[], *([s] for s in options(dialogs, "signals"))]
    for answers in walks(dialogs, signals, [[], ["practice", "contact"]]):
        check_words(dialogs, answers)


@settings(max_examples=400, deadline=None)
@given(data=st.data())
def test_any_checklist_combination(dialogs: Dialogs, data: st.DataObject) -> None:
    sig = data.draw(st.lists(st.sampled_from(options(dialogs, "signals")), unique=True))
    fac = data.draw(st.lists(st.sampled_from(options(dialogs, "factors")), unique=True))
    answers = data.draw(st.sampled_from(list(walks(dialogs, [sig], [fac]))))
    check(dialogs, answers)
    check_words(dialogs, answers)


@pytest.mark.parametrize("code", ["en", "de"])
def test_certainty_is_said_after_a_clear_no(dialogs: Dialogs, code: str) -> None:
    rec = recommendation(
        dialogs,
        dialogs.locales[code],
        {"stage": "between_rounds", "rounds": "3", "signals": [], "accept": "no"},
    )
    assert any(w in rec.summary for w in CERTAINTY[code])
