"""Where each reply of a turn goes: one plan for every chat platform.

The engine answers a turn with a list of `Outbound`s, each meant for "here" (where the
event happened) or for the user's DM, some replacing the clicked message (`edit`). Where
that actually is depends on where the event came from, so the adapters describe it (an
`Origin`) and the plan decides, for each reply, one `Route`:

    EDIT   replace the message whose button was clicked
    DM     post to the user's DM (for an event in the DM: answer there)
    HERE   answer where the event happened, outside the DM (only the user sees it)
    LATER  answer here, after the DMs went out: in a channel, the engine's pointer ("I've
           messaged you") must not be shown before the DM it points to, nor if it failed
    DROP   nothing to do (an edit with no clicked message; a reply held back)

A DM can fail (closed DMs, the network). What then is the platform's choice (`OnDmFailure`):

    HOLD      the rest of the turn's DMs are not tried and stay in the outbox, in order (the
              engine resends them); the replies meant for here are replaced by one notice
              that the DM failed (Slack: the user has to allow DMs from the app)
    FALL_BACK the conversation goes on here (ephemerally): the failed reply and the rest of
              the DMs are answered here, once explained when DMs are closed; the pointer to
              the DM is dropped (Discord: follow-ups of the interaction)

`Plan` is pure (no I/O); `deliver` carries a plan out through an adapter's `Outlet`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import Enum
from typing import Protocol

from bot.models import Destination, Outbound, Place


class Route(Enum):
    EDIT = "edit"
    DM = "dm"
    HERE = "here"
    LATER = "later"
    DROP = "drop"


class OnDmFailure(Enum):
    HOLD = "hold"
    FALL_BACK = "fall back"


class Sent(Enum):
    """What became of a DM."""

    OK = "ok"
    FAILED = "failed"  # the platform or the network refused it
    CLOSED = "closed"  # the user does not accept DMs from the bot


@dataclass(frozen=True)
class Origin:
    """Where an inbound event came from."""

    place: Place  # as the engine was told: in a CHANNEL its "here" replies must stay private
    private: bool  # the event came from the user's DM with the bot: "here" is the DM
    clicked: bool  # it was a click on a message of ours, which an edit can replace


@dataclass(frozen=True)
class AfterFailure:
    """What to do at once about a DM that failed."""

    notice: bool  # tell the user here that the DM did not arrive
    here: bool  # answer the failed reply here instead


@dataclass
class Plan:
    """The routes of one inbound event's replies (a Discord command may run two turns: one
    plan spans both, so a DM that failed in the first is not tried again in the second)."""

    origin: Origin
    on_dm_failure: OnDmFailure
    dm_failed: bool = False
    explained: bool = False  # the notice was shown

    def route(self, o: Outbound) -> Route:
        if o.edit:
            return Route.EDIT if self.origin.clicked else Route.DROP
        if o.to is Destination.DM or self.origin.private:
            if not self.dm_failed:
                return Route.DM
            if self.on_dm_failure is OnDmFailure.HOLD:
                return Route.DROP  # still in the outbox: the engine resends it
            return Route.DM if self.origin.private else Route.HERE
        if self.origin.place is Place.CHANNEL:
            return Route.LATER
        return Route.HERE

    def failed(self, sent: Sent) -> AfterFailure:
        """A DM was not delivered (`sent` is FAILED or CLOSED)."""
        self.dm_failed = True
        if self.on_dm_failure is OnDmFailure.HOLD or self.origin.private:
            return AfterFailure(notice=False, here=False)  # (HOLD explains at the end)
        notice = sent is Sent.CLOSED and not self.explained
        self.explained = self.explained or notice
        return AfterFailure(notice=notice, here=True)

    def finish(self, later: Sequence[Outbound]) -> tuple[bool, list[Outbound]]:
        """After the DMs: whether to show the notice, then the replies to answer here."""
        if not self.dm_failed:
            return False, list(later)
        if self.on_dm_failure is OnDmFailure.HOLD:
            notice = not self.origin.private and not self.explained
            self.explained = self.explained or notice
            return notice, []
        return False, [o for o in later if o.kind == "error"]  # "I've messaged you" is untrue


class Outlet(Protocol):
    """An adapter's way of sending each route; failures other than a DM's are its to log."""

    async def edit(self, o: Outbound) -> None: ...

    async def dm(self, o: Outbound) -> Sent: ...

    async def here(self, o: Outbound) -> None: ...

    async def notice(self) -> None: ...


async def deliver(plan: Plan, replies: Sequence[Outbound], outlet: Outlet) -> None:
    """Send one turn's replies, in order, where the plan routes them."""
    later: list[Outbound] = []
    for o in replies:
        route = plan.route(o)
        if route is Route.EDIT:
            await outlet.edit(o)
        elif route is Route.HERE:
            await outlet.here(o)
        elif route is Route.LATER:
            later.append(o)
        elif route is Route.DM:
            sent = await outlet.dm(o)
            if sent is not Sent.OK:
                then = plan.failed(sent)
                if then.notice:
                    await outlet.notice()
                if then.here:
                    await outlet.here(o)
    notice, here = plan.finish(later)
    if notice:
        await outlet.notice()
    for o in here:
        await outlet.here(o)
