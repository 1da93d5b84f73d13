"""Loading dialogs/ into an immutable, precompiled form the engine reads on every turn.

    files.py     finding and reading the YAML (YAML 1.2 booleans)
    schema.py    the shape of flow.yaml, rules.yaml, notes.yaml, guidance.yaml
    conditions.py  the condition language, compiled to closures, checked against the flow
    build.py     flow / rules / notes compiled
    locale.py    one language's words
    compiled.py  the compiled objects (Dialogs, Node, Option, ...)
    lint.py      `python -m bot check`: what a coach's edit broke

Everything a turn needs (labels, matching tables, compiled conditions) is prepared here
once, at start-up. A broken file fails loudly with the file, the node and the problem.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from ..understanding import NeutralSpec
from .build import (
    answer_domain,
    compile_nodes,
    compile_notes,
    compile_rules,
    compile_shared,
    compile_timers,
    compile_variants,
    compile_weighed,
    note_fact_domain,
)
from .compiled import (
    FALLBACK,
    LOCALES,
    SHARED,
    Dialogs,
    Node,
    NoteRules,
    Option,
    Reason,
    Rule,
    Timer,
    Weighed,
    resolve_locale,
    variant,
)
from .draft_words import DraftWords, NameTables, load_names
from .files import default_dir, read_yaml
from .locale import TEXT_FILES, DraftIds, Locale, NodeText, NoteWording, load_locale
from .questions import checklist_keys, question_options, understanding_problems
from .schema import FlowSpec, GuidanceSpec, NotesSpec, RulesSpec

__all__ = [
    "FALLBACK",
    "LOCALES",
    "TEXT_FILES",
    "DialogError",
    "Dialogs",
    "DraftWords",
    "NameTables",
    "Locale",
    "Node",
    "NodeText",
    "NoteRules",
    "NoteWording",
    "Option",
    "Reason",
    "SHARED",
    "variant",
    "Rule",
    "Timer",
    "Weighed",
    "default_dir",
    "load",
    "read_yaml",
    "resolve_locale",
]

M = TypeVar("M", bound=BaseModel)


class DialogError(Exception):
    """Every problem found, each naming its file and node."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("the dialogs are broken:\n" + "\n".join(f"  - {p}" for p in problems))


def load(root: Path | str | None = None) -> Dialogs:
    root = Path(root) if root else default_dir()
    problems: list[str] = []
    flow = _schema(root, "flow.yaml", FlowSpec, problems)
    rules = _schema(root, "rules.yaml", RulesSpec, problems)
    notes = _schema(root, "notes.yaml", NotesSpec, problems)
    guidance = _schema(root, "guidance.yaml", GuidanceSpec, problems)
    neutral = _schema(root, "understanding.yaml", NeutralSpec, problems)
    if flow is None or rules is None or notes is None or guidance is None or neutral is None:
        raise DialogError(problems)

    domain = answer_domain(flow, rules)
    facts = note_fact_domain(domain, notes)
    gids = set(guidance.points)
    names = _names(root, domain.get(notes.address) or frozenset(), problems)
    draft_ids = DraftIds(domain.get(notes.address) or frozenset(), names.title_rank)
    nodes = compile_nodes(flow, domain, gids, problems)
    compiled_rules = compile_rules(rules, domain, gids, problems)
    for gid, point in guidance.points.items():
        problems.extend(
            f"guidance.yaml: {gid} names unknown source '{sid}'"
            for sid in point.sources
            if sid not in guidance.sources
        )
    understood = (neutral, question_options(flow), checklist_keys(flow))
    problems.extend(understanding_problems(neutral, understood[1]))
    locales = {}
    for code in LOCALES:
        loc = load_locale(root, code, flow, rules, guidance, facts, understood, problems, draft_ids)
        if loc is not None:
            locales[code] = loc
    written = set.intersection(*(set(loc.notes) for loc in locales.values())) if locales else set()
    note_rules = compile_notes(notes, domain, facts, written, problems)
    for nid, node in nodes.items():
        if node.kind and node.kind != "auto" and node.kind not in written:
            problems.append(
                f"flow.yaml: node '{nid}': note kind '{node.kind}' has no wording in drafts.yaml"
            )
    d = Dialogs(
        root=root,
        start=flow.start,
        nodes=nodes,
        timers=compile_timers(flow, domain, problems),
        moved=_moved(flow, problems),
        rules=compiled_rules,
        outcomes={k: tuple(v.cites) for k, v in rules.outcomes.items()},
        outcome_variants={
            k: compile_variants(v.variants, f"rules.yaml: outcome '{k}'", domain, problems)
            for k, v in rules.outcomes.items()
        },
        shared=compile_shared(rules, domain, gids, problems),
        weighed=compile_weighed(rules, flow, domain, problems),
        notes=note_rules,
        sources=guidance.sources,
        points=guidance.points,
        locales=locales,
        names=names,
    )
    if problems:
        raise DialogError(problems)
    return d


def _names(root: Path, addresses: frozenset[str], problems: list[str]) -> NameTables:
    """dialogs/names.yaml: how typed names, roles and referrals are read."""
    try:
        raw = read_yaml(root / "names.yaml")
    except FileNotFoundError:
        problems.append("names.yaml: file is missing")
        return NameTables()
    except yaml.YAMLError as e:
        problems.append(f"names.yaml: not valid YAML: {e}")
        return NameTables()
    if not isinstance(raw, dict):
        problems.append("names.yaml: expected a mapping at the top")
        return NameTables()
    return load_names(raw, addresses, problems)


def _moved(flow: FlowSpec, problems: list[str]) -> dict[str, str]:
    for old, new in flow.moved.items():
        if old in flow.nodes:
            problems.append(f"flow.yaml: moved: '{old}' is still a node")
        if new not in flow.nodes:
            problems.append(f"flow.yaml: moved: '{old}' goes to unknown node '{new}'")
    return dict(flow.moved)


def _schema(root: Path, name: str, model: type[M], problems: list[str]) -> M | None:
    path = root / name
    try:
        raw: Any = read_yaml(path)
    except FileNotFoundError:
        problems.append(f"{name}: file is missing")
        return None
    except yaml.YAMLError as e:
        problems.append(f"{name}: not valid YAML: {e}")
        return None
    try:
        return model.model_validate(raw)
    except ValidationError as e:
        for err in e.errors():
            where = ".".join(str(x) for x in err["loc"])
            problems.append(f"{name}: at {where}: {err['msg']}")
        return None
