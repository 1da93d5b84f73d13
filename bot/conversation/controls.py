"""Control words: typed anywhere, handled before any question reads the text.

The table maps a concept of dialogs/<locale>/words.yaml (`control:`) to its handler; the
words themselves are the coach's to edit. `help` and `forget` work before a conversation
exists, the rest only inside one.
"""

from __future__ import annotations

from collections.abc import Callable

from ..models import Destination, Outbound
from . import forget, navigate, story
from .steps import draft
from .turn import CONFIRM, Turn


def show_help(turn: Turn) -> None:
    node = turn.current
    node_help = turn.loc.nodes[node.id].help if node else None
    turn.say("\n\n".join(x for x in (node_help, turn.msg("help")) if x))
    if turn.old is not None:
        turn.reask()


def back(turn: Turn) -> None:
    if turn.node == CONFIRM:
        return story.discard(turn)
    if not turn.history:
        return turn.reask(turn.msg("nothing_to_undo"))
    entry = turn.history[-1]
    turn.history = turn.history[:-1]
    turn.ticked = {}  # a half-ticked checklist is not an answer
    turn.answers = entry.restore(turn.answers)
    turn.node = entry.node if entry.node in turn.d.nodes else turn.d.start
    turn.changed = True
    node = turn.d.nodes[turn.node]
    if node.type == "draft":  # show the note as it reads with the answers put back
        draft.new_version(turn, node)
    turn.ask(turn.node, prefix=turn.msg("went_back"))
    return None


def pause(turn: Turn) -> None:
    turn.say(turn.msg("paused"))


def show_draft(turn: Turn) -> None:
    view = turn.drafts.last
    if view is None:
        turn.say(turn.msg("no_draft"))
    else:
        text = turn.msg("your_draft", version=str(view.number or view.version))
        turn.out.append(Outbound(text=text, kind="draft", to=Destination.DM, draft=view))
    turn.reask()


def stop_reminders(turn: Turn) -> None:
    if not turn.timers.pending:
        turn.say(turn.msg("no_reminders"))
    else:
        turn.cancel(["reminder", "checkin"])
        turn.changed = True
        turn.say(turn.msg("reminders_stopped"))
    turn.reask()


def set_language(turn: Turn, code: str, *, then_resume: bool) -> None:
    code = code.strip()
    if code not in turn.d.locales:
        turn.say(turn.msg("language_unknown"))
    else:
        turn.override = code
        turn.locale_code = code
        turn.changed = turn.old is not None or turn.changed
        turn.say(turn.msg("language_set"))
    if then_resume or turn.old is None:
        return navigate.resume(turn, quiet=True)
    turn.reask()
    return None


HANDLERS: dict[str, Callable[[Turn], None]] = {
    "help": show_help,
    "forget": forget.ask,
    "back": back,
    "restart": navigate.restart,
    "stop": pause,
    "show_draft": show_draft,
    "stop_reminders": stop_reminders,
}
ANYTIME = frozenset({"help", "forget"})  # also before there is a conversation


def handle(turn: Turn, word: str) -> bool:
    """Act on a control word; False when `word` is none."""
    words = turn.loc.control
    head, _, rest = word.partition(" ")
    if head in words.get("language", ()):
        set_language(turn, rest, then_resume=False)
        return True
    for concept, handler in HANDLERS.items():
        if word in words.get(concept, ()):
            if turn.old is None and concept not in ANYTIME:
                return False
            handler(turn)
            return True
    return False
