"""Segmentation: a private jieba tokenizer hosted as a spaCy tokenizer.

Each ``Segmenter`` owns its own ``jieba.Tokenizer`` (never the module default),
with the lexicon's entity names and metric words added, so pipelines and tests
do not leak words into each other.
"""
from __future__ import annotations

import logging
import os
import tempfile
from typing import Iterable

import jieba
from spacy.tokens import Doc
from spacy.vocab import Vocab

from .lexicon import Lexicon

jieba.setLogLevel(logging.WARNING)


class Segmenter:
    def __init__(self, lexicon: Lexicon, extra_words: Iterable[str] = ()):
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
