"""Block Kit rendering: escaping, Slack's limits, and reading Slack's markup back."""

from __future__ import annotations

import dataclasses
import json
import re

import pytest

from adapters.slack import render
from bot.dialogs import load as load_dialogs
from bot.labels import Labels
from bot.models import Button as Choice
from bot.models import DraftView, Outbound, Reason, Recommendation

LABELS = Labels.of(load_dialogs().locale("en"))
HOSTILE = "<!channel> & <@U123> <https://evil.example|click> &amp; >"
_BARE_AMP = re.compile(r"&(?!amp;|lt;|gt;)")


def all_texts(obj: object) -> list[str]:
    if isinstance(obj, dict):
        return [v for k, v in obj.items() if k == "text" and isinstance(v, str)] + [
            t for k, v in obj.items() if k != "text" or not isinstance(v, str) for t in all_texts(v)
        ]
    if isinstance(obj, list):
        return [t for v in obj for t in all_texts(v)]
    return []


def assert_safe(payload: object) -> None:
    for t in all_texts(payload):
        assert "<" not in t and ">" not in t and not _BARE_AMP.search(t), t


def test_escape_and_fit_never_split_an_entity() -> None:
    assert (
        render.escape(HOSTILE)
        == "&lt;!channel&gt; &amp; &lt;@U123&gt; &lt;https://evil.example|click&gt; &amp;amp; &gt;"
    )
    for n in range(1, 40):
        cut = render.fit("<&>" * 50, n + 2)
        assert len(cut) <= n + 2 and cut.endswith("…")
        assert not re.search(r"&(?:a|am|amp|l|lt|g|gt)?…$", cut), cut
    assert render.fit("short & sweet", 75) == "short &amp; sweet"


def test_long_text_is_split_into_sections_of_at_most_3000() -> None:
    text = "\n".join(["A line with <tags> & ampersands " * 8] * 60) + "\n" + "x&" * 4000
    pieces = render.chunks(text)
    assert len(pieces) > 3 and all(len(p) <= render.SECTION for p in pieces)
    assert all(not _BARE_AMP.search(p) and "<" not in p for p in pieces)
    assert "".join(pieces).replace("\n", "").replace(" ", "") == render.escape(text).replace(
        "\n", ""
    ).replace(" ", "")


def test_a_question_with_many_long_choices_keeps_every_limit() -> None:
    choices = [Choice(id=f"node:c{i}:3", label=f"{HOSTILE} option {i} " * 5) for i in range(30)]
    o = Outbound(text=HOSTILE * 200, kind="question", choices=choices)
    payload = render.message(o, LABELS)
    assert_safe(payload)
    blocks = payload["blocks"]
    assert len(blocks) <= render.MAX_BLOCKS
    actions = [b for b in blocks if b["type"] == "actions"]
    assert all(len(a["elements"]) <= render.ACTIONS for a in actions)
    buttons = [e for a in actions for e in a["elements"]]
    assert [b["value"] for b in buttons] == [c.id for c in choices]  # ids exactly as given
    assert len({b["action_id"] for b in buttons}) == 30 and all(
        re.fullmatch(r"c:\d+", b["action_id"]) for b in buttons
    )
    assert all(len(b["text"]["text"]) <= render.BUTTON for b in buttons)
    assert all(len(b["text"]["text"]) <= render.SECTION for b in blocks if b["type"] == "section")
    assert len(payload["text"]) <= render.FALLBACK


def test_checklist_items_show_their_tick_and_controls_come_last() -> None:
    o = Outbound(
        text="Tick",
        kind="question",
        multi=True,
        choices=[
            Choice(id="s:a:1", label="A", selected=True),
            Choice(id="s:b:1", label="B", selected=False),
            Choice(id="s:_done:1", label="Done", style="primary"),
            Choice(id="s:_explain:1", label="Explain"),
        ],
    )
    items, controls = [
        b["elements"] for b in render.message(o, LABELS)["blocks"] if b["type"] == "actions"
    ]
    assert [(e["text"]["text"], e.get("style")) for e in items] == [
        ("☑ A", "primary"),
        ("☐ B", None),
    ]
    assert [(e["value"], e.get("style")) for e in controls] == [
        ("s:_done:1", "primary"),
        ("s:_explain:1", None),
    ]


def test_the_recommendation_is_a_card_within_limits() -> None:
    rec = Recommendation(
        outcome="withdraw_now",
        title="Withdraw now " + HOSTILE * 10,
        summary="Summary " + HOSTILE,
        reasons=[
            Reason(text=f"Reason {i} {HOSTILE}", cites=["G01", "G02"], sources=["A & B <guide>"])
            for i in range(60)
        ],
        against=["late & rude <people>"] * 3,
        **{"for": []},
    )
    text = (
        "Intro text\n\nMy view: "
        + rec.title
        + "\n"
        + rec.summary
        + "\n\n• Reason 59 x [G01, G02]\n✓ Agreed"
    )
    o = Outbound(
        text=text,
        kind="recommendation",
        recommendation=rec,
        choices=[Choice(id="recommend:agree:9", label="Agree")],
    )
    payload = render.message(o, LABELS)
    assert_safe(payload)
    blocks = payload["blocks"]
    assert len(blocks) <= render.MAX_BLOCKS and blocks[-1]["type"] == "actions"
    assert blocks[0]["text"]["text"] == "Intro text"
    (header,) = [b for b in blocks if b["type"] == "header"]
    assert len(header["text"]["text"]) <= render.HEADER
    (fields,) = [b["fields"] for b in blocks if b.get("fields")]
    assert fields[0]["text"].startswith(
        "*Weighed against going on*\n• late &amp; rude &lt;people&gt;"
    )
    assert fields[1]["text"] == "*Weighed for going on*\nnothing in particular"
    contexts = [b["elements"][0]["text"] for b in blocks if b["type"] == "context"]
    assert contexts[0] == "G01, G02 · Sources: A &amp; B &lt;guide&gt;"


def test_the_draft_is_a_copyable_block_with_its_revisions() -> None:
    body = ("Dear <!channel> & co,\n\n" + "word " * 400).strip()
    d = DraftView(kind="withdraw", subject="Role <x> & y", body=body, version=2)
    o = Outbound(
        text="Here is your draft (version 2).",
        kind="draft",
        draft=d,
        to="dm",
        choices=[Choice(id="draft:shorter:5", label="Shorter")],
    )
    payload = render.message(o, LABELS)
    assert_safe(payload)
    sections = [b["text"]["text"] for b in payload["blocks"] if b["type"] == "section"]
    assert sections[1] == "*Subject:* Role &lt;x&gt; &amp; y"
    assert sections[2].startswith("```\nDear &lt;!channel&gt; &amp; co,") and all(
        s.endswith("```") for s in sections[2:]
    )
    assert all(len(s) <= render.SECTION for s in sections)
    script = render.message(
        o.model_copy(update={"draft": d.model_copy(update={"is_script": True})}), LABELS
    )
    assert any(
        b["type"] == "context" and "aloud" in b["elements"][0]["text"] for b in script["blocks"]
    )


def test_home_view_numbers_buttons_across_messages_and_keeps_100_blocks() -> None:
    many = [
        Outbound(
            text=f"part {i}\n" * 3, kind="overview", choices=[Choice(id="_start", label="Continue")]
        )
        for i in range(80)
    ]
    view = render.home_view(many, LABELS)
    assert view["type"] == "home" and len(view["blocks"]) <= render.MAX_HOME_BLOCKS
    ids = [e["action_id"] for b in view["blocks"] if b["type"] == "actions" for e in b["elements"]]
    assert len(ids) == len(set(ids)) > 1
    json.dumps(view)


@pytest.mark.parametrize(
    ("slack", "plain"),
    [
        ("plain words", "plain words"),
        ("&lt;!channel&gt; &amp; &lt;@U123&gt;", "<!channel> & <@U123>"),  # typed literally
        ("<!channel> <!here> <!everyone>", "@channel @here @everyone"),  # live mentions
        ("<@U123> and <@U456|dana>", "@U123 and @dana"),
        ("<#C123|general> <#C999>", "#general #C999"),
        ("<!subteam^S123|@devs> <!date^1392734382^{date}|Feb 18>", "@devs Feb 18"),
        (
            "<https://acme.example|acme.example> <https://x.example/a?b=1&amp;c=2>",
            "acme.example https://x.example/a?b=1&c=2",
        ),
        (
            "<mailto:dana@acme.example|dana@acme.example> <mailto:x@y.example>",
            "dana@acme.example x@y.example",
        ),
        ("a &amp;lt; b", "a &lt; b"),
    ],
)
def test_from_slack_reads_markup_as_plain_text(slack: str, plain: str) -> None:
    assert render.from_slack(slack) == plain


def test_labels_come_from_the_locale_messages() -> None:
    labels = dataclasses.replace(LABELS, against="Dagegen", subject="Betreff")
    assert labels.against == "Dagegen" and labels.subject == "Betreff" and labels.reasons == "Why"
