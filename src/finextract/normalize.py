"""Normalisation: traditional -> simplified, full-width -> half-width, white space.

The normalised text is built character for character, so position i of the
normalised text stands for position i of the original. ``OffsetMap`` records
that correspondence explicitly (and would carry a non-trivial mapping should a
step ever change lengths); evidence spans found in the normalised text are
mapped back through it, so ``original[start:end] == evidence.text`` always.

OpenCC's ``tw2s`` configuration converts Taiwan usage correctly (隨著 -> 随着
while 著名 stays 著名). A phrase conversion that would change the length of a
chunk is replaced, for that chunk only, by a character-by-character conversion.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

import opencc

_FULLWIDTH = {cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F)}
# Keep Chinese punctuation that rules read as clause separators: map only the
# ASCII-like full-width forms. (，；：！？（） stay full-width on purpose: they
# separate clauses the same way either form does, and rules accept both.)
for _keep in "，；：！？（）":
    _FULLWIDTH.pop(ord(_keep), None)
_FULLWIDTH.update({ord("　"): 0x20, 0x00A0: 0x20, 0x2002: 0x20, 0x2003: 0x20, 0x2009: 0x20, 0x200B: 0x20,
                   0xFEFF: 0x20, 0x3001: 0x3001, 0x2014: 0x2014, 0xFF0E: 0x2E, 0x2215: 0x2F,
                   0x2236: 0x3A, 0x00B7: 0x00B7})
# Simplified characters that tw2s turns into another character (饿了么 -> 饿了幺, 昇腾 -> 升腾);
# traditional text writes 麼, which still converts to 么.
_KEEP = frozenset("么昇")
_RE_KEEP = re.compile(f"[{''.join(sorted(_KEEP))}]")
_RE_HAN = re.compile("[\u4e00-\u9fff]+")
# the characters the width table changes (a text holding none is left as it is)
_RE_WIDE = re.compile("[" + "".join(re.escape(chr(k)) for k, v in sorted(_FULLWIDTH.items()) if k != v) + "]")
_CHUNK = re.compile(r"[^\n。！？!?；;]*[\n。！？!?；;]?")


def _share_changed_above(text: str, converted: str, share: float) -> bool:
    """Whether more than ``share`` of the Han characters of ``text`` changed in ``converted`` (of the same
    length). Equal blocks are passed over whole, and counting stops once the share is exceeded."""
    han = sum(map(len, _RE_HAN.findall(text))) or 1
    changed = 0
    for i in range(0, len(text), 64):
        a, b = text[i:i + 64], converted[i:i + 64]
        if a != b:
            changed += sum(map(str.__ne__, a, b))
            if changed / han > share:
                return True
    return False


@dataclass(frozen=True)
class OffsetMap:
    """Maps positions of the normalised text to positions of the original."""

    to_original: tuple[int, ...] | None  # None: identity
    original_length: int

    def start(self, i: int) -> int:
        if self.to_original is None:
            return i
        return self.to_original[i] if i < len(self.to_original) else self.original_length

    def end(self, j: int) -> int:
        if self.to_original is None:
            return j
        if j <= 0:
            return 0
        return self.to_original[j - 1] + 1


@dataclass(frozen=True)
class Normalized:
    original: str
    text: str
    offsets: OffsetMap
    script: str  # "traditional" | "simplified"

    def original_span(self, start: int, end: int) -> tuple[int, int, str]:
        s, e = self.offsets.start(start), self.offsets.end(end)
        return s, e, self.original[s:e]


class Normalizer:
    """Owns its own OpenCC converter (no module-level state)."""

    def __init__(self, config: str = "tw2s"):
        self._cc = opencc.OpenCC(config)

    def _convert_chunk(self, chunk: str) -> str:
        out = self._cc.convert(chunk)
        if len(out) == len(chunk):
            return out
        chars = []
        for ch in chunk:
            c = self._cc.convert(ch)
            chars.append(c if len(c) == 1 else ch)
        return "".join(chars)

    def convert(self, text: str) -> str:
        out = self._cc.convert(text)
        if len(out) == len(text):
            return out
        return "".join(self._convert_chunk(m.group(0)) for m in _CHUNK.finditer(text) if m.group(0))

    def normalize(self, text: str) -> Normalized:
        simplified = self.convert(text)
        if _RE_KEEP.search(text):  # characters the Taiwan table rewrites although already simplified
            chars = list(simplified)
            for m in _RE_KEEP.finditer(text):
                chars[m.start()] = m.group(0)
            simplified = "".join(chars)
        script = "traditional" if simplified != text and _share_changed_above(text, simplified, 0.02) \
            else "simplified"
        text_n = simplified.translate(_FULLWIDTH) if _RE_WIDE.search(simplified) else simplified
        text_n = text_n.replace("\r", " ").replace("\t", " ")
        assert len(text_n) == len(text), "normalisation must keep positions"
        return Normalized(original=text, text=text_n, offsets=OffsetMap(None, len(text)), script=script)
