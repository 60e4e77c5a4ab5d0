"""Bad input: a one-line error naming the file (and line), non-zero exit, others still processed, no half output."""
import json
import subprocess
import sys
from pathlib import Path

import pytest

from finextract.cli import main

GOOD = "比亚迪2024年营业收入为7771亿元，同比增长29%。"


def _run(args, capsys):
    code = main(args)
    err = capsys.readouterr().err
    return code, err


def _facts(out: Path):
    return [json.loads(l) for l in (out / "facts.jsonl").read_text(encoding="utf-8").splitlines() if l.strip()]


@pytest.fixture
def good(tmp_path):
    p = tmp_path / "good.txt"
    p.write_text(GOOD, encoding="utf-8")
    return p


@pytest.mark.parametrize("name,data,expect", [
    ("empty.txt", b"", "empty file"),
    ("binary.txt", b"\x00\x01\x02\xff" * 100, "binary"),
])
def test_bad_files(tmp_path, capsys, good, name, data, expect):
    bad = tmp_path / name
    bad.write_bytes(data)
    out = tmp_path / "out"
    code, err = _run(["extract", str(bad), str(good), "--out", str(out)], capsys)
    assert code != 0
    assert str(bad) in err and expect in err
    assert len(err.strip().splitlines()) == 2  # one error line + the summary
    assert _facts(out), "the good article is still processed"


@pytest.mark.parametrize("enc", ["big5", "gbk"])
def test_legacy_encodings_decoded(tmp_path, capsys, enc):
    text = "台積電去年營收2.16兆元，年增33.9%。" if enc == "big5" else GOOD
    p = tmp_path / f"a-{enc}.txt"
    p.write_bytes(text.encode(enc))
    out = tmp_path / "out"
    code, err = _run(["extract", str(p), "--out", str(out)], capsys)
    assert code == 0, err
    assert _facts(out)


def test_malformed_jsonl_line(tmp_path, capsys):
    p = tmp_path / "a.jsonl"
    p.write_text(json.dumps({"id": "a1", "text": GOOD}, ensure_ascii=False) + "\n{not json\n"
                 + json.dumps({"id": "a3", "text": GOOD}, ensure_ascii=False) + "\n", encoding="utf-8")
    out = tmp_path / "out"
    code, err = _run(["extract", str(p), "--out", str(out)], capsys)
    assert code != 0 and f"{p}:2" in err
    assert {f["article_id"] for f in _facts(out)} == {"a1", "a3"}


def test_missing_path(tmp_path, capsys, good):
    out = tmp_path / "out"
    code, err = _run(["extract", str(tmp_path / "nope.txt"), str(good), "--out", str(out)], capsys)
    assert code != 0 and "nope.txt" in err and "no such file" in err
    assert _facts(out)


def test_huge_one_line_article(tmp_path, capsys, good):
    big = tmp_path / "big.txt"
    big.write_text("营收" * (5 * 1024 * 1024 // 2 + 10), encoding="utf-8")  # > 10 MB of UTF-8
    out = tmp_path / "out"
    code, err = _run(["extract", str(big), str(good), "--out", str(out)], capsys)
    assert code != 0 and "big.txt" in err and "too large" in err
    assert _facts(out)


def test_no_half_written_output_on_unwritable(tmp_path, capsys, good):
    out = tmp_path / "ro"
    out.mkdir()
    (out / "facts.jsonl").write_text("old\n", encoding="utf-8")
    out.chmod(0o500)
    try:
        code, err = _run(["extract", str(good), "--out", str(out)], capsys)
        if code == 0:  # running as root: permissions do not bind, nothing to check
            pytest.skip("permissions are not enforced for this user")
        assert "not writable" in err or "cannot" in err
        assert (out / "facts.jsonl").read_text(encoding="utf-8") == "old\n"
    finally:
        out.chmod(0o700)


def test_interrupted_run_leaves_previous_output(tmp_path, good, monkeypatch):
    from finextract import cli
    from finextract.pipeline import Pipeline

    out = tmp_path / "out"
    cli.run_extract([str(good)], out)
    before = (out / "facts.jsonl").read_text(encoding="utf-8")

    def boom(self, article):
        raise KeyboardInterrupt

    monkeypatch.setattr(Pipeline, "extract", boom)
    with pytest.raises(KeyboardInterrupt):
        cli.run_extract([str(good)], out)
    assert (out / "facts.jsonl").read_text(encoding="utf-8") == before
    assert not list(out.glob(".*.tmp"))


def test_stdin_and_csv(tmp_path):
    out = tmp_path / "out"
    r = subprocess.run([sys.executable, "-m", "finextract", "extract", "-", "--out", str(out), "--format", "csv"],
                       input=GOOD.encode("utf-8"), capture_output=True)
    assert r.returncode == 0, r.stderr.decode()
    rows = (out / "facts.csv").read_text(encoding="utf-8").splitlines()
    assert rows[0].startswith("id,article_id,entity") and len(rows) >= 2


def test_schemas_do_not_drift():
    from finextract.schemas import schema_texts

    root = Path(__file__).resolve().parents[1] / "schemas"
    for name, text in schema_texts().items():
        assert (root / name).read_text(encoding="utf-8") == text, f"schemas/{name} is stale: run `finextract schemas`"


@pytest.mark.parametrize("filename,content,entry", [
    ("my.yaml", "entities:\n  - {name: 测试公司, type: compnay}\n", "测试公司"),
    # a compound metric naming an unknown metric
    ("mine.yaml", "compounds: {产能利用: [production, utilisation]}\n", "utilisation"),
    # a list of metric ids in another lexicon naming an unknown one
    ("ratios.yaml", "line_ratio_metrics: [gross_margin, roe_ratio]\n", "line_ratio_metrics[5]: 'roe_ratio'"),
])
def test_bad_lexicon_names_file_and_entry(tmp_path, filename, content, entry):
    from finextract.errors import LexiconError
    from finextract.lexicon import Lexicon

    p = tmp_path / filename
    p.write_text(content, encoding="utf-8")
    with pytest.raises(LexiconError) as e:
        Lexicon.load((str(p),))
    assert filename in str(e.value) and entry in str(e.value)


def test_user_lexicon_extends(tmp_path):
    from finextract.pipeline import Pipeline
    from finextract.models import Article

    p = tmp_path / "my.yaml"
    p.write_text("entities:\n  - {name: 星河动力, type: company, aliases: [星河]}\n", encoding="utf-8")
    pipe = Pipeline((str(p),))
    r = pipe.extract(Article(id="t", text="星河2024年营业收入为12亿元。"))
    # the fact names the company as the article does; its entity record links that name to the lexicon's
    assert r.facts and r.facts[0].entity == "星河"
    assert [(e.name, e.canonical) for e in r.entities if e.name == "星河"] == [("星河", "星河动力")]
