"""Read-only views of a conversation: a status page, and the current question again."""

from __future__ import annotations

from .. import choice_ids as ids
from ..dialogs import Dialogs, resolve_locale
from ..models import Button, Inbound, Outbound
from ..text import fill
from .state import Conversation
from .transition import finish
from .turn import Turn, TurnConfig


def overview(
    conversation: Conversation | None, dialogs: Dialogs, locale: str | None
) -> list[Outbound]:
    """Where a user's decision stands, for a status page (Slack's App Home). Changes nothing."""
    override = conversation.locale_override if conversation else None
    code = resolve_locale(override or locale or (conversation.locale if conversation else None))
    loc = dialogs.locales[code]
    go = [Button(id=ids.START, label=loc.msg("home_continue"), style="primary")]
    if conversation is None:
        return [Outbound(text=loc.msg("home_none"), kind="overview", choices=go, locale=code)]
    lines = [loc.msg("home_title")]
    node = dialogs.nodes.get(conversation.node)
    if node is not None and node.type != "end":
        question = fill(loc.nodes[node.id].text, {}).split("\n")[0]
        lines.append(fill(loc.msg("home_at"), {"question": question}))
    path = _path(conversation, dialogs)
    if path in loc.outcomes:
        lines.append(fill(loc.msg("home_outcome"), {"title": loc.outcomes[path]["title"]}))
    out = [Outbound(text="\n".join(lines), kind="overview", choices=go, locale=code)]
    view = conversation.drafts.last
    if view is not None:
        text = fill(loc.msg("your_draft"), {"version": str(view.version)})
        out.append(Outbound(text=text, kind="draft", draft=view, locale=code))
    return out


def _path(conversation: Conversation, dialogs: Dialogs) -> str | None:
    """The outcome they are on: the answer of the recommend node."""
    for node in dialogs.nodes.values():
        if node.type == "recommend" and node.answer:
            value = conversation.answers.get(node.answer)
            return value if isinstance(value, str) else None
    return None


def reshow(conversation: Conversation | None, dialogs: Dialogs, inbound: Inbound) -> list[Outbound]:
    """The current question again, changing nothing (for a repeat of an old event)."""
    if conversation is None:
        return []
    turn = Turn(dialogs, TurnConfig(), 0.0, inbound, conversation)
    turn.reask()
    return finish(turn).replies
