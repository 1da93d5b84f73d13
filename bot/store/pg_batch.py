"""The SQL of one PostgreSQL group commit: every waiting turn in one statement.

The turns travel as arrays (`unnest`); data-modifying CTEs apply each conversation's
compare-and-swap (on the version, and on `created_at`, so that a stale copy of a
conversation that was forgotten and begun again cannot match the new one's version) and
write the outbox, drafts and schedule rows only for the turns whose swap succeeded, so a
conflict costs only its own turn and the batch needs one round trip. A batch holding one user twice, or a `forget`, runs as several statements in one
transaction, in arrival order.
"""

from __future__ import annotations

from typing import Any

from .base import CommitResult, Outcome, TurnWrite
from .pg_errors import Conn
from .schema import USER_TABLES
from .sqlite_batch import dumps, row_values

Key = tuple[str, str, str]

KEYS = "platform, workspace, user_id"
KEY_ARRAYS = "$1::text[], $2::text[], $3::text[]"

TURNS = f"""
WITH v AS (
  SELECT * FROM unnest({KEY_ARRAYS}, $4::int[], $5::text[], $6::text[], $7::text[],
                       $8::text[], $9::text[], $10::int[], $11::float8[], $12::text[],
                       $13::text[], $14::text[], $15::text[], $16::float8[])
    AS t({KEYS}, expected, node, answers, history, locale, locale_override, version,
         updated_at, last_event, last_replies, recent_events, state, created_at)
),
upd AS (
  UPDATE conversations c SET node = v.node, answers = v.answers, history = v.history,
    locale = v.locale, locale_override = v.locale_override, version = v.version,
    updated_at = v.updated_at, last_event = v.last_event, last_replies = v.last_replies,
    recent_events = v.recent_events, state = v.state
  FROM v
  WHERE v.expected > 0 AND c.platform = v.platform AND c.workspace = v.workspace
    AND c.user_id = v.user_id AND c.version = v.expected AND c.created_at = v.created_at
  RETURNING c.platform, c.workspace, c.user_id
),
ins AS (
  INSERT INTO conversations ({KEYS}, node, answers, history, locale, locale_override,
    version, updated_at, last_event, last_replies, recent_events, state, created_at)
  SELECT {KEYS}, node, answers, history, locale, locale_override, version, updated_at,
    last_event, last_replies, recent_events, state, created_at
  FROM v WHERE v.expected = 0
  ON CONFLICT DO NOTHING
  RETURNING platform, workspace, user_id
),
ok AS (SELECT * FROM upd UNION ALL SELECT * FROM ins),
ob AS (
  INSERT INTO outbox (id, {KEYS}, message, created_at, claimed_until)
  SELECT o.id, o.platform, o.workspace, o.user_id, o.message, o.created_at, $17::float8
  FROM unnest($18::text[], $19::text[], $20::text[], $21::text[], $22::text[], $23::float8[])
    AS o(id, {KEYS}, message, created_at)
  JOIN ok USING ({KEYS})
),
dr AS (
  INSERT INTO drafts ({KEYS}, version, kind, subject, body, created_at)
  SELECT d.platform, d.workspace, d.user_id, d.version, d.kind, d.subject, d.body, d.created_at
  FROM unnest($24::text[], $25::text[], $26::text[], $27::int[], $28::text[], $29::text[],
              $30::text[], $31::float8[])
    AS d({KEYS}, version, kind, subject, body, created_at)
  JOIN ok USING ({KEYS})
  ON CONFLICT ({KEYS}, version) DO UPDATE SET kind = excluded.kind,
    subject = excluded.subject, body = excluded.body, created_at = excluded.created_at
),
done AS (
  UPDATE schedule s SET done_at = x.now
  FROM unnest($32::bigint[], $33::float8[], $34::text[], $35::text[], $36::text[])
    AS x(id, now, {KEYS})
  JOIN ok USING ({KEYS})
  WHERE s.id = x.id AND s.done_at IS NULL
),
cancel AS (
  UPDATE schedule s SET done_at = k.now
  FROM unnest($37::text[], $38::text[], $39::text[], $40::text[], $41::float8[])
    AS k({KEYS}, kind, now)
  JOIN ok USING ({KEYS})
  WHERE s.platform = k.platform AND s.workspace = k.workspace AND s.user_id = k.user_id
    AND s.kind = k.kind AND s.done_at IS NULL
),
sch AS (
  INSERT INTO schedule ({KEYS}, kind, due_at, payload)
  SELECT n.platform, n.workspace, n.user_id, n.kind, n.due_at, n.payload
  FROM unnest($42::text[], $43::text[], $44::text[], $45::text[], $46::float8[], $47::text[])
    AS n({KEYS}, kind, due_at, payload)
  JOIN ok USING ({KEYS})
),
mk AS (
  UPDATE outbox SET delivered_at = m.now
  FROM unnest($48::text[], $49::float8[]) AS m(id, now)
  WHERE outbox.id = m.id AND outbox.delivered_at IS NULL
)
SELECT {KEYS} FROM ok
"""

DELIVERED = """
UPDATE outbox SET delivered_at = m.now
FROM unnest($1::text[], $2::float8[]) AS m(id, now)
WHERE outbox.id = m.id AND outbox.delivered_at IS NULL
"""


def _columns(rows: list[tuple[Any, ...]], width: int) -> list[list[Any]]:
    """Rows to one list per column (what `unnest` takes)."""
    return [list(col) for col in zip(*rows, strict=True)] if rows else [[] for _ in range(width)]


def turn_args(
    writes: list[TurnWrite], claim_until: float, delivered: list[tuple[str, float]]
) -> list[Any]:
    """The 49 parameters of TURNS for turns with distinct users and no forget."""
    convs, outbox, drafts, done, cancels, items = [], [], [], [], [], []
    for w in writes:
        row = row_values(w)
        assert w.conversation is not None and row is not None
        convs.append((*w.who.key, w.expected_version, *row, w.conversation.created_at))
        outbox += [(o.id, *w.who.key, o.message, o.created_at) for o in w.outbox]
        latest = {d.version: d for d in w.drafts}  # one row per version, as REPLACE keeps
        drafts += [
            (*w.who.key, d.version, d.kind, d.subject, d.body, d.created_at)
            for d in latest.values()
        ]
        done += [(i, w.now, *w.who.key) for i in w.schedule_done]
        cancels += [(*w.who.key, k, w.now) for k in dict.fromkeys(w.cancel_schedule)]
        items += [(*w.who.key, s.kind, s.due_at, dumps(s.payload)) for s in w.schedule]
    return [
        *_columns(convs, 16),
        claim_until,
        *_columns(outbox, 6),
        *_columns(drafts, 8),
        *_columns(done, 5),
        *_columns(cancels, 5),
        *_columns(items, 6),
        *_columns(delivered, 2),
    ]


def segments(writes: list[TurnWrite]) -> list[list[TurnWrite]]:
    """Split a batch, in order, into runs with distinct users and no forget; a forget is a
    run of its own."""
    out: list[list[TurnWrite]] = []
    current: list[TurnWrite] = []
    seen: set[Key] = set()
    for w in writes:
        if w.forget or w.who.key in seen:
            if current:
                out.append(current)
            current, seen = [], set()
        if w.forget:
            out.append([w])
            continue
        current.append(w)
        seen.add(w.who.key)
    if current:
        out.append(current)
    return out


async def forget(db: Conn, who_key: Key) -> None:
    for table in USER_TABLES:
        await db.execute(
            f"DELETE FROM {table} WHERE platform = $1 AND workspace = $2 AND user_id = $3",
            *who_key,
        )


async def write_segment(
    db: Conn,
    writes: list[TurnWrite],
    claim_until: float,
    delivered: list[tuple[str, float]] | None = None,
) -> list[CommitResult]:
    """One run of `segments`, with the delivery marks when given (one statement)."""
    if len(writes) == 1 and writes[0].forget:
        await forget(db, writes[0].who.key)
        await mark_delivered(db, delivered or [])
        return [CommitResult(Outcome.OK)]
    ordered = sorted(writes, key=lambda w: w.who.key)  # rows locked in one order everywhere
    rows = await db.fetch(TURNS, *turn_args(ordered, claim_until, delivered or []))
    ok = {(r["platform"], r["workspace"], r["user_id"]) for r in rows}
    return [CommitResult(Outcome.OK if w.who.key in ok else Outcome.CONFLICT) for w in writes]


async def mark_delivered(db: Conn, delivered: list[tuple[str, float]]) -> None:
    if delivered:
        await db.execute(DELIVERED, [i for i, _ in delivered], [t for _, t in delivered])


async def commit_batch(
    db: Conn,
    writes: list[TurnWrite],
    delivered: list[tuple[str, float]],
    claim_until: float,
) -> list[CommitResult]:
    """Every write of the batch and the delivery marks; one statement when it can."""
    parts = segments(writes)
    if not parts:
        await mark_delivered(db, delivered)
        return []
    if len(parts) == 1 and not parts[0][0].forget:  # the usual case: one atomic statement
        return await write_segment(db, parts[0], claim_until, delivered)
    results: dict[int, CommitResult] = {}
    async with db.transaction():
        for part in parts:
            for w, r in zip(part, await write_segment(db, part, claim_until), strict=True):
                results[id(w)] = r
        await mark_delivered(db, delivered)
    return [results[id(w)] for w in writes]
