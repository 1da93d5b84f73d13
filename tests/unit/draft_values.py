"""Slot values for the draft linter, driven by hypothesis, each built from known parts so
the linter can say what the note must contain: the five categories of the issue (filled,
skipped, long, unicode, a name with a title or particle) for every typed slot."""

from __future__ import annotations

from dataclasses import dataclass

from hypothesis import strategies as st

CATEGORIES = ("filled", "skipped", "long", "unicode", "titled")

GIVEN = ["Priya", "Kerstin", "Sam", "Alex", "Dana", "Anna-Lena", "Jean-Luc", "Mary Ann"]
FAMILY = ["Raman", "Vogel", "Lee", "Moreno", "Schmidt-Weber", "O'Neil", "Okafor"]
UNI_FIRST = "ÁÉÖÜŁŚŽÇÑØÅÆÐÞŠČ"
UNI_REST = "áéíóöüłśžçñøåæßàèìòùðþščřěīāē" + "abcdefghijklmnoprstuvz"
# Roles in another script, so a role's title never turns up inside a generated name.
ROLE_FIRST = "АБВГДЕЖЗИКЛМНОПРСТΔΘΛΞΠΣΦΨΩ"
ROLE_REST = "абвгдежзиклмнопрстуфхцчшщэюяαβγδεζηθικλμνξοπρστυφχψω"
PARTICLES = ["van", "van der", "de la", "von", "da", "de"]
TITLES = {"Dr.": ("dr",), "Prof.": ("prof",), "Prof. Dr.": ("prof", "dr")}
HONORIFICS = {"Frau": "female", "Herr": "male", "Ms": "female", "Mr": "male", "Mx": "neutral"}
COMPANIES = ["Initech", "Globex", "Umbrella", "Stark Industries", "Hooli"]
LEGAL = ["GmbH", "AG", "SE"]
ROLES = ["Data Analyst", "Solutions Engineer", "Teamleiterin Einkauf", "Product Designer"]
ROLE_WRAPS = ["the {} position", "{} role", "Stelle als {} (m/w/d)", "die Stelle als {}"]
LINES = ["five years in enterprise sales", "seit fünf Jahren im Vertrieb", "great with clients"]
NEUTRAL_REASONS = [
    "I have accepted another offer closer to home.",
    "My family situation means I cannot relocate this year.",
    "Ich habe mich für ein Angebot in meiner Heimatstadt entschieden.",
]
CRITICAL_REASONS = [
    "They asked whether I plan to have children, which is not an appropriate question.",
    "The second round was a complete waste of time.",
    "Die Frage nach meiner Familie war nicht angemessen.",
    "The interviewers were rude and unprepared.",
]


@dataclass(frozen=True)
class TypedName:
    typed: str
    given: str = ""
    family: str = ""
    titles: tuple[str, ...] = ()
    address: str | None = None


def _unicode_word(first: str = UNI_FIRST, rest: str = UNI_REST) -> st.SearchStrategy[str]:
    return st.builds(
        lambda a, b: a + b, st.sampled_from(first), st.text(rest, min_size=2, max_size=9)
    )


@st.composite
def names(draw: st.DrawFn, category: str) -> TypedName:
    if category == "skipped":
        return TypedName("")
    if category == "unicode":
        given, family = draw(_unicode_word()), draw(_unicode_word())
    elif category == "long":
        given = "-".join(draw(st.lists(_unicode_word(), min_size=2, max_size=3)))
        family = "-".join(draw(st.lists(st.sampled_from(FAMILY), min_size=2, max_size=4)))
    else:
        given, family = draw(st.sampled_from(GIVEN)), draw(st.sampled_from(FAMILY))
    titles: tuple[str, ...] = ()
    address = None
    words = [given, family]
    if category == "titled":
        particle = draw(st.sampled_from(["", *PARTICLES]))
        family = f"{particle} {family}".strip()
        title = draw(st.sampled_from(["", *TITLES]))
        honorific = draw(st.sampled_from(["", *HONORIFICS]))
        titles, address = TITLES.get(title, ()), HONORIFICS.get(honorific)
        words = [honorific, title, given, family]
    return TypedName(" ".join(w for w in words if w), given, family, titles, address)


@st.composite
def companies(draw: st.DrawFn, category: str) -> str:
    if category == "skipped":
        return ""
    if category == "unicode":
        return f"{draw(_unicode_word())} & Söhne"
    if category == "long":
        return " ".join(draw(st.lists(st.sampled_from(COMPANIES), min_size=6, max_size=8)))[:100]
    if category == "titled":
        return f"{draw(st.sampled_from(COMPANIES))} {draw(st.sampled_from(LEGAL))}"
    return draw(st.sampled_from(COMPANIES))


@st.composite
def roles(draw: st.DrawFn, category: str) -> tuple[str, str]:
    """(typed, the role's title as the note must show it)."""
    if category == "skipped":
        return "", ""
    if category == "unicode":
        word = _unicode_word(ROLE_FIRST, ROLE_REST)
        title = f"{draw(word)} {draw(word)}"
    elif category == "long":
        title = " ".join(draw(st.lists(st.sampled_from(ROLES), min_size=3, max_size=4)))[:90]
        title = title.rsplit(" ", 1)[0] if len(title) == 90 else title
    else:
        title = draw(st.sampled_from(ROLES))
    typed = draw(st.sampled_from(ROLE_WRAPS)).format(title) if category == "titled" else title
    return typed, title


@st.composite
def referrals(draw: st.DrawFn, category: str) -> str:
    person = draw(names("filled" if category in ("skipped", "titled") else category))
    if category == "skipped":
        return ""
    line = draw(st.sampled_from(["", *LINES]))
    if category == "long":
        return f"my friend {person.typed}, {line or 'very good'} " + "and much more " * 8
    return f"{person.typed}, {line}" if line else person.typed


@st.composite
def reasons(draw: st.DrawFn, category: str) -> str:
    if category == "skipped":
        return ""
    pool = draw(st.sampled_from([NEUTRAL_REASONS, CRITICAL_REASONS]))
    if category == "long":
        return " ".join(draw(st.lists(st.sampled_from(pool), min_size=4, max_size=7)))[:500]
    return draw(st.sampled_from(pool))
