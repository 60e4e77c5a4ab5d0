"""Conformance: run third-party test suites for numbers, money, percentages and dates through finextract's parsers.

Each suite file (JSONL, one case a line) is mapped to the parser that does the same job:

- ``cn2an_cn2an``: Chinese numerals -> :func:`finextract.extractors.numbers.cn2num`
- ``ms_zh_number__number_model``: numbers in sentences -> ``NumberParser.find``
- ``ms_zh_number__percent_model``: percentages -> the value finder's percents
- ``ms_zh_number__number_range_model``: ranges -> the value finder's ranges
- ``ms_zh_number_with_unit__currency_model``: amounts with a currency -> the value finder's money values
- ``jionlp_money_parser`` / ``jionlp_money_extractor``: one amount / amounts in a sentence -> the value finder
- ``jionlp_time_parser``, ``ms_zh_date_time__date_period_parser``: period strings -> :func:`parse_period`
- ``ms_zh_date_time__date_period_extractor``: period spans -> the period finder

Cases outside finextract's scope (times of day, weeks, holidays, lunar dates, discounts ...) are declared in
``lexicons/conformance_scope.yaml``, each rule with its reason; they are listed, never silently dropped.
Differences of convention are mapped, not counted as failures: MS end dates are exclusive, JioNLP's inclusive
to the second; 50% is compared as 50.
"""
from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from importlib import resources
from pathlib import Path
from typing import Callable, Literal, Optional

import yaml
from pydantic import BaseModel, ConfigDict, ValidationError

from .errors import InputError, LexiconError
from .extractors import numbers as num_mod
from .extractors import periods as period_mod
from .extractors import values as val_mod
from .lexicon import Lexicon
from .normalize import Normalizer

Status = Literal["pass", "fail", "out_of_scope"]
_RANGE_WORD = re.compile(r"至|到|~|～|-|–|—|－")


# --- scope declarations (data) --------------------------------------------------------------
class ScopeRule(BaseModel):
    model_config = ConfigDict(extra="forbid")
    reason: str
    input_pattern: Optional[str] = None  # regex searched in the case input
    expected_pattern: Optional[str] = None  # regex searched in the JSON of the expected result
    case_pattern: Optional[str] = None  # regex searched in the case's JSON line (mode, kwargs ...)
    ids: list[str] = []


class ScopeFile(BaseModel):
    model_config = ConfigDict(extra="forbid")
    suites: dict[str, list[ScopeRule]]


def load_scope() -> ScopeFile:
    name = "conformance_scope.yaml"
    text = resources.files("finextract.lexicons").joinpath(name).read_text(encoding="utf-8")
    try:
        return ScopeFile.model_validate(yaml.safe_load(text))
    except ValidationError as e:
        raise LexiconError(f"{name}: {e.errors()[0]['loc']}: {e.errors()[0]['msg']}") from e


# --- results -----------------------------------------------------------------------------------
@dataclass
class CaseResult:
    suite: str
    case: str
    input: str
    status: Status
    expected: object = None
    got: object = None
    reason: str = ""


@dataclass
class SuiteReport:
    suite: str
    results: list[CaseResult] = field(default_factory=list)

    def count(self, status: Status) -> int:
        return sum(1 for r in self.results if r.status == status)

    @property
    def in_scope(self) -> int:
        return self.count("pass") + self.count("fail")

    @property
    def pass_rate(self) -> float:
        return self.count("pass") / self.in_scope if self.in_scope else 0.0


# --- helpers -----------------------------------------------------------------------------------
def _dec(x) -> Optional[Decimal]:
    try:
        return Decimal(str(x).replace(",", "").rstrip("%"))
    except (InvalidOperation, ValueError):
        return None


def _same(a: Optional[Decimal], b: Optional[Decimal]) -> bool:
    if a is None or b is None:
        return a is b
    return abs(a - b) <= max(abs(b) * Decimal("1e-9"), Decimal("0.005"))


def _jio_base(case: dict) -> Optional[dt.date]:
    """JioNLP's time_base: a Unix time (Beijing), a list [y, m, d ...], a dict of fields, a datetime, or null."""
    local = case.get("time_base_local")
    if local:
        return dt.date.fromisoformat(local[:10])
    base = case.get("time_base")
    if isinstance(base, (int, float)):
        return dt.datetime.fromtimestamp(base, dt.timezone(dt.timedelta(hours=8))).date()
    if isinstance(base, list) and base:
        parts = list(base) + [1] * (3 - len(base))
        return dt.date(int(parts[0]), int(parts[1]), int(parts[2]))
    if isinstance(base, dict):
        if "datetime" in base:
            return dt.date.fromisoformat(base["datetime"][:10])
        return dt.date(int(base.get("year", 1970)), int(base.get("month", 1)), int(base.get("day", 1)))
    return None


class Runner:
    def __init__(self, lexicon: Optional[Lexicon] = None):
        self.lex = lexicon or Lexicon.load()
        self.normalizer = Normalizer()
        self.values = val_mod.finder(self.lex)
        from .segment import Segmenter

        self.segmenter = Segmenter(self.lex)
        self.periods = period_mod.finder(self.lex)
        self.scope = load_scope()
        self.iso_by_word: dict[str, str] = {}
        for c in self.lex.units.currencies:
            for w in c.words:
                self.iso_by_word[w] = c.code
        self.adapters: dict[str, Callable[[dict], tuple[bool, object]]] = {
            "cn2an_cn2an": self.cn2an,
            "ms_zh_number__number_model": self.ms_number,
            "ms_zh_number__percent_model": self.ms_percent,
            "ms_zh_number__number_range_model": self.ms_range,
            "ms_zh_number_with_unit__currency_model": self.ms_currency,
            "jionlp_money_parser": self.jio_money,
            "jionlp_money_extractor": self.jio_money_extractor,
            "jionlp_time_parser": self.jio_time,
            "ms_zh_date_time__date_period_parser": self.ms_period_parser,
            "ms_zh_date_time__date_period_extractor": self.ms_period_extractor,
        }

    # -- scope ------------------------------------------------------------------------------------
    def out_of_scope(self, suite: str, case: dict, case_id: str) -> Optional[str]:
        expected = json.dumps(case.get("expected"), ensure_ascii=False)
        for rule in self.scope.suites.get(suite, []):
            if case_id in rule.ids:
                return rule.reason
            if rule.input_pattern and re.search(rule.input_pattern, case.get("input", "")):
                return rule.reason
            if rule.expected_pattern and re.search(rule.expected_pattern, expected):
                return rule.reason
            if rule.case_pattern and re.search(rule.case_pattern, json.dumps(case, ensure_ascii=False)):
                return rule.reason
        return None

    # -- adapters: each returns (passed, what finextract produced) ------------------------------
    def cn2an(self, case: dict):
        got = num_mod.cn2num(case["input"], self.lex)
        if "expected_error" in case:
            return got is None, got
        return _same(got, _dec(case["expected"])), got

    def ms_number(self, case: dict):
        want = [_dec(e["resolution"]["value"]) for e in case["expected"]]
        text = self._norm_text(case["input"])
        got = []
        for q in self.values.find(text, bounds=self.segmenter.boundaries(text)):  # with magnitudes (1000万)
            got.append(q.value)
            # (a written range gives two numbers; a blur numeral, 二十几万, is one: Recognizers gives its low end)
            if q.value_max is not None and _RANGE_WORD.search(q.text):
                got.append(q.value_max)
        return len(got) == len(want) and all(_same(a, b) for a, b in zip(got, want)), [str(g) for g in got]

    def _norm_text(self, text: str) -> str:
        return self.normalizer.normalize(text).text

    def ms_percent(self, case: dict):
        text = self._norm_text(case["input"])
        want = [_dec(e["resolution"]["value"]) for e in case["expected"]]
        # finextract keeps 个百分点 apart as `pp`; Recognizers calls it a percentage (a mapped convention)
        got = [q.value for q in self.values.find(text) if q.kind in ("percent", "pp")]
        return len(got) == len(want) and all(_same(a, b) for a, b in zip(got, want)), [str(g) for g in got]

    def ms_range(self, case: dict):
        text = self._norm_text(case["input"])
        want = [e["resolution"]["value"] for e in case["expected"]]
        got = []
        for q in self.values.find(text):
            if q.value_max is not None:
                got.append(f"[{q.value},{q.value_max}]")
        ok = len(got) == len(want) and all(
            [_dec(x) for x in g.strip("[]").split(",")] == [_dec(x) for x in w.strip("[]()").split(",")]
            for g, w in zip(got, want))
        return ok, got

    def ms_currency(self, case: dict):
        text = self._norm_text(case["input"])
        want = [(_dec(e["resolution"].get("value")), e["resolution"].get("isoCurrency")) for e in case["expected"]]
        got = [(q.value, q.unit) for q in self.values.find(text) if q.kind == "money"]
        ok = len(got) == len(want) and all(_same(a, b) and (not wc or wc == gc) for (a, gc), (b, wc) in zip(got, want))
        return ok, [f"{v} {u}" for v, u in got]

    def jio_money(self, case: dict):
        text = self._norm_text(case["input"])
        exp = case["expected"]
        money = [q for q in self.values.find(text) if q.kind in ("money", "number")]
        if not money:
            return False, None
        q = money[0]
        # JioNLP's money parser reads every input as money: an amount with no currency word is in 元
        unit = q.unit if q.kind == "money" else "CNY"
        want_iso = self.iso_by_word.get(exp["case"], "CNY" if exp["case"] == "元" else exp["case"])
        nums = exp["num"] if isinstance(exp["num"], list) else [exp["num"], None]
        lo, hi = _dec(nums[0]), _dec(nums[1]) if nums[1] is not None else None
        # (2000多: JioNLP gives a range up to the next place, finextract the figure with qualifier over, a mapped
        # convention)
        over = q.value_max is None and q.qualifier == "over" and exp.get("definition") == "blur"
        ok = _same(q.value, lo) and (hi is None or over or _same(q.value_max, hi)) and unit == want_iso
        return ok, f"{q.value}..{q.value_max} {unit}" if q.value_max is not None else f"{q.value} {unit}"

    def jio_money_extractor(self, case: dict):
        text = self._norm_text(case["input"])
        want = [e["text"] for e in case["expected"]]
        got = [case["input"][q.start:q.end] for q in self.values.find(text) if q.kind == "money"]
        return got == want, got

    def jio_time(self, case: dict):
        ref = _jio_base(case)
        want = case["expected"]["time"]
        if not isinstance(want, list) or len(want) != 2:
            return False, None
        per = period_mod.parse_period(self._norm_text(case["input"]), date=ref, lexicon=self.lex)
        if per is None or per.start is None or per.end is None:
            return False, None
        got = [per.start.isoformat(), per.end.isoformat()]
        # (一季度末: finextract gives the quarter's last day, as the annotation guide does; JioNLP its last month,
        # a mapped convention)
        if per.kind == "instant" and "末" in case["input"] and want[1][:10] == got[1] and \
                want[0][:10] == per.end.replace(day=1).isoformat():
            return True, got
        return got == [want[0][:10], want[1][:10]], got

    def ms_period_parser(self, case: dict):
        ref = dt.date.fromisoformat(case["reference"][:10])
        want = case["expected"][0]["value"] if case["expected"] else None
        per = period_mod.parse_period(self._norm_text(case["input"]), date=ref, lexicon=self.lex)
        if want is None:
            return per is None, per.label if per else None
        if per is None or per.start is None or per.end is None:
            return False, None
        got = (per.start.isoformat(), (per.end + dt.timedelta(days=1)).isoformat())  # MS end dates are exclusive
        options = [(r["startDate"], r["endDate"]) for k in ("PastResolution", "FutureResolution")
                   if (r := want.get(k)) and "startDate" in r]
        return got in options, got

    def ms_period_extractor(self, case: dict):
        text = self._norm_text(case["input"])
        want = [(e["start"], e["start"] + e["length"]) for e in case["expected"]]
        got = [(m.start, m.end) for m in self.periods.find(text)]
        return got == want, got

    # -- running ----------------------------------------------------------------------------------
    def run_suite(self, path: Path) -> SuiteReport:
        suite = path.stem
        report = SuiteReport(suite)
        adapter = self.adapters.get(suite)
        with path.open(encoding="utf-8") as f:
            for n, line in enumerate(f, 1):
                if not line.strip():
                    continue
                try:
                    case = json.loads(line)
                except json.JSONDecodeError as e:
                    raise InputError(str(path), f"not JSON: {e.msg}", line=n) from e
                case_id = str(case.get("id") or f"{suite}#{n}")
                reason = self.out_of_scope(suite, case, case_id) if adapter else "no finextract parser maps to this suite"
                if reason:
                    report.results.append(CaseResult(suite, case_id, case.get("input", ""), "out_of_scope",
                                                     case.get("expected"), None, reason))
                    continue
                try:
                    ok, got = adapter(case)
                except (KeyError, TypeError, IndexError) as e:
                    raise InputError(str(path), f"case does not have the shape of suite {suite}: {e!r}", line=n) from e
                report.results.append(CaseResult(suite, case_id, case.get("input", ""), "pass" if ok else "fail",
                                                 case.get("expected"), got))
        return report


def run(directory: Path, suites: Optional[list[str]] = None, lexicon: Optional[Lexicon] = None) -> list[SuiteReport]:
    """Run every ``*.jsonl`` suite of ``directory`` (or the named ones) and return a report per suite."""
    if not directory.is_dir():
        raise InputError(str(directory), "no such directory")
    runner = Runner(lexicon)
    paths = sorted(directory.glob("*.jsonl"))
    if suites:
        unknown = set(suites) - {p.stem for p in paths}
        if unknown:
            raise InputError(str(directory), f"no such suite: {', '.join(sorted(unknown))}")
        paths = [p for p in paths if p.stem in suites]
    return [runner.run_suite(p) for p in paths]
