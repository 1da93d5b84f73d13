"""The console chat: the engine in a terminal, or scripted one line at a time.

A translator like the Slack and Discord adapters: lines become Inbound events, Outbound
messages become printed text (or JSON lines with --json). No coaching logic here.
"""

from __future__ import annotations

import asyncio
import json
import sys
import threading
from typing import TextIO

from bot.config import Settings
from bot.engine import Engine
from bot.labels import Labels
from bot.models import Destination, Inbound, InboundKind, Outbound, Place, Who
from bot.text import fill

PLATFORM = "console"
COMMAND = "/should-i-withdraw"


def create(
    engine: Engine,
    settings: Settings,
    *,
    user: str,
    json_mode: bool = False,
    locale: str | None = None,
) -> ConsoleChat:
    """The console chat for `user` (`python -m bot console [--json] [--locale]`)."""
    return ConsoleChat(engine, user, json_mode=json_mode, locale=locale)


class ConsoleChat:
    platform = PLATFORM

    def __init__(
        self,
        engine: Engine,
        user: str,
        *,
        json_mode: bool = False,
        stdin: TextIO | None = None,
        stdout: TextIO | None = None,
        locale: str | None = None,
    ):
        self.engine = engine
        self.who = Who(platform=PLATFORM, workspace="local", user=user)
        self.json = json_mode
        self.stdin = stdin or sys.stdin
        self.stdout = stdout or sys.stdout
        self.locale = locale
        self.interactive = not json_mode and self.stdin.isatty()
        self.known_choices: set[str] = set()
        engine.register_sender(PLATFORM, self.send)

    async def start(self) -> None:
        """Nothing to connect: `run` is the whole of a console session."""

    async def stop(self) -> None:
        """Nothing to disconnect (the reader thread is a daemon)."""

    async def run(self) -> int:
        await self.engine.recover_outbox({PLATFORM})
        await self.turn(InboundKind.START, "")
        lines = self._reader()
        while True:
            if self.interactive:
                self.stdout.write("> ")
                self.stdout.flush()
            line = await lines.get()
            if not line:
                return 0
            line = line.rstrip("\r\n")
            if line.strip() == "":
                continue
            if line.strip().split(" ")[0] == COMMAND:
                await self.turn(InboundKind.START, line.strip()[len(COMMAND) :].strip())
            elif line.strip() in self.known_choices:
                await self.turn(InboundKind.CHOICE, line.strip())
            else:
                await self.turn(InboundKind.TEXT, line)

    def _reader(self) -> asyncio.Queue[str]:
        """Lines from stdin, read on a daemon thread so a shutdown never waits for a keypress."""
        loop = asyncio.get_running_loop()
        queue: asyncio.Queue[str] = asyncio.Queue()

        def read() -> None:
            for line in iter(self.stdin.readline, ""):
                loop.call_soon_threadsafe(queue.put_nowait, line)
            loop.call_soon_threadsafe(queue.put_nowait, "")

        threading.Thread(target=read, name="console-stdin", daemon=True).start()
        return queue

    async def turn(self, kind: InboundKind, text: str) -> None:
        with self.engine.busy():
            replies = await self.engine.handle(
                Inbound(who=self.who, kind=kind, text=text, locale=self.locale, place=Place.DM)
            )
            if any(r.choices for r in replies):
                self.known_choices = set()
            for r in replies:
                await self._show(r)
            if self.json:
                self._line({"event": "awaiting_input"})

    async def send(self, who: Who, message: Outbound) -> None:
        """Reminders, check-ins and recovered messages: only this user's reach this terminal."""
        if who != self.who:
            raise LookupError("another console user's message")
        self._print(message)

    async def _show(self, message: Outbound) -> None:
        self._print(message)
        if message.outbox_id:
            await self.engine.delivered(message.outbox_id)

    def _print(self, m: Outbound) -> None:
        self.known_choices.update(c.id for c in m.choices)
        if self.json:
            self._line(m.public())
            return
        if m.edit:
            return  # the typed answer is already on screen
        loc = self.engine.dialogs.locale(m.locale)
        labels = Labels.of(loc)
        tag = f"{loc.msg('dm_label')} " if m.to is Destination.DM else ""
        out = [f"{tag}{m.text}"]
        if m.draft is not None:
            bar = "-" * 60
            head = (
                f"{m.draft.subject} {labels.script}"
                if m.draft.is_script
                else f"{labels.subject}: {m.draft.subject}"
            )
            out += [bar, head, "", m.draft.body, bar]
        for i, c in enumerate(m.choices, 1):
            mark = "" if c.selected is None else ("[x] " if c.selected else "[ ] ")
            out.append(f"  {i}) {mark}{c.label}")
        texts = [f.label for f in m.form if not f.choices]
        if len(texts) > 1:  # the console's form: the details typed on one line
            out.append(fill(loc.msg("form_line"), {"fields": "; ".join(texts)}))
        self.stdout.write("\n".join(out) + "\n\n")
        self.stdout.flush()

    def _line(self, obj: object) -> None:
        self.stdout.write(json.dumps(obj, ensure_ascii=False) + "\n")
        self.stdout.flush()
