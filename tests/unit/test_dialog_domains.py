"""The loader checks every id a condition or a note rule names against what the flow can
answer: a choice renamed in flow.yaml fails at load, naming the file and the place."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bot import dialogs as dialog_files
from bot.dialogs.conditions import ConditionError, compile_condition

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def copy(tmp_path: Path) -> Path:
    dst = tmp_path / "dialogs"
    shutil.copytree(ROOT / "dialogs", dst)
    return dst


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def problems(folder: Path) -> str:
    with pytest.raises(dialog_files.DialogError) as e:
        dialog_files.load(folder)
    return str(e.value)


def test_a_renamed_stage_choice_fails_where_notes_and_rules_name_it(copy: Path) -> None:
    edit(copy / "flow.yaml", "      - {id: offer}\n", "      - {id: holding_offer}\n")
    for code in ("en", "de"):
        edit(copy / code / "nodes.yaml", "    offer:", "    holding_offer:")
    found = problems(copy)
    assert "notes.yaml: kinds[1]: 'stage' is never 'offer'" in found


def test_a_renamed_answer_fails_where_rules_test_it(copy: Path) -> None:
    edit(copy / "flow.yaml", "    answer: accept\n", "    answer: would_accept\n")
    found = problems(copy)
    assert "rules.yaml: rule 3 (finish_then_withdraw): unknown answer 'accept'" in found


def test_a_weighed_line_must_name_a_checklist(copy: Path) -> None:
    edit(copy / "rules.yaml", "    - {ticked: factors}", "    - {ticked: income}")
    assert "rules.yaml: weighed.for[0]: 'income' is not a checklist node" in problems(copy)


def test_conditions_check_values_against_the_domain() -> None:
    domain = {"stage": frozenset({"offer", "not_yet"}), "company": None}
    assert compile_condition({"stage": "offer"}, domain)({"stage": "offer"})
    assert compile_condition({"company": {"given": True}}, domain)({"company": "Initech"})
    with pytest.raises(ConditionError, match="'stage' is never 'ofer'"):
        compile_condition({"stage": "ofer"}, domain)
    with pytest.raises(ConditionError, match="unknown answer 'stag'"):
        compile_condition({"stag": "offer"}, domain)


def test_the_linter_finds_a_reported_sign_the_advice_drops(copy: Path) -> None:
    from bot.dialogs.lint import lint

    edit(
        copy / "rules.yaml",
        "  - {id: sign_late, cites: [G08], when: {signals: {any: [late]}}}\n",
        "",
    )
    problems = lint(dialog_files.load(copy)).problems
    assert any("'late' ticked at 'signals' is not weighed by G08" in p for p in problems), problems
