"""The conformance runner: suites map to parsers, scope rules set cases aside with reasons, rates add up."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from finextract import conformance
from finextract.cli import main
from finextract.errors import InputError

SHARED = Path(__file__).resolve().parents[2] / "shared" / "conformance"


def _suite(tmp_path: Path, name: str, cases: list[dict]) -> Path:
    (tmp_path / f"{name}.jsonl").write_text("\n".join(json.dumps(c, ensure_ascii=False) for c in cases) + "\n",
                                            encoding="utf-8")
    return tmp_path


def test_cn2an_cases_pass_fail_and_scope(tmp_path):
    d = _suite(tmp_path, "cn2an_cn2an", [
        {"input": "一千零十", "mode": "normal", "expected": 1010},
        {"input": "两百亿", "mode": "normal", "expected": 20000000000},
        {"input": "三千五百万", "mode": "normal", "expected": 35000001},  # wrong on purpose: must fail
        {"input": "十一十二", "mode": "normal", "expected_error": "ValueError"},
        {"input": "一一", "mode": "strict", "expected_error": "ValueError"},  # strict-only: set aside
    ])
    [rep] = conformance.run(d)
    assert [c.status for c in rep.results] == ["pass", "pass", "fail", "pass", "out_of_scope"]
    assert rep.results[-1].reason
    assert rep.pass_rate == pytest.approx(3 / 4)


def test_money_parser_suite_maps_currency_and_ranges(tmp_path):
    d = _suite(tmp_path, "jionlp_money_parser", [
        {"input": "25481港元", "expected": {"num": "25481.00", "case": "港元", "definition": "accurate"}},
        {"input": "十八至三十万日元", "expected": {"num": ["180000.00", "300000.00"], "case": "日元", "definition": "blur"}},
        {"input": "45564.44美元", "expected": {"num": "45564.44", "case": "欧元", "definition": "accurate"}},
    ])
    [rep] = conformance.run(d)
    assert [c.status for c in rep.results] == ["pass", "pass", "fail"]


def test_time_suite_resolves_against_the_base_date(tmp_path):
    d = _suite(tmp_path, "jionlp_time_parser", [
        {"input": "2019年第三季度", "time_base": [2021, 6, 1],
         "expected": {"type": "time_span", "definition": "accurate",
                      "time": ["2019-07-01 00:00:00", "2019-09-30 23:59:59"]}},
        {"input": "去年上半年", "time_base": {"year": 2021, "month": 3},
         "expected": {"type": "time_span", "definition": "accurate",
                      "time": ["2020-01-01 00:00:00", "2020-06-30 23:59:59"]}},
        {"input": "晚上8点", "time_base": 1623604000,
         "expected": {"type": "time_point", "definition": "accurate",
                      "time": ["2021-06-14 20:00:00", "2021-06-14 20:59:59"]}},
    ])
    [rep] = conformance.run(d)
    assert [c.status for c in rep.results] == ["pass", "pass", "out_of_scope"]


def test_unknown_suite_and_bad_line_are_clear_errors(tmp_path):
    with pytest.raises(InputError, match="no such suite"):
        conformance.run(_suite(tmp_path, "cn2an_cn2an", []), ["nope"])
    (tmp_path / "cn2an_cn2an.jsonl").write_text('{"input": "一", "expected": 1}\nnot json\n', encoding="utf-8")
    with pytest.raises(InputError, match=r"cn2an_cn2an.jsonl:2"):
        conformance.run(tmp_path)
    (tmp_path / "cn2an_cn2an.jsonl").write_text('{"input": "一"}\n', encoding="utf-8")
    with pytest.raises(InputError, match=r"cn2an_cn2an.jsonl:1: case does not have the shape"):
        conformance.run(tmp_path)


def test_cli_prints_rates(tmp_path, capsys):
    d = _suite(tmp_path, "cn2an_cn2an", [{"input": "十一", "mode": "normal", "expected": 11}])
    assert main(["conformance", str(d), "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["cn2an_cn2an"]["pass_rate"] == 1.0


@pytest.mark.skipif(not SHARED.exists(), reason="../shared/conformance not present")
def test_shared_suites_run_and_cn2an_holds():
    reports = {r.suite: r for r in conformance.run(SHARED)}
    assert reports["cn2an_cn2an"].pass_rate >= 0.95
    for r in reports.values():  # every case is accounted for
        assert r.count("pass") + r.count("fail") + r.count("out_of_scope") == len(r.results)
