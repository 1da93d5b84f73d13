"""Golden conversations (tests/transcripts/*.yaml) replayed through the real engine and store.

Each step is one user action (start, click a choice by its id, type text, tick a
checklist) with what the user must then see (`expect`: node, outcome, cites, not_cites,
contains, absent, draft: kind / subject / body, and body_absent / subject_absent). `never` lists words that must not appear anywhere in the
conversation (a sentence that would contradict what this person said). A career coach
can add a transcript without writing Python.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from bot.dialogs import read_yaml
from bot.engine import Engine
from bot.models import Destination

from ..helpers import Conversation

FILES = sorted((Path(__file__).parent / "transcripts").glob("*.yaml"))


@pytest.mark.parametrize("path", FILES, ids=[p.stem for p in FILES])
async def test_transcript(path: Path, engine: Engine) -> None:
    script = read_yaml(path)
    chat = Conversation(engine, user=f"U-{path.stem}", locale=script.get("locale", "en"))
    never = [str(t) for t in script.get("never", [])]
    for i, step in enumerate(script["steps"], 1):
        where = f"{path.name} step {i} ({step})"
        await _act(chat, step)
        _check(chat, step.get("expect") or {}, where)
        for text in never:
            assert text not in _shown(chat), f"{where}: {text!r} was said:\n{_shown(chat)}"


async def _act(chat: Conversation, step: dict[str, Any]) -> None:
    if "start" in step:
        await chat.start(step["start"] or "")
    elif "click" in step:
        await chat.click(str(step["click"]))
    elif "say" in step:
        await chat.say(str(step["say"]))
    elif "tick" in step:
        await chat.tick(*[str(x) for x in step["tick"]])
    else:
        raise AssertionError(f"unknown step {step}")


def _check(chat: Conversation, expect: dict[str, Any], where: str) -> None:
    if "node" in expect:
        assert chat.node == expect["node"], f"{where}: at {chat.node}, expected {expect['node']}"
    if "outcome" in expect:
        recs = [r.recommendation for r in chat.replies if r.recommendation]
        assert recs, f"{where}: no recommendation shown"
        assert recs[-1].outcome == expect["outcome"], f"{where}: got {recs[-1].outcome}"
        cited = {c for reason in recs[-1].reasons for c in reason.cites}
        assert all(reason.cites for reason in recs[-1].reasons), (
            f"{where}: a reason without citation"
        )
        missing = set(expect.get("cites", [])) - cited
        assert not missing, f"{where}: reasons do not cite {missing}"
        wrong = set(expect.get("not_cites", [])) & cited
        assert not wrong, f"{where}: reasons cite {wrong}"
    shown = _shown(chat)
    for text in expect.get("contains", []):
        assert text in shown, f"{where}: {text!r} not shown in:\n{shown}"
    for text in expect.get("absent", []):
        assert text not in shown, f"{where}: {text!r} shown in:\n{shown}"
    if "draft" in expect:
        drafts = [r for r in chat.replies if r.draft and not r.edit]  # (not the clicked one)
        assert drafts, f"{where}: no draft"
        assert all(r.to is Destination.DM for r in drafts), (
            f"{where}: a draft not sent by direct message"
        )
        d = drafts[-1].draft
        assert d is not None
        for key, text in expect["draft"].items():
            if key == "kind":
                assert d.kind == text, f"{where}: draft kind {d.kind}"
            elif key.endswith("_absent"):  # body_absent / subject_absent: never in the note
                part = getattr(d, key.removesuffix("_absent"))
                for t in text if isinstance(text, list) else [text]:
                    assert t not in part, f"{where}: {t!r} in the draft:\n{part}"
            else:
                for t in text if isinstance(text, list) else [text]:
                    assert t in getattr(d, key), (
                        f"{where}: {t!r} not in the draft {key}:\n{getattr(d, key)}"
                    )


def _shown(chat: Conversation) -> str:
    """Everything the last replies showed: texts, buttons, drafts (subject and body)."""
    parts = [r.text for r in chat.replies]
    parts += [c.label for r in chat.replies for c in r.choices]
    parts += [f"{r.draft.subject}\n{r.draft.body}" for r in chat.replies if r.draft]
    return "\n".join(parts)
