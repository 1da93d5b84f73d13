"""The pure transition: a turn in, the new state, replies and effects out."""

from __future__ import annotations

from bot import choice_ids
from bot.conversation import Conversation, TurnConfig, transition
from bot.dialogs import Dialogs
from bot.models import Inbound, InboundKind, Outbound, Place, Who

NOW = 1_796_198_400.0  # Wednesday 2026-12-02 08:00 UTC
WHO = Who(platform="unit", workspace="W", user="U")
CFG = TurnConfig(reminder_delay=90)


class Walk:
    """A user's conversation driven through `transition` alone, state carried by hand."""

    def __init__(self, d: Dialogs, locale: str = "en") -> None:
        self.d, self.locale = d, locale
        self.state: Conversation | None = None
        self.replies: list[Outbound] = []
        self.now = NOW

    def send(self, kind: InboundKind, text: str = "", **kw: object) -> list[Outbound]:
        inbound = Inbound(who=WHO, kind=kind, text=text, locale=self.locale, **kw)  # type: ignore[arg-type]
        result = transition(self.state, inbound, self.d, self.now, CFG)
        if result.changed:
            self.state = result.conversation
        self.replies = result.replies
        self.effects = result.effects
        return result.replies

    def click(self, short: str) -> list[Outbound]:
        for r in reversed(self.replies):
            for b in r.choices:
                if choice_ids.choice_of(b.id) == short:
                    return self.send(InboundKind.CHOICE, b.id)
        raise AssertionError(f"{short} not offered")

    @property
    def node(self) -> str:
        assert self.state is not None
        return self.state.node


def test_the_first_turn_creates_a_conversation_at_the_first_question(dialogs: Dialogs) -> None:
    w = Walk(dialogs)
    replies = w.send(InboundKind.START)
    assert w.state is not None and w.state.version == 1 and w.node == "stage"
    assert replies[-1].kind == "question" and len(replies[-1].choices) == 4
    assert all(
        choice_ids.ChoiceId.parse(b.id) == choice_ids.ChoiceId("stage", b.id.split(":")[1], 1)
        for b in replies[-1].choices
    )


def test_the_same_input_on_the_same_state_gives_the_same_result(dialogs: Dialogs) -> None:
    w = Walk(dialogs)
    w.send(InboundKind.START)
    inbound = Inbound(who=WHO, kind=InboundKind.TEXT, text="between rounds", locale="en")
    a = transition(w.state, inbound, dialogs, NOW, CFG)
    b = transition(w.state, inbound, dialogs, NOW, CFG)
    assert a.conversation == b.conversation and [r.text for r in a.replies] == [
        r.text for r in b.replies
    ]
    assert w.state is not None and w.state.node == "stage"  # the input state is untouched


def test_ticks_live_in_typed_state_never_in_the_answers(dialogs: Dialogs) -> None:
    w = Walk(dialogs)
    w.send(InboundKind.START)
    w.click("offer")
    w.click("late")
    w.click("vague")
    assert w.state is not None and w.state.ticked == {"signals": ["late", "vague"]}
    assert "signals" not in w.state.answers and not [
        k for k in w.state.answers if k.startswith("_")
    ]
    w.click(choice_ids.DONE)
    assert w.state.answers["signals"] == ["late", "vague"] and w.state.ticked == {}


def test_an_unknown_word_changes_nothing(dialogs: Dialogs) -> None:
    w = Walk(dialogs)
    w.send(InboundKind.START)
    before = w.state
    result = transition(
        before, Inbound(who=WHO, kind=InboundKind.TEXT, text="purple elephant"), dialogs, NOW, CFG
    )
    assert not result.changed and result.conversation is before
    assert "didn't catch that" in result.replies[0].text


def test_a_stale_click_changes_nothing(dialogs: Dialogs) -> None:
    w = Walk(dialogs)
    w.send(InboundKind.START)
    old = next(b.id for b in w.replies[-1].choices)
    w.click("offer")
    result = transition(
        w.state, Inbound(who=WHO, kind=InboundKind.CHOICE, text=old), dialogs, NOW, CFG
    )
    assert not result.changed and result.replies[0].text.startswith("That question has moved on")


def test_back_restores_the_answer_it_undoes(dialogs: Dialogs) -> None:
    w = Walk(dialogs)
    w.send(InboundKind.START)
    w.click("between_rounds")
    w.click("3")
    assert w.state is not None and w.state.answers["rounds"] == "3"
    w.send(InboundKind.TEXT, "back")
    assert w.node == "rounds" and "rounds" not in w.state.answers
    assert w.state.history[-1].node == "stage"


def test_a_channel_start_points_here_and_moves_to_the_dm(dialogs: Dialogs) -> None:
    w = Walk(dialogs)
    replies = w.send(InboundKind.START, place=Place.CHANNEL)
    assert replies[0].to.value == "here" and "direct message" in replies[0].text
    assert all(r.to.value == "dm" for r in replies[1:])


def test_not_yet_sent_schedules_one_reminder_as_an_effect(dialogs: Dialogs) -> None:
    w = Walk(dialogs)
    w.send(InboundKind.START)
    for c in (
        "between_rounds",
        "2",
        choice_ids.DONE,
        "no",
        "yes",
        "mismatch",
        choice_ids.DONE,
        "short",
        "no",
        "agree",
        *("sure", "understand", "values", "support", choice_ids.DONE),  # the SURE test
        "draft_note",
    ):
        w.click(c)
    for c in ("no", "no", "no", "brief"):
        w.click(c)
    for text in ("Dana Smith", "Initech", "Data Analyst", "Robin Roe"):
        w.send(InboundKind.TEXT, text)
    assert (
        w.node == "draft"
        and w.effects.drafts
        and w.state is not None
        and w.state.drafts.version == 1
    )
    w.click("not_yet")
    assert [(s.kind, s.due_at) for s in w.effects.schedule] == [("reminder", NOW + 90)]
    assert w.state.timers.pending == ["reminder"]
