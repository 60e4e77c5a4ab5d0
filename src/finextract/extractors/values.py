"""Values: amounts of money, percentages, percentage points, counts, multiples.

Find, then resolve: ``ValueFinder.find`` returns spans with their parts
(qualifier, currency, numeral, magnitude, unit); ``resolve`` turns each into a
``Quantity`` with a ``Decimal`` in base units. Ranges (910亿至930亿美元) and
lists (12.40、14.26、15.02元) carry the unit back to the earlier numbers.
"""
from __future__ import annotations

import re
from decimal import Decimal
from typing import Optional

from ..patterns import alternation as _alt
from ..patterns import any_of as _any
from ..patterns import gated, starting_with
from ..lexicon import Lexicon
from ..models import Quantity
from .numbers import ARABIC, PLAIN_NUMERAL, parser



# a minus sign is a sign only after these (为-0.37元, (-0.52), 下调至-5%); after a value it is a range dash
_MINUS_AFTER = set(" \t（(:：,，、;；为是至达到约报/")


_ARABIC_CHAR = re.compile(r"\d")
_LATIN_CHAR = re.compile(r"[A-Za-z_]")
_LATIN_DASH = re.compile(r"[A-Za-z][-/]$")  # (matched on the two characters before a numeral)
_CN_PLACE = re.compile("[万亿兆千百十]")
_BIG_PLACE = re.compile("[万亿兆]")
_DIGIT_PAIR = re.compile(r"([一二三四五六七八九])([一二三四五六七八九])([十百千万亿]+)")


def _starting_with(chars, pattern: str) -> "re.Pattern[str]":
    return starting_with(chars, pattern, classes=r"\d\s") if chars else re.compile(pattern)


# a space inside a numeral or a word of text extracted from PDFs: ASCII or ideographic
_SPACE = "[ \N{IDEOGRAPHIC SPACE}]"
_FRACTION_GATE = re.compile(f"分{_SPACE}{{0,2}}之")  # what every fraction (五 分之 一) holds


def _spaced(words) -> str:
    """An alternation of ``words`` in which spaces may stand between the characters of a Chinese word
    (百 分 之, 个 百 分点: text extracted from PDFs); longest first."""
    out = []
    for w in sorted(set(words), key=len, reverse=True):
        out.append(re.escape(w) if w.isascii() else f"{_SPACE}*".join(re.escape(c) for c in w))
    return "(?:" + "|".join(out) + ")"


_RE_SPACE = re.compile(_SPACE)
_BRACKET_SIGN = re.compile(r"[（(]\s?[+\-−]")  # what every figure with its revision in brackets holds


def _unspaced(s: str) -> str:
    return _RE_SPACE.sub("", s)


_RANK_BOUND = re.compile(r"之后|以后|之前|以前|以下|以上|以内|之内|开外|之外")
_KILO = re.compile(r"\d\s?[kK]")
_URL = re.compile(r"(?:https?://|www\.)[!-~]+")
_MAGNITUDE_CHAR = {"十": Decimal(10), "拾": Decimal(10), "百": Decimal(100), "佰": Decimal(100), "千": Decimal(1000),
                   "仟": Decimal(1000), "万": Decimal(10000), "亿": Decimal(100000000)}
_DURATION_AFTER_GE = set("月季小工交星礼")  # 个月, 个季度, 个小时, 个工作日, 个交易日, 个星期, 个礼拜
_BASIS_ABBR = re.compile(r"(?:[Yy][Oo][Yy]|[Qq][Oo][Qq]|[Mm][Oo][Mm])\s?[-+−]?$")

_PLACE = {"十": Decimal(10), "拾": Decimal(10), "百": Decimal(100), "佰": Decimal(100), "千": Decimal(1000),
          "仟": Decimal(1000)}


def _sign(text: str, s: int) -> tuple[bool, Optional[int]]:
    """Whether the numeral at ``s`` is negative, and where its sign word starts when the sign is part of its text.

    -0.52元 / -22.2%: a minus sign that is not a range dash (2020-2022) or a code hyphen; 负3.9%, 增速为负二: the
    sign word is part of the value's text."""
    if s > 0 and text[s - 1] in "-−" and (s == 1 or text[s - 2] in _MINUS_AFTER):
        return True, None
    if s > 0 and text[s - 1] == "负":
        return True, s - 1
    return False, None


class ValueFinder:
    def __init__(self, lex: Lexicon, prefilter: bool = True):
        self.lex = lex
        self.num = parser(lex)
        u = lex.units
        self.currency_word: dict[str, str] = {}
        self.currency_symbol: dict[str, str] = {}
        self.subunit: dict[str, tuple[str, Decimal]] = {}
        for c in u.currencies:
            for w, part in c.subunits.items():
                self.subunit[w] = (c.code, part)
            for w in c.words:
                self.currency_word[w] = c.code
            for s in c.symbols:
                self.currency_symbol[s] = c.code
        self.counter_unit = {c.word: c.unit for c in u.counters}
        self.re_idiom = re.compile(_alt(u.idioms)) if u.idioms else None
        self.qual_before = {q.word: q.qualifier for q in lex.qualifiers.before}
        self.qual_after = {q.word: q.qualifier for q in lex.qualifiers.after}
        digits = "".join(lex.numbers.digits)
        cn = self.num.cn_chars
        pts = "".join(lex.numbers.decimal_point)
        # (a single space may stand inside a numeral next to a Chinese numeral character, as in text extracted
        # from PDFs: 一百 五 十 二, 7万 5千 4百; parse() drops it)
        sp = f"{_SPACE}?"
        mags = "".join(sorted(set("".join(lex.numbers.small_units) + "".join(lex.numbers.big_units))))
        # (after Arabic digits a space, or two, may come only before a magnitude: 7 万5 千, not 2023 一季度)
        # (3万4000 and 1千零1 end in Arabic digits: two or more, or one after 零; 2万5 is left to the reader)
        numeral = (rf"(?:{ARABIC}(?:(?:{_SPACE}{{0,2}}[{mags}]|[{cn}])(?:{sp}[{cn}])*"
                   rf"(?:{sp}(?:\d{{1,3}}(?:[,，]\d{{3}})+|\d+)(?:\.\d+)?(?:{sp}[{mags}]|[{cn}])(?:{sp}[{cn}])*)*"
                   rf"(?:(?<=零)\d+|\d{{2,}}(?![\d.年]))?)?"
                   rf"|[{digits}十拾百佰千仟](?:{sp}[{cn}])*(?:{sp}[{pts}]{sp}[{digits}]+)?(?:{sp}[{cn}])*)")
        # (a counter with characters that may not follow it: 一百对, not 对应)
        plain = [c.word for c in u.counters if not c.not_before]
        counters = "|".join([_alt(plain)] + [rf"{re.escape(c.word)}(?![{re.escape(c.not_before)}])"
                                            for c in u.counters if c.not_before])
        # a value starts with a qualifier, a currency word or sign, or a numeral
        self.start_chars = ({w[0] for w in self.qual_before} | {w[0] for w in self.currency_word}
                            | {w[0] for w in self.currency_symbol} | set("0123456789") | set(digits)
                            | set("十拾百佰千仟几数") | set(" \t\n\r\f\v"))
        compile_ = gated if prefilter else re.compile  # (the plain patterns, for the tests that compare)
        self.re = _starting_with(self.start_chars if prefilter else (),
            rf"(?P<qb>{_alt(self.qual_before)})?"
            rf"(?P<cb>{_alt(list(self.currency_word) + list(self.currency_symbol))})?\s?"
            rf"(?P<qb2>{_alt(self.qual_before)})?"
            rf"(?:(?P<blur>几|数)(?=[十百千拾佰仟]))?(?P<num>{numeral})"
            rf"(?:(?<=[{cn}]){sp}(?=[多余几]))?(?P<many>多|余|几(?={sp}[万亿千百元块人家个台]))?"
            rf"(?:(?<=[{cn}多余几]){sp}(?=[{mags}])|个(?=亿|万亿))?(?P<mag>{_alt(k for k in lex.numbers.multipliers if not k.isascii())})?"
            rf"(?:{_SPACE}?(?P<kilo>[kK])(?![A-Za-z线]))?"
            rf"{_SPACE}{{0,4}}"
            rf"(?P<unit>{_alt(['%', '％'])}|{_spaced(u.percentage_point_words)}|{_alt(u.basis_point_words)}"
            rf"|{_alt(list(self.currency_word) + list(self.subunit))}|(?P<local>{_alt(u.local_currency_words)})"
            rf"|(?P<chengpct>成)(?:{sp}(?P<chengrest>半|[一二两三四五六七八九\d])(?![\d十百千万亿成.点月年日号季个]))?"
            rf"(?![交本立为功员长果绩熟型品就])"
            rf"|{counters}|[xX](?![a-zA-Z]|P[EBS])|[xX倍](?=P[EBS])|倍|亿)?"
            rf"(?P<curafter>{_alt([w for w in self.currency_word if not w.isascii()])})?"
            rf"(?P<per>(?:/|每)(?:{_any(u.per_units)}))?"
            rf"(?P<qa>{_alt(self.qual_after)})?"
            rf"(?P<zheng>(?<=[元圆])整(?![\u4e00-\u9fff]))?"  # 人民币壹万元整: an exact amount in a formal document
        )
        self.fraction = {k: Decimal(v) for k, v in u.fraction_words.items()}
        self.re_pct_words = compile_(rf"(?P<qb>{_alt(self.qual_before)})?(?P<frac>{_spaced(self.fraction)}){_SPACE}*"
                                       rf"(?P<num>{ARABIC}|[{cn}{pts}\d.](?:{_SPACE}?[{cn}{pts}\d.])*)"
                                       rf"(?:{_SPACE}?(?P<kilo>[kK])(?![A-Za-z]))?")
        # a part of a compound magnitude: 百万分之五 (0.0005%), 千万分之六, 仟分之贰
        self.re_mag_pct = compile_(rf"(?P<qb>{_alt(self.qual_before)})?(?<![{digits}\d])"
                                     rf"(?P<den>[百佰千仟万亿][十拾百佰千仟万亿]{{1,3}}|仟|佰)分之"
                                     rf"(?P<num>{ARABIC}|[{cn}{pts}\d.]+)")
        # 123元4角5分, 十块三毛, 一百三十五块六角七分钱: yuan with jiao and fen
        small = rf"[{digits}\d]"
        numeral_start = set("0123456789") | set(digits) | set("十拾百佰千仟") if prefilter else ()
        self.re_yuan_jiao = _starting_with(numeral_start, rf"(?P<y>{numeral})(?:元|块)(?:(?P<j>{small})(?:角|毛))?(?:(?P<f>{small})分)?钱?")
        # (only a match with jiao or fen counts: 元 or 块, a digit, then 角, 毛 or 分 must stand in the text)
        self.re_jiao_gate = re.compile(rf"[元块]{small}[角毛分]")
        # 五分之一, 3分之2; a whole number before 又 makes a mixed number (十一又十四分之一)
        # (spaces from PDF extraction may stand around 分, 之 and 又: 五 分之 一; 负 signs the whole or a part:
        # 负一又二分之一 is -1.5, 负3分之负157 is 157/3)
        gap = f"{_SPACE}{{0,2}}"
        self.re_fraction = _starting_with(set(numeral_start) | {"负"} if prefilter else (),
                                          rf"(?P<neg>负)?(?:(?P<whole>{numeral}){gap}又{gap})?(?<![百千万])"
                                          rf"(?P<den>{numeral}){gap}分{gap}之{gap}(?P<nneg>负)?(?P<nu>{numeral})")
        # scientific and power notation (2e5, 12.32e+14, 2^-1) and a decimal written without its leading zero (.5)
        self.re_notation = compile_(
            r"(?<![A-Za-z0-9_.])(?P<sign>[-−])?(?:(?P<m>\d+(?:\.\d+)?)(?:[eE](?P<e>[+\-−]?\d{1,3})|\^(?P<ps>[+\-−]*)"
            r"(?P<p>\d{1,3}))|(?P<dot>\.\d+))(?![A-Za-z0-9_.])")
        # a fraction written with a slash, alone (3/5, 1 3/5, -3/2): not inside a date or a slash list (2024/3/5,
        # 25/21/18倍) and not before a unit (25/21倍 is a list of two multiples)
        unit_start = "".join(sorted({w[0] for w in [*self.currency_word, *self.counter_unit, *lex.units.local_currency_words]
                                     if not w.isascii()}))
        self.re_slash = compile_(rf"(?<![\dA-Za-z./])(?:(?P<w>\d+) )?(?P<sign>[-−])?(?P<a>\d+) ?/ ?(?P<b>\d+)"
                                   rf"(?![\d./%])(?! ?[倍xX亿万千百{unit_start}])")
        # (written from the rarer character: a digit before e, E or ^, or a point with a digit after and none before)
        self.re_notation_gate = re.compile(r"[eE^](?<=\d[eE^])|\.(?<!\d\.)(?=\d)")
        # 3.62（-0.15）元: a figure, its revision in brackets, then the unit of both
        self.re_bracket_delta = compile_(
            rf"(?<![\d.])(?P<a>{ARABIC})\s?[（(]\s?[+\-−]\s?{ARABIC}\s?[)）]\s?"
            rf"(?:(?P<cur>{_alt([w for w in self.currency_word if not w.isascii()])})|(?P<loc>{_alt(u.local_currency_words)}))")
        self.re_half_cheng = compile_(rf"(?P<qb>{_alt(self.qual_before)})?(?<![\d一二两三四五六七八九十])半成"
                                        rf"(?![交本立为功员长果绩熟型品就])")
        # a one-digit numeral closed by magnitudes only (三仟, 3百万): its places, for the low end of a range
        mags = "".join(lex.numbers.small_units) + "".join(lex.numbers.big_units)
        self.re_digit_magnitude = re.compile(rf"([{digits}]|\d)[{mags}]+(?![{digits}\d.{pts}])")
        # (1万(含)-5万元: a bound said to be included)
        self.re_range_sep = re.compile(r"^\s?(?:[（(]含[)）])?\s?(?:至|到|~|～|-{1,2}|–|—{1,2}|－)\s?$")
        big = sorted((k for k in lex.numbers.multipliers if k and set(k) <= set("万亿兆")), key=len, reverse=True)
        self.re_trailing_mag = re.compile(rf"({_alt(big)})[^\d{self.num.cn_chars}]*$")
        self.re_list_sep = re.compile(r"^\s?(?:、|和|及|与|,|，|/)\s?[-−+]?$")
        rk = u.ranks
        self.rank_counters = list(rk.counters)
        # (a few characters may stand between a rank word and 第: 排名全球第五, 位居行业第三; not after a
        # one-character word: 排第三, not 居民第二)
        longer, single = [w for w in rk.before if len(w) > 1], [w for w in rk.before if len(w) == 1]
        self.re_rank_before = re.compile("|".join(
            ([rf"(?:{_alt(longer)})[\u4e00-\u9fff]{{0,4}}$"] if longer else []) + ([rf"(?:{_alt(single)})$"] if single else [])
        )) if rk.before else None
        self.re_rank_noun = re.compile(rf"大[\u4e00-\u9fffA-Za-z]{{0,6}}?(?:{_any(rk.nouns)})")

    # -- find + resolve ----------------------------------------------------------------------
    def find(self, text: str, local_currency: str = "CNY", bounds: Optional[set[int]] = None) -> list[Quantity]:
        """Values in ``text``. With token ``bounds``, a bare Chinese numeral inside a word is no number
        (四川, 一切, 十足, 拾取)."""
        out: list[Quantity] = []
        taken = [False] * (len(text) + 1)

        def keep(q: Quantity) -> None:  # the special forms first; the general pattern skips what they took
            out.append(q)
            taken[q.start:q.end] = [True] * (q.end - q.start)

        # (each special form needs a literal of its own: a text without it is not scanned for the form)
        if "://" in text or "www." in text:
            for m in _URL.finditer(text):  # a web address holds no values (…?q=30%25)
                taken[m.start():m.end()] = [True] * (m.end() - m.start())
        has_zhi = "之" in text
        for m in (self.re_mag_pct.finditer(text) if has_zhi else ()):
            val = self.num.parse(m.group("num"))
            if val is not None and not taken[m.start()]:
                den = Decimal(1)
                for c in m.group("den"):
                    den *= _MAGNITUDE_CHAR[c]
                keep(Quantity(value=val * 100 / den, unit="%", kind="percent", text=m.group(0), start=m.start(),
                              end=m.end(), qualifier=self.qual_before.get(m.group("qb") or "")))
        for m in (self.re_pct_words.finditer(text) if has_zhi else ()):
            if taken[m.start()] or taken[m.end() - 1]:
                continue
            val = self.num.parse(m.group("num"))
            if val is not None and m.group("kilo"):
                val *= 1000
            if val is not None:
                keep(Quantity(value=val * self.fraction[_unspaced(m.group("frac"))], unit="%", kind="percent",
                              qualifier=self.qual_before.get(m.group("qb") or ""), text=m.group(0), start=m.start(),
                              end=m.end()))
        for m in (self.re_yuan_jiao.finditer(text) if self.re_jiao_gate.search(text) else ()):
            if not (m.group("j") or m.group("f")) or taken[m.start()]:
                continue
            y = self.num.parse(m.group("y"))
            j = self.num.parse(m.group("j")) if m.group("j") else Decimal(0)
            f = self.num.parse(m.group("f")) if m.group("f") else Decimal(0)
            if y is not None and j is not None and f is not None:
                keep(Quantity(value=y + j / 10 + f / 100, unit=local_currency, kind="money", text=m.group(0),
                              start=m.start(), end=m.end()))
        for m in (self.re_fraction.finditer(text) if has_zhi and _FRACTION_GATE.search(text) else ()):  # 五分之一
            if taken[m.start()]:
                continue
            den, num = self.num.parse(m.group("den")), self.num.parse(m.group("nu"))
            whole = self.num.parse(m.group("whole")) if m.group("whole") else Decimal(0)
            if den and num is not None and whole is not None:
                if m.group("nneg"):
                    num = -num
                value = whole + num / den
                if m.group("neg"):
                    value = -value
                # 一千分之三 is a fraction, not 一 and 千分之三: the longer reading replaces a percent word inside
                inner = [q for q in out if m.start() < q.start < m.end()]
                for q in inner:
                    out.remove(q)
                    taken[q.start:q.end] = [False] * (q.end - q.start)
                keep(Quantity(value=value, unit="", kind="number", text=m.group(0), start=m.start(), end=m.end()))
        for m in (self.re_notation.finditer(text) if self.re_notation_gate.search(text) else ()):
            value = self._notation(m)
            if value is not None and not taken[m.start()]:
                start = m.start() if m.group("sign") is None or m.start() == 0 or text[m.start() - 1] in _MINUS_AFTER \
                    else m.start() + 1
                if start != m.start():
                    value = -value  # (a dash after a figure is a range dash: the sign is not this number's)
                keep(Quantity(value=value, unit="", kind="number", text=text[start:m.end()], start=start, end=m.end()))
        for m in (self.re_slash.finditer(text) if "/" in text else ()):
            a, b = Decimal(m.group("a")), Decimal(m.group("b"))
            if b == 0 or taken[m.start()]:
                continue
            value = a / b + (Decimal(m.group("w")) if m.group("w") else 0)
            keep(Quantity(value=-value if m.group("sign") else value, unit="", kind="number", text=m.group(0),
                          start=m.start(), end=m.end()))
        for m in (self.re_bracket_delta.finditer(text) if _BRACKET_SIGN.search(text) else ()):
            val = self.num.parse(m.group("a"))
            if val is not None and not taken[m.start()]:
                unit = self.currency_word[m.group("cur")] if m.group("cur") else local_currency
                keep(Quantity(value=val, unit=unit, kind="money", text=m.group(0), start=m.start(), end=m.end()))
        for m in (self.re_half_cheng.finditer(text) if "半成" in text else ()):  # 半成: 5%
            if taken[m.start()]:
                continue
            keep(Quantity(value=Decimal(5), unit="%", kind="percent", text=m.group(0), start=m.start(), end=m.end(),
                          qualifier=self.qual_before.get(m.group("qb") or "")))
        for m in self.re.finditer(text):
            if taken[m.start("num")]:
                continue
            q = self._resolve(m, text, local_currency)
            if q is None:
                continue
            if self.re_idiom is not None and q.kind == "count" and (idiom := self.re_idiom.match(text, m.start("num"))) \
                    and idiom.end() >= q.end:
                continue  # 股价一度回落: 一度 means at one point
            if bounds is not None and q.kind == "number" and not _ARABIC_CHAR.search(q.text) and (
                    q.start not in bounds or q.end not in bounds):
                continue
            out.append(q)
        out.sort(key=lambda q: q.start)
        return self._ranges_and_lists(out, text)

    def _resolve(self, m: re.Match, text: str, local_currency: str) -> Optional[Quantity]:
        raw_num = m.group("num")
        unit_w = m.group("unit")
        mag_w = m.group("mag")
        s = m.start("num")
        # numerals glued to letters or digits before them are codes, not values (H100, AB1234, X55)
        if s > 0 and not m.group("cb") and (_LATIN_CHAR.match(text, s - 1) or _LATIN_DASH.match(text, max(0, s - 2), s)) \
                and not _BASIS_ABBR.search(text, max(0, s - 5), s):
            return None  # (yoy-3.2%, QoQ+5%: a change after an English basis word)
        if s > 0 and text[s - 1] == "第":
            return self._rank(m, text)
        if m.lastgroup == "num" and m.start() == s and PLAIN_NUMERAL.fullmatch(raw_num):
            # a bare Arabic numeral with nothing around it (2023, 45.6): a plain number
            negative, sign_start = _sign(text, s)
            value = self.num.parse(raw_num)
            start, end = (s if sign_start is None else sign_start), m.end()
            return Quantity(value=-value if negative else value, unit="", kind="number", text=text[start:end],
                            start=start, end=end)
        if m.group("chengpct") and not re.fullmatch(rf"[一二两三四五六七八九十\d.点]+", _unspaced(raw_num)):
            return None
        ratio = None
        sign_start: Optional[int] = None
        pair = _DIGIT_PAIR.fullmatch(raw_num)
        if pair and "一二三四五六七八九".index(pair.group(1)) < "一二三四五六七八九".index(pair.group(2)):
            # 八九亿, 三五百: two digits before a magnitude are a rough range, not 89亿
            lo, hi = self.num.parse(pair.group(1) + pair.group(3)), self.num.parse(pair.group(2) + pair.group(3))
            if lo and hi:
                raw_num, ratio = pair.group(1) + pair.group(3), (lo, hi)
        value = self.num.parse(raw_num)
        if value is None:
            return None
        blur_q = None
        if m.group("blur"):
            # 几十万, 数十亿: tens of a magnitude, a rough range up to ten times the low end
            if raw_num[0] not in "十百千拾佰仟" or any(c not in "万亿兆" for c in raw_num[1:]):
                return None
            ratio, blur_q = (Decimal(1), Decimal(10)), "approx"
        elif m.group("many") == "几" and raw_num[-1] in _PLACE:
            # 十几亿, 二十几万: up to the next ten (hundred, thousand) of the magnitude
            ratio, blur_q = (value, value + _PLACE[raw_num[-1]]), "approx"
        if not m.group("cb") and not m.group("qb"):
            negative, sign_start = _sign(text, s)
            if negative:
                value = -value
        has_cn_mag = not raw_num[0].isdigit() and _CN_PLACE.search(raw_num) is not None or \
            _BIG_PLACE.search(raw_num) is not None
        if mag_w:
            value *= Decimal(self.lex.numbers.multipliers[mag_w])
        if m.group("kilo"):
            value *= 1000  # 40k, 12k个百分点
        if unit_w == "亿":  # 3亿 written after a decimal numeral that already ate a multiplier
            value *= Decimal(100000000)
            unit_w = None
        qualifier = self.qual_before.get(m.group("qb") or m.group("qb2") or "") or self.qual_after.get(m.group("qa") or "")
        if m.group("many") and m.group("many") != "几":
            qualifier = qualifier or "over"
        qualifier = qualifier or blur_q
        currency = None
        if m.group("cb"):
            currency = self.currency_word.get(m.group("cb")) or self.currency_symbol.get(m.group("cb"))
        kind = "number"
        unit: Optional[str] = None
        per = None
        if m.group("per"):
            per = m.group("per").lstrip("/每")
        if unit_w in ("%", "％"):
            kind, unit = "percent", "%"
        elif m.group("chengpct"):  # 七成 70%, 七成六 76%, 三成半 35%
            rest = m.group("chengrest")
            extra = Decimal(5) if rest == "半" else (self.num.parse(rest) or Decimal(0)) if rest else Decimal(0)
            kind, unit, value = "percent", "%", value * 10 + extra
        elif unit_w and _unspaced(unit_w) in self.lex.units.percentage_point_words:
            kind, unit = "pp", "pp"
        elif unit_w and unit_w in self.lex.units.basis_point_words:
            kind, unit, value = "pp", "pp", value / 100
        elif unit_w and (unit_w in self.currency_word):
            kind, unit = "money", self.currency_word[unit_w]
        elif unit_w and unit_w in self.subunit:  # 30港仙: 0.30 HKD
            unit, part = self.subunit[unit_w]
            kind, value = "money", value * part
        elif m.group("local"):
            kind, unit = "money", currency or local_currency
            if m.group("curafter"):
                unit = self.currency_word[m.group("curafter")]
        elif unit_w and unit_w in ("x", "X", "倍"):
            kind, unit = "multiple", "倍"
        elif unit_w and unit_w in self.counter_unit:
            if unit_w == "位" and text[m.end("unit"):m.end("unit") + 1] == "数":
                return None
            if unit_w == "个" and text[m.end("unit"):m.end("unit") + 1] in _DURATION_AFTER_GE:
                return None  # 3个月, 5个交易日: a duration, not a count
            kind, unit = "count", self.counter_unit[unit_w]
        elif currency:
            kind, unit = "money", currency
        else:
            # a bare numeral: keep it when it carries a magnitude (199.8亿) or a decimal part
            if not (mag_w or has_cn_mag or "." in raw_num):
                # bare integers are kept as plain numbers for list/range carrying; years and codes are dropped later
                kind = "number"
            unit = None
        if kind in ("money",) and currency and unit != currency and not m.group("curafter"):
            unit = currency
        end = m.end()
        qa = m.group("qa")
        if qa and not qualifier:
            qualifier = self.qual_after.get(qa)
        start = sign_start if sign_start is not None else m.start()
        return Quantity(value=value, value_max=value * ratio[1] / ratio[0] if ratio else None, unit=unit or "", kind=kind,
                        qualifier=qualifier, text=text[start:end], start=start, end=end, per=per)

    @staticmethod
    def _notation(m: re.Match) -> Optional[Decimal]:
        """2e5 -> 200000, 2^-1 -> 0.5, -1.1^--23 -> -(1.1^23), .5 -> 0.5."""
        if m.group("dot"):
            value = Decimal("0" + m.group("dot"))
        else:
            base = Decimal(m.group("m"))
            if m.group("e") is not None:
                value = base.scaleb(int(m.group("e").replace("−", "-")))
            else:
                exp = int(m.group("p")) * (-1 if (m.group("ps").count("-") + m.group("ps").count("−")) % 2 else 1)
                if base == 0 and exp < 0:
                    return None
                value = base ** exp
        if value == value.to_integral_value():
            value = value.quantize(Decimal(1))  # 2e5 -> 200000, not 2E+5
        return -value if m.group("sign") else value

    def _rank(self, m: re.Match, text: str) -> Optional[Quantity]:
        """第十五名, 排名第3, 第三大股东: a position in a ranking, with 第 in its text; any other ordinal is none."""
        if self.re_rank_before is None or m.group("mag") or m.group("many") or m.group("blur"):
            return None
        value = self.num.parse(m.group("num"))
        if value is None or value != value.to_integral_value() or value < 1:
            return None
        if m.group("num") == "一" and m.group("unit") not in self.rank_counters:
            return None  # 位居第一, 第一大股东: the leading one, not a figure (第一名, 排名第1 are)
        s = m.start("num") - 1
        unit_w = m.group("unit")
        if unit_w in self.rank_counters:
            end, unit = m.end("unit"), unit_w
        elif unit_w is None and (self.re_rank_before.search(text, max(0, s - 12), s) or self.re_rank_noun.match(
                text, m.end("num"))):
            end, unit = m.end("num"), self.rank_counters[0] if self.rank_counters else "名"
        else:
            return None
        if _RANK_BOUND.match(text, end):
            return None  # 第五名之后, 第十名以内: a bound of a ranking, no one's position
        return Quantity(value=value, unit=unit, kind="rank", text=text[s:end], start=s, end=end)

    def _ranges_and_lists(self, qs: list[Quantity], text: str) -> list[Quantity]:
        """910亿至930亿美元 -> one range; 12.40、14.26、15.02元 -> the unit carried back."""
        out: list[Quantity] = []
        i = 0
        while i < len(qs):
            q = qs[i]
            if i + 1 < len(qs):
                nxt = qs[i + 1]
                between = text[q.end:nxt.start]
                if q.kind == nxt.kind == "money" and q.unit == nxt.unit and between in ("", "又", "零") and \
                        q.value_max is None and any(nxt.text.endswith(w) for w in self.subunit) and \
                        not any(q.text.endswith(w) for w in self.subunit):
                    # 两美元又三美分: an amount and its cents are one amount
                    out.append(q.model_copy(update={"value": q.value + nxt.value, "text": text[q.start:nxt.end],
                                                    "end": nxt.end}))
                    i += 2
                    continue
                if self.re_range_sep.match(between) and nxt.kind != "number" and q.kind in ("number", nxt.kind) \
                        and (q.kind == "number" or q.unit == nxt.unit):
                    low = q.value
                    lead = self.re_digit_magnitude.match(nxt.text)
                    if q.kind == "number" and nxt.kind == "percent" and "成" in nxt.text:
                        low = q.value * 10  # 三至五成: 30% to 50%
                    elif q.kind == "number" and len(q.text.strip()) == 1 and lead and nxt.value > 0:
                        # 两到三仟, 1到3百万: a one-digit low end takes all the places of a one-digit high end
                        low = q.value * nxt.value / self.num.parse(lead.group(1))
                    elif q.kind == "number" and not any(c in q.text for c in "万亿兆kK") and _KILO.search(nxt.text) \
                            and nxt.value > 0:
                        low = q.value * 1000  # 10~15k元: the k of the high end applies to the low end too
                    elif q.kind == "number" and not any(c in q.text for c in "万亿兆") and any(
                            c in nxt.text for c in "万亿兆") and nxt.value > 0:
                        # 80至90亿元: the magnitude of the high end applies to the low end too
                        scale = self._magnitude(nxt.text)
                        low = q.value * scale
                    if low > nxt.value:
                        low = q.value  # 从7500到2万: the low end was written in full
                    if low <= nxt.value:
                        out.append(Quantity(value=low, value_max=nxt.value, unit=nxt.unit, kind=nxt.kind,
                                            qualifier=q.qualifier or nxt.qualifier, text=text[q.start:nxt.end],
                                            start=q.start, end=nxt.end, per=nxt.per or q.per))
                        i += 2
                        continue
            out.append(q)
            i += 1
        # lists: carry the unit of the last member back over 、/和 separated bare numbers, with its magnitude
        # (12.3、14.5、16.7亿元: each in 亿元)
        scale = Decimal(1)
        for k in range(len(out) - 2, -1, -1):
            a, b = out[k], out[k + 1]
            if a.kind == "number" and b.kind != "number" and self.re_list_sep.match(text[a.end:b.start]):
                if any(c in b.text for c in "万亿兆"):
                    scale = self._magnitude(b.text)  # the list's last member names the magnitude
                # (a member carried already passes its scale on)
                value = a.value * scale if not any(c in a.text for c in "万亿兆") else a.value
                out[k] = a.model_copy(update={"kind": b.kind, "unit": b.unit, "per": b.per, "value": value})
            else:
                scale = Decimal(1)
        return out

    def _magnitude(self, s: str) -> Decimal:
        """The magnitude word that closes a numeral (一百五十万元 -> 万, 3.5万亿 -> 万亿)."""
        m = self.re_trailing_mag.search(s)
        return Decimal(self.lex.numbers.multipliers[m.group(1)]) if m else Decimal(1)


def finder(lexicon: Lexicon) -> ValueFinder:
    return lexicon.compiled("values", ValueFinder)


def find_values(text: str, lexicon: Optional[Lexicon] = None, local_currency: str = "CNY") -> list[Quantity]:
    """Find and resolve every value in ``text`` (simplified Chinese, half-width)."""
    lex = lexicon or Lexicon.load()
    return finder(lex).find(text, local_currency)
