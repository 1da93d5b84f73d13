"""`python -m bot check`: lint the dialogs a coach edited before they go live.

The loader already refuses what cannot run; this finds what runs but is wrong: nodes no
path reaches, dead ends, loops that never ask, advice without a citation, strings missing
in a language, guidance points nothing cites.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from ..text import placeholders
from .compiled import FALLBACK, LOCALES, Dialogs
from .files import read_yaml
from .lint_advice import unweighed
from .lint_understanding import problems as understanding_problems
from .locale import TEXT_FILES

ADVICE_TYPES = ("info", "recommend", "draft")


@dataclass
class Report:
    problems: list[str] = field(default_factory=list)
    cited: dict[str, set[str]] = field(default_factory=dict)  # locale -> guidance ids
    reachable: set[str] = field(default_factory=set)

    @property
    def ok(self) -> bool:
        return not self.problems


def successors(d: Dialogs, nid: str) -> Iterator[str]:
    node = d.nodes[nid]
    for _, goto in node.routes:
        yield goto
    for c in node.options:
        if c.next:
            yield c.next


def lint(d: Dialogs) -> Report:
    r = Report()
    roots = [d.start, *(t.node for t in d.timers.values())]
    seen, todo = set(roots), list(roots)
    while todo:
        for nxt in successors(d, todo.pop()):
            if nxt not in seen:
                seen.add(nxt)
                todo.append(nxt)
    r.reachable = seen
    for nid, node in d.nodes.items():
        where = f"flow.yaml: node '{nid}'"
        if nid not in seen:
            r.problems.append(
                f"{where}: unreachable (no path from '{d.start}' or a timer leads here)"
            )
        if (
            node.type != "end"
            and not node.routes
            and not (node.options and all(c.next for c in node.options))
        ):
            r.problems.append(f"{where}: dead end (a {node.type} node with no `next`)")
        if node.type in ADVICE_TYPES and not node.cites:
            r.problems.append(f"{where}: gives advice but cites no guidance id")
    r.problems.extend(_info_cycles(d))
    r.problems.extend(unweighed(d))
    r.problems.extend(understanding_problems(d))
    r.problems.extend(_compare_locales(d))
    for code in LOCALES:
        r.cited[code] = _cited(d, code, seen)
    return r


def _info_cycles(d: Dialogs) -> list[str]:
    """Nodes that need no input must not loop back on themselves, or a turn never ends."""
    out: list[str] = []
    state: dict[str, int] = {}  # 1: on the current path, 2: done

    def visit(nid: str, path: list[str]) -> None:
        if d.nodes[nid].waits or state.get(nid) == 2:
            return
        if state.get(nid) == 1:
            out.append(
                f"flow.yaml: nodes {' -> '.join([*path[path.index(nid) :], nid])} loop without asking anything"
            )
            return
        state[nid] = 1
        for nxt in successors(d, nid):
            visit(nxt, [*path, nid])
        state[nid] = 2

    for nid in d.nodes:
        visit(nid, [])
    return out


def _cited(d: Dialogs, code: str, reachable: set[str]) -> set[str]:
    """Guidance ids that a reachable node cites, and that this locale explains."""
    loc = d.locales[code]
    ids: set[str] = set()
    for nid in reachable:
        node = d.nodes[nid]
        if nid not in loc.nodes:
            continue
        ids.update(node.cites)
        for c in node.options:
            ids.update(c.cites)
        if node.type == "recommend":
            for rule in d.rules:
                ids.update(d.outcomes.get(rule.outcome, ()))
                for r in rule.reasons:
                    if not isinstance(r, str):
                        ids.update(r.cites)
            for r in d.shared:
                ids.update(r.cites)
    return {gid for gid in ids if gid in loc.guidance}


def _compare_locales(d: Dialogs) -> list[str]:
    """Every locale has the same strings as the fallback, with the same {placeholders}."""
    out: list[str] = []
    for code in LOCALES:
        if code == FALLBACK:
            continue
        for name in TEXT_FILES:
            base = read_yaml(d.root / FALLBACK / f"{name}.yaml")
            other = read_yaml(d.root / code / f"{name}.yaml")
            for path, a, b in _pairs(base, other):
                if b is _MISSING:
                    out.append(f"{code}/{name}.yaml: '{path}' is missing (present in {FALLBACK})")
                elif (
                    isinstance(a, str) and isinstance(b, str) and placeholders(a) != placeholders(b)
                ):
                    out.append(
                        f"{code}/{name}.yaml: '{path}' uses {sorted(placeholders(b))}, {FALLBACK} uses {sorted(placeholders(a))}"
                    )
    return out


_MISSING: Any = object()
_WORD_LISTS = (
    "control",
    "yes",
    "no",
    "start_args",
    "dates",
    "synonyms",
    # understanding.yaml: each language's own phrases
    "words",
    "phrases",
    "at_question",
    "exclude",
    "examples",
    # drafts.yaml: how each language greets and reads criticism differs on purpose
    "salutations",
    "titles",
    "company",
    "tone_check",
)


def _pairs(a: Any, b: Any, path: str = "") -> Iterator[tuple[str, Any, Any]]:
    if isinstance(a, dict):
        if not isinstance(b, dict):
            yield path, a, _MISSING
            return
        for k, v in a.items():
            if str(k) in _WORD_LISTS:
                continue  # word lists differ by language on purpose
            yield from _pairs(v, b.get(k, _MISSING), f"{path}.{k}" if path else str(k))
    elif isinstance(a, list) and isinstance(b, list):
        for i, (x, y) in enumerate(zip(a, b, strict=False)):
            yield from _pairs(x, y, f"{path}[{i}]")
    else:
        yield path, a, b


def format_report(d: Dialogs, r: Report) -> str:
    all_ids = sorted(d.points)
    lines = [
        f"dialogs: {d.root}",
        f"nodes: {len(d.nodes)} ({len(r.reachable)} reachable), locales: {', '.join(LOCALES)}",
    ]
    for code, ids in r.cited.items():
        missing = [g for g in all_ids if g not in ids]
        lines.append(
            f"guidance cited by reachable nodes [{code}]: {len(ids)}/{len(all_ids)}"
            + (f"; never cited: {', '.join(missing)}" if missing else "")
        )
        if missing:
            r.problems.append(
                f"[{code}] guidance ids no reachable node cites: {', '.join(missing)}"
            )
    if r.problems:
        lines.append(f"{len(r.problems)} problem(s):")
        lines.extend(f"  - {p}" for p in r.problems)
    else:
        lines.append("OK: no problems found")
    return "\n".join(lines)
