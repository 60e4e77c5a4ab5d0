"""Periods: find period expressions, then resolve them to canonical labels.

Find: ``PeriodFinder.find`` returns ``PeriodMention``s (what was written:
year, fiscal flag, quarter, half, months, day, relative words).
Resolve: ``resolve(mention, ctx)`` turns a mention into a ``Period`` using the
article's context: the year stated most recently, the article date, the
current subject's fiscal year end, the period the article is reporting on.

Labels follow the interchange grammar: 2024, 2025H1, 2025Q3, 2025Q1-Q3,
2025-06, 2025-01..2025-05, 2025-09-30, FY2026, FY2026Q2, FY2026H1.
"""
from __future__ import annotations

import calendar
import datetime as dt
import functools
import re
from dataclasses import dataclass, field, replace
from typing import Callable, Optional

from ..patterns import alternation as _alt
from ..patterns import any_of as _any
from ..patterns import anchor_plan, finditer_anchored, first_chars, starting_with
from ..lexicon import Lexicon
from ..models import Period



_CN_DIGIT = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10,
             "十一": 11, "十二": 12, "〇": 0, "零": 0, "元": 1, "首": 1}


def _small_int(s: str) -> Optional[int]:
    s = s.strip()
    if s.isdigit():
        return int(s)
    if s in _CN_DIGIT:
        return _CN_DIGIT[s]
    if len(s) == 2 and s[0] == "十" and s[1] in _CN_DIGIT:
        return 10 + _CN_DIGIT[s[1]]
    if len(s) in (2, 3) and s[0] in _CN_DIGIT and s[1] == "十" and (len(s) == 2 or s[2] in _CN_DIGIT):
        return _CN_DIGIT[s[0]] * 10 + (_CN_DIGIT[s[2]] if len(s) == 3 else 0)  # 二十, 二十九
    return None


def _gate(words: tuple[str, ...]) -> Callable[[str], object]:
    """A test of whether a text holds one of ``words``: a substring scan per word for a few, one search of their
    alternation for many (eight or more), which is then the faster."""
    if len(words) >= 8:
        return re.compile(_alt(list(words))).search
    return lambda text: any(w in text for w in words)


_FOUR_DIGITS = re.compile(r"\d{4}")
_TWO_DIGITS = re.compile(r"\d{2}")


def _year4(s: str) -> Optional[int]:
    s = s.strip()
    if _FOUR_DIGITS.fullmatch(s):
        return int(s)
    if len(s) == 2 and all(c in _CN_DIGIT for c in s):  # 零七年, 九零年
        s = "".join(str(_CN_DIGIT[c]) for c in s)
    if _TWO_DIGITS.fullmatch(s):  # 21年 / 98年: the nearer century
        yy = int(s)
        return 2000 + yy if yy < 50 else 1900 + yy
    if len(s) == 4 and all(c in _CN_DIGIT for c in s):
        return int("".join(str(_CN_DIGIT[c]) for c in s))
    return None


@dataclass(frozen=True)
class PeriodMention:
    start: int
    end: int
    text: str
    year: Optional[int] = None  # absolute year
    year_rel: Optional[int] = None  # 今年 0, 去年 -1 ...
    years: tuple[int, ...] = ()  # 2018年至2020年 -> (2018, 2019, 2020)
    years_back: int = 0  # 近三年: the last three years up to the year reported on (only over a list of values)
    rel_years: tuple[int, ...] = ()  # 今明两年 -> (0, 1): years relative to the anchor year
    day_offset: Optional[int] = None  # 今日 0, 昨日 -1: days from the article's date
    news_day: bool = False  # 昨日, 今（28）日: a day of the news itself, the period of a day's figure only
    fiscal: bool = False
    quarter: Optional[int] = None
    quarter_end: Optional[int] = None  # Q2-Q3 (a list of single quarters) or cumulative
    cumulative: bool = False  # 前三季度 / 1-5月
    half: Optional[int] = None
    month: Optional[int] = None
    month_end: Optional[int] = None
    day: Optional[int] = None
    day_end: Optional[int] = None  # 9月8日-9月14日: a span of days (a fact's period is its month or months)
    instant: bool = False  # 截至 / 末 / 底
    special: Optional[str] = None  # current_quarter, previous_quarter, same_period_last_year, report_period, ...
    month_rel: Optional[int] = None  # 本月9日 0, 上个月15号 -1, 下月9号 +1 (months from the article's date)

    @property
    def explicit(self) -> bool:
        return self.year is not None or bool(self.years)


@dataclass
class PeriodContext:
    date: Optional[dt.date] = None
    year: Optional[int] = None  # the year in force (last explicit year, else the date's)
    fiscal_year_end: Optional[str] = None  # MM-DD of the current subject
    current: Optional[Period] = None  # the period the article reports on (last explicit period)
    report: Optional[Period] = None  # the first quarter or half the article names: what 本季度/本期 refer to
    latest_year: Optional[int] = None  # the latest year the article names: 今年 in an undated article
    fiscal_years: dict[int, bool] = field(default_factory=dict)
    year_from_date: bool = False  # the year in force came with a month or day (2005年3月, a narrated date)
    day: Optional[Period] = None  # the last day the article named as its own (1月26日，…): a trading day

    def anchor_year(self) -> Optional[int]:
        if self.year is not None:
            return self.year
        return self.date.year if self.date else None


# -- calendar helpers ----------------------------------------------------------------------------
# a period is immutable: the constructors below give one shared object per period (a bounded memo)
_one_object = functools.lru_cache(maxsize=4096)


def _month_end(y: int, m: int) -> dt.date:
    return dt.date(y, m, calendar.monthrange(y, m)[1])


def _add_months(y: int, m: int, k: int) -> tuple[int, int]:
    idx = y * 12 + (m - 1) + k
    return idx // 12, idx % 12 + 1


@_one_object
def year_period(y: int) -> Period:
    return Period(label=str(y), start=dt.date(y, 1, 1), end=dt.date(y, 12, 31), kind="year")


@_one_object
def half_period(y: int, h: int) -> Period:
    return Period(label=f"{y}H{h}", start=dt.date(y, 1 if h == 1 else 7, 1), end=_month_end(y, 6 if h == 1 else 12),
                  kind="half")


@_one_object
def quarter_period(y: int, q: int) -> Period:
    return Period(label=f"{y}Q{q}", start=dt.date(y, 3 * q - 2, 1), end=_month_end(y, 3 * q), kind="quarter")


@_one_object
def quarters_period(y: int, q1: int, q2: int) -> Period:
    return Period(label=f"{y}Q{q1}-Q{q2}", start=dt.date(y, 3 * q1 - 2, 1), end=_month_end(y, 3 * q2), kind="quarters")


@_one_object
def month_period(y: int, m: int) -> Period:
    return Period(label=f"{y}-{m:02d}", start=dt.date(y, m, 1), end=_month_end(y, m), kind="month")


@_one_object
def months_period(y: int, m1: int, m2: int) -> Period:
    return Period(label=f"{y}-{m1:02d}..{y}-{m2:02d}", start=dt.date(y, m1, 1), end=_month_end(y, m2), kind="months")


@_one_object
def instant_period(d: dt.date) -> Period:
    return Period(label=d.isoformat(), start=d, end=d, kind="instant")


def period_ending(d: dt.date) -> Optional[Period]:
    """The reporting period that ends on ``d``: a year on 12-31, H1 on 06-30, Q1-Q3 on 09-30, Q1 on 03-31."""
    md = (d.month, d.day)
    if md == (12, 31):
        return year_period(d.year)
    if md == (6, 30):
        return half_period(d.year, 1)
    if md == (9, 30):
        return quarters_period(d.year, 1, 3)
    if md == (3, 31):
        return quarter_period(d.year, 1)
    return None


@_one_object
def fiscal_period(fy: int, fye: str, quarter: Optional[int] = None, half: Optional[int] = None) -> Period:
    """FY ``fy`` ends on ``fye`` (MM-DD) of year ``fy`` (阿里巴巴 FY2026: 2025-04-01..2026-03-31)."""
    end_m = int(fye.split("-")[0])
    if end_m == 12:
        y0, m0 = fy, 1
    else:
        y0, m0 = fy - 1, end_m + 1
    if quarter:
        ys, ms = _add_months(y0, m0, 3 * (quarter - 1))
        ye, me = _add_months(ys, ms, 2)
        return Period(label=f"FY{fy}Q{quarter}", start=dt.date(ys, ms, 1), end=_month_end(ye, me), kind="fiscal_quarter",
                      fiscal=True)
    if half:
        ys, ms = _add_months(y0, m0, 6 * (half - 1))
        ye, me = _add_months(ys, ms, 5)
        return Period(label=f"FY{fy}H{half}", start=dt.date(ys, ms, 1), end=_month_end(ye, me), kind="fiscal_half",
                      fiscal=True)
    ye, me = _add_months(y0, m0, 11)
    return Period(label=f"FY{fy}", start=dt.date(y0, m0, 1), end=_month_end(ye, me), kind="fiscal_year", fiscal=True)


def shift_year(p: Period, k: int) -> Optional[Period]:
    """The same period ``k`` years later (去年同期 = shift_year(current, -1))."""
    m = re.fullmatch(r"(FY)?(\d{4})(.*)", p.label)
    if not m:
        return None
    fy, y, rest = m.group(1) or "", int(m.group(2)) + k, m.group(3)
    start = p.start.replace(year=p.start.year + k) if p.start else None
    end = p.end
    if end:
        end = _month_end(end.year + k, end.month) if end.day >= 28 else end.replace(year=end.year + k)
    if rest.startswith("-") and not rest.startswith("-Q") and ".." not in rest and len(rest) == 6:  # 2025-09-30
        return instant_period(end) if end else None
    label = f"{fy}{y}{rest}"
    if ".." in rest:
        label = re.sub(r"\d{4}", lambda mm: str(int(mm.group(0)) + k), p.label)
    return p.model_copy(update={"label": label, "start": start, "end": end})


_FIRST_DAYS = re.compile(r"前([1-9]|[12]\d|[一二两三四五六七八九十]{1,3})天")

# characters the patterns' own literals can start a match with (digits, numerals, FY/Q/H, 年初, 元月, 首季 ...)
_START_CHARS = set("0123456789〇零一二两三四五六七八九十元首FQHfqh年上下前本当该今去明后全同第")


class PeriodFinder:
    def __init__(self, lex: Lexicon, prefilter: bool = True):
        pl = lex.periods
        self.lex = pl
        # four-digit years, and two-digit ones only where a month, quarter or half follows (15年3月, 零七年第三季度):
        # 10年 alone is as often a duration as a year
        Y = (r"(?:(?<!\d)(?:19|20)\d{2}(?!\d)|[一二〇零][〇零一二三四五六七八九]{3}"
             r"|(?<![\d.])\d{2}(?=年(?:\d{1,2}月|[一二三四五六七八九十]{1,2}月|第?[一二三四1-4]季|[上下]半年|Q|H))"
             r"|(?<![〇零一二三四五六七八九十])[〇零一二三四五六七八九]{2}(?=年(?:\d{1,2}月|[一二三四五六七八九十]{1,2}月|第?[一二三四]季|[上下]半年)))")
        Y2 = r"(?<![\d.])\d{2}(?=Q|H)"
        CNQ = r"[一二三四1-4]"
        MON = r"(?:1[0-2]|0?[1-9]|十[一二]?|[一二三四五六七八九元])"
        DAY = r"(?:3[01]|[12]\d|0?[1-9]|三十一?|二十[一二三四五六七八九]?|十[一二三四五六七八九]?|[一二三四五六七八九](?!十))"
        rel_y = _alt(pl.relative_years)
        quarters = _alt(pl.quarters)
        halves = _alt(pl.halves)
        cumq = _alt(pl.cumulative_quarters)
        fy_words = _alt(pl.fiscal_year_words)
        roc = _alt(pl.roc_prefixes)
        sep = r"\s?(?:至|到|-|~|～|–|—{1,2})\s?"
        self.patterns: list[tuple[str, re.Pattern]] = [
            # FY2026Q2 / FY26 / 2026财年第二季度 / 2026财年上半年 / 2026财年
            ("fy_en", re.compile(rf"FY\s?(?P<y>\d{{4}}|\d{{2}})(?:\s?(?:Q(?P<q>[1-4])|H(?P<h>[12])))?")),
            ("fy_cn", re.compile(rf"(?P<y>{Y})\s?(?:年)?(?:{fy_words})(?:度)?"
                                 rf"(?:(?:第)?(?P<q>{CNQ})(?:季度|季|财季)|(?P<hw>{halves}))?")),
            # ROC years
            ("roc", re.compile(rf"(?:{roc})(?P<y>\d{{2,3}}|[一二三四五六七八九十百零〇]+)年")),
            # years span / list: 2018年至2020年, 2020-2022年, 2018-2020年度
            ("years", re.compile(rf"(?P<y1>{Y})(?:年)?{sep}(?P<y2>{Y})年(?:度)?(?!\d|{MON}月)")),
            # 2025年Q2-Q3 / 2025Q2-Q3 / 2025年二至三季度
            ("q_span", re.compile(rf"(?P<y>{Y})\s?年?\s?Q(?P<q1>[1-4]){sep}Q(?P<q2>[1-4])")),
            # 2025年前三季度 / 今年前三季度 / 前三季度
            ("cumq", re.compile(rf"(?:(?P<y>{Y})年(?:度)?|(?P<rel>{rel_y}))?(?P<cq>{cumq})")),
            # 1-5月 / 前5月 / 今年1~5月 / 2025年1-5月
            # 后三个月: the last months of the year; 首月: the first
            ("months", re.compile(rf"(?:(?P<y>{Y})年|(?P<rel>{rel_y}))?(?:(?P<m1>{MON})月?{sep}(?P<m2>{MON})月"
                                  rf"|前(?P<mn>{MON}|两)(?:个)?月|后(?P<ml>{MON}|两)(?:个)?月|(?P<first>首)月)"
                                  rf"(?!\d|份?(?:{DAY})日)")),
            # spans of days: 9月8日-9月14日 (within a month: the month), 7月12日至8月12日 (the months)
            ("day_span", re.compile(rf"(?:(?P<y>{Y})年|(?P<rel>{rel_y}))?(?P<m>{MON})月(?P<d>{DAY})(?:日|号)?{sep}"
                                    rf"(?:(?P<m2>{MON})月)?(?P<d2>{DAY})(?:日|号)")),
            # full dates: 2025年9月30日 / 9月30日 / 2025-09-30
            # (1月3, 十月31: a day with no 日 only where the phrase ends or a span goes on)
            ("date", re.compile(rf"(?:(?P<y>{Y})年|(?P<rel>{rel_y}))?(?P<m>{MON})月(?P<d>{DAY})"
                                rf"(?:日|号|(?=\s?(?:至|到|~|～)|\s*$))")),
            # a day of a month named relative to the article's date: 本月9日, 上个月15号
            ("rel_day", re.compile(rf"(?:(?P<cm>{_alt(pl.current_month)})|(?P<pm>{_alt(pl.previous_month)})"
                                   rf"|(?P<nm>{_alt(pl.next_month)}))(?P<d>{DAY})(?:日|号)")),
            # the news's own days: 今日, 昨天, and Taiwan's 昨（27）日 (the day of the month in brackets)
            ("news_day", re.compile(rf"(?P<w>{_any(pl.news_days)})(?:[（(](?P<d>\d{{1,2}})[)）])?(?(d)日|(?:日|天))")),
            ("iso", re.compile(rf"(?<![\d.])(?P<y>(?:19|20)\d{{2}})(?P<sp>[-/.])(?P<m>1[0-2]|0?[1-9])(?:(?P=sp)|(?<=\.\d\d)-)"
                               rf"(?P<d>3[01]|[12]\d|0?[1-9])(?![\d.])"
                               # a zero-padded month and day alone (09-01), a day written with a middle dot (6·30)
                               rf"|(?<![\d.\-/])(?P<mz>0[1-9]|1[0-2])-(?P<dz>0[1-9]|[12]\d|3[01])(?![\d.\-/%])"
                               rf"|(?<![\d.·])(?P<mp>1[0-2]|[1-9])·(?P<dp>3[01]|[12]\d|[1-9])(?![\d·])"
                               rf"|(?<![\d.])(?P<y8>(?:19|20)\d{{2}})(?P<m8>1[0-2]|0[1-9])(?P<d8>3[01]|[12]\d|0[1-9])"
                               rf"(?![\d.%万亿元股])")),
            # a dotted year and month at either end of a span (1999.08-2002.02, 2008.03-2009); alone, 2008.03 is
            # as often a decimal
            ("ym_dot", re.compile(r"(?<![\d.])(?P<y>(?:19|20)\d{2})\.(?P<m>0[1-9]|1[0-2])"
                                  r"(?=\s?(?:-|至|到|~|～)\s?(?:19|20)\d{2}(?![\d]|\.\d(?!\d)))"
                                  r"|(?:(?<=\d{4}\.\d{2}-)|(?<=\d{4}\.\d{2}至)|(?<=\d{4}\.\d{2}到))(?P<y2>(?:19|20)\d{2})"
                                  r"(?:\.(?P<m2>0[1-9]|1[0-2]))?(?![\d.])")),
            # year end instants: 2020年末 / 2019年底 / 上年末 / 年末
            ("year_end", re.compile(rf"(?:(?P<y>{Y})\s?年|(?P<rel>{rel_y}))(?:末|底|终)|(?:{_alt(pl.year_end)})|年初")),
            # month end instants: 6月末 / 三季末
            ("month_end", re.compile(rf"(?:(?P<y>{Y})年)?(?P<m>{MON})月(?:末|底)")),
            ("quarter_end", re.compile(rf"(?:(?P<y>{Y})\s?年(?:度)?|(?P<rel>{rel_y}))?(?:第)?(?P<q>[一二三四1-4])季(?:度)?末")),
            # quarters: 2025年第三季度 / 2025Q3 / 20Q4 / 3Q25 / 今年一季度 / 第2季 / 首季
            # (a bare Q4 is the fourth quarter of the year in force: Q4单季营收)
            ("q_en", re.compile(rf"(?:(?P<y>{Y})\s?年?|(?P<y2>{Y2}))Q(?P<q>[1-4])(?!\d)|(?<![A-Za-z\d])(?P<q2>[1-4])Q(?P<y3>\d{{2}})(?!\d)"
                                rf"|(?<![A-Za-z\d])Q(?P<qb>[1-4])(?![\dA-Za-z])")),
            ("q_cn", re.compile(rf"(?:(?P<y>{Y})\s?年(?:度)?|(?P<rel>{rel_y}))?(?P<qw>{quarters})(?:度)?")),
            # halves: 2025年上半年 / 2025H1 / 1H25 / 今年上半年 / 中报
            ("h_en", re.compile(rf"(?:(?P<y>{Y})\s?年?|(?P<y2>{Y2}))H(?P<h>[12])(?!\d)|(?<![A-Za-z\d])(?P<h2>[12])H(?P<y3>\d{{2}})(?!\d)"
                                rf"|(?<![A-Za-z\d])H(?P<hb>[12])(?![\dA-Za-z])")),
            ("h_cn", re.compile(rf"(?:(?P<y>{Y})\s?年(?:度)?|(?P<rel>{rel_y}))?(?P<hw>{halves})")),
            # months: 2025年6月 / 6月 / 今年6月 / 一月 / 元月
            # (3月日均订单: 日均 after the month is a daily average, no day)
            ("month", re.compile(rf"(?:(?P<y>{Y})\s?年|(?P<rel>{rel_y}))?(?P<m>{MON})月(?:份)?(?![日号](?!均)|\d{1,2}[日号])")),
            # years: 2024年 / 2024年度 / 2024全年 / 今年 / 去年
            # (2025年30倍PE: a figure may follow the year; 2025年3月 is a month's, read above)
            ("year", re.compile(rf"(?P<y>{Y})\s?(?:年度|年|全年)(?!\d{{1,2}}(?:月|日|号)|\d*[.．])")),
            ("special", re.compile(
                rf"(?P<sp_same>{_alt(pl.same_period_last_year)})|(?P<sp_cq>{_alt(pl.current_quarter)})"
                rf"|(?P<sp_pq>{_alt(pl.previous_quarter)})|(?P<sp_cm>{_alt(pl.current_month)})"
                rf"|(?P<sp_pm>{_alt(pl.previous_month)})|(?P<sp_re>{_alt(pl.report_period_end)})"
                rf"|(?P<sp_rp>{_alt(pl.report_period)})")),
            ("rel_years", re.compile(_any(pl.relative_year_lists))),
            ("rel_year", re.compile(rf"(?P<rel>{rel_y})")),
            # 近三年ROE分别为…: the last N years, distributed over a list of values (vague on its own)
            ("recent_years", re.compile(r"(?:近|最近|过去)(?P<n>[两二三四五2-5])(?:个)?年(?=(?:来)?(?:[^，。；]{0,12})分别)")),
        ]
        if prefilter:
            # a match can only start at one of these characters: a one-character lookahead lets the regex engine
            # skip every other position at once, instead of trying each pattern's optional groups there
            # (the same matches; about 2.5x faster; tests compare both). Each pattern's own first characters,
            # read from its parse tree, narrow the gate further; the shared set serves where they cannot be read.
            starts = set(_START_CHARS)
            for value in pl.model_dump().values():
                words = value.keys() if isinstance(value, dict) else value if isinstance(value, list) else []
                starts.update(w[0] for w in words if w)
            self.patterns = [(name, starting_with((), rx.pattern, rx.flags, classes=own) if (
                own := first_chars(rx.pattern, rx.flags)) else starting_with(starts, rx.pattern, rx.flags, classes=r"\d"))
                             for name, rx in self.patterns]
        # each pattern searched only near the characters every match of it holds (月, 季, Q ...), where it has some
        # (the same matches; tests compare with a plain scan)
        self.plans = {name: anchor_plan(rx.pattern, rx.flags) for name, rx in self.patterns} if prefilter else {}
        # the literals a pattern cannot match without (any one of them): a text holding none is not scanned
        special = [*pl.same_period_last_year, *pl.current_quarter, *pl.previous_quarter, *pl.current_month,
                   *pl.previous_month, *pl.report_period_end, *pl.report_period]
        gate_words: dict[str, tuple[str, ...]] = {
            "fy_en": ("FY",), "fy_cn": tuple(pl.fiscal_year_words), "roc": tuple(pl.roc_prefixes), "years": ("年",),
            "q_span": ("Q",), "ym_dot": (".",), "cumq": tuple(pl.cumulative_quarters), "months": ("月",), "day_span": ("日", "号"),
            "date": ("月",), "rel_day": ("日", "号"), "year_end": ("末", "底", "终", "年初", *pl.year_end),
            "month_end": ("月末", "月底"), "quarter_end": ("季末", "季度末"), "q_en": ("Q",),
            "q_cn": tuple(pl.quarters), "h_en": ("H",), "h_cn": tuple(pl.halves), "month": ("月",), "year": ("年",),
            "special": tuple(special), "rel_year": tuple(pl.relative_years),
            "rel_years": tuple(pl.relative_year_lists) or ("\0",), "news_day": tuple(pl.news_days) or ("\0",), "recent_years": ("年",)}
        self.gates = {name: _gate(words) for name, words in gate_words.items()}
        self.re_as_of = re.compile(rf"(?:{_alt(pl.as_of)})\s?$")
        self.re_vague = re.compile(_alt(pl.vague))
        self._recent = dict(self.patterns).get("recent_years")
        self.re_open_ended = re.compile(_alt(pl.open_ended_after)) if pl.open_ended_after else None

    def _rel(self, w: Optional[str]) -> Optional[int]:
        return self.lex.relative_years.get(w) if w else None

    def find(self, text: str) -> list[PeriodMention]:
        taken = bytearray(len(text) + 1)  # positions inside a period (or a vague span) found already

        def take(m: re.Match) -> None:
            taken[m.start():m.end()] = b"\x01" * (m.end() - m.start())

        recent = self._recent
        for m in self.re_vague.finditer(text):
            if recent is not None and recent.match(text, m.start()):
                continue  # 近三年ROE分别为…: years over a list of values
            take(m)
        out: list[PeriodMention] = []
        for name, rx in self.patterns:
            gate = self.gates.get(name)
            if gate is not None and not gate(text):
                continue
            for m in finditer_anchored(rx, self.plans.get(name), text):
                if m.end() == m.start() or taken.find(1, m.start(), m.end()) >= 0:
                    continue
                pm = self._build(name, m, text)
                if pm is None:
                    continue
                if self.re_open_ended is not None and pm.year is not None and not pm.month \
                        and self.re_open_ended.match(text, m.end()):
                    take(m)  # 2010年以来: neither this period nor a shorter reading of it
                    continue  # (今年以来 is the year to date: the year)
                take(m)
                # 截至 before a point in time makes it an instant
                if self.re_as_of.search(text[max(0, pm.start - 4):pm.start]) and (pm.day or pm.month) and not pm.cumulative:
                    pm = replace(pm, instant=True)
                out.append(pm)
        out.sort(key=lambda p: p.start)
        # 2020年全年: a this-year word right after a year is that year, not the year in force; 2018年同期: the
        # same period of that year, not of the year before the year in force
        merged: list[PeriodMention] = []
        for pm in out:
            after = text[pm.end:pm.end + 1]
            if pm.special == "previous_quarter" and after and after in "末底":
                pm = replace(pm, end=pm.end + 1, text=pm.text + after, instant=True)  # 上季度末: its last day
            elif (pm.month and not pm.day and not pm.month_end or pm.special in ("current_month", "previous_month")) \
                    and (first := _FIRST_DAYS.match(text, pm.end)) and (n := _small_int(first.group(1))) and n <= 28:
                # 4月前4天, 这个月前两天: the first days of the month
                pm = replace(pm, end=first.end(), text=pm.text + first.group(0), day=1, day_end=n)
            elif pm.quarter and not pm.quarter_end and not pm.cumulative and not pm.instant and after == "初":
                # 四季度初: the quarter's first month
                pm = replace(pm, end=pm.end + 1, text=pm.text + after, month=3 * pm.quarter - 2, quarter=None)
            prev = merged[-1] if merged else None
            if prev is not None and prev.end == pm.start and prev.year is not None and prev.month is None \
                    and prev.half is None and prev.quarter is None and not prev.years and (
                        pm.special == "same_period_last_year" or pm.year_rel == 0 and pm.year is None
                        and pm.half is None and pm.quarter is None and pm.month is None and pm.special is None):
                merged[-1] = replace(prev, end=pm.end, text=prev.text + pm.text)
                continue
            merged.append(pm)
        return merged

    def _build(self, name: str, m: re.Match, text: str) -> Optional[PeriodMention]:
        g = m.groupdict()
        s, e, t = m.start(), m.end(), m.group(0)
        y = _year4(g["y"]) if g.get("y") else None
        rel = self._rel(g.get("rel"))
        base = dict(start=s, end=e, text=t)
        if name == "fy_en":
            yy = _year4(g["y"])
            return PeriodMention(**base, year=yy, fiscal=True, quarter=int(g["q"]) if g.get("q") else None,
                                 half=int(g["h"]) if g.get("h") else None)
        if name == "fy_cn":
            half = self.lex.halves.get(g["hw"]) if g.get("hw") else None
            return PeriodMention(**base, year=y, fiscal=True, quarter=_small_int(g["q"]) if g.get("q") else None, half=half)
        if name == "roc":
            from .numbers import cn2num
            v = cn2num(g["y"]) if not g["y"].isdigit() else int(g["y"])
            if v is None:
                return None
            return PeriodMention(**base, year=int(v) + self.lex.roc_offset)
        if name == "recent_years":
            return PeriodMention(**base, years_back=_small_int(g["n"]) or 0)
        if name == "years":
            y1, y2 = _year4(g["y1"]), _year4(g["y2"])
            if not y1 or not y2 or not (0 < y2 - y1 <= 10):
                return None
            return PeriodMention(**base, years=tuple(range(y1, y2 + 1)))
        if name == "q_span":
            q1, q2 = int(g["q1"]), int(g["q2"])
            if q2 <= q1:
                return None
            return PeriodMention(**base, year=y, quarter=q1, quarter_end=q2)
        if name == "cumq":
            return PeriodMention(**base, year=y, year_rel=rel, quarter=1, quarter_end=self.lex.cumulative_quarters[g["cq"]],
                                 cumulative=True)
        if name == "months":
            if (g.get("first") or g.get("ml")) and y is None and rel is None:
                return None  # 上市首月, 此后三个月: counted from an event, not from the start of a year
            if g.get("first"):
                return PeriodMention(**base, year=y, year_rel=rel, month=1)
            if g.get("ml"):
                n = _small_int(g["ml"])
                if not n or not 1 <= n < 12:
                    return None
                return PeriodMention(**base, year=y, year_rel=rel, month=13 - n, month_end=12, cumulative=True)
            if g.get("mn"):
                m1, m2 = 1, _small_int(g["mn"])
            else:
                m1, m2 = _small_int(g["m1"]), _small_int(g["m2"])
            if not m1 or not m2 or not (1 <= m1 < m2 <= 12):
                return None
            return PeriodMention(**base, year=y, year_rel=rel, month=m1, month_end=m2, cumulative=True)
        if name == "day_span":
            mo, mo2 = _small_int(g["m"]), _small_int(g["m2"]) if g.get("m2") else _small_int(g["m"])
            if not mo or not mo2 or not 1 <= mo <= mo2 <= 12:
                return None
            d, d2 = _small_int(g["d"]), _small_int(g["d2"])
            if not d or not d2 or mo2 == mo and d2 < d:
                return None
            return PeriodMention(**base, year=y, year_rel=rel, month=mo, month_end=mo2 if mo2 != mo else None,
                                 day=d, day_end=d2)
        if name == "news_day":
            if g.get("d"):
                day = int(g["d"])
                return PeriodMention(**base, month_rel=0, day=day, news_day=True) if 1 <= day <= 31 else None
            return PeriodMention(**base, day_offset=self.lex.news_days[g["w"]], news_day=True)
        if name == "rel_day":
            rel_m = 0 if g.get("cm") else (-1 if g.get("pm") else 1)
            day = _small_int(g["d"])
            return PeriodMention(**base, month_rel=rel_m, day=day) if day else None
        if name == "iso" and g.get("y8"):  # 20240307
            return PeriodMention(**base, year=int(g["y8"]), month=int(g["m8"]), day=int(g["d8"]))
        if name == "iso" and (g.get("mz") or g.get("mp")):  # 09-01, 6·30: a day of the year in force
            return PeriodMention(**base, month=int(g["mz"] or g["mp"]), day=int(g["dz"] or g["dp"]))
        if name == "ym_dot":
            if g.get("y2"):
                return PeriodMention(**base, year=int(g["y2"]), month=int(g["m2"])) if g.get("m2") \
                    else PeriodMention(**base, year=int(g["y2"]))
            return PeriodMention(**base, year=int(g["y"]), month=int(g["m"]))
        if name in ("date", "iso"):
            mo, d = _small_int(g["m"]), _small_int(g["d"])
            if not mo or not 1 <= mo <= 12 or not d:
                return None
            return PeriodMention(**base, year=y, year_rel=rel, month=mo, day=d)
        if name == "q_en":
            if g.get("q2"):
                return PeriodMention(**base, year=2000 + int(g["y3"]), quarter=int(g["q2"]))
            if g.get("qb"):
                return PeriodMention(**base, quarter=int(g["qb"]))
            yy = y if y else (2000 + int(g["y2"]) if g.get("y2") else None)
            return PeriodMention(**base, year=yy, quarter=int(g["q"]))
        if name == "q_cn":
            q = self.lex.quarters[g["qw"]]
            # "一季" inside 一季度末 handled by quarter_end; "三季" alone is fine
            return PeriodMention(**base, year=y, year_rel=rel, quarter=q)
        if name == "h_en":
            if g.get("h2"):
                return PeriodMention(**base, year=2000 + int(g["y3"]), half=int(g["h2"]))
            if g.get("hb"):
                return PeriodMention(**base, half=int(g["hb"]))
            yy = y if y else (2000 + int(g["y2"]) if g.get("y2") else None)
            return PeriodMention(**base, year=yy, half=int(g["h"]))
        if name == "h_cn":
            return PeriodMention(**base, year=y, year_rel=rel, half=self.lex.halves[g["hw"]])
        if name == "year_end":
            if t == "年初":
                return PeriodMention(**base, year_rel=-1, month=12, day=31, instant=True, special="year_start")
            return PeriodMention(**base, year=y, year_rel=rel, month=12, day=31, instant=True)
        if name == "month_end":
            mo = _small_int(g["m"])
            if not mo:
                return None
            return PeriodMention(**base, year=y, month=mo, day=calendar.monthrange(2001, mo)[1] if mo != 2 else 28,
                                 instant=True, special="month_end")
        if name == "quarter_end":
            q = _small_int(g["q"])
            return PeriodMention(**base, year=y, year_rel=rel, month=3 * q, day=calendar.monthrange(2001, 3 * q)[1],
                                 instant=True, special="month_end")
        if name == "month":
            mo = _small_int(g["m"])
            if not mo or not 1 <= mo <= 12:
                return None
            # 一月 / 三月 written in Chinese must not be a number phrase (三月份 ok; 十二个月 no)
            return PeriodMention(**base, year=y, year_rel=rel, month=mo)
        if name == "year":
            if y is None or not 1900 <= y <= 2100:
                return None
            return PeriodMention(**base, year=y)
        if name == "rel_year":
            return PeriodMention(**base, year_rel=rel)
        if name == "rel_years":
            return PeriodMention(**base, rel_years=tuple(self.lex.relative_year_lists[t]))
        if name == "special":
            for key, sp in (("sp_same", "same_period_last_year"), ("sp_cq", "current_quarter"),
                            ("sp_pq", "previous_quarter"), ("sp_cm", "current_month"), ("sp_pm", "previous_month"),
                            ("sp_re", "report_period_end"), ("sp_rp", "report_period")):
                if g.get(key):
                    return PeriodMention(**base, special=sp)
        return None


def resolve(pm: PeriodMention, ctx: PeriodContext) -> Optional[Period]:
    """Turn a mention into a period, or None when the text does not pin it down."""
    if pm.years_back:
        return None  # 近三年 alone is vague; over a list of values the fact assembler expands it
    if pm.rel_years:  # 今明两年: the span of those years
        years = expand(pm, ctx)
        return span_period(years[0], years[-1]) if years else None
    y = pm.year
    if y is None and pm.year_rel is not None:
        anchor = ctx.date.year if ctx.date else (ctx.latest_year or ctx.anchor_year())
        if anchor is None:
            return None
        y = anchor + pm.year_rel
    if pm.special == "same_period_last_year":
        return shift_year(ctx.current, -1) if ctx.current else None
    if pm.special in ("current_quarter",):
        for cur in (ctx.current, ctx.report):
            if cur and cur.kind in ("quarter", "fiscal_quarter"):
                return cur
        if ctx.date:
            return quarter_period(ctx.date.year, (ctx.date.month - 1) // 3 + 1)
        return None
    if pm.day_offset is not None:
        return instant_period(ctx.date + dt.timedelta(days=pm.day_offset)) if ctx.date else None
    if pm.month_rel is not None:
        if not ctx.date or not pm.day:
            return None
        rel = pm.month_rel
        if pm.news_day and rel == 0 and pm.day > ctx.date.day:
            rel = -1  # 昨（30）日 in an article of the 1st: the month before
        yy, mm = _add_months(ctx.date.year, ctx.date.month, rel)
        if pm.day > calendar.monthrange(yy, mm)[1]:
            return None
        return instant_period(dt.date(yy, mm, pm.day))
    if pm.special == "previous_quarter":
        prev = None
        cur = ctx.current
        if cur and cur.kind == "quarter" and cur.start:
            yy, mm = _add_months(cur.start.year, cur.start.month, -3)
            prev = quarter_period(yy, (mm - 1) // 3 + 1)
        elif ctx.date:  # no quarter stated: the quarter before the article's date
            yy, mm = _add_months(ctx.date.year, ctx.date.month, -3)
            prev = quarter_period(yy, (mm - 1) // 3 + 1)
        if prev is not None and pm.instant and prev.end is not None:
            return instant_period(prev.end)  # 上季度末
        return prev
    if pm.special in ("current_month", "previous_month"):
        if not ctx.date:
            return None
        yy, mm = _add_months(ctx.date.year, ctx.date.month, -1 if pm.special == "previous_month" else 0)
        return month_period(yy, mm)
    if pm.special == "report_period":
        return ctx.current
    if pm.special == "report_period_end":
        if ctx.current and ctx.current.end:
            return instant_period(ctx.current.end)
        return None
    if pm.fiscal:
        if y is None:
            return None
        fye = ctx.fiscal_year_end or "12-31"
        return fiscal_period(y, fye, quarter=pm.quarter, half=pm.half)
    if y is None and pm.instant and pm.month and ctx.report is not None and ctx.report.end is not None \
            and ctx.report.end.month == pm.month and ctx.report.kind in ("half", "quarter"):
        y = ctx.report.end.year  # 截至6月末 in an article on the first half: the end of that half
    if y is None:
        anchor = ctx.anchor_year()
        if (pm.half or pm.quarter) and ctx.year_from_date and ctx.report is not None and ctx.report.start \
                and ctx.report.kind in ("half", "quarter"):
            # 上半年 after a narrated date (2005年3月在深交所上市…) is the half the article reports on
            anchor = ctx.report.start.year
        if anchor is None:
            anchor = ctx.latest_year  # 9月14日 in an undated article that reports on 2020: 2020
        if anchor is None:
            return None
        y = anchor
    if pm.special == "year_start":
        return instant_period(dt.date(y, 12, 31))
    if pm.years:
        return None  # a list of years is distributed over a list of values by the fact assembler
    try:
        if pm.day_end:  # 9月8日-9月14日: the month; 7月12日至8月12日: the months
            return months_period(y, pm.month, pm.month_end) if pm.month_end else month_period(y, pm.month)
        if pm.instant and pm.month and pm.day:
            day = min(pm.day, calendar.monthrange(y, pm.month)[1])
            return instant_period(dt.date(y, pm.month, day))
        if pm.day and pm.month:
            return instant_period(dt.date(y, pm.month, pm.day))
        if pm.quarter and pm.quarter_end:
            if pm.cumulative:
                return quarters_period(y, 1, pm.quarter_end)
            return None  # Q2-Q3: distributed over values
        if pm.quarter:
            return quarter_period(y, pm.quarter)
        if pm.half:
            return half_period(y, pm.half)
        if pm.month and pm.month_end:
            return months_period(y, pm.month, pm.month_end)
        if pm.month:
            return month_period(y, pm.month)
        return year_period(y)
    except ValueError:
        return None


def expand(pm: PeriodMention, ctx: PeriodContext) -> list[Period]:
    """A mention naming several periods (2018年至2020年, 2025年Q2-Q3) as the list of them."""
    if pm.years:
        return [year_period(y) for y in pm.years]
    if pm.rel_years:
        anchor = ctx.date.year if ctx.date else (ctx.latest_year or ctx.anchor_year())
        return [year_period(anchor + k) for k in pm.rel_years] if anchor is not None else []
    if pm.years_back:
        # up to the latest year the article reports on, else the period in force, else the year in force
        y = ctx.latest_year or (ctx.current.end.year if ctx.current and ctx.current.end else ctx.anchor_year())
        return [year_period(yy) for yy in range(y - pm.years_back + 1, y + 1)] if y else []
    if pm.quarter and pm.quarter_end and not pm.cumulative:
        y = pm.year if pm.year is not None else ctx.anchor_year()
        if y is None:
            return []
        return [quarter_period(y, q) for q in range(pm.quarter, pm.quarter_end + 1)]
    p = resolve(pm, ctx)
    return [p] if p else []


def finder(lexicon: Lexicon) -> PeriodFinder:
    return lexicon.compiled("periods", PeriodFinder)


def find_periods(text: str, lexicon: Optional[Lexicon] = None) -> list[PeriodMention]:
    lex = lexicon or Lexicon.load()
    return finder(lex).find(text)


def parse_period(text: str, date: Optional[dt.date] = None, fiscal_year_end: Optional[str] = None,
                 lexicon: Optional[Lexicon] = None) -> Optional[Period]:
    """Resolve the first period expression of ``text`` against ``date``."""
    lex = lexicon or Lexicon.load()
    if re.fullmatch(r"\s*(?:19|20)\d{2}\s*", text):  # a period string that is just a year: 2018
        return year_period(int(text.strip()))
    mentions = finder(lex).find(text)
    if not mentions:
        return None
    ctx = PeriodContext(date=date, fiscal_year_end=fiscal_year_end)
    pm = mentions[0]
    if pm.day_end and pm.day:  # a span of days on its own: the exact days
        a = resolve(replace(pm, day_end=None, month_end=None), ctx)
        if a is not None and a.start is not None:
            try:
                end = dt.date(a.start.year, pm.month_end or pm.month or a.start.month, pm.day_end)
            except ValueError:
                return None
            return Period(label=f"{a.start.isoformat()}..{end.isoformat()}", start=a.start, end=end, kind="span")
    first = resolve(mentions[0], ctx)
    if first is None and mentions[0].years:
        y1, y2 = mentions[0].years[0], mentions[0].years[-1]
        first = span_period(year_period(y1), year_period(y2))
    # A至B / A到B / A-B: one span from the start of A to the end of B (B inherits A's year when it has none)
    if first is not None and len(mentions) >= 2:
        a, b = mentions[0], mentions[1]
        if re.fullmatch(r"\s?(?:至|到|-|~|～|–|—{1,2}|起至)\s?", text[a.end:b.start]):
            if b.year is None and b.year_rel is None and first.start is not None:
                ctx.year = first.start.year
            second = resolve(b, ctx)
            if second is not None and second.end is not None and first.start is not None and second.end >= first.start:
                return span_period(first, second)
    return first


def span_period(a: Period, b: Period) -> Period:
    """The span from the start of ``a`` to the end of ``b`` (2017年5月至2018年4月)."""
    return Period(label=f"{a.start.isoformat()}..{b.end.isoformat()}", start=a.start, end=b.end, kind="span")
