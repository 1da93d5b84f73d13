"""The note composer: a subject and a body from the conversation's answers.

All wording is in dialogs/<locale>/drafts.yaml and which note `auto` means is in
dialogs/notes.yaml; this module only decides which paragraphs apply (by the same
conditions as the flow) and fills the slots.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .dialogs import Dialogs, Locale, NoteWording
from .models import DraftView
from .text import clean, fill

BODY_LIMIT = 1500
SUBJECT_LIMIT = 150


def note_kind(d: Dialogs, answers: Mapping[str, Any], node_kind: str) -> str:
    """`auto` picks the note from where the user is in the process (dialogs/notes.yaml)."""
    return d.notes.kind_for(answers) if node_kind == "auto" else node_kind


def compose(
    d: Dialogs, kind: str, answers: Mapping[str, Any], loc: Locale, version: int
) -> DraftView:
    spec = loc.notes[kind]
    facts = d.notes.facts(answers)
    slots = _slots(d, answers, loc)
    draft = _render(spec, facts, slots, kind, version, d.notes.tone)
    if len(draft.body) > BODY_LIMIT:  # very long names and reasons: drop the optional parts
        draft = _render(spec, facts | dict(d.notes.shorter), slots, kind, version, d.notes.tone)
    if len(draft.body) > BODY_LIMIT:
        draft.body = draft.body[: BODY_LIMIT - 1].rstrip() + "…"
    return draft


def _slots(d: Dialogs, answers: Mapping[str, Any], loc: Locale) -> dict[str, str]:
    placeholders = loc.drafts.get("placeholders", {})
    words = loc.drafts.get(
        "slot_words", {}
    )  # choice answers read as words ("our two conversations")
    out = {}
    for name in d.notes.slots:
        value = answers.get(name)
        if value and name in words:
            value = words[name].get(str(value))
        out[name] = clean(str(value), max_length=500) if value else str(placeholders.get(name, ""))
    return out


def _render(
    spec: NoteWording,
    facts: Mapping[str, Any],
    slots: dict[str, str],
    kind: str,
    version: int,
    tone_answer: str,
) -> DraftView:
    tone = str(facts.get(tone_answer) or "")
    paragraphs = []
    for group in spec.groups:
        for when, text in group:
            if when(facts):
                paragraphs.append(fill(_by_tone(text, tone), slots).strip())
                break
    body = "\n\n".join(p for p in paragraphs if p)
    subject = clean(fill(spec.subject, slots), max_length=SUBJECT_LIMIT)
    return DraftView(
        kind=kind,
        subject=subject,
        body=clean(body, keep_newlines=True),
        version=version,
        is_script=spec.script,
    )


def _by_tone(text: Any, tone: str) -> str:
    if isinstance(text, Mapping):
        return str(text.get(tone) or next(iter(text.values())))  # the first is the default
    return str(text)
