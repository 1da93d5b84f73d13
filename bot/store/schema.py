"""The SQLite schema as numbered migrations. A database is upgraded step by step."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable

from .legacy import clean_history, split_answers


def _typed_state(db: sqlite3.Connection) -> None:
    """5: the engine's bookkeeping (`_drafts`, `_ticking_<node>`, `_pending`, ...) leaves
    `answers` for a typed `state` column; undo records keep only answers."""
    db.execute("ALTER TABLE conversations ADD COLUMN state TEXT NOT NULL DEFAULT '{}'")
    rows = db.execute(
        "SELECT platform, workspace, user_id, answers, history FROM conversations"
    ).fetchall()
    updates = []
    for platform, workspace, user, answers, history in rows:
        kept, state = split_answers(json.loads(answers))
        updates.append(
            (
                json.dumps(kept),
                json.dumps(state),
                json.dumps(clean_history(json.loads(history))),
                platform,
                workspace,
                user,
            )
        )
    db.executemany(
        "UPDATE conversations SET answers = ?, state = ?, history = ? WHERE platform = ? AND workspace = ? AND user_id = ?",
        updates,
    )


Migration = str | Callable[[sqlite3.Connection], None]

# Each entry moves the schema from version i to i + 1 (SQL statements, or a function for a
# step that reshapes data). Never edit a released one: append a new step instead.
MIGRATIONS: list[Migration] = [
    # 1: the first release.
    """
    CREATE TABLE conversations (
        platform TEXT NOT NULL, workspace TEXT NOT NULL, user_id TEXT NOT NULL,
        node TEXT NOT NULL, answers TEXT NOT NULL, history TEXT NOT NULL,
        locale TEXT NOT NULL, version INTEGER NOT NULL,
        created_at REAL NOT NULL, updated_at REAL NOT NULL,
        PRIMARY KEY (platform, workspace, user_id)
    ) WITHOUT ROWID;
    CREATE TABLE processed_events (
        platform TEXT NOT NULL, event_id TEXT NOT NULL,
        workspace TEXT NOT NULL, user_id TEXT NOT NULL,
        replies TEXT NOT NULL, created_at REAL NOT NULL,
        PRIMARY KEY (platform, event_id)
    ) WITHOUT ROWID;
    CREATE TABLE outbox (
        id TEXT PRIMARY KEY,
        platform TEXT NOT NULL, workspace TEXT NOT NULL, user_id TEXT NOT NULL,
        message TEXT NOT NULL, created_at REAL NOT NULL, delivered_at REAL
    );
    CREATE TABLE drafts (
        platform TEXT NOT NULL, workspace TEXT NOT NULL, user_id TEXT NOT NULL,
        version INTEGER NOT NULL, kind TEXT NOT NULL, subject TEXT NOT NULL,
        body TEXT NOT NULL, created_at REAL NOT NULL,
        PRIMARY KEY (platform, workspace, user_id, version)
    ) WITHOUT ROWID;
    CREATE TABLE schedule (
        id INTEGER PRIMARY KEY,
        platform TEXT NOT NULL, workspace TEXT NOT NULL, user_id TEXT NOT NULL,
        kind TEXT NOT NULL, due_at REAL NOT NULL, payload TEXT NOT NULL DEFAULT '{}',
        done_at REAL
    );
    CREATE INDEX schedule_due ON schedule (due_at) WHERE done_at IS NULL;
    """,
    # 2: a user's chosen language (`language de`) is kept apart from the platform's;
    #    retention purges and undelivered-message scans get their indexes.
    """
    ALTER TABLE conversations ADD COLUMN locale_override TEXT;
    CREATE INDEX conversations_idle ON conversations (updated_at);
    CREATE INDEX outbox_pending ON outbox (created_at) WHERE delivered_at IS NULL;
    CREATE INDEX outbox_user ON outbox (platform, workspace, user_id);
    CREATE INDEX schedule_user ON schedule (platform, workspace, user_id);
    CREATE INDEX events_age ON processed_events (created_at);
    CREATE INDEX events_user ON processed_events (platform, workspace, user_id);
    """,
    # 3: the answer to a conversation's latest event lives in its row (one write per
    #    turn instead of two); processed_events keeps only the ids, for de-duplication.
    """
    ALTER TABLE conversations ADD COLUMN last_event TEXT;
    ALTER TABLE conversations ADD COLUMN last_replies TEXT NOT NULL DEFAULT '[]';
    """,
    # 4: de-duplication records move into the conversation row too (recent event ids
    #    with their age); the separate table, written once per turn, goes.
    """
    ALTER TABLE conversations ADD COLUMN recent_events TEXT NOT NULL DEFAULT '[]';
    DROP TABLE processed_events;
    """,
    _typed_state,
    # 6: claims on outbox rows and scheduled items (a lease: the wall-clock time until which
    #    one process is delivering or firing it), so that several processes sharing one
    #    database never send one message or fire one reminder twice. The PostgreSQL store
    #    uses them; the SQLite store, one process per file, leaves them empty.
    """
    ALTER TABLE outbox ADD COLUMN claimed_until REAL;
    ALTER TABLE schedule ADD COLUMN claimed_until REAL;
    """,
]

LATEST = len(MIGRATIONS)

# Tables that hold something about a user: `forget` empties every one of them.
USER_TABLES = ("conversations", "outbox", "drafts", "schedule")
