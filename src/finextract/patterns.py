"""Helpers shared by the extractors: regexes from lexicon words, sentence boundaries."""
from __future__ import annotations

import re
from typing import Iterable


def alternation(words: Iterable[str]) -> str:
    """A regex alternation of ``words``, longest first (so the longest form wins), empty words dropped."""
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True) if w)


def starting_with(chars: Iterable[str], pattern: str, flags: int = 0, classes: str = "") -> "re.Pattern[str]":
    """``pattern`` behind a one-character lookahead: a match can only start at one of ``chars``.

    Python's regex engine tries a pattern at every position; when the pattern opens with optional groups or a
    long alternation that is slow. The lookahead lets it reject all other positions with one test. The caller
    must pass every character a match can start with, and ``classes`` for whole classes (``\\d``: any Unicode
    digit, as the patterns' own ``\\d``); tests compare against the plain pattern.
    """
    cls = "".join(sorted(re.escape(c) for c in set(chars) if c)) + classes
    return re.compile(rf"(?=[{cls}])(?:{pattern})", flags)


_SENTENCE_END = "。！？!?\n"
# a sentence: a run up to and including its end mark
SENTENCE = re.compile(rf"[^{_SENTENCE_END}]+[{_SENTENCE_END[:-1]}]?")


def sentence_start(text: str, pos: int) -> int:
    """Where the sentence holding ``pos`` starts."""
    return max(text.rfind(c, 0, pos) for c in _SENTENCE_END) + 1
