"""A question, a card or a draft as the `Outbound` an adapter shows. Pure: reads the turn."""

from __future__ import annotations

from datetime import date

from .. import choice_ids as ids
from .. import dates
from ..dialogs import Node, variant
from ..drafts import compose, criticism, note_kind
from ..models import Button, Destination, FormField, Outbound, Recommendation
from ..text import fill
from . import fields, forms
from .advice import recommendation_for
from .turn import CONFIRM, FORGET, Ask, Turn


def render(turn: Turn, ask: Ask, version: int, *, with_choices: bool = True) -> list[Outbound]:
    out = [Outbound(text=ask.prefix, kind="info", to=turn.to)] if ask.prefix else []
    if ask.node == FORGET:
        out.append(forget_question(turn, version))
        return out
    if ask.node == CONFIRM:
        from . import story  # story renders its own question (and uses navigate)

        out.append(story.render(turn, version))
        return out
    node = turn.d.nodes[ask.node]
    if node.type == "recommend":
        rec = recommendation_for(turn)
        choices = buttons(turn, node, version) if with_choices else []
        out.append(
            Outbound(
                text=card_text(turn, node, rec),
                kind="recommendation",
                to=turn.to,
                recommendation=rec,
                choices=choices,
            )
        )
    elif node.type == "draft":
        out.append(draft_message(turn, node, with_choices=with_choices, version=version))
    elif node.type == "end":
        out.append(Outbound(text=node_text(turn, node), kind="info", to=turn.to))
    else:
        out.append(
            Outbound(
                text=node_text(turn, node),
                kind="question",
                to=turn.to,
                choices=buttons(turn, node, version) if with_choices else [],
                multi=node.type == "checklist",
                compact=node.compact,
                edit=ask.edit,
                form=form(turn, node),
            )
        )
    return out


def forget_question(turn: Turn, version: int) -> Outbound:
    yes = Button(
        id=ids.encode(FORGET, ids.YES, version), label=turn.msg("forget_yes"), style="danger"
    )
    no = Button(id=ids.encode(FORGET, ids.NO, version), label=turn.msg("forget_no"))
    return Outbound(text=turn.msg("forget_confirm"), kind="question", to=turn.to, choices=[yes, no])


def buttons(turn: Turn, node: Node, version: int) -> list[Button]:
    labels = turn.loc.nodes[node.id].choices
    if node.type == "checklist":
        ticked = set(turn.ticked.get(node.id, ()))
        items = [
            Button(
                id=ids.encode(node.id, o.id, version), label=labels[o.id], selected=o.id in ticked
            )
            for o in node.options
        ]
        done = Button(
            id=ids.encode(node.id, ids.DONE, version), label=turn.msg("done"), style="primary"
        )
        explain = Button(id=ids.encode(node.id, ids.EXPLAIN, version), label=turn.msg("explain"))
        return [*items, done, explain]
    if node.type == "text":
        return [Button(id=ids.encode(node.id, ids.SKIP, version), label=turn.msg("skip"))]
    return [
        Button(id=ids.encode(node.id, o, version), label=labels[o]) for o in turn.available(node)
    ]


def answered(turn: Turn, node: Node, label: str) -> Outbound:
    """The clicked message as it should now read: no buttons, the answer ticked."""
    chosen = "\n" + turn.msg("chosen", label=label)
    if node.type in ("recommend", "draft"):  # keep the card or the draft, drop the buttons
        shown = render(turn, Ask(node.id), version=0, with_choices=False)[-1]
        return shown.model_copy(
            update={"text": shown.text + chosen, "edit": True, "to": Destination.HERE}
        )
    return Outbound(
        text=node_text(turn, node) + chosen, kind="question", to=Destination.HERE, edit=True
    )


def draft_message(turn: Turn, node: Node, *, with_choices: bool, version: int = 0) -> Outbound:
    kind = note_kind(turn.d, turn.answers, node.kind or "auto")
    view = turn.drafts.latest.get(kind) or compose(turn.d, kind, turn.facts, turn.loc, 0)
    text = node_text(turn, node, draft_version=str(view.number or view.version))
    choices = buttons(turn, node, version) if with_choices else []
    return Outbound(text=text, kind="draft", to=Destination.DM, draft=view, choices=choices)


def form(turn: Turn, node: Node) -> list[FormField]:
    """The questions that may be answered at once with this one (a Slack or Discord modal)."""
    return forms.form_fields(turn, node)


def card_text(turn: Turn, node: Node, rec: Recommendation) -> str:
    none = turn.msg("nothing_listed")
    lines = [
        node_text(turn, node),
        "",
        turn.msg("recommendation_heading", title=rec.title),
        rec.summary,
        "",
        f"{turn.msg('against_heading')}: {'; '.join(rec.against) or none}",
        f"{turn.msg('for_heading')}: {'; '.join(rec.for_) or none}",
        "",
        f"{turn.msg('reasons_heading')}:",
        *[f"• {r.text} [{', '.join(r.cites)}]" for r in rec.reasons],
    ]
    return "\n".join(lines)


def node_text(turn: Turn, node: Node, **extra: str) -> str:
    """The node's text, or the variant whose condition holds (dialogs/flow.yaml)."""
    nt = turn.loc.nodes[node.id]
    key = variant(node.variants, turn.facts) if node.variants else None
    text = nt.variants[key] if key else nt.text
    return fill(text, values(turn, text) | extra) if "{" in text else text


def _tone_check_values(turn: Turn) -> dict[str, str]:
    """The tone check's words: the part of the reason that reads as criticism, and the
    neutral wordings offered instead (in the note's tone)."""
    tone = str(turn.facts.get(turn.d.notes.tone) or "neutral")
    v = {f"wording_{k}": w.get(tone, "") for k, w in turn.loc.draft_words.wordings.items()}
    for node in turn.d.nodes.values():
        said = turn.answers.get(node.answer or "") if node.tone_check else None
        if isinstance(said, str) and said:
            v["tone_flagged"] = criticism(said, fields.tone_rules(turn.d)) or said
    return v


def values(turn: Turn, text: str = "") -> dict[str, str]:
    """What node texts may mention in braces: any answer (a skipped one reads as its draft
    placeholder), and the few things the engine works out."""
    loc = turn.loc
    v = dict(loc.draft_words.placeholders)
    v.update({k: str(a) for k, a in turn.answers.items() if isinstance(a, str) and a})
    if "{tone_flagged}" in text or "{wording_" in text:
        v.update(_tone_check_values(turn))
    delay = dates.format_delay(turn.cfg.reminder_delay, loc)
    v["reminder_when"] = turn.msg("reminder_tomorrow", delay=delay)
    iso, due = turn.timers.checkin_date, turn.timers.checkin_due
    if iso:
        day = dates.format_date(date.fromisoformat(iso), loc)
        v["next_step_date"] = day
        v["checkin_reason"] = turn.msg("checkin_reason_date", date=day)
        if due is not None:
            at = dates.local_time(due, turn.timezone)
            zone = turn.timezone or "UTC"
            when = dates.format_date(at.date(), loc)
            v["checkin_when"] = turn.msg(
                "checkin_on", day=when, time=at.strftime("%H:%M"), zone=zone, date=day
            )
        else:
            v["checkin_when"] = ""
    else:
        v["checkin_when"] = turn.msg("checkin_in", delay=delay)
        v["checkin_reason"] = turn.msg("checkin_reason_none")
    return v
