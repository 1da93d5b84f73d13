"""`python -m bot`: start the configured platforms (or the console chat), lint, diagnose."""

from __future__ import annotations

import argparse
import asyncio
import getpass
import logging
import signal
import sys
from collections.abc import Awaitable, Callable, Coroutine
from typing import Any

from . import dialogs as dialog_files
from . import logs
from .app import running
from .config import ConfigError, Settings, load_settings
from .dialogs.lint import format_report, lint
from .engine import Engine
from .platform import PlatformAdapter, adapter_factory
from .store import StoreError

log = logging.getLogger("bot")
SHUTDOWN_GRACE = 3.0  # seconds for turns in flight, inside the 5 s a supervisor allows


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        settings = load_settings()
    except ConfigError as e:
        print(e, file=sys.stderr)
        return 2
    logs.setup(settings.log_level)
    command = args.command or "run"
    if command == "check":
        return _check(args.dialogs or settings.dialogs_dir)
    if command == "understand":
        return _understand(settings, args)
    try:
        return asyncio.run(_COMMANDS[command](settings, args))
    except (ConfigError, StoreError, dialog_files.DialogError) as e:
        print(f"cannot start: {e}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="python -m bot",
        description="A coach for one hard decision: should I back out of this interview process?",
    )
    sub = p.add_subparsers(dest="command")
    sub.add_parser("run", help="start every configured platform, or the console chat when none is")
    c = sub.add_parser("console", help="chat in this terminal")
    c.add_argument("--user", default=None, help="whose conversation (default: your login name)")
    c.add_argument("--json", action="store_true", help="one JSON object per message on stdout")
    c.add_argument("--locale", default=None, help="the locale a platform would report (en, de)")
    k = sub.add_parser("check", help="lint the dialogs")
    k.add_argument("--dialogs", default=None, help="the dialogs folder (default: dialogs/)")
    u = sub.add_parser("understand", help="show what the bot understands in a text, and why")
    u.add_argument("--locale", default="en", help="en or de (default en)")
    u.add_argument(
        "--at", default=None, help="read TEXT as the answer to this question (a node id)"
    )
    u.add_argument("--json", action="store_true", help="one JSON object per text")
    u.add_argument("text", nargs="*", help="the text (default: one per line from stdin)")
    s = sub.add_parser("slack", help="start the Slack app")
    s.add_argument(
        "--http",
        action="store_true",
        help="HTTP mode (events at /slack/events) instead of Socket Mode",
    )
    s.add_argument("--port", type=int, default=None)
    d = sub.add_parser("discord", help="start the Discord bot")
    d.add_argument(
        "--sync", action="store_true", help="sync the slash command now, even if unchanged"
    )
    sub.add_parser(
        "doctor", help="check the configuration, the database and each platform's credentials"
    )
    m = sub.add_parser(
        "migrate-store",
        help="copy every table from one database to another (SQLite <-> PostgreSQL)",
        description="Stop the bot first. Copies every table, then compares the row counts.",
    )
    m.add_argument(
        "--from", dest="source", required=True, metavar="URL", help="e.g. sqlite:///data/coach.db"
    )
    m.add_argument(
        "--to",
        dest="target",
        required=True,
        metavar="URL",
        help="e.g. postgresql://user:pass@host:5432/db",
    )
    m.add_argument("--replace", action="store_true", help="empty a target that already holds data")
    return p


def _understand(settings: Settings, args: argparse.Namespace) -> int:
    from .understand_cli import run

    try:
        d = dialog_files.load(settings.dialogs_dir)
    except dialog_files.DialogError as e:
        print(e, file=sys.stderr)
        return 1
    texts = [" ".join(args.text)] if args.text else sys.stdin
    return run(d, texts, locale=args.locale, at=args.at, as_json=args.json, out=sys.stdout)


def _check(folder: object) -> int:
    try:
        d = dialog_files.load(folder)  # type: ignore[arg-type]
    except dialog_files.DialogError as e:
        print(e, file=sys.stderr)
        return 1
    report = lint(d)
    print(format_report(d, report))
    return 0 if report.ok else 1


async def _console(settings: Settings, args: argparse.Namespace) -> int:
    make = adapter_factory("console")
    user = getattr(args, "user", None) or _login()
    async with running(settings) as engine:
        chat = make(
            engine,
            settings,
            user=user,
            json_mode=getattr(args, "json", False),
            locale=getattr(args, "locale", None),
        )
        return await _until_signal(chat.run, engine)


async def _run(settings: Settings, args: argparse.Namespace) -> int:
    platforms = []
    if settings.slack_configured:
        platforms.append("slack")
    if settings.discord_configured:
        platforms.append("discord")
    if not platforms:
        return await _console(settings, args)
    return await _serve(settings, args, platforms)


async def _serve(settings: Settings, args: argparse.Namespace, platforms: list[str]) -> int:
    options: dict[str, dict[str, object]] = {
        "slack": {"http": getattr(args, "http", False), "port": getattr(args, "port", None)},
        "discord": {"force_sync": getattr(args, "sync", False)},
    }
    starters = [(adapter_factory(p), options[p]) for p in platforms]
    async with running(settings) as engine:
        adapters: list[PlatformAdapter] = [
            make(engine, settings, **opts) for make, opts in starters
        ]

        async def serve() -> int:
            for a in adapters:
                await a.start()
            await engine.recover_outbox({a.platform for a in adapters})
            log.info("running: %s", ", ".join(a.platform for a in adapters))
            await asyncio.Event().wait()
            return 0

        try:
            return await _until_signal(serve, engine)
        finally:
            await engine.idle()
            for a in adapters:
                await a.stop()


async def _slack(settings: Settings, args: argparse.Namespace) -> int:
    if not settings.slack_configured:
        raise ConfigError("SLACK_BOT_TOKEN is not set")
    return await _serve(settings, args, ["slack"])


async def _discord(settings: Settings, args: argparse.Namespace) -> int:
    if not settings.discord_configured:
        raise ConfigError("DISCORD_TOKEN is not set")
    return await _serve(settings, args, ["discord"])


async def _doctor(settings: Settings, args: argparse.Namespace) -> int:
    from .doctor import doctor

    return await doctor(settings)


async def _migrate_store(settings: Settings, args: argparse.Namespace) -> int:
    from .store import make_store
    from .store.copy import copy_store

    report = await copy_store(
        make_store(args.source), make_store(args.target), replace=args.replace
    )
    print(f"copied {report.source} -> {report.target}")
    for table, n in report.counts.items():
        print(f"  {table:<14} {n:>10,} rows")
    print("verified: every table holds the same number of rows in both")
    return 0


async def _until_signal(work: Callable[[], Awaitable[int]], engine: Engine | None = None) -> int:
    """Run `work` until it ends or SIGTERM/SIGINT arrives; either way exit cleanly.

    On a signal the turns already in flight are finished (their state committed and
    their replies sent) before `work` is cancelled; the caller then closes the store.
    """
    loop = asyncio.get_running_loop()
    task = asyncio.ensure_future(work())
    stop = asyncio.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        try:
            loop.add_signal_handler(sig, stop.set)
        except (NotImplementedError, RuntimeError):
            pass
    waiter = asyncio.ensure_future(stop.wait())
    done, _ = await asyncio.wait({task, waiter}, return_when=asyncio.FIRST_COMPLETED)
    waiter.cancel()
    if task in done:
        return task.result()
    log.info("stopping: finishing the turns in flight")
    if engine is not None:
        try:
            await asyncio.wait_for(engine.idle(), timeout=SHUTDOWN_GRACE)
        except TimeoutError:
            log.warning("turns still running after %.0fs; stopping anyway", SHUTDOWN_GRACE)
    task.cancel()
    try:
        await task
    except asyncio.CancelledError:
        pass
    return 0


def _login() -> str:
    try:
        return getpass.getuser() or "you"
    except Exception:
        return "you"


_COMMANDS: dict[str, Callable[[Settings, argparse.Namespace], Coroutine[Any, Any, int]]] = {
    "run": _run,
    "console": _console,
    "slack": _slack,
    "discord": _discord,
    "doctor": _doctor,
    "migrate-store": _migrate_store,
}
