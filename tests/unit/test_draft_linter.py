"""The draft linter: every note kind x tone x language x slot category composes a note that
passes checks written for decline notes, with hypothesis driving the slot values.

Each example types its details the way a user would (read by the engine's own
`fields.read`, as the text step and forms store them) and composes the note in both
languages. The checks: no placeholder or brace, no "/r", no double spaces or empty lines
in a row, the greeting agrees with the form of address, the role has its article, no
sentence of the user's reason unless they chose it after the tone check (and then never
the last word before the sign-off), the length within the kind's bounds (never cut), the
same paragraph structure in both languages. 6 kinds x 3 tones x 2 languages x 5 slot
categories = 180 combinations, each with EXAMPLES hypothesis examples.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.conversation.fields import read
from bot.dialogs import Dialogs
from bot.drafts import Composed, compose, compose_parts

from .draft_values import CATEGORIES, TypedName, companies, names, reasons, referrals, roles

KINDS = ("cancel", "withdraw", "decline_offer", "thank_you", "end_interview", "concern_questions")
TONES = ("neutral", "warm", "formal")
NO_REASON = ("thank_you", "end_interview", "concern_questions")  # notes that give no reason
EXAMPLES = 12
SIGNALS = ["inappropriate", "late", "vague", "rude", "upheaval", "all_praise", "expectations"]
TITLE_WORDS = {"en": {"prof": "Professor", "dr": "Dr"}, "de": {"prof": "Prof.", "dr": "Dr."}}
COURTESY = {"en": {"female": "Ms", "male": "Mr"}, "de": {"female": "Frau", "male": "Herr"}}


def _store(d: Dialogs, code: str, typed: dict[str, str]) -> dict[str, Any]:
    """The answers and flags as the engine stores them after these details were typed."""
    out: dict[str, Any] = {}
    loc = d.locales[code]
    for node_id in ("draft_recipient", "draft_company", "draft_role", "draft_sender"):
        _typed_at(d, loc, node_id, typed, out)
    _typed_at(d, loc, "draft_referral_name", typed, out)
    _typed_at(d, loc, "draft_reason_text", typed, out)
    return out


def _typed_at(
    d: Dialogs, loc: Any, node_id: str, typed: dict[str, str], out: dict[str, Any]
) -> None:
    node = d.nodes[node_id]
    assert node.answer is not None
    reading = read(d, loc, node, typed.get(node.answer, ""))
    assert reading is not None, (node_id, typed.get(node.answer))
    out[node.answer] = reading.value
    out.update(reading.extra)
    out.update(reading.flags)


@st.composite
def situations(
    draw: st.DrawFn, category: str
) -> tuple[dict[str, str], TypedName, str, dict[str, Any]]:
    """(what was typed, the recipient's parts, the role's title, the other answers)."""
    recipient = draw(names(category))
    role_typed, role = draw(roles(category))
    typed = {
        "recipient": recipient.typed,
        "company": draw(companies(category)),
        "role": role_typed,
        "sender": draw(names(category)).typed,
        "referral_name": draw(referrals(category)),
        "reason_text": draw(reasons(category)),
    }
    choices = {
        "length": draw(st.sampled_from(["full", "short"])),
        "door_open": draw(st.sampled_from(["yes", "no"])),
        "referral": draw(st.sampled_from(["no", "yes", "named"])),
        "other_roles": draw(st.sampled_from(["yes", "no"])),
        "reason_level": draw(st.sampled_from(["none", "brief", "specific"])),
        "reason_wording": draw(st.sampled_from(["fit", "direction", "timing"])),
        "tone_choice": draw(st.sampled_from([None, "keep", "fit"])),
        "rounds": draw(st.sampled_from([None, "1", "2", "3", "4"])),
        "shape": draw(st.sampled_from(["one", "panel"])),
        "signals": draw(st.lists(st.sampled_from(SIGNALS), unique=True, max_size=3)),
        "address": draw(st.sampled_from([None, "female", "male", "neutral"])),
    }
    return typed, recipient, role, {k: v for k, v in choices.items() if v is not None}


@pytest.mark.parametrize("category", CATEGORIES)
@pytest.mark.parametrize("code", ["en", "de"])
@pytest.mark.parametrize("tone", TONES)
@pytest.mark.parametrize("kind", KINDS)
def test_every_note_passes_the_draft_checks(
    dialogs: Dialogs, kind: str, tone: str, code: str, category: str
) -> None:
    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(situations(category))
    def check(situation: tuple[dict[str, str], TypedName, str, dict[str, Any]]) -> None:
        typed, recipient, role, choices = situation
        answers = {**_store(dialogs, code, typed), **choices, "tone": tone}
        note = compose_parts(dialogs, kind, answers, dialogs.locales[code])
        other = "de" if code == "en" else "en"
        twin = compose_parts(dialogs, kind, answers, dialogs.locales[other])
        assert note.structure == twin.structure, "the languages differ in structure"
        shown = compose(dialogs, kind, answers, dialogs.locales[code], 1)
        _check_text(note, shown.body)
        _check_length(dialogs, kind, shown.body)
        _check_role(code, role, note)
        _check_reason(kind, answers, typed["reason_text"], note)
        if not dialogs.locales[code].notes[kind].script:
            expected = _greeting(code, tone, recipient, answers.get("address"))
            assert note.paragraphs[0][1] == expected, (note.paragraphs[0][1], expected)

    check()


def _check_text(note: Composed, body: str) -> None:
    for text in (note.subject, body):
        assert not re.search(r"[{}\[\]]", text), f"a placeholder is left: {text!r}"
        assert "/r" not in text and "  " not in text and "\n\n\n" not in text, text
        assert not re.search(r" [,.;:]|^ | $", text, re.M), f"stray space: {text!r}"
        assert not re.search(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]", text)
    assert note.subject and len(note.subject) <= 150


def _check_length(d: Dialogs, kind: str, body: str) -> None:
    low, high = d.notes.bounds(kind)
    assert low <= len(body) <= high, f"{kind}: {len(body)} characters, bounds {low}-{high}"
    assert not body.endswith("…"), "the note was cut"


def _check_role(code: str, role: str, note: Composed) -> None:
    """The role's title always comes with its article: "the X role", "die Stelle als X"."""
    if not role:
        return
    before = "the " if code == "en" else "als "
    for text in (note.subject, *(t for _, t in note.paragraphs)):
        for m in re.finditer(r"(?<!\w)" + re.escape(role) + r"(?!\w)", text):
            assert text[: m.start()].endswith(before), f"{role!r} without its article: {text!r}"


def _check_reason(kind: str, answers: dict[str, Any], typed: str, note: Composed) -> None:
    chosen = (
        answers.get("reason_level") == "specific"
        and bool(answers.get("reason_text"))
        and (answers.get("reason_text_tone") == "ok" or answers.get("tone_choice") == "keep")
    )
    texts = [t for _, t in note.paragraphs]
    body = "\n\n".join(texts)
    sentences = [s for s in re.split(r"(?<=[.!?])\s+", typed) if len(s.split()) >= 3]
    if not chosen:
        assert not any(s in body for s in sentences), "their reason went in unchosen"
        return
    at = next((i for i, t in enumerate(texts) if t == answers["reason_text"]), None)
    if at is None:
        assert kind in NO_REASON, "their chosen reason is missing"
        return
    assert at < len(texts) - 2, "the note ends on their reason"  # a closing line follows


def _greeting(code: str, tone: str, n: TypedName, answered: str | None) -> str:
    """The greeting as the issue specifies it, from the name's known parts."""
    if not (n.given or n.family):
        return "Hello," if code == "en" else "Guten Tag,"
    words = [TITLE_WORDS[code][t] for t in n.titles]
    titles = " ".join(words if code == "de" else words[:1])
    title_family = f"{titles} {n.family}".strip()
    title_full = f"{titles} {n.given} {n.family}".strip().replace("  ", " ")
    address = answered or n.address
    courtesy = COURTESY[code].get(address or "") if n.family else None
    if code == "en":
        opener = {"warm": "Hi", "neutral": "Dear", "formal": "Dear"}[tone]
        if tone == "warm" and n.given:
            return f"Hi {n.given},"
        if titles and n.family and tone != "warm":
            return f"{opener} {title_family},"
        if courtesy:
            return f"{opener} {courtesy} {n.family},"
        if tone == "neutral" and n.given:
            return f"Dear {n.given},"
        return f"{opener} {title_family if titles and n.family else title_full},"
    if tone == "warm" and n.given:
        return f"Hallo {n.given},"
    if courtesy:
        opener = {"warm": "Hallo", "neutral": "Guten Tag", "formal": "Sehr geehrte"}[tone]
        if tone == "formal" and address == "male":
            opener = "Sehr geehrter"
        return f"{opener} {courtesy} {title_family},"
    return f"{'Hallo' if tone == 'warm' else 'Guten Tag'} {title_full},"
