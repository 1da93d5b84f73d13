"""The small condition language used by dialogs/flow.yaml, rules.yaml and notes.yaml.

Conditions are compiled once at start-up into plain closures, so a turn only calls them.
Forms:  {answer: value}  {answer: [v1, v2]}  {answer: {any: [...]}}  {answer: {min: N}}
        {answer: {none: true}}  {answer: {given: true}}  {all: [...]}  {any: [...]}
        {not: condition}
Several keys in one mapping must all hold.

Compiling checks every answer name and every value against the answers the flow can
give (its `Domain`), so renaming a choice in flow.yaml fails the dialog check at load,
not a conversation later.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

Predicate = Callable[[Mapping[str, Any]], bool]
# answer name -> the values it can take (None: free text, any value)
Domain = Mapping[str, frozenset[str] | None]


class ConditionError(ValueError):
    pass


def always(_: Mapping[str, Any]) -> bool:
    return True


def compile_condition(raw: Any, domain: Domain | None = None) -> Predicate:
    """Compile `raw`, checking names and values against `domain` when it is given."""
    if raw is None:
        return always
    if not isinstance(raw, Mapping) or not raw:
        raise ConditionError(f"a condition must be a non-empty mapping, got {raw!r}")
    parts = [_compile_key(str(k), v, domain) for k, v in raw.items()]
    if len(parts) == 1:
        return parts[0]
    return lambda a: all(p(a) for p in parts)


def _compile_key(key: str, value: Any, domain: Domain | None) -> Predicate:
    if key in ("all", "any"):
        if not isinstance(value, list) or not value:
            raise ConditionError(f"'{key}' needs a non-empty list of conditions")
        subs = [compile_condition(v, domain) for v in value]
        if key == "all":
            return lambda a: all(s(a) for s in subs)
        return lambda a: any(s(a) for s in subs)
    if key == "not":
        sub = compile_condition(value, domain)
        return lambda a: not sub(a)
    if domain is not None and key not in domain:
        raise ConditionError(f"unknown answer '{key}' in a condition")
    allowed = domain.get(key) if domain is not None else None
    if isinstance(value, Mapping):
        return _compile_test(key, value, allowed)
    values = [str(v) for v in value] if isinstance(value, list) else [str(value)]
    _check_values(key, values, allowed)
    if isinstance(value, list):
        wanted = frozenset(values)
        return lambda a: _scalar(a.get(key)) in wanted
    one = values[0]
    return lambda a: _scalar(a.get(key)) == one


def _compile_test(key: str, test: Mapping[str, Any], allowed: frozenset[str] | None) -> Predicate:
    if set(test) - {"any", "min", "none", "given"} or len(test) != 1:
        raise ConditionError(f"'{key}' takes one of any/min/none/given, got {dict(test)!r}")
    ((op, arg),) = test.items()
    if op == "any":
        wanted = frozenset(str(v) for v in arg)
        _check_values(key, sorted(wanted), allowed)
        return lambda a: bool(wanted.intersection(_items(a.get(key))))
    if op == "min":
        n = int(arg)
        return lambda a: len(_items(a.get(key))) >= n
    if op == "given":
        want = bool(arg)
        return lambda a: bool(a.get(key)) == want
    empty = bool(arg)
    return lambda a: (len(_items(a.get(key))) == 0) == empty


def _check_values(key: str, values: list[str], allowed: frozenset[str] | None) -> None:
    if allowed is None:
        return
    unknown = [v for v in values if v not in allowed]
    if unknown:
        raise ConditionError(
            f"'{key}' is never {', '.join(repr(v) for v in unknown)} "
            f"(it can be {', '.join(sorted(allowed))})"
        )


def _scalar(v: Any) -> str | None:
    return None if v is None else str(v)


def _items(v: Any) -> list[str]:
    if v is None:
        return []
    if isinstance(v, list):
        return [str(x) for x in v]
    return [str(v)]
