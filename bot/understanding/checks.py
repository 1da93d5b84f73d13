"""What `python -m bot check` (and the loader) verify about understanding.yaml."""

from __future__ import annotations

from collections.abc import Callable, Mapping

from .answer import Answer, Question
from .lexicon import Lexicon, LocaleSpec


def id_problems(spec: LocaleSpec, options: Mapping[str, tuple[str, ...]]) -> list[str]:
    """Keys and choice ids the flow does not have, ids without phrases, `negated` /
    `hedged` naming an unknown choice."""
    out = []
    for key, per in spec.concepts.items():
        if key not in options:
            out.append(f"'{key}' is not an answer key or a question of the flow")
            continue
        for value, c in per.items():
            where = f"{key}.{value}"
            if value not in options[key]:
                out.append(f"{where}: '{value}' is not a choice of '{key}'")
            if not c.phrases and not c.at_question:
                out.append(f"{where}: has no phrases")
            for other in (c.negated, c.hedged):
                if other is not None and other not in options[key]:
                    out.append(f"{where}: '{other}' is not a choice of '{key}'")
    return out


def clashes(lex: Lexicon) -> list[str]:
    """A phrase claimed by two choices of one question."""
    out = []
    for key, per in lex.concepts.items():
        owner: dict[tuple[object, ...], str] = {}
        for value, c in per.items():
            for p in c.patterns:
                sig = tuple((x.text, x.prefix, x.suffix) if x else None for x in p.parts)
                if sig in owner and owner[sig] != value:
                    out.append(
                        f"{lex.code}/understanding.yaml: '{p.phrase}' is claimed by {key}.{owner[sig]} and {key}.{value}"
                    )
                owner.setdefault(sig, value)
    return out


def examples(
    lex: Lexicon,
    question: Callable[[str], Question | None],
    read: Callable[[Question, str], Answer],
) -> list[str]:
    """Every example read as written: `match` gives its choice, `no_match` does not."""
    out = []
    for key, per in lex.concepts.items():
        q = question(key)
        if q is None:
            continue
        for value, c in per.items():
            where = f"{lex.code}/understanding.yaml: {key}.{value}"
            for text in c.examples.match:
                got = read(q, text)
                if value not in got.picked:
                    out.append(f"{where}: example {text!r} reads as {got.picked or 'nothing'}")
            for text in c.examples.no_match:
                if value in read(q, text).picked:
                    out.append(f"{where}: example {text!r} should not read as {value}")
    return out
