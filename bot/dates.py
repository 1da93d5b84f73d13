"""Reading 'when is your next step?' answers: dates, weekdays, 'in 3 days', 'don't know'."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from .dialogs import Locale
from .text import fill, normalise

UNKNOWN = "unknown"


class BadDate(ValueError):
    pass


def parse_when(text: str, loc: Locale, today: date) -> date | str:
    """A future date, or UNKNOWN when the user doesn't know. Raises BadDate otherwise."""
    t = normalise(text)
    words = loc.dates
    if t in {normalise(w) for w in words["unknown"]}:
        return UNKNOWN
    if t in {normalise(w) for w in words["today"]}:
        return today
    if t in {normalise(w) for w in words["tomorrow"]}:
        return today + timedelta(days=1)
    if m := re.fullmatch(words["in_days"], t):
        return _future(today + timedelta(days=int(m.group(1))), today)
    if m := re.fullmatch(words["in_weeks"], t):
        return _future(today + timedelta(weeks=int(m.group(1))), today)
    if m := re.fullmatch(words["next_weekday"], t):
        wd = [normalise(w) for w in words["weekdays"]].index(m.group(1))
        ahead = (wd - today.weekday()) % 7 or 7
        return today + timedelta(days=ahead)
    return _future(_calendar(t, loc, today), today)


def _calendar(t: str, loc: Locale, today: date) -> date:
    try:
        if m := re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", t):
            return date(int(m[1]), int(m[2]), int(m[3]))
        if m := re.fullmatch(r"(\d{1,2})[./](\d{1,2})[./]?(\d{2,4})?", t):
            y = int(m[3]) if m[3] else today.year
            y = y + 2000 if y < 100 else y
            d = date(y, int(m[2]), int(m[1]))
            return d if m[3] or d >= today else date(y + 1, d.month, d.day)
        months = [normalise(x) for x in loc.dates["months"]]
        m = re.fullmatch(r"(\d{1,2})\.?\s*([^\d\s]+)\.?\s*(\d{4})?", t) or None
        if m and _month(m[2], months):
            day, month, year = int(m[1]), _month(m[2], months), m[3]
        elif (
            m := re.fullmatch(r"([^\d\s]+)\s*(\d{1,2})(?:st|nd|rd|th)?,?\s*(\d{4})?", t)
        ) and _month(m[1], months):
            day, month, year = int(m[2]), _month(m[1], months), m[3]
        else:
            raise BadDate(t)
        d = date(int(year) if year else today.year, month, day)
        return d if year or d >= today else date(d.year + 1, d.month, d.day)
    except ValueError as e:  # date() out of range
        raise BadDate(t) from e


def _month(word: str, months: list[str]) -> int:
    for i, name in enumerate(months):
        if len(word) >= 3 and name.startswith(word):
            return i + 1
    return 0


def _future(d: date, today: date) -> date:
    if d < today or d > today + timedelta(days=366):
        raise BadDate(str(d))
    return d


CHECKIN_HOUR = 9  # the morning of the day before, in the user's time zone


def zone_name(name: str | None) -> str | None:
    """`name` when it is a time zone this machine knows, else None."""
    if not name:
        return None
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return None
    return name


def zone(name: str | None) -> tzinfo:
    known = zone_name(name)
    return ZoneInfo(known) if known else UTC


def checkin_due(
    when: date | str, now: float, fallback_delay: float, tz: str | None = None
) -> float | None:
    """When to check in before the next step on `when`: 09:00 the day before in the user's
    time zone (UTC when unknown); within the hour when that has passed but the day before
    has not; None when the next step is too close for a check-in before its day."""
    if when == UNKNOWN or isinstance(when, str):
        return now + fallback_delay
    local = zone(tz)
    day_before = datetime(when.year, when.month, when.day, CHECKIN_HOUR, tzinfo=local) - timedelta(
        days=1
    )
    if day_before.timestamp() > now:
        return day_before.timestamp()
    soon = now + 3600
    if datetime.fromtimestamp(soon, local).date() < when:
        return soon
    return None


def local_time(ts: float, tz: str | None) -> datetime:
    return datetime.fromtimestamp(ts, zone(tz))


def format_date(d: date, loc: Locale) -> str:
    weekday = loc.dates["weekdays"][d.weekday()].capitalize()
    month = loc.dates["months"][d.month - 1].capitalize()
    return fill(
        loc.msg("date_format"),
        {"weekday": weekday, "day": str(d.day), "month": month, "year": str(d.year)},
    )


def format_delay(seconds: float, loc: Locale) -> str:
    if seconds >= 2 * 86400 and seconds % 86400 == 0:
        return fill(loc.msg("delay_days"), {"n": str(int(seconds // 86400))})
    if seconds == 86400:
        return loc.msg("delay_day")
    if seconds >= 7200:
        return fill(loc.msg("delay_hours"), {"n": str(round(seconds / 3600))})
    if seconds >= 3600:
        return loc.msg("delay_hour")
    return fill(loc.msg("delay_minutes"), {"n": str(max(1, round(seconds / 60)))})
