"""Exports of the store for other systems, each with its reader (symmetric pairs, round-trip tested).

Facts: JSONL (the interchange records), CSV, Parquet (pyarrow).
Graph: GraphML and node-link JSON (networkx), RDF Turtle (rdflib), Neo4j bulk-import CSVs
(``neo4j-admin database import full`` header conventions) plus a Cypher script that loads the same files.

Every writer writes to a temporary name and renames into place only when complete.
Graph node attributes that are lists (aliases, articles) or structured (facts, evidence) are
written as JSON text where the format only holds scalars (GraphML), and read back into lists.
"""
from __future__ import annotations

import csv
import datetime as dt
import json
import os
import shutil
import tempfile
from contextlib import contextmanager
from decimal import Decimal
from pathlib import Path
from typing import Iterable, Iterator

import networkx as nx

from .errors import OutputError
from .export import FACT_FIELDS, _csv_cell, dumps_record
from .models import Fact

FACT_FORMATS = ("jsonl", "csv", "parquet")
GRAPH_FORMATS = ("graphml", "node-link", "turtle", "neo4j")
FORMATS = FACT_FORMATS + GRAPH_FORMATS

NS = "https://finextract.dev/ns#"
ENTITY_NS = "https://finextract.dev/entity/"
FACT_NS = "https://finextract.dev/fact/"
ARTICLE_NS = "https://finextract.dev/article/"
RELATION_NS = "https://finextract.dev/relation/"

_LIST_NODE_ATTRS = ("aliases", "articles")
_LIST_EDGE_ATTRS = ("rules", "articles", "evidence")


@contextmanager
def _atomic_path(path: Path, is_dir: bool = False) -> Iterator[Path]:
    """A temporary file (or folder) beside ``path``, renamed onto it when the block completes."""
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        if is_dir:
            tmp = Path(tempfile.mkdtemp(prefix=f".{path.name}.", dir=path.parent))
        else:
            fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
            os.close(fd)
            tmp = Path(name)
    except OSError as e:
        raise OutputError(f"{path}: cannot write: {e.strerror}") from e
    try:
        yield tmp
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, (0o777 if is_dir else 0o666) & ~umask)
        if is_dir:
            if path.exists():
                if not path.is_dir():
                    raise OutputError(f"{path}: exists and is not a folder")
                shutil.rmtree(path)
            os.replace(tmp, path)
        else:
            if path.is_dir():
                raise OutputError(f"{path}: is a folder; give a file name")
            os.replace(tmp, path)
    except BaseException:
        if tmp.is_dir():
            shutil.rmtree(tmp, ignore_errors=True)
        elif tmp.exists():
            tmp.unlink()
        raise


# -- facts ---------------------------------------------------------------------------------------
def write_facts(facts: Iterable[Fact], path: Path, fmt: str) -> Path:
    """Facts as JSONL, CSV or Parquet (values exact: Decimal text in CSV and Parquet)."""
    path = Path(path)
    with _atomic_path(path) as tmp:
        if fmt == "jsonl":
            with tmp.open("w", encoding="utf-8") as fh:
                for f in facts:
                    fh.write(dumps_record(f) + "\n")
        elif fmt == "csv":
            with tmp.open("w", encoding="utf-8", newline="") as fh:
                w = csv.DictWriter(fh, fieldnames=FACT_FIELDS)
                w.writeheader()
                for f in facts:
                    w.writerow({k: _csv_cell(v) for k, v in f.model_dump(mode="json").items()})
        elif fmt == "parquet":
            import pyarrow as pa
            import pyarrow.parquet as pq

            rows = [_parquet_row(f) for f in facts]
            pq.write_table(pa.Table.from_pylist(rows, schema=_parquet_schema()), tmp)
        else:
            raise OutputError(f"unknown facts format {fmt!r}; choose one of {', '.join(FACT_FORMATS)}")
    return path


def read_facts(path: Path, fmt: str) -> list[Fact]:
    """Facts back from a file :func:`write_facts` wrote (the standard reader of each format)."""
    path = Path(path)
    if fmt == "jsonl":
        with path.open(encoding="utf-8") as fh:
            return [Fact.model_validate(json.loads(line, parse_float=Decimal)) for line in fh if line.strip()]
    if fmt == "csv":
        with path.open(encoding="utf-8", newline="") as fh:
            out = []
            for row in csv.DictReader(fh):
                rec = {k: (None if v == "" else v) for k, v in row.items()}
                rec["evidence"] = json.loads(rec["evidence"])
                rec["forecast"] = rec["forecast"] == "true"
                out.append(Fact.model_validate(rec))
            return out
    if fmt == "parquet":
        import pyarrow.parquet as pq

        out = []
        for row in pq.read_table(path).to_pylist():
            row["evidence"] = {"text": row.pop("evidence_text"), "start": row.pop("evidence_start"),
                               "end": row.pop("evidence_end")}
            out.append(Fact.model_validate(row))
        return out
    raise OutputError(f"unknown facts format {fmt!r}; choose one of {', '.join(FACT_FORMATS)}")


def _parquet_schema():
    import pyarrow as pa

    dec = pa.string()  # exact decimal text; a float column would round money
    fields = [("id", pa.string()), ("article_id", pa.string()), ("entity", pa.string()), ("entity_type", pa.string()),
              ("metric", pa.string()), ("metric_id", pa.string()), ("metric_text", pa.string()), ("value", dec),
              ("value_max", dec), ("unit", pa.string()), ("qualifier", pa.string()), ("value_text", pa.string()),
              ("period", pa.string()), ("period_start", pa.date32()), ("period_end", pa.date32()),
              ("change_pct", dec), ("change_abs", dec), ("change_pp", dec), ("change_basis", pa.string()),
              ("forecast", pa.bool_()), ("evidence_text", pa.string()), ("evidence_start", pa.int64()),
              ("evidence_end", pa.int64()), ("rule", pa.string()), ("confidence", pa.float64())]
    return pa.schema(fields)


def _parquet_row(f: Fact) -> dict:
    d = f.model_dump()
    for k in ("value", "value_max", "change_pct", "change_abs", "change_pp"):
        d[k] = str(d[k]) if d[k] is not None else None
    ev = d.pop("evidence")
    d.update(evidence_text=ev["text"], evidence_start=ev["start"], evidence_end=ev["end"])
    return d


# -- graph: plain data ---------------------------------------------------------------------------
def _node_data(d: dict) -> dict:
    out = {k: v for k, v in d.items() if k != "facts"}
    out["facts"] = [json.loads(f.model_dump_json()) for f in d.get("facts", [])]
    return out


def _node_from_data(d: dict) -> dict:
    out = dict(d)
    out["facts"] = [Fact.model_validate(f) for f in d.get("facts", [])]
    return out


def write_node_link(g: nx.MultiDiGraph, path: Path) -> Path:
    h = nx.MultiDiGraph(**g.graph)
    for n, d in g.nodes(data=True):
        h.add_node(n, **_node_data(d))
    h.add_edges_from(g.edges(keys=True, data=True))
    data = nx.node_link_data(h, edges="edges")
    with _atomic_path(Path(path)) as tmp:
        tmp.write_text(json.dumps(data, ensure_ascii=False, indent=1, default=str), encoding="utf-8")
    return Path(path)


def read_node_link(path: Path) -> nx.MultiDiGraph:
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    h = nx.node_link_graph(data, directed=True, multigraph=True, edges="edges")
    g = nx.MultiDiGraph(**h.graph)
    for n, d in h.nodes(data=True):
        g.add_node(n, **_node_from_data(d))
    g.add_edges_from(h.edges(keys=True, data=True))
    return g


def write_graphml(g: nx.MultiDiGraph, path: Path) -> Path:
    """GraphML holds scalars only: lists and facts become JSON text (``facts`` per node)."""
    h = nx.MultiDiGraph(name=g.graph.get("name", "finextract"))
    for n, d in g.nodes(data=True):
        h.add_node(n, **{k: _scalar(v) for k, v in _node_data(d).items()})
    for u, v, k, d in g.edges(keys=True, data=True):
        h.add_edge(u, v, key=k, **{a: _scalar(x) for a, x in d.items()})
    with _atomic_path(Path(path)) as tmp:
        nx.write_graphml(h, tmp, encoding="utf-8")
    return Path(path)


def read_graphml(path: Path) -> nx.MultiDiGraph:
    h = nx.read_graphml(path, force_multigraph=True)
    g = nx.MultiDiGraph(**h.graph)
    for n, d in h.nodes(data=True):
        nd = {k: _unscalar(k, v, _LIST_NODE_ATTRS + ("facts",)) for k, v in d.items()}
        g.add_node(n, **_node_from_data(nd))
    for u, v, k, d in h.edges(keys=True, data=True):
        g.add_edge(u, v, key=k, **{a: _unscalar(a, x, _LIST_EDGE_ATTRS) for a, x in d.items()})
    return g


def _scalar(value):
    """A GraphML attribute value: lists and records as JSON text, None as "" (read back by _unscalar)."""
    if isinstance(value, (list, dict)):
        return json.dumps(value, ensure_ascii=False)
    return "" if value is None else value


def _unscalar(name: str, value, lists: tuple[str, ...]):
    if name in lists:
        return json.loads(value) if isinstance(value, str) and value else []
    if value == "":
        return None
    return value


# -- graph: RDF ----------------------------------------------------------------------------------
_RDF_TYPES = {"company": "Company", "business": "BusinessUnit", "product": "Product", "person": "Person",
              "market": "Market", "organization": "Organization"}
_REL_PROPS = {"subsidiary_of": "subsidiaryOf", "product_of": "productOf", "competes_with": "competesWith",
              "supplier_of": "supplierOf", "invests_in": "investsIn", "acquires": "acquires",
              "partners_with": "partnersWith", "role": "hasRoleAt"}


def vocabulary():
    """The RDF vocabulary (RDFS classes and properties) the Turtle export uses."""
    from rdflib import Graph, Literal, Namespace
    from rdflib.namespace import OWL, RDF, RDFS

    fx = Namespace(NS)
    v = Graph()
    v.bind("fx", fx)
    v.add((fx[""], RDF.type, OWL.Ontology))
    v.add((fx.Entity, RDF.type, RDFS.Class))
    for cls in _RDF_TYPES.values():
        v.add((fx[cls], RDF.type, RDFS.Class))
        v.add((fx[cls], RDFS.subClassOf, fx.Entity))
    for cls in ("Fact", "Relation", "Article"):
        v.add((fx[cls], RDF.type, RDFS.Class))
    for rtype, prop in _REL_PROPS.items():
        v.add((fx[prop], RDF.type, OWL.ObjectProperty))
        v.add((fx[prop], RDFS.label, Literal(rtype)))
    for prop, doc in (("metric", "canonical metric name"), ("metricId", "English metric id"),
                      ("value", "value in base units (xsd:decimal)"), ("unit", "ISO 4217 code, %, pp or counter word"),
                      ("period", "canonical period label"), ("periodStart", "xsd:date"), ("periodEnd", "xsd:date"),
                      ("changePct", "signed percent change"), ("changeBasis", "yoy, qoq or mom"),
                      ("forecast", "guidance, target or estimate"), ("evidenceText", "span of the original article"),
                      ("evidenceStart", "start offset"), ("evidenceEnd", "end offset"), ("rule", "rule id"),
                      ("role", "title of a role relation"), ("former", "a former role"), ("record", "full JSON record"),
                      ("known", "entity from the lexicon"), ("entityType", "company, business, product ...")):
        v.add((fx[prop], RDF.type, OWL.DatatypeProperty))
        v.add((fx[prop], RDFS.comment, Literal(doc)))
    for prop in ("subject", "article", "head", "tail", "parent"):
        v.add((fx[prop], RDF.type, OWL.ObjectProperty))
    return v


def to_rdf(g: nx.MultiDiGraph):
    from rdflib import Graph, Literal, Namespace, URIRef
    from rdflib.namespace import RDF, RDFS, SKOS, XSD

    fx = Namespace(NS)
    r = Graph()
    r.bind("fx", fx)
    r.bind("skos", SKOS)
    ent = lambda n: URIRef(ENTITY_NS + n)  # noqa: E731
    for n, d in g.nodes(data=True):
        s = ent(n)
        r.add((s, RDF.type, fx[_RDF_TYPES.get(d.get("type"), "Entity")]))
        r.add((s, RDFS.label, Literal(d.get("name", n), lang="zh")))
        r.add((s, fx.entityType, Literal(d.get("type"))))
        r.add((s, fx.known, Literal(bool(d.get("known")))))
        for a in d.get("aliases", []):
            r.add((s, SKOS.altLabel, Literal(a)))
        if d.get("parent_id") and d["parent_id"] in g:
            r.add((s, fx.parent, ent(d["parent_id"])))
        for a in d.get("articles", []):
            r.add((s, fx.article, URIRef(ARTICLE_NS + a)))
        for f in d.get("facts", []):
            fs = URIRef(FACT_NS + f.id)
            r.add((fs, RDF.type, fx.Fact))
            r.add((fs, fx.subject, s))
            r.add((fs, fx.article, URIRef(ARTICLE_NS + f.article_id)))
            r.add((fs, fx.metric, Literal(f.metric, lang="zh")))
            if f.metric_id:
                r.add((fs, fx.metricId, Literal(f.metric_id)))
            if f.value is not None:
                r.add((fs, fx.value, Literal(f.value, datatype=XSD.decimal)))
            if f.unit:
                r.add((fs, fx.unit, Literal(f.unit)))
            if f.period:
                r.add((fs, fx.period, Literal(f.period)))
            if f.period_start:
                r.add((fs, fx.periodStart, Literal(f.period_start, datatype=XSD.date)))
            if f.period_end:
                r.add((fs, fx.periodEnd, Literal(f.period_end, datatype=XSD.date)))
            if f.change_pct is not None:
                r.add((fs, fx.changePct, Literal(f.change_pct, datatype=XSD.decimal)))
            r.add((fs, fx.evidenceText, Literal(f.evidence.text)))
            r.add((fs, fx.rule, Literal(f.rule)))
            r.add((fs, fx.record, Literal(f.model_dump_json())))
    for u, v, k, d in g.edges(keys=True, data=True):
        r.add((ent(u), fx[_REL_PROPS[d["type"]]], ent(v)))
        rs = URIRef(RELATION_NS + k)
        r.add((rs, RDF.type, fx.Relation))
        r.add((rs, fx.head, ent(u)))
        r.add((rs, fx.tail, ent(v)))
        r.add((rs, RDFS.label, Literal(d["type"])))
        r.add((rs, fx.record, Literal(json.dumps(d, ensure_ascii=False))))
        if d.get("role"):
            r.add((rs, fx.role, Literal(d["role"])))
        for ev in d.get("evidence", []):
            r.add((rs, fx.evidenceText, Literal(ev["text"])))
        for a in d.get("articles", []):
            r.add((rs, fx.article, URIRef(ARTICLE_NS + a)))
    return r


def write_turtle(g: nx.MultiDiGraph, path: Path) -> Path:
    with _atomic_path(Path(path)) as tmp:
        to_rdf(g).serialize(destination=str(tmp), format="turtle", encoding="utf-8")
    return Path(path)


def read_turtle(path: Path) -> nx.MultiDiGraph:
    """The graph back from Turtle (parsed by rdflib)."""
    from rdflib import Graph, Namespace, URIRef
    from rdflib.namespace import RDF, RDFS, SKOS

    fx = Namespace(NS)
    r = Graph()
    r.parse(str(path), format="turtle")
    g = nx.MultiDiGraph(name="finextract")
    local = lambda u, ns: str(u)[len(ns):]  # noqa: E731
    for s in set(r.subjects(fx.entityType, None)):
        n = local(s, ENTITY_NS)
        parent = r.value(s, fx.parent)
        g.add_node(n, name=str(r.value(s, RDFS.label)), type=str(r.value(s, fx.entityType)),
                   aliases=sorted(str(a) for a in r.objects(s, SKOS.altLabel)),
                   known=bool(r.value(s, fx.known).toPython()),
                   parent_id=local(parent, ENTITY_NS) if parent is not None else None,
                   articles=sorted(local(a, ARTICLE_NS) for a in r.objects(s, fx.article)), facts=[])
    for fs in r.subjects(RDF.type, fx.Fact):
        n = local(r.value(fs, fx.subject), ENTITY_NS)
        g.nodes[n]["facts"].append(Fact.model_validate_json(str(r.value(fs, fx.record))))
    for rs in r.subjects(RDF.type, fx.Relation):
        u = local(r.value(rs, fx.head), ENTITY_NS)
        v = local(r.value(rs, fx.tail), ENTITY_NS)
        g.add_edge(u, v, key=local(rs, RELATION_NS), **json.loads(str(r.value(rs, fx.record))))
    return g


# -- graph: Neo4j --------------------------------------------------------------------------------
NEO4J_LABELS = {"company": "Company", "business": "BusinessUnit", "product": "Product", "person": "Person",
                "market": "Market", "organization": "Organization"}
NEO4J_FILES = {
    "entities.csv": ["entityId:ID(Entity)", "name", "type", "aliases:string[]", "known:boolean", "parentId",
                     "fiscalYearEnd", "articles:string[]", ":LABEL"],
    "facts.csv": ["factId:ID(Fact)", "articleId", "entity", "entityType", "metric", "metricId", "metricText", "value", "valueNumber:double",
                  "valueMax", "unit", "qualifier", "valueText", "period", "periodStart:date", "periodEnd:date",
                  "changePct:double", "changeAbs", "changePp:double", "changeBasis", "forecast:boolean",
                  "evidenceText", "evidenceStart:int", "evidenceEnd:int", "rule", "confidence:double", ":LABEL"],
    "relations.csv": [":START_ID(Entity)", ":END_ID(Entity)", ":TYPE", "relationId", "role", "former:boolean",
                      "confidence:double", "rules:string[]", "articles:string[]", "evidence"],
    "has_fact.csv": [":START_ID(Entity)", ":END_ID(Fact)", ":TYPE"],
}
_ARRAY_DELIM = ";"


def _arr(items: Iterable[str]) -> str:
    return _ARRAY_DELIM.join(s.replace(_ARRAY_DELIM, ",") for s in items)


def _num(x) -> str:
    return "" if x is None else str(x)


def write_neo4j(g: nx.MultiDiGraph, out_dir: Path) -> Path:
    """Bulk-import CSVs for ``neo4j-admin database import full`` plus ``import.sh`` and ``load.cypher``."""
    out_dir = Path(out_dir)
    with _atomic_path(out_dir, is_dir=True) as tmp:
        writers = {}
        handles = []
        for name, header in NEO4J_FILES.items():
            fh = (tmp / name).open("w", encoding="utf-8", newline="")
            handles.append(fh)
            w = csv.writer(fh)
            w.writerow(header)
            writers[name] = w
        try:
            for n, d in g.nodes(data=True):
                writers["entities.csv"].writerow([
                    n, d.get("name", n), d.get("type", ""), _arr(d.get("aliases", [])),
                    "true" if d.get("known") else "false", d.get("parent_id") or "", d.get("fiscal_year_end") or "",
                    _arr(d.get("articles", [])), f"Entity;{NEO4J_LABELS.get(d.get('type'), 'Entity')}"])
                for f in d.get("facts", []):
                    writers["facts.csv"].writerow([
                        f.id, f.article_id, f.entity, f.entity_type, f.metric, f.metric_id or "", f.metric_text or "", _num(f.value),
                        _num(f.value), _num(f.value_max), f.unit or "", f.qualifier or "", f.value_text or "",
                        f.period or "", _num(f.period_start), _num(f.period_end), _num(f.change_pct),
                        _num(f.change_abs), _num(f.change_pp), f.change_basis or "",
                        "true" if f.forecast else "false", f.evidence.text, f.evidence.start, f.evidence.end, f.rule,
                        f.confidence, "Fact"])
                    writers["has_fact.csv"].writerow([n, f.id, "HAS_FACT"])
            for u, v, k, d in g.edges(keys=True, data=True):
                writers["relations.csv"].writerow([
                    u, v, d["type"].upper(), k, d.get("role") or "", "true" if d.get("former") else "false",
                    d.get("confidence", 1.0), _arr(d.get("rules", [])), _arr(d.get("articles", [])),
                    json.dumps(d.get("evidence", []), ensure_ascii=False)])
        finally:
            for fh in handles:
                fh.close()
        (tmp / "import.sh").write_text(_IMPORT_SH, encoding="utf-8")
        (tmp / "load.cypher").write_text(_LOAD_CYPHER, encoding="utf-8")
    return out_dir


def read_neo4j(out_dir: Path) -> nx.MultiDiGraph:
    """The graph back from the import CSVs, read by their typed headers (name:type, :ID, :START_ID ...)."""
    out_dir = Path(out_dir)

    def rows(name):
        with (out_dir / name).open(encoding="utf-8", newline="") as fh:
            reader = csv.reader(fh)
            header = next(reader)
            for row in reader:
                yield {_field(h): _typed(h, v) for h, v in zip(header, row)}

    g = nx.MultiDiGraph(name="finextract")
    for r in rows("entities.csv"):
        g.add_node(r["entityId"], name=r["name"], type=r["type"], aliases=r["aliases"], known=r["known"],
                   parent_id=r["parentId"], fiscal_year_end=r["fiscalYearEnd"], articles=r["articles"], facts=[])
    facts = {}
    for r in rows("facts.csv"):
        facts[r["factId"]] = Fact(
            id=r["factId"], article_id=r["articleId"], entity=r["entity"], entity_type=r["entityType"],
            metric=r["metric"],
            metric_id=r["metricId"], metric_text=r["metricText"],
            value=Decimal(r["value"]) if r["value"] else None,
            value_max=Decimal(r["valueMax"]) if r["valueMax"] else None, unit=r["unit"], qualifier=r["qualifier"],
            value_text=r["valueText"], period=r["period"], period_start=r["periodStart"], period_end=r["periodEnd"],
            change_pct=r["changePct"], change_abs=Decimal(r["changeAbs"]) if r["changeAbs"] else None,
            change_pp=r["changePp"], change_basis=r["changeBasis"], forecast=r["forecast"],
            evidence={"text": r["evidenceText"], "start": r["evidenceStart"], "end": r["evidenceEnd"]},
            rule=r["rule"], confidence=r["confidence"])
    for r in rows("has_fact.csv"):
        g.nodes[r[":START_ID"]]["facts"].append(facts[r[":END_ID"]])
    for r in rows("relations.csv"):
        g.add_edge(r[":START_ID"], r[":END_ID"], key=r["relationId"], type=r[":TYPE"].lower(), role=r["role"],
                   former=r["former"], confidence=r["confidence"], rules=r["rules"], articles=r["articles"],
                   evidence=json.loads(r["evidence"]) if r["evidence"] else [])
    return g


def _field(header: str) -> str:
    if header.startswith(":"):
        return header.split("(")[0]
    return header.split(":")[0]


def _typed(header: str, value: str):
    kind = header.split(":", 1)[1].split("(")[0] if ":" in header and not header.startswith(":") else ""
    if value == "" and kind != "string[]":
        return None
    if kind == "string[]":
        return value.split(_ARRAY_DELIM) if value else []
    if kind == "boolean":
        return value == "true"
    if kind == "int":
        return int(value)
    if kind == "double":
        return Decimal(value) if header.startswith(("change", "value")) else float(value)
    if kind == "date":
        return dt.date.fromisoformat(value)
    return value


_IMPORT_SH = """#!/bin/sh
# Load this folder into a new Neo4j database with the bulk importer (Neo4j 5):
#   sh import.sh [DATABASE]     (run where neo4j-admin is on PATH; the database must not exist yet)
set -e
cd "$(dirname "$0")"
neo4j-admin database import full "${1:-neo4j}" \\
  --nodes=entities.csv --nodes=facts.csv \\
  --relationships=relations.csv --relationships=has_fact.csv \\
  --array-delimiter=";" --multiline-fields=true
"""

_LOAD_CYPHER = """// Load the same CSVs into a running Neo4j with Cypher (copy them into the server's import folder first):
//   cypher-shell -f load.cypher        (Neo4j 5.26 or later: dynamic labels and relationship types)
CREATE CONSTRAINT entity_id IF NOT EXISTS FOR (e:Entity) REQUIRE e.entityId IS UNIQUE;
CREATE CONSTRAINT fact_id IF NOT EXISTS FOR (f:Fact) REQUIRE f.factId IS UNIQUE;

LOAD CSV WITH HEADERS FROM 'file:///entities.csv' AS row
MERGE (e:Entity {entityId: row.`entityId:ID(Entity)`})
SET e.name = row.name, e.type = row.type, e.known = row.`known:boolean` = 'true',
    e.aliases = CASE row.`aliases:string[]` WHEN '' THEN [] ELSE split(row.`aliases:string[]`, ';') END,
    e.parentId = row.parentId, e.fiscalYearEnd = row.fiscalYearEnd,
    e.articles = CASE row.`articles:string[]` WHEN '' THEN [] ELSE split(row.`articles:string[]`, ';') END
SET e:$(split(row.`:LABEL`, ';'));

LOAD CSV WITH HEADERS FROM 'file:///facts.csv' AS row
MERGE (f:Fact {factId: row.`factId:ID(Fact)`})
SET f.articleId = row.articleId, f.metric = row.metric, f.metricId = row.metricId, f.metricText = row.metricText,
    f.value = row.value, f.valueNumber = toFloat(row.`valueNumber:double`), f.valueMax = row.valueMax,
    f.unit = row.unit, f.qualifier = row.qualifier, f.valueText = row.valueText, f.period = row.period,
    f.periodStart = date(nullif(row.`periodStart:date`, '')), f.periodEnd = date(nullif(row.`periodEnd:date`, '')),
    f.changePct = toFloat(row.`changePct:double`), f.changeAbs = row.changeAbs,
    f.changePp = toFloat(row.`changePp:double`), f.changeBasis = row.changeBasis,
    f.forecast = row.`forecast:boolean` = 'true', f.evidenceText = row.evidenceText,
    f.evidenceStart = toInteger(row.`evidenceStart:int`), f.evidenceEnd = toInteger(row.`evidenceEnd:int`),
    f.rule = row.rule, f.confidence = toFloat(row.`confidence:double`);

LOAD CSV WITH HEADERS FROM 'file:///has_fact.csv' AS row
MATCH (e:Entity {entityId: row.`:START_ID(Entity)`}), (f:Fact {factId: row.`:END_ID(Fact)`})
MERGE (e)-[:HAS_FACT]->(f);

LOAD CSV WITH HEADERS FROM 'file:///relations.csv' AS row
MATCH (a:Entity {entityId: row.`:START_ID(Entity)`}), (b:Entity {entityId: row.`:END_ID(Entity)`})
MERGE (a)-[r:$(row.`:TYPE`) {relationId: row.relationId}]->(b)
SET r.role = row.role, r.former = row.`former:boolean` = 'true', r.confidence = toFloat(row.`confidence:double`),
    r.rules = split(row.`rules:string[]`, ';'), r.articles = split(row.`articles:string[]`, ';'),
    r.evidence = row.evidence;
"""


def export(g_or_facts, fmt: str, out: Path) -> Path:
    """Write a graph (graph formats) or facts (fact formats) in ``fmt`` to ``out``."""
    if fmt in FACT_FORMATS:
        return write_facts(g_or_facts, out, fmt)
    writers = {"graphml": write_graphml, "node-link": write_node_link, "turtle": write_turtle, "neo4j": write_neo4j}
    if fmt not in writers:
        raise OutputError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
    return writers[fmt](g_or_facts, out)
