"""Rows written before schema 5 kept the engine's bookkeeping inside `answers` under
`_`-prefixed keys. This moves it to the typed state; every backend's migration uses it."""

from __future__ import annotations

from typing import Any

DERIVED = {"reason_text_tone"}  # facts the engine derived: now `flags`
DROPPED = {"outcome"}  # duplicated the recommend node's answer (`path`)


def split_answers(answers: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """(the user's answers, the engine state) from a schema-4 `answers` object."""
    kept: dict[str, Any] = {}
    ticked: dict[str, list[str]] = {}
    flags: dict[str, str] = {}
    for key, value in answers.items():
        if key.startswith("_ticking_") and isinstance(value, list):
            ticked[key[len("_ticking_") :]] = [str(v) for v in value]
        elif key in DERIVED and isinstance(value, str):
            flags[key] = value
        elif not key.startswith("_") and key not in DROPPED:
            kept[key] = value
    return kept, {
        "ticked": ticked,
        "flags": flags,
        "drafts": _drafts(answers),
        "timers": _timers(answers),
    }


def clean_history(history: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Undo records keep only answer keys."""
    out = []
    for h in history:
        answers = {
            k: v
            for k, v in (h.get("answers") or {}).items()
            if not k.startswith("_") and k not in DERIVED | DROPPED
        }
        out.append({"node": h.get("node"), "answers": answers})
    return out


def _drafts(answers: dict[str, Any]) -> dict[str, Any]:
    drafts: dict[str, Any] = {}
    if isinstance(answers.get("_drafts"), dict):
        drafts["latest"] = answers["_drafts"]
    if isinstance(answers.get("_last_kind"), str):
        drafts["last_kind"] = answers["_last_kind"]
    if isinstance(answers.get("_draft_version"), int):
        drafts["version"] = answers["_draft_version"]
    return drafts


def _timers(answers: dict[str, Any]) -> dict[str, Any]:
    timers: dict[str, Any] = {}
    if isinstance(answers.get("_pending"), list):
        timers["pending"] = [k for k in answers["_pending"] if k in ("reminder", "checkin")]
    if answers.get("_reminded"):
        timers["reminded"] = True
    for old, new in (("_reminder_due", "reminder_due"), ("_checkin_due", "checkin_due")):
        if isinstance(answers.get(old), int | float):
            timers[new] = float(answers[old])
    date = answers.get("_checkin_date")
    if isinstance(date, str) and date != "unknown":
        timers["checkin_date"] = date
    return timers
