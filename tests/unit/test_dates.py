"""Reading "when is your next step?" in both languages."""

from __future__ import annotations

from datetime import date

import pytest

from bot.dates import UNKNOWN, BadDate, parse_when
from bot.dialogs import Dialogs

TODAY = date(2026, 12, 2)  # a Wednesday


@pytest.mark.parametrize(
    ("code", "text", "expected"),
    [
        ("en", "2026-12-18", date(2026, 12, 18)),
        ("en", "next Tuesday", date(2026, 12, 8)),
        ("en", "friday", date(2026, 12, 4)),
        ("en", "in 3 days", date(2026, 12, 5)),
        ("en", "in 2 weeks", date(2026, 12, 16)),
        ("en", "tomorrow", date(2026, 12, 3)),
        ("en", "18 December", date(2026, 12, 18)),
        ("en", "Jan 5", date(2027, 1, 5)),
        ("en", "don't know", UNKNOWN),
        ("de", "nächsten Dienstag", date(2026, 12, 8)),
        ("de", "in 3 Tagen", date(2026, 12, 5)),
        ("de", "morgen", date(2026, 12, 3)),
        ("de", "18.12.2026", date(2026, 12, 18)),
        ("de", "18. Dezember", date(2026, 12, 18)),
        ("de", "weiß nicht", UNKNOWN),
    ],
)
def test_dates_in_both_languages(dialogs: Dialogs, code: str, text: str, expected: object) -> None:
    assert parse_when(text, dialogs.locales[code], TODAY) == expected


@pytest.mark.parametrize(
    "text",
    ["yesterday", "2020-01-01", "31.02.2027", "whenever", "in 900 days", "übermorgen vielleicht"],
)
def test_unreadable_or_past_dates_are_refused(dialogs: Dialogs, text: str) -> None:
    with pytest.raises(BadDate):
        parse_when(text, dialogs.locales["de" if "ü" in text else "en"], TODAY)
