"""Numbers: find numerals in text and resolve them to ``Decimal``.

Handles Arabic numerals with thousands separators (1,234.5 / 4，218.06),
Chinese numerals (三千五百万, 两百亿, 一万二千三百四十五, 十一, 一点五, 壹佰贰拾),
mixed forms (1.5万, 3千万, 1兆81亿, 4千5百) and magnitude words.
"""
from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import Iterator, NamedTuple, Optional

from ..lexicon import Lexicon, NumbersLexicon

PLAIN_NUMERAL = re.compile(r"\d+(?:\.\d+)?")  # Arabic digits, maybe with a decimal part: 123, 45.6
_ONE = Decimal(1)
_ZERO = Decimal(0)
_MEMO_SIZE = 4096  # numerals written in words (三, 两百, 十四五) recur; their values are kept, this many at most


class NumberSpan(NamedTuple):
    start: int
    end: int
    value: Decimal
    text: str
    chinese: bool  # written (partly) in Chinese numerals


ARABIC = r"(?:\d{1,3}(?:[,，]\d{3})+(?!\d)|\d+)(?:\.\d+)?"


class NumberParser:
    """Parses numerals with the digits and units of ``numbers.yaml``."""

    def __init__(self, lex: NumbersLexicon):
        self.lex = lex
        self.digits = {k: Decimal(v) for k, v in lex.digits.items()}
        self.small = {k: Decimal(v) for k, v in lex.small_units.items()}
        self.big = {k: Decimal(v) for k, v in lex.big_units.items()}
        self.points = set(lex.decimal_point)
        self.negative = set(lex.negative)
        self.shorthands = dict(lex.shorthands)
        # 46.83亿: digits and one big unit, resolved as the general path resolves it (head * unit + no tail), in
        # one step; not when the unit character is also a shorthand, a decimal point or a minus sign
        plain_units = [u for u in self.big
                       if len(u) == 1 and u not in self.shorthands and u not in self.points | self.negative]
        self.re_plain_big = re.compile(rf"(\d+(?:\.\d+)?)([{''.join(plain_units)}])") if plain_units else None
        self._memo: dict[str, Optional[Decimal]] = {}
        au = lex.amount_units
        if au:
            num = "[^" + "".join(au.get("yuan", []) + au.get("jiao", []) + au.get("fen", [])) + "]"
            self.re_amount = re.compile(
                rf"(?P<y>{num}+)[{''.join(au.get('yuan', []))}](?:(?P<j>{num})[{''.join(au.get('jiao', []))}])?"
                rf"(?:(?P<f>{num})[{''.join(au.get('fen', []))}])?[{''.join(au.get('close', []))}]?")
        else:
            self.re_amount = None
        cn_chars = "".join(sorted(set("".join(self.digits) + "".join(self.small) + "".join(self.big))))
        pt = "".join(self.points)
        self.cn_chars = cn_chars
        # A numeral run: Chinese numeral characters and Arabic digits mixed, with an optional decimal part.
        self.re_numeral = re.compile(
            rf"(?:[{''.join(self.negative)}])?"
            rf"(?:{ARABIC}|[{cn_chars}])(?:{ARABIC}|[{cn_chars}])*(?:[{pt}](?:\d+|[{''.join(self.digits)}]+))?"
        )

    # -- resolution ------------------------------------------------------------------------------
    def parse(self, text: str) -> Optional[Decimal]:
        """Resolve a numeral string to a Decimal, or None when it is not a number."""
        if PLAIN_NUMERAL.fullmatch(text):
            return _ONE * Decimal(text)  # the common case: 123, 45.6 (the same rounding as the general path)
        m = self.re_plain_big.fullmatch(text) if self.re_plain_big is not None else None
        if m is not None:
            return _ONE * (Decimal(m.group(1)) * self.big[m.group(2)] + _ZERO)
        if text in self._memo:
            return self._memo[text]
        if len(self._memo) >= _MEMO_SIZE:
            self._memo.clear()
        value = self._memo[text] = self._parse_general(text)
        return value

    def _parse_general(self, text: str) -> Optional[Decimal]:
        s = text.strip().replace(" ", "")
        if not s:
            return None
        sign = Decimal(1)
        if s[0] in self.negative or s[0] == "-":
            sign, s = Decimal(-1), s[1:]
        if not s:
            return None
        for short, full in self.shorthands.items():
            s = s.replace(short, full)
        try:
            if self.re_amount is not None:
                m = self.re_amount.fullmatch(s)
                if m:  # 壹拾壹元壹角壹分 -> 11.11
                    v = self._parse(m.group("y"))
                    if m.group("j"):
                        v += self._parse(m.group("j")) / 10
                    if m.group("f"):
                        v += self._parse(m.group("f")) / 100
                    return sign * v
            return sign * self._parse(s)
        except (InvalidOperation, ValueError, KeyError):
            return None

    def _parse(self, s: str) -> Decimal:
        s = s.replace(",", "").replace("，", "")
        if PLAIN_NUMERAL.fullmatch(s):
            return Decimal(s)
        # decimal part written with 点: 一点五 / 3点25
        for p in self.points:
            if p in s:
                whole, frac = s.split(p, 1)
                if not whole:
                    raise ValueError(s)  # 点五 is not a numeral
                whole_v = self._parse(whole)
                frac_digits = "".join(str(int(self.digits[c])) if c in self.digits else c for c in frac)
                if not frac_digits.isdigit():
                    raise ValueError(s)
                # the fraction may be followed by nothing else (units after 点 are not supported)
                return whole_v + Decimal("0." + frac_digits)
        # sections closed by big units (万/亿/兆), largest first
        for unit, mult in sorted(self.big.items(), key=lambda kv: -kv[1]):
            if unit in s:
                idx = s.rfind(unit)
                # "万亿": the unit is a compound multiplier
                head, tail = s[:idx], s[idx + 1:]
                head_v = self._parse(head) if head else Decimal(1)
                # a lower compound after e.g. 亿: 1兆81亿 -> head "1兆81"? handled by rfind order
                tail_v = self._parse_tail(tail, mult) if tail else Decimal(0)
                return head_v * mult + tail_v
        return self._parse_small(s)

    def _parse_tail(self, tail: str, mult: Decimal) -> Decimal:
        # 三万五 -> 35000 (a lone digit after a big unit means the next lower order)
        if len(tail) == 1 and tail in self.digits:
            return self.digits[tail] * mult / 10
        if tail.startswith(tuple(k for k, v in self.digits.items() if v == 0)):
            tail = tail.lstrip("".join(k for k, v in self.digits.items() if v == 0))
        return self._parse(tail) if tail else Decimal(0)

    def _parse_small(self, s: str) -> Decimal:
        """Below 10000: 三千五百二十 / 4千5百 / 十一 / 两百零五 / 一二三 (digit string)."""
        if all(c in self.digits for c in s):  # digit-by-digit: 二〇二五 -> 2025
            if len(s) > 1 and ("两" in s or "俩" in s):
                raise ValueError(s)  # 两两, 俩俩: pairwise, and 两 spells no digit of a code or year
            if len(s) == 1:
                return self.digits[s]
            return Decimal("".join(str(int(self.digits[c])) for c in s))
        total = Decimal(0)
        current: Optional[Decimal] = None
        last_unit = Decimal(10000)
        i = 0
        while i < len(s):
            m = PLAIN_NUMERAL.match(s, i)
            if m:
                current = Decimal(m.group(0))
                i += len(m.group(0))
                continue
            c = s[i]
            if c in self.digits:
                current = self.digits[c]
            elif c in self.small:
                unit = self.small[c]
                if unit >= last_unit:
                    raise ValueError(s)  # 十一十二: positional units must fall
                if current == 0:
                    current = None  # 一千零十: 零 only marks the gap
                total += (current if current is not None else Decimal(1)) * unit
                current = None
                last_unit = unit
            else:
                raise ValueError(s)
            i += 1
        if current is not None:
            # 两百五 -> 250: a trailing digit after a unit means the next lower order
            if last_unit >= 100 and total > 0 and len(s) >= 2 and s[-2] in self.small:
                total += current * last_unit / 10
            else:
                total += current
        return total

    # -- extraction ------------------------------------------------------------------------------
    def find(self, text: str) -> Iterator[NumberSpan]:
        """All numerals in ``text`` (Chinese-only runs need at least one digit character)."""
        for m in self.re_numeral.finditer(text):
            raw = m.group(0)
            if not any(c.isdigit() for c in raw) and not any(c in self.digits for c in raw):
                continue
            val = self.parse(raw)
            if val is None:
                continue
            yield NumberSpan(m.start(), m.end(), val, raw, chinese=not raw.replace(",", "").replace(".", "").isdigit())


def parser(lexicon: Lexicon) -> NumberParser:
    return lexicon.compiled("numbers", lambda lex: NumberParser(lex.numbers))


def cn2num(text: str, lexicon: Optional[Lexicon] = None) -> Optional[Decimal]:
    """Resolve one numeral string (Chinese, Arabic or mixed) to a Decimal."""
    lex = lexicon or Lexicon.load()
    return parser(lex).parse(text)
