"""How adapters/ and bot/ fit together: bot/ finds adapters by name and never imports
them; adapters are typed against the storage interface; each adapter loads by name."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import discord as discord_py
import pytest

import adapters
from adapters import console, slack
from adapters import discord as discord_adapter
from bot.platform import adapter_factory, adapter_probe

from ..helpers import ROOT

MAX_LINES = 400


def imported_modules(path: Path) -> set[str]:
    """Every module a source file imports (absolute names; relative ones resolved)."""
    package = ".".join(path.relative_to(ROOT).with_suffix("").parts[:-1])
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = package.rsplit(".", node.level - 1)[0] if node.level else ""
            module = ".".join(x for x in (base, node.module or "") if x)
            names.add(module)
            names.update(f"{module}.{a.name}" for a in node.names)
    return names


def test_bot_never_imports_adapters() -> None:
    for path in sorted((ROOT / "bot").rglob("*.py")):
        bad = {m for m in imported_modules(path) if m == "adapters" or m.startswith("adapters.")}
        assert not bad, (path, bad)


def test_adapters_are_typed_against_the_store_interface() -> None:
    for path in sorted((ROOT / "adapters").rglob("*.py")):
        names = imported_modules(path)
        assert not {m for m in names if m.startswith("bot.store.sqlite")}, path
        assert "bot.store.SQLiteStore" not in names, path


def test_no_adapter_module_is_over_400_lines() -> None:
    for path in sorted((ROOT / "adapters").rglob("*.py")):
        lines = len(path.read_text(encoding="utf-8").splitlines())
        assert lines <= MAX_LINES, (path, lines)


def test_each_adapter_loads_by_name() -> None:
    assert adapter_factory("slack") is adapters.load("slack") is slack.create
    assert adapter_factory("discord") is discord_adapter.create
    assert adapter_factory("console") is console.create
    assert adapter_probe("slack") is slack.probe
    assert adapter_probe("discord") is discord_adapter.probe
    with pytest.raises(LookupError, match="no adapter named 'irc'"):
        adapters.load("irc")
    with pytest.raises(LookupError, match="no credentials"):
        adapters.probe("console")


def test_the_discord_package_does_not_shadow_discord_py() -> None:
    """`import discord` inside adapters/discord/ is the library, not the package itself."""
    from adapters.discord import app, client

    assert app.discord is discord_py and client.discord is discord_py
    assert Path(discord_py.__file__).parent.parent.name in ("site-packages", "dist-packages")
    assert issubclass(client.Client, discord_py.Client)


@pytest.mark.slow
def test_the_console_imports_no_platform_sdk() -> None:
    """A platform's SDK is imported only when its adapter is asked for (a fast console)."""
    code = (
        "import sys, adapters; adapters.load('console'); "
        "print(sorted(m for m in ('discord', 'slack_bolt', 'slack_sdk') if m in sys.modules))"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "[]"
