"""The small condition language used by dialogs/flow.yaml, rules.yaml and drafts.yaml.

Conditions are compiled once at start-up into plain closures, so a turn only calls them.
Forms:  {answer: value}  {answer: [v1, v2]}  {answer: {any: [...]}}  {answer: {min: N}}
        {answer: {none: true}}  {all: [...]}  {any: [...]}  {not: condition}
Several keys in one mapping must all hold.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

Predicate = Callable[[Mapping[str, Any]], bool]


class ConditionError(ValueError):
    pass


def always(_: Mapping[str, Any]) -> bool:
    return True


def compile_condition(raw: Any, known: Callable[[str], bool] | None = None) -> Predicate:
    """Compile `raw`; `known(name)` tells whether an answer name exists (for clear errors)."""
    if raw is None:
        return always
    if not isinstance(raw, Mapping) or not raw:
        raise ConditionError(f"a condition must be a non-empty mapping, got {raw!r}")
    parts = [_compile_key(k, v, known) for k, v in raw.items()]
    if len(parts) == 1:
        return parts[0]
    return lambda a: all(p(a) for p in parts)


def _compile_key(key: str, value: Any, known: Callable[[str], bool] | None) -> Predicate:
    if key in ("all", "any"):
        if not isinstance(value, list) or not value:
            raise ConditionError(f"'{key}' needs a non-empty list of conditions")
        subs = [compile_condition(v, known) for v in value]
        return (lambda a: all(s(a) for s in subs)) if key == "all" else (lambda a: any(s(a) for s in subs))
    if key == "not":
        sub = compile_condition(value, known)
        return lambda a: not sub(a)
    if known is not None and not known(key):
        raise ConditionError(f"unknown answer '{key}' in a condition")
    if isinstance(value, Mapping):
        return _compile_list_test(key, value)
    if isinstance(value, list):
        allowed = frozenset(str(v) for v in value)
        return lambda a: _scalar(a.get(key)) in allowed
    wanted = str(value)
    return lambda a: _scalar(a.get(key)) == wanted


def _compile_list_test(key: str, test: Mapping[str, Any]) -> Predicate:
    if set(test) - {"any", "min", "none"} or len(test) != 1:
        raise ConditionError(f"'{key}' takes one of any/min/none, got {dict(test)!r}")
    (op, arg), = test.items()
    if op == "any":
        wanted = frozenset(str(v) for v in arg)
        return lambda a: bool(wanted.intersection(_items(a.get(key))))
    if op == "min":
        n = int(arg)
        return lambda a: len(_items(a.get(key))) >= n
    return lambda a: (len(_items(a.get(key))) == 0) == bool(arg)


def _scalar(v: Any) -> str | None:
    return None if v is None else str(v)


def _items(v: Any) -> list[str]:
    if v is None:
        return []
    if isinstance(v, list):
        return [str(x) for x in v]
    return [str(v)]
