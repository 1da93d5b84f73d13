"""A PostgreSQL row back into the typed conversation (as the SQLite store reads its rows)."""

from __future__ import annotations

from typing import Any

import asyncpg
import pydantic_core

from ..conversation.state import Conversation, DraftState, Timers
from ..conversation.undo import Undo
from ..models import Who


def _json(text: str) -> Any:
    return pydantic_core.from_json(text)


def conversation_from_row(who: Who, r: asyncpg.Record) -> Conversation:
    """Trusted rows (the store wrote them): constructed without re-validating each field."""
    extra = _json(r["state"])
    return Conversation.model_construct(
        who=who,
        node=r["node"],
        answers=_json(r["answers"]),
        history=[Undo.model_construct(**h) for h in _json(r["history"])],
        locale=r["locale"],
        locale_override=r["locale_override"],
        version=r["version"],
        created_at=r["created_at"],
        updated_at=r["updated_at"],
        ticked=extra.get("ticked") or {},
        flags=extra.get("flags") or {},
        drafts=DraftState.model_validate(extra.get("drafts") or {}),
        timers=Timers.model_validate(extra.get("timers") or {}),
        last_event=r["last_event"],
        last_replies=r["last_replies"],
        recent_events=[tuple(e) for e in _json(r["recent_events"])],
    )
