"""Reading what people type into a note's details: names, referrals, roles, companies,
and the greeting each language writes from them."""

from __future__ import annotations

import pytest

from bot.dialogs import Dialogs
from bot.drafts import Name, parse_name, read_referral, role_title, salutation
from bot.drafts.slots import company_case


@pytest.mark.parametrize(
    ("typed", "given", "family", "titles", "address"),
    [
        ("Priya Raman", "Priya", "Raman", (), None),
        ("Frau Kerstin Vogel", "Kerstin", "Vogel", (), "female"),
        ("Herr Vogel", "", "Vogel", (), "male"),
        ("Mx Sam Lee", "Sam", "Lee", (), "neutral"),
        ("Dr. Sam Lee", "Sam", "Lee", ("dr",), None),
        ("Frau Prof. Dr. med. Anna Roth", "Anna", "Roth", ("prof", "dr"), "female"),
        ("Jan van der Berg", "Jan", "van der Berg", (), None),
        ("Maria de la Cruz", "Maria", "de la Cruz", (), None),
        ("Anna-Lena Schmidt-Weber", "Anna-Lena", "Schmidt-Weber", (), None),
        ("Vogel, Kerstin", "Kerstin", "Vogel", (), None),
        ("Sam Lee, PhD", "Sam", "Lee", (), None),
        ("Sam Lee Jr.", "Sam", "Lee", (), None),
        ("kerstin vogel", "Kerstin", "Vogel", (), None),
        ("JAN VAN DER BERG", "Jan", "van der Berg", (), None),
        ("o'neil", "O'Neil", "", (), None),
        ("Priya", "Priya", "", (), None),
        ("da Silva", "", "da Silva", (), None),
        ("Kerstin Vogel - HR", "Kerstin", "Vogel", (), None),
        ("Sam Lee (recruiter)", "Sam", "Lee", (), None),
    ],
)
def test_a_typed_name_is_read_into_its_parts(
    dialogs: Dialogs, typed: str, given: str, family: str, titles: tuple[str, ...], address: str
) -> None:
    assert parse_name(typed, dialogs.names) == Name(given, family, titles, address)


@pytest.mark.parametrize(
    "typed", ["kerstin.vogel@initech.com", "call 0151 234", "www.initech.com", "a b c d e f"]
)
def test_what_is_no_name_is_refused(dialogs: Dialogs, typed: str) -> None:
    assert parse_name(typed, dialogs.names) is None


GREETINGS = [
    # typed, locale, tone, address answered -> the greeting
    ("Frau Kerstin Vogel", "de", "formal", None, "Sehr geehrte Frau Vogel,"),
    ("Kerstin Vogel", "de", "formal", "female", "Sehr geehrte Frau Vogel,"),
    ("Kerstin Vogel", "de", "formal", "male", "Sehr geehrter Herr Vogel,"),
    ("Kerstin Vogel", "de", "formal", "neutral", "Guten Tag Kerstin Vogel,"),
    ("Kerstin Vogel", "de", "formal", None, "Guten Tag Kerstin Vogel,"),
    ("Frau Dr. Kerstin Vogel", "de", "formal", None, "Sehr geehrte Frau Dr. Vogel,"),
    ("Prof. Dr. Hans Roth", "de", "formal", "male", "Sehr geehrter Herr Prof. Dr. Roth,"),
    ("Kerstin Vogel", "de", "neutral", "female", "Guten Tag Frau Vogel,"),
    ("Frau Kerstin Vogel", "de", "warm", None, "Hallo Kerstin,"),
    ("Jan van der Berg", "de", "formal", "male", "Sehr geehrter Herr van der Berg,"),
    ("", "de", "formal", None, "Guten Tag,"),
    ("Priya Raman", "en", "warm", None, "Hi Priya,"),
    ("Priya Raman", "en", "neutral", None, "Dear Priya,"),
    ("Priya Raman", "en", "formal", None, "Dear Priya Raman,"),
    ("Dr. Priya Raman", "en", "formal", None, "Dear Dr Raman,"),
    ("Prof. Dr. Priya Raman", "en", "neutral", None, "Dear Professor Raman,"),
    ("Ms Raman", "en", "formal", None, "Dear Ms Raman,"),
    ("Maria de la Cruz", "en", "formal", None, "Dear Maria de la Cruz,"),
    ("", "en", "warm", None, "Hello,"),
]


@pytest.mark.parametrize(("typed", "code", "tone", "address", "expected"), GREETINGS)
def test_the_greeting_fits_language_tone_and_form_of_address(
    dialogs: Dialogs, typed: str, code: str, tone: str, address: str | None, expected: str
) -> None:
    name = parse_name(typed, dialogs.names)
    assert name is not None
    got = salutation(name, address, tone, dialogs.locales[code].draft_words)
    assert got == expected
    assert "/r" not in got and "  " not in got


@pytest.mark.parametrize(
    ("typed", "name", "line", "rewritten"),
    [
        (
            "I'd be glad to introduce my friend Alex Moreno, she's done enterprise sales for"
            " five years, who I think could be a strong fit",
            "Alex Moreno",
            "she's done enterprise sales for five years",
            True,
        ),
        ("Alex Moreno", "Alex Moreno", "", False),
        (
            "Alex Moreno, five years in enterprise sales",
            "Alex Moreno",
            "five years in enterprise sales",
            False,
        ),
        (
            "my colleague Jan van der Berg who has ten years in logistics",
            "Jan van der Berg",
            "has ten years in logistics",
            True,
        ),
        ("alex moreno", "Alex Moreno", "", False),
        (
            "meine Kollegin Anna Schmidt, seit fünf Jahren im Vertrieb, die gut passen würde",
            "Anna Schmidt",
            "seit fünf Jahren im Vertrieb",
            True,
        ),
        ("Alex Moreno, who would be perfect", "Alex Moreno", "", True),
    ],
)
def test_a_referral_is_read_into_a_name_and_one_line(
    dialogs: Dialogs, typed: str, name: str, line: str, rewritten: bool
) -> None:
    got = read_referral(typed, dialogs.names)
    assert got is not None and (got.name, got.line, got.rewritten) == (name, line, rewritten)


def test_a_line_about_them_that_is_a_paragraph_is_left_out(dialogs: Dialogs) -> None:
    got = read_referral("Alex Moreno, " + "has done a great many things " * 6, dialogs.names)
    assert got is not None and got.name == "Alex Moreno" and got.line == "" and got.rewritten


def test_a_referral_without_a_name_is_refused(dialogs: Dialogs) -> None:
    assert (
        read_referral("someone from my old team, very good at sales and more", dialogs.names)
        is None
    )


@pytest.mark.parametrize(
    ("typed", "title"),
    [
        ("the Data Analyst position", "Data Analyst"),
        ("Solutions Engineer role", "Solutions Engineer"),
        ("Die Stelle als Teamleiterin Einkauf (m/w/d)", "Teamleiterin Einkauf"),
        ("Head of Sales", "Head of Sales"),
        ("the position", ""),  # names no role: the note says "the role"
    ],
)
def test_a_role_is_read_without_its_article_and_noun(
    dialogs: Dialogs, typed: str, title: str
) -> None:
    assert role_title(typed, dialogs.names) == title


@pytest.mark.parametrize(
    ("typed", "code", "written"),
    [
        ("Contoso GmbH", "de", "der Contoso GmbH"),
        ("Beispiel AG", "de", "der Beispiel AG"),
        ("die Post", "de", "der Post"),
        ("Initech", "de", "Initech"),
        ("Contoso GmbH", "en", "Contoso GmbH"),
    ],
)
def test_a_company_takes_the_article_its_place_needs(
    dialogs: Dialogs, typed: str, code: str, written: str
) -> None:
    assert company_case(typed, dialogs.locales[code].draft_words) == written
