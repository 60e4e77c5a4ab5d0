"""Segmentation: a private jieba tokenizer hosted as a spaCy tokenizer.

Each ``Segmenter`` owns its own ``jieba.Tokenizer`` (never the module default),
with the lexicon's entity names and metric words added, so pipelines and tests
do not leak words into each other.
"""
from __future__ import annotations

import hashlib
import logging
import marshal
import os
import re
import tempfile
import time
from bisect import bisect_right
from math import log
from typing import Iterable, Optional

import jieba
from jieba import finalseg

from .errors import LexiconError
from .lexicon import Lexicon

jieba.setLogLevel(logging.WARNING)


_ASCII_PARTS = re.compile(r"\d+\.\d+%?|[A-Za-z0-9]+%?|.", re.S)
ENGINES = ("jieba", "rjieba")


class _NativeTokenizer:
    """rjieba (jieba's algorithm in Rust) with ASCII runs split as jieba splits them (Q2-Q3 -> Q2 - Q3,
    1.2pct -> 1.2 pct), so both engines give the same boundaries on news text."""

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


_WORD_FREQ = 20000


def _inner_pairs(freq: dict[str, int]) -> dict[str, str]:
    """The inner pairs of the dictionary's words (of a frequency above zero): for each character of a word run, the
    characters that follow it inside a word. Where a text's two characters are no such pair, no word of jieba's
    route spans the place between them. (A string of followers per character: a few MB, where a set of pairs
    took ten times as much.)"""
    follow: dict[str, set[str]] = {}
    for w, f in freq.items():
        if f and len(w) >= 2:
            for j in range(len(w) - 1):
                if _WORD_RUN.fullmatch(w, j, j + 2):
                    follow.setdefault(w[j], set()).add(w[j + 1])
    return {c: "".join(sorted(after)) for c, after in follow.items()}


def _jieba_with(words: list[str]) -> tuple["jieba.Tokenizer", dict[str, str]]:
    """A private jieba tokenizer with ``words`` added, and the inner pairs of its words (:func:`_inner_pairs`).
    Both are cached on disk under a key of the word list, so a start-up loads one file instead of re-adding
    every word."""
    digest = hashlib.sha1("\n".join([jieba.__version__, str(_WORD_FREQ), "total-replaces", "inner-pairs", *words])
                          .encode("utf-8"))
    key = digest.hexdigest()[:16]
    cache = os.path.join(tempfile.gettempdir(), f"finextract-jieba-{key}.cache")
    tok = jieba.Tokenizer()
    tok.cache_file = os.path.join(tempfile.gettempdir(), "finextract-jieba.cache")
    try:
        with open(cache, "rb") as fh:
            tok.FREQ, tok.total, pairs = marshal.loads(fh.read())  # one read: load(fh) reads in small pieces
        tok.initialized = True
        return tok, pairs
    except (OSError, EOFError, ValueError, TypeError) as e:
        if not isinstance(e, FileNotFoundError):
            logging.getLogger(__name__).warning("ignoring unreadable segmenter cache %s: %s", cache, e)
    tok.initialize()
    for w in words:
        # (a word jieba knows already replaces its frequency in the total, as the native engine counts it;
        # jieba itself would count both, and the two engines would then part on close calls)
        tok.total -= tok.FREQ.get(w, 0)
        tok.add_word(w, freq=_WORD_FREQ)
    pairs = _inner_pairs(tok.FREQ)
    tmp = f"{cache}.{os.getpid()}.tmp"
    try:
        with open(tmp, "wb") as fh:
            marshal.dump((tok.FREQ, tok.total, pairs), fh)
        os.replace(tmp, cache)
    except OSError as e:  # a read-only temp folder only costs start-up time
        logging.getLogger(__name__).warning("cannot write segmenter cache %s: %s", cache, e)
    return tok, pairs


class Segmenter:
    def __init__(self, lexicon: Lexicon, extra_words: Iterable[str] = (), engine: str = "jieba"):
        if engine not in ENGINES:
            raise LexiconError(f"unknown segmenter {engine!r}; choose one of {', '.join(ENGINES)}")
        words = set(extra_words)
        for e in lexicon.entities.entities:
            words.add(e.name)
            words.update(a for a in e.aliases if not a.isascii())
        for m in lexicon.metrics.metrics:
            words.update(s for s in m.synonyms if not s.isascii())
        added = sorted(w for w in words if len(w) >= 2)
        self._routes: Optional[_Routes] = None
        if engine == "rjieba":
            self._tok = _NativeTokenizer()
            for w in added:
                self._tok.add_word(w, freq=_WORD_FREQ)
        else:
            self._tok, pairs = _jieba_with(added)
            self._routes = _Routes(self._tok, pairs)

    def cut(self, text: str) -> list[tuple[str, int, int]]:
        """(token, start, end) for every token, covering the whole text."""
        return [(w, s, e) for w, s, e in self._tok.tokenize(text)]

    def boundaries(self, text: str) -> "Boundaries":
        """Token boundaries of ``text``, segmented lazily: only the clauses a rule asks about."""
        return Boundaries(self._tok, text, self._routes)

    def all_boundaries(self, text: str) -> set[int]:
        """Every token boundary of ``text`` (the whole text segmented at once)."""
        out = {0, len(text)}
        for _, s, e in self._tok.tokenize(text):
            out.add(s)
            out.add(e)
        return out


# jieba segments runs of Han characters, letters, digits and +#&._%- on their own; every other character is a
# token of its own, so the text can be segmented piece by piece between such characters with the same result
_PIECE = re.compile(r"[^，。；！？、：,;!?:\n“”「」（）()《》]*[，。；！？、：,;!?:\n“”「」（）()《》]?")


def _margin(n: int) -> float:
    """The least lead of one reading over another that rounding cannot overturn in a text of ``n`` characters.

    A score of a word run of L <= n characters is a sum of at most L logarithms, each of size below 18 (a token's
    cost is at least log(1 / total)), so a sum is within L * 18L * 2**-53 (under 2e-15 * L**2) of its exact value,
    whichever end it is summed from; a lead five times that bound, and more, is the same lead in both sums."""
    return 1e-9 + 1e-14 * n * n


# characters jieba never joins to a neighbour (the complement of its word-run class)
_OWN_TOKEN = re.compile(r"[^\u4E00-\u9FD5a-zA-Z0-9+#&._%\-]")
_WORD_RUN = re.compile(r"[\u4E00-\u9FD5a-zA-Z0-9+#&._%\-]+")


class _Routes:
    """jieba's own segmentation of a word run, in two steps, so the costly second step runs only where asked.

    1. The dictionary route: jieba's ``get_DAG`` and ``calc`` fused in one loop (the same words, the same
       floating-point sums in the same order, the same tie-break), giving every boundary of a word of two or
       more characters.
    2. A run of single characters on that route is joined by jieba's HMM (``finalseg.cut``) unless the run is
       a dictionary word; its inner boundaries are known only after that, which :class:`Boundaries` asks for
       only when a rule asks about a position inside such a run.
    """

    __slots__ = ("_freq", "_logtotal", "_costs", "pairs")

    def __init__(self, tok: "jieba.Tokenizer", pairs: dict[str, str]):
        tok.check_initialized()
        self._freq = tok.FREQ
        self._logtotal = log(tok.total)
        self._costs: dict[int, float] = {}  # log(freq) - logtotal by frequency (a few thousand distinct values)
        self.pairs = pairs  # the inner pairs of the dictionary's words (see _inner_pairs)

    def _cost(self, f: int) -> float:
        c = self._costs[f] = log(f) - self._logtotal
        return c

    def piece(self, text: str, a: int, b: int, add, pending: dict[int, tuple[int, int]]) -> None:
        """Add the route's boundaries in ``text[a:b]``; map every position inside a single-character run that
        the HMM would decide to that run in ``pending``."""
        for m in _WORD_RUN.finditer(text, a, b):
            x, run = m.start(), -1
            for y in self.window(text, m.start(), m.end()):  # (a whole run: every choice is jieba's own)
                if y - x == 1:
                    if run < 0:
                        run = x
                else:
                    if run >= 0:
                        self._run(text, run, x, add, pending)
                        run = -1
                    add(x)
                x = y
            if run >= 0:
                self._run(text, run, x, add, pending)
            add(x)

    def window(self, text: str, a: int, b: int, margin: Optional[float] = None) -> Optional[list[int]]:
        """The ends of the route's tokens in ``text[a:b]``: step 1 on a whole word run, or on a window of one that
        no dictionary word spans into or out of (every route of the run passes ``a`` and ``b``, and inside takes
        the best reading of the window alone).

        On a window (``margin`` given), the scores differ from the whole run's by the score of the rest of the run,
        added in another order, so they may differ in their last bits: a choice is trusted only when the best
        reading leads the next by more than ``margin`` (see :func:`_margin`), else the answer is None and the caller
        segments the whole run, as jieba adds its sums."""
        fget, cget, single = self._freq.get, self._costs.get, log(1) - self._logtotal
        blk = text[a:b]
        n = b - a
        score = [0.0] * (n + 1)
        nxt = list(range(1, n + 2))
        for k in range(n - 1, -1, -1):
            f = fget(blk[k])
            if f is None:  # a character jieba does not know: itself alone
                score[k] = single + score[k + 1]
                continue
            best = bx = second = None
            if f:
                best, bx = (cget(f) or self._cost(f)) + score[k + 1], k
            i = k + 1
            while i < n:
                f = fget(blk[k:i + 1])
                if f is None:
                    break
                if f:
                    v = (cget(f) or self._cost(f)) + score[i + 1]
                    if bx is None:
                        best, bx = v, i
                    elif v >= best:  # (a tie to the longer word, as jieba)
                        second, best, bx = best, v, i
                    elif second is None or v > second:
                        second = v
                i += 1
            if bx is None:
                best, bx = single + score[k + 1], k
            elif margin is not None and second is not None and best - second < margin:
                return None
            score[k] = best
            nxt[k] = bx + 1
        ends, x = [], 0
        while x < n:
            x = nxt[x]
            ends.append(a + x)
        return ends

    def _run(self, text: str, u: int, v: int, add, pending: dict[int, tuple[int, int]]) -> None:
        add(u)
        if v - u == 1 or self._freq.get(text[u:v]):  # (jieba yields a dictionary word's characters one by one)
            for k in range(u + 1, v):
                add(k)
        else:
            span = (u, v)
            for k in range(u + 1, v):
                pending[k] = span

    @staticmethod
    def hmm(text: str, u: int, v: int, add) -> None:
        """The boundaries jieba's HMM gives inside the single-character run ``text[u:v]``."""
        k = u
        for w in finalseg.cut(text[u:v]):
            k += len(w)
            add(k)


class Boundaries:
    """The token boundaries of a text as a set-like object (``pos in bounds``), segmenting on demand.

    Rules ask about a few positions (where a name, a metric word or a numeral ends). With jieba, a question is
    answered from the route of the few characters around the position: the window between the nearest places
    on either side that no dictionary word spans (:meth:`_Routes.window`), and the HMM runs only on the run of
    single characters holding the position, if it holds one. Where a window cannot decide (two readings score
    the same), and with the native engine, the piece of text holding the position is segmented whole, once.
    Results equal whole-text segmentation (tested).
    """

    __slots__ = ("_tok", "_routes", "_text", "_starts", "_ends", "_done", "_set", "_pending", "_known", "_next",
                 "_prev", "_routed", "_margin", "seconds")

    def __init__(self, tok, text: str, routes: Optional[_Routes] = None):
        self._tok, self._routes, self._text = tok, routes, text
        # the pieces between punctuation, found when one is first segmented whole
        self._starts: list[int] = []
        self._ends: list[int] = []
        self._done: Optional[bytearray] = None
        self._set = {0, len(text)}
        self._pending: dict[int, tuple[int, int]] = {}
        self._known: dict[int, bool] = {}  # answers found from windows
        self._next: dict[int, int] = {}  # the route's tokens of the windows routed: start -> end
        self._prev: dict[int, int] = {}  # and end -> start
        self._routed = 0  # characters of the windows routed
        self._margin = _margin(len(text))
        self.seconds = 0.0  # time spent segmenting so far

    def __contains__(self, pos: int) -> bool:
        if pos in self._set:  # a boundary already known
            return True
        known = self._known.get(pos)
        if known is not None:
            return known
        text = self._text
        if pos <= 0 or pos >= len(text) or _OWN_TOKEN.match(text, pos - 1) or _OWN_TOKEN.match(text, pos):
            # jieba makes every character outside its word runs (Han, letters, digits, +#&._%-) a token of its own,
            # so a position next to one is a boundary, with no need to segment
            return 0 <= pos <= len(text)
        if self._routes is not None:
            t = time.perf_counter()
            found = self._decide(pos)
            self.seconds += time.perf_counter() - t
            if found is not None:
                if found:
                    self._set.add(pos)
                else:
                    self._known[pos] = False
                return found
        # the piece holding pos, segmented whole
        if self._done is None:
            self._pieces()
        i = bisect_right(self._starts, pos) - 1
        if i >= 0 and not self._done[i]:
            self._segment(i)
        if pos in self._set:
            return True
        run = self._pending.get(pos)
        if run is not None:
            t = time.perf_counter()
            for k in range(run[0] + 1, run[1]):
                self._pending.pop(k, None)
            _Routes.hmm(text, run[0], run[1], self._set.add)
            self.seconds += time.perf_counter() - t
            return pos in self._set
        return False

    # -- windows (jieba) ---------------------------------------------------------------------------------------------
    def _route(self, x: int) -> bool:
        """Route the window holding the character at ``x`` (once); False when the window cannot decide."""
        if x in self._next or x + 1 in self._prev:
            return True  # (the window is routed: the route has a token starting or ending here)
        # the window: from x to the nearest places on either side whose two characters are no inner pair of a
        # word (the ends of a word run among them: an inner pair is two characters of a word run)
        text, follows = self._text, self._routes.pairs.get
        a = x
        while a > 0 and text[a] in follows(text[a - 1], ""):
            a -= 1
        if a in self._next:
            return True
        b, n = x + 1, len(text)
        while b < n and text[b] in follows(text[b - 1], ""):
            b += 1
        ends = self._routes.window(text, a, b, self._margin) if b - a > 1 else [b]  # (one character alone is its own token)
        if ends is None:
            return False
        self._routed += b - a
        nxt, prev = self._next, self._prev
        for e in ends:
            nxt[a] = e
            prev[e] = a
            a = e
        return True

    def _decide(self, pos: int) -> Optional[bool]:
        """Whether ``pos`` (between two characters of one word run) is a boundary, from the windows around it and
        the HMM on the run of single characters holding it; None when a window cannot decide."""
        if not self._route(pos - 1):
            return None
        start = self._prev.get(pos)
        if start is None:
            return False  # inside a word of the route
        if not self._route(pos):
            return None
        end = self._next[pos]
        if pos - start >= 2 or end - pos >= 2:
            return True  # a word of two or more characters on one side: jieba yields it whole
        text = self._text
        # between two single characters: jieba joins the run of single characters holding them by its HMM
        u, v = start, end
        while u > 0 and not _OWN_TOKEN.match(text, u - 1):
            if not self._route(u - 1):
                return None
            if u - self._prev[u] != 1:
                break
            u -= 1
        while v < len(text) and not _OWN_TOKEN.match(text, v):
            if not self._route(v):
                return None
            if self._next[v] - v != 1:
                break
            v += 1
        if self._routes._freq.get(text[u:v]):
            inside = set(range(u + 1, v))  # (jieba yields a dictionary word's characters one by one)
        else:
            inside = set()
            _Routes.hmm(text, u, v, inside.add)
        known = self._known
        for k in range(u + 1, v):
            if k not in inside:
                known[k] = False
        self._set.update(inside)
        return pos in inside

    # -- whole pieces ------------------------------------------------------------------------------------------------
    def _pieces(self) -> None:
        for m in _PIECE.finditer(self._text):
            if m.end() > m.start():
                self._starts.append(m.start())
                self._ends.append(m.end())
        self._done = bytearray(len(self._starts))

    def _segment(self, i: int) -> None:
        t = time.perf_counter()
        self._done[i] = 1
        a = self._starts[i]
        add = self._set.add
        if self._routes is not None:
            self._routes.piece(self._text, a, self._ends[i], add, self._pending)
        else:
            for _, s, e in self._tok.tokenize(self._text[a:self._ends[i]]):
                add(a + s)
                add(a + e)
        self.seconds += time.perf_counter() - t

    def segmented_share(self) -> float:
        """How much of the text was segmented, in whole pieces or in windows (for the benchmark and tests)."""
        total = len(self._text) or 1
        whole = sum(e - s for s, e, d in zip(self._starts, self._ends, self._done or ()) if d)
        return min(1.0, (whole + self._routed) / total)


class JiebaSpacyTokenizer:
    """A spaCy tokenizer backed by a private jieba tokenizer."""

    def __init__(self, vocab, segmenter: Segmenter):
        self.vocab = vocab
        self.segmenter = segmenter

    def __call__(self, text: str):
        from spacy.tokens import Doc  # spaCy is imported only where a spaCy pipeline is used

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
