"""Segmentation: a private jieba tokenizer hosted as a spaCy tokenizer.

Each ``Segmenter`` owns its own ``jieba.Tokenizer`` (never the module default),
with the lexicon's entity names and metric words added, so pipelines and tests
do not leak words into each other.
"""
from __future__ import annotations

import logging
import os
import re
import tempfile
from typing import Iterable

import jieba
from spacy.tokens import Doc
from spacy.vocab import Vocab

from .errors import LexiconError
from .lexicon import Lexicon

jieba.setLogLevel(logging.WARNING)


_ASCII_PARTS = re.compile(r"\d+\.\d+%?|[A-Za-z0-9]+%?|.", re.S)
ENGINES = ("jieba", "rjieba")


class _NativeTokenizer:
    """rjieba (jieba's algorithm in Rust) with ASCII runs split as jieba splits them (Q2-Q3 -> Q2 - Q3,
    0.95pct -> 0.95 pct), so both engines give the same boundaries on news text."""

    def __init__(self):
        try:
            import rjieba
        except ImportError as e:
            raise LexiconError("segmenter 'rjieba' is not installed: pip install 'finextract[fast]'") from e
        self._j = rjieba.Jieba()

    def add_word(self, word: str, freq: int) -> None:
        self._j.add_word(word, freq, None)

    def tokenize(self, text: str):
        for w, s, e in self._j.tokenize(text):
            if e - s > 1 and w.isascii():
                for m in _ASCII_PARTS.finditer(w):
                    yield m.group(0), s + m.start(), s + m.end()
            else:
                yield w, s, e


class Segmenter:
    def __init__(self, lexicon: Lexicon, extra_words: Iterable[str] = (), engine: str = "jieba"):
        if engine not in ENGINES:
            raise LexiconError(f"unknown segmenter {engine!r}; choose one of {', '.join(ENGINES)}")
        if engine == "rjieba":
            self._tok = _NativeTokenizer()
        else:
            cache = os.path.join(tempfile.gettempdir(), "finextract-jieba.cache")
            self._tok = jieba.Tokenizer()
            self._tok.cache_file = cache
            self._tok.initialize()
        words = set(extra_words)
        for e in lexicon.entities.entities:
            words.add(e.name)
            words.update(a for a in e.aliases if not a.isascii())
        for m in lexicon.metrics.metrics:
            words.update(s for s in m.synonyms if not s.isascii())
        for w in sorted(words):
            if len(w) >= 2:
                self._tok.add_word(w, freq=20000)

    def cut(self, text: str) -> list[tuple[str, int, int]]:
        """(token, start, end) for every token, covering the whole text."""
        return [(w, s, e) for w, s, e in self._tok.tokenize(text)]

    def boundaries(self, text: str) -> set[int]:
        out = {0, len(text)}
        for _, s, e in self._tok.tokenize(text):
            out.add(s)
            out.add(e)
        return out


class JiebaSpacyTokenizer:
    """A spaCy tokenizer backed by a private jieba tokenizer."""

    def __init__(self, vocab: Vocab, segmenter: Segmenter):
        self.vocab = vocab
        self.segmenter = segmenter

    def __call__(self, text: str) -> Doc:
        toks = self.segmenter.cut(text)
        words = [w for w, _, _ in toks]
        spaces = [False] * len(words)
        return Doc(self.vocab, words=words, spaces=spaces)

    # spaCy serialisation hooks: the tokenizer is rebuilt from the lexicon, nothing to store
    def to_bytes(self, **kwargs) -> bytes:
        return b""

    def from_bytes(self, data: bytes, **kwargs) -> "JiebaSpacyTokenizer":
        return self

    def to_disk(self, path, **kwargs) -> None:
        return None

    def from_disk(self, path, **kwargs) -> "JiebaSpacyTokenizer":
        return self
