"""`python -m bot check` on the shipped dialogs and on broken copies."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from bot import dialogs as dialog_files

from ..helpers import ROOT, bot_env


def check(tmp_path: Path, folder: Path | None = None) -> subprocess.CompletedProcess[str]:
    args = [sys.executable, "-m", "bot", "check"] + (["--dialogs", str(folder)] if folder else [])
    env = bot_env(tmp_path)
    env.pop("DIALOGS_DIR", None)
    return subprocess.run(args, capture_output=True, text=True, cwd=ROOT, env=env, timeout=60)


def test_the_shipped_dialogs_pass_and_cite_every_guidance_point(tmp_path: Path) -> None:
    proc = check(tmp_path)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "guidance cited by reachable nodes [en]: 37/37" in proc.stdout
    assert "guidance cited by reachable nodes [de]: 37/37" in proc.stdout
    assert "OK: no problems found" in proc.stdout


@pytest.fixture
def copy(tmp_path: Path) -> Path:
    dst = tmp_path / "dialogs"
    shutil.copytree(ROOT / "dialogs", dst)
    return dst


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_an_unknown_target_names_file_and_node(tmp_path: Path, copy: Path) -> None:
    edit(copy / "flow.yaml", "    next: accept\n", "    next: acept\n")
    proc = check(tmp_path, copy)
    assert proc.returncode == 1
    assert "flow.yaml: node 'signals': `next` goes to unknown node 'acept'" in proc.stderr


def test_a_missing_translation_is_reported(tmp_path: Path, copy: Path) -> None:
    edit(copy / "de" / "nodes.yaml", "\ndrift:\n", "\ndrift_removed:\n")
    proc = check(tmp_path, copy)
    assert proc.returncode == 1
    assert "de/nodes.yaml: node 'drift': text is missing" in proc.stderr


def test_unreachable_uncited_and_dead_end_nodes_are_reported(tmp_path: Path, copy: Path) -> None:
    flow = copy / "flow.yaml"
    edit(flow, "  done:\n    type: end\n", "  done:\n    type: end\n  orphan:\n    type: info\n")
    for code in ("en", "de"):
        with (copy / code / "nodes.yaml").open("a", encoding="utf-8") as f:
            f.write('\norphan:\n  text: "Hello"\n')
    proc = check(tmp_path, copy)
    assert proc.returncode == 1
    assert "node 'orphan': unreachable" in proc.stdout
    assert "node 'orphan': dead end" in proc.stdout
    assert "node 'orphan': gives advice but cites no guidance id" in proc.stdout


def test_uncited_guidance_is_listed(tmp_path: Path, copy: Path) -> None:
    rules = copy / "rules.yaml"
    edit(rules, "      - {id: talk_it_through, cites: [G21]}\n", "")
    for path in (copy / "flow.yaml", rules):  # every other citation of G21 goes too
        text = path.read_text(encoding="utf-8")
        path.write_text(text.replace(", G21]", "]").replace("[G21]", "[]"), encoding="utf-8")
    proc = check(tmp_path, copy)
    assert proc.returncode == 1
    assert "never cited: G21" in proc.stdout


def test_a_broken_file_fails_start_up_with_a_clear_message(tmp_path: Path, copy: Path) -> None:
    edit(
        copy / "flow.yaml",
        "    type: checklist\n    answer: signals",
        "    type: tickbox\n    answer: signals",
    )
    with pytest.raises(dialog_files.DialogError) as e:
        dialog_files.load(copy)
    assert "flow.yaml: at nodes.signals.type" in str(e.value)
    env = bot_env(tmp_path, DIALOGS_DIR=str(copy))
    proc = subprocess.run(
        [sys.executable, "-m", "bot", "console"],
        input="",
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=env,
        timeout=60,
    )
    assert (
        proc.returncode == 2
        and "nodes.signals.type" in proc.stderr
        and "Traceback" not in proc.stderr
    )
