"""Helpers shared by the extractors: regexes from lexicon words, sentence boundaries."""
from __future__ import annotations

import re
from typing import Iterable, Iterator, NamedTuple, Optional

try:  # the regex parser, to read a pattern's first characters
    from re import _constants as _sre_c
    from re import _parser as _sre_parse
except ImportError:  # Python 3.10
    import sre_constants as _sre_c  # type: ignore[no-redef]
    import sre_parse as _sre_parse  # type: ignore[no-redef]

_NOWHERE = r"(?!x)x"  # a pattern that matches nowhere


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


def any_of(words: Iterable[str]) -> str:
    """:func:`alternation` of ``words``; with none, a pattern that matches nowhere (an empty word list of a
    lexicon finds nothing, where an empty alternation would match everywhere)."""
    return alternation(words) or _NOWHERE


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


_REPEATS = tuple(op for op in (getattr(_sre_c, n, None) for n in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"))
                 if op is not None)


def _parse(pattern: str, flags: int = 0):
    """The regex parse tree of ``pattern``; None when it cannot be parsed or letters match in either case (the
    readers below take each literal as the one character it is)."""
    if flags & re.IGNORECASE:
        return None
    try:
        tree = _sre_parse.parse(pattern, flags)
    except re.error:
        return None
    return None if tree.state.flags & re.IGNORECASE else tree  # (an inline (?i))


def _class_chars(items, widest: int) -> "Optional[tuple[set[str], bool]]":
    """The characters of a character class (``IN`` node) and whether it holds ``\\d``; None for a negated class,
    another category, or a range wider than ``widest``."""
    chars: set[str] = set()
    digits = False
    for op, av in items:
        if op is _sre_c.LITERAL:
            chars.add(chr(av))
        elif op is _sre_c.RANGE and av[1] - av[0] <= widest:
            chars.update(chr(x) for x in range(av[0], av[1] + 1))
        elif op is _sre_c.CATEGORY and av is _sre_c.CATEGORY_DIGIT:
            digits = True
        else:
            return None
    return chars, digits


def first_chars(pattern: str, flags: int = 0) -> "Optional[str]":
    """The character class (without brackets) of every character a match of ``pattern`` can start with, read
    from the regex's parse tree; None when any character may start one (a leading ``.`` or negated class, a
    back-reference, a category other than ``\\d``, an empty match, case-insensitive flags).

    ``starting_with(None, ..., classes=first_chars(p))`` gives each pattern the narrowest one-character gate.
    """
    tree = _parse(pattern, flags)
    if tree is None:
        return None
    chars: set[str] = set()
    classes: set[str] = set()

    def seq(items) -> Optional[bool]:
        """Adds the first characters of a sequence; True when it can match empty, None when unknown."""
        for op, av in items:
            nullable = item(op, av)
            if nullable is None:
                return None
            if not nullable:
                return False
        return True

    def item(op, av) -> Optional[bool]:
        c = _sre_c
        if op is c.LITERAL:
            chars.add(chr(av))
            return False
        if op is c.IN:
            read = _class_chars(av, 2000)
            if read is None:
                return None
            chars.update(read[0])
            if read[1]:
                classes.add(r"\d")
            return False
        if op is c.SUBPATTERN:
            return None if av[1] & re.IGNORECASE else seq(av[-1])  # (a group written (?i:...))
        if op is c.BRANCH:
            out = False
            for branch in av[1]:
                r = seq(branch)
                if r is None:
                    return None
                out = out or r
            return out
        if op in _REPEATS:
            r = seq(av[2])
            return None if r is None else (r or av[0] == 0)
        if op in (c.AT, c.ASSERT, c.ASSERT_NOT):
            return True  # zero width: what follows starts the match
        return None

    if seq(tree) is not False:
        return None
    return "".join(sorted(re.escape(ch) for ch in chars)) + "".join(sorted(classes))


def gated(pattern: str, flags: int = 0) -> "re.Pattern[str]":
    """``pattern`` behind the lookahead of its own first characters (``first_chars``) when they can be read, for
    patterns the engine cannot skip through by itself (those opening with an optional group or a lookbehind)."""
    own = first_chars(pattern, flags)
    return starting_with((), pattern, flags, classes=own) if own else re.compile(pattern, flags)


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


def sentences_holding(text: str, positions: list[int]) -> list[tuple[int, int]]:
    """The spans of the sentences (as ``SENTENCE`` finds them) that hold one of ``positions`` (sorted)."""
    out: list[tuple[int, int]] = []
    i, n = 0, len(positions)
    for m in SENTENCE.finditer(text):
        if i == n:
            break
        s0, s1 = m.span()
        while i < n and positions[i] < s0:
            i += 1
        if i < n and positions[i] < s1:
            out.append((s0, s1))
    return out


# -- scanning near the characters a match must hold -------------------------------------------------------------

_INF = float("inf")
# characters of nearly every sentence: searching near each of them costs more than a plain scan
_EVERYWHERE = frozenset("，,。、：:；;")


class Anchored(NamedTuple):
    """How to find every match of a pattern by searching only near the characters every match holds.

    ``hits`` finds those characters; a match holding one at position p starts in ``[p - width + 1, p]`` and the
    engine reads no further right than ``start + reach`` (look-aheads included), so a search ending there sees
    what it would see in the whole text."""

    hits: "re.Pattern[str]"
    width: int
    reach: int


def anchor_plan(pattern: str, flags: int = 0) -> Optional[Anchored]:
    """The plan of :func:`finditer_anchored` for ``pattern``, read from its parse tree; None when no set of
    characters is held by every match (a set that may hold a digit or a clause's punctuation is no use: in
    financial text they are everywhere, and searching near each costs more than a plain scan), when a match or a
    look-ahead has no bounded length, or when letters may match in either case."""
    tree = _parse(pattern, flags)
    if tree is None:
        return None
    c = _sre_c
    maxrepeat = c.MAXREPEAT

    def width(items) -> float:
        w = _sre_parse.SubPattern(tree.state, list(items)).getwidth()[1]
        return _INF if w >= maxrepeat else w

    def reach_seq(items) -> Optional[float]:
        off, best = 0.0, 0.0
        for op, av in items:
            r = reach_item(op, av)
            if r is None:
                return None
            best = max(best, off + r)
            off += width([(op, av)])
        return max(best, off)

    def reach_item(op, av) -> Optional[float]:
        if op in (c.LITERAL, c.NOT_LITERAL, c.IN, c.ANY, c.AT):
            return 1  # (a position assertion reads at most the next character)
        if op is c.SUBPATTERN:
            return reach_seq(av[-1])
        if op is c.BRANCH:
            rs = [reach_seq(b) for b in av[1]]
            return None if None in rs else max(rs)
        if op in _REPEATS:
            lo, hi, body = av
            if hi >= maxrepeat:
                return _INF
            rb = reach_seq(body)
            return None if rb is None else ((hi - 1) * width(body) + rb if hi else 0)
        if op in (c.ASSERT, c.ASSERT_NOT):
            direction, inner = av
            return reach_seq(inner) if direction == 1 else 0  # (a look-behind reads to the left only)
        return None

    def hits_seq(items) -> Optional[frozenset]:
        # any element every match consumes will do, but not one that may be a digit or a clause's punctuation
        # (found in nearly every sentence); the smallest set, the later element on a tie (the head word of a
        # period, 季 or 月, comes after its numerals)
        best = None
        for op, av in items:
            h = hits_item(op, av)
            if h is not None and not (h & _EVERYWHERE) and not any(ch.isdigit() for ch in h) \
                    and (best is None or len(h) <= len(best)):
                best = h
        return best

    def hits_item(op, av) -> Optional[frozenset]:
        if op is c.LITERAL:
            return frozenset(chr(av))
        if op is c.IN:
            read = _class_chars(av, 200)
            return None if read is None or read[1] else frozenset(read[0])  # (no category: \d is too common)
        if op is c.SUBPATTERN:
            return None if av[1] & re.IGNORECASE else hits_seq(av[-1])  # (a group written (?i:...))
        if op is c.BRANCH:
            chars = set()
            for b in av[1]:
                h = hits_seq(b)
                if h is None:
                    return None
                chars |= h
            return frozenset(chars)
        if op in _REPEATS and av[0] >= 1:
            return hits_seq(av[2])
        return None

    hits = hits_seq(tree.data)
    w, reach = width(tree.data), reach_seq(tree.data)
    if not hits or w == _INF or w < 1 or reach is None or reach == _INF:
        return None
    cls = "".join(sorted(re.escape(ch) for ch in hits))
    return Anchored(re.compile(f"[{cls}]"), int(w), int(max(reach, w)))


def finditer_anchored(rx: "re.Pattern[str]", plan: Optional[Anchored], text: str) -> Iterator["re.Match[str]"]:
    """The matches of ``rx.finditer(text)``, the same ones in the same order, found by searching only near the
    characters of ``plan`` (see :func:`anchor_plan`; None: a plain scan). Where those characters are frequent in
    ``text`` it goes on with a plain scan, which is then the cheaper."""
    if plan is None:
        yield from rx.finditer(text)
        return
    n, cursor, budget = len(text), 0, len(text) // 40 + 8
    width, reach, search = plan.width, plan.reach, rx.search
    for k, o in enumerate(plan.hits.finditer(text)):
        if k == budget:
            yield from rx.finditer(text, cursor)  # (every match before the cursor was found already)
            return
        p = o.start()
        lo = max(cursor, p - width + 1)
        endpos = min(n, p + reach)
        while lo <= p:
            m = search(text, lo, endpos)
            if m is None or m.start() > p:
                break  # (a match starting after p holds a later character and is searched for from there)
            yield m
            cursor = lo = m.end()
