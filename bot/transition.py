"""One turn of the conversation as a pure function.

`transition(conversation, inbound, dialogs, now, config)` returns the new conversation,
the replies and the effects to store with it. No I/O and no clock but `now`, so every
rule of the conversation can be tested by calling it, and the engine can retry it after
a compare-and-swap conflict without side effects.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

from . import dates
from .compose import compose, note_kind
from .dialogs import Dialogs, Locale, Node, resolve_locale
from .models import (
    Choice,
    Conversation,
    Destination,
    Draft,
    DraftView,
    Effects,
    FormField,
    HistoryEntry,
    Inbound,
    InboundKind,
    Outbound,
    Place,
    Recommendation,
    ScheduledItem,
)
from .recommend import recommendation
from .text import clean, contains_phrase, fill, normalise

MAX_TEXT = 2000
MAX_HISTORY = 40
MAX_STEPS = 25  # info nodes chained without input; the linter rejects cycles of them
FORGET = "_forget"  # the confirmation step of `forget`; not a flow node
DONE, EXPLAIN, SKIP, YES, NO = "_done", "_explain", "_skip", "_yes", "_no"
KEEP_ON_RESTART = ("_drafts", "_last_kind", "_draft_version")
START_CHOICE = "_start"


@dataclass(frozen=True)
class TurnConfig:
    reminder_delay: float = 86400.0


@dataclass
class Result:
    conversation: Conversation | None  # None: the user asked to be forgotten
    replies: list[Outbound]
    effects: Effects
    changed: bool


@dataclass
class _Ask:
    """A question to render once the turn's final version is known."""

    node: str
    edit: bool = False
    prefix: str | None = None


@dataclass
class _Turn:
    d: Dialogs
    cfg: TurnConfig
    now: float
    inbound: Inbound
    old: Conversation | None
    node: str = ""
    answers: dict[str, Any] = field(default_factory=dict)
    history: list[HistoryEntry] = field(default_factory=list)
    override: str | None = None
    out: list[Outbound | _Ask] = field(default_factory=list)
    effects: Effects = field(default_factory=Effects)
    changed: bool = False
    forgotten: bool = False
    _undo_from: dict[str, Any] | None = None
    _rec: tuple[Any, Recommendation] | None = None

    def __post_init__(self) -> None:
        if self.old is not None:
            self.node = self.old.node
            self.answers = dict(self.old.answers)
            self.history = list(self.old.history)
            self.override = self.old.locale_override
        stored = self.old.locale if self.old else None
        self.locale_code = resolve_locale(self.override or self.inbound.locale or stored)
        # A conversation started from a channel moves to the user's direct messages.
        self.to = Destination.DM if self.inbound.place == Place.CHANNEL or self.inbound.kind == InboundKind.TIMER else Destination.HERE

    @property
    def loc(self) -> Locale:
        return self.d.locales[self.locale_code]

    def msg(self, key: str, **values: str) -> str:
        return fill(self.loc.msg(key), values)

    def say(self, text: str, kind: str = "info", to: Destination | None = None) -> None:
        self.out.append(Outbound(text=text, kind=kind, to=to or self.to))

    # --- the turn ---------------------------------------------------------------------

    def run(self) -> None:
        ib = self.inbound
        if ib.kind == InboundKind.TIMER:
            return self.on_timer()
        if ib.kind == InboundKind.START:
            return self.on_start(ib.text)
        if ib.kind == InboundKind.CHOICE:
            return self.on_choice(ib.text, ib.values)
        if ib.kind == InboundKind.FORM:
            return self.on_form(ib.fields)
        return self.on_text(ib.text)

    def on_start(self, arg: str) -> None:
        if len(arg) > MAX_TEXT:
            return self.too_long()
        if self.inbound.place == Place.CHANNEL:
            self.say(self.msg("channel_pointer"), to=Destination.HERE)
        a = normalise(clean(arg))
        args = self.loc.start_args
        if a.split(" ")[0] in self.loc.control.get("language", ()):
            return self.set_language(a.partition(" ")[2], then_resume=True)
        if a in args.get("help", ()):
            self.say(self.msg("help"))
            return self.resume(quiet=True)
        if a in args.get("restart", ()):
            return self.restart()
        if a in args.get("forget", ()):
            return self.ask_forget()
        self.resume()

    def resume(self, quiet: bool = False) -> None:
        if self.old is None or self.node not in self.d.nodes and self.node != FORGET:
            return self.begin()
        if self.node in self.d.nodes and self.d.nodes[self.node].type == "end":
            return self.begin()
        self.out.append(_Ask(self.node, prefix=None if quiet else self.msg("resumed")))

    def begin(self, prefix: str | None = None) -> None:
        kept = {k: self.answers[k] for k in KEEP_ON_RESTART if k in self.answers}
        self.answers, self.history, self.changed = kept, [], True
        if prefix:
            self.say(prefix)
        self.enter(self.d.start)

    def restart(self) -> None:
        self.effects.cancel_schedule = ["reminder", "checkin"]
        self.begin(self.msg("restarted"))

    def on_text(self, raw: str) -> None:
        if len(raw) > MAX_TEXT:
            return self.too_long()
        text = clean(raw, max_length=MAX_TEXT)
        word = normalise(text)
        if self.control(word):
            return
        if self.old is None:
            return self.begin()
        if not text:
            return self.reask(self.msg("empty"))
        if self.node == FORGET:
            return self.on_forget_answer(self.yes_no(word))
        node = self.d.nodes.get(self.node)
        if node is None:
            return self.begin()
        if node.type == "text":
            if word in self.loc.control.get("skip", ()):
                return self.answer_text(node, "")
            return self.answer_text(node, text)
        if node.type == "end":
            return self.say(self.msg("finished"))
        if node.type == "multi":
            return self.on_multi_text(node, word)
        cid = self.match(node, word)
        if cid is None:
            return self.reask(self.msg("unknown"))
        self.answer_choice(node, cid, clicked=False)

    def control(self, word: str) -> bool:
        """Control words work everywhere, before anything else. True when handled."""
        c = self.loc.control
        if word in c.get("help", ()):
            node = self.d.nodes.get(self.node)
            node_help = self.loc.nodes[node.id].help if node else None
            self.say("\n\n".join(x for x in (node_help, self.msg("help")) if x))
            if self.old is not None:
                self.reask()
            return True
        head, _, rest = word.partition(" ")
        if head in c.get("language", ()):
            self.set_language(rest, then_resume=False)
            return True
        if word in c.get("forget", ()):
            self.ask_forget()
            return True
        if self.old is None:
            return False
        if word in c.get("back", ()):
            self.back()
        elif word in c.get("restart", ()):
            self.restart()
        elif word in c.get("stop", ()):
            self.say(self.msg("paused"))
        elif word in c.get("show_draft", ()):
            self.show_draft()
        elif word in c.get("stop_reminders", ()):
            self.stop_reminders()
        else:
            return False
        return True

    def on_choice(self, choice_id: str, values: list[str]) -> None:
        if choice_id == START_CHOICE:  # "Continue" on an overview (Slack's App Home)
            return self.on_start("")
        parts = choice_id.split(":")
        if len(parts) != 3 or not parts[2].isdigit():
            return self.reask(self.msg("unknown")) if self.old else self.begin()
        node_id, cid, version = parts[0], parts[1], int(parts[2])
        if self.old is None or node_id != self.node or version != self.old.version:
            if self.old is None:
                return self.begin(self.msg("stale"))
            return self.reask(self.msg("stale"))
        if node_id == FORGET:
            return self.on_forget_answer(cid == YES)
        node = self.d.nodes.get(node_id)
        if node is None:
            return self.begin()
        if node.type == "text":
            return self.answer_text(node, "") if cid == SKIP else self.reask(self.msg("unknown"))
        if node.type == "multi":
            if cid == DONE and values:  # a select menu sends all ticked values at once
                return self.finish_multi(node, [v for v in dict.fromkeys(values) if node.choice(v)], clicked=True)
            return self.on_multi_choice(node, cid)
        if cid not in self.available_ids(node):
            return self.reask(self.msg("unknown"))
        self.answer_choice(node, cid, clicked=True)

    def on_form(self, fields: dict[str, str]) -> None:
        """Several slots at once. `text` may name the question it answers ("node:_form:7")."""
        node = self.d.nodes.get(self.node)
        if self.old is None or node is None or not node.form:
            return self.reask(self.msg("unknown")) if self.old else self.begin()
        parts = self.inbound.text.split(":")
        if len(parts) == 3 and (parts[0] != self.node or parts[2] != str(self.old.version)):
            return self.reask(self.msg("stale"))
        if any(len(v) > MAX_TEXT for v in fields.values()):
            return self.too_long()
        given = [clean(v, max_length=100) for v in fields.values() if clean(v)]
        self.out.append(self.answered(node, ", ".join(given) or self.msg("skip")))
        self.push_history()
        group, last = node.form, node
        while last.form == group:
            if last.answer in fields:
                self.answers[last.answer] = clean(fields[last.answer], max_length=last.max_length)
            nxt = self.d.nodes[self.route(last)]
            if nxt.form != group:
                break
            last = nxt
        self.changed = True
        self.enter(self.route(last))

    # --- answering ----------------------------------------------------------------------

    def push_history(self) -> None:
        """Remember the step for `back`. The entry becomes an undo record in finish()."""
        self._undo_from = dict(self.answers)
        self.history = [*self.history[-(MAX_HISTORY - 1):], HistoryEntry.model_construct(node=self.node, answers={})]

    def undo_record(self) -> None:
        """Keep only what this turn changed (old values; None = was not set): small rows."""
        if self._undo_from is None or not self.history:
            return
        before, now = self._undo_from, self.answers
        undo = {k: before.get(k) for k in before.keys() | now.keys() if k[0] != "_" and before.get(k) != now.get(k)}
        last = self.history[-1]
        self.history[-1] = HistoryEntry.model_construct(node=last.node, answers=undo)

    def answer_choice(self, node: Node, cid: str, clicked: bool) -> None:
        choice = node.choice(cid)
        assert choice is not None
        if clicked:
            self.out.append(self.answered(node, self.label(node, cid)))
        self.push_history()
        if node.answer:
            self.answers[node.answer] = cid
        self.answers.update(choice.set)
        self.changed = True
        self.enter(choice.next or self.route(node))

    def answer_text(self, node: Node, text: str) -> None:
        assert node.answer is not None
        value: str = clean(text, max_length=node.max_length)
        if node.parse == "date" and value:
            today = datetime.fromtimestamp(self.now, UTC).date()
            try:
                when = dates.parse_when(value, self.loc, today)
            except dates.BadDate:
                return self.reask(self.loc.nodes[node.id].invalid or self.msg("unknown"))
            value = when.isoformat() if isinstance(when, date) else dates.UNKNOWN
        elif node.parse == "date":
            value = dates.UNKNOWN
        self.push_history()
        self.answers[node.answer] = value
        if node.check == "tone":
            self.answers[f"{node.answer}_tone"] = "negative" if value and self.is_negative(value) else "ok"
        self.changed = True
        self.enter(self.route(node))

    def is_negative(self, text: str) -> bool:
        t = normalise(text)
        return any(contains_phrase(t, w) for w in self.loc.negative)

    def on_multi_text(self, node: Node, word: str) -> None:
        c = self.loc.control
        if word in c.get("done", ()):
            return self.finish_multi(node, self.ticked(node), clicked=False)
        if word in c.get("none", ()):
            return self.finish_multi(node, [], clicked=False)
        if word in c.get("explain", ()):
            return self.explain(node)
        items = [ch.id for ch in node.choices]
        picked: list[str] = []
        for token in word.replace(",", " ").split():
            if token.isdigit() and 1 <= int(token) <= len(items):
                picked.append(items[int(token) - 1])
            elif token.isdigit() and int(token) == len(items) + 1:
                return self.finish_multi(node, self.ticked(node), clicked=False)
            else:
                picked = []
                break
        if not picked:
            cid = self.match(node, word)
            if cid is None:
                return self.reask(self.msg("unknown"))
            picked = [cid]
        ticked = self.ticked(node)
        for cid in picked:
            ticked = [x for x in ticked if x != cid] if cid in ticked else [*ticked, cid]
        self.set_ticked(node, ticked, edit=False)

    def on_multi_choice(self, node: Node, cid: str) -> None:
        if cid == DONE:
            return self.finish_multi(node, self.ticked(node), clicked=True)
        if cid == EXPLAIN:
            return self.explain(node)
        if node.choice(cid) is None:
            return self.reask(self.msg("unknown"))
        ticked = self.ticked(node)
        self.set_ticked(node, [x for x in ticked if x != cid] if cid in ticked else [*ticked, cid], edit=True)

    def ticked(self, node: Node) -> list[str]:
        value = self.answers.get(f"_ticking_{node.id}")
        return list(value) if isinstance(value, list) else []

    def set_ticked(self, node: Node, ticked: list[str], edit: bool) -> None:
        order = [c.id for c in node.choices]
        self.answers[f"_ticking_{node.id}"] = sorted(ticked, key=order.index)
        self.changed = True
        self.out.append(_Ask(node.id, edit=edit))

    def finish_multi(self, node: Node, ticked: list[str], clicked: bool) -> None:
        assert node.answer is not None
        labels = [self.label(node, t) for t in ticked] or [self.msg("none_ticked")]
        if clicked:
            self.out.append(self.answered(node, ", ".join(labels)))
        self.answers.pop(f"_ticking_{node.id}", None)
        self.push_history()
        self.answers[node.answer] = ticked
        self.changed = True
        self.enter(self.route(node))

    def explain(self, node: Node) -> None:
        nt = self.loc.nodes[node.id]
        lines = [f"{i}. {nt.choices[c.id]}: {nt.explain[c.id]}" for i, c in enumerate(node.choices, 1)]
        self.say(self.msg("explain_header") + "\n" + "\n".join(lines))
        self.reask()

    # --- moving through the flow --------------------------------------------------------

    def route(self, node: Node) -> str:
        for when, goto in node.routes:
            if when(self.answers):
                return goto
        raise AssertionError(f"node {node.id} has no way on; the linter reports dead ends")

    def enter(self, node_id: str) -> None:
        """Arrive at a node: do what it does, and go on through nodes that need no input."""
        for _ in range(MAX_STEPS):
            node = self.d.nodes[node_id]
            self.node = node_id
            if node.type == "info":
                self.schedule(node)
                self.say(self.node_text(node), kind="advice" if node.cites else "info")
                node_id = self.route(node)
                continue
            if node.type == "recommend":
                rec = self.recommendation()
                self.answers["outcome"] = self.answers["path"] = rec.outcome
                self.out.append(_Ask(node_id))
                return
            if node.type == "draft":
                self.new_draft(node)
                if node.waits:
                    self.out.append(_Ask(node_id))
                    return
                self.out.append(self.draft_message(node, with_choices=False))
                node_id = self.route(node)
                continue
            self.out.append(_Ask(node_id))
            return
        raise AssertionError("too many steps without input")

    def schedule(self, node: Node) -> None:
        if node.cancel:
            self.effects.cancel_schedule = [*self.effects.cancel_schedule, *node.cancel]
            self.answers["_pending"] = [k for k in self.answers.get("_pending", []) if k not in node.cancel]
        if node.schedule == "reminder" and not self.answers.get("_reminded"):
            due = self.now + self.cfg.reminder_delay
            self.add_schedule("reminder", due)
            self.answers["_reminder_due"] = due
        elif node.schedule == "checkin":
            raw = str(self.answers.get("wait_when") or dates.UNKNOWN)
            when: date | str = date.fromisoformat(raw) if raw != dates.UNKNOWN else dates.UNKNOWN
            due = dates.checkin_due(when, self.now, self.cfg.reminder_delay)
            self.add_schedule("checkin", due)
            self.answers["_checkin_due"] = due
            self.answers["_checkin_date"] = raw

    def add_schedule(self, kind: str, due: float) -> None:
        # One pending item of each kind: a new one replaces the old.
        self.effects.cancel_schedule = [*self.effects.cancel_schedule, kind]
        self.effects.schedule.append(ScheduledItem(kind=kind, due_at=due))  # type: ignore[arg-type]
        self.answers["_pending"] = sorted({*self.answers.get("_pending", []), kind})

    def on_timer(self) -> None:
        kind = self.inbound.text
        self.effects.schedule_done = [int(v) for v in self.inbound.values if v.isdigit()]
        pending = self.answers.get("_pending", [])
        if self.old is None or kind not in pending or kind not in self.d.timers:
            return  # cancelled, or forgotten: nothing to say
        self.answers["_pending"] = [k for k in pending if k != kind]
        if kind == "reminder":
            self.answers["_reminded"] = True
        self.push_history()
        self.changed = True
        self.enter(self.d.timers[kind])

    def back(self) -> None:
        if not self.history:
            return self.reask(self.msg("nothing_to_undo"))
        entry = self.history[-1]
        self.history = self.history[:-1]
        answers = {k: v for k, v in self.answers.items() if not k.startswith("_ticking_")}
        for k, v in entry.answers.items():
            if v is None:
                answers.pop(k, None)
            else:
                answers[k] = v
        self.answers = answers
        self.node = entry.node if entry.node in self.d.nodes else self.d.start
        self.changed = True
        self.out.append(_Ask(self.node, prefix=self.msg("went_back")))

    def ask_forget(self) -> None:
        if self.old is None:
            self.effects.forget = True  # stray rows (drafts, outbox) still go
            self.forgotten = True
            return self.say(self.msg("forgotten"), kind="forgotten")
        if self.node != FORGET:
            self.push_history()
            self.node = FORGET
            self.changed = True
        self.out.append(_Ask(FORGET))

    def on_forget_answer(self, yes: bool | None) -> None:
        if yes is None:
            return self.reask(self.msg("unknown"))
        if yes:
            self.effects.forget = True
            self.forgotten = True
            self.changed = True
            # kind "forgotten" tells adapters to drop what they cache about this user too
            self.out = [Outbound(text=self.msg("forgotten"), kind="forgotten", to=self.to)]
            return
        entry = self.history[-1] if self.history else None
        self.history = self.history[:-1]
        self.node = entry.node if entry and entry.node in self.d.nodes else self.d.start
        self.changed = True
        self.out.append(_Ask(self.node, prefix=self.msg("forget_kept")))

    def yes_no(self, word: str) -> bool | None:
        if word in self.loc.yes:
            return True
        if word in self.loc.no:
            return False
        return None

    def set_language(self, code: str, then_resume: bool) -> None:
        code = code.strip()
        if code not in self.d.locales:
            self.say(self.msg("language_unknown"))
        else:
            self.override = code
            self.locale_code = code
            self.changed = self.old is not None or self.changed
            self.say(self.msg("language_set"))
        if then_resume or self.old is None:
            return self.resume(quiet=True)
        self.reask()

    def stop_reminders(self) -> None:
        if not self.answers.get("_pending"):
            self.say(self.msg("no_reminders"))
        else:
            self.effects.cancel_schedule = ["reminder", "checkin"]
            self.answers["_pending"] = []
            self.changed = True
            self.say(self.msg("reminders_stopped"))
        self.reask()

    def show_draft(self) -> None:
        kind = self.answers.get("_last_kind")
        saved = (self.answers.get("_drafts") or {}).get(kind) if kind else None
        if not saved:
            self.say(self.msg("no_draft"))
        else:
            view = DraftView(**saved)
            self.out.append(Outbound(text=self.msg("your_draft", version=str(view.version)), kind="draft", to=Destination.DM, draft=view))
        self.reask()

    def too_long(self) -> None:
        self.say(self.msg("too_long", limit=str(MAX_TEXT)))
        if self.old is not None:
            self.reask()

    def reask(self, prefix: str | None = None) -> None:
        if self.old is None:
            return self.begin()
        if self.node != FORGET and self.node not in self.d.nodes:
            return self.begin()
        self.out.append(_Ask(self.node, prefix=prefix))

    # --- drafts -------------------------------------------------------------------------

    def new_draft(self, node: Node) -> None:
        kind = note_kind(self.answers, node.kind or "auto")
        drafts = dict(self.answers.get("_drafts") or {})
        version = int(self.answers.get("_draft_version", 0)) + 1
        view = compose(kind, self.answers, self.loc, version)
        last = drafts.get(kind)
        if last and last["subject"] == view.subject and last["body"] == view.body:
            return  # nothing changed: keep the version they already have
        drafts[kind] = view.model_dump()
        self.answers.update(_drafts=drafts, _last_kind=kind, _draft_version=version)
        self.effects.drafts.append(Draft(version=version, kind=kind, subject=view.subject, body=view.body, created_at=self.now))
        self.changed = True

    def draft_message(self, node: Node, with_choices: bool, version: int = 0) -> Outbound:
        kind = note_kind(self.answers, node.kind or "auto")
        saved = (self.answers.get("_drafts") or {}).get(kind)
        view = DraftView(**saved) if saved else compose(kind, self.answers, self.loc, 0)
        text = self.loc.nodes[node.id].text
        if "{" in text:
            text = fill(text, self.values() | {"draft_version": str(view.version)})
        choices = self.choices(node, version) if with_choices else []
        return Outbound(text=text, kind="draft", to=Destination.DM, draft=view, choices=choices)

    # --- rendering ----------------------------------------------------------------------

    def values(self) -> dict[str, str]:
        """What node texts may mention in braces."""
        a, loc = self.answers, self.loc
        ph = loc.drafts.get("placeholders", {})
        v = {
            "company": str(a.get("company") or ph.get("company", "")),
            "reason_text": str(a.get("reason_text") or ""),
            "neutral_reason": str(loc.drafts.get("neutral_reason", "")),
            "reminder_when": self.msg("reminder_tomorrow", delay=dates.format_delay(self.cfg.reminder_delay, loc)),
        }
        raw = str(a.get("_checkin_date") or dates.UNKNOWN)
        if raw != dates.UNKNOWN:
            d = dates.format_date(date.fromisoformat(raw), loc)
            v["checkin_when"] = self.msg("checkin_on", date=d)
            v["checkin_reason"] = self.msg("checkin_reason_date", date=d)
        else:
            v["checkin_when"] = self.msg("checkin_in", delay=dates.format_delay(self.cfg.reminder_delay, loc))
            v["checkin_reason"] = self.msg("checkin_reason_none")
        return v

    def recommendation(self) -> Recommendation:
        key = (self.locale_code, tuple(sorted((k, str(v)) for k, v in self.answers.items() if k[0] != "_" and k not in ("outcome", "path"))))
        if self._rec is None or self._rec[0] != key:
            self._rec = (key, recommendation(self.d, self.loc, self.answers))
        return self._rec[1]

    def node_text(self, node: Node) -> str:
        text = self.loc.nodes[node.id].text
        return fill(text, self.values()) if "{" in text else text

    def label(self, node: Node, cid: str) -> str:
        return self.loc.nodes[node.id].choices.get(cid, cid)

    def answered(self, node: Node, label: str) -> Outbound:
        """The clicked message as it should now read: no buttons, the answer ticked."""
        chosen = "\n" + self.msg("chosen", label=label)
        if node.type in ("recommend", "draft"):  # keep the card or the draft, drop the buttons
            shown = self.render(_Ask(node.id), version=0, with_choices=False)[-1]
            return shown.model_copy(update={"text": shown.text + chosen, "edit": True, "to": Destination.HERE})
        return Outbound(text=self.node_text(node) + chosen, kind="question", to=Destination.HERE, edit=True)

    def available_ids(self, node: Node) -> list[str]:
        return [c.id for c in node.choices if c.when(self.answers)]

    def match(self, node: Node, word: str) -> str | None:
        """A typed answer to a choice: its number, its label, an id or a synonym."""
        ids = self.available_ids(node)
        if word.isdigit():
            n = int(word)
            return ids[n - 1] if 1 <= n <= len(ids) else None
        cid = self.loc.nodes[node.id].lookup.get(word)
        if cid in ids:
            return cid
        if word in self.loc.yes and "yes" in ids:
            return "yes"
        if word in self.loc.no and "no" in ids:
            return "no"
        if len(word) >= 3:
            labels = self.loc.nodes[node.id].choices
            hits = [i for i in ids if normalise(labels.get(i, "")).startswith(word)]
            if len(hits) == 1:
                return hits[0]
        return None

    def choices(self, node: Node, version: int) -> list[Choice]:
        labels = self.loc.nodes[node.id].choices
        cid = lambda c: f"{node.id}:{c}:{version}"  # noqa: E731
        if node.type == "multi":
            ticked = set(self.ticked(node))
            items = [Choice(id=cid(c.id), label=labels[c.id], selected=c.id in ticked) for c in node.choices]
            return [*items, Choice(id=cid(DONE), label=self.msg("done"), style="primary"), Choice(id=cid(EXPLAIN), label=self.msg("explain"))]
        if node.type == "text":
            return [Choice(id=cid(SKIP), label=self.msg("skip"))]
        return [Choice(id=cid(c), label=labels[c]) for c in self.available_ids(node)]

    def render(self, ask: _Ask, version: int, with_choices: bool = True) -> list[Outbound]:
        out = [Outbound(text=ask.prefix, kind="info", to=self.to)] if ask.prefix else []
        if ask.node == FORGET:
            cid = lambda c: f"{FORGET}:{c}:{version}"  # noqa: E731
            out.append(Outbound(text=self.msg("forget_confirm"), kind="question", to=self.to, choices=[Choice(id=cid(YES), label=self.msg("forget_yes"), style="danger"), Choice(id=cid(NO), label=self.msg("forget_no"))]))
            return out
        node = self.d.nodes[ask.node]
        if node.type == "recommend":
            rec = self.recommendation()
            out.append(Outbound(text=self.recommendation_text(node, rec), kind="recommendation", to=self.to, recommendation=rec, choices=self.choices(node, version) if with_choices else []))
            return out
        if node.type == "draft":
            out.append(self.draft_message(node, with_choices=with_choices, version=version))
            return out
        if node.type == "end":
            out.append(Outbound(text=self.node_text(node), kind="info", to=self.to))
            return out
        out.append(Outbound(
            text=self.node_text(node),
            kind="question",
            to=self.to,
            choices=self.choices(node, version) if with_choices else [],
            multi=node.type == "multi",
            edit=ask.edit,
            form=self.form(node),
        ))
        return out

    def form(self, node: Node) -> list[FormField]:
        if not node.form:
            return []
        fields, n = [], node
        while n.form == node.form and n.answer:
            nt = self.loc.nodes[n.id]
            fields.append(FormField(id=n.answer, label=nt.label or nt.text[:45], max_length=n.max_length))
            n = self.d.nodes[self.route(n)]
        return fields

    def recommendation_text(self, node: Node, rec: Recommendation) -> str:
        none = self.msg("nothing_listed")
        lines = [
            self.node_text(node),
            "",
            self.msg("recommendation_heading", title=rec.title),
            rec.summary,
            "",
            f"{self.msg('against_heading')}: {'; '.join(rec.against) or none}",
            f"{self.msg('for_heading')}: {'; '.join(rec.for_) or none}",
            "",
            f"{self.msg('reasons_heading')}:",
            *[f"• {r.text} [{', '.join(r.cites)}]" for r in rec.reasons],
        ]
        return "\n".join(lines)

    def finish(self) -> Result:
        self.undo_record()
        if self.forgotten:
            replies = [o for o in self.out if isinstance(o, Outbound)]
            for r in replies:
                r.locale = self.locale_code
            return Result(None, replies, self.effects, True)
        old = self.old
        if old is not None and self.locale_code != old.locale:
            self.changed = True
        version = (old.version if old else 0) + (1 if self.changed else 0)
        replies: list[Outbound] = []
        for item in self.out:
            replies.extend(self.render(item, version) if isinstance(item, _Ask) else [item])
        for r in replies:
            r.locale = self.locale_code
        if not self.changed:
            return Result(old, replies, self.effects, False)
        conv = Conversation.model_construct(
            who=self.inbound.who,
            node=self.node,
            answers=self.answers,
            history=self.history,
            locale=self.locale_code,
            locale_override=self.override,
            version=version,
            created_at=old.created_at if old else self.now,
            updated_at=self.now,
            last_event=None,  # the engine fills these three in
            last_replies="[]",
            recent_events=[],
        )
        return Result(conv, replies, self.effects, True)


def transition(conversation: Conversation | None, inbound: Inbound, dialogs: Dialogs, now: float, config: TurnConfig) -> Result:
    turn = _Turn(dialogs, config, now, inbound, conversation)
    turn.run()
    return turn.finish()


def overview(conversation: Conversation | None, dialogs: Dialogs, locale: str | None) -> list[Outbound]:
    """Where a user's decision stands, for a status page (Slack's App Home). Changes nothing."""
    code = resolve_locale((conversation.locale_override if conversation else None) or locale or (conversation.locale if conversation else None))
    loc = dialogs.locales[code]
    go = [Choice(id=START_CHOICE, label=loc.msg("home_continue"), style="primary")]
    if conversation is None:
        return [Outbound(text=loc.msg("home_none"), kind="overview", choices=go, locale=code)]
    a = conversation.answers
    lines = [loc.msg("home_title")]
    node = dialogs.nodes.get(conversation.node)
    if node is not None and node.type != "end":
        lines.append(fill(loc.msg("home_at"), {"question": fill(loc.nodes[node.id].text, {}).split("\n")[0]}))
    path = a.get("path")
    if isinstance(path, str) and path in loc.outcomes:
        lines.append(fill(loc.msg("home_outcome"), {"title": loc.outcomes[path]["title"]}))
    out = [Outbound(text="\n".join(lines), kind="overview", choices=go, locale=code)]
    kind = a.get("_last_kind")
    saved = (a.get("_drafts") or {}).get(kind) if isinstance(kind, str) else None
    if saved:
        view = DraftView(**saved)
        out.append(Outbound(text=fill(loc.msg("your_draft"), {"version": str(view.version)}), kind="draft", draft=view, locale=code))
    return out


def reshow(conversation: Conversation | None, dialogs: Dialogs, inbound: Inbound) -> list[Outbound]:
    """The current question again, changing nothing (for a repeat of an old event)."""
    turn = _Turn(dialogs, TurnConfig(), 0.0, inbound, conversation)
    if conversation is None:
        return []
    turn.reask()
    return turn.finish().replies
