"""The console chat end to end: `python -m bot console --json` in a subprocess."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from ...helpers import bot_env
from .conftest import Console

pytestmark = pytest.mark.slow  # every test here starts `python -m bot` in a subprocess


def messages(out: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [m for m in out if "event" not in m]


def test_a_whole_conversation_reaches_a_cited_recommendation(console: Console) -> None:
    out = console(["3", "2", "5", "done", "no", "yes", "3", "done", "1", "2"])
    assert out[-1] == {"event": "awaiting_input"}
    assert sum(1 for m in out if m.get("event") == "awaiting_input") == 11  # the launch + 10 inputs
    recs = [m for m in messages(out) if m["kind"] == "recommendation"]
    assert len(recs) == 1
    rec = recs[0]["recommendation"]
    assert rec["outcome"] == "withdraw_now"
    assert rec["reasons"] and all(r["cites"] and r["text"] for r in rec["reasons"])
    assert {c["label"] for c in recs[0]["choices"]} == {"That sounds right", "I see it differently"}
    for m in messages(out):
        assert {"text", "choices", "to", "kind"} <= set(m)


def test_choice_ids_and_free_text_lines(console: Console) -> None:
    first = console([])
    stage = next(m for m in messages(first) if m["kind"] == "question")
    offer = next(c["id"] for c in stage["choices"] if c["label"] == "I have an offer")
    out = console([offer, "hello there"])
    texts = [m["text"] for m in messages(out)]
    assert any("Which of these have you noticed" in t for t in texts)
    assert any("didn't catch that" in t for t in texts)


def test_killed_mid_conversation_resumes_at_the_same_question(
    tmp_path: Path, console: Console
) -> None:
    proc = subprocess.Popen(
        [sys.executable, "-m", "bot", "console", "--json", "--user", "ada"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=tmp_path,
        env=bot_env(tmp_path),
    )
    assert proc.stdin and proc.stdout

    def until_awaiting() -> list[dict[str, Any]]:
        got = []
        while True:
            line = proc.stdout.readline()  # type: ignore[union-attr]
            assert line, "the console ended early"
            obj = json.loads(line)
            if obj.get("event") == "awaiting_input":
                return got
            got.append(obj)

    until_awaiting()
    for answer in ("3", "4"):
        proc.stdin.write(answer + "\n")
        proc.stdin.flush()
        shown = until_awaiting()
    question = [m for m in shown if m["kind"] == "question"][-1]["text"]
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=10)
    out = console([])
    texts = [m["text"] for m in messages(out)]
    assert any("Welcome back" in t for t in texts)
    assert texts[-1] == question


def test_the_draft_arrives_as_a_direct_message(console: Console) -> None:
    lines = [
        "3",
        "2",
        "done",
        "no",
        "yes",
        "3",
        "done",
        "1",
        "2",
        "1",
        "1 2 3 4",  # the SURE test: all four ticked
        "done",
        "1",
        "yes",  # door open
        "1",  # no referral
        "2",  # no other roles
        "2",  # a brief reason
        "Dana; Initech; Analyst; Robin",  # the details on one line
    ]
    out = console(lines)
    drafts = [m for m in messages(out) if m["kind"] == "draft"]
    assert drafts and drafts[-1]["to"] == "dm"
    assert drafts[-1]["draft"]["subject"] and "Dear Dana," in drafts[-1]["draft"]["body"]


@pytest.mark.parametrize("value", ["soon", "-5s"])
def test_a_bad_setting_is_named_at_start_up(tmp_path: Path, value: str) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "bot", "console"],
        input="",
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=bot_env(tmp_path, REMINDER_DELAY=value),
        timeout=60,
    )
    assert proc.returncode == 2
    assert "REMINDER_DELAY" in proc.stderr and "Traceback" not in proc.stderr


def test_interactive_text_mode_marks_direct_messages(tmp_path: Path) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "bot", "console", "--user", "bo"],
        input="4\n",
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=bot_env(tmp_path),
        timeout=60,
    )
    assert proc.returncode == 0
    assert "  1) [ ] " in proc.stdout  # the checklist, numbered, with boxes
    started = time.time()
    assert started
