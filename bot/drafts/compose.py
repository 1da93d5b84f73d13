"""The note composer: a subject and a body from the conversation's answers.

All wording is in dialogs/<locale>/drafts.yaml and which note `auto` means is in
dialogs/notes.yaml; this module only decides which paragraphs apply (by the same
conditions as the flow, in the tone the user chose) and fills the slot positions.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from ..dialogs import Dialogs, Locale
from ..models import DraftView
from ..text import clean, fill
from .slots import greeting, slot_values

SUBJECT_LIMIT = 150
SALUTATION = "salutation"  # the slot positions the composer fills itself
WORDING = "reason_wording"  # (a neutral reason: the answer and the slot share the name)


@dataclass(frozen=True)
class Composed:
    """A note before it is shown: its subject and its paragraphs, each with the place in
    drafts.yaml it came from (`group.option`), so both languages can be compared."""

    subject: str
    paragraphs: tuple[tuple[str, str], ...]

    @property
    def body(self) -> str:
        return clean("\n\n".join(text for _, text in self.paragraphs), keep_newlines=True)

    @property
    def structure(self) -> tuple[str, ...]:
        return tuple(key for key, _ in self.paragraphs)


def note_kind(d: Dialogs, answers: Mapping[str, Any], node_kind: str) -> str:
    """`auto` picks the note from where the user is in the process (dialogs/notes.yaml)."""
    return d.notes.kind_for(answers) if node_kind == "auto" else node_kind


def compose(
    d: Dialogs, kind: str, answers: Mapping[str, Any], loc: Locale, version: int, number: int = 0
) -> DraftView:
    """The note of `kind` for these answers (and the flags beside them), in `loc`'s words;
    shortened when the full one would be over the kind's length (notes.yaml)."""
    limit = d.notes.bounds(kind)[1]
    note = compose_parts(d, kind, answers, loc)
    if len(note.body) > limit:  # very long names and reasons: drop the optional parts
        note = compose_parts(d, kind, {**answers, **d.notes.shorter}, loc)
    body = note.body
    if len(body) > limit:  # never with what the engine stores (the draft linter checks)
        body = body[: limit - 1].rstrip() + "…"
    return DraftView(
        kind=kind,
        subject=note.subject,
        body=body,
        version=version,
        number=number or version,
        is_script=loc.notes[kind].script,
    )


def compose_parts(d: Dialogs, kind: str, answers: Mapping[str, Any], loc: Locale) -> Composed:
    spec = loc.notes[kind]
    facts = d.notes.facts(answers)
    tone = str(facts.get(d.notes.tone) or "neutral")
    slots = slot_values(facts, loc.draft_words, d.names)
    slots[SALUTATION] = greeting(facts, tone, loc.draft_words, d.names)
    wording = loc.draft_words.wordings.get(str(facts.get(WORDING)), {})
    slots[WORDING] = wording.get(tone, "")
    paragraphs = []
    for gi, group in enumerate(spec.groups):
        for oi, (when, text) in enumerate(group):
            if when(facts):
                filled = clean(fill(_by_tone(text, tone), slots), keep_newlines=True)
                if filled:
                    paragraphs.append((f"{gi}.{oi}", filled))
                break
    subject = clean(fill(spec.subject, slots), max_length=SUBJECT_LIMIT)
    return Composed(subject, tuple(paragraphs))


def _by_tone(text: Any, tone: str) -> str:
    if isinstance(text, Mapping):
        return str(text.get(tone) or next(iter(text.values())))  # the first is the default
    return str(text)
