"""The composer alone: any slot values give a note within the limits."""

from __future__ import annotations

import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.compose import BODY_LIMIT, compose
from bot.dialogs import Dialogs

CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")

slot_text = st.one_of(
    st.text(max_size=3000),
    st.sampled_from(
        ["", " ", "@everyone", "<!channel>", "<@U123>", "**bold**", "\x00\x07\u202e", "a" * 5000]
    ),
)


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    kind=st.sampled_from(
        ["cancel", "withdraw", "decline_offer", "thank_you", "end_interview", "concern_questions"]
    ),
    locale=st.sampled_from(["en", "de"]),
    recipient=slot_text,
    company=slot_text,
    role=slot_text,
    sender=slot_text,
    referral_name=slot_text,
    reason_text=slot_text,
    tone=st.sampled_from(["neutral", "warm", "formal", None]),
    length=st.sampled_from(["full", "short", None]),
    referral=st.sampled_from(["no", "yes", "named", None]),
    reason_level=st.sampled_from(["none", "brief", "specific", None]),
    door=st.sampled_from(["yes", "no", None]),
    rounds=st.sampled_from(["1", "2", "3", "4", None]),
)
def test_any_slot_values_give_a_draft_within_the_limits(
    dialogs: Dialogs, kind: str, locale: str, **slots: object
) -> None:
    answers = {k: v for k, v in slots.items() if v is not None}
    answers["door_open"] = answers.pop("door", None)
    # The engine cleans and caps typed slots (names 100, reason 500) before they are stored.
    from bot.text import clean

    for k, cap in (
        ("recipient", 100),
        ("company", 100),
        ("role", 100),
        ("sender", 100),
        ("referral_name", 100),
        ("reason_text", 500),
    ):
        if isinstance(answers.get(k), str):
            answers[k] = clean(answers[k], max_length=cap)
    draft = compose(dialogs, kind, answers, dialogs.locales[locale], 1)
    assert 0 < len(draft.body) <= BODY_LIMIT
    assert len(draft.subject) <= 150
    assert not CONTROL.search(draft.body) and not CONTROL.search(draft.subject)
