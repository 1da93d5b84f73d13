"""The note composer: a subject and a body from the conversation's answers.

All wording is in dialogs/<locale>/drafts.yaml; this module only decides which
paragraphs apply (by the same conditions as the flow) and fills the slots.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .dialogs import Locale, NoteSpec
from .models import DraftView
from .text import clean, fill

BODY_LIMIT = 1500
SUBJECT_LIMIT = 150
SLOTS = ("recipient", "company", "role", "sender", "referral_name", "reason_text", "rounds")
TONES = ("neutral", "warm", "formal")


def note_kind(answers: Mapping[str, Any], node_kind: str) -> str:
    """`auto` picks the note from where the user is in the process."""
    if node_kind != "auto":
        return node_kind
    stage = answers.get("stage")
    if stage == "not_yet":
        return "cancel"
    if stage == "offer":
        return "decline_offer"
    return "withdraw"


def context(answers: Mapping[str, Any]) -> dict[str, Any]:
    """The values drafts.yaml conditions look at, with defaults for skipped questions."""
    rounds = str(answers.get("rounds") or "1")
    door = str(answers.get("door_open") or "no")
    return {
        "tone": str(answers.get("tone") or "neutral"),
        "length": str(answers.get("length") or "full"),
        "personal": "yes" if door == "yes" or rounds in ("2", "3", "4") else "no",
        "door_open": door,
        "referral": str(answers.get("referral") or "no"),
        "other_roles": str(answers.get("other_roles") or "no"),
        "reason_level": str(answers.get("reason_level") or "none"),
        "has_recipient": "yes" if answers.get("recipient") else "no",
        "has_sender": "yes" if answers.get("sender") else "no",
    }


def compose(kind: str, answers: Mapping[str, Any], loc: Locale, version: int) -> DraftView:
    spec = loc.notes[kind]
    ctx = context(answers)
    draft = _render(spec, ctx, _slots(answers, loc), kind, version)
    if len(draft.body) > BODY_LIMIT:  # very long names and reasons: drop the optional parts
        draft = _render(spec, ctx | {"length": "short"}, _slots(answers, loc), kind, version)
    if len(draft.body) > BODY_LIMIT:
        draft.body = draft.body[: BODY_LIMIT - 1].rstrip() + "…"
    return draft


def _slots(answers: Mapping[str, Any], loc: Locale) -> dict[str, str]:
    placeholders = loc.drafts.get("placeholders", {})
    out = {}
    for name in SLOTS:
        value = answers.get(name)
        if name == "rounds":
            value = _rounds_word(value, loc)
        out[name] = clean(str(value), max_length=500) if value else str(placeholders.get(name, ""))
    return out


def _rounds_word(value: Any, loc: Locale) -> str | None:
    words = loc.drafts.get("rounds_words", {})
    return words.get(str(value)) if value else None


def _render(spec: NoteSpec, ctx: dict[str, Any], slots: dict[str, str], kind: str, version: int) -> DraftView:
    paragraphs = []
    for group in spec.groups:
        for when, text in group:
            if when(ctx):
                paragraphs.append(fill(_by_tone(text, ctx["tone"]), slots).strip())
                break
    body = "\n\n".join(p for p in paragraphs if p)
    subject = clean(fill(spec.subject, slots), max_length=SUBJECT_LIMIT)
    return DraftView(kind=kind, subject=subject, body=clean(body, keep_newlines=True), version=version, is_script=spec.script)


def _by_tone(text: Any, tone: str) -> str:
    if isinstance(text, Mapping):
        return str(text.get(tone) or text.get("neutral") or next(iter(text.values())))
    return str(text)
