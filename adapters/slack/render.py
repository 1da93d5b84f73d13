"""Block Kit for the engine's messages: pure functions, no I/O, no coaching logic.

Every piece of text that reaches Slack passes through `escape` (or `fit`/`chunks`, which
escape): user-typed slots end up inside questions and drafts, and `&`, `<` and `>` are the
only characters Slack's formatting acts on, so nothing a user types can ping a channel or a
person, or become a link. `link_names` is never set anywhere.

Slack's limits are respected here: 50 blocks a message (100 in a Home tab), 3,000
characters a section, 2,000 a field, 150 a header, 75 a button label, 25 elements an
actions block. Choice ids travel unescaped in a button's `value` (it is never shown), and
every button gets an `action_id` "c:<n>", unique within its message or view.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from typing import Any

from bot.choice_ids import FORM, SET, ChoiceId, encode
from bot.labels import Labels
from bot.models import Button, Outbound, Reason

MAX_BLOCKS = 50
MAX_HOME_BLOCKS = 100
SECTION = 3000
FIELD = 2000
CONTEXT = 2000
HEADER = 150
BUTTON = 75
VALUE = 2000
ACTIONS = 25
CHECKBOXES = 10  # options in one checkboxes element
FALLBACK = 3000  # the notification text beside the blocks
ACTION_ID = "c:{}"
FORM_ACTION = "open_form"  # the button that opens a question's form as a modal (forms.py)
_ENTITY = ("&amp;", "&lt;", "&gt;")
Block = dict[str, Any]


# ---------------------------------------------------------------------- text


def escape(text: str) -> str:
    """Slack's three control characters as entities: the whole of Slack's escaping."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def fit(text: str, limit: int) -> str:
    """`text` escaped, cut to at most `limit` characters (never inside an entity)."""
    out = escape(text)
    if len(out) <= limit:
        return out
    kept, size = [], 0
    for ch in text:
        e = escape(ch)
        if size + len(e) > limit - 1:
            break
        kept.append(e)
        size += len(e)
    return "".join(kept).rstrip() + "…"


def chunks(text: str, limit: int = SECTION) -> list[str]:
    """`text` escaped and split at line breaks into pieces of at most `limit` characters."""
    if not text.strip():
        return []
    result: list[str] = []
    lines: list[str] = []
    size = -1
    for line in text.split("\n"):
        for piece in _split_escaped(escape(line), limit):
            if lines and size + 1 + len(piece) > limit:
                result.append("\n".join(lines))
                lines, size = [], -1
            lines.append(piece)
            size += 1 + len(piece)
    if lines:
        result.append("\n".join(lines))
    return [c for c in result if c.strip()]


def _split_escaped(line: str, limit: int) -> Iterator[str]:
    """An escaped line in pieces of at most `limit`, preferring spaces, never splitting `&lt;`."""
    while len(line) > limit:
        cut = limit
        amp = line.rfind("&", max(0, cut - 4), cut)
        if amp != -1 and any(line.startswith(e, amp) and amp + len(e) > cut for e in _ENTITY):
            cut = amp
        space = line.rfind(" ", limit // 2, cut)
        if space > 0:
            cut = space
        yield line[:cut]
        line = line[cut:].lstrip(" ")
    yield line


# ---------------------------------------------------------------------- labels


# ---------------------------------------------------------------------- blocks


def section(mrkdwn: str) -> Block:
    """A section holding already escaped mrkdwn (at most SECTION characters)."""
    return {"type": "section", "text": {"type": "mrkdwn", "text": mrkdwn}}


def sections(text: str) -> list[Block]:
    return [section(c) for c in chunks(text)]


def context(mrkdwn: str) -> Block:
    return {"type": "context", "elements": [{"type": "mrkdwn", "text": mrkdwn}]}


def plain(text: str, limit: int) -> dict[str, Any]:
    return {"type": "plain_text", "text": fit(text, limit), "emoji": True}


def button(n: int, choice: Button) -> Block:
    label = choice.label
    if choice.selected is not None:  # a checklist item: its tick shows on the button
        label = ("☑ " if choice.selected else "☐ ") + label
    b: Block = {
        "type": "button",
        "action_id": ACTION_ID.format(n),
        "text": plain(label, BUTTON),
        "value": choice.id[:VALUE],
    }
    style = "primary" if choice.selected else choice.style
    if style in ("primary", "danger"):
        b["style"] = style
    return b


def buttons(choices: Sequence[Button], first: int = 0) -> list[Block]:
    """Actions blocks: checklist items in their own rows, then the other buttons."""
    numbered = list(enumerate(choices, first))
    groups = [
        [nc for nc in numbered if nc[1].selected is not None],
        [nc for nc in numbered if nc[1].selected is None],
    ]
    blocks: list[Block] = []
    for group in groups:
        for i in range(0, len(group), ACTIONS):
            blocks.append(
                {"type": "actions", "elements": [button(n, c) for n, c in group[i : i + ACTIONS]]}
            )
    return blocks


def _bullets(items: Sequence[str], empty: str) -> str:
    return "\n".join(f"• {x}" for x in items) if items else empty


def _field(label: str, items: Sequence[str], empty: str) -> str:
    head = f"*{fit(label, 200)}*\n"
    return head + fit(_bullets(items, empty), FIELD - len(head))


def recommendation_blocks(o: Outbound, labels: Labels) -> list[Block]:
    """The coach's view as a card: title, summary, what weighed each way, reasons + sources."""
    rec = o.recommendation
    assert rec is not None
    heading = labels.heading.replace("{title}", rec.title)
    intro = o.text.split(heading)[0] if heading in o.text else o.text.split("\n\n")[0]
    blocks = sections(intro.strip())
    blocks.append({"type": "header", "text": plain(rec.title, HEADER)})
    blocks += sections(rec.summary)
    fields = [
        _field(labels.against, rec.against, labels.nothing),
        _field(labels.for_, rec.for_, labels.nothing),
    ]
    blocks.append({"type": "section", "fields": [{"type": "mrkdwn", "text": f} for f in fields]})
    if rec.reasons:
        blocks.append(section(f"*{fit(labels.reasons, 200)}*"))
    for r in rec.reasons:
        blocks += sections(f"• {r.text}")
        cites = ", ".join(r.cites)
        where = f"{cites} · {labels.sources}: {'; '.join(r.sources)}" if r.sources else cites
        if where:
            blocks.append(context(fit(where, CONTEXT)))
    return blocks + sections(_after_reasons(o.text, rec.reasons))


def _after_reasons(text: str, reasons: Sequence[Reason]) -> str:
    """What follows the reasons in the engine's text (the chosen answer, once clicked)."""
    if not reasons:
        return ""
    last = reasons[-1]
    line = f"• {last.text} [{', '.join(last.cites)}]"
    at = text.rfind(line)
    return text[at + len(line) :].strip() if at != -1 else ""


def draft_blocks(o: Outbound, labels: Labels) -> list[Block]:
    """The note as copyable code blocks under its subject (or, for a script, its title)."""
    d = o.draft
    assert d is not None
    blocks = sections(o.text)
    if d.is_script:
        blocks.append(section(f"*{fit(d.subject, SECTION - 2)}*"))
        blocks.append(context(fit(labels.script, CONTEXT)))
    else:
        blocks.append(section(f"*{fit(labels.subject, 200)}:* {fit(d.subject, SECTION - 210)}"))
    for piece in chunks(d.body, SECTION - 8):
        blocks.append(section(f"```\n{piece}\n```"))
    return blocks


def checkboxes(items: Sequence[Button], n: int) -> Block:
    """A compact checklist as one `checkboxes` element. Its block_id is the engine's "set"
    id for the checklist (`node:_set:version`), so a change sends the whole ticked set."""
    first = ChoiceId.parse(items[0].id)
    assert first is not None
    options = [{"text": plain(c.label, BUTTON), "value": c.id[:VALUE]} for c in items]
    element: Block = {"type": "checkboxes", "action_id": ACTION_ID.format(n), "options": options}
    ticked = [opt for opt, c in zip(options, items, strict=True) if c.selected]
    if ticked:
        element["initial_options"] = ticked
    return {
        "type": "actions",
        "block_id": encode(first.node, SET, first.version),
        "elements": [element],
    }


def controls(o: Outbound, first: int = 0) -> list[Block]:
    """The message's buttons; a compact checklist of up to 10 items as checkboxes."""
    items = [c for c in o.choices if c.selected is not None]
    if not (o.multi and o.compact and 0 < len(items) <= CHECKBOXES):
        return buttons(o.choices, first)
    rest = [c for c in o.choices if c.selected is None]
    return [checkboxes(items, first), *buttons(rest, first + len(items))]


def form_button(o: Outbound, labels: Labels) -> list[Block]:
    """For a question that starts a form: one button that opens it as a modal. Its value
    names the form (`node:_form:version`); the fields are asked of the engine on the click."""
    parsed = ChoiceId.parse(o.choices[0].id) if o.form and o.choices else None
    if parsed is None:
        return []
    button: Block = {
        "type": "button",
        "action_id": FORM_ACTION,
        "text": plain(labels.form_open, BUTTON),
        "value": encode(parsed.node, FORM, parsed.version),
        "style": "primary",
    }
    return [{"type": "actions", "elements": [button]}]


def message_blocks(
    o: Outbound, labels: Labels, first_action: int = 0, limit: int = MAX_BLOCKS
) -> list[Block]:
    if o.recommendation is not None:
        content = recommendation_blocks(o, labels)
    elif o.draft is not None:
        content = draft_blocks(o, labels)
    else:
        content = sections(o.text)
    actions = form_button(o, labels) + controls(o, first_action)
    room = limit - len(actions)
    if len(content) > room:  # never in practice; still never more than Slack takes
        content = [*content[: room - 1], context("…")]
    return content + actions


def fallback(o: Outbound) -> str:
    """The notification text Slack shows beside the blocks (and where blocks are not shown)."""
    text = (
        o.text.strip()
        or (o.draft.subject if o.draft else "")
        or (o.recommendation.title if o.recommendation else "")
    )
    return fit(text or "…", FALLBACK)


def message(o: Outbound, labels: Labels) -> dict[str, Any]:
    """chat.postMessage / chat.update / response_url arguments for one Outbound."""
    return {"text": fallback(o), "blocks": message_blocks(o, labels)}


def home_view(outbounds: Sequence[Outbound], labels: Labels) -> dict[str, Any]:
    """The App Home tab: the engine's overview messages, one after another."""
    blocks: list[Block] = []
    n = 0
    for o in outbounds:
        if blocks:
            blocks.append({"type": "divider"})
        room = MAX_HOME_BLOCKS - len(blocks)
        if room < 2:
            break
        blocks += message_blocks(o, labels, first_action=n, limit=room)
        n += len(o.choices)
    return {"type": "home", "blocks": blocks}


# ---------------------------------------------------------------------- from Slack


_MARKUP = re.compile(r"<([^<>]*)>")


def from_slack(text: str) -> str:
    """What the user typed, from Slack's message markup: mentions and links become plain text.

    Slack sends `&`, `<`, `>` typed by a user as entities and a mention as `<@U123>` or
    `<!channel>`; the engine gets the plain text (`@U123`, `@channel`), which is escaped
    again on the way out, so it can never turn back into a mention.
    """

    def plain_text(m: re.Match[str]) -> str:
        target, _, label = m.group(1).partition("|")
        if target.startswith(("@", "#")):
            return target[0] + (label.lstrip("@#") or target[1:])
        if target.startswith("!"):
            return label or "@" + target[1:].split("^")[0]
        if label:
            return label
        return target.removeprefix("mailto:")

    return (
        _MARKUP.sub(plain_text, text)
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
    )
