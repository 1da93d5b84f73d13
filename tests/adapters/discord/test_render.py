"""Discord rendering: pure functions, checked against Discord's limits."""

from __future__ import annotations

import dataclasses

import discord
import pytest

from adapters.discord import components, render
from bot.dialogs import Dialogs
from bot.dialogs import load as load_dialogs
from bot.labels import Labels
from bot.models import Button as Choice
from bot.models import DraftView, FormField, Outbound, Reason, Recommendation

LABELS = Labels.of(load_dialogs().locale("en"))


def payload(msg: render.Message) -> dict:
    """What discord.py would put on the wire for this message."""
    return {
        "content": msg.content,
        "embeds": [e.to_dict() for e in msg.embeds],
        "components": msg.view.to_components() if msg.view is not None else [],
    }


def assert_within_limits(msg: render.Message) -> None:
    p = payload(msg)
    assert len(p["content"]) <= render.CONTENT
    assert len(p["components"]) <= render.ROWS
    total = 0
    for e in p["embeds"]:
        assert len(e.get("title", "")) <= render.EMBED_TITLE
        assert len(e.get("description", "")) <= render.EMBED_DESCRIPTION
        for f in e.get("fields", []):
            assert len(f["value"]) <= render.EMBED_FIELD
        total += (
            len(e.get("title", ""))
            + len(e.get("description", ""))
            + sum(len(f["name"]) + len(f["value"]) for f in e.get("fields", []))
        )
    assert total <= render.EMBED_TOTAL
    for row in p["components"]:
        assert len(row["components"]) <= render.PER_ROW
        for c in row["components"]:
            assert len(c["custom_id"]) <= components.CUSTOM_ID
            if c["type"] == 2:
                assert len(c["label"]) <= components.LABEL
            else:
                assert len(c["options"]) <= components.OPTIONS


def choices(n: int, node: str = "q", version: int = 3, label: str = "Option") -> list[Choice]:
    return [Choice(id=f"{node}:c{i}:{version}", label=f"{label} {i}") for i in range(n)]


def test_a_question_is_content_and_buttons_whose_ids_are_the_choice_ids() -> None:
    o = Outbound(
        text="Where are you?",
        kind="question",
        choices=[
            Choice(id="stage:offer:3", label="Offer", style="primary"),
            Choice(id="stage:no:3", label="No", style="danger"),
        ],
    )
    [msg] = render.render(o, LABELS)
    p = payload(msg)
    assert p["content"] == "Where are you?"
    buttons = p["components"][0]["components"]
    assert [(b["custom_id"], b["label"], b["style"]) for b in buttons] == [
        ("stage:offer:3", "Offer", 1),
        ("stage:no:3", "No", 4),
    ]
    assert all(isinstance(i, components.Control) for i in msg.view.children)  # type: ignore[union-attr]
    assert msg.view is not None and msg.view.timeout is None and msg.view.is_persistent()


def test_every_send_and_edit_disables_mentions() -> None:
    [msg] = render.render(Outbound(text="@everyone <@123>"), LABELS)
    assert msg.send_kwargs()["allowed_mentions"].to_dict() == {"parse": []}
    assert msg.edit_kwargs()["allowed_mentions"].to_dict() == {"parse": []}


def test_long_text_is_split_at_line_breaks_and_the_buttons_go_on_the_last_message() -> None:
    text = "\n".join(f"line {i} " + "x" * 90 for i in range(60))  # ~6,000 characters
    messages = render.render(Outbound(text=text, choices=choices(2)), LABELS)
    assert len(messages) > 1
    assert "\n".join(m.content for m in messages) == text
    for m in messages:
        assert_within_limits(m)
    assert [m.view is not None for m in messages] == [False] * (len(messages) - 1) + [True]
    one_line = render.render(Outbound(text="y" * 4500), LABELS)
    assert "".join(m.content for m in one_line) == "y" * 4500 and all(
        len(m.content) <= 2000 for m in one_line
    )


def test_a_long_edit_fits_one_message_in_an_embed() -> None:
    msg = render.render_edit(Outbound(text="z" * 3000, edit=True), LABELS)
    assert msg.content == "" and len(msg.embeds[0].description or "") == 3000
    assert_within_limits(render.render_edit(Outbound(text="z" * 9000, edit=True), LABELS))


def test_labels_are_cut_to_80_and_rows_hold_5() -> None:
    o = Outbound(text="Pick", choices=choices(12, label="L" * 120))
    [msg] = render.render(o, LABELS)
    assert_within_limits(msg)
    p = payload(msg)
    assert [len(r["components"]) for r in p["components"]] == [5, 5, 2]
    assert p["components"][0]["components"][0]["label"].endswith("…")


def test_a_checklist_is_toggle_buttons_with_the_controls_on_their_own_row() -> None:
    items = [Choice(id=f"signals:s{i}:4", label=f"Signal {i}", selected=i == 1) for i in range(7)]
    o = Outbound(
        text="Tick",
        kind="question",
        multi=True,
        choices=[
            *items,
            Choice(id="signals:_done:4", label="Done", style="primary"),
            Choice(id="signals:_explain:4", label="What?"),
        ],
    )
    [msg] = render.render(o, LABELS)
    rows = payload(msg)["components"]
    assert [len(r["components"]) for r in rows] == [5, 2, 2]
    ticked = rows[0]["components"][1]
    assert (ticked["label"], ticked["style"]) == ("✓ Signal 1", 3)
    assert [b["custom_id"] for b in rows[2]["components"]] == [
        "signals:_done:4",
        "signals:_explain:4",
    ]


def test_too_many_choices_for_buttons_become_select_menus() -> None:
    [single] = render.render(Outbound(text="Pick", choices=choices(30)), LABELS)
    assert_within_limits(single)
    rows = payload(single)["components"]
    assert [r["components"][0]["type"] for r in rows] == [3, 3]
    assert rows[0]["components"][0]["custom_id"].startswith(components.PICK_PREFIX)
    assert [o["value"] for o in rows[0]["components"][0]["options"]][:2] == ["q:c0:3", "q:c1:3"]
    items = [Choice(id=f"m:i{i}:2", label=f"Item {i}", selected=i == 0) for i in range(24)]
    multi = Outbound(
        text="Tick",
        multi=True,
        choices=[
            *items,
            Choice(id="m:_done:2", label="Done"),
            Choice(id="m:_explain:2", label="What?"),
        ],
    )
    [msg] = render.render(multi, LABELS)
    assert_within_limits(msg)
    menu = payload(msg)["components"][0]["components"][0]
    assert (menu["custom_id"], menu["min_values"], menu["max_values"]) == ("m:_done:2", 0, 24)
    assert menu["options"][0] == {"label": "Item 0", "value": "i0", "default": True}


def test_a_form_question_offers_a_fill_in_button_first() -> None:
    form = [
        FormField(id="recipient", label="Recipient's name", max_length=100),
        FormField(id="company", label="Company", max_length=100),
    ]
    o = Outbound(
        text="Who?",
        kind="question",
        choices=[Choice(id="draft_recipient:_skip:9", label="Skip")],
        form=form,
    )
    assert render.form_id(o) == "form/draft_recipient/9"
    [msg] = render.render(o, dataclasses.replace(LABELS, form_open="Fill in all at once"))
    buttons = payload(msg)["components"][0]["components"]
    assert [(b["custom_id"], b["label"]) for b in buttons] == [
        ("form/draft_recipient/9", "Fill in all at once"),
        ("draft_recipient:_skip:9", "Skip"),
    ]
    six = [FormField(id=f"f{i}", label="F", max_length=10) for i in range(6)]
    assert render.form_id(o.model_copy(update={"form": six})) is None  # a modal takes 5


def test_the_modal_respects_discords_limits() -> None:
    fields = [
        FormField(id="reason", label="R" * 60, max_length=9000),
        FormField(id="name", label="Name", max_length=100),
    ]
    modal = components.FormModal("form/n/3", "T" * 80, fields)
    data = modal.to_dict()
    assert len(data["title"]) <= 45 and data["custom_id"] == "form/n/3"
    inputs = [c for row in data["components"] for c in row["components"]]
    assert [len(i["label"]) <= 45 for i in inputs] == [True, True]
    assert [i["max_length"] for i in inputs] == [4000, 100]
    assert [i["style"] for i in inputs] == [2, 1] and not any(i["required"] for i in inputs)


def test_form_values_reads_action_rows_and_labels() -> None:
    data = {
        "custom_id": "form/n/3",
        "components": [
            {"type": 1, "components": [{"type": 4, "custom_id": "recipient", "value": "Dana"}]},
            {"type": 18, "component": {"type": 4, "custom_id": "company", "value": "Initech"}},
        ],
    }
    assert components.form_values(data) == {"recipient": "Dana", "company": "Initech"}


def test_the_recommendation_is_an_embed_card_with_reasons_and_sources() -> None:
    rec = Recommendation(
        outcome="withdraw_now",
        title="Withdraw now",
        summary="You already know.",
        reasons=[Reason(text="You'd turn it down.", cites=["G03"], sources=["Source A"])],
        against=["Vague job description"],
        **{"for": []},
    )
    text = "What I think.\n\nMy view: Withdraw now\nYou already know.\n\n...\n• You'd turn it down. [G03]"
    [msg] = render.render(
        Outbound(
            text=text,
            kind="recommendation",
            recommendation=rec,
            choices=[Choice(id="recommend:agree:7", label="Agree")],
        ),
        LABELS,
    )
    assert msg.content == "What I think."
    e = msg.embeds[0].to_dict()
    assert e["title"] == "My view: Withdraw now"
    assert [(f["name"], f["value"]) for f in e["fields"]] == [
        ("Weighed against going on", "• Vague job description"),
        ("Weighed for going on", "*nothing in particular*"),
    ]
    assert (
        "• You'd turn it down." in e["description"]
        and "Sources: Source A (G03)" in e["description"]
    )
    answered = render.render_edit(
        Outbound(text=text + "\n✓ Agree", kind="recommendation", recommendation=rec, edit=True),
        LABELS,
    )
    assert answered.content == "What I think.\n\n✓ Agree" and answered.embeds


def test_a_huge_recommendation_still_fits() -> None:
    rec = Recommendation(
        outcome="x",
        title="T" * 300,
        summary="S" * 5000,
        reasons=[Reason(text="R" * 900, cites=["G1"], sources=["Q" * 200]) for _ in range(10)],
        against=["A" * 300] * 10,
    )
    [msg] = render.render(Outbound(text="x" * 3000, recommendation=rec), LABELS)
    assert_within_limits(msg)


def test_a_draft_is_a_copyable_code_block_that_typed_backticks_cannot_break() -> None:
    draft = DraftView(
        kind="withdraw", subject="My application", body="Dear Dana,\n```oops```\nBest", version=2
    )
    [msg] = render.render(
        Outbound(
            text="Your draft:",
            kind="draft",
            draft=draft,
            choices=[Choice(id="draft:shorter:5", label="Shorter")],
        ),
        LABELS,
    )
    assert msg.content.startswith("Your draft:\n```\nSubject: My application\n\nDear Dana,\n")
    assert msg.content.endswith("\n```") and msg.content.count("```") == 2
    script = DraftView(
        kind="end_interview", subject="What to say", body="Thank you.", version=1, is_script=True
    )
    [spoken] = render.render(Outbound(text="Say:", kind="draft", draft=script), LABELS)
    assert "What to say (to say aloud, not to send)" in spoken.content


def test_a_long_draft_is_several_code_blocks_within_the_limit() -> None:
    body = "\n".join("A sentence of the note that goes on a while." for _ in range(120))
    messages = render.render(
        Outbound(
            text="Your draft:",
            kind="draft",
            draft=DraftView(kind="k", subject="S", body=body, version=1),
            choices=choices(2),
        ),
        LABELS,
    )
    assert len(messages) > 1
    for m in messages:
        assert_within_limits(m)
        assert m.content.count("```") % 2 == 0
    assert messages[-1].view is not None


def test_an_answered_edit_keeps_the_old_buttons_disabled_with_the_choice_green() -> None:
    [question] = render.render(Outbound(text="Where?", choices=choices(3)), LABELS)
    message_components = [
        discord.ActionRow(row) for row in payload(question)["components"]
    ]  # as read back from Discord
    msg = render.render_edit(
        Outbound(text="Where?\n✓ Option 1", edit=True), LABELS, message_components, "q:c1:3"
    )
    buttons = payload(msg)["components"][0]["components"]
    assert all(b["disabled"] for b in buttons)
    assert [b["style"] for b in buttons] == [2, 3, 2]
    assert msg.content == "Where?\n✓ Option 1"


def test_labels_come_from_the_dialogs(dialogs: Dialogs) -> None:
    de = Labels.of(dialogs.locale("de"))
    assert de.against == dialogs.locale("de").msg("against_heading")
    assert de.form_open == dialogs.locale("de").msg("form_open")
    assert de.dms_closed == dialogs.locale("de").msg("discord_dms_closed")


@pytest.mark.parametrize("text", ["", "a", "a\nb", "x" * 2001, "\n".join(["y" * 1999] * 3)])
def test_split_never_loses_text_or_exceeds_the_limit(text: str) -> None:
    pieces = render.split(text, 2000)
    assert all(len(p) <= 2000 for p in pieces)
    assert "".join(pieces).replace("\n", "") == text.replace("\n", "")
