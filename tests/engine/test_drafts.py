"""Decline notes: every kind in both languages, revisions, tone coaching, limits."""

from __future__ import annotations

import re

import pytest

from bot.drafts import compose
from bot.engine import Engine
from bot.models import Destination

from .. import store_queries as queries
from ..helpers import Conversation, decide, fill_details, fill_slots, to_actions

CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def last_draft(chat: Conversation):
    drafts = [r for r in chat.replies if r.draft and not r.edit]
    assert drafts, chat.texts()
    assert all(r.to is Destination.DM for r in drafts)
    return drafts[-1].draft


EXPECT = {
    # kind: (stage, English words, German words)
    "cancel": (
        "not_yet",
        ["cancel", "Initech", "Data Analyst"],
        ["Initech", "Data Analyst", "absage"],
    ),
    "withdraw": ("between_rounds", ["withdraw my application", "Initech"], ["Initech", "zurück"]),
    "decline_offer": ("offer", ["offer", "Initech"], ["Angebot", "Initech"]),
}


@pytest.mark.parametrize("locale", ["en", "de"])
@pytest.mark.parametrize("kind", sorted(EXPECT))
async def test_each_note_kind_in_both_languages(engine: Engine, kind: str, locale: str) -> None:
    stage, en_words, de_words = EXPECT[kind]
    chat = Conversation(engine, user=f"U-{kind}-{locale}", locale=locale)
    await to_actions(chat, stage, rounds="1")
    await chat.click("draft_note")
    await fill_slots(chat, reason="brief")
    draft = last_draft(chat)
    assert draft.kind == kind
    text = (draft.subject + "\n" + draft.body).lower()
    for w in en_words if locale == "en" else de_words:
        assert w.lower() in text, f"{w!r} not in:\n{draft.body}"
    assert "Dana" in draft.body.split("\n")[0] and "Robin Roe" in draft.body
    low, high = engine.dialogs.notes.bounds(kind)
    assert low <= len(draft.body) <= high


@pytest.mark.parametrize("locale", ["en", "de"])
async def test_personal_withdrawal_after_several_rounds(engine: Engine, locale: str) -> None:
    chat = Conversation(engine, user=f"U-personal-{locale}", locale=locale)
    await to_actions(chat, "between_rounds", rounds="3")
    await chat.click("draft_note")
    await fill_slots(
        chat,
        door="yes",
        referral="named",
        other_roles="yes",
        reason="specific",
        reason_text="I have accepted another role closer to home.",
    )
    draft = last_draft(chat)
    brief = compose(
        engine.dialogs,
        "withdraw",
        {"rounds": "1", "company": "Initech"},
        engine.dialogs.locales[locale],
        1,
    )
    assert len(draft.body) > len(brief.body) + 100  # thanks the people met over the rounds
    assert "Lee Chen" in draft.body and "I have accepted another role closer to home." in draft.body


@pytest.mark.parametrize("locale", ["en", "de"])
async def test_end_interview_script_in_both_languages(engine: Engine, locale: str) -> None:
    chat = Conversation(engine, user=f"U-end-{locale}", locale=locale)
    await to_actions(chat, "in_interview")
    await chat.click("end_script")
    draft = last_draft(chat)
    assert draft.kind == "end_interview" and draft.is_script
    assert chat.node == "actions"


@pytest.mark.parametrize("locale", ["en", "de"])
async def test_concern_questions_in_both_languages(engine: Engine, locale: str) -> None:
    chat = Conversation(engine, user=f"U-concern-{locale}", locale=locale)
    await decide(
        chat,
        "between_rounds",
        rounds="1",
        accept="yes",
        drift="no",
        reason="rubbed",
        factors=("other_roles",),
    )
    await chat.click("_skip")  # no date known
    await chat.click("concern_questions")
    draft = last_draft(chat)
    assert draft.kind == "concern_questions" and draft.is_script
    assert chat.node == "actions"


@pytest.mark.parametrize("locale", ["en", "de"])
async def test_thank_you_note_after_sending(engine: Engine, locale: str) -> None:
    chat = Conversation(engine, user=f"U-thanks-{locale}", locale=locale)
    await to_actions(chat, "between_rounds")
    await chat.click("draft_note")
    await fill_slots(chat)
    await chat.click("sent")
    assert chat.node == "after"
    await chat.click("thank_you")
    draft = last_draft(chat)
    assert draft.kind == "thank_you" and "Dana" in draft.body


async def test_revisions_make_new_versions_all_saved(engine: Engine, store) -> None:
    chat = Conversation(engine, user="U-rev")
    await to_actions(chat, "between_rounds")
    await chat.click("draft_note")
    await fill_slots(chat, reason="brief")
    v1 = last_draft(chat)
    await chat.click("formal")
    v2 = last_draft(chat)
    assert v2.version == v1.version + 1 and "Yours sincerely" in v2.body
    await chat.click("add_referral")
    v3 = last_draft(chat)
    assert "candidates from my network" in v3.body and "candidates" not in v2.body
    await chat.click("remove_reason")
    v4 = last_draft(chat)
    assert "not the right fit" not in v4.body
    await chat.click("shorter")
    v5 = last_draft(chat)
    assert len(v5.body) < len(v4.body)
    await chat.click("change")
    await chat.click("company")
    await chat.say("Umbrella Corp")
    v6 = last_draft(chat)
    assert "Umbrella Corp" in v6.body and "Initech" not in v6.body
    await chat.say("show my draft")
    shown = [r for r in chat.replies if r.draft]
    assert shown[0].draft == v6 and shown[0].to is Destination.DM
    saved = await queries.drafts(store, chat.who)
    assert [d.version for d in saved] == [
        v1.version,
        v2.version,
        v3.version,
        v4.version,
        v5.version,
        v6.version,
    ]


@pytest.mark.parametrize(
    ("locale", "reason"),
    [
        ("en", "Your team is toxic and the manager is incompetent."),
        ("de", "Das Team ist toxisch und der Chef inkompetent."),
    ],
)
async def test_a_negative_reason_is_flagged_gently_never_rewritten(
    engine: Engine, locale: str, reason: str
) -> None:
    chat = Conversation(engine, user=f"U-tone-{locale}", locale=locale)
    await to_actions(chat, "between_rounds")
    await chat.click("draft_note")
    await fill_slots(chat, reason="specific", reason_text=reason)
    assert chat.node == "tone_check"
    assert reason in chat.texts()  # quoted back, not silently changed
    await chat.click("keep")
    await fill_details(chat)
    assert reason in last_draft(chat).body
    await chat.click("change")
    await chat.click("reason")
    await chat.click("specific")
    await chat.say(reason)
    await chat.click("fit")
    body = last_draft(chat).body
    assert reason not in body


async def test_neutral_reason_passes_without_a_flag(engine: Engine) -> None:
    chat = Conversation(engine, user="U-neutral")
    await to_actions(chat, "between_rounds")
    await chat.click("draft_note")
    await fill_slots(
        chat, reason="specific", reason_text="I have decided to stay in my current role."
    )
    assert chat.node == "draft"
