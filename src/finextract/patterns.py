"""Helpers shared by the extractors for building regexes from lexicon words."""
from __future__ import annotations

import re
from typing import Iterable


def alternation(words: Iterable[str]) -> str:
    """A regex alternation of ``words``, longest first (so the longest form wins), empty words dropped."""
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True) if w)
