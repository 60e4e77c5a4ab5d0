"""Helpers shared by the extractors: regexes from lexicon words, sentence boundaries."""
from __future__ import annotations

import re
from typing import Iterable


def alternation(words: Iterable[str]) -> str:
    """A regex alternation of ``words``, longest first (so the longest form wins), empty words dropped."""
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True) if w)


_SENTENCE_END = "。！？!?\n"
# a sentence: a run up to and including its end mark
SENTENCE = re.compile(rf"[^{_SENTENCE_END}]+[{_SENTENCE_END[:-1]}]?")


def sentence_start(text: str, pos: int) -> int:
    """Where the sentence holding ``pos`` starts."""
    return max(text.rfind(c, 0, pos) for c in _SENTENCE_END) + 1
