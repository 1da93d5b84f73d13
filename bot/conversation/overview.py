"""Read-only views of a conversation: a status page, the current question again, and the
question a form was opened from (what a modal shows, and what it may not be sent with)."""

from __future__ import annotations

from collections.abc import Mapping

from .. import choice_ids as ids
from ..choice_ids import ChoiceId
from ..dialogs import Dialogs, resolve_locale
from ..models import Button, Inbound, InboundKind, Outbound
from ..text import fill
from . import forms
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


def form_question(
    conversation: Conversation | None, dialogs: Dialogs, locale: str | None, form_id: str
) -> Outbound | None:
    """The current question with its form's fields as they stand (the answers so far
    filled in), when a form opened from `form_id` still belongs where the conversation
    is; None when it has moved on. Changes nothing."""
    opened = ChoiceId.parse(form_id)
    if conversation is None or opened is None:
        return None
    was, now = dialogs.nodes.get(opened.node), dialogs.nodes.get(conversation.node)
    if was is None or now is None or not now.form or was.form != now.form:
        return None
    inbound = Inbound(who=conversation.who, kind=InboundKind.TEXT, locale=locale)
    turn = Turn(dialogs, TurnConfig(), 0.0, inbound, conversation)
    turn.reask()
    asked = [r for r in finish(turn).replies if r.form]
    return asked[-1] if asked else None


def form_problems(
    dialogs: Dialogs, locale: str | None, form_id: str, fields: Mapping[str, str]
) -> dict[str, str]:
    """What is wrong with a form's fields, by field, in the user's language (pure, so an
    adapter can show it in the modal before the platform's deadline)."""
    opened = ChoiceId.parse(form_id)
    node = dialogs.nodes.get(opened.node) if opened else None
    if node is None or not node.form:
        return {}
    return forms.errors(dialogs, dialogs.locale(locale), node.form, fields)
