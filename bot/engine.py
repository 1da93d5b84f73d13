"""The engine: one turn at a time per user, the pure transition, one commit, the replies.

    adapter -> Engine.handle(inbound)
      1. per-user lock (the key is who)
      2. a repeated event id -> the same answer again, nothing changes
      3. load the conversation (memory, else the store)
      4. transition(...) -> new state, replies, effects (pure)
      5. commit state + event id + outbox + drafts + schedule in one transaction
         (compare-and-swap on the version; on conflict reload and run 4 again)
      6. return the replies; the adapter sends them and calls delivered()

Adapters register a `Sender` per platform so that messages nobody is waiting for
(reminders, check-ins, and direct messages left undelivered by a crash) can be sent.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import random
import time
import uuid
from collections import OrderedDict
from collections.abc import Awaitable, Callable, Iterator

from pydantic import TypeAdapter

from .conversation import (
    Conversation,
    Result,
    TurnConfig,
    form_problems,
    form_question,
    overview,
    reshow,
    transition,
)
from .dialogs import Dialogs
from .logs import user_ref
from .models import Destination, Inbound, InboundKind, Outbound, Who
from .store import OutboxRow, Outcome, Store, TurnWrite

log = logging.getLogger(__name__)

Sender = Callable[[Who, Outbound], Awaitable[None]]
_REPLIES = TypeAdapter(list[Outbound])
MAX_CONFLICT_RETRIES = 16
RECENT_EVENTS = 16  # de-duplication records kept per conversation (retries come soon)


class Engine:
    def __init__(
        self,
        dialogs: Dialogs,
        store: Store,
        *,
        config: TurnConfig | None = None,
        clock: Callable[[], float] = time.time,
        cache_size: int = 20_000,
        dedup_ttl: float = 86400.0,
    ):
        self.dialogs = dialogs
        self.store = store
        self.config = config or TurnConfig()
        self.clock = clock
        self._cache: OrderedDict[tuple[str, str, str], Conversation] = OrderedDict()
        self._cache_size = cache_size
        self.dedup_ttl = dedup_ttl
        self._misses: OrderedDict[tuple[str, str, str], tuple[int, int]] = OrderedDict()
        self._forgotten: OrderedDict[tuple[str, str], list[Outbound]] = OrderedDict()
        self._locks: dict[tuple[str, str, str], asyncio.Lock] = {}
        self._handed_out: set[str] = set()  # outbox ids given to an adapter, not yet confirmed
        self.senders: dict[str, Sender] = {}
        self._inflight = 0
        self._idle = asyncio.Event()
        self._idle.set()

    def register_sender(self, platform: str, sender: Sender) -> None:
        self.senders[platform] = sender

    # --- a turn -------------------------------------------------------------------------

    async def handle(self, inbound: Inbound) -> list[Outbound]:
        """Apply one inbound event; the returned replies are already committed."""
        with self.busy():
            try:
                return await self._handle(inbound)
            except Exception:
                log.exception("turn failed for %s (%s)", user_ref(inbound.who), inbound.kind.value)
                text = self.dialogs.locale(inbound.locale).msg("error")
                return [Outbound(text=text, kind="error")]

    @contextlib.contextmanager
    def busy(self) -> Iterator[None]:
        """Adapters wrap a whole turn (handle + send) in this, so shutdown waits for it."""
        self._inflight += 1
        self._idle.clear()
        try:
            yield
        finally:
            self._inflight -= 1
            if self._inflight == 0:
                self._idle.set()

    async def _handle(self, inbound: Inbound) -> list[Outbound]:
        who = inbound.who
        event = (who.platform, inbound.event_id) if inbound.event_id else None
        if event is not None and event in self._forgotten:
            return self._forgotten[event]
        lock = self._locks.get(who.key)
        if lock is None:
            lock = self._locks[who.key] = asyncio.Lock()
        try:
            async with lock:
                for attempt in range(MAX_CONFLICT_RETRIES):
                    conv = await self._load(who)
                    if event is not None and conv is not None and conv.has_seen(event[1]):
                        return self._repeat(conv, inbound)
                    result = transition(
                        conv, inbound, self.dialogs, self.clock(), self.config, self._missed(conv)
                    )
                    self._note_misses(who, conv, result)
                    if not result.changed and not result.effects.schedule_done:
                        return result.replies
                    write, replies = self._write_for(result, conv, event)
                    committed = await self.store.commit(write)
                    if committed.outcome is Outcome.OK:
                        self._remember(who, result.conversation, event, replies)
                        return replies
                    # CONFLICT: another process moved it on (perhaps with this very event):
                    # run the turn again on the state it left.
                    self._cache.pop(who.key, None)
                    # Two processes writing the same user in lockstep would keep colliding:
                    # a short random pause lets one of them through.
                    await asyncio.sleep(random.uniform(0, 0.001 * 2 ** min(attempt, 6)))
                raise RuntimeError("too many write conflicts")
        finally:
            if not lock.locked() and not getattr(lock, "_waiters", None):
                self._locks.pop(who.key, None)

    def _missed(self, conv: Conversation | None) -> int:
        """Answers not understood in a row at the conversation's current question."""
        if conv is None:
            return 0
        seen = self._misses.get(conv.who.key)
        return seen[1] if seen is not None and seen[0] == conv.version else 0

    def _note_misses(self, who: Who, conv: Conversation | None, result: Result) -> None:
        """Kept in memory only: a miss changes nothing stored (worst case, after a restart,
        the short "did you mean" comes once more before the whole question)."""
        if result.misses and conv is not None:
            self._misses[who.key] = (conv.version, result.misses)
            self._misses.move_to_end(who.key)
            while len(self._misses) > self._cache_size:
                self._misses.popitem(last=False)
        else:
            self._misses.pop(who.key, None)

    async def _load(self, who: Who) -> Conversation | None:
        # On a database other processes write (PostgreSQL), memory may be stale: read it.
        conv = None if self.store.shared else self._cache.get(who.key)
        if conv is not None:
            self._cache.move_to_end(who.key)
            return conv
        return await self.store.load(who)

    def _write_for(
        self, result: Result, old: Conversation | None, event: tuple[str, str] | None
    ) -> tuple[TurnWrite, list[Outbound]]:
        now = self.clock()
        state = result.conversation or old
        assert state is not None, "a turn without a conversation changes nothing"
        who = state.who
        replies, outbox = [], []
        for o in result.replies:
            if o.to is Destination.DM:
                oid = uuid.uuid4().hex
                o = o.model_copy(update={"outbox_id": oid})
                outbox.append(OutboxRow(oid, who, o.model_dump_json(), now))
            replies.append(o)
        fx = result.effects
        if result.conversation is not None:
            c = result.conversation
            c.last_event = event[1] if event else None
            c.last_replies = _REPLIES.dump_json(replies).decode() if event else "[]"
            seen = [e for e in (old.recent_events if old else []) if e[1] > now - self.dedup_ttl][
                -(RECENT_EVENTS - 1) :
            ]
            c.recent_events = [*seen, (event[1], now)] if event else seen
        write = TurnWrite(
            who=who,
            expected_version=old.version if old else 0,
            conversation=result.conversation,
            now=now,
            outbox=[] if fx.forget else outbox,
            drafts=fx.drafts,
            schedule=fx.schedule,
            cancel_schedule=fx.cancel_schedule,
            schedule_done=fx.schedule_done,
            forget=fx.forget,
        )
        if fx.forget:  # nothing may stay behind, not even the goodbye
            replies = [r.model_copy(update={"outbox_id": None}) for r in replies]
        self._handed_out.update(r.outbox_id for r in replies if r.outbox_id)
        return write, replies

    def _remember(
        self,
        who: Who,
        conv: Conversation | None,
        event: tuple[str, str] | None,
        replies: list[Outbound],
    ) -> None:
        if conv is None:  # forgotten: nothing of theirs stays in memory; a retry says so again
            self._cache.pop(who.key, None)
            if event is not None:
                self._forgotten[event] = replies
                while len(self._forgotten) > 1000:
                    self._forgotten.popitem(last=False)
            return
        self._cache[who.key] = conv
        self._cache.move_to_end(who.key)
        while len(self._cache) > self._cache_size:
            self._cache.popitem(last=False)

    def _repeat(self, conv: Conversation, inbound: Inbound) -> list[Outbound]:
        """An event processed before changes nothing: the same answer if it was the latest,
        else the question the conversation stands at now."""
        if conv.last_event == inbound.event_id:
            return self._again(_REPLIES.validate_json(conv.last_replies))
        return reshow(conv, self.dialogs, inbound)

    def _again(self, replies: list[Outbound]) -> list[Outbound]:
        """A repeated event: the same answer, minus direct messages already on their way."""
        return [r for r in replies if r.outbox_id is None]

    # --- delivery -----------------------------------------------------------------------

    async def delivered(self, *outbox_ids: str | None) -> None:
        ids = [i for i in outbox_ids if i]
        self._handed_out.difference_update(ids)
        await self.store.mark_delivered(ids, self.clock())

    async def deliver(self, who: Who, replies: list[Outbound]) -> int:
        """Send messages nobody is waiting for (timers, recovery) through the platform's sender."""
        sender = self.senders.get(who.platform)
        if sender is None:
            return 0
        sent = 0
        for r in replies:
            try:
                await sender(who, r)
            except Exception:
                log.warning(
                    "could not deliver a message to %s; it stays in the outbox", user_ref(who)
                )
                return sent
            sent += 1
            if r.outbox_id:
                await self.delivered(r.outbox_id)
        return sent

    async def recover_outbox(self, platforms: set[str] | None = None) -> int:
        """Send what a crashed run recorded but never confirmed. Returns how many were sent."""
        wanted = set(self.senders) if platforms is None else set(platforms) & set(self.senders)
        if not wanted:
            return 0
        rows: list[OutboxRow] = await self.store.undelivered(wanted)
        sent = 0
        for row in rows:
            if row.id in self._handed_out:
                continue
            message = Outbound.model_validate_json(row.message).model_copy(
                update={"outbox_id": row.id}
            )
            sent += await self.deliver(row.who, [message])
        return sent

    async def fire_due(self) -> int:
        """Reminders and check-ins that fell due: each is a turn of its own."""
        items = await self.store.due(self.clock())
        for item in items:
            inbound = Inbound(
                who=item.who,
                kind=InboundKind.TIMER,
                text=item.kind,
                values=[str(item.id)],
                event_id=f"schedule-{item.id}",
            )
            replies = await self.handle(inbound)
            await self.deliver(item.who, replies)
        return len(items)

    async def overview(self, who: Who, locale: str | None = None) -> list[Outbound]:
        """Where this user's decision stands (for Slack's App Home); read-only."""
        return overview(await self._load(who), self.dialogs, locale)

    async def form(self, who: Who, locale: str | None, form_id: str) -> Outbound | None:
        """The question a form button opens a modal for, with its fields as they stand
        (None: the conversation has moved on); read-only."""
        return form_question(await self._load(who), self.dialogs, locale, form_id)

    def form_problems(
        self, locale: str | None, form_id: str, fields: dict[str, str]
    ) -> dict[str, str]:
        """What is wrong with a form's fields (pure: no I/O, so it fits inside an ack)."""
        return form_problems(self.dialogs, locale, form_id, fields)

    def evict_idle(self, before: float) -> None:
        """Drop cached conversations the retention purge has just deleted."""
        for key in [k for k, c in self._cache.items() if c.updated_at < before]:
            self._cache.pop(key, None)

    async def idle(self) -> None:
        """Wait until no turn is in flight (for a clean shutdown)."""
        await self._idle.wait()
