"""The SQL of one group commit, run on the SQLite store's writer thread.

Plain functions over a `sqlite3.Connection`: `commit_batch` writes every waiting turn in
one transaction when no version conflicts, and falls back to one transaction per turn
when one does (or when a `forget` is in the batch), so a conflict costs only its own turn.
"""

from __future__ import annotations

import sqlite3
from typing import Any

import pydantic_core

from .base import CommitResult, Outcome, TurnWrite
from .schema import USER_TABLES

KEY = "platform = ? AND workspace = ? AND user_id = ?"
Row = tuple[Any, ...]

UPDATE = (
    "UPDATE conversations SET node = ?, answers = ?, history = ?, locale = ?, locale_override = ?, "
    "version = ?, updated_at = ?, last_event = ?, last_replies = ?, recent_events = ?, state = ? "
    f"WHERE {KEY} AND version = ?"
)
INSERT = (
    "INSERT OR IGNORE INTO conversations (platform, workspace, user_id, node, answers, history, "
    "locale, locale_override, version, updated_at, last_event, last_replies, recent_events, state, "
    "created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)
INSERT_OUTBOX = (
    "INSERT INTO outbox (id, platform, workspace, user_id, message, created_at) "
    "VALUES (?, ?, ?, ?, ?, ?)"
)
INSERT_DRAFT = (
    "INSERT OR REPLACE INTO drafts (platform, workspace, user_id, version, kind, subject, body, "
    "created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
)
SCHEDULE_DONE = "UPDATE schedule SET done_at = ? WHERE id = ? AND done_at IS NULL"
SCHEDULE_CANCEL = f"UPDATE schedule SET done_at = ? WHERE {KEY} AND kind = ? AND done_at IS NULL"
INSERT_SCHEDULE = (
    "INSERT INTO schedule (platform, workspace, user_id, kind, due_at, payload) "
    "VALUES (?, ?, ?, ?, ?, ?)"
)
DELIVERED = "UPDATE outbox SET delivered_at = ? WHERE id = ? AND delivered_at IS NULL"


def dumps(value: Any) -> str:
    """Compact JSON, by pydantic-core's serializer (several times faster than json.dumps)."""
    return pydantic_core.to_json(value).decode()


def row_values(w: TurnWrite) -> Row | None:
    """A conversation's row values. Serialised on the event loop, so that the writer
    thread runs almost only SQLite's C code and seldom needs the GIL."""
    c = w.conversation
    if c is None:
        return None
    history = dumps([{"node": h.node, "answers": h.answers} for h in c.history])
    return (
        c.node,
        dumps(c.answers),
        history,
        c.locale,
        c.locale_override,
        c.version,
        c.updated_at,
        c.last_event,
        c.last_replies,
        dumps(c.recent_events),
        dumps(c.engine_state()),
    )


def commit_batch(
    db: sqlite3.Connection,
    writes: list[TurnWrite],
    rows: list[Row | None],
    delivered: list[tuple[float, str]],
) -> list[CommitResult]:
    """All writes in one transaction when nothing conflicts; otherwise one by one."""
    fast = [(w, r) for w, r in zip(writes, rows, strict=True) if not w.forget]
    db.execute("BEGIN IMMEDIATE")
    try:
        ok = write_turns(db, fast)
        if not ok:
            db.execute("ROLLBACK")
        else:
            db.executemany(DELIVERED, delivered)
            db.execute("COMMIT")
    except BaseException:
        db.execute("ROLLBACK")
        raise
    if ok and len(fast) == len(writes):
        return [CommitResult(Outcome.OK)] * len(writes)
    # Slow path: a conflict or a forget is in the batch.
    results = []
    for w, r in zip(writes, rows, strict=True):
        if ok and not w.forget:
            results.append(CommitResult(Outcome.OK))
        else:
            results.append(apply_one(db, w, r))
    if not ok:
        db.execute("BEGIN IMMEDIATE")
        db.executemany(DELIVERED, delivered)
        db.execute("COMMIT")
    return results


def apply_one(db: sqlite3.Connection, w: TurnWrite, row: Row | None) -> CommitResult:
    db.execute("BEGIN IMMEDIATE")
    try:
        if w.forget:
            for table in USER_TABLES:
                db.execute(f"DELETE FROM {table} WHERE {KEY}", w.who.key)
            db.execute("COMMIT")
            return CommitResult(Outcome.OK)
        if not write_turns(db, [(w, row)]):
            db.execute("ROLLBACK")
            return CommitResult(Outcome.CONFLICT)
        db.execute("COMMIT")
        return CommitResult(Outcome.OK)
    except BaseException:
        db.execute("ROLLBACK")
        raise


def write_turns(db: sqlite3.Connection, pairs: list[tuple[TurnWrite, Row | None]]) -> bool:
    """Write a batch; False when a version did not match (the caller rolls back)."""
    if not pairs:
        return True
    if not _write_conversations(db, pairs):
        return False
    _write_side_rows(db, [w for w, _ in pairs])
    return True


def _write_conversations(db: sqlite3.Connection, pairs: list[tuple[TurnWrite, Row | None]]) -> bool:
    """The conversation rows, each a compare-and-swap on its version."""
    updates, inserts = [], []
    for w, row in pairs:
        assert w.conversation is not None and row is not None
        if w.expected_version == 0:
            inserts.append((*w.who.key, *row, w.conversation.created_at))
        else:
            updates.append((*row, *w.who.key, w.expected_version))
    if updates and db.executemany(UPDATE, updates).rowcount != len(updates):
        return False
    return not inserts or db.executemany(INSERT, inserts).rowcount == len(inserts)


def _write_side_rows(db: sqlite3.Connection, writes: list[TurnWrite]) -> None:
    """What the turns store beside their state: outbox, drafts, the schedule."""
    db.executemany(
        INSERT_OUTBOX,
        [(o.id, *w.who.key, o.message, o.created_at) for w in writes for o in w.outbox],
    )
    drafts = [
        (*w.who.key, d.version, d.kind, d.subject, d.body, d.created_at)
        for w in writes
        for d in w.drafts
    ]
    db.executemany(INSERT_DRAFT, drafts)
    db.executemany(SCHEDULE_DONE, [(w.now, i) for w in writes for i in w.schedule_done])
    cancels = [(w.now, *w.who.key, k) for w in writes for k in dict.fromkeys(w.cancel_schedule)]
    db.executemany(SCHEDULE_CANCEL, cancels)
    items = [(*w.who.key, s.kind, s.due_at, dumps(s.payload)) for w in writes for s in w.schedule]
    db.executemany(INSERT_SCHEDULE, items)


def purge(db: sqlite3.Connection, idle_before: float) -> int:
    """Delete conversations idle since before `idle_before`, with every row about them."""
    db.execute("BEGIN IMMEDIATE")
    try:
        keys = db.execute(
            "SELECT platform, workspace, user_id FROM conversations WHERE updated_at < ?",
            (idle_before,),
        ).fetchall()
        for table in USER_TABLES:
            db.executemany(f"DELETE FROM {table} WHERE {KEY}", keys)
        db.execute("COMMIT")
        return len(keys)
    except BaseException:
        db.execute("ROLLBACK")
        raise
