"""Phrases a coach writes, compiled to token patterns, and found in a text.

A phrase is words separated by spaces, matched as whole words in order:
    late            the word itself (a typo of one letter is tolerated on words of six
                    letters or more, two on words of ten or more, never a length change
                    of more than one letter: "betwen", "unprofessinal")
    unhoeflich*     any ending: unhöflich, unhöflichen, unhöflicher
    *gespraech      any beginning, for German compounds: Vorstellungsgespräch
    *gespraech*     both
    ..              up to three words in between: "asked .. kids"
Typos are never tolerated on negation words or on words shorter than six letters (late /
rate, rude / rule, kein / klein are different words).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from rapidfuzz.distance import Levenshtein

from .tokens import Token, words

GAP = ".."
MAX_GAP = 3
MIN_FUZZY = 6
SEEN_MAX = 20_000


@dataclass(frozen=True, slots=True)
class Part:
    text: str
    prefix: bool = False  # `word*`
    suffix: bool = False  # `*word`

    def exact(self, token: str) -> bool:
        if self.prefix and self.suffix:
            return self.text in token
        if self.prefix:
            return token.startswith(self.text)
        if self.suffix:
            return token.endswith(self.text)
        return token == self.text

    def fuzzy(self, token: str) -> bool:
        """One letter off (two on long words), same first letter: a typo, not another word."""
        if self.prefix or self.suffix or len(self.text) < MIN_FUZZY or not token:
            return False
        if token[0] != self.text[0] or abs(len(token) - len(self.text)) > 1:
            return False
        allowed = 2 if len(self.text) >= 10 else 1
        return Levenshtein.distance(self.text, token, score_cutoff=allowed) <= allowed


@dataclass(frozen=True, slots=True)
class Pattern:
    phrase: str  # as the coach wrote it
    parts: tuple[Part | None, ...]  # None: a gap

    @property
    def size(self) -> int:
        return sum(1 for p in self.parts if p is not None)


@dataclass(frozen=True, slots=True)
class Hit:
    pattern: Pattern
    start: int  # token indexes, end exclusive
    end: int
    fuzzy: bool


def compile_phrase(phrase: str, code: str) -> Pattern:
    parts: list[Part | None] = []
    for raw in phrase.split():
        if raw == GAP:
            parts.append(None)
            continue
        prefix, suffix = raw.endswith("*"), raw.startswith("*")
        core = " ".join(words(raw.strip("*"), code))
        parts.extend(
            Part(w, prefix=prefix and i == len(core.split()) - 1, suffix=suffix and i == 0)
            for i, w in enumerate(core.split())
        )
    while parts and parts[0] is None:
        parts.pop(0)
    while parts and parts[-1] is None:
        parts.pop()
    return Pattern(phrase, tuple(parts))


@dataclass(frozen=True, slots=True)
class Entry:
    """A pattern and what it means: (key, option) of the flow, or a word class."""

    pattern: Pattern
    key: str
    value: str


class Matcher:
    """Many patterns, found in one pass: each token looks up the patterns that can start
    with it (by whole word, by its first letters, by its ending, or as a likely typo)."""

    def __init__(
        self,
        entries: Iterable[Entry],
        *,
        typos: bool = True,
        protected: frozenset[str] = frozenset(),
    ) -> None:
        self.typos = typos  # word classes (units, negations) are matched exactly
        self.protected = protected  # words never read as a typo of another (negations)
        self.exact: dict[str, list[Entry]] = {}
        self.prefix: dict[str, list[Entry]] = {}  # the first three letters of a `word*`
        self.other: list[Entry] = []  # patterns starting with `*word`, or short prefixes
        self.by_letter: dict[str, list[str]] = {}  # exact first words, for typo lookups
        for e in entries:
            first = e.pattern.parts[0] if e.pattern.parts else None
            if first is None:
                continue
            if not first.prefix and not first.suffix:
                self.exact.setdefault(first.text, []).append(e)
            elif first.prefix and not first.suffix and len(first.text) >= 3:
                self.prefix.setdefault(first.text[:3], []).append(e)
            else:
                self.other.append(e)
        for word in self.exact:
            if len(word) >= MIN_FUZZY:
                self.by_letter.setdefault(word[0], []).append(word)
        # Which patterns a word can start, and whether only as a typo: words repeat, so
        # each is worked out once (bounded: cleared when it has seen this many words).
        self._seen: dict[str, list[tuple[Entry, bool]]] = {}
        # One reading asks some matchers more than once (the count words, per key that
        # counts): the last text's hits are kept, by the identity of its tokens.
        self._last: tuple[Sequence[Token], list[tuple[Entry, Hit]]] | None = None

    def scan(self, tokens: Sequence[Token]) -> list[tuple[Entry, Hit]]:
        last = self._last
        if last is not None and last[0] is tokens:
            return last[1]
        found = self._scan(tokens)
        self._last = (tokens, found)
        return found

    def _scan(self, tokens: Sequence[Token]) -> list[tuple[Entry, Hit]]:
        found: list[tuple[Entry, Hit]] = []
        seen, protected, typos = self._seen, self.protected, self.typos
        for i, tok in enumerate(tokens):
            starting = seen.get(tok.text)
            if starting is None:
                starting = self._starting(tok.text)
            for e, typo in starting:
                parts = e.pattern.parts
                if len(parts) == 1:  # most phrases: the first word is the whole match
                    found.append((e, Hit(e.pattern, i, i + 1, typo)))
                    continue
                got = _match(parts, 1, tokens, i + 1, protected, fuzzy=typo, typos=typos)
                if got is not None:
                    found.append((e, Hit(e.pattern, i, got[0], got[1])))
        return found

    def _starting(self, word: str) -> list[tuple[Entry, bool]]:
        if len(self._seen) > SEEN_MAX:
            self._seen.clear()
        found = self._seen[word] = self._candidates(word, self.protected)
        return found

    def _candidates(self, word: str, protected: frozenset[str]) -> list[tuple[Entry, bool]]:
        out = [(e, False) for e in self.exact.get(word, ())]
        out += ((e, False) for e in self.prefix.get(word[:3], ()) if _first_fits(e, word))
        out += ((e, False) for e in self.other if _first_fits(e, word))
        if (
            self.typos
            and word not in self.exact
            and len(word) >= MIN_FUZZY
            and word not in protected
        ):
            for candidate in self.by_letter.get(word[0], ()):
                if Part(candidate).fuzzy(word):
                    out += ((e, True) for e in self.exact[candidate])
        return out


def _first_fits(e: Entry, word: str) -> bool:
    first = e.pattern.parts[0]
    return first is not None and first.exact(word)


def _match(
    parts: tuple[Part | None, ...],
    k: int,
    tokens: Sequence[Token],
    i: int,
    protected: frozenset[str],
    *,
    fuzzy: bool,
    typos: bool = True,
) -> tuple[int, bool] | None:
    """Match parts[k:] at token i; (end, any part matched only fuzzily) or None."""
    if k == len(parts):
        return i, fuzzy
    part = parts[k]
    if part is None:  # a gap: 0..MAX_GAP words, then the rest
        for skip in range(MAX_GAP + 1):
            if i + skip > len(tokens):
                break
            got = _match(parts, k + 1, tokens, i + skip, protected, fuzzy=fuzzy, typos=typos)
            if got is not None:
                return got
        return None
    if i >= len(tokens):
        return None
    word = tokens[i].text
    if part.exact(word):
        return _match(parts, k + 1, tokens, i + 1, protected, fuzzy=fuzzy, typos=typos)
    if typos and word not in protected and part.fuzzy(word):
        return _match(parts, k + 1, tokens, i + 1, protected, fuzzy=True, typos=typos)
    return None
