"""The one plan for where each reply goes (adapters/plan.py): pure, so tested on its own.

The outlet below stands in for a platform: it records what would be sent where and
answers each DM with the outcome a test scripts (delivered, failed, or DMs closed).
"""

from __future__ import annotations

from collections.abc import Iterable

import pytest

from adapters.plan import OnDmFailure, Origin, Plan, Route, Sent, deliver
from bot.models import Destination, Outbound, Place

HOLD, FALL_BACK = OnDmFailure.HOLD, OnDmFailure.FALL_BACK
CHANNEL_COMMAND = Origin(place=Place.CHANNEL, private=False, clicked=False)
IN_THE_DM = Origin(place=Place.DM, private=True, clicked=False)
CLICK_IN_THE_DM = Origin(place=Place.DM, private=True, clicked=True)
# Slack: a click on an ephemeral message in a channel.
CLICK_IN_A_CHANNEL = Origin(place=Place.CHANNEL, private=False, clicked=True)
# Discord: a click on an ephemeral message in a server (the engine is told DM: no pointer).
CLICK_IN_A_SERVER = Origin(place=Place.DM, private=False, clicked=True)


def here(text: str, kind: str = "info") -> Outbound:
    return Outbound(text=text, kind=kind, to=Destination.HERE)


def dm(text: str) -> Outbound:
    return Outbound(text=text, kind="question", to=Destination.DM, outbox_id=f"ob-{text}")


def edit(text: str) -> Outbound:
    return Outbound(text=text, kind="question", to=Destination.HERE, edit=True)


class Recorder:
    """An outlet that records (route, text) and answers DMs as scripted (then OK)."""

    def __init__(self, dm_outcomes: Iterable[Sent] = ()) -> None:
        self.outcomes = list(dm_outcomes)
        self.sent: list[tuple[str, str]] = []

    async def edit(self, o: Outbound) -> None:
        self.sent.append(("edit", o.text))

    async def dm(self, o: Outbound) -> Sent:
        outcome = self.outcomes.pop(0) if self.outcomes else Sent.OK
        self.sent.append(("dm" if outcome is Sent.OK else f"dm {outcome.value}", o.text))
        return outcome

    async def here(self, o: Outbound) -> None:
        self.sent.append(("here", o.text))

    async def notice(self) -> None:
        self.sent.append(("notice", ""))


async def sent(
    origin: Origin, policy: OnDmFailure, replies: list[Outbound], outcomes: Iterable[Sent] = ()
) -> list[tuple[str, str]]:
    outlet = Recorder(outcomes)
    await deliver(Plan(origin, policy), replies, outlet)
    return outlet.sent


POINTER = here("I've messaged you")
TURN = [POINTER, dm("welcome"), dm("first question")]


@pytest.mark.parametrize("policy", [HOLD, FALL_BACK])
async def test_in_a_channel_the_pointer_follows_the_dms(policy: OnDmFailure) -> None:
    assert await sent(CHANNEL_COMMAND, policy, TURN) == [
        ("dm", "welcome"),
        ("dm", "first question"),
        ("here", "I've messaged you"),
    ]


@pytest.mark.parametrize("policy", [HOLD, FALL_BACK])
async def test_in_the_dm_everything_is_answered_there_in_order(policy: OnDmFailure) -> None:
    replies = [edit("✓ offer"), here("noted"), dm("next question")]
    assert await sent(CLICK_IN_THE_DM, policy, replies) == [
        ("edit", "✓ offer"),
        ("dm", "noted"),
        ("dm", "next question"),
    ]


@pytest.mark.parametrize("policy", [HOLD, FALL_BACK])
async def test_an_edit_without_a_clicked_message_is_dropped(policy: OnDmFailure) -> None:
    """Slack's App Home tab: a click there has no message to replace."""
    assert await sent(IN_THE_DM, policy, [edit("✓ offer"), dm("next")]) == [("dm", "next")]


async def test_hold_keeps_the_rest_in_the_outbox_and_tells_the_channel_once() -> None:
    replies = [POINTER, dm("welcome"), edit("✓ answered"), dm("question"), here("also here")]
    assert await sent(CLICK_IN_A_CHANNEL, HOLD, replies, [Sent.FAILED]) == [
        ("dm failed", "welcome"),
        ("edit", "✓ answered"),  # edits still replace the clicked message
        ("notice", ""),  # in place of everything meant for the channel
    ]


async def test_hold_in_the_dm_stops_without_a_notice() -> None:
    replies = [dm("welcome"), dm("question")]
    assert await sent(IN_THE_DM, HOLD, replies, [Sent.CLOSED]) == [("dm closed", "welcome")]


async def test_fall_back_explains_closed_dms_once_and_carries_on_here() -> None:
    replies = [POINTER, dm("welcome"), dm("question"), here("oops", kind="error")]
    assert await sent(CHANNEL_COMMAND, FALL_BACK, replies, [Sent.CLOSED]) == [
        ("dm closed", "welcome"),
        ("notice", ""),
        ("here", "welcome"),
        ("here", "question"),  # not tried as a DM again
        ("here", "oops"),  # an error is still shown; the pointer is not (it would be untrue)
    ]


async def test_fall_back_after_another_failure_carries_on_without_a_notice() -> None:
    assert await sent(CHANNEL_COMMAND, FALL_BACK, TURN, [Sent.FAILED]) == [
        ("dm failed", "welcome"),
        ("here", "welcome"),
        ("here", "first question"),
    ]


async def test_fall_back_in_the_dm_tries_each_reply_there() -> None:
    """There is nowhere else to go: each reply is tried, none is explained."""
    replies = [dm("welcome"), dm("question")]
    assert await sent(IN_THE_DM, FALL_BACK, replies, [Sent.FAILED]) == [
        ("dm failed", "welcome"),
        ("dm", "question"),
    ]


async def test_a_click_in_a_server_answers_here_at_once_and_dms_what_is_private() -> None:
    replies = [edit("✓ yes"), here("noted"), dm("your draft")]
    assert await sent(CLICK_IN_A_SERVER, FALL_BACK, replies) == [
        ("edit", "✓ yes"),
        ("here", "noted"),
        ("dm", "your draft"),
    ]


async def test_one_plan_across_two_turns_explains_once_and_tries_no_more_dms() -> None:
    """A Discord command with both options runs two turns for one interaction."""
    plan, outlet = Plan(CHANNEL_COMMAND, FALL_BACK), Recorder([Sent.CLOSED])
    await deliver(plan, [POINTER, dm("language set")], outlet)
    await deliver(plan, [POINTER, dm("restarted")], outlet)
    assert outlet.sent == [
        ("dm closed", "language set"),
        ("notice", ""),
        ("here", "language set"),
        ("here", "restarted"),
    ]


@pytest.mark.parametrize(
    ("origin", "reply", "failed", "policy", "route"),
    [
        (CHANNEL_COMMAND, POINTER, False, HOLD, Route.LATER),
        (CHANNEL_COMMAND, dm("x"), False, HOLD, Route.DM),
        (CHANNEL_COMMAND, dm("x"), True, HOLD, Route.DROP),
        (CHANNEL_COMMAND, dm("x"), True, FALL_BACK, Route.HERE),
        (CHANNEL_COMMAND, edit("x"), True, HOLD, Route.DROP),  # nothing was clicked
        (IN_THE_DM, POINTER, False, FALL_BACK, Route.DM),
        (IN_THE_DM, dm("x"), True, FALL_BACK, Route.DM),
        (CLICK_IN_THE_DM, edit("x"), True, HOLD, Route.EDIT),
        (CLICK_IN_A_SERVER, POINTER, True, FALL_BACK, Route.HERE),
    ],
)
def test_routes(
    origin: Origin, reply: Outbound, failed: bool, policy: OnDmFailure, route: Route
) -> None:
    assert Plan(origin, policy, dm_failed=failed).route(reply) is route
