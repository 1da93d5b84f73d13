"""The details of a note in one Slack modal: the button opens it, its submission is one
FORM turn, and a closed modal keeps what it held.

    the form button (`open_form`)  -> ack, ask the engine for the form as it stands,
                                      views.open with the click's trigger_id (Slack lets a
                                      trigger be used for about three seconds: nothing slow
                                      comes before it)
    view_submission                -> fields checked (pure, no I/O) and answered in the
                                      ack: `response_action: errors` keeps the modal open
                                      with each message under its field; else ack, then
                                      the turn, whose next message is the draft
    view_closed                    -> what was typed is kept (`node:_keep:v`), silently

Identity comes from the payload's user only; the modal's private metadata names the form
and the message to mark answered, nothing else.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from slack_bolt.app.async_app import AsyncApp

from bot.choice_ids import FORM, KEEP, ChoiceId, encode
from bot.labels import Labels
from bot.logs import user_ref
from bot.models import InboundKind, Outbound, Place, Who

from .delivery import Source
from .errors import SEND_ERRORS, error_code
from .modal import CALLBACK_ID, Opened, form_view, submitted
from .render import FORM_ACTION

if TYPE_CHECKING:
    from .inbound import Ack, Listeners

log = logging.getLogger(__name__)


class Modals:
    def __init__(self, listeners: Listeners):
        self.l = listeners

    def register(self, app: AsyncApp) -> None:
        app.action(FORM_ACTION)(self.on_open)
        app.view(CALLBACK_ID)(self.on_submit)  # view_submission
        app.view_closed(CALLBACK_ID)(self.on_closed)

    async def on_open(self, ack: Ack, body: dict[str, Any]) -> None:
        await ack()
        async with self.l.tracker.handling("form"):
            action = (body.get("actions") or [{}])[0]
            person = body.get("user") or {}
            if not person.get("id") or not action.get("value"):
                return
            user = _who(body)
            container = body.get("container") or {}
            channel, ts = container.get("channel_id"), container.get("message_ts")
            locale = self.l.locales.get(user.key)  # cached only: nothing slow before views.open
            question = await self.l.engine.form(user, locale, str(action["value"]))
            if question is None:  # moved on: the engine says so and shows where things are
                source = await self.l._source(user, channel, response_url=body.get("response_url"))
                if channel and ts:
                    source.clicked = (channel, ts)
                event = f"{user.user}:{action.get('action_ts')}:{FORM_ACTION}"
                await self.l._turn(source, InboundKind.CHOICE, str(action["value"]), event)
                return
            await self._open(user, str(body.get("trigger_id") or ""), question, channel, ts)

    async def _open(
        self, user: Who, trigger: str, question: Outbound, channel: str | None, ts: str | None
    ) -> None:
        asked = ChoiceId.parse(question.choices[0].id) if question.choices else None
        if asked is None:
            return
        opened = Opened(encode(asked.node, FORM, asked.version), question.locale, channel, ts)
        labels = self.l.delivery.labels(question, None)
        try:
            await self.l.client.views_open(
                trigger_id=trigger, view=form_view(question, labels, opened)
            )
        except SEND_ERRORS as e:  # expired trigger, a refused view: say so, ask here
            log.warning("slack: views.open failed for %s (%s)", user_ref(user), error_code(e))
            await self._say(user, channel, labels, question.locale)

    async def _say(self, user: Who, channel: str | None, labels: Labels, locale: str) -> None:
        try:
            dm = channel or await self.l.delivery.dm_channel(user)
            notice = Outbound(text=labels.form_failed, kind="error", locale=locale)
            await self.l.delivery.post(dm, notice, labels)
        except SEND_ERRORS as e:
            log.warning(
                "slack: could not explain a failed form to %s (%s)", user_ref(user), error_code(e)
            )

    async def on_submit(self, ack: Ack, body: dict[str, Any], view: dict[str, Any]) -> None:
        opened = Opened.decode(view.get("private_metadata"))
        fields = submitted(view)
        problems = (
            self.l.engine.form_problems(opened.locale, opened.form_id, fields) if opened else {}
        )
        if problems:  # shown under each field; the modal stays open, nothing is stored
            await ack(response_action="errors", errors=problems)
            return
        await ack()
        if opened is None or not (body.get("user") or {}).get("id"):
            return
        async with self.l.tracker.handling("form"):
            await self._form_turn(body, view, opened, opened.form_id, fields)

    async def on_closed(self, ack: Ack, body: dict[str, Any], view: dict[str, Any]) -> None:
        await ack()
        opened = Opened.decode(view.get("private_metadata"))
        fields = {k: v for k, v in submitted(view).items() if v}
        asked = ChoiceId.parse(opened.form_id) if opened else None
        if opened is None or asked is None or not fields or not (body.get("user") or {}).get("id"):
            return  # nothing typed: nothing to keep
        async with self.l.tracker.handling("form"):
            keep = encode(asked.node, KEEP, asked.version)
            await self._form_turn(body, view, Opened(keep, opened.locale), keep, fields)

    async def _form_turn(
        self,
        body: dict[str, Any],
        view: dict[str, Any],
        opened: Opened,
        text: str,
        fields: dict[str, str],
    ) -> None:
        user = _who(body)
        source = Source(user, Place.DM, opened.locale, here=opened.channel)
        if opened.channel and opened.ts:
            source.clicked = (opened.channel, opened.ts)  # the question reads as answered
        event = f"{user.user}:{body.get('type')}:{view.get('id')}:{view.get('hash')}"
        await self.l._turn(source, InboundKind.FORM, text, event, fields=fields)


def _who(body: dict[str, Any]) -> Who:
    from .inbound import who

    person = body.get("user") or {}
    return who((body.get("team") or {}).get("id") or person.get("team_id"), person.get("id"))
