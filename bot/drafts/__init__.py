"""Decline notes, right the first time, in every language and tone.

    names.py     a typed name read into given name, family name, titles, form of address
    referral.py  a typed referral read into a name and one short line about them
    slots.py     slot positions ("for the Data Analyst role", "bei der Contoso GmbH") and
                 the salutation, from <locale>/drafts.yaml
    tone.py      does a reason criticise the company or its people? (G28)
    compose.py   the composer: paragraphs by conditions, in one register per tone

How the details are asked and stored (one form, a typed line) is bot/conversation/forms.py
and fields.py; the tests' draft linter (tests/unit/test_draft_linter.py) composes every
combination. The words are all in dialogs/: names.yaml (how typed text is read, in any language),
notes.yaml (which note, its facts and length), <locale>/drafts.yaml (how it is written).
"""

from __future__ import annotations

from .compose import Composed, compose, compose_parts, note_kind
from .names import Name, parse_name
from .referral import Referral, read_referral
from .slots import role_title, salutation, slot_text
from .tone import criticism

__all__ = [
    "Composed",
    "Name",
    "Referral",
    "compose",
    "compose_parts",
    "criticism",
    "note_kind",
    "parse_name",
    "read_referral",
    "role_title",
    "salutation",
    "slot_text",
]
