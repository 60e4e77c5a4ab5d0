"""The store, entity resolution, the graph and its queries (issue: knowledge graph)."""
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import DEV, ROOT
from finextract import query as q
from finextract.cli import main, run_ingest
from finextract.errors import StoreError, UnknownEntityError
from finextract.graph import build_graph
from finextract.models import Article, ArticleResult, EntityRecord, Evidence, Fact
from finextract.store import Store


def _inputs():
    ins = [str(ROOT / "corpus")]
    if (DEV / "articles.jsonl").exists():
        ins.append(str(DEV / "articles.jsonl"))
    return ins


@pytest.fixture(scope="module")
def kb(tmp_path_factory, pipeline):
    db = tmp_path_factory.mktemp("kb") / "kb.db"
    report, errors = run_ingest(_inputs(), db, pipeline=pipeline, stderr=open(os.devnull, "w"))
    assert not errors and report.added
    return db


@pytest.fixture()
def graph(kb, pipeline):
    with Store.open(kb, pipeline.lexicon) as s:
        return build_graph(s)


def test_aliyun_queries(graph):
    info = q.entity(graph, "阿里雲")  # traditional alias
    assert info.name == "阿里云" and info.type == "business"
    assert info.parent == "阿里巴巴集团"
    assert {"火山引擎", "华为云", "腾讯云"} <= {c.name for c in q.competitors(graph, "阿里云")}
    revenue = q.facts(graph, "Alibaba Cloud", metric={"revenue"}, period="FY2026Q2")
    assert revenue and all(f.period_start.isoformat() == "2025-07-01" for f in revenue)
    assert all(f.article_id == "seed-aliyun" and f.evidence.text for f in revenue)
    assert any(f.metric_id == "revenue" and f.period == "FY2026Q2" for f in info.latest)


def test_aliases_and_tickers_resolve_to_one_entity(kb, pipeline):
    with Store.open(kb, pipeline.lexicon) as s:
        ids = {tuple(s.entity_ids(n)) for n in ("阿里", "阿里巴巴", "阿里巴巴集團", "09988.HK", "9988.hk", "Alibaba")}
        assert len(ids) == 1 and len(next(iter(ids))) == 1
        assert s.entity_ids("阿里云") != s.entity_ids("阿里巴巴")  # a unit stays its own node


def test_path_neighbors_and_unknown_names(graph):
    steps = q.path(graph, "火山引擎", "阿里巴巴集团")
    assert steps[0].source == "火山引擎" and steps[-1].target == "阿里巴巴集团"
    assert "阿里巴巴集团" in {n.name for n in q.neighbors(graph, "阿里云", 1)}
    with pytest.raises(UnknownEntityError) as e:
        q.entity(graph, "阿里运")
    assert "阿里云" in e.value.suggestions


def test_same_ingest_twice_changes_nothing(kb, pipeline):
    with Store.open(kb) as s:
        before = s.counts()
    report, errors = run_ingest(_inputs(), kb, pipeline=pipeline, stderr=open(os.devnull, "w"))
    assert not errors and not report.added and not report.replaced
    with Store.open(kb) as s:
        assert s.counts() == before
        assert s.check() == []


def _write(path: Path, text: str) -> str:
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_changed_article_replaces_its_facts(tmp_path, pipeline):
    db = tmp_path / "s.db"
    art = _write(tmp_path / "a1.txt", "腾讯2023年营业收入为6000亿元，同比增长10%。")
    run_ingest([art], db, pipeline=pipeline, stderr=open(os.devnull, "w"))
    with Store.open(db) as s:
        old = [f.value for _, f in s.iter_facts()]
    _write(tmp_path / "a1.txt", "腾讯2023年营业收入为6100亿元，同比增长11%。")
    report, _ = run_ingest([art], db, pipeline=pipeline, stderr=open(os.devnull, "w"))
    assert report.replaced == ["a1"]
    with Store.open(db) as s:
        new = [f.value for _, f in s.iter_facts()]
        assert s.counts()["articles"] == 1 and s.check() == []
    assert old and new and set(old).isdisjoint(new)


def test_article_names_resolve_to_the_lexicon_entity(tmp_path, pipeline):
    # one article says 鸿海集团, another 鸿海: the store holds one entity, the lexicon's
    db = tmp_path / "s.db"
    a1 = _write(tmp_path / "a1.txt", "鸿海集团2023年营业收入为6000亿元。")
    a2 = _write(tmp_path / "a2.txt", "鸿海2024年营业收入为6500亿元。")
    run_ingest([a1, a2], db, pipeline=pipeline, stderr=open(os.devnull, "w"))
    with Store.open(db) as s:
        ids = {f.entity: eid for eid, f in s.iter_facts()}
        assert set(ids) == {"鸿海集团", "鸿海"} and len(set(ids.values())) == 1
        assert s.entity_ids("鸿海集团") == s.entity_ids("鸿海") == [ids["鸿海"]]


def test_conflicting_reports_are_kept_and_flagged(tmp_path, pipeline):
    db = tmp_path / "c.db"
    a = _write(tmp_path / "a.txt", "腾讯2023年营业收入为6000亿元。")
    b = _write(tmp_path / "b.txt", "腾讯控股2023年营收为6200亿元。")
    run_ingest([a, b], db, pipeline=pipeline, stderr=open(os.devnull, "w"))
    with Store.open(db, pipeline.lexicon) as s:
        cs = q.conflicts(build_graph(s))
    assert len(cs) == 1 and cs[0].entity == "腾讯" and cs[0].period == "2023"
    assert {f.article_id for f in cs[0].facts} == {"a", "b"}


def _fact(aid: str, entity: str, value: str) -> Fact:
    return Fact(id=f"{aid}-{entity}", article_id=aid, entity=entity, entity_type="company", metric="营业收入",
                metric_id="revenue", value=value, unit="CNY", period="2024",
                evidence=Evidence(start=0, end=2, text="..."), rule="test", confidence=0.9)


def _result(aid: str, records: list[tuple[str, list[str], str | None, str]], facts=()) -> tuple:
    ents = [EntityRecord(article_id=aid, name=n, aliases=al, parent=p, type=t) for n, al, p, t in records]
    return Article(id=aid, text=aid), ArticleResult(article_id=aid, locale="CN", facts=list(facts), entities=ents)


def test_entities_first_seen_are_merged_when_shown_the_same(tmp_path):
    with Store.open(tmp_path / "m.db") as s:
        s.write([_result("a", [("星河动力", ["星河动力"], None, "company")], [_fact("a", "星河动力", "1")])])
        s.write([_result("b", [("星河动力股份有限公司", ["星河动力股份有限公司"], None, "company")],
                         [_fact("b", "星河动力股份有限公司", "2")])])
        first, second = s.entity_ids("星河动力")[0], s.entity_ids("星河动力股份有限公司")[0]
        assert first != second
        # a third article shows the two names are one company (简称)
        s.write([_result("c", [("星河动力股份有限公司", ["星河动力股份有限公司", "星河动力"], None, "company")])])
        assert s.entity_ids("星河动力股份有限公司") == s.entity_ids("星河动力") == [first]
        assert s.entity_ids(second) == [first]  # the old id keeps resolving
        assert {eid for eid, _ in s.iter_facts()} == {first}
        assert s.check() == []


def test_unknown_units_are_scoped_by_parent(tmp_path):
    with Store.open(tmp_path / "u.db") as s:
        s.write([_result("a", [("甲公司", ["甲公司"], None, "company"), ("云服务业务", ["云服务业务"], "甲公司", "business")])])
        s.write([_result("b", [("乙公司", ["乙公司"], None, "company"), ("云服务业务", ["云服务业务"], "乙公司", "business")])])
        assert len(s.entity_ids("云服务业务")) == 2
        g = build_graph(s)
    parents = sorted(d["parent"] for _, d in g.nodes(data=True) if d["name"] == "云服务业务")
    assert parents == ["乙公司", "甲公司"]


def test_killed_ingest_leaves_database_consistent(tmp_path):
    seed = (ROOT / "corpus" / "seed-aliyun.txt").read_text(encoding="utf-8")
    src = tmp_path / "many.jsonl"
    with src.open("w", encoding="utf-8") as fh:
        for i in range(200):
            fh.write(json.dumps({"id": f"art{i:04d}", "text": seed.replace("34%", f"{i % 90 + 1}%")},
                                ensure_ascii=False) + "\n")
    db = tmp_path / "k.db"
    proc = subprocess.Popen([sys.executable, "-m", "finextract", "ingest", str(src), "--db", str(db),
                             "--batch-size", "3"], stderr=subprocess.DEVNULL)
    seen = 0
    deadline = time.time() + 120
    try:
        while time.time() < deadline and proc.poll() is None:  # a concurrent reader while the writer works
            if db.exists():
                try:
                    with sqlite3.connect(db, timeout=5) as c:
                        seen = c.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
                except sqlite3.OperationalError:
                    seen = 0  # schema not created yet
                if seen >= 6:
                    break
            time.sleep(0.05)
        assert proc.poll() is None, "ingest finished before it could be killed"
        proc.send_signal(signal.SIGKILL)
    finally:
        proc.wait()
    with Store.open(db) as s:
        assert s.check() == []
        n = s.counts()["articles"]
        assert 6 <= n < 200 and n % 3 == 0  # whole batches only
    # the next run completes the job
    r = subprocess.run([sys.executable, "-m", "finextract", "ingest", str(src), "--db", str(db)],
                       capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    with Store.open(db) as s:
        assert s.counts()["articles"] == 200 and s.check() == []


def test_query_cli_and_bad_input(kb, tmp_path, capsys):
    assert main(["query", "entity", "阿里雲", "--db", str(kb), "--json"]) == 0
    info = json.loads(capsys.readouterr().out)
    assert info["parent"] == "阿里巴巴集团"
    assert main(["query", "facts", "--entity", "阿里云", "--metric", "營收", "--period", "FY2026Q2", "--db", str(kb)]) == 0
    assert "FY2026Q2" in capsys.readouterr().out
    assert main(["query", "entity", "阿里运", "--db", str(kb)]) == 2
    assert "did you mean" in capsys.readouterr().err
    bad = tmp_path / "corrupt.db"
    bad.write_bytes(b"this is not a database" * 100)
    assert main(["query", "conflicts", "--db", str(bad)]) == 2
    assert str(bad) in capsys.readouterr().err
    assert main(["query", "conflicts", "--db", str(tmp_path / "missing.db")]) == 2
    assert "no such database" in capsys.readouterr().err
    with pytest.raises(SystemExit) as e:
        main(["export", "--format", "xlsx", "--out", str(tmp_path / "x"), "--db", str(kb)])
    assert e.value.code != 0
    blocker = tmp_path / "file"
    blocker.write_text("x")
    assert main(["export", "--format", "graphml", "--out", str(blocker / "g.graphml"), "--db", str(kb)]) == 2
    assert "cannot write" in capsys.readouterr().err


def test_not_a_finextract_database(tmp_path):
    other = tmp_path / "other.db"
    with sqlite3.connect(other) as c:
        c.execute("CREATE TABLE t (x)")
    with pytest.raises(StoreError, match="not a finextract database"):
        Store.open(other)


def test_evidence_limit_keeps_every_source_of_a_symmetric_edge(tmp_path):
    from finextract.models import Relation
    from finextract.store import entity_id

    # head and tail in the order that the graph reverses for symmetric types
    a, b = sorted(["甲公司", "乙公司"], key=entity_id, reverse=True)
    batch = []
    for i in range(3):
        aid = f"a{i}"
        rel = Relation(id=f"r{i}", article_id=aid, head=a, type="competes_with", tail=b,
                       evidence=Evidence(start=0, end=1, text="x"), rule="test", confidence=0.5)
        batch.append(_result(aid, [(a, [a], None, "company"), (b, [b], None, "company")]))
        batch[-1][1].relations.append(rel)
    with Store.open(tmp_path / "e.db") as s:
        s.write(batch)
        g = build_graph(s, evidence=1)
    [(_, _, data)] = list(g.edges(data=True))
    assert data["articles"] == ["a0", "a1", "a2"] and len(data["evidence"]) == 1


def test_grouped_relations_build_the_same_neighbourhood_as_statement_by_statement(kb, pipeline):
    from finextract.graph import _add_statement
    import networkx as nx

    with Store.open(kb, pipeline.lexicon) as s:
        n = q.lookup(s, "阿里巴巴集团")
        ids = s.neighbourhood([n], 1)
        grouped = build_graph(s, [n], 1, facts_of=[], evidence=2)
        one_by_one = nx.MultiDiGraph()
        one_by_one.add_nodes_from(grouped.nodes)
        for head, tail, rtype, role, former, aid, rel in s.iter_relations(ids, 2):
            if head == tail or head not in grouped or tail not in grouped:
                continue
            if rel is None:
                _add_statement(one_by_one, head, rtype, tail, role, former, None, None, None, article_ids=[aid])
            else:
                _add_statement(one_by_one, head, rel.type, tail, rel.role, rel.former, rel, rel.rule, rel.confidence)
    # (build_graph adds the parent links of the entity table too: rules lexicon / parent, left out here)
    got = {(a, b, k): (d["articles"], d["evidence"], [r for r in d["rules"] if r not in ("lexicon", "parent")],
                       d["former"]) for a, b, k, d in grouped.edges(keys=True, data=True) if d["evidence"]}
    want = {(a, b, k): (list(dict.fromkeys(d["articles"])), d["evidence"], d["rules"], d["former"])
            for a, b, k, d in one_by_one.edges(keys=True, data=True)}
    assert got and got == want
