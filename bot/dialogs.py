"""Loading dialogs/ into an immutable, precompiled form the engine reads on every turn.

Everything a turn needs (labels, matching tables, compiled conditions) is prepared here
once, at start-up. A broken file fails loudly with the file, the node and the problem.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from .conditions import ConditionError, Predicate, always, compile_condition
from .text import normalise

LOCALES = ("en", "de")
FALLBACK = "en"
DEFAULT_DIR = Path(__file__).resolve().parent.parent / "dialogs"
ID = r"^[a-z0-9][a-z0-9_]{0,29}$"  # `_`-prefixed ids are the engine's own (_done, _skip)
TEXT_FILES = ("nodes", "messages", "rules", "drafts", "words", "guidance")


class DialogError(Exception):
    """Every problem found, each naming its file and node."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("the dialogs are broken:\n" + "\n".join(f"  - {p}" for p in problems))


class _Loader(yaml.SafeLoader):
    """YAML 1.2 booleans: `yes`, `no`, `on`, `off` stay strings, as a coach would expect."""


_Loader.yaml_implicit_resolvers = {
    k: [(tag, rx) for tag, rx in v if tag != "tag:yaml.org,2002:bool"]
    for k, v in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_Loader.add_implicit_resolver("tag:yaml.org,2002:bool", re.compile(r"^(?:true|false)$"), list("tf"))


def read_yaml(path: Path) -> Any:
    with path.open(encoding="utf-8") as f:
        return yaml.load(f, Loader=_Loader)  # noqa: S506 - a SafeLoader subclass


# --- the schema of flow.yaml ---------------------------------------------------------


class Route(BaseModel):
    model_config = ConfigDict(extra="forbid")
    when: dict[str, Any] | None = None
    goto: str


class ChoiceSpec(BaseModel):
    model_config = ConfigDict(extra="forbid")
    id: str = Field(pattern=ID)
    next: str | None = None
    when: dict[str, Any] | None = None
    set: dict[str, str] = Field(default_factory=dict)
    cites: list[str] = Field(default_factory=list)


class NodeSpec(BaseModel):
    model_config = ConfigDict(extra="forbid")
    type: Literal["info", "choice", "multi", "text", "recommend", "draft", "end"]
    answer: str | None = Field(default=None, pattern=ID)
    choices: list[ChoiceSpec] = Field(default_factory=list)
    next: str | list[Route] | None = None
    cites: list[str] = Field(default_factory=list)
    parse: Literal["date"] | None = None
    max_length: int = Field(default=500, ge=1, le=2000)
    form: str | None = None
    check: Literal["tone"] | None = None
    kind: str | None = None
    schedule: Literal["reminder", "checkin"] | None = None
    cancel: list[Literal["reminder", "checkin"]] = Field(default_factory=list)


class FlowSpec(BaseModel):
    model_config = ConfigDict(extra="forbid")
    start: str
    nodes: dict[str, NodeSpec]
    timers: dict[Literal["reminder", "checkin"], str] = Field(default_factory=dict)


class RuleReason(BaseModel):
    model_config = ConfigDict(extra="forbid")
    id: str = Field(pattern=ID)
    cites: list[str] = Field(min_length=1)
    when: dict[str, Any] | None = None


class RuleSpec(BaseModel):
    model_config = ConfigDict(extra="forbid")
    outcome: str
    when: dict[str, Any] | None = None
    reasons: list[RuleReason] = Field(min_length=1)


class RulesSpec(BaseModel):
    model_config = ConfigDict(extra="forbid")
    outcomes: dict[str, dict[str, list[str]]]
    rules: list[RuleSpec] = Field(min_length=1)


class SourceSpec(BaseModel):
    file: str
    title: str


class PointSpec(BaseModel):
    section: str
    sources: list[str]


class GuidanceSpec(BaseModel):
    sources: dict[str, SourceSpec]
    points: dict[str, PointSpec]


# --- the compiled form ---------------------------------------------------------------


@dataclass(frozen=True)
class Choice:
    id: str
    next: str | None
    when: Predicate
    set: Mapping[str, str]
    cites: tuple[str, ...]


@dataclass(frozen=True)
class Node:
    id: str
    type: str
    answer: str | None
    choices: tuple[Choice, ...]
    routes: tuple[tuple[Predicate, str], ...]
    cites: tuple[str, ...]
    parse: str | None
    max_length: int
    form: str | None
    check: str | None
    kind: str | None
    schedule: str | None
    cancel: tuple[str, ...]

    @property
    def waits(self) -> bool:
        """Does the conversation stop here for the user's input?"""
        if self.type == "info":
            return False
        if self.type == "draft":
            return bool(self.choices)
        return True

    def choice(self, cid: str) -> Choice | None:
        for c in self.choices:
            if c.id == cid:
                return c
        return None


@dataclass(frozen=True)
class Rule:
    outcome: str
    when: Predicate
    reasons: tuple[tuple[str, tuple[str, ...], Predicate], ...]


@dataclass
class NodeText:
    text: str
    choices: dict[str, str] = field(default_factory=dict)
    explain: dict[str, str] = field(default_factory=dict)
    help: str | None = None
    invalid: str | None = None
    label: str | None = None
    # normalised typed form -> choice id (labels, ids, synonyms)
    lookup: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class NoteSpec:
    """One kind of note from drafts.yaml: groups of (condition, text-by-tone) options."""

    subject: str
    groups: tuple[tuple[tuple[Predicate, Any], ...], ...]
    script: bool


@dataclass
class Locale:
    code: str
    nodes: dict[str, NodeText]
    messages: dict[str, str]
    outcomes: dict[str, dict[str, str]]
    reasons: dict[str, str]
    against: dict[str, str]
    for_: dict[str, str]
    drafts: dict[str, Any]
    notes: dict[str, NoteSpec]
    guidance: dict[str, str]
    control: dict[str, frozenset[str]]
    yes: frozenset[str]
    no: frozenset[str]
    start_args: dict[str, frozenset[str]]
    negative: tuple[str, ...]
    dates: dict[str, Any]

    def msg(self, key: str) -> str:
        return self.messages[key]


@dataclass
class Dialogs:
    root: Path
    start: str
    nodes: dict[str, Node]
    timers: dict[str, str]
    rules: tuple[Rule, ...]
    outcomes: dict[str, tuple[str, ...]]
    sources: dict[str, SourceSpec]
    points: dict[str, PointSpec]
    locales: dict[str, Locale]

    def locale(self, code: str | None) -> Locale:
        return self.locales.get(resolve_locale(code), self.locales[FALLBACK])

    def source_titles(self, cites: list[str] | tuple[str, ...]) -> list[str]:
        seen: list[str] = []
        for gid in cites:
            for sid in self.points[gid].sources:
                title = self.sources[sid].title
                if title not in seen:
                    seen.append(title)
        return seen


def resolve_locale(code: str | None) -> str:
    """Platform locales ('de-DE', 'de', 'en-US') to ours; anything else is English."""
    if not code:
        return FALLBACK
    head = code.strip().lower().replace("_", "-").split("-")[0]
    return head if head in LOCALES else FALLBACK


# --- loading ---------------------------------------------------------------------------


def load(root: Path | str | None = None) -> Dialogs:
    root = Path(root) if root else DEFAULT_DIR
    problems: list[str] = []

    def schema(path: Path, model: type[BaseModel]) -> Any:
        try:
            raw = read_yaml(path)
        except FileNotFoundError:
            problems.append(f"{_rel(path, root)}: file is missing")
            return None
        except yaml.YAMLError as e:
            problems.append(f"{_rel(path, root)}: not valid YAML: {e}")
            return None
        try:
            return model.model_validate(raw)
        except ValidationError as e:
            for err in e.errors():
                loc = ".".join(str(x) for x in err["loc"])
                problems.append(f"{_rel(path, root)}: at {loc}: {err['msg']}")
            return None

    flow: FlowSpec | None = schema(root / "flow.yaml", FlowSpec)
    rules: RulesSpec | None = schema(root / "rules.yaml", RulesSpec)
    guidance: GuidanceSpec | None = schema(root / "guidance.yaml", GuidanceSpec)
    if flow is None or rules is None or guidance is None:
        raise DialogError(problems)

    answers = _answer_names(flow)
    nodes = _compile_nodes(flow, answers, set(guidance.points), problems)
    compiled_rules = _compile_rules(rules, answers, set(guidance.points), problems)
    for gid, point in guidance.points.items():
        for sid in point.sources:
            if sid not in guidance.sources:
                problems.append(f"guidance.yaml: {gid} names unknown source '{sid}'")
    locales = {}
    for code in LOCALES:
        loc = _load_locale(root, code, flow, rules, guidance, problems)
        if loc is not None:
            locales[code] = loc
    if problems:
        raise DialogError(problems)
    return Dialogs(
        root=root,
        start=flow.start,
        nodes=nodes,
        timers=dict(flow.timers),
        rules=compiled_rules,
        outcomes={k: tuple(v.get("cites", [])) for k, v in rules.outcomes.items()},
        sources=guidance.sources,
        points=guidance.points,
        locales=locales,
    )


def _rel(path: Path, root: Path) -> str:
    try:
        return str(path.relative_to(root.parent))
    except ValueError:
        return str(path)


def _answer_names(flow: FlowSpec) -> set[str]:
    """Every name a condition may test: node answers, `set` keys, and computed ones."""
    names = {"outcome", "path", "length", "tone", "personal", "has_recipient", "has_sender"}
    for node in flow.nodes.values():
        if node.answer:
            names.add(node.answer)
            if node.check == "tone":
                names.add(f"{node.answer}_tone")
        for c in node.choices:
            names.update(c.set)
    return names


def _compile_nodes(flow: FlowSpec, answers: set[str], gids: set[str], problems: list[str]) -> dict[str, Node]:
    known = answers.__contains__
    out: dict[str, Node] = {}
    targets = set(flow.nodes)
    if flow.start not in targets:
        problems.append(f"flow.yaml: start node '{flow.start}' does not exist")
    for kind, target in flow.timers.items():
        if target not in targets:
            problems.append(f"flow.yaml: timer '{kind}' goes to unknown node '{target}'")
    for nid, spec in flow.nodes.items():
        where = f"flow.yaml: node '{nid}'"
        if not re.match(ID, nid):
            problems.append(f"{where}: ids are lower-case letters, digits and _ (at most 30)")

        def cond(raw: Any, what: str, where: str = where) -> Predicate:
            try:
                return compile_condition(raw, known)
            except ConditionError as e:
                problems.append(f"{where}: {what}: {e}")
                return always

        routes: list[tuple[Predicate, str]] = []
        if isinstance(spec.next, str):
            routes.append((always, spec.next))
        elif isinstance(spec.next, list):
            for i, r in enumerate(spec.next):
                routes.append((cond(r.when, f"next[{i}]"), r.goto))
            if spec.next and spec.next[-1].when is not None:
                problems.append(f"{where}: the last entry of `next` needs no `when` (it is the fallback)")
        for _, goto in routes:
            if goto not in targets:
                problems.append(f"{where}: `next` goes to unknown node '{goto}'")
        choices = []
        seen: set[str] = set()
        for c in spec.choices:
            if c.id in seen:
                problems.append(f"{where}: choice '{c.id}' appears twice")
            seen.add(c.id)
            if c.next and c.next not in targets:
                problems.append(f"{where}: choice '{c.id}' goes to unknown node '{c.next}'")
            for gid in c.cites:
                if gid not in gids:
                    problems.append(f"{where}: choice '{c.id}' cites unknown guidance id '{gid}'")
            choices.append(Choice(c.id, c.next, cond(c.when, f"choice '{c.id}'"), dict(c.set), tuple(c.cites)))
        for gid in spec.cites:
            if gid not in gids:
                problems.append(f"{where}: cites unknown guidance id '{gid}'")
        if spec.type in ("choice", "multi") and not spec.choices:
            problems.append(f"{where}: a {spec.type} node needs choices")
        if spec.type in ("choice", "multi", "text") and not spec.answer:
            problems.append(f"{where}: a {spec.type} node needs `answer` (where its answer is stored)")
        if spec.type == "draft" and not spec.kind:
            problems.append(f"{where}: a draft node needs `kind`")
        out[nid] = Node(
            id=nid,
            type=spec.type,
            answer=spec.answer,
            choices=tuple(choices),
            routes=tuple(routes),
            cites=tuple(spec.cites),
            parse=spec.parse,
            max_length=spec.max_length,
            form=spec.form,
            check=spec.check,
            kind=spec.kind,
            schedule=spec.schedule,
            cancel=tuple(spec.cancel),
        )
    return out


def _compile_rules(rules: RulesSpec, answers: set[str], gids: set[str], problems: list[str]) -> tuple[Rule, ...]:
    out = []
    for i, r in enumerate(rules.rules):
        where = f"rules.yaml: rule {i + 1} ({r.outcome})"
        if r.outcome not in rules.outcomes:
            problems.append(f"{where}: unknown outcome '{r.outcome}'")
        try:
            when = compile_condition(r.when, answers.__contains__)
            reasons = tuple(
                (rr.id, tuple(rr.cites), compile_condition(rr.when, answers.__contains__)) for rr in r.reasons
            )
        except ConditionError as e:
            problems.append(f"{where}: {e}")
            continue
        for rr in r.reasons:
            for gid in rr.cites:
                if gid not in gids:
                    problems.append(f"{where}: reason '{rr.id}' cites unknown guidance id '{gid}'")
        out.append(Rule(r.outcome, when, reasons))
    if rules.rules and rules.rules[-1].when is not None:
        problems.append("rules.yaml: the last rule needs no `when` (it is the fallback)")
    for name, spec in rules.outcomes.items():
        for gid in spec.get("cites", []):
            if gid not in gids:
                problems.append(f"rules.yaml: outcome '{name}' cites unknown guidance id '{gid}'")
    return tuple(out)


def _load_locale(
    root: Path, code: str, flow: FlowSpec, rules: RulesSpec, guidance: GuidanceSpec, problems: list[str]
) -> Locale | None:
    raw: dict[str, Any] = {}
    for name in TEXT_FILES:
        path = root / code / f"{name}.yaml"
        try:
            data = read_yaml(path)
        except FileNotFoundError:
            problems.append(f"{code}/{name}.yaml: file is missing")
            continue
        except yaml.YAMLError as e:
            problems.append(f"{code}/{name}.yaml: not valid YAML: {e}")
            continue
        if not isinstance(data, dict):
            problems.append(f"{code}/{name}.yaml: expected a mapping at the top")
            continue
        raw[name] = data
    if len(raw) != len(TEXT_FILES):
        return None

    words = raw["words"]
    control = {k: frozenset(normalise(str(w)) for w in v) for k, v in (words.get("control") or {}).items()}
    nodes: dict[str, NodeText] = {}
    for nid, spec in flow.nodes.items():
        where = f"{code}/nodes.yaml: node '{nid}'"
        entry = raw["nodes"].get(nid)
        if not isinstance(entry, dict) or not isinstance(entry.get("text"), str):
            if spec.type != "end" or entry is None:
                problems.append(f"{where}: text is missing")
            if entry is None:
                continue
        nt = NodeText(
            text=str(entry.get("text", "")),
            choices={str(k): str(v) for k, v in (entry.get("choices") or {}).items()},
            explain={str(k): str(v) for k, v in (entry.get("explain") or {}).items()},
            help=entry.get("help"),
            invalid=entry.get("invalid"),
            label=entry.get("label"),
        )
        for c in spec.choices:
            label = nt.choices.get(c.id)
            if not label:
                problems.append(f"{where}: label for choice '{c.id}' is missing")
                continue
            if len(label) > 75:
                problems.append(f"{where}: label for choice '{c.id}' is over 75 characters")
            nt.lookup.setdefault(normalise(label), c.id)
            nt.lookup.setdefault(normalise(c.id.replace("_", " ")), c.id)
        for cid, syns in (entry.get("synonyms") or {}).items():
            if str(cid) not in {c.id for c in spec.choices}:
                problems.append(f"{where}: synonyms for unknown choice '{cid}'")
                continue
            for s in syns:
                nt.lookup.setdefault(normalise(str(s)), str(cid))
        if spec.type == "multi":
            for c in spec.choices:
                if c.id not in nt.explain:
                    problems.append(f"{where}: explanation for checklist item '{c.id}' is missing")
        nodes[nid] = nt

    rules_text = raw["rules"]
    outcomes = rules_text.get("outcomes") or {}
    reasons = {str(k): str(v) for k, v in (rules_text.get("reasons") or {}).items()}
    for name in rules.outcomes:
        o = outcomes.get(name)
        if not isinstance(o, dict) or not o.get("title") or not o.get("summary"):
            problems.append(f"{code}/rules.yaml: outcome '{name}' needs a title and a summary")
    for r in rules.rules:
        for rr in r.reasons:
            if rr.id not in reasons:
                problems.append(f"{code}/rules.yaml: reason '{rr.id}' (outcome {r.outcome}) has no text")
    summaries = {str(k): str(v) for k, v in raw["guidance"].items()}
    for gid in guidance.points:
        if gid not in summaries:
            problems.append(f"{code}/guidance.yaml: summary for {gid} is missing")
    drafts = raw["drafts"]
    notes = _compile_notes(code, drafts, problems)
    dates = words.get("dates") or {}
    for key in ("unknown", "today", "tomorrow", "in_days", "in_weeks", "next_weekday", "weekdays", "months"):
        if key not in dates:
            problems.append(f"{code}/words.yaml: dates.{key} is missing")
    return Locale(
        code=code,
        nodes=nodes,
        messages={str(k): str(v) for k, v in raw["messages"].items()},
        outcomes={k: {"title": str(v.get("title", "")), "summary": str(v.get("summary", ""))} for k, v in outcomes.items() if isinstance(v, dict)},
        reasons=reasons,
        against={str(k): str(v) for k, v in (rules_text.get("against") or {}).items()},
        for_={str(k): str(v) for k, v in (rules_text.get("for") or {}).items()},
        drafts=drafts,
        notes=notes,
        guidance=summaries,
        control=control,
        yes=frozenset(normalise(str(w)) for w in words.get("yes", [])),
        no=frozenset(normalise(str(w)) for w in words.get("no", [])),
        start_args={k: frozenset(normalise(str(w)) for w in v) for k, v in (words.get("start_args") or {}).items()},
        negative=tuple(normalise(str(w)) for w in words.get("negative", [])),
        dates=dates,
    )


NOTE_KINDS = ("cancel", "withdraw", "decline_offer", "thank_you", "end_interview", "concern_questions")
NOTE_CONTEXT = {"tone", "length", "personal", "door_open", "referral", "other_roles", "reason_level", "has_recipient", "has_sender"}


def _compile_notes(code: str, drafts: dict[str, Any], problems: list[str]) -> dict[str, NoteSpec]:
    kinds = drafts.get("kinds")
    if not isinstance(kinds, dict):
        problems.append(f"{code}/drafts.yaml: `kinds` is missing")
        return {}
    out = {}
    for kind in NOTE_KINDS:
        spec = kinds.get(kind)
        where = f"{code}/drafts.yaml: kind '{kind}'"
        if not isinstance(spec, dict) or "subject" not in spec or not isinstance(spec.get("body"), list):
            problems.append(f"{where}: needs a `subject` and a `body` list")
            continue
        groups = []
        for i, group in enumerate(spec["body"]):
            options = []
            for option in group if isinstance(group, list) else []:
                try:
                    pred = compile_condition(option.get("when"), NOTE_CONTEXT.__contains__)
                except ConditionError as e:
                    problems.append(f"{where}: paragraph {i + 1}: {e}")
                    continue
                if "text" not in option:
                    problems.append(f"{where}: paragraph {i + 1} has no text")
                    continue
                options.append((pred, option["text"]))
            if not options:
                problems.append(f"{where}: paragraph {i + 1} is empty (a list of {{when, text}} options)")
            groups.append(tuple(options))
        out[kind] = NoteSpec(str(spec["subject"]), tuple(groups), bool(spec.get("script")))
    return out
