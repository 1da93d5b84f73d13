"""The tables the note composer reads, compiled once at load: dialogs/names.yaml (how typed
names, roles and referrals are read, in any language) and the `salutations`, `slots`,
`tone_check` ... sections of each <locale>/drafts.yaml (how they are written).

Only the shape is checked here; what the composer makes of them is bot/drafts/.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from ..text import normalise

TONES = ("neutral", "warm", "formal")
# What a salutation line may need, besides the address ids of the `draft_address` question.
SALUTATION_KEYS = ("given", "titled", "name", "unknown")


@dataclass(frozen=True)
class NameTables:
    """dialogs/names.yaml: how the bot reads typed names, roles and referrals."""

    honorifics: Mapping[str, str] = field(default_factory=dict)  # typed word -> address id
    titles: Mapping[str, str] = field(default_factory=dict)  # typed word -> title id
    title_rank: tuple[str, ...] = ()
    title_parts: frozenset[str] = frozenset()
    suffixes: frozenset[str] = frozenset()
    particles: frozenset[str] = frozenset()
    role_prefixes: tuple[str, ...] = ()
    role_suffixes: tuple[str, ...] = ()
    lead_ins: tuple[str, ...] = ()
    stops: frozenset[str] = frozenset()
    fillers: tuple[str, ...] = ()
    line_max: int = 90


@dataclass(frozen=True)
class SlotSpec:
    """How one slot position reads: `given` (with the answer in braces) or `skipped`."""

    source: str
    given: str
    skipped: str


@dataclass(frozen=True)
class ToneRules:
    """What makes a reason read as criticism (G28): words on their own, and words that
    criticise when negated ("not an appropriate question", "nicht professionell")."""

    words: tuple[str, ...] = ()
    negations: tuple[str, ...] = ()
    negated: tuple[str, ...] = ()
    gap: int = 2


@dataclass(frozen=True)
class DraftWords:
    """One language's way of writing the slots of a note."""

    ask_address: bool = False
    salutations: Mapping[str, tuple[tuple[str, str], ...]] = field(default_factory=dict)
    titles: Mapping[str, str] = field(default_factory=dict)  # title id -> as written
    all_titles: bool = False  # "Prof. Dr." (German) or only the highest ("Professor")
    slots: Mapping[str, SlotSpec] = field(default_factory=dict)
    slot_words: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    # The article a company takes in the sentences' case ("bei der Contoso GmbH"): by its
    # legal form, and for an article typed with it ("die Post" -> "bei der Post").
    legal_forms: Mapping[str, str] = field(default_factory=dict)
    typed_articles: Mapping[str, str] = field(default_factory=dict)
    tone: ToneRules = field(default_factory=ToneRules)
    wordings: Mapping[str, Mapping[str, str]] = field(default_factory=dict)  # id -> tone -> text
    placeholders: Mapping[str, str] = field(default_factory=dict)


def _words(raw: Any) -> tuple[str, ...]:
    return tuple(normalise(str(w)) for w in raw or [])


def load_names(
    raw: Mapping[str, Any], addresses: frozenset[str], problems: list[str]
) -> NameTables:
    """names.yaml, checked against the ids of the form-of-address question."""
    honorifics: dict[str, str] = {}
    for address, words in (raw.get("honorifics") or {}).items():
        if str(address) not in addresses:
            problems.append(
                f"names.yaml: honorifics: '{address}' is not a choice of the address question"
                f" (it has {', '.join(sorted(addresses)) or 'none'})"
            )
        honorifics.update({w: str(address) for w in _words(words)})
    titles: dict[str, str] = {}
    for tid, words in (raw.get("titles") or {}).items():
        titles.update({w: str(tid) for w in _words(words)})
    return NameTables(
        honorifics=honorifics,
        titles=titles,
        title_rank=tuple(str(t) for t in raw.get("titles") or {}),
        title_parts=frozenset(_words(raw.get("title_parts"))),
        suffixes=frozenset(_words(raw.get("suffixes"))),
        particles=frozenset(_words(raw.get("particles"))),
        role_prefixes=tuple(sorted(_words(raw.get("role_prefixes")), key=len, reverse=True)),
        role_suffixes=tuple(sorted(_words(raw.get("role_suffixes")), key=len, reverse=True)),
        lead_ins=tuple(sorted(_words(raw.get("referral_lead_ins")), key=len, reverse=True)),
        stops=frozenset(_words(raw.get("referral_stops"))),
        fillers=tuple(sorted(_words(raw.get("referral_fillers")), key=len, reverse=True)),
        line_max=int(raw.get("referral_line_max") or 90),
    )


def load_draft_words(
    code: str,
    raw: Mapping[str, Any],
    answers: Mapping[str, object],
    addresses: frozenset[str],
    title_ids: tuple[str, ...],
    problems: list[str],
) -> DraftWords:
    """The `salutations`, `titles`, `slots`, `tone_check` ... of <code>/drafts.yaml."""
    where = f"{code}/drafts.yaml"
    tone = raw.get("tone_check") or {}
    return DraftWords(
        ask_address=bool(raw.get("ask_address")),
        salutations=_salutations(where, raw.get("salutations"), addresses, problems),
        titles=_titles(where, raw.get("titles"), title_ids, problems),
        all_titles=bool(raw.get("all_titles")),
        slots=_slots(where, raw.get("slots"), answers, problems),
        slot_words={
            str(k): {str(a): str(b) for a, b in v.items()}
            for k, v in (raw.get("slot_words") or {}).items()
        },
        legal_forms={
            normalise(str(k)): str(v)
            for k, v in ((raw.get("company") or {}).get("legal_forms") or {}).items()
        },
        typed_articles={
            normalise(str(k)): str(v)
            for k, v in ((raw.get("company") or {}).get("articles") or {}).items()
        },
        tone=ToneRules(
            words=_words(tone.get("words")),
            negations=_words(tone.get("negations")),
            negated=_words(tone.get("negated")),
            gap=int(tone.get("gap") or 2),
        ),
        wordings=_wordings(where, raw.get("reason_wordings"), problems),
        placeholders={str(k): str(v) for k, v in (raw.get("placeholders") or {}).items()},
    )


def _salutations(
    where: str, raw: Any, addresses: frozenset[str], problems: list[str]
) -> dict[str, tuple[tuple[str, str], ...]]:
    out: dict[str, tuple[tuple[str, str], ...]] = {}
    allowed = set(SALUTATION_KEYS) | addresses
    for tone in TONES:
        lines = (raw or {}).get(tone)
        if not isinstance(lines, dict) or "unknown" not in lines:
            problems.append(f"{where}: salutations.{tone} needs at least an `unknown` line")
            continue
        problems.extend(
            f"{where}: salutations.{tone}: '{k}' is none of {', '.join(sorted(allowed))}"
            for k in lines
            if str(k) not in allowed
        )
        out[tone] = tuple((str(k), str(v)) for k, v in lines.items())
    return out


def _titles(where: str, raw: Any, ids: tuple[str, ...], problems: list[str]) -> dict[str, str]:
    written = {str(k): str(v) for k, v in (raw or {}).items()}
    problems.extend(
        f"{where}: titles: how to write '{t}' (names.yaml) is missing"
        for t in ids
        if t not in written
    )
    return written


def _slots(
    where: str, raw: Any, answers: Mapping[str, object], problems: list[str]
) -> dict[str, SlotSpec]:
    out: dict[str, SlotSpec] = {}
    for name, spec in (raw or {}).items():
        if not isinstance(spec, dict) or not {"from", "given", "skipped"} <= set(spec):
            problems.append(f"{where}: slots.{name} needs `from`, `given` and `skipped`")
            continue
        if str(spec["from"]) not in answers:
            problems.append(f"{where}: slots.{name}: '{spec['from']}' is not an answer of the flow")
        out[str(name)] = SlotSpec(str(spec["from"]), str(spec["given"]), str(spec["skipped"]))
    return out


def _wordings(where: str, raw: Any, problems: list[str]) -> dict[str, dict[str, str]]:
    out: dict[str, dict[str, str]] = {}
    for wid, by_tone in (raw or {}).items():
        if not isinstance(by_tone, dict) or set(by_tone) != set(TONES):
            problems.append(f"{where}: reason_wordings.{wid} needs exactly {', '.join(TONES)}")
            continue
        out[str(wid)] = {str(k): str(v) for k, v in by_tone.items()}
    return out
