"""Lexicons: YAML data files validated by pydantic.

Every file in ``finextract/lexicons`` has a model here (``extra="forbid"``), so
a typo in a data file fails on load with the file and the entry named.
Users extend the bundled lexicons with their own files (``--lexicon PATH``):
a user file may hold any of the top-level keys of the bundled files; lists are
appended, mappings are merged (user entries win).
"""
from __future__ import annotations

import functools
from decimal import Decimal
from importlib import resources
from pathlib import Path
from typing import Literal, Optional

import yaml

_YamlLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when built with it
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from .errors import LexiconError

EntityType = Literal["company", "business", "product", "person", "market", "organization"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


# --- numbers.yaml -----------------------------------------------------------
class NumbersLexicon(_Strict):
    digits: dict[str, int]
    small_units: dict[str, int]
    big_units: dict[str, int]
    decimal_point: list[str]
    negative: list[str]
    multipliers: dict[str, Decimal]
    # shorthand numerals rewritten before parsing (廿二 -> 二十二)
    shorthands: dict[str, str] = {}
    # the units of capital-numeral amounts (壹拾壹元壹角壹分): yuan, jiao, fen, and the closing 整/正
    amount_units: dict[str, list[str]] = {}


# --- units.yaml -------------------------------------------------------------
class Currency(_Strict):
    code: str = Field(pattern=r"^[A-Z]{3}$")
    words: list[str]
    symbols: list[str] = []
    # words for a fraction of the unit and that fraction (美分 and 港仙 are each a hundredth): 派息30港仙 is 0.30 HKD
    subunits: dict[str, Decimal] = {}


class Counter(_Strict):
    word: str
    as_: Optional[str] = Field(default=None, alias="as")
    # characters that, right after the word, make it the start of another word (对应, 对比): no counter there
    not_before: str = ""

    @property
    def unit(self) -> str:
        return self.as_ or self.word


class RankWords(_Strict):
    """A position in a ranking is a figure only with a rank word: 排名第3, 第十五名, 第三大股东."""

    # written before 第 (排名第5, 位居全球第二)
    before: list[str] = []
    # written after the numeral (第八名, 第5位)
    counters: list[str] = []
    # what 第N大 ranks (第二大股东, 第三大钢铁出口国): a rank only when one of these follows
    nouns: list[str] = []


class UnitsLexicon(_Strict):
    currencies: list[Currency]
    local_currency_words: list[str]
    counters: list[Counter]
    percent_signs: list[str]
    percentage_point_words: list[str]
    # units of measure of a commodity price (每吨50万元, 6.8万元/吨): such a price is the commodity's
    measure_units: list[str] = []
    # units a figure is stated per (8.75元/股, 每吨): the value's ``per``
    per_units: list[str]
    # 铜的现货价格: words that qualify a price, not a commodity
    price_qualifiers: list[str] = []
    basis_point_words: list[str]
    # fraction words before a numeral and what one of their parts is in percent (百分之 1, 千分之 0.1)
    fraction_words: dict[str, Decimal] = {"百分之": Decimal(1)}
    # a numeral and counter that make an everyday word, not a quantity (一度回升, 一手资料, 一次性)
    idioms: list[str] = []
    ranks: RankWords = RankWords()


# --- qualifiers.yaml --------------------------------------------------------
Qualifier = Literal["approx", "over", "nearly", "under"]


class QualifierWord(_Strict):
    word: str
    qualifier: Qualifier


class QualifiersLexicon(_Strict):
    before: list[QualifierWord]
    after: list[QualifierWord]


# --- changes.yaml -----------------------------------------------------------
class Directed(_Strict):
    up: list[str]
    down: list[str]


class Basis(_Strict):
    yoy: list[str]
    qoq: list[str]
    mom: list[str]
    # 环同比分别下降2BP、6BP: a word naming two bases, in the order of the changes that follow
    pairs: dict[str, tuple[Literal["yoy", "qoq", "mom"], Literal["yoy", "qoq", "mom"]]] = {}


class ChangesLexicon(_Strict):
    verbs: Directed
    postposed: Directed
    doubling: list[str]
    halving: list[str]
    basis: Basis
    negative_values: list[str]
    positive_values: list[str]
    forecast: list[str]
    to_level: list[str]
    comparison: list[str]
    # 由去年同期的X转为Y / 从2022年的X增至Y: a period after these words is the period of the value in its own
    # clause, and no more than that (the value after 转为 is the current period's)
    origin: list[str] = []
    # 比亚迪涨5%, 小米集团最终收跌3%: words right after a company (and these fillers) that mean its share price
    # moved; the percent after them is a share-price change
    stock_moves: list[str] = []
    stock_move_fillers: list[str] = []
    # words that name a share-price move on their own (最终收跌2.3%): the current subject's share price
    stock_moves_alone: list[str] = []
    # words of a phrase before a change verb: adverbs dropped from it, modal words closing it; verbs of things
    # added (a count's name opens with one); words that make a balance's figure a flow
    adverbs: list[str]
    modal_tail: list[str]
    added: list[str]
    new_flow: list[str]


# --- facts.yaml -------------------------------------------------------------
class FactsLexicon(_Strict):
    """Words of fact assembly (what links a figure to its phrase; what a phrase before a figure may be)."""

    linking_words: list[str]
    level_links: list[str]
    move_words: list[str]
    regional_segment: list[str]
    phrase_lead: list[str]
    lead_only: list[str]
    no_figure_openers: list[str]
    no_figure_heads: list[str]
    product_line_heads: list[str]
    milestone_adverbs: list[str]
    milestone_verbs: list[str]
    line_ratio_metrics: list[str]  # metric ids


# --- periods.yaml -----------------------------------------------------------
class PeriodsLexicon(_Strict):
    relative_years: dict[str, int]
    # several years named relative to the anchor year at once (今明两年: this year and next)
    relative_year_lists: dict[str, list[int]] = {}
    # the news's own days, as offsets from the article's date (今日 0, 昨日 -1); with a day in brackets (昨（27）日)
    # the day of the month
    news_days: dict[str, int] = {}
    quarters: dict[str, int]
    halves: dict[str, int]
    cumulative_quarters: dict[str, int]
    current_quarter: list[str]
    previous_quarter: list[str]
    next_quarter: list[str]
    current_month: list[str]
    previous_month: list[str]
    next_month: list[str]
    same_period_last_year: list[str]
    report_period: list[str]
    report_period_end: list[str]
    year_end: list[str]
    as_of: list[str]
    vague: list[str]
    # 2010年以来, 2020年起: a period that opens a span up to now is no period of a figure (nor the year in force)
    open_ended_after: list[str] = []
    fiscal_year_words: list[str]
    fiscal_quarter_words: list[str]
    roc_prefixes: list[str]
    roc_offset: int


# --- metrics.yaml -----------------------------------------------------------
class Metric(_Strict):
    name: str
    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    kind: Literal["flow", "stock", "ratio", "price", "count", "multiple", "rank"]
    synonyms: list[str]
    # "instant": measured at a point in time (balances, bank ratios, user bases): a period such as 2020H1
    # stated for the report becomes its end date (2020-06-30). Stock metrics are instants by default.
    at: Optional[Literal["instant", "period"]] = None
    # a ratio metric whose value is written as a count (持有3亿股): the id of the metric that count is
    when_count: Optional[str] = None
    # a count metric that may also be stated as an amount of money (减持 3亿股 / 减持 6亿元)
    money_ok: bool = False
    # the unit of a change stated alone when the kind's default does not fit (an index moves in 点)
    unit: Optional[str] = None
    # a generic head (金额, 规模, 数量): found only right before a value, and named by the phrase it ends
    # (承销金额, 保证金占用额), not by the head alone
    open: bool = False
    # the ratio metric a percent of this metric's figure over a base is (减持1200万股，占总股本的3.5% -> 减持比例;
    # 现金分红3亿元，占净利润的35% -> 分红率)
    share_of: Optional[str] = None
    # a figure of the trading day (a share price, an index level): with no period in the text, the article's date
    on_date: bool = False

    @property
    def instant(self) -> bool:
        return self.at == "instant" or (self.at is None and self.kind == "stock")


class MetricsLexicon(_Strict):
    metrics: list[Metric]
    # one word for a list of metrics (产销 -> production, sales): read as the list, each member a metric of its own
    compounds: dict[str, list[str]] = {}

    @model_validator(mode="after")
    def _compounds_name_metrics(self) -> "MetricsLexicon":
        ids = {m.id for m in self.metrics}
        for m in self.metrics:
            if m.share_of is not None and m.share_of not in ids:
                raise ValueError(f"metric {m.id!r}: share_of names no metric: {m.share_of!r}")
        for word, members in self.compounds.items():
            unknown = [i for i in members if i not in ids]
            if unknown:
                raise ValueError(f"compounds.{word}: unknown metric id(s) {', '.join(unknown)}")
        return self


# --- entities.yaml ----------------------------------------------------------
class EntityEntry(_Strict):
    name: str
    type: EntityType
    aliases: list[str] = []
    traditional: list[str] = []
    tickers: list[str] = []
    parent: Optional[str] = None
    fiscal_year_end: Optional[str] = Field(default=None, pattern=r"^(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$")
    region: Optional[str] = None

    @field_validator("name")
    @classmethod
    def _non_empty(cls, v: str) -> str:
        if not v.strip():
            raise ValueError("empty name")
        return v


class EntitiesLexicon(_Strict):
    entities: list[EntityEntry]


class EntityPatterns(_Strict):
    org_suffixes: dict[Literal["company", "organization"], list[str]]
    strong_org_suffixes: list[str]
    generic_modifiers: list[str]
    name_prefix_stop: list[str]
    # a company's legal form closing its full name; a candidate's head ending in one of head_end_stop, or
    # opening with one of remnant_starts, is no name; the suffixes after which one character is a whole head; the
    # weak suffixes that close a local arm's name too (the strong ones always do)
    legal_suffixes: list[str]
    head_end_stop: list[str]
    remnant_starts: list[str]
    short_head_suffixes: list[str]
    arm_suffixes: list[str]
    name_context_before: list[str] = []
    # 某某科技第1季税后纯益…: after a name opening a clause, these make one sighting of a weak suffix count
    name_context_after: list[str] = []
    # 起重机共销售2.1万台: a product of an industry before a volume metric, with no company in the clause, makes
    # the industry the subject (起重机行业); industry_metrics are the metric ids this applies to
    industry_products: list[str] = []
    industry_metrics: list[str] = []
    # metrics only a listed company reports (归属于上市公司股东的净利润): carried to a subsidiary, they are its parent's
    listed_company_metrics: list[str] = []
    # markets named by a direction only (国内市场, 海外市场): a part of the subject's figures, not a subject
    generic_markets: list[str] = []
    # countries and regions: opening a clause with no company in it, one is the subject of a figure as a market
    # (2019年日本进口钢材3200万吨)
    countries: list[str] = []
    # 台湾|戴尔|科技|集团: a region before a known company and more name before a suffix make a local arm
    region_prefixes: list[str] = []
    # 某某公告，…: the name opening a clause before one of these is a company's
    announce_words: list[str] = []
    # 某某累计减持乙公司: a short name before these verbs, with a known company as their object, is a holder's
    holding_verbs: list[str] = []
    holder_adverbs: list[str] = []
    # 控股股东某某拟减持: a shareholder's role, after which a name before a holding verb is the holder's
    holder_roles: list[str] = []
    # 沪指跌2%, 其余个股涨1%: words of indices, boards and groups of stocks, which name no company in a list of moves
    not_mover_names: list[str] = []
    # market indices: names of one index (the first is canonical); a move after one is the index's level
    market_indices: list[list[str]] = []
    # with the object verbs, words that no organisation's name holds (拟减持股份, 回购股份 are a verb and its object)
    name_breaking_verbs: list[str] = []
    # with the object verbs, verbs that begin no product line's name (发放股息, 实现营收)
    report_verbs: list[str] = []
    # 晶片业者Nova Chip, 新创公司Acme AI: a capitalised Latin name right after one of these nouns is a company's
    latin_name_after: list[str] = []
    business_suffixes: list[str]
    generic_unit_modifiers: list[str] = []
    market_suffixes: list[str]
    anaphora: dict[str, list[str]]
    # anaphora that name the article's main company (集团净利润 in a report on a group), not the last subject
    group_anaphora: list[str]
    # anaphora that point back to the company named last (如某某公司，该公司主营…)
    pointing_anaphora: list[str] = []
    # an entity cited as a source (据IDC, IDC数据显示) is not the subject of the figures it reports
    source_before: list[str]
    source_after: list[str]
    # 保荐人为甲、乙: the entities a clause names after one of these (and 为/是/：) serve a deal; they are no subject
    service_roles: list[str] = []
    # an entity right after these verbs is what is held or traded, not the subject (甲仍持有乙公司3亿股:
    # the shares are 甲's)
    object_verbs: list[str] = []
    # 占乙公司总股本的10%: after 占, an entity followed by one of these is the base of a stake, not the subject
    stake_bases: list[str] = []
    stop_names: list[str]
    surnames: list[str]
    titles: list[str]
    not_in_person_names: list[str]
    # titles written differently across markets -> the canonical (mainland) title of a role relation
    title_canonical: dict[str, str] = {}
    speech_verbs: list[str]
    former_markers: list[str]


# --- locales.yaml -----------------------------------------------------------
class Locale(_Strict):
    code: str
    currency: str
    markers: list[str]
    # the country 我国/全国 refer to in this locale's press (我国汽车市场 -> 中国汽车市场)
    country: Optional[str] = None


class LocalesLexicon(_Strict):
    locales: list[Locale]
    weights: dict[str, int]
    # a prior for the locale of the article's script: {"simplified": "CN", "traditional": "TW"}
    script_prior: dict[str, str] = {}
    strong_markers: list[str]
    # markers are counted in the article's opening characters only (where it shows where it comes from)
    opening_chars: int = Field(gt=0)


# --- relations.yaml ---------------------------------------------------------
class RelationTrigger(_Strict):
    type: Literal["subsidiary_of", "product_of", "competes_with", "supplier_of", "invests_in", "acquires",
                  "partners_with"]
    words: list[str]
    # where the two entities stand: "head_before" (X旗下Y -> Y subsidiary_of X is "tail_first"), see relations.py
    order: Literal["head_first", "tail_first", "symmetric"]


class ProductFamily(_Strict):
    company: str  # canonical name of an entity of entities.yaml
    names: list[str]  # family names a model number follows: 骁龙 (骁龙8), Galaxy (Galaxy S24)


class RelationsLexicon(_Strict):
    triggers: list[RelationTrigger]
    # product lines of well-known makers: 骁龙865 is a product of 高通 when the article names 高通
    product_families: list[ProductFamily] = []
    # 业务板块主要包括甲、乙、丙: the units listed after these words are business units of the subject
    segment_lists: list[str] = []
    # a ranking: the companies listed after these words are peers (前三名依次为甲、乙、丙)
    ranking_words: list[str] = []
    # 甲打入乙供应链, 乙供应链的甲: 甲 supplies 乙
    supply_chain_words: list[str] = []
    supply_chain_verbs: list[str] = []
    # kinds of product followed by a name in brackets (自研芯片(某某), 操作系统（某某）): a product of the subject
    product_categories: list[str] = []
    # capitalised words after a company that are not model names (阿里巴巴CEO, 腾讯AI)
    model_stop: list[str] = []
    # triggers after which a list of names no lexicon knows is taken as the other side (收购甲公司、Acme)
    name_list_words: list[str] = []
    # with the object verbs, words that end a list of names after a trigger (甲、乙拟减持, 甲近日增持)
    name_list_enders: list[str] = []
    # 甲是乙旗下的…: a copula before the owner of a tail_first trigger makes the entity before it the head
    copulas: list[str] = []


_FILES: dict[str, type[_Strict]] = {
    "numbers": NumbersLexicon,
    "units": UnitsLexicon,
    "qualifiers": QualifiersLexicon,
    "changes": ChangesLexicon,
    "facts": FactsLexicon,
    "periods": PeriodsLexicon,
    "metrics": MetricsLexicon,
    "entities": EntitiesLexicon,
    "entity_patterns": EntityPatterns,
    "locales": LocalesLexicon,
    "relations": RelationsLexicon,
}


def _describe(err: ValidationError, data: object) -> str:
    """Name the entry that failed: 'entities[12] (name: 阿里云): field: message'."""
    parts = []
    for e in err.errors()[:5]:
        loc = e["loc"]
        where = []
        node = data
        for key in loc:
            if isinstance(key, int):
                where[-1:] = [f"{where[-1] if where else ''}[{key}]"]
                try:
                    node = node[key]  # type: ignore[index]
                except (TypeError, IndexError, KeyError):
                    node = None
                if isinstance(node, dict) and "name" in node:
                    where[-1] += f" (name: {node['name']})"
                elif isinstance(node, dict) and "word" in node:
                    where[-1] += f" (word: {node['word']})"
            else:
                where.append(str(key))
                node = node.get(key) if isinstance(node, dict) else None
        parts.append(f"{'.'.join(where)}: {e['msg']}")
    return "; ".join(parts)


def _read_yaml(text: str, origin: str) -> dict:
    try:
        data = yaml.load(text, Loader=_YamlLoader)
    except yaml.YAMLError as e:
        raise LexiconError(f"{origin}: not valid YAML: {e}") from e
    if not isinstance(data, dict):
        raise LexiconError(f"{origin}: expected a mapping at the top level")
    return data


def _merge(base: dict, extra: dict) -> dict:
    out = dict(base)
    for key, val in extra.items():
        if key not in out:
            out[key] = val
        elif isinstance(out[key], list) and isinstance(val, list):
            out[key] = list(out[key]) + list(val)
        elif isinstance(out[key], dict) and isinstance(val, dict):
            out[key] = _merge(out[key], val)
        else:
            out[key] = val
    return out


class Lexicon:
    """All lexicons of one pipeline, validated. Immutable after load."""

    def __init__(self, parts: dict[str, _Strict], sources: tuple[str, ...], origins: Optional[dict[str, str]] = None):
        """``origins``: for each part, the files it was read from (named in errors)."""
        self.numbers: NumbersLexicon = parts["numbers"]  # type: ignore[assignment]
        self.units: UnitsLexicon = parts["units"]  # type: ignore[assignment]
        self.qualifiers: QualifiersLexicon = parts["qualifiers"]  # type: ignore[assignment]
        self.changes: ChangesLexicon = parts["changes"]  # type: ignore[assignment]
        self.facts: FactsLexicon = parts["facts"]  # type: ignore[assignment]
        self.periods: PeriodsLexicon = parts["periods"]  # type: ignore[assignment]
        self.metrics: MetricsLexicon = parts["metrics"]  # type: ignore[assignment]
        self.entities: EntitiesLexicon = parts["entities"]  # type: ignore[assignment]
        self.entity_patterns: EntityPatterns = parts["entity_patterns"]  # type: ignore[assignment]
        self.locales: LocalesLexicon = parts["locales"]  # type: ignore[assignment]
        self.relations: RelationsLexicon = parts["relations"]  # type: ignore[assignment]
        self.sources = sources
        self._origins = origins or {}
        self._compiled: dict[str, object] = {}
        self._check_references()

    def compiled(self, key: str, factory):
        """Compile-once cache of derived structures (parsers, regexes) for this lexicon."""
        obj = self._compiled.get(key)
        if obj is None:
            obj = self._compiled[key] = factory(self)
        return obj

    def _check_references(self) -> None:
        names = {e.name for e in self.entities.entities}
        for i, e in enumerate(self.entities.entities):
            if e.parent and e.parent not in names:
                raise LexiconError(f"entities[{i}] (name: {e.name}): parent {e.parent!r} is not an entity of the lexicon")
        ids = {m.id for m in self.metrics.metrics}
        for i, m in enumerate(self.metrics.metrics):
            if m.when_count and m.when_count not in ids:
                raise LexiconError(f"metrics: metrics[{i}] (name: {m.name}): when_count {m.when_count!r} is not a "
                                   f"metric id")
        for part, key, listed in (("facts", "line_ratio_metrics", self.facts.line_ratio_metrics),
                                  ("entity_patterns", "industry_metrics", self.entity_patterns.industry_metrics)):
            for i, mid in enumerate(listed):
                if mid not in ids:
                    raise LexiconError(f"{self._origins.get(part, part)}: {key}[{i}]: {mid!r} is not a metric id")
        for i, f in enumerate(self.relations.product_families):
            if f.company not in names:
                raise LexiconError(f"relations: product_families[{i}] (company: {f.company}): not an entity of the "
                                   f"lexicon")

    @classmethod
    def load(cls, extra_paths: tuple[str | Path, ...] = ()) -> "Lexicon":
        return _load_cached(tuple(str(p) for p in extra_paths))


@functools.lru_cache(maxsize=8)
def _load_cached(extra_paths: tuple[str, ...]) -> Lexicon:
    raw: dict[str, tuple[dict, str]] = {}
    pkg = resources.files("finextract") / "lexicons"
    for name in _FILES:
        origin = f"finextract/lexicons/{name}.yaml"
        raw[name] = (_read_yaml((pkg / f"{name}.yaml").read_text(encoding="utf-8"), origin), origin)
    for p in extra_paths:
        path = Path(p)
        if not path.is_file():
            raise LexiconError(f"{path}: lexicon file not found")
        data = _read_yaml(path.read_text(encoding="utf-8"), str(path))
        matched = False
        for name, model in _FILES.items():
            keys = set(model.model_fields)
            if set(data) <= keys:
                base, origin = raw[name]
                raw[name] = (_merge(base, data), f"{origin} + {path}")
                matched = True
                break
        if not matched:
            raise LexiconError(f"{path}: unknown top-level keys {sorted(data)}; expected the keys of one bundled lexicon "
                               f"(e.g. 'entities', 'metrics')")
    parts: dict[str, _Strict] = {}
    for name, model in _FILES.items():
        data, origin = raw[name]
        try:
            parts[name] = model.model_validate(data)
        except ValidationError as e:
            raise LexiconError(f"{origin}: {_describe(e, data)}") from e
    return Lexicon(parts, (("bundled",) + extra_paths), {name: origin for name, (_, origin) in raw.items()})
