"""Numbers people type: digits, words ("three", "drei"), ordinals ("second", "zweiten"),
and durations ("about three months", "seit einem halben Jahr")."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from .patterns import Matcher
from .tokens import Token

DAYS = {"day": 1, "week": 7, "month": 30.5, "year": 365}
LAST = -1  # the ordinal of "the last one" in `ordinals`: the last choice offered


@dataclass(frozen=True)
class NumberWords:
    numbers: Mapping[str, float]  # "three" -> 3, "a" -> 1, "half" -> 0.5
    ordinals: Mapping[str, int]  # "second" -> 2, "zweiten" -> 2
    future: Matcher  # "next", "morgen": an ordinal round still to come
    awaiting: Matcher | None = None  # "waiting for round two": that round is to come
    past: Matcher | None = None  # "had", "yesterday": an ordinal round already done
    articles: frozenset[str] = frozenset()  # "a", "ein": not a count of rounds

    def value(self, word: str) -> float | None:
        if word.isdigit():
            return float(word)
        return self.numbers.get(word)

    def ordinal(self, word: str) -> int | None:
        if word.endswith(("st", "nd", "rd", "th")) and word[:-2].isdigit():
            return int(word[:-2])
        return self.ordinals.get(word)


@dataclass(frozen=True)
class Count:
    value: int
    start: int
    end: int


def counts(
    tokens: Sequence[Token], units: Matcher, nums: NumberWords, not_counts: Matcher | None = None
) -> list[Count]:
    """'two rounds', '3 interviews', 'my second interview' (a round to come counts one less,
    so "my first interview is on Thursday" counts 0: none so far). A number inside a
    `not_counts` phrase ("one on one") counts nothing."""
    out: list[Count] = []
    future = [h.start for _, h in nums.future.scan(tokens)]
    awaiting = [h.start for _, h in nums.awaiting.scan(tokens)] if nums.awaiting else []
    past = [h.start for _, h in nums.past.scan(tokens)] if nums.past else []
    blocked = {
        i for _, h in (not_counts.scan(tokens) if not_counts else []) for i in range(h.start, h.end)
    }
    for _, hit in units.scan(tokens):
        after = _number_after(tokens, hit.end, nums)
        if after is not None:  # "round two", "after round 1": that round's number
            soon = any(hit.start - 4 <= f < hit.start for f in (*future, *awaiting)) and not any(
                hit.start - 2 <= p < hit.start for p in past
            )  # "waiting on feedback after round 1": round 1 is done
            if after - soon >= 0:
                out.append(Count(after - soon, hit.start, hit.end + 1))
            continue
        for j in range(hit.start - 1, max(-1, hit.start - 3), -1):
            if j in blocked:
                break
            word = tokens[j].text
            n = None if word in nums.articles else nums.value(word)
            if n is not None and n >= 1 and n == int(n):
                out.append(Count(int(n), j, hit.end))
                break
            o = nums.ordinal(word)
            if o is not None and o >= 1:
                # "my second interview is next week", "invited to a first interview": one less
                ahead = any(j - 3 <= f < j or hit.end <= f < hit.end + 4 for f in future)
                done = any(j - 3 <= p < j for p in past)
                out.append(Count(o - (ahead and not done), j, hit.end))
                break
    return out


def _number_after(tokens: Sequence[Token], i: int, nums: NumberWords) -> int | None:
    if i >= len(tokens):
        return None
    word = tokens[i].text
    n = int(word) if word.isdigit() else None
    if n is None and word in nums.numbers and word not in nums.articles:
        value = nums.numbers[word]
        n = int(value) if value == int(value) and value >= 1 else None
    return n if n is not None and n < 20 else None


def bare_number(tokens: Sequence[Token], nums: NumberWords, fillers: frozenset[str]) -> int | None:
    """A text that is only a number or an ordinal ("three", "the second one", "Nr. 2")."""
    plain: list[int] = []
    ordinal: list[int] = []
    for t in tokens:
        o = nums.ordinal(t.text)
        if o is not None:
            ordinal.append(o)
        elif t.text.isdigit():
            plain.append(int(t.text))
        elif t.text in fillers:
            continue  # "the", "a", "one" (in "the second one"), "option"
        elif (n := nums.value(t.text)) is not None and n >= 1 and n == int(n):
            plain.append(int(n))
        else:
            return None
    if len(ordinal) == 1:  # "the second one": the ordinal, "one" is a filler there
        return ordinal[0]
    return plain[0] if len(plain) == 1 and not ordinal else None


def number_list(
    tokens: Sequence[Token], nums: NumberWords, fillers: frozenset[str]
) -> list[int] | None:
    """A text that is only numbers ("1, 4 and 8", "2 3"): the numbers, else None."""
    found: list[int] = []
    for t in tokens:
        n = nums.value(t.text) if t.text.isdigit() else None
        if n is not None:
            found.append(int(n))
        elif t.text not in fillers:
            return None
    return found or None


def durations(
    tokens: Sequence[Token], units: Matcher, nums: NumberWords
) -> list[tuple[float, int, int]]:
    """(days, start, end) of each 'N units' in the text."""
    out: list[tuple[float, int, int]] = []
    for e, hit in units.scan(tokens):
        n = 1.0
        start = hit.start
        for j in range(hit.start - 1, max(-1, hit.start - 3), -1):
            value = nums.value(tokens[j].text)
            if value is None:
                continue
            n, start = value, j
            before = nums.value(tokens[j - 1].text) if j > 0 else None
            if before is not None:  # "half a year", "ein halbes Jahr": 0.5 x 1
                n, start = n * before, j - 1
            break
        out.append((n * DAYS[e.value], start, hit.end))
    return out
