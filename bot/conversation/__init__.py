"""The conversation: one turn as a pure function, in small parts.

transition.py  transition(): one turn in, the new state, replies and effects out
inputs.py      what each kind of inbound event does (typed, click, form, start, timer)
controls.py    control words (help, back, restart, ...) as a table
forget.py      `forget`, with its confirmation
navigate.py    moving through the flow: entering nodes, starting, resuming
steps/         one handler per node type (info, choice, checklist, text, recommend,
               draft, end)
render.py      a question, a card or a draft as an Outbound
advice.py      the recommendation for a turn's answers
timers.py      reminders and check-ins as the flow passes
turn.py        the working state of one turn
state.py       the stored conversation (typed)
undo.py        `back` as an undo log
overview.py    read-only views (a status page, the question again, a form's question)
forms.py       one form for several questions (a modal, a typed line)
fields.py      one typed detail read and stored
"""

from __future__ import annotations

from .overview import form_problems, form_question, overview, reshow
from .state import Conversation, DraftState, Timers
from .transition import Result, transition
from .turn import Effects, TurnConfig
from .undo import Undo

__all__ = [
    "Conversation",
    "DraftState",
    "Effects",
    "Result",
    "Timers",
    "TurnConfig",
    "Undo",
    "form_problems",
    "form_question",
    "overview",
    "reshow",
    "transition",
]
