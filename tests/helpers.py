"""Test helpers that drive the real engine the way a user would."""

from __future__ import annotations

import itertools
import os
from pathlib import Path
from typing import Any

from bot.engine import Engine
from bot.models import Inbound, InboundKind, Outbound, Place, Who

_ids = itertools.count(1)
ROOT = Path(__file__).resolve().parent.parent


def bot_env(tmp_path: Path, **extra: str) -> dict[str, str]:
    """The environment of a `python -m bot` subprocess: no platform credentials from outside,
    a database in `tmp_path`, unbuffered output."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "DISCORD_"))}
    env.update(
        DATABASE_URL=f"sqlite:///{tmp_path}/coach.db", LOG_LEVEL="WARNING", PYTHONUNBUFFERED="1"
    )
    env.update(extra)
    return env


class Clock:
    """A clock the test moves by hand (the engine reads time only through it)."""

    def __init__(self, start: float = 1_796_198_400.0):  # Wednesday 2026-12-02 08:00 UTC
        self.now = start

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


class Conversation:
    """One user talking to the engine; remembers the last replies."""

    def __init__(
        self,
        engine: Engine,
        user: str = "U1",
        platform: str = "test",
        workspace: str = "T1",
        locale: str | None = "en",
    ):
        self.engine = engine
        self.who = Who(platform=platform, workspace=workspace, user=user)
        self.locale = locale
        self.replies: list[Outbound] = []

    async def send(
        self,
        kind: InboundKind,
        text: str = "",
        *,
        place: Place = Place.DM,
        event_id: str | None = None,
        **kw: Any,
    ) -> list[Outbound]:
        inbound = Inbound(
            who=self.who,
            kind=kind,
            text=text,
            locale=self.locale,
            place=place,
            event_id=event_id or f"ev{next(_ids)}",
            **kw,
        )
        self.replies = await self.engine.handle(inbound)
        for r in self.replies:
            if r.outbox_id:
                await self.engine.delivered(r.outbox_id)
        return self.replies

    async def start(self, text: str = "", **kw: Any) -> list[Outbound]:
        return await self.send(InboundKind.START, text, **kw)

    async def say(self, text: str, **kw: Any) -> list[Outbound]:
        return await self.send(InboundKind.TEXT, text, **kw)

    async def click(self, short_id: str, **kw: Any) -> list[Outbound]:
        """Press the button whose choice id is `short_id` on the latest question."""
        return await self.send(InboundKind.CHOICE, self.choice_id(short_id), **kw)

    async def tick(self, *short_ids: str) -> list[Outbound]:
        for s in short_ids:
            await self.click(s)
        return await self.click("_done")

    def choice_id(self, short_id: str) -> str:
        for r in reversed(self.replies):
            for c in r.choices:
                if c.id.split(":")[1] == short_id:
                    return c.id
        raise AssertionError(
            f"no choice {short_id!r} offered; last replies: {[r.text[:60] for r in self.replies]}"
        )

    @property
    def question(self) -> Outbound:
        for r in reversed(self.replies):
            if r.choices and not r.edit:
                return r
        raise AssertionError("no question in the last replies")

    @property
    def node(self) -> str:
        return self.question.choices[0].id.split(":")[0]

    def texts(self) -> str:
        return "\n".join(r.text for r in self.replies)

    def of_kind(self, kind: str) -> list[Outbound]:
        return [r for r in self.replies if r.kind == kind]


SURE = ("sure", "understand", "values", "support")  # the SURE test, all four true


async def decide(
    chat: Conversation,
    stage: str,
    *,
    rounds: str = "2",
    signals: tuple[str, ...] = (),
    accept: str = "no",
    drift: str = "yes",
    reason: str = "mismatch",
    factors: tuple[str, ...] = (),
    shape: str = "one",
) -> None:
    """Walk the decision by buttons: the answers given, agree with the view, all four SURE
    items ticked."""
    await chat.start()
    await chat.click(stage)
    if stage == "between_rounds":
        await chat.click(rounds)
    if stage == "in_interview":
        await chat.click(shape)
    await chat.tick(*signals)
    await chat.click(accept)
    if stage != "in_interview":
        if chat.node == "drift":  # not when a ticked sign already answered it
            await chat.click(drift)
        await chat.click(reason)
        await chat.tick(*factors)
        await chat.click("short")
        await chat.click("no")
    await chat.click("agree")
    await chat.tick(*SURE)


async def to_actions(
    chat: Conversation, stage: str, *, rounds: str = "2", accept: str = "no"
) -> None:
    """Straight to the menu of next actions (a clear case for withdrawing)."""
    await decide(chat, stage, rounds=rounds, accept=accept)
    assert chat.node == "actions", chat.texts()


NAMES = ("Dana Smith", "Initech", "Data Analyst", "Robin Roe")


async def fill_slots(
    chat: Conversation,
    *,
    door: str = "no",
    referral: str = "no",
    other_roles: str = "no",
    reason: str = "none",
    reason_text: str | None = None,
    names: tuple[str, ...] = NAMES,
    referral_name: str = "Lee Chen",
) -> None:
    """Answer the note's questions: what it should say by buttons (a specific reason
    typed), then the details typed one by one (recipient, company, role, your name)."""
    await chat.click(door)
    await chat.click(referral)
    await chat.click(other_roles)
    await chat.click(reason)
    if reason_text is not None:
        await chat.say(reason_text)
        if chat.node == "tone_check":
            return  # the caller answers the tone check, then fill_details()
    await fill_details(chat, names=names, referral=referral, referral_name=referral_name)


async def fill_details(
    chat: Conversation,
    *,
    names: tuple[str, ...] = NAMES,
    referral: str = "no",
    referral_name: str = "Lee Chen",
) -> None:
    for value in names:
        await chat.say(value)
    if referral == "named":
        await chat.say(referral_name)
    if chat.node == "draft_address":  # German, and the name did not say Frau or Herr
        await chat.click("neutral")
