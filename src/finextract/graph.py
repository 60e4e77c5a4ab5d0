"""The knowledge graph: a networkx MultiDiGraph built from the store.

Nodes are entities (keyed by their stable id) with ``name``, ``type``, ``aliases``,
``parent``, ``known``, ``articles`` and ``facts`` (the entity's facts, sorted by
period: its time series). Edges are relations keyed by a relation id made of
(head, type, tail, role), so the same relation stated by several articles is one
edge whose ``evidence`` lists every statement with its article. Symmetric types
(competes_with, partners_with) are stored once, head and tail in id order. A
parent known to the lexicon or shown by an article is a subsidiary_of (or, for a
product, product_of) edge too.
"""
from __future__ import annotations

import datetime as dt
import hashlib
from typing import Iterable, Optional

import networkx as nx

from .models import Fact, Relation

SYMMETRIC = frozenset({"competes_with", "partners_with"})


def relation_key(head: str, rtype: str, tail: str, role: Optional[str] = None) -> str:
    """Stable id of a graph relation (over all articles): head, type, tail and role title."""
    if rtype in SYMMETRIC and tail < head:
        head, tail = tail, head
    return "R" + hashlib.sha1(f"{head}|{rtype}|{tail}|{role or ''}".encode("utf-8")).hexdigest()[:15]


def _period_order(f: Fact):
    return (f.period_end or f.period_start or dt.date.min, f.period or "", f.id)


def build_graph(store, around: Optional[Iterable[str]] = None, depth: int = 1,
                facts_of: Optional[Iterable[str]] = None, evidence: Optional[int] = None,
                articles_of: Optional[Iterable[str]] = None, **fact_filter) -> nx.MultiDiGraph:
    """The graph of the whole store, or of the entities within ``depth`` links of ``around`` (entity ids).

    For queries: ``facts_of`` attaches facts to these entities only (a question about one entity needs no
    other series); ``evidence`` = K keeps K statements' evidence per edge (all articles are still listed);
    ``fact_filter`` (metrics, period, latest) is passed to the store's indexed fact query; ``articles_of``
    lists the source articles of these entities only (all when None).
    """
    ids = None if around is None else store.neighbourhood(around, depth)
    g = nx.MultiDiGraph(name="finextract")
    rows = store.entities(ids, articles_of)
    names = {r["id"]: r["name"] for r in rows}
    for r in rows:
        g.add_node(r["id"], name=r["name"], type=r["type"], aliases=r["aliases"], known=r["known"],
                   parent=None, parent_id=r["parent_id"], fiscal_year_end=r["fiscal_year_end"],
                   articles=r["articles"], facts=[])
    missing = {r["parent_id"] for r in rows if r["parent_id"] and r["parent_id"] not in names}
    if missing:  # a parent just outside the neighbourhood still gets its name
        names.update({r["id"]: r["name"] for r in store.entities(missing)})
    for r in rows:
        pid = r["parent_id"]
        if pid:
            g.nodes[r["id"]]["parent"] = names.get(pid)
            if pid in g:
                rtype = "product_of" if r["type"] == "product" else "subsidiary_of"
                _add_statement(g, r["id"], rtype, pid, None, False, None,
                               "lexicon" if r["known"] else "parent", 1.0)
    for eid, fact in store.iter_facts(ids if facts_of is None else list(facts_of), **fact_filter):
        if eid in g:
            g.nodes[eid]["facts"].append(fact)
    for n in g:
        g.nodes[n]["facts"].sort(key=_period_order)
    if ids is not None and evidence is not None:
        # a neighbourhood with an evidence limit: one row per relation, grouped by the store
        for head, tail, rtype, role, former, aids, rels in store.relation_groups(ids, evidence):
            if head not in g or tail not in g or head == tail:
                continue
            for rel in rels:
                _add_statement(g, head, rel.type, tail, rel.role, rel.former, rel, rel.rule, rel.confidence)
            rest = aids[len(rels):]  # beyond the evidence limit: the articles are still sources
            if rest:
                _add_statement(g, head, rtype, tail, role, former, None, None, None, article_ids=rest)
    else:
        for head, tail, rtype, role, former, aid, rel in store.iter_relations(ids, evidence):
            if head not in g or tail not in g or head == tail:
                continue
            if rel is None:  # beyond the evidence limit: the article is still a source of the edge
                _add_statement(g, head, rtype, tail, role, former, None, None, None, article_ids=[aid])
                continue
            _add_statement(g, head, rel.type, tail, rel.role, rel.former, rel, rel.rule, rel.confidence)
    for _, _, data in g.edges(data=True):
        data["articles"] = list(dict.fromkeys(data["articles"]))  # each source article once, first seen first
    return g


def _add_statement(g: nx.MultiDiGraph, head: str, rtype: str, tail: str, role: Optional[str], former: bool,
                   rel: Optional[Relation], rule: Optional[str], confidence: Optional[float],
                   article_ids: Iterable[str] = ()) -> None:
    """One statement of a relation onto its edge (symmetric types in id order). Without ``rel`` (beyond the
    evidence limit) only ``article_ids`` are added as sources."""
    if rtype in SYMMETRIC and tail < head:
        head, tail = tail, head
    key = relation_key(head, rtype, tail, role)
    if not g.has_edge(head, tail, key):
        g.add_edge(head, tail, key=key, type=rtype, role=role, former=former, confidence=confidence or 0.0,
                   rules=[], articles=[], evidence=[])
    data = g.edges[head, tail, key]
    data["former"] = data["former"] or former
    if confidence is not None:
        data["confidence"] = max(data["confidence"], confidence)
    if rule is not None and rule not in data["rules"]:
        data["rules"].append(rule)
    data["articles"].extend(article_ids)
    if rel is not None:
        data["articles"].append(rel.article_id)
        data["evidence"].append({"article_id": rel.article_id, "text": rel.evidence.text,
                                 "start": rel.evidence.start, "end": rel.evidence.end, "relation_id": rel.id})
