"""Cleaning and matching what users type. Pure functions, no I/O."""

from __future__ import annotations

import re
import unicodedata

# What must never reach a stored slot or a draft: C0/C1 controls, line and paragraph
# separators, surrogates, private-use characters, and the bidirectional overrides that can
# make a draft read differently from what it says.
_UNSAFE = re.compile(
    "[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\ue000-\uf8ff\ufff0-\ufffb\ufffe\uffff]"
)
_BIDI = re.compile("[\u202a-\u202e\u2066-\u2069\u200e\u200f]")
_SPACES = re.compile(r"[^\S\n]+")
_ALL_SPACES = re.compile(r"\s+")
_PLACEHOLDER = re.compile(r"\{(\w+)\}")
_TRAILING = ".!?,;:"


def clean(text: str, *, max_length: int | None = None, keep_newlines: bool = False) -> str:
    """Trim, drop control characters, normalise, cap. The result is safe to store and show."""
    if not text.isascii():
        text = _BIDI.sub("", unicodedata.normalize("NFC", text))
    text = _UNSAFE.sub(" ", text)
    if keep_newlines:
        text = "\n".join(line.strip() for line in _SPACES.sub(" ", text).split("\n")).strip()
    else:
        text = _ALL_SPACES.sub(" ", text).strip()
    if max_length is not None and len(text) > max_length:
        text = text[:max_length].rstrip()
    return text


def normalise(text: str) -> str:
    """The form typed input is compared in: case-folded, single-spaced, no trailing dots."""
    text = _ALL_SPACES.sub(" ", text.casefold().replace("\u2019", "'")).strip()
    return text.rstrip(_TRAILING).strip() if len(text) > 1 else text


def fill(template: str, values: dict[str, str]) -> str:
    """Replace {name} with values[name]; unknown names stay as they are.

    Not str.format: user text inside values can hold braces, and templates written by
    coaches should never raise.
    """
    if "{" not in template:
        return template
    return _PLACEHOLDER.sub(lambda m: values.get(m.group(1), m.group(0)), template)


def placeholders(template: str) -> set[str]:
    return set(_PLACEHOLDER.findall(template))


def contains_phrase(haystack: str, phrase: str) -> bool:
    """Whole-word match of a (possibly multi-word) phrase in normalised text."""
    return re.search(r"(?<!\w)" + re.escape(phrase) + r"(?!\w)", haystack) is not None
