"""What every `Store` must do, run against each backend (tests/store/conftest.py)."""

from __future__ import annotations

import asyncio

from bot.conversation import Conversation, DraftState, Timers, Undo
from bot.conversation.state import Pending
from bot.models import Draft, DraftView, ScheduledItem, Who
from bot.store import OutboxRow, Outcome, Store, TurnWrite

from .. import store_queries as queries

ALICE = Who(platform="t", workspace="W", user="alice")
BOB = Who(platform="t", workspace="W", user="bob")


def state(who: Who, version: int, node: str = "stage", **kw: object) -> Conversation:
    return Conversation(
        who=who, node=node, version=version, created_at=1.0, updated_at=float(version), **kw
    )  # type: ignore[arg-type]


def write(
    who: Who, expected: int, conv: Conversation | None, now: float = 10.0, **kw: object
) -> TurnWrite:
    return TurnWrite(who=who, expected_version=expected, conversation=conv, now=now, **kw)  # type: ignore[arg-type]


async def test_a_new_conversation_round_trips_with_its_typed_state(any_store: Store) -> None:
    view = DraftView(kind="withdraw", subject="S", body="B", version=3)
    conv = state(
        ALICE,
        1,
        node="draft",
        answers={"stage": "offer", "signals": ["late"]},
        history=[Undo(node="stage", answers={"stage": None})],
        locale="de",
        locale_override="de",
        ticked={"factors": ["practice"]},
        flags={"reason_text_tone": "ok"},
        drafts=DraftState(version=3, last_kind="withdraw", latest={"withdraw": view}),
        timers=Timers(pending=["reminder"], reminder_due=99.0),
        last_event="ev1",
        last_replies="[]",
        recent_events=[("ev1", 5.0)],
        timezone="Europe/Berlin",
        pending=Pending(answers={"reason": "mismatch"}, at="reason"),
        from_story=["stage"],
    )
    assert (await any_store.commit(write(ALICE, 0, conv))).outcome is Outcome.OK
    loaded = await any_store.load(ALICE)
    assert loaded is not None
    assert loaded.model_dump() == conv.model_dump()
    assert await any_store.load(BOB) is None


async def test_the_version_is_a_compare_and_swap(any_store: Store) -> None:
    assert (await any_store.commit(write(ALICE, 0, state(ALICE, 1)))).outcome is Outcome.OK
    assert (await any_store.commit(write(ALICE, 0, state(ALICE, 1)))).outcome is Outcome.CONFLICT
    assert (
        await any_store.commit(write(ALICE, 1, state(ALICE, 2, node="rounds")))
    ).outcome is Outcome.OK
    stale = await any_store.commit(write(ALICE, 1, state(ALICE, 2, node="offer")))
    assert stale.outcome is Outcome.CONFLICT
    loaded = await any_store.load(ALICE)
    assert loaded is not None and (loaded.node, loaded.version) == ("rounds", 2)


async def test_a_conflict_in_a_busy_moment_costs_only_its_own_turn(any_store: Store) -> None:
    await any_store.commit(write(ALICE, 0, state(ALICE, 1)))
    await any_store.commit(write(BOB, 0, state(BOB, 1)))
    results = await asyncio.gather(
        any_store.commit(write(ALICE, 1, state(ALICE, 2))),
        any_store.commit(write(BOB, 7, state(BOB, 8))),  # stale
        any_store.commit(
            write(
                Who(platform="t", workspace="W", user="carol"),
                0,
                state(Who(platform="t", workspace="W", user="carol"), 1),
            )
        ),
    )
    assert [r.outcome for r in results] == [Outcome.OK, Outcome.CONFLICT, Outcome.OK]
    assert (await any_store.load(ALICE)).version == 2  # type: ignore[union-attr]
    assert (await any_store.load(BOB)).version == 1  # type: ignore[union-attr]


async def test_the_outbox_holds_a_message_until_it_is_delivered(any_store: Store) -> None:
    row = OutboxRow("o1", ALICE, '{"text": "hi"}', 10.0)
    await any_store.commit(write(ALICE, 0, state(ALICE, 1), outbox=[row]))
    if any_store.shared:  # the committing process is sending it: nobody else may, for now
        assert await any_store.undelivered() == []
        await queries.expire_claims(any_store)
    assert await any_store.undelivered({"other-platform"}) == []
    pending = await any_store.undelivered()
    assert [(r.id, r.who, r.message) for r in pending] == [("o1", ALICE, '{"text": "hi"}')]
    if any_store.shared:  # claimed by that call
        assert await any_store.undelivered() == []
    await any_store.mark_delivered(["o1"], 11.0)
    await any_store.flush()
    assert await any_store.undelivered() == []


async def test_scheduled_items_fall_due_and_can_be_cancelled_or_done(any_store: Store) -> None:
    items = [
        ScheduledItem(kind="reminder", due_at=50.0),
        ScheduledItem(kind="checkin", due_at=80.0),
    ]
    await any_store.commit(write(ALICE, 0, state(ALICE, 1), schedule=items))
    assert await any_store.due(40.0) == []
    due = await any_store.due(60.0)
    assert [(d.who, d.kind, d.due_at) for d in due] == [(ALICE, "reminder", 50.0)]
    await any_store.commit(write(ALICE, 1, state(ALICE, 2), schedule_done=[due[0].id]))
    await any_store.commit(write(ALICE, 2, state(ALICE, 3), cancel_schedule=["checkin"]))
    assert await any_store.due(1000.0) == []


async def test_forget_deletes_every_row_about_one_user_only(any_store: Store) -> None:
    draft = Draft(version=1, kind="withdraw", subject="S", body="B", created_at=1.0)
    for who in (ALICE, BOB):
        await any_store.commit(
            write(
                who,
                0,
                state(who, 1),
                outbox=[OutboxRow(f"o-{who.user}", who, "{}", 1.0)],
                drafts=[draft],
                schedule=[ScheduledItem(kind="reminder", due_at=5.0)],
            )
        )
    assert set((await queries.counts(any_store, ALICE)).values()) == {1}
    assert (await any_store.commit(write(ALICE, 1, None, forget=True))).outcome is Outcome.OK
    assert set((await queries.counts(any_store, ALICE)).values()) == {0}
    assert await any_store.load(ALICE) is None
    assert set((await queries.counts(any_store, BOB)).values()) == {1}


async def test_purge_forgets_idle_conversations_with_their_rows(any_store: Store) -> None:
    await any_store.commit(
        write(
            ALICE,
            0,
            state(ALICE, 1),
            drafts=[Draft(version=1, kind="k", subject="s", body="b", created_at=1)],
        )
    )
    fresh = state(BOB, 1).model_copy(update={"updated_at": 500.0})
    await any_store.commit(write(BOB, 0, fresh))
    assert await any_store.purge(100.0) == 1
    assert set((await queries.counts(any_store, ALICE)).values()) == {0}
    assert (await queries.counts(any_store, BOB))["conversations"] == 1


async def test_it_reports_its_schema_and_where_it_lives(any_store: Store) -> None:
    from bot.store.schema import LATEST

    assert await any_store.schema_version() == LATEST
    assert any_store.describe()
