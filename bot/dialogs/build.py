"""Compiling the language-neutral files (flow, rules, notes) into `compiled` objects.

Every id a condition names is checked against what the flow can answer (`answer_domain`),
so a renamed choice or answer fails here, at load, with its file and place.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from .compiled import SHARED, Node, NoteRules, Option, Reason, Rule, Timer, Variants, Weighed
from .conditions import ConditionError, Domain, Predicate, always, compile_condition
from .schema import ID, FlowSpec, NodeSpec, NotesSpec, RuleReasonSpec, RulesSpec, VariantSpec

TONE_FLAG_VALUES = frozenset({"negative", "ok"})
YES_NO = frozenset({"yes", "no"})
# The values of the flag a `parse` sets: a name, "yes" when this language's greeting needs
# the form of address and the name did not give it; a referral, "sentence" when what was
# typed was read into something else (and is shown back), "name" when it was just that.
PARSE_FLAGS = {"name": YES_NO, "referral": frozenset({"sentence", "name"})}


def answer_domain(flow: FlowSpec, rules: RulesSpec) -> dict[str, frozenset[str] | None]:
    """Every answer name a condition may test, with the values it can take (None: any)."""
    values: dict[str, set[str] | None] = {}

    def add(name: str, new: set[str] | None) -> None:
        if name in values and values[name] is None:
            return
        if new is None:
            values[name] = None
        else:
            values[name] = (values.get(name) or set()) | new

    for node in flow.nodes.values():
        if node.answer:
            if node.type in ("choice", "checklist"):
                add(node.answer, {c.id for c in node.choices})
            elif node.type == "recommend":
                add(node.answer, set(rules.outcomes))
            else:
                add(node.answer, None)
        for name, flag_values in _engine_answers(node):
            add(name, flag_values)
        if node.schedule == "checkin":  # set by the engine when the check-in is worked out
            add("checkin_scheduled", set(YES_NO))
        for c in node.choices:
            for k, v in c.set.items():
                add(k, {v})
    return {k: (frozenset(v) if v is not None else None) for k, v in values.items()}


def _engine_answers(node: NodeSpec) -> list[tuple[str, set[str] | None]]:
    """What the engine stores beside a node's answer: the flags its reading sets, and a
    referral's line about them."""
    out: list[tuple[str, set[str] | None]] = []
    if node.tone_check:
        out.append((node.tone_check, set(TONE_FLAG_VALUES)))
    if node.flag and node.parse in PARSE_FLAGS:
        out.append((node.flag, set(PARSE_FLAGS[node.parse])))
    if node.detail:
        out.append((node.detail, None))
    return out


def note_fact_domain(answers: Domain, notes: NotesSpec) -> dict[str, frozenset[str] | None]:
    out: dict[str, frozenset[str] | None] = dict(answers)
    for k, v in notes.defaults.items():
        known = out.get(k, frozenset())
        out[k] = None if known is None else known | {v}
    for name in notes.derived:
        out[name] = YES_NO
    return out


def compile_nodes(
    flow: FlowSpec, domain: Domain, gids: set[str], problems: list[str]
) -> dict[str, Node]:
    out: dict[str, Node] = {}
    targets = set(flow.nodes)
    if flow.start not in targets:
        problems.append(f"flow.yaml: start node '{flow.start}' does not exist")
    for nid, spec in flow.nodes.items():
        where = f"flow.yaml: node '{nid}'"
        cond = _conditions(domain, where, problems)
        problems.extend(_node_problems(nid, spec, where, gids))
        problems.extend(
            f"{where}: clears unknown answer '{a}'" for a in spec.clears if a not in domain
        )
        out[nid] = Node(
            id=nid,
            type=spec.type,
            answer=spec.answer,
            options=tuple(_options(spec.choices, where, targets, gids, cond, problems)),
            routes=tuple(_routes(spec, where, targets, cond, problems)),
            cites=tuple(spec.cites),
            parse=spec.parse,
            max_length=spec.max_length,
            form=spec.form,
            tone_check=spec.tone_check,
            kind=spec.kind,
            schedule=spec.schedule,
            cancel=tuple(spec.cancel),
            variants=compile_variants(spec.variants, where, domain, problems),
            compact=spec.compact,
            flag=spec.flag,
            detail=spec.detail,
            clears=tuple(spec.clears),
        )
    return out


def _node_problems(nid: str, spec: NodeSpec, where: str, gids: set[str]) -> list[str]:
    out = []
    if not re.match(ID, nid):
        out.append(f"{where}: ids are lower-case letters, digits and _ (at most 30)")
    out.extend(
        f"{where}: cites unknown guidance id '{gid}'" for gid in spec.cites if gid not in gids
    )
    if spec.type in ("choice", "checklist") and not spec.choices:
        out.append(f"{where}: a {spec.type} node needs choices")
    if spec.type in ("choice", "checklist", "text") and not spec.answer:
        out.append(f"{where}: a {spec.type} node needs `answer` (where its answer is stored)")
    if spec.type == "draft" and not spec.kind:
        out.append(f"{where}: a draft node needs `kind`")
    if spec.flag and spec.parse not in PARSE_FLAGS:
        out.append(f"{where}: `flag` is set by `parse: name` or `parse: referral`")
    if spec.detail and spec.parse != "referral":
        out.append(f"{where}: `detail` is a referral's line (`parse: referral`)")
    return out


def _routes(
    spec: NodeSpec,
    where: str,
    targets: set[str],
    cond: Callable[[Any, str], Predicate],
    problems: list[str],
) -> list[tuple[Predicate, str]]:
    routes: list[tuple[Predicate, str]] = []
    if isinstance(spec.next, str):
        routes.append((always, spec.next))
    elif isinstance(spec.next, list):
        routes.extend((cond(r.when, f"next[{i}]"), r.goto) for i, r in enumerate(spec.next))
        if spec.next and spec.next[-1].when is not None:
            problems.append(
                f"{where}: the last entry of `next` needs no `when` (it is the fallback)"
            )
    problems.extend(
        f"{where}: `next` goes to unknown node '{goto}'"
        for _, goto in routes
        if goto not in targets
    )
    return routes


def _conditions(domain: Domain, where: str, problems: list[str]) -> Callable[[Any, str], Predicate]:
    def cond(raw: Any, what: str) -> Predicate:
        try:
            return compile_condition(raw, domain)
        except ConditionError as e:
            problems.append(f"{where}: {what}: {e}")
            return always

    return cond


def _options(
    specs: list[Any],
    where: str,
    targets: set[str],
    gids: set[str],
    cond: Callable[[Any, str], Predicate],
    problems: list[str],
) -> list[Option]:
    options = []
    seen: set[str] = set()
    for c in specs:
        if c.id in seen:
            problems.append(f"{where}: choice '{c.id}' appears twice")
        seen.add(c.id)
        if c.next and c.next not in targets:
            problems.append(f"{where}: choice '{c.id}' goes to unknown node '{c.next}'")
        problems.extend(
            f"{where}: choice '{c.id}' cites unknown guidance id '{gid}'"
            for gid in c.cites
            if gid not in gids
        )
        options.append(
            Option(c.id, c.next, cond(c.when, f"choice '{c.id}'"), dict(c.set), tuple(c.cites))
        )
    return options


def compile_timers(flow: FlowSpec, domain: Domain, problems: list[str]) -> dict[str, Timer]:
    out: dict[str, Timer] = {}
    for kind, spec in flow.timers.items():
        if spec.node not in flow.nodes:
            problems.append(f"flow.yaml: timer '{kind}' goes to unknown node '{spec.node}'")
        if spec.date is not None and spec.date not in domain:
            problems.append(
                f"flow.yaml: timer '{kind}' takes its date from unknown answer '{spec.date}'"
            )
        out[kind] = Timer(spec.node, spec.date)
    return out


def compile_rules(
    rules: RulesSpec, domain: Domain, gids: set[str], problems: list[str]
) -> tuple[Rule, ...]:
    out = []
    for i, r in enumerate(rules.rules):
        where = f"rules.yaml: rule {i + 1} ({r.outcome})"
        if r.outcome not in rules.outcomes:
            problems.append(f"{where}: unknown outcome '{r.outcome}'")
        try:
            when = compile_condition(r.when, domain)
        except ConditionError as e:
            problems.append(f"{where}: {e}")
            continue
        reasons: list[Reason | str] = []
        for rr in r.reasons:
            if isinstance(rr, str):
                reasons.append(SHARED)
            elif (reason := _reason(rr, where, domain, gids, problems)) is not None:
                reasons.append(reason)
        out.append(Rule(r.outcome, when, tuple(reasons)))
    if rules.rules and rules.rules[-1].when is not None:
        problems.append("rules.yaml: the last rule needs no `when` (it is the fallback)")
    for name, spec in rules.outcomes.items():
        problems.extend(
            f"rules.yaml: outcome '{name}' cites unknown guidance id '{gid}'"
            for gid in spec.cites
            if gid not in gids
        )
    return tuple(out)


def compile_shared(
    rules: RulesSpec, domain: Domain, gids: set[str], problems: list[str]
) -> tuple[Reason, ...]:
    out = []
    for i, rr in enumerate(rules.shared):
        where = f"rules.yaml: shared[{i}] ({rr.id})"
        unknown = [o for o in rr.outcomes or [] if o not in rules.outcomes]
        problems.extend(f"{where}: unknown outcome '{o}'" for o in unknown)
        reason = _reason(rr, where, domain, gids, problems)
        if reason is not None:
            out.append(reason)
    return tuple(out)


def _reason(
    rr: RuleReasonSpec, where: str, domain: Domain, gids: set[str], problems: list[str]
) -> Reason | None:
    problems.extend(
        f"{where}: reason '{rr.id}' cites unknown guidance id '{gid}'"
        for gid in rr.cites
        if gid not in gids
    )
    try:
        when = compile_condition(rr.when, domain)
    except ConditionError as e:
        problems.append(f"{where}: reason '{rr.id}': {e}")
        return None
    outcomes = frozenset(rr.outcomes) if rr.outcomes is not None else None
    return Reason(rr.id, tuple(rr.cites), when, outcomes)


def compile_variants(
    specs: list[VariantSpec], where: str, domain: Domain, problems: list[str]
) -> Variants:
    out = []
    for i, v in enumerate(specs):
        try:
            out.append((compile_condition(v.when, domain), v.use))
        except ConditionError as e:
            problems.append(f"{where}: variants[{i}]: {e}")
    return tuple(out)


def compile_weighed(
    rules: RulesSpec, flow: FlowSpec, domain: Domain, problems: list[str]
) -> dict[str, tuple[Weighed, ...]]:
    checklists = {nid for nid, n in flow.nodes.items() if n.type == "checklist"}
    out: dict[str, tuple[Weighed, ...]] = {}
    for side, lines in rules.weighed.items():
        compiled = []
        for i, line in enumerate(lines):
            where = f"rules.yaml: weighed.{side}[{i}]"
            if (line.ticked is None) == (line.say is None):
                problems.append(
                    f"{where}: give either `ticked` (a checklist) or `say` (a sentence)"
                )
                continue
            if line.ticked is not None and line.ticked not in checklists:
                problems.append(f"{where}: '{line.ticked}' is not a checklist node")
            try:
                when = compile_condition(line.when, domain)
            except ConditionError as e:
                problems.append(f"{where}: {e}")
                continue
            compiled.append(Weighed(line.ticked, when, line.say))
        out[side] = tuple(compiled)
    return out


def compile_notes(
    notes: NotesSpec, domain: Domain, facts: Domain, kinds_written: set[str], problems: list[str]
) -> NoteRules:
    kinds: list[tuple[Predicate, str]] = []
    for i, k in enumerate(notes.kinds):
        try:
            kinds.append((compile_condition(k.when, domain), k.kind))
        except ConditionError as e:
            problems.append(f"notes.yaml: kinds[{i}]: {e}")
    if notes.kinds and notes.kinds[-1].when is not None:
        problems.append(
            "notes.yaml: the last entry of `kinds` needs no `when` (it is the fallback)"
        )
    derived = []
    for name, raw in notes.derived.items():
        try:
            derived.append((name, compile_condition(raw, facts)))
        except ConditionError as e:
            problems.append(f"notes.yaml: derived '{name}': {e}")
    problems.extend(
        f"notes.yaml: slot '{s}' is not an answer of the flow"
        for s in notes.slots
        if s not in domain
    )
    problems.extend(
        f"notes.yaml: default for unknown answer '{k}'" for k in notes.defaults if k not in domain
    )
    for kind in {k.kind for k in notes.kinds} - kinds_written:
        problems.append(f"notes.yaml: kind '{kind}' has no wording in drafts.yaml")
    if notes.tone not in domain:
        problems.append(f"notes.yaml: tone answer '{notes.tone}' is not an answer of the flow")
    try:
        compile_condition(dict(notes.shorter), facts)
    except ConditionError as e:
        problems.append(f"notes.yaml: shorter: {e}")
    for kind, (low, high) in notes.lengths.items():
        if kind not in kinds_written:
            problems.append(f"notes.yaml: lengths: kind '{kind}' has no wording in drafts.yaml")
        if not 0 < low < high:
            problems.append(f"notes.yaml: lengths: '{kind}' needs 0 < min < max")
    return NoteRules(
        tuple(kinds),
        dict(notes.defaults),
        tuple(derived),
        tuple(notes.slots),
        notes.tone,
        dict(notes.shorter),
        dict(notes.lengths),
    )
