"""The draft linter's static half: each tone is a register of its own, written as a whole in
both languages (the mixed "I am writing to inform you" beside "I've realised" cannot come
back), and any text at all typed into the details gives a note within its bounds."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.conversation.fields import read
from bot.dialogs import Dialogs, read_yaml
from bot.drafts import compose

TONES = {"neutral", "warm", "formal"}
SLOTS_ONLY = re.compile(r"^(\{\w+\})+$")
CONTRACTION = re.compile(  # "I've", "don't", "it's"; not the possessive "the team's"
    r"\w'(?:ve|re|ll|d|m)\b|n't\b|\b(?:it|that|there|here|what|who|let|he|she)'s\b", re.I
)
NOT_IN = {  # (language, tone) -> what that register never says
    ("en", "formal"): ["Hi ", "Thanks", "Warm wishes", "Best regards"],
    ("en", "neutral"): ["I am writing to inform you", "Please accept", "Yours sincerely", "Hi "],
    ("en", "warm"): ["I am writing to inform you", "Please accept", "Yours sincerely", "Dear "],
    ("de", "formal"): ["Hallo", "Viele Grüße", "Herzliche Grüße"],
    ("de", "neutral"): ["Sehr geehrte", "Hallo", "Mit freundlichen Grüßen", "Herzliche Grüße"],
    ("de", "warm"): ["Sehr geehrte", "Mit freundlichen Grüßen", "Hiermit"],
}


def _texts(dialogs: Dialogs, code: str) -> Iterator[tuple[str, bool, Any]]:
    """(where, is a script, text) for every paragraph option, wording and greeting."""
    raw = read_yaml(dialogs.root / code / "drafts.yaml")
    for kind, spec in raw["kinds"].items():
        for i, group in enumerate(spec["body"]):
            for j, option in enumerate(group):
                yield f"{kind}[{i}][{j}]", bool(spec.get("script")), option["text"]
    for wid, by_tone in raw["reason_wordings"].items():
        yield f"reason_wordings.{wid}", False, by_tone
    yield "salutations", False, {t: " ".join(v.values()) for t, v in raw["salutations"].items()}


@pytest.mark.parametrize("code", ["en", "de"])
def test_every_paragraph_is_written_once_per_tone(dialogs: Dialogs, code: str) -> None:
    for where, script, text in _texts(dialogs, code):
        if isinstance(text, dict):
            assert set(text) == TONES, f"{code} {where}: tones {sorted(text)}"
            continue
        spoken = text.lstrip("• ").startswith(('"', "„"))
        assert SLOTS_ONLY.match(text) or (script and not spoken), (
            f"{code} {where}: one text for every tone: {text!r}"
        )


@pytest.mark.parametrize("code", ["en", "de"])
def test_each_tone_keeps_to_its_register(dialogs: Dialogs, code: str) -> None:
    for where, _, text in _texts(dialogs, code):
        if not isinstance(text, dict):
            continue
        for tone, words in text.items():
            for marker in NOT_IN[(code, tone)]:
                assert marker not in words, f"{code} {where}.{tone}: {marker!r} in {words!r}"
            if code == "en" and tone == "formal":
                assert not CONTRACTION.search(words), f"{where}: a contraction: {words!r}"


def test_the_subject_label_and_versions_are_localised(dialogs: Dialogs) -> None:
    assert dialogs.locale("de").msg("draft_subject") == "Betreff"
    assert "{draft_version}" in dialogs.locale("de").nodes["draft"].text


ANY_TEXT = st.one_of(
    st.text(max_size=600),
    st.sampled_from(["", " ", "@everyone", "<!channel>", "<@U123>", "{role}", "[Name]", "a" * 900]),
)
KINDS = ["cancel", "withdraw", "decline_offer", "thank_you", "end_interview", "concern_questions"]


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    kind=st.sampled_from(KINDS),
    code=st.sampled_from(["en", "de"]),
    tone=st.sampled_from(["neutral", "warm", "formal"]),
    length=st.sampled_from(["full", "short"]),
    typed=st.fixed_dictionaries(
        {
            a: ANY_TEXT
            for a in ("recipient", "company", "role", "sender", "referral_name", "reason_text")
        }
    ),
    referral=st.sampled_from(["no", "yes", "named"]),
    reason_level=st.sampled_from(["none", "brief", "specific"]),
    keep=st.booleans(),
)
def test_any_text_typed_gives_a_note_within_its_bounds(
    dialogs: Dialogs,
    kind: str,
    code: str,
    tone: str,
    length: str,
    typed: dict[str, str],
    **rest: Any,
) -> None:
    loc = dialogs.locales[code]
    answers: dict[str, Any] = {"tone": tone, "length": length, "referral": rest["referral"]}
    answers["reason_level"] = rest["reason_level"]
    if rest["keep"]:
        answers["tone_choice"] = "keep"
    for node in dialogs.nodes.values():
        if node.form or node.tone_check:
            assert node.answer is not None
            reading = (
                read(dialogs, loc, node, typed.get(node.answer, ""))
                if node.type == "text"
                else None
            )
            if reading is not None:  # what the engine refuses is asked again, never stored
                answers |= {node.answer: reading.value, **reading.extra, **reading.flags}
    note = compose(dialogs, kind, answers, loc, 1)
    low, high = dialogs.notes.bounds(kind)
    assert low <= len(note.body) <= high and not note.body.endswith("…")
    for text in (note.subject, note.body):
        assert not re.search(r"[\x00-\x08\x0b-\x1f\x7f-\x9f{}\[\]<>]", text), text
