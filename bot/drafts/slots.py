"""The values a note's paragraphs put in braces, each written for its place in the sentence.

A paragraph never glues an answer into its text: it names a slot position ({role},
{at_company}, {salutation}, ...) and <locale>/drafts.yaml says how that position reads
when the answer was given and when it was skipped ("for the Data Analyst role" / "for the
role"; "für die Stelle als Data Analyst bei der Contoso GmbH"). What people typed is read
first: the role without "the ... position" or "(m/w/d)", the name into its parts.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from ..dialogs.draft_words import DraftWords, NameTables
from ..text import clean, fill, normalise
from .names import Name, parse_name

SLOT_MAX = 100
REASON_MAX = 500
# Never part of a name, a company or a role, and never wanted in a note: brackets and
# braces (they read as unfilled placeholders), backticks, angle brackets.
_STRAY = re.compile(r"[{}\[\]<>`]")


def slot_text(value: object, limit: int = SLOT_MAX) -> str:
    """An answer as it may appear in a note: cleaned, capped, stray markup removed."""
    if not isinstance(value, str):
        return ""
    return clean(_STRAY.sub(" ", value), max_length=limit).strip(" ,;")


def role_title(text: str, t: NameTables) -> str:
    """ "the Data Analyst position" / "Stelle als Data Analyst (m/w/d)" -> "Data Analyst";
    "the position" names no role ("")."""
    title = text
    changed = True
    while changed and title:
        changed = False
        low = title.lower()
        for p in t.role_prefixes:
            if low.startswith(p + " ") and len(title) > len(p) + 1:
                title, changed = title[len(p) + 1 :].strip(), True
                break
        low = title.lower()
        for s in t.role_suffixes:
            if low.endswith(" " + s) and len(title) > len(s) + 1:
                title, changed = title[: -len(s) - 1].strip(" ,-"), True
                break
    return "" if title.lower() in t.role_suffixes else title


def company_case(company: str, w: DraftWords) -> str:
    """The company with the article the note's sentences need (German: "der Contoso GmbH")."""
    words = company.split(" ", 1)
    if len(words) == 2 and normalise(words[0]) in w.typed_articles:
        return f"{w.typed_articles[normalise(words[0])]} {words[1]}"
    low = normalise(company)
    for form, article in w.legal_forms.items():
        if low == form or low.endswith(" " + form):
            return f"{article} {company}"
    return company


def salutation(name: Name, address: str | None, tone: str, w: DraftWords) -> str:
    """The greeting line: the first line of the tone whose needs the name meets."""
    lines = w.salutations.get(tone) or w.salutations.get("neutral") or ()
    addr = address or name.address
    for key, template in lines:
        if _fits(key, name, addr):
            return fill(template, _name_parts(name, w))
    return ""


def _fits(key: str, name: Name, address: str | None) -> bool:
    if key == "unknown":
        return True
    if not name.known:
        return False
    if key == "given":
        return bool(name.given)
    if key == "titled":
        return bool(name.titles and name.family)
    if key == "name":
        return True
    return key == address and bool(name.family)  # a form of address: "Frau Vogel"


def _name_parts(name: Name, w: DraftWords) -> dict[str, str]:
    written = [w.titles.get(t, "") for t in name.titles if w.titles.get(t)]
    titles = " ".join(written if w.all_titles else written[:1])
    family = name.family or name.given
    return {
        "given": name.given,
        "family": family,
        "full": name.full,
        "title_family": f"{titles} {family}".strip(),
        "title_full": f"{titles} {name.full}".strip(),
    }


def slot_values(facts: Mapping[str, Any], w: DraftWords, t: NameTables) -> dict[str, str]:
    """Every slot position of this language, filled from the answers."""
    raw = {
        "role": role_title(slot_text(facts.get("role")), t),
        "company": slot_text(facts.get("company")),
        "sender": slot_text(facts.get("sender")),
        "referral_name": slot_text(facts.get("referral_name")),
        "referral_about": slot_text(facts.get("referral_about")),
        "reason_text": slot_text(facts.get("reason_text"), REASON_MAX),
    }
    raw["company_art"] = company_case(raw["company"], w) if raw["company"] else ""
    for answer, words in w.slot_words.items():  # choice answers read as words
        raw[answer] = words.get(str(facts.get(answer)), "")
    values = dict(raw)
    for slot, spec in w.slots.items():  # in file order: a slot may use an earlier one
        given = raw.get(spec.source) or slot_text(facts.get(spec.source))
        values[slot] = fill(spec.given, values) if given else spec.skipped
    return values


def greeting(facts: Mapping[str, Any], tone: str, w: DraftWords, t: NameTables) -> str:
    name = parse_name(slot_text(facts.get("recipient")), t) or Name()
    address = facts.get("address")
    return salutation(name, address if isinstance(address, str) else None, tone, w)
