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
        remind_at = turn.now + turn.cfg.reminder_delay
        turn.schedule("reminder", remind_at)
        turn.timers.reminder_due = remind_at
    elif node.schedule == "checkin":
        timer = turn.d.timers.get("checkin")
        raw = turn.answers.get(timer.date) if timer is not None and timer.date else None
        iso = str(raw) if raw and raw != dates.UNKNOWN else None
        when: date | str = date.fromisoformat(iso) if iso else dates.UNKNOWN
        due = dates.checkin_due(when, turn.now, turn.cfg.reminder_delay, turn.timezone)
        turn.timers.checkin_date = iso
        turn.timers.checkin_due = due
        # The flow's texts say whether a check-in is coming (`checkin_scheduled`).
        turn.flags["checkin_scheduled"] = "yes" if due is not None else "no"
        if due is not None:
            turn.schedule("checkin", due)
        else:
            turn.cancel(["checkin"])
