"""Helpers shared by the extractors: regexes from lexicon words, sentence boundaries."""
from __future__ import annotations

import re
from typing import Iterable


def alternation(words: Iterable[str]) -> str:
    """A regex alternation of ``words`` where the longest word wins, as a trie (empty words dropped).

    ``阿里|阿里云|阿里巴巴`` is written ``阿里(?:巴巴|云)?``: at each position the engine follows one branch per
    character instead of trying every word in turn (the lexicons hold thousands), and greedy optional groups try
    the longer words before the shorter ones, as a longest-first alternation does.
    """
    trie: dict = {}
    for w in set(words):
        if not w:
            continue
        node = trie
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}
    return _trie_pattern(trie)


def _trie_pattern(node: dict) -> str:
    """The alternation below a trie node; a word ending at a node makes its continuations optional."""
    branches = []
    for ch in sorted(k for k in node if k):
        child = node[ch]
        rest = _trie_pattern(child)
        head = re.escape(ch)
        if not rest:
            branches.append(head)
        elif "" in child:
            branches.append(f"{head}(?:{rest})?")
        elif len([k for k in child if k]) > 1:
            branches.append(f"{head}(?:{rest})")
        else:
            branches.append(head + rest)
    return "|".join(branches)


def starting_with(chars: Iterable[str], pattern: str, flags: int = 0, classes: str = "") -> "re.Pattern[str]":
    """``pattern`` behind a one-character lookahead: a match can only start at one of ``chars``.

    Python's regex engine tries a pattern at every position; when the pattern opens with optional groups or a
    long alternation that is slow. The lookahead lets it reject all other positions with one test. The caller
    must pass every character a match can start with, and ``classes`` for whole classes (``\\d``: any Unicode
    digit, as the patterns' own ``\\d``); tests compare against the plain pattern.
    """
    cls = "".join(sorted(re.escape(c) for c in set(chars) if c)) + classes
    return re.compile(rf"(?=[{cls}])(?:{pattern})", flags)


def segment_list(words: Iterable[str]) -> "re.Pattern[str]":
    """业务主要包括甲（占比39%）、乙（21%）和丙: a list of a company's business units after one of ``words``; each item
    may carry its share in brackets. Group ``list`` holds the items."""
    item = r"[\u4e00-\u9fffA-Za-z][\u4e00-\u9fffA-Za-z0-9]{1,11}"
    share = r"(?:\s?[（(][^（）()]{0,12}[)）])?"
    return re.compile(rf"(?:{alternation(words)})[:：]?\s?(?P<list>{item}{share}(?:(?:、|和|以及){item}{share}){{1,7}})"
                      rf"(?=等|[，,；;。]|$)")


def segment_items(items: str) -> list[str]:
    """The unit names of a segment list's ``list`` group, brackets and a closing 等 left out."""
    return [p.strip().removesuffix("等") for p in re.split(r"、|以及|和", re.sub(r"\s?[（(][^（）()]*[)）]", "", items))]


SEGMENT_ITEM = re.compile(r"(?P<name>[\u4e00-\u9fffA-Za-z][\u4e00-\u9fffA-Za-z0-9]{1,11})(?P<share>\s?[（(][^（）()]{0,12}[)）])?")


_SENTENCE_END = "。！？!?\n"
# a sentence: a run up to and including its end mark
SENTENCE = re.compile(rf"[^{_SENTENCE_END}]+[{_SENTENCE_END[:-1]}]?")


def sentence_start(text: str, pos: int) -> int:
    """Where the sentence holding ``pos`` starts."""
    return max(text.rfind(c, 0, pos) for c in _SENTENCE_END) + 1
