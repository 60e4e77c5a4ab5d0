"""Typed contracts between the stages, and the interchange records.

Values are ``Decimal`` inside; the interchange export turns them into JSON
numbers. Every fact and relation keeps its evidence span in the ORIGINAL text.
"""
from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Literal, Optional

from pydantic import BaseModel, ConfigDict, Field

from .lexicon import EntityType, Qualifier

ChangeBasis = Literal["yoy", "qoq", "mom"]
Script = Literal["traditional", "simplified"]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Article(_Model):
    """One input article as read (text exactly as published)."""

    id: str
    text: str
    title: Optional[str] = None
    date: Optional[dt.date] = None
    source: Optional[str] = None
    script: Optional[Script] = None
    origin: Optional[str] = Field(default=None, description="file (and line) the article was read from")


class Span(_Model):
    """A half-open character span [start, end) with its text."""

    start: int
    end: int
    text: str


class Evidence(Span):
    """Span of the ORIGINAL article text: original_text[start:end] == text."""


class Quantity(_Model):
    """A resolved value: number in base units, unit, range end, qualifier."""

    value: Decimal
    value_max: Optional[Decimal] = None
    unit: str  # ISO currency code, '%', 'pp', 'bp' or a counter word
    kind: Literal["money", "percent", "pp", "count", "number", "multiple", "rank"]
    qualifier: Optional[Qualifier] = None
    text: str  # as written (simplified)
    start: int
    end: int
    per: Optional[str] = None  # 元/股 -> '股'


class Period(_Model):
    """A resolved period: canonical label plus calendar dates."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    label: str
    start: Optional[dt.date] = None
    end: Optional[dt.date] = None
    kind: Literal["year", "half", "quarter", "quarters", "month", "months", "instant", "fiscal_year", "fiscal_half",
                  "fiscal_quarter", "span"]
    fiscal: bool = False


class EntityRef(_Model):
    """An entity as it takes part in facts and relations."""

    name: str  # canonical simplified name
    type: EntityType
    parent: Optional[str] = None
    known: bool = False  # from the lexicon
    fiscal_year_end: Optional[str] = None


class Fact(_Model):
    id: str
    article_id: str
    entity: str
    entity_type: EntityType
    metric: str
    metric_id: Optional[str] = None
    metric_text: Optional[str] = None
    value: Optional[Decimal] = None
    value_max: Optional[Decimal] = None
    unit: Optional[str] = None
    qualifier: Optional[Qualifier] = None
    value_text: Optional[str] = None
    period: Optional[str] = None
    period_start: Optional[dt.date] = None
    period_end: Optional[dt.date] = None
    change_pct: Optional[Decimal] = None
    change_abs: Optional[Decimal] = None
    change_pp: Optional[Decimal] = None
    change_basis: Optional[ChangeBasis] = None
    forecast: bool = False
    evidence: Evidence
    rule: str
    confidence: float = Field(ge=0, le=1)


class Relation(_Model):
    id: str
    article_id: str
    head: str
    head_type: Optional[EntityType] = None
    type: Literal["subsidiary_of", "product_of", "competes_with", "supplier_of", "invests_in", "acquires",
                  "partners_with", "role"]
    tail: str
    tail_type: Optional[EntityType] = None
    role: Optional[str] = None
    former: bool = False
    evidence: Evidence
    rule: str
    confidence: float = Field(ge=0, le=1)


class EntityRecord(_Model):
    article_id: str
    name: str
    type: EntityType
    aliases: list[str] = []
    parent: Optional[str] = None
    known: bool = False
    # the lexicon's canonical name when the article never uses it (``name`` is then the form the article uses)
    canonical: Optional[str] = None


class ArticleResult(_Model):
    """Everything extracted from one article."""

    article_id: str
    locale: str
    facts: list[Fact] = []
    relations: list[Relation] = []
    entities: list[EntityRecord] = []


class ArticleError(_Model):
    """An input that could not be processed, with where and why."""

    source: str
    line: Optional[int] = None
    message: str


class RunSummary(_Model):
    articles: int = 0
    facts: int = 0
    relations: int = 0
    entities: int = 0
    errors: list[ArticleError] = []


# -- the graph as node-link JSON (finextract export --format node-link) ---------------------------
class GraphNode(_Model):
    id: str
    name: str
    type: EntityType
    aliases: list[str] = []
    known: bool = False
    parent: Optional[str] = None
    parent_id: Optional[str] = None
    fiscal_year_end: Optional[str] = None
    articles: list[str] = []
    facts: list[Fact] = []


class EdgeEvidence(Evidence):
    article_id: str
    relation_id: str


class GraphEdge(_Model):
    source: str
    target: str
    key: str
    type: Literal["subsidiary_of", "product_of", "competes_with", "supplier_of", "invests_in", "acquires",
                  "partners_with", "role"]
    role: Optional[str] = None
    former: bool = False
    confidence: float
    rules: list[str] = []
    articles: list[str] = []
    evidence: list[EdgeEvidence] = []


class NodeLinkGraph(_Model):
    """networkx node-link data of the knowledge graph (a directed multigraph)."""

    directed: Literal[True] = True
    multigraph: Literal[True] = True
    graph: dict = {}
    nodes: list[GraphNode]
    edges: list[GraphEdge]
