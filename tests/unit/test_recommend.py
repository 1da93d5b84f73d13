"""The recommendation logic, point by point: which answers lead where, citing what."""

from __future__ import annotations

from typing import Any

import pytest

from bot.dialogs import Dialogs
from bot.recommend import decide, recommendation

BASE: dict[str, Any] = {
    "stage": "between_rounds",
    "rounds": "2",
    "signals": [],
    "accept": "yes",
    "drift": "no",
    "reason": "unsure",
    "factors": [],
    "search_length": "short",
    "income": "no",
}

CASES = [
    # (why, answers over BASE, outcome, ids the reasons must cite)
    (
        "G17/G30: rude, in the room, would not take it",
        {"stage": "in_interview", "signals": ["rude"], "accept": "no"},
        "end_interview_early",
        {"G17", "G30", "G29"},
    ),
    (
        "G05: discriminatory questions, in the room, unsure",
        {"stage": "in_interview", "signals": ["inappropriate"], "accept": "unsure"},
        "end_interview_early",
        {"G05", "G17"},
    ),
    (
        "G17 in the room, but they would still take it: ask before it ends",
        {"stage": "in_interview", "signals": ["not_as_advertised"]},
        "raise_concern_first",
        {"G19", "G17", "G03"},
    ),
    (
        "G31/G29: not a fit, in the room: finish politely",
        {"stage": "in_interview", "accept": "no"},
        "finish_then_withdraw",
        {"G31", "G29", "G33"},
    ),
    (
        "G07 in the room: interest faded",
        {"stage": "in_interview", "signals": ["faded"]},
        "finish_then_withdraw",
        {"G31"},
    ),
    (
        "G22: the rest of the interview is practice",
        {"stage": "in_interview", "signals": ["late", "vague"]},
        "finish_then_withdraw",
        {"G22"},
    ),
    (
        "G05 outside the room, would not take it: withdraw",
        {"signals": ["inappropriate"], "accept": "no"},
        "withdraw_now",
        {"G05", "G03", "G26", "G02"},
    ),
    (
        "G05, interested, it rubbed them: raise it first, withdrawing stays legitimate",
        {"signals": ["inappropriate"], "accept": "unsure", "reason": "rubbed"},
        "raise_concern_first",
        {"G19", "G05", "G03"},
    ),
    (
        "G01/G37: not met them yet",
        {"stage": "not_yet", "reason": "deeper"},
        "reflect_first",
        {"G01", "G37", "G20"},
    ),
    ("G20/G21: something deeper", {"reason": "deeper"}, "reflect_first", {"G18", "G20", "G21"}),
    (
        "G04: one early round is thin evidence",
        {"reason": "deeper", "rounds": "1"},
        "reflect_first",
        {"G04"},
    ),
    ("G03: would not accept", {"accept": "no"}, "withdraw_now", {"G03", "G26", "G27", "G28"}),
    ("G07: the role drifted", {"accept": "unsure", "drift": "yes"}, "withdraw_now", {"G07"}),
    (
        "G09/G12/G13: several signals add up",
        {"accept": "unsure", "signals": ["unresponsive", "vague", "expectations"]},
        "withdraw_now",
        {"G09", "G12", "G13"},
    ),
    (
        "needing the income tempers the drift",
        {"accept": "unsure", "drift": "yes", "income": "yes"},
        "raise_concern_first",
        {"G19", "G04", "G07"},
    ),
    (
        "G19: something rubbed them the wrong way",
        {"reason": "rubbed"},
        "raise_concern_first",
        {"G19", "G04", "G23"},
    ),
    (
        "G25: other roles at the company",
        {"reason": "rubbed", "factors": ["other_roles"]},
        "raise_concern_first",
        {"G25"},
    ),
    ("a single signal: ask first", {"signals": ["oddball"]}, "raise_concern_first", {"G19"}),
    ("G22-G24: nothing serious, keep going", {}, "keep_going", {"G04", "G22", "G23"}),
    ("G24: a valuable contact", {"factors": ["contact"]}, "keep_going", {"G24"}),
]


@pytest.mark.parametrize(("why", "changes", "outcome", "cites"), CASES, ids=[c[0] for c in CASES])
def test_outcome_and_citations(
    dialogs: Dialogs, why: str, changes: dict[str, Any], outcome: str, cites: set[str]
) -> None:
    answers = BASE | changes
    got, reasons = decide(dialogs, answers)
    assert got == outcome, why
    cited = {c for _, cs in reasons for c in cs}
    assert cites <= cited, f"{why}: reasons cite {sorted(cited)}"


@pytest.mark.parametrize("code", ["en", "de"])
def test_card_lists_what_weighed_for_and_against(dialogs: Dialogs, code: str) -> None:
    loc = dialogs.locales[code]
    rec = recommendation(
        dialogs,
        loc,
        BASE | {"signals": ["late", "vague"], "factors": ["practice"], "income": "yes"},
    )
    assert loc.nodes["signals"].choices["late"] in rec.against
    assert loc.nodes["signals"].choices["vague"] in rec.against
    assert loc.nodes["factors"].choices["practice"] in rec.for_
    assert loc.weighed["income_yes"] in rec.for_
    assert all(r.cites and r.sources for r in rec.reasons)
    assert rec.title == loc.outcomes[rec.outcome]["title"]


def test_every_outcome_is_reachable(dialogs: Dialogs) -> None:
    reached = {decide(dialogs, BASE | changes)[0] for _, changes, _, _ in CASES}
    assert reached == set(dialogs.outcomes)
