"""The console's compact form, in-process: a question that starts a form says how to type
its details on one line, and the draft's labels are in the conversation's language."""

from __future__ import annotations

import io

from adapters.console import ConsoleChat
from bot.engine import Engine

TO_THE_DETAILS = [
    "3", "2", "5", "done", "no", "yes", "3", "done", "1", "2",  # to the coach's view
    "1", "1 2 3 4", "done",  # agree, the SURE test
    "1", "ja", "1", "2", "2",  # draft my note: door, no referral, no other roles, brief
]  # fmt: skip


async def chat(engine: Engine, lines: list[str], locale: str) -> str:
    out = io.StringIO()
    console = ConsoleChat(
        engine, "ada", stdin=io.StringIO("\n".join(lines) + "\n"), stdout=out, locale=locale
    )
    assert await console.run() == 0
    return out.getvalue()


async def test_the_details_on_one_line_and_a_german_draft_says_betreff(engine: Engine) -> None:
    shown = await chat(
        engine, [*TO_THE_DETAILS, "Frau Kerstin Vogel; Contoso GmbH; Data Analyst; Sam"], "de"
    )
    assert (
        "Oder alles auf einmal, getrennt durch Semikolons: Name der Ansprechperson; Unternehmen; Stelle; Ihr Name (für die Unterschrift)"
        in shown
    )
    assert "Betreff: Rückzug meiner Bewerbung für die Stelle als Data Analyst" in shown
    assert "Subject" not in shown and "[Direktnachricht]" in shown
    assert "(Version 1)" in shown and "Guten Tag Frau Vogel," in shown


async def test_typed_one_by_one_in_english(engine: Engine) -> None:
    details = ["Priya Raman", "Initech", "Data Analyst", "Sam Ortiz"]
    shown = await chat(engine, [*TO_THE_DETAILS[:-4], "yes", "1", "2", "2", *details], "en")
    assert "Or all at once, separated by semicolons: Recipient's name; Company; Role" in shown
    assert "Subject: Withdrawing my application for the Data Analyst role" in shown
    assert "Dear Priya," in shown and "[direct message]" in shown
