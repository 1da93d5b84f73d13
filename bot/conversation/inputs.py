"""What each kind of inbound event does: the typed line, the click, the form, the start
command and the timer. Each reads the event, then hands over to the node's step."""

from __future__ import annotations

from .. import choice_ids as ids
from ..choice_ids import ChoiceId
from ..dialogs import Node
from ..models import Destination, InboundKind, Place
from ..text import clean, normalise
from . import controls, forget, forms, navigate, story, understand
from .steps import STEPS, choice
from .turn import CONFIRM, ENGINE_NODES, FORGET, MAX_TEXT, Turn


def run(turn: Turn) -> None:
    ib = turn.inbound
    if ib.kind == InboundKind.TIMER:
        return on_timer(turn)
    if ib.kind == InboundKind.START:
        return on_start(turn, ib.text)
    if ib.kind == InboundKind.CHOICE:
        return on_choice(turn, ib.text, ib.values)
    if ib.kind == InboundKind.FORM:
        return on_form(turn, ib.fields)
    return on_text(turn, ib.text)


def on_start(turn: Turn, arg: str) -> None:
    if len(arg) > MAX_TEXT:
        return too_long(turn)
    if turn.inbound.place == Place.CHANNEL:
        turn.say(turn.msg("channel_pointer"), to=Destination.HERE)
    a = normalise(clean(arg))
    args = turn.loc.start_args
    if a.split(" ")[0] in turn.loc.control.get("language", ()):
        return controls.set_language(turn, a.partition(" ")[2], then_resume=True)
    if a in args.get("help", ()):
        turn.say(turn.msg("help"))
        return navigate.resume(turn, quiet=True)
    if a in args.get("restart", ()):
        return navigate.restart(turn)
    if a in args.get("forget", ()):
        return forget.ask(turn)
    text = clean(arg, max_length=MAX_TEXT)
    if text and a not in args.get("resume", ()) and _take_story(turn, text):
        return None
    navigate.resume(turn)


def _take_story(turn: Turn, text: str) -> bool:
    """Read `text` as a story; when it states anything, show it back to confirm (a new
    conversation starts first, so its welcome comes before). False: it stated nothing."""
    reading = understand.story(turn.loc, text)
    if not reading.answers:
        return False
    if turn.old is None or turn.current is None and turn.node not in ENGINE_NODES:
        navigate.begin(turn)
    story.offer(turn, reading)
    return True


def on_text(turn: Turn, raw: str) -> None:
    if len(raw) > MAX_TEXT:
        return too_long(turn)
    text = clean(raw, max_length=MAX_TEXT)
    word = normalise(text)
    if not _answers_the_question(turn, word) and controls.handle(turn, word):
        return None
    if turn.old is None:  # a first message: a story, or the start
        if text and _take_story(turn, text):
            return None
        return navigate.begin(turn)
    if not text:
        return turn.reask(turn.msg("empty"))
    if turn.node == FORGET:
        return forget.answer(turn, forget.yes_no(turn, word))
    if turn.node == CONFIRM:
        return story.typed(turn, text, word)
    node = turn.current
    if node is None:
        return navigate.begin(turn)
    if (
        node.type in ("choice", "checklist")
        and understand.is_long(turn.loc, text)
        and _tells_more(turn, node, text)
    ):
        return None
    navigate.go_on(turn, STEPS[node.type].typed(turn, node, text, word))
    return None


def _tells_more(turn: Turn, node: Node, text: str) -> bool:
    """A long answer that states more than this question asks is read as a story."""
    reading = understand.story(turn.loc, text)
    if not set(reading.answers) - {understand.question_key(node)}:
        return False
    story.offer(turn, reading)
    return True


def _answers_the_question(turn: Turn, word: str) -> bool:
    """A control word never shadows an option on screen: "draft" at a menu offering
    "Draft my withdrawal note" picks it, rather than `show my draft`."""
    node = turn.current
    if turn.old is None or node is None or not node.options or node.type == "checklist":
        return False
    return choice.match(turn, node, word) is not None


def on_choice(turn: Turn, raw_id: str, values: list[str]) -> None:
    if raw_id == ids.START:  # "Continue" on an overview (Slack's App Home)
        return on_start(turn, "")
    cid = ChoiceId.parse(raw_id)
    if cid is None:
        return turn.reask(turn.msg("unknown")) if turn.old else navigate.begin(turn)
    if turn.old is None:
        return navigate.begin(turn, turn.msg("stale"))
    if cid.node != turn.node or cid.version != turn.old.version:
        return turn.reask(turn.msg("stale"))
    if cid.node == FORGET:
        return forget.answer(turn, cid.choice == ids.YES)
    if cid.node == CONFIRM:
        return story.clicked(turn, cid.choice)
    node = turn.current
    if node is None:
        return navigate.begin(turn)
    navigate.go_on(turn, STEPS[node.type].clicked(turn, node, cid.choice, values))
    return None


def on_form(turn: Turn, fields: dict[str, str]) -> None:
    """Several slots at once (bot.conversation.forms). The text names the form it came
    from (`node:_form:7`, or `node:_keep:7` for a form closed unsent): one opened earlier
    still counts while the conversation is inside the same form, so nothing typed into it
    is lost when the user answered a question of it meanwhile."""
    node = turn.current
    if turn.old is None or node is None or not node.form:
        return turn.reask(turn.msg("unknown")) if turn.old else navigate.begin(turn)
    named = ChoiceId.parse(turn.inbound.text)
    opened = turn.d.nodes.get(named.node) if named else None
    if named is not None and (opened is None or opened.form != node.form):
        return turn.reask(turn.msg("stale"))
    if any(len(v) > MAX_TEXT for v in fields.values()):
        return too_long(turn)
    keep = named is not None and named.choice == ids.KEEP
    navigate.go_on(turn, forms.submit(turn, node, fields, keep=keep))
    return None


def on_timer(turn: Turn) -> None:
    kind = turn.inbound.text
    turn.effects.schedule_done = [int(v) for v in turn.inbound.values if v.isdigit()]
    timer = turn.d.timers.get(kind)
    if turn.old is None or kind not in turn.timers.pending or timer is None:
        return  # cancelled, or forgotten: nothing to say
    turn.timers.pending = [k for k in turn.timers.pending if k != kind]
    if kind == "reminder":
        turn.timers.reminded = True
    turn.push_history()
    turn.changed = True
    navigate.enter(turn, timer.node)


def too_long(turn: Turn) -> None:
    turn.say(turn.msg("too_long", limit=str(MAX_TEXT)))
    if turn.old is not None:
        turn.reask()
