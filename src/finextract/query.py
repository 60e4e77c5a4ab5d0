"""Questions over the knowledge graph, as free functions (networkx style).

Every function takes the graph and a name: an entity id, or any alias in either
script (阿里雲, Alibaba Cloud, 09988.HK). An unknown name raises
``UnknownEntityError`` carrying the closest known names.

    g = build_graph(store)
    entity(g, "阿里云").parent            -> "阿里巴巴集团"
    [c.name for c in competitors(g, "阿里云")]
    facts(g, "阿里云", metric="收入")      -> time series with sources
    path(g, "火山引擎", "阿里巴巴集团"), neighbors(g, "阿里云", depth=2), conflicts(g)
"""
from __future__ import annotations

import datetime as dt
import difflib
from decimal import Decimal
from typing import Iterable, Optional

import networkx as nx
from pydantic import BaseModel, ConfigDict

from .errors import UnknownEntityError
from .graph import SYMMETRIC, build_graph
from .models import Fact
from .store import AliasKeys


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Related(_Model):
    """An entity linked to the one asked about, with how and where it is said."""

    id: str
    name: str
    type: str
    relation: str
    direction: str  # "out": asked -> related; "in": related -> asked
    role: Optional[str] = None
    former: bool = False
    articles: list[str] = []


class EntityInfo(_Model):
    id: str
    name: str
    type: str
    aliases: list[str]
    parent: Optional[str]
    known: bool
    units: list[Related]
    products: list[Related]
    people: list[Related]
    competitors: list[Related]
    relations: list[Related]  # every other relation
    latest: list[Fact]  # the latest value of each metric
    articles: list[str]


class Neighbor(_Model):
    id: str
    name: str
    type: str
    distance: int


class PathStep(_Model):
    source: str
    relation: str
    target: str
    reversed: bool  # the relation points from target to source


class Conflict(_Model):
    """One (entity, metric, period) reported with different values by different articles."""

    entity: str
    entity_id: str
    metric: str
    period: str
    facts: list[Fact]


# -- names ----------------------------------------------------------------------------------------
def _names(g: nx.MultiDiGraph, n: str) -> list[str]:
    d = g.nodes[n]
    return [d.get("name", n), *d.get("aliases", [])]


def find(g: nx.MultiDiGraph, name: str, keys: Optional[AliasKeys] = None) -> str:
    """The node id a name stands for: an id, the canonical name or any alias (known entities first)."""
    if name in g:
        return name
    keys = keys or AliasKeys()
    k = keys(name)
    hits = [n for n in g if any(keys(s) == k for s in _names(g, n))]
    if hits:
        return sorted(hits, key=lambda n: (not g.nodes[n].get("known"), g.nodes[n].get("name", "")))[0]
    raise UnknownEntityError(name, suggest(name, ((s, g.nodes[n].get("name", n)) for n in g for s in _names(g, n)),
                                           keys))


def suggest(name: str, surfaces: Iterable[tuple[str, str]], keys: Optional[AliasKeys] = None, n: int = 5) -> list[str]:
    """Closest canonical names to ``name`` among (surface, canonical name) pairs."""
    keys = keys or AliasKeys()
    k = keys(name)
    by_key: dict[str, str] = {}
    for surface, canonical in surfaces:
        by_key.setdefault(keys(surface), canonical)
    out: list[str] = []
    for cand in [c for c in by_key if k and (k in c or c in k)] + difflib.get_close_matches(k, list(by_key), n, 0.4):
        canonical = by_key[cand]
        if canonical not in out:
            out.append(canonical)
    return out[:n]


# -- queries --------------------------------------------------------------------------------------
def _related(g: nx.MultiDiGraph, n: str) -> list[Related]:
    out = []
    for _, other, data in g.out_edges(n, data=True):
        out.append(_rel(g, other, data, "out"))
    for other, _, data in g.in_edges(n, data=True):
        out.append(_rel(g, other, data, "in"))
    return out


def _rel(g: nx.MultiDiGraph, other: str, data: dict, direction: str) -> Related:
    d = g.nodes[other]
    return Related(id=other, name=d.get("name", other), type=d.get("type", "company"), relation=data["type"],
                   direction=direction, role=data.get("role"), former=bool(data.get("former")),
                   articles=list(data.get("articles", [])))


def entity(g: nx.MultiDiGraph, name: str) -> EntityInfo:
    """Type, aliases, parent, units, products, people, competitors and the latest value of each metric."""
    n = find(g, name)
    d = g.nodes[n]
    rel = _related(g, n)
    units = [r for r in rel if r.direction == "in" and r.relation == "subsidiary_of"]
    products = [r for r in rel if r.direction == "in" and r.relation == "product_of"]
    people = [r for r in rel if r.direction == "in" and r.relation == "role"]
    comps = [r for r in rel if r.relation == "competes_with"]
    used = {id(r) for r in units + products + people + comps}
    others = [r for r in rel if id(r) not in used and not (r.direction == "out" and r.relation in
                                                           ("subsidiary_of", "product_of") and r.name == d.get("parent"))]
    latest: dict[str, Fact] = {}
    for f in d.get("facts", []):  # sorted by period: later ones win; actuals over forecasts
        key = f.metric_id or f.metric
        if f.value is None and f.change_pct is None:
            continue
        if key not in latest or not f.forecast or latest[key].forecast:
            latest[key] = f
    return EntityInfo(id=n, name=d.get("name", n), type=d.get("type", "company"), aliases=list(d.get("aliases", [])),
                      parent=d.get("parent"), known=bool(d.get("known")), units=_dedupe(units), products=_dedupe(products),
                      people=people, competitors=_dedupe(comps), relations=others, latest=list(latest.values()),
                      articles=list(d.get("articles", [])))


def _dedupe(items: list[Related]) -> list[Related]:
    seen: dict[str, Related] = {}
    for r in items:
        if r.id in seen:
            seen[r.id].articles.extend(a for a in r.articles if a not in seen[r.id].articles)
        else:
            seen[r.id] = r.model_copy(deep=True)
    return sorted(seen.values(), key=lambda r: (-len(r.articles), r.name))


def competitors(g: nx.MultiDiGraph, name: str) -> list[Related]:
    """Entities said to compete with ``name`` (either direction), most often said first."""
    n = find(g, name)
    return _dedupe([r for r in _related(g, n) if r.relation == "competes_with"])


def _as_date(s: Optional[str | dt.date], end: bool) -> Optional[dt.date]:
    if s is None or isinstance(s, dt.date):
        return s
    parts = s.split("-")
    y = int(parts[0])
    if len(parts) == 1:
        return dt.date(y, 12, 31) if end else dt.date(y, 1, 1)
    m = int(parts[1])
    if len(parts) == 2:
        if not end:
            return dt.date(y, m, 1)
        nxt = dt.date(y + (m == 12), m % 12 + 1, 1)
        return nxt - dt.timedelta(days=1)
    return dt.date.fromisoformat(s)


def facts(g: nx.MultiDiGraph, name: str, metric: Optional[str | Iterable[str]] = None, period: Optional[str] = None,
          start: Optional[str | dt.date] = None, end: Optional[str | dt.date] = None) -> list[Fact]:
    """The entity's facts in period order (its time series), each with its article and evidence.

    ``metric``: canonical name, English id or the words as written (or several of them);
    ``period``: a canonical label; ``start``/``end``: dates or YYYY / YYYY-MM, the period must lie within.
    """
    n = find(g, name)
    keys = AliasKeys()
    wanted = None
    if metric is not None:
        wanted = {keys(m) for m in ([metric] if isinstance(metric, str) else metric)}
    lo, hi = _as_date(start, False), _as_date(end, True)
    out = []
    for f in g.nodes[n].get("facts", []):
        if wanted is not None and not wanted & {keys(x) for x in (f.metric, f.metric_id, f.metric_text) if x}:
            continue
        if period is not None and f.period != period:
            continue
        if lo is not None and (f.period_start is None or f.period_start < lo):
            continue
        if hi is not None and (f.period_end is None or f.period_end > hi):
            continue
        out.append(f)
    return out


def path(g: nx.MultiDiGraph, a: str, b: str) -> list[PathStep]:
    """The shortest chain of relations between two entities (either direction); [] when none."""
    x, y = find(g, a), find(g, b)
    try:
        nodes = nx.shortest_path(g.to_undirected(as_view=True), x, y)
    except nx.NetworkXNoPath:
        return []
    steps = []
    for u, v in zip(nodes, nodes[1:]):
        if g.has_edge(u, v):
            data, rev = next(iter(g.get_edge_data(u, v).values())), False
        else:
            data = next(iter(g.get_edge_data(v, u).values()))
            rev = data["type"] not in SYMMETRIC
        steps.append(PathStep(source=g.nodes[u]["name"], relation=data["type"], target=g.nodes[v]["name"],
                              reversed=rev))
    return steps


def neighbors(g: nx.MultiDiGraph, name: str, depth: int = 1) -> list[Neighbor]:
    """Entities within ``depth`` relations of ``name`` (either direction), nearest first."""
    n = find(g, name)
    dist = nx.single_source_shortest_path_length(g.to_undirected(as_view=True), n, cutoff=depth)
    return sorted((Neighbor(id=k, name=g.nodes[k]["name"], type=g.nodes[k]["type"], distance=v)
                   for k, v in dist.items() if k != n), key=lambda x: (x.distance, x.name))


def _differ(a: Decimal, b: Decimal) -> bool:
    scale = max(abs(a), abs(b))
    return scale != 0 and abs(a - b) / scale > Decimal("0.005")


def conflicts(g: nx.MultiDiGraph) -> list[Conflict]:
    """(entity, metric, period) reported with different values by different articles: kept, both sources."""
    out = []
    for n, d in g.nodes(data=True):
        groups: dict[tuple, list[Fact]] = {}
        for f in d.get("facts", []):
            if f.value is None or f.period is None:
                continue
            groups.setdefault((f.metric_id or f.metric, f.period, f.unit, f.forecast), []).append(f)
        for (metric, period, _, _), fs in groups.items():
            if len({f.article_id for f in fs}) < 2:
                continue
            if any(_differ(x.value, y.value) for x in fs for y in fs  # type: ignore[arg-type]
                   if x.article_id != y.article_id):
                out.append(Conflict(entity=d["name"], entity_id=n, metric=fs[0].metric, period=period,
                                    facts=sorted(fs, key=lambda f: (f.article_id, f.id))))
    return sorted(out, key=lambda c: (c.entity, c.metric, c.period))


# -- over the store -------------------------------------------------------------------------------
def lookup(store, name: str) -> str:
    """The store's entity id for a name (any alias, either script, ticker); unknown: closest names."""
    ids = store.entity_ids(name)
    if ids:
        return ids[0]
    raise UnknownEntityError(name, suggest(name, store.alias_keys(), store.keys))


def metric_names(lexicon, metric: str) -> set[str]:
    """A metric as asked (name, id, any synonym in either script) with its canonical name and id."""
    keys = AliasKeys()
    k = keys(metric)
    out = {metric}
    for m in lexicon.metrics.metrics:
        if k in {keys(s) for s in (m.name, m.id, *m.synonyms)}:
            out |= {m.name, m.id}
    return out


# -- answered from the store: each question reads only the part of the graph it needs ------------------------
def store_entity(store, name: str) -> EntityInfo:
    """:func:`entity` over the entity's neighbourhood (its latest fact per metric, a few statements per edge)."""
    n = lookup(store, name)
    return entity(build_graph(store, [n], 1, facts_of=[n], evidence=3, articles_of=[n], latest=True), n)


def store_competitors(store, name: str) -> list[Related]:
    n = lookup(store, name)
    return competitors(build_graph(store, [n], 1, facts_of=[], evidence=3), n)


def store_facts(store, name: str, metric: Optional[Iterable[str]] = None, period: Optional[str] = None,
                start: Optional[str | dt.date] = None, end: Optional[str | dt.date] = None) -> list[Fact]:
    """:func:`facts` with the metric and period filters applied in SQL first."""
    n = lookup(store, name)
    metric = set(metric) if metric is not None else None
    g = build_graph(store, [n], 0, evidence=3, articles_of=[], metrics=metric, period=period)
    return facts(g, n, metric=metric, period=period, start=start, end=end)


def store_path(store, a: str, b: str) -> list[PathStep]:
    x, y = lookup(store, a), lookup(store, b)
    return path(build_graph(store, facts_of=[], evidence=1), x, y)


def store_neighbors(store, name: str, depth: int = 1) -> list[Neighbor]:
    n = lookup(store, name)
    return neighbors(build_graph(store, [n], depth, facts_of=[], evidence=1), n, depth)


def store_conflicts(store) -> list[Conflict]:
    return conflicts(build_graph(store))
