"""The case files in tests/cases are the test suite of each dimension (positive and negative examples)."""
import datetime as dt
from decimal import Decimal

import pytest

from conftest import load_cases
from finextract.extractors.numbers import cn2num
from finextract.extractors.periods import parse_period
from finextract.extractors.values import find_values
from finextract.normalize import Normalizer

NUM = load_cases("numbers")
VAL = load_cases("values")
PER = load_cases("periods")
_norm = Normalizer()


@pytest.mark.parametrize("case", NUM["positive"], ids=lambda c: c["text"])
def test_number_positive(case):
    assert cn2num(case["text"]) == Decimal(case["value"])


@pytest.mark.parametrize("text", NUM["negative"])
def test_number_negative(text):
    assert cn2num(text) is None


@pytest.mark.parametrize("case", VAL["positive"], ids=lambda c: c["text"])
def test_value_positive(case):
    text = _norm.normalize(case["text"]).text
    found = [q for q in find_values(text) if q.kind != "number"]
    assert found, f"no value in {case['text']}"
    q = found[-1]
    assert q.value == Decimal(case["value"])
    assert q.unit == case["unit"]
    assert q.qualifier == case.get("qualifier")
    if "value_max" in case:
        assert q.value_max == Decimal(case["value_max"])
    assert q.per == case.get("per")


@pytest.mark.parametrize("text", VAL["negative"])
def test_value_negative(text):
    assert [q for q in find_values(_norm.normalize(text).text) if q.kind != "number"] == []


@pytest.mark.parametrize("case", PER["positive"], ids=lambda c: c["text"])
def test_period_positive(case):
    text = _norm.normalize(case["text"]).text
    date = dt.date.fromisoformat(case["date"]) if case.get("date") else None
    p = parse_period(text, date=date, fiscal_year_end=case.get("fye"))
    assert p is not None, case["text"]
    assert p.label == str(case["label"])
    if "start" in case:
        assert p.start.isoformat() == case["start"] and p.end.isoformat() == case["end"]


@pytest.mark.parametrize("text", PER["negative"])
def test_period_negative(text):
    assert parse_period(_norm.normalize(text).text) is None


REL = load_cases("relations")


def _relations(text):
    import finextract

    return finextract.extract(text).relations


def _matches(want: dict, got) -> bool:
    return (got.type == want["type"] and got.head == want["head"] and ("tail" not in want or got.tail == want["tail"])
            and ("role" not in want or got.role == want["role"]) and got.former == want.get("former", False))


@pytest.mark.parametrize("case", REL["positive"], ids=lambda c: c["text"][:20])
def test_relation_positive(case):
    found = _relations(case["text"])
    for want in case["relations"]:
        assert any(_matches(want, r) for r in found), f"{want} not in {[(r.head, r.type, r.tail) for r in found]}"


@pytest.mark.parametrize("case", REL["negative"], ids=lambda c: c["text"][:20])
def test_relation_negative(case):
    assert not [r for r in _relations(case["text"]) if r.type == case["type"]]


@pytest.mark.parametrize("case", VAL["plain"], ids=lambda c: c["text"])
def test_plain_number_in_text(case):
    found = find_values(_norm.normalize(case["text"]).text)
    assert [q.value for q in found] == [Decimal(case["value"])]


@pytest.mark.parametrize("text", ["EPS分别为1.31/1.52/1.78元", "对应PE为25/21/18倍", "PE为25/21倍"])
def test_a_slash_list_is_no_fraction(text):
    assert all("/" not in q.text for q in find_values(_norm.normalize(text).text))


def test_pairwise_is_no_number():
    assert cn2num("两两") is None
