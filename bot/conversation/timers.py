"""Setting and cancelling reminders and check-ins as the flow passes an info node."""

from __future__ import annotations

from datetime import date

from .. import dates
from ..dialogs import Node
from .turn import Turn


def schedule_at(turn: Turn, node: Node) -> None:
    if node.cancel:
        turn.cancel(node.cancel)
    if node.schedule == "reminder" and not turn.timers.reminded:
        due = turn.now + turn.cfg.reminder_delay
        turn.schedule("reminder", due)
        turn.timers.reminder_due = due
    elif node.schedule == "checkin":
        timer = turn.d.timers.get("checkin")
        raw = turn.answers.get(timer.date) if timer is not None and timer.date else None
        iso = str(raw) if raw and raw != dates.UNKNOWN else None
        when: date | str = date.fromisoformat(iso) if iso else dates.UNKNOWN
        due = dates.checkin_due(when, turn.now, turn.cfg.reminder_delay)
        turn.schedule("checkin", due)
        turn.timers.checkin_due = due
        turn.timers.checkin_date = iso
