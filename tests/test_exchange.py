"""Every export format round-trips through the standard reader of that format."""
import csv
import json
import os
import re

import networkx as nx
import pytest

from conftest import ROOT
from finextract import exchange as x
from finextract.cli import run_ingest
from finextract.graph import build_graph
from finextract.models import Evidence, Fact
from finextract.store import Store


@pytest.fixture(scope="module")
def graph(tmp_path_factory, pipeline):
    db = tmp_path_factory.mktemp("x") / "x.db"
    tricky = tmp_path_factory.mktemp("in") / "tricky.txt"
    # separators and quotes of every format inside names and evidence
    tricky.write_text('"甲;乙"科技股份有限公司（以下简称"甲乙,科技"）2024年营业收入为12.5亿元，\n同比增长8%。\n'
                      "腾讯与阿里巴巴在云计算市场竞争。", encoding="utf-8")
    run_ingest([str(ROOT / "corpus"), str(tricky)], db, pipeline=pipeline, stderr=open(os.devnull, "w"))
    with Store.open(db, pipeline.lexicon) as s:
        g = build_graph(s)
    assert g.number_of_edges() and any(d["facts"] for _, d in g.nodes(data=True))
    return g


def canonical(g: nx.MultiDiGraph):
    nodes = {}
    for n, d in g.nodes(data=True):
        nodes[n] = (d["name"], d["type"], sorted(d.get("aliases") or []), bool(d.get("known")), d.get("parent_id") or None,
                    sorted(d.get("articles") or []),
                    sorted(json.loads(f.model_dump_json()).__repr__() for f in d.get("facts", [])))
    edges = {}
    for u, v, k, d in g.edges(keys=True, data=True):
        edges[(u, v, k)] = (d["type"], d.get("role") or None, bool(d.get("former")), float(d["confidence"]),
                            sorted(d.get("rules") or []), sorted(d.get("articles") or []),
                            sorted(json.dumps(e, ensure_ascii=False, sort_keys=True) for e in d.get("evidence") or []))
    return nodes, edges


@pytest.mark.parametrize("fmt,writer,reader", [
    ("graphml", x.write_graphml, x.read_graphml),
    ("node-link", x.write_node_link, x.read_node_link),
    ("turtle", x.write_turtle, x.read_turtle),
    ("neo4j", x.write_neo4j, x.read_neo4j),
])
def test_graph_round_trip(graph, tmp_path, fmt, writer, reader):
    out = writer(graph, tmp_path / f"graph.{fmt}")
    assert canonical(reader(out)) == canonical(graph)


def test_graph_files_read_by_standard_tools(graph, tmp_path):
    import rdflib

    h = nx.read_graphml(x.write_graphml(graph, tmp_path / "g.graphml"))
    assert h.number_of_nodes() == graph.number_of_nodes()
    r = rdflib.Graph().parse(x.write_turtle(graph, tmp_path / "g.ttl"), format="turtle")
    assert len(set(r.subjects(rdflib.RDF.type, rdflib.URIRef(x.NS + "Fact")))) == \
        sum(len(d["facts"]) for _, d in graph.nodes(data=True))


@pytest.mark.parametrize("fmt", x.FACT_FORMATS)
def test_fact_round_trip(graph, tmp_path, fmt):
    facts = [f for _, d in graph.nodes(data=True) for f in d["facts"]]
    facts.append(Fact(id="f-exact", article_id="a", entity="某公司", entity_type="company", metric="营业收入",
                      value="123456789012345678.91", unit="CNY", evidence=Evidence(start=0, end=3, text='a,"b\nc'),
                      rule="test", confidence=0.5))
    back = x.read_facts(x.write_facts(facts, tmp_path / f"facts.{fmt}", fmt), fmt)
    assert back == facts  # exact decimals, dates, evidence with separators and newlines


def test_parquet_read_by_pyarrow(graph, tmp_path):
    import pyarrow.parquet as pq

    facts = [f for _, d in graph.nodes(data=True) for f in d["facts"]]
    table = pq.read_table(x.write_facts(facts, tmp_path / "f.parquet", "parquet"))
    assert table.num_rows == len(facts)
    assert str(table.schema.field("period_start").type) == "date32[day]"


_NEO4J_TYPES = {"int", "long", "float", "double", "boolean", "byte", "short", "char", "string", "point", "date",
                "localtime", "time", "localdatetime", "datetime", "duration"}


def test_neo4j_headers_follow_import_tool_conventions(graph, tmp_path):
    out = x.write_neo4j(graph, tmp_path / "neo4j")
    ids = {}
    for name in ("entities.csv", "facts.csv", "relations.csv", "has_fact.csv"):
        with (out / name).open(encoding="utf-8", newline="") as fh:
            rows = list(csv.reader(fh))
        header = rows[0]
        assert all(len(r) == len(header) for r in rows)
        for h in header:
            if h.startswith(":"):
                assert re.fullmatch(r":(ID|START_ID|END_ID)(\(\w+\))?|:LABEL|:TYPE", h), h
            elif ":" in h:
                field, kind = h.split(":", 1)
                assert re.fullmatch(r"\w+", field), h
                m = re.fullmatch(r"ID\((\w+)\)|(\w+)(\[\])?", kind)
                assert m and (m.group(1) or m.group(2) in _NEO4J_TYPES), h
        node_file = any(re.search(r":ID\(", h) for h in header)
        rel_file = ":START_ID(Entity)" in header or ":END_ID(Fact)" in header
        assert node_file != rel_file
        if node_file:
            assert ":LABEL" in header
            col = next(i for i, h in enumerate(header) if ":ID(" in h)
            group = re.search(r"ID\((\w+)\)", header[col]).group(1)
            ids[group] = {r[col] for r in rows[1:]}
            assert len(ids[group]) == len(rows) - 1  # ids unique within their group
        else:
            assert ":TYPE" in header and all(re.fullmatch(r"[A-Z_]+", r[header.index(":TYPE")]) for r in rows[1:])
    with (out / "relations.csv").open(encoding="utf-8", newline="") as fh:
        for r in list(csv.reader(fh))[1:]:
            assert r[0] in ids["Entity"] and r[1] in ids["Entity"]
    cypher = (out / "load.cypher").read_text(encoding="utf-8")
    assert all(f"'file:///{n}'" in cypher for n in ("entities.csv", "facts.csv", "relations.csv", "has_fact.csv"))
    assert "neo4j-admin database import full" in (out / "import.sh").read_text(encoding="utf-8")


def test_export_to_unwritable_place_leaves_nothing(graph, tmp_path):
    from finextract.errors import OutputError

    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(OutputError):
        x.write_graphml(graph, blocker / "g.graphml")
    folder = tmp_path / "folder"
    folder.mkdir()
    with pytest.raises(OutputError):
        x.write_facts([], folder, "jsonl")
    assert list(folder.iterdir()) == []
    assert sorted(p.name for p in tmp_path.iterdir()) == ["file", "folder"]  # no temporary file left behind


def test_exports_follow_their_schemas(graph, tmp_path):
    import jsonschema
    import rdflib

    schema = json.loads((ROOT / "schemas" / "graph.node-link.schema.json").read_text(encoding="utf-8"))
    doc = json.loads(x.write_node_link(graph, tmp_path / "g.json").read_text(encoding="utf-8"))
    jsonschema.validate(doc, schema)
    vocab = rdflib.Graph().parse(ROOT / "schemas" / "vocabulary.ttl", format="turtle")
    declared = set(vocab.subjects())
    data = rdflib.Graph().parse(x.write_turtle(graph, tmp_path / "g.ttl"), format="turtle")
    used = {t for t in set(data.predicates()) | set(data.objects(None, rdflib.RDF.type)) if str(t).startswith(x.NS)}
    assert used and used <= declared, used - declared
