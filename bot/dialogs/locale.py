"""One language's words: dialogs/<locale>/*.yaml loaded against the flow's ids."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from ..text import normalise
from ..understanding import Lexicon, NeutralSpec, build, parse
from ..understanding.checks import id_problems
from .conditions import ConditionError, Domain, Predicate, compile_condition
from .draft_words import DraftWords, load_draft_words
from .files import read_yaml
from .schema import FlowSpec, GuidanceSpec, NodeSpec, RulesSpec

TEXT_FILES = ("nodes", "messages", "rules", "drafts", "words", "guidance", "understanding")
DATE_WORDS = (
    "unknown",
    "today",
    "tomorrow",
    "in_days",
    "in_weeks",
    "next_weekday",
    "weekdays",
    "months",
)


@dataclass
class NodeText:
    text: str
    choices: dict[str, str] = field(default_factory=dict)
    explain: dict[str, str] = field(default_factory=dict)
    help: str | None = None
    invalid: str | None = None
    label: str | None = None
    hint: str | None = None  # an example shown inside a form's field ("e.g. Kerstin Vogel")
    variants: dict[str, str] = field(default_factory=dict)  # other wordings of `text`
    # normalised typed form -> option id (labels, ids, synonyms)
    lookup: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class NoteWording:
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
    weighed: dict[str, str]  # the card's "weighed for / against" sentences by key
    drafts: dict[str, Any]
    notes: dict[str, NoteWording]
    guidance: dict[str, str]
    control: dict[str, frozenset[str]]  # concept -> the words that mean it
    yes: frozenset[str]
    no: frozenset[str]
    start_args: dict[str, frozenset[str]]
    dates: dict[str, Any]
    lexicon: Lexicon  # what the bot understands when people type
    draft_words: DraftWords = field(default_factory=DraftWords)

    def msg(self, key: str) -> str:
        return self.messages[key]


@dataclass(frozen=True)
class DraftIds:
    """The ids a language's drafts.yaml is checked against."""

    addresses: frozenset[str] = frozenset()  # choices of the form-of-address question
    titles: tuple[str, ...] = ()  # title ids of names.yaml


def load_locale(
    root: Path,
    code: str,
    flow: FlowSpec,
    rules: RulesSpec,
    guidance: GuidanceSpec,
    note_facts: Domain,
    understanding: tuple[NeutralSpec, Mapping[str, tuple[str, ...]], frozenset[str]],
    problems: list[str],
    draft_ids: DraftIds | None = None,
) -> Locale | None:
    raw = _read_files(root, code, problems)
    if raw is None:
        return None
    draft_ids = draft_ids or DraftIds()
    words = raw["words"]
    rules_text = raw["rules"]
    reasons = {str(k): str(v) for k, v in (rules_text.get("reasons") or {}).items()}
    weighed = {str(k): str(v) for k, v in (rules_text.get("weighed") or {}).items()}
    _check_rules_text(code, rules, rules_text, reasons, weighed, problems)
    summaries = {str(k): str(v) for k, v in raw["guidance"].items()}
    problems.extend(
        f"{code}/guidance.yaml: summary for {gid} is missing"
        for gid in guidance.points
        if gid not in summaries
    )
    dates = words.get("dates") or {}
    problems.extend(
        f"{code}/words.yaml: dates.{key} is missing" for key in DATE_WORDS if key not in dates
    )
    return Locale(
        code=code,
        nodes=_node_texts(code, flow, raw["nodes"], problems),
        messages={str(k): str(v) for k, v in raw["messages"].items()},
        outcomes={
            k: _outcome_texts(v)
            for k, v in (rules_text.get("outcomes") or {}).items()
            if isinstance(v, dict)
        },
        reasons=reasons,
        weighed=weighed,
        drafts=raw["drafts"],
        notes=_note_wording(code, raw["drafts"], note_facts, problems),
        guidance=summaries,
        control=_word_sets(words.get("control")),
        yes=frozenset(normalise(str(w)) for w in words.get("yes", [])),
        no=frozenset(normalise(str(w)) for w in words.get("no", [])),
        start_args=_word_sets(words.get("start_args")),
        dates=dates,
        lexicon=_lexicon(code, raw["understanding"], understanding, problems),
        draft_words=load_draft_words(
            code, raw["drafts"], note_facts, draft_ids.addresses, draft_ids.titles, problems
        ),
    )


def _lexicon(
    code: str,
    raw: Any,
    understanding: tuple[NeutralSpec, Mapping[str, tuple[str, ...]], frozenset[str]],
    problems: list[str],
) -> Lexicon:
    neutral, options, checklists = understanding
    try:
        spec = parse(raw)
    except ValidationError as e:
        for err in e.errors():
            where = ".".join(str(x) for x in err["loc"])
            problems.append(f"{code}/understanding.yaml: at {where}: {err['msg']}")
        spec = parse({})
    problems.extend(f"{code}/understanding.yaml: {p}" for p in id_problems(spec, options))
    return build(code, spec, neutral, options, checklists)


def _outcome_texts(raw: Mapping[str, Any]) -> dict[str, str]:
    """title, summary, and each summary variant as `summary:<key>`."""
    out = {"title": str(raw.get("title", "")), "summary": str(raw.get("summary", ""))}
    out.update({f"summary:{k}": str(v) for k, v in (raw.get("variants") or {}).items()})
    return out


def _word_sets(raw: Mapping[str, Any] | None) -> dict[str, frozenset[str]]:
    """concept -> its words, normalised as typed input is."""
    return {str(k): frozenset(normalise(str(w)) for w in v) for k, v in (raw or {}).items()}


def _read_files(root: Path, code: str, problems: list[str]) -> dict[str, Any] | None:
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
    return raw if len(raw) == len(TEXT_FILES) else None


def _node_texts(
    code: str, flow: FlowSpec, entries: Mapping[str, Any], problems: list[str]
) -> dict[str, NodeText]:
    nodes: dict[str, NodeText] = {}
    for nid, spec in flow.nodes.items():
        where = f"{code}/nodes.yaml: node '{nid}'"
        entry = entries.get(nid)
        if not isinstance(entry, dict) or not isinstance(entry.get("text"), str):
            if spec.type == "route":
                continue  # a fork in the flow says nothing
            if spec.type != "end" or entry is None:
                problems.append(f"{where}: text is missing")
            if not isinstance(entry, dict):
                continue
        nt = NodeText(
            text=str(entry.get("text", "")),
            choices={str(k): str(v) for k, v in (entry.get("choices") or {}).items()},
            explain={str(k): str(v) for k, v in (entry.get("explain") or {}).items()},
            help=entry.get("help"),
            invalid=entry.get("invalid"),
            label=entry.get("label"),
            hint=entry.get("hint"),
            variants={str(k): str(v) for k, v in (entry.get("variants") or {}).items()},
        )
        problems.extend(
            f"{where}: text variant '{v.use}' is missing"
            for v in spec.variants
            if v.use not in nt.variants
        )
        _lookup(nt, spec, entry, where, problems)
        if spec.type == "checklist":
            problems.extend(
                f"{where}: explanation for checklist item '{c.id}' is missing"
                for c in spec.choices
                if c.id not in nt.explain
            )
        nodes[nid] = nt
    return nodes


def _lookup(
    nt: NodeText, spec: NodeSpec, entry: Mapping[str, Any], where: str, problems: list[str]
) -> None:
    """What a typed answer may match: each option's label, its id, its synonyms."""
    ids = {c.id for c in spec.choices}
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
        if str(cid) not in ids:
            problems.append(f"{where}: synonyms for unknown choice '{cid}'")
            continue
        for s in syns:
            nt.lookup.setdefault(normalise(str(s)), str(cid))


def _check_rules_text(
    code: str,
    rules: RulesSpec,
    text: Mapping[str, Any],
    reasons: Mapping[str, str],
    weighed: Mapping[str, str],
    problems: list[str],
) -> None:
    outcomes = text.get("outcomes") or {}
    for name in rules.outcomes:
        o = outcomes.get(name)
        if not isinstance(o, dict) or not o.get("title") or not o.get("summary"):
            problems.append(f"{code}/rules.yaml: outcome '{name}' needs a title and a summary")
            continue
        written = o.get("variants") or {}
        problems.extend(
            f"{code}/rules.yaml: outcome '{name}': summary variant '{v.use}' is missing"
            for v in rules.outcomes[name].variants
            if v.use not in written
        )
    for r in rules.rules:
        for rr in r.reasons:
            if not isinstance(rr, str) and rr.id not in reasons:
                problems.append(
                    f"{code}/rules.yaml: reason '{rr.id}' (outcome {r.outcome}) has no text"
                )
    problems.extend(
        f"{code}/rules.yaml: shared reason '{rr.id}' has no text"
        for rr in rules.shared
        if rr.id not in reasons
    )
    for side, lines in rules.weighed.items():
        for line in lines:
            if line.say and line.say not in weighed:
                problems.append(
                    f"{code}/rules.yaml: weighed.{line.say} (weighed {side}) has no text"
                )


def _note_wording(
    code: str, drafts: Mapping[str, Any], facts: Domain, problems: list[str]
) -> dict[str, NoteWording]:
    kinds = drafts.get("kinds")
    if not isinstance(kinds, dict):
        problems.append(f"{code}/drafts.yaml: `kinds` is missing")
        return {}
    out = {}
    for kind, spec in kinds.items():
        where = f"{code}/drafts.yaml: kind '{kind}'"
        if (
            not isinstance(spec, dict)
            or "subject" not in spec
            or not isinstance(spec.get("body"), list)
        ):
            problems.append(f"{where}: needs a `subject` and a `body` list")
            continue
        groups = []
        for i, group in enumerate(spec["body"]):
            options = []
            for option in group if isinstance(group, list) else []:
                try:
                    pred = compile_condition(option.get("when"), facts)
                except ConditionError as e:
                    problems.append(f"{where}: paragraph {i + 1}: {e}")
                    continue
                if "text" not in option:
                    problems.append(f"{where}: paragraph {i + 1} has no text")
                    continue
                options.append((pred, option["text"]))
            if not options:
                problems.append(
                    f"{where}: paragraph {i + 1} is empty (a list of {{when, text}} options)"
                )
            groups.append(tuple(options))
        out[str(kind)] = NoteWording(str(spec["subject"]), tuple(groups), bool(spec.get("script")))
    return out
