"""The tone check (G28): a reason that criticises the company or its people is found by
its words and by negated praise, in either language, whatever the conversation's."""

from __future__ import annotations

import pytest

from bot.conversation.fields import tone_rules
from bot.dialogs import Dialogs
from bot.drafts import criticism

CRITICAL = [
    (
        "They asked whether I plan to have children, which is not an appropriate question.",
        "not an appropriate",
    ),
    ("Honestly the whole thing was a waste of time.", "waste of time"),
    ("The recruiter wasn't very professional with me.", "wasn't very professional"),
    ("They never replied to my emails.", "never replied"),
    ("The team seemed unprofessional.", "unprofessional"),
    ("They didn't even bother to read my CV.", "didn't even bother"),
    ("Die Frage nach meiner Familie war nicht angemessen.", "nicht angemessen"),
    ("Ich habe nie eine Rückmeldung bekommen.", "nie eine Rückmeldung"),
    ("Das Gespräch war eine Zeitverschwendung.", "Zeitverschwendung"),
    ("Der Ablauf war total unprofessionell.", "unprofessionell"),
    ("Man hat mich eine Stunde warten lassen.", "warten lassen"),
]
NEUTRAL = [
    "I have accepted another role closer to home.",
    "I'm not interested in a sales role.",
    "I realised I want to stay in engineering.",
    "Ich habe mich für eine andere Stelle entschieden.",
    "Ich möchte nicht umziehen.",
    "",
]


@pytest.mark.parametrize(("reason", "flagged"), CRITICAL)
def test_criticism_is_found_and_quoted_as_typed(
    dialogs: Dialogs, reason: str, flagged: str
) -> None:
    assert criticism(reason, tone_rules(dialogs)) == flagged


@pytest.mark.parametrize("reason", NEUTRAL)
def test_a_reason_about_oneself_passes(dialogs: Dialogs, reason: str) -> None:
    assert criticism(reason, tone_rules(dialogs)) is None


def test_every_language_lists_are_checked(dialogs: Dialogs) -> None:
    rules = list(tone_rules(dialogs))
    assert len(rules) == len(dialogs.locales)
    assert criticism("Das war unverschämt.", rules[:1]) is None  # English lists alone
    assert criticism("Das war unverschämt.", rules) == "unverschämt"
