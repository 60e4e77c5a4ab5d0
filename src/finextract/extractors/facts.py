"""Facts: bind values to a subject, a metric, a period and a change.

Works sentence by sentence over the normalised text with the mentions found by
the other extractors. Each value is classified as a level or a change by the
words before it; a level opens a fact, a following change of the same metric
fills it (营业收入81.6亿元，同比下滑12.5%), a change before its level waits for
it (收入同比增长45%，达118.3亿元). Lists are zipped: 2018年至2020年 ... 分别 ...
3.6亿元、4.8亿元、6.9亿元 -> one fact a year; 营业收入、净利润520.4亿、61.7亿 ->
one fact a metric. The subject is the nearest entity before the metric in the
sentence, else the subject carried from earlier sentences (其, 该公司, omitted).
Its word lists are data: ``lexicons/facts.yaml`` (what links a figure to its
phrase, what a phrase before a figure may be) and ``lexicons/changes.yaml``.
"""
from __future__ import annotations

import hashlib
from bisect import bisect_left, bisect_right
import re
from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import Optional

from ..patterns import SENTENCE as _SENT
from ..patterns import SEGMENT_ITEM, segment_list
from ..patterns import alternation as _alt
from ..patterns import any_of as _any
from ..lexicon import Lexicon, Metric
from ..models import EntityRef, Evidence, Fact, Period, Quantity
from .entities import ArticleEntities, EntityMention
from .metrics import MetricMention
from .periods import PeriodContext, PeriodMention, expand, instant_period, period_ending, resolve



_CLAUSE_SEP = set("，,；;：:")
_RE_CLAUSE_SEP = re.compile("[" + "".join(sorted(re.escape(c) for c in _CLAUSE_SEP)) + "]")
# 比2017年的 / 较上年同期的 / 相比去年的 right before a figure: the figure is a comparison base
_SIGNED_BRACKET = re.compile(r"[\d%元亿万股台辆]\s?[（(]\s?[+\-−]\s?$")
# a comparison base before a change verb: 关注类贷款较年初|增加
_COMPARED_TAIL = re.compile(r"(?:较|比|相比|同比|环比)(?:上年末|去年末|年初|上年同期|去年同期|上年|去年|上季末|上季度|上月)?"
                            r"(?:末|底)?(?:相比)?$")
# between two members of a list of figures: 12.3、14.5和16.7亿元, 1.31/1.52/1.78元
_LIST_SEP = re.compile(r"\s?[、,，和及与/]\s?")
_HAN_ONLY = re.compile(r"[\u4e00-\u9fff]+")
_HAN_OR_LATIN = re.compile(r"[\u4e00-\u9fffA-Za-z]+")
_BASE_BEFORE = re.compile(r"(?:比|较|相比|相较于?|对比)[^，,。；;]{0,10}?的\s?$")
# a name right after one of these is inside a phrase (在甲需求转弱时, 受乙影响), not a clause's subject
_EMBEDDING = set("在受因随对")


_ARABIC = re.compile(r"\d")
_NEXT_CLAUSE = re.compile(r"\s?[，,]\s?(?:而|且|同时)?")
# (after any qualifier word: 突破千元, 约数十亿)
_BARE_OR_BLUR = re.compile(r"^[^\d一二两三四五六七八九十百千万亿几数]*(?:[千百万亿]+(?:元|美元|港元|块)|[几数][十百千]|十几)")
# between a unit opening a clause and its change: 传统某业务|首次出现|14%的萎缩, 某市场|同比增长|20%
_UNIT_CHANGE_VERB = re.compile(r"(?:首次|再次|继续|持续|已|也|则|更)?(?:出现|录得|实现|迎来)?(?:了)?"
                               r"(?:同比|环比)?(?:大幅|小幅)?(?:增长|下降|下滑|萎缩|减少|增加|上升|扩大|收缩)?(?:了)?\s?")
# a metric phrase without its period words and the verbs around it (本季度实现营收 -> 营收)
_METRIC_PHRASE_PERIODS = re.compile(r"(?:19|20)\d{2}年(?:度)?|[上下]半年|[一二三四]季度|第[一二三四]季度|报告期内?|本季度?|今年|去年|"
                                    r"^(?:期末|期初|年末|年底|月末|月底|季末)|单季度?")
_METRIC_PHRASE_LEAD = re.compile(r"^(?:实现|录得|的|[-~—–至到]|度(?!假))+")
_METRIC_PHRASE_TAIL = re.compile(r"(?:实现|录得)$")
# a comparison with the start or end of a period: the figure compared is a balance (较年初, 比上年末)
_INSTANT_BASE = re.compile(r"(?:较|比|相比)(?:上年末|去年末|上年底|去年底|年初|年末|年底|上季末|上月末)")
# between the members of a list of names, of figures (a separator that may be left out)
_NAME_SEP = re.compile(r"\s?[、和及与]\s?")
_FIGURE_SEP = re.compile(r"\s?[、和及与,，]\s?")
_FIGURE_SEP_OPT = re.compile(r"\s?[、和及与,，]?\s?")
_SENT_BREAK = re.compile(r"[。！？!?；;]")
# 乙银行的第二大股东: the entity before it is what is ranked in, not who
_RANK_BASE = re.compile(r"的第[\d一二两三四五六七八九十]+大")
_ITS = re.compile(r"\s?(?:但|而|且|并且|同时)?其")
# a product line named before its share of revenue: the words around it that are not its name
_SEGMENT_LEAD = re.compile(r"^(?:其中|另外|另|此外|而|从.{0,6}来看|去年|今年|上年|当年|公司|集团|的)+")
_SEGMENT_TAIL = re.compile(r"(?:的)?(?:营业收入|营收|收入|销售额|销售收入|业务收入)$")
_SEGMENT_NAME = re.compile(r"[\u4e00-\u9fffA-Za-z0-9]+")
_SEGMENT_STOP = re.compile(r"客户|供应商|股东|员工|用户|海外|境外|境内|国内|总|合计|整体|其他|二者|两者|者|前[一二三四五六七八九十\d]")
# an amount, then a bracket that converts it into another currency: 600美元（换算约19,651元）
_CONVERSION = re.compile(r"(?:元|币|金|亿|万)[（(]\s?(?:约合|折合|换算|相当于|合|约|人民币|新台币|台币|港币|港元|美元|欧元|日元)")
_NO_FIGURE = MetricMention(0, 0, "", None)  # type: ignore[arg-type]  # a phrase that names no figure
_NOBODY = EntityRef(name="", type="company")  # stands in for a missing subject while looking for a market
# a market's name is the market, not when or how much of it: a leading year and "whole" words go
_MARKET_LEAD = re.compile(r"^(?:(?:19|20)\d{2}(?:年|年度)?|今年|去年|全年|上半年|下半年|整体|整个|全体)+")
_MARKET_INNER = re.compile(r"整体|整个")
_HOME_LEAD = re.compile(r"^(?:我国|全国|国内|本国)")


@dataclass
class _Open:
    """A fact under construction."""

    entity: EntityRef
    metric: Metric
    metric_text: str
    metric_end: int
    start: int
    end: int
    value: Optional[Quantity] = None
    period: Optional[Period] = None
    change_pct: Optional[Decimal] = None
    change_abs: Optional[Decimal] = None
    change_pp: Optional[Decimal] = None
    basis: Optional[str] = None
    change_unit: Optional[str] = None  # the unit of an absolute change (增加5亿元 -> CNY, 减少3万台 -> 台)
    forecast: bool = False
    rule: str = "fact.level"
    confidence: float = 0.8
    negative: bool = False
    # 收入为120亿元，较上年的100亿元增长20%: this figure is the base another is compared with
    base_of: Optional["_Open"] = None


@dataclass
class FactContext:
    periods: PeriodContext
    subject: Optional[EntityRef] = None
    main: Optional[EntityRef] = None
    currency: str = "CNY"  # what a bare 元 (or a bare 亿 on a money metric) means in this article
    extra_entities: dict[str, EntityRef] = field(default_factory=dict)


class FactAssembler:
    def __init__(self, lex: Lexicon):
        ch = lex.changes
        self.lex = lex
        fx = lex.facts
        self.re_linking_tail = re.compile(rf"(?:{_any(fx.linking_words)})+$")
        self.re_level_link = re.compile(rf"\s?(?:{_any(fx.level_links)})?\s?")
        self.re_move_words = re.compile(_any(fx.move_words))
        self.re_regional_segment = re.compile(_any(fx.regional_segment))
        self.re_phrase_lead = re.compile(rf"^(?:{_any(fx.phrase_lead)})+")
        self.re_lead_only = re.compile(rf"^(?:{_any(fx.lead_only)})+")
        self.re_no_figure = re.compile(rf"^(?:{_any(fx.no_figure_openers)})|(?:{_any(fx.no_figure_heads)})$")
        self.re_product_line = re.compile(rf"(?:{_any(fx.product_line_heads)})(?:的)?$")
        self.re_milestone = re.compile(rf"\s?(?:{_any(fx.milestone_adverbs)})?(?:{_any(fx.milestone_verbs)})了?\s?")
        self.re_adverbs = re.compile(_any(ch.adverbs))
        self.re_modal_tail = re.compile(rf"(?:{_any(ch.modal_tail)})+$")
        self.re_added = re.compile(_any(ch.added))
        self.re_new_flow = re.compile(_any(ch.new_flow))
        self._clause_index: Optional[tuple[str, list[int]]] = None  # (text, clause starts): set by assemble
        self.up = set(ch.verbs.up)
        self.down = set(ch.verbs.down)
        self.re_change_before = re.compile(
            rf"(?P<verb>{_alt(ch.verbs.up + ch.verbs.down)})(?:了|幅为|幅达|幅度为|幅|率为|率)?"
            rf"(?:为|达到|达|约为|约|高达|超过|超|逾|近|仅|近乎|接近|将近|均|分别|分别为|合计)?\s?$")
        # the same change words anywhere in a window (for the direction of a change)
        self.re_change_any = re.compile(self.re_change_before.pattern.replace(r"\s?$", ""))
        self.re_to_level = re.compile(rf"(?:{_alt(ch.to_level)})\s?(?:了)?\s?$")
        self.re_postposed = re.compile(rf"^\s?的(?P<w>{_alt(ch.postposed.up + ch.postposed.down)})")
        self.post_up = set(ch.postposed.up)
        self.re_basis = {b: re.compile(_alt(getattr(ch.basis, b))) for b in ("yoy", "qoq", "mom")}
        self.basis_pairs = ch.basis.pairs
        basis_words = [*ch.basis.yoy, *ch.basis.qoq, *ch.basis.mom]
        self.re_signed_after_basis = re.compile(rf"(?:{_alt(basis_words)})\s?[:：]?\s?[+\-−]?$")
        self.re_basis_pair = re.compile(_alt(ch.basis.pairs)) if ch.basis.pairs else None
        self.re_forecast = re.compile(_alt(ch.forecast))
        self.re_negative_word = re.compile(_alt(ch.negative_values))
        self.re_negative = re.compile(rf"(?:{_alt(ch.negative_values)})(?:额|规模)?(?:为|达|约|超|近)?\s?$")
        self.re_doubling = re.compile(_alt(ch.doubling))
        self.re_comparative = re.compile(rf"(?:{_alt(ch.comparison)})\s?$")
        self.re_origin = re.compile(rf"(?:{_alt(ch.origin)})\s?$") if ch.origin else None
        ep = lex.entity_patterns
        self.re_business = re.compile(
            rf"(?P<name>[\u4e00-\u9fffA-Za-z0-9]{{2,14}}?(?:{_alt(ep.business_suffixes)}))")
        self.re_market = re.compile(rf"(?P<name>(?:[\u4e00-\u9fffA-Za-z0-9()（）]{{2,16}}?)?(?:{_alt(ep.market_suffixes)}))")
        self.anaphora = set(ep.anaphora.get("company", []))
        self.market_suffixes = sorted(ep.market_suffixes, key=len, reverse=True)
        self.market_suffix_set = set(ep.market_suffixes)
        self.re_market_head = re.compile(f"(?:{_any(ep.market_suffixes)})")
        self.re_industry_product = re.compile(_alt(ep.industry_products)) if ep.industry_products else None
        self.industry_metrics = set(ep.industry_metrics)
        self.listed_metrics = set(ep.listed_company_metrics)
        self.re_segments = segment_list(lex.relations.segment_lists) if lex.relations.segment_lists else None
        # a segment's name is no verb phrase (发放股息) and holds no metric word (减持)
        self.re_verb_start = re.compile(_alt([*ep.object_verbs, *ep.report_verbs]))
        self.metric_words = re.compile(_alt(s for m in lex.metrics.metrics for s in m.synonyms if not s.isascii()))
        self.generic_markets = set(ep.generic_markets)
        self.re_country = re.compile(rf"(?:{_alt([*ep.countries, '我国', '全国'])})(?![\u4e00-\u9fff]{{0,2}}(?:公司|集团|银行))") \
            if ep.countries else None
        self.home_country = {loc.currency: loc.country for loc in lex.locales.locales if loc.country}
        measures = lex.units.measure_units
        self.price_qualifiers = set(lex.units.price_qualifiers)
        self.re_measure = re.compile(_alt(measures)) if measures else None
        self.re_per_measure = re.compile(rf"每(?:{_alt(measures)})[^，。；]{{0,2}}$") if measures else None
        # 主要业务, 其他业务: a modifier and a unit noun name no unit
        self.re_generic_unit = re.compile(rf"^(?:{_alt(ep.generic_unit_modifiers)})(?:{_alt(ep.business_suffixes)})$")
        self.re_group_anaphor = re.compile(rf"(?:{_alt(ep.group_anaphora)})$")
        # 某某子公司，该公司…: these point back to the company named last, not to the article's main company
        self.re_pointing = re.compile(_alt(ep.pointing_anaphora)) if ep.pointing_anaphora else None
        self.re_source_before = re.compile(rf"(?:{_alt(ep.source_before)})$")
        self.re_provider = re.compile(rf"(?:{_alt(ep.service_roles)})(?:分别)?(?:为|是|：|:|包括)") \
            if ep.service_roles else None
        self.re_source_after = re.compile(rf"^(?:最新|近期|日前|此前)?(?:{_alt(ep.source_after)})")
        self.re_anaphora = re.compile(_alt(ep.anaphora.get("company", [])))
        self.re_lead_strip = re.compile(
            r"^(?:[、，,：:；;\s]|其中|此外|同时|另外|虽然|尽管|即使|即便|由于|因为|不过|然而|可是|只是|而且|并且|但是|"
            r"而|且|并|但|也|还|则|从|其(?![他它余次])|公司|该公司|本公司|报告期内|期内|"
            r"最多可|最高可|可(?![比能])|拟|计划|此次|本次|我们预计|预计|预测|对应|上调|下调|维持|给予|"
            r"[昨今前]?[（(][^（）()]{1,12}[)）]日?|公布|发布|宣布|自结|公告称|公告|以来|至今|迄今|整体|"
            r"实现|录得|完成|取得|的|在|对|于|年度|全年|单季|当季|累计|合计|共计|整体|总体|总|由此[\u4e00-\u9fff]{0,4}的)+")
        self.re_respective = re.compile(r"分别(?:同比|环比|较上年|比上年)?(?:增长|增加|上升|上涨|提升|下降|减少|下滑|下跌|降低"
                                        r"|增|减|升|降|涨|跌)")
        # between two metrics of a list: 营业收入、净利润 / 营收和扣非净利润 / 收入、拨备前利润 (a modifier may follow)
        self.re_metric_sep = re.compile(r"[\u4e00-\u9fffA-Za-z]{0,6}[、和及与]|[、和及与][\u4e00-\u9fffA-Za-z]{1,6}")
        self.metrics_by_id = {m.id: m for m in lex.metrics.metrics}
        self.other = self.metrics_by_id.get("other")
        self.pe = self.metrics_by_id.get("pe_ratio")
        self.share = self.metrics_by_id.get("share")
        self.scale = self.metrics_by_id.get("scale")
        # ratios a product line has of its own (its share of revenue, its margins)
        self.line_ratios = set(lex.facts.line_ratio_metrics)
        open_heads = [w for m in lex.metrics.metrics if m.open for w in m.synonyms]
        self.re_open_tail = re.compile(rf"(?:{_alt(open_heads)})$") if open_heads else None
        ov = lex.entity_patterns.object_verbs
        self.re_object_verb = re.compile(rf"(?:{_any(ov)})(?:了|有)?(?:[\u4e00-\u9fff]{{0,2}})$")
        # 出售了乙公司, 占乙公司总股本的: an entity named as what is traded or as the base of a stake
        self.re_object_before = re.compile(rf"(?:{_alt(ov)})(?:了|有)?$|占$" if ov else r"占$")
        self.re_stake_base = re.compile(_alt(ep.stake_bases)) if ep.stake_bases else None
        self.re_each = re.compile(r"各以|各自|分别")
        # a clause of a share over a base: 占总股本的, 占全年净利润
        share_clause = r"\s?(?:合计|共计|共|约|分别|均)?占"
        self.re_share_clause = re.compile(r"[，,；;]" + share_clause)  # inside a stretch of text
        self.re_share_open = re.compile(r"[，,；;]?" + share_clause)  # at a clause start
        self.re_lead_verbs = re.compile(r"(?:实现|录得|完成|取得|达到|达|为|是|约为|有|共|获得|带来)$")

    # -- main entry ----------------------------------------------------------------------------
    def assemble(self, article_id: str, text: str, values: list[Quantity], periods: list[PeriodMention],
                 ents: ArticleEntities, metrics: list[MetricMention], ctx: FactContext) -> list[tuple[_Open, str]]:
        facts: list[_Open] = []
        # where each clause of the text begins (after a separator): a memo of this article's, held with the text it
        # is of, so a clause start asked of any other text (or by another caller meanwhile) is found by the scan
        self._clause_index = (text, [m.end() for m in _RE_CLAUSE_SEP.finditer(text)])
        occupied = bytearray(len(text) + 1)  # positions inside a period (or a figure taken already)
        for pm in periods:
            occupied[pm.start:pm.end] = b"\x01" * (pm.end - pm.start)
        in_entity = bytearray(len(text) + 1)  # positions inside an entity name
        for m in ents.mentions:
            in_entity[m.start:m.end] = b"\x01" * (m.end - m.start)
        # 主要业务包括航空运输（占比40%）、酒店经营（35%）: each unit's share, from its bracket
        if self.re_segments is not None and ctx.main is not None:
            facts += self._segment_shares(text, values, occupied, ctx)
        # the lists are sorted by start: each sentence takes its slice by bisection, not by a scan
        v_starts, p_starts, m_starts = [q.start for q in values], [p.start for p in periods], [m.start for m in metrics]
        mentions = ents.mentions  # (sorted by start, as the entity finder leaves them)
        e_starts = [m.start for m in mentions]
        for sm in _SENT.finditer(text):
            s0, s1 = sm.start(), sm.end()
            sent_values = [q for q in values[bisect_left(v_starts, s0):bisect_left(v_starts, s1)] if q.end <= s1]
            sent_periods = periods[bisect_left(p_starts, s0):bisect_left(p_starts, s1)]
            sent_metrics = metrics[bisect_left(m_starts, s0):bisect_left(m_starts, s1)]
            sent_ents = [m for m in mentions[bisect_left(e_starts, s0):bisect_left(e_starts, s1)]
                         if m.ref.type != "person" and not self._is_source(text, m, s0)]
            self._sentence(text, s0, s1, sent_values, sent_periods, sent_metrics, sent_ents, ents, ctx, facts,
                           occupied, in_entity)
        # a change stated alone that the article states again with its figure (a headline: 营收同比增长21% ...
        # 腾讯云收入达120亿元，同比增长21%) is the same fact: the fuller statement stands
        full = {(name, f.metric.id, f.change_pct, f.change_pp) for f in facts
                if f.value is not None and (f.change_pct is not None or f.change_pp is not None)
                for name in (f.entity.name, f.entity.parent) if name}  # the unit's figure restates its group's
        facts = [f for f in facts
                 if f.value is not None or (f.entity.name, f.metric.id, f.change_pct, f.change_pp) not in full]
        out = []
        for f in facts:
            if not self._fits(f):
                if f.change_pct is None and f.change_pp is None and f.change_abs is None:
                    continue
                f.value = None  # 总资产增长8.5%: the change stands without the stray value
            out.append((f, article_id))
        return out

    def _segment_shares(self, text: str, values: list[Quantity], occupied, ctx) -> list["_Open"]:
        out = []
        share = self.share
        if share is None:
            return out
        for m in self.re_segments.finditer(text):
            owner = ctx.subject or ctx.main
            for it in SEGMENT_ITEM.finditer(m.group("list")):
                if not it.group("share"):
                    continue
                a, b = m.start("list") + it.start("share"), m.start("list") + it.end("share")
                qs = [q for q in values if a <= q.start and q.end <= b and q.kind == "percent"]
                if len(qs) != 1:
                    continue
                q = qs[0]
                unit = EntityRef(name=it.group("name"), type="business", parent=owner.name)
                f = _Open(entity=unit, metric=share, metric_text=share.name, metric_end=q.start,
                          start=m.start("list") + it.start("name"), end=q.end, value=q, rule="fact.segment_share")
                occupied[q.start:q.end] = b"\x01" * (q.end - q.start)
                out.append(f)
        return out

    @staticmethod
    def _fits(f: "_Open") -> bool:
        """A value its metric can take: an amount is money (收入113家 is no revenue), a level percent belongs to
        a ratio (占归母净利润的45%: a share of profit, not the profit), a ratio is no count of things (增速…一个),
        a count is no money, and a price no count (价格…又一次)."""
        q, kind = f.value, f.metric.kind
        if q is not None and (q.kind == "rank") != (kind == "rank"):
            return False  # a rank is a figure of a ranking alone (第三大股东 is no count of shareholders)
        if q is None or f.metric.id == "market_size":
            return True
        counted = q.kind == "count" and q.unit != "count"  # 55个, 3家: a number of things
        if kind in ("flow", "stock"):  # a flow is no multiple either (回报20倍); a valuation may be (估值8.5X)
            return q.kind != "percent" and not (kind == "flow" and (counted or q.kind == "multiple"))
        if kind == "ratio":
            return q.kind != "money" and not (counted and not f.metric.when_count)
        if kind == "count":
            return q.kind != "percent" and (q.kind != "money" or f.metric.money_ok)
        if kind == "price":
            return q.kind not in ("percent", "multiple") and not counted
        return True

    # -- one sentence --------------------------------------------------------------------------
    def _sentence(self, text, s0, s1, sent_values, sent_periods, sent_metrics, sent_ents, ents, ctx, facts,
                  occupied, in_entity) -> None:
        # update the period context with explicit periods of this sentence (before its first value)
        usable = [q for q in sent_values if self._usable(q, text, occupied, in_entity)]
        first_val = usable[0].start if usable else s1
        for pm in sent_periods:
            if pm.start < first_val:
                self._update_period_ctx(pm, ctx, text, s0)
        # subject carried: the first company/business entity of the sentence when it opens a clause
        opened: list[_Open] = []
        multi = [p for p in sent_periods if p.years or p.years_back or p.rel_years or (p.quarter_end and not p.cumulative)]
        # zip lists: years / quarters over values of one metric
        zipped_periods: dict[int, Period] = {}
        if multi:
            plist = expand(multi[0], ctx.periods)
            after = [q for q in usable if q.start > multi[0].end]
            levels, prev_change = [], None
            for q in after:  # (a list of changes after a change: 同比增长15%、18%、15%)
                if self._is_change(text, q, s0) or prev_change is not None and q.kind == prev_change.kind \
                        and self._list_joined(text, prev_change, q):
                    prev_change = q
                else:
                    prev_change = None
                    levels.append(q)
            if len(plist) >= 2 and len(levels) >= len(plist):
                for q, p in zip(levels[:len(plist)], plist):
                    zipped_periods[q.start] = p
                # 2024-2026年EPS分别为1.2/1.4/1.6元，对应PE分别为25/21/18倍: a further list as long, each member
                # joined to the next, takes the same years
                rest = levels[len(plist):]
                while len(rest) >= len(plist) and all(
                        self._list_joined(text, a, b) for a, b in zip(rest[:len(plist)], rest[1:len(plist)])):
                    for q, p in zip(rest[:len(plist)], plist):
                        zipped_periods[q.start] = p
                    rest = rest[len(plist):]
        # (lists are zipped with figures: a sentence with none has nothing to zip)
        zipped_metrics, change_sign = self._zip_metric_lists(text, s0, s1, usable, sent_metrics) if usable else ({}, {})
        zipped_entities = self._zip_entity_lists(text, s1, usable, sent_ents) if usable else {}
        last: Optional[_Open] = None
        respective: list[_Open] = []  # facts of a metric list, waiting for 分别 changes (分别增长5%、8%)
        resp_sign: Optional[int] = None
        resp_end = -1
        skipped_end = -1  # the end of the last figure left out as a metric the lexicon does not know
        pending = 0  # the metric mentions not yet passed
        for q in usable:
            clause_start = self._clause_start(text, q.start, s0)
            while pending < len(sent_metrics) and sent_metrics[pending].end <= q.start:
                self._industry_topic(text, sent_metrics[pending], sent_ents, ctx)
                pending += 1
            if not respective and last is not None and q.kind in ("percent", "pp") \
                    and self.re_respective.search(text[max(s0, q.start - 10):q.start]):
                # 内销1.8万台和出口3200台，分别同比增长21%、33%: the figures of the clause before, in order
                prev_cs = self._clause_start(text, last.start, s0)
                group = [f for f in opened if f.start >= prev_cs and f.value is not None and f.change_pct is None
                         and f.change_pp is None and f.change_abs is None]
                if len(group) >= 2:
                    respective, resp_sign, resp_end = group, None, -1
            if respective and q.kind in ("percent", "pp") and (
                    self.re_respective.search(text[max(s0, q.start - 10):q.start]) or
                    resp_sign is None and respective[0].value is not None and respective[0].value.start in
                    zipped_periods and self._is_change(text, q, s0) and len(respective) > 1 or
                    resp_sign is not None and _LIST_SEP.fullmatch(text, resp_end, q.start)):
                # (a list over years takes a list of changes in order: …分别为12、14、16亿元，同比增长15%、18%、15%)
                f = respective.pop(0)
                if resp_sign is None:
                    resp_sign = self._direction(text, q, s0)
                v = q.value * resp_sign
                if q.kind == "percent":
                    f.change_pct = v
                else:
                    f.change_pp = v
                f.basis = self._basis(text[clause_start:q.start]) or f.basis
                f.end = max(f.end, q.end)  # (the evidence holds the change too)
                resp_end = q.end
                continue
            is_change = q.kind != "rank" and (
                self._is_change(text, q, s0) or bool(self.re_postposed.match(text[q.end:q.end + 4])) or
                q.start in change_sign or self._next_of_changes(text, q, last, clause_start))
            post_mm = self._postposed_metric(text, q, sent_metrics, clause_start)
            mm = post_mm or zipped_metrics.get(q.start) or self._nearest_metric(sent_metrics, q.start, s0,
                                                                                      q.kind == "rank")
            share_owner = None
            if not is_change and q.kind == "percent" and mm is not None and post_mm is None:
                share = self._share_of(text, q, mm, sent_metrics, s0)
                if share is not mm and last is not None and last.value is not None and (
                        last.metric.share_of == share.metric.id or share.metric.when_count == last.metric.id):
                    share_owner = last.entity  # 甲计划减持…，数量不超过总股本的2%: the seller's share
                mm = share
            if is_change and q.kind == "percent" and mm is not None and mm.metric.id == "growth_rate" \
                    and self.re_level_link.fullmatch(text[mm.end:q.start]):
                is_change = False  # 增长率超过30%, 增速放缓至12%: the rate is the figure itself
            adj = self._adjacent_entity(text, q, sent_ents)
            holder = None
            verb = self.re_object_verb.search(text, max(s0, adj.start - 6), adj.start) if adj is not None else None
            if verb is not None:
                # 甲仍持有乙公司3亿股: 乙公司 is what is held; the figure is the holder's
                before = [m for m in sent_ents if m.end <= verb.start() and m.ref.name != adj.ref.name
                          and not self._is_object(text, m, s0)]
                holder = before[-1].ref if before else (ctx.subject or ctx.main)
                adj = None
            carried = False
            if adj is not None and last is not None and not is_change and post_mm is None and \
                    not any(clause_start <= m.start and m.end <= q.start for m in sent_metrics):
                # 苹果占30%,三星25%: the list goes on with the last metric
                mm = MetricMention(adj.start, adj.start, last.metric_text, last.metric)
                carried = True
            if is_change and post_mm is None and (mm is None or mm.end <= clause_start) \
                    and q.start not in zipped_metrics:
                unknown = self._unknown_change_phrase(text, clause_start, q, sent_ents, occupied)
                if unknown is _NO_FIGURE:
                    skipped_end = q.end
                    continue  # …，不受大盘重挫逾百点: no figure this change could be of
                if unknown is not None:
                    mm = unknown  # 关注类贷款较年初增加5亿元: the change of a figure the lexicon does not know
            # a change right after a comparison base belongs to the figure compared with it
            if is_change and last is not None and last.base_of is not None and (
                    mm is None or mm.end <= last.metric_end) and self._slot_free(last.base_of, q):
                target = last.base_of
                self._add_change(target, text, q, clause_start, s0)
                if target.basis is None and target.period is not None and last.period is not None and \
                        target.period.kind == last.period.kind == "year" and \
                        int(target.period.label) - int(last.period.label) == 1:
                    target.basis = "yoy"  # against the year before
                target.end = max(target.end, q.end)
                continue
            # a change right after a fact of the same metric belongs to it
            if is_change and last is not None and (mm is None or mm.end <= last.metric_end or
                                                   mm.metric.id == last.metric.id and
                                                   (mm.metric is not self.other or mm.text == last.metric_text)):
                if self._slot_free(last, q):
                    self._add_change(last, text, q, clause_start, s0)
                    last.end = max(last.end, q.end)
                    continue
                if last.value is not None and q.start - last.end <= 12 and not any(
                        last.end <= m.start < q.start for m in sent_ents):  # (甲…，乙跌0.3%: 乙's, not a twin)
                    # 销量2.1万台，同比增长12%，环比增长150%: the same figure with a second change, a fact of its own
                    twin = replace(last, change_pct=None, change_abs=None, change_pp=None, basis=None,
                                   rule="fact.change")
                    self._add_change(twin, text, q, clause_start, s0)
                    twin.end = max(last.end, q.end)
                    facts.append(twin)
                    opened.append(twin)
                    continue
            changed_unit = None
            if mm is None and is_change and q.kind == "percent" and self.scale is not None:
                changed_unit = self._changed_unit(text, clause_start, q, sent_ents)
                if changed_unit is not None:
                    mm = MetricMention(q.start, q.start, self.scale.name, self.scale)  # 某业务出现14%的萎缩
            if not is_change and post_mm is None and (mm is None or mm.end <= clause_start) and q.kind == "count":
                added = self._added_things(text, clause_start, q, sent_ents, occupied)
                if added is not None:
                    mm = added  # 新增挂牌企业8家: the number of things added
            if mm is None:
                continue
            # (生产甲5万吨，乙2.5万吨: a clause right after a figure, after a comma, goes on with its metric)
            continues = last is not None and last.value is not None and clause_start >= 1 \
                and text[clause_start - 1] in "，," and text[last.value.end:clause_start - 1].strip() == ""
            if not is_change and post_mm is None and q.start not in zipped_metrics and mm.end <= clause_start \
                    and not continues and self._own_unknown_metric(text, clause_start, q, sent_ents, occupied):
                skipped_end = q.end
                continue  # 保费收入2150亿元；新业务价值达312亿元: a figure of a metric the lexicon does not know
            if not is_change and last is not None and last.value is not None \
                    and q.kind in (last.value.kind, "number", "count") \
                    and self.re_milestone.fullmatch(text, clause_start, q.start) and q.value <= last.value.value \
                    and len(q.text.rstrip("元亿万兆美港台币")) <= 3:
                continue  # 总资产达1.23万亿元，迈上1万亿: the round mark the figure passed, no figure of its own
            if is_change and skipped_end >= 0 and q.start - skipped_end <= 12 and not any(
                    skipped_end <= m.start < q.start for m in sent_metrics):
                skipped_end = q.end
                continue  # …，同比增长35%: the change of that figure goes with it
            # a level after a change-only fact of the same metric fills it
            if not is_change and last is not None and last.value is None and mm.start < last.start + 999 and \
                    mm.metric.id == last.metric.id and (mm.end <= last.metric_end or (
                        _NEXT_CLAUSE.fullmatch(text, last.end, mm.start) and mm.start >= clause_start)):
                # (营收成长12%，营收净额也升至900亿元: the next clause, opening with the metric, states the level)
                self._set_value(last, q, text, s0, ctx)
                last.end = max(last.end, q.end)
                continue
            entity = adj.ref if adj is not None else (holder or share_owner or zipped_entities.get(q.start) or
                                                      self._subject(text, mm, s0, q, sent_ents, ents, ctx))
            commodity = self._commodity(text, q, mm, s0, sent_ents) if adj is None else None
            if commodity is not None:
                entity = commodity  # 碳酸锂价格由每吨50万元…: the price of a commodity, not of a company
            if adj is None and last is not None and last.entity.type == "business":
                ms = self._clause_start(text, mm.start, s0)
                if _ITS.match(text, ms) and not any(ms <= m.start < mm.start for m in sent_ents):
                    entity = last.entity  # 创新药营收占比近五成，而其毛利率为四成: 其 is the unit just named
            if changed_unit is not None:
                entity, metric_text = changed_unit, mm.text
            elif entity is None:
                # no company in sight: a market named before the metric is the subject (中国平板市场出货量)
                market, metric_text = self._refine_subject(text, mm, _NOBODY, s0, ctx, sent_ents, occupied)
                if market.type != "market":
                    continue
                entity = market
            elif adj is None and q.start in zipped_entities:
                metric_text = mm.text
            elif adj is None:
                entity, metric_text = self._refine_subject(text, mm, entity, s0, ctx, sent_ents, occupied)
                if q.start in zipped_metrics and "、" in metric_text:
                    metric_text = metric_text.rsplit("、", 1)[1] or mm.text  # its own item of the metric list
                if post_mm is not None:
                    metric_text = mm.text  # 给予30倍PE: the phrase before holds the value, not the metric
            else:
                metric_text = mm.text
            if _ARABIC.search(metric_text):
                # 内销1.8万台和出口3200台: the phrase of the member after the last figure
                metric_text = re.split(r"[和及与、，,]", metric_text)[-1] or mm.text
            if mm.metric is self.other:
                metric_text = mm.text  # the phrase itself names the figure
            if mm.end > mm.start and mm.text != text[mm.start:mm.end]:
                metric_text = mm.metric.name  # one member of a compound (产销 -> 产量, 销量)
            if mm.start == mm.end and mm.metric.kind == "rank":
                metric_text = mm.text  # 第三大股东: the ranking itself is the metric
            elif mm.start == mm.end:  # a move word stands for the metric: 涨幅达 -> 涨幅
                metric_text = self.re_linking_tail.sub("", metric_text) or metric_text
            if mm.metric.id == "share_price" and entity.type == "market" and "index_level" in self.metrics_by_id:
                mm = MetricMention(mm.start, mm.end, mm.text, self.metrics_by_id["index_level"])  # 某指数涨幅达…
            start = adj.start if carried else min(mm.start, q.start)
            if mm.metric.id in self.listed_metrics and entity.parent and adj is None and entity.type == "company":
                # 归属于上市公司股东的净利润 carried from a subsidiary's sentence: the listed parent's figure
                entity = ents.refs.get(entity.parent) or EntityRef(name=entity.parent, type="company")
            f = _Open(entity=entity, metric=mm.metric, metric_text=metric_text, metric_end=mm.end,
                      start=start, end=max(q.end, mm.end))
            f.period = zipped_periods.get(q.start) or self._period_for(q, sent_periods, ctx, text, s0, mm)
            if mm.metric is self.other and f.period is not None and f.period.kind != "instant" and \
                    f.period.end is not None and _INSTANT_BASE.search(text, clause_start, q.start):
                f.period = instant_period(f.period.end)  # 较年初增加5亿元: a balance, at the period's end
            f.forecast = bool(self.re_forecast.search(text[clause_start:q.start])) or bool(
                self.re_forecast.search(text[max(s0, mm.start - 8):mm.start])) or (
                q.start in zipped_periods and any(o.forecast for o in opened if o.value is not None
                                                  and o.value.start in zipped_periods))  # one forecast, many lists
            if q.start in change_sign:
                self._add_change(f, text, q, clause_start, s0, change_sign[q.start])
                f.rule = "fact.change"
            elif is_change:
                self._add_change(f, text, q, clause_start, s0)
                f.rule = "fact.change"
            else:
                self._set_value(f, q, text, s0, ctx)
                if last is not None and last.metric.id == f.metric.id and last.value is not None and \
                        _BASE_BEFORE.search(text, clause_start, q.start):
                    f.base_of = last
            facts.append(f)
            opened.append(f)
            last = f
            if q.start in zipped_metrics and not is_change:
                respective.append(f)
            elif q.start in zipped_periods and not is_change:
                if respective and (respective[-1].metric.id != f.metric.id or respective[-1].period is None
                                   or respective[-1].period == f.period):
                    respective.clear()  # a list over years begins
                respective.append(f)
        # 与2019年同期相比，甲增长超20%，乙增长超100%: a basis stated before the sentence's first figure is the basis
        # of its changes that state none
        first = usable[0].start if usable else s1
        lead_basis = self._basis(text[s0:first]) if usable else None
        if lead_basis is not None:
            for f in opened:
                if f.basis is None and (f.change_pct is not None or f.change_pp is not None or f.change_abs is not None):
                    f.basis = lead_basis
        # the subject of this sentence carries to the next: the company a pointing anaphor refers to (…如某某公司，
        # 该公司主营…), else the first company opening a clause
        if self.re_pointing is not None:
            points = [p for p in self.re_pointing.finditer(text, s0, s1)]
            named = [m for m in sent_ents if points and m.end <= points[-1].start() and m.ref.type == "company"]
            if named:
                ctx.subject = named[-1].ref
                return
        for m in sent_ents:
            if m.ref.type in ("company", "business") and not self._adjacent_to_value(m, usable) and (m.start == s0 or text[m.start - 1] in "，,。；;：: \n“\""
                                                           or m.start - s0 < 12):
                ctx.subject = m.ref
                break

    # -- helpers -------------------------------------------------------------------------------
    def _usable(self, q: Quantity, text: str, occupied, in_entity) -> bool:
        if q.kind == "money":
            b = max(text.rfind("（", max(0, q.start - 8), q.start + 1), text.rfind("(", max(0, q.start - 8), q.start + 1))
            if b > 0 and _CONVERSION.match(text, b - 1) and not any(c in text[b:q.start] for c in "）)"):
                return False  # 20亿港元（约合新台币80亿元）: the bracket converts the amount before it
        if q.kind == "number":
            # bare numerals: only with a magnitude word (199.8亿) -- the unit comes from the metric
            if not any(c in q.text for c in "万亿兆"):
                return False
        if occupied.find(1, q.start, q.end) >= 0:
            return False
        if q.kind == "count" and q.unit == "家" and q.start > 0 and in_entity[q.start - 1] and \
                not _ARABIC.search(q.text):
            return False  # 甲、乙、丙三家: the size of the list just named, not a figure
        if in_entity[q.start]:
            return False
        # codes and ordinals: 第3, AB1234, (5678)
        before = text[max(0, q.start - 1):q.start]
        if before in ("第",):
            return False
        # ranks: 前十名, 前三大, 前5强 (a position in a ranking, not an amount)
        if before == "前" and q.kind in ("count", "number"):
            return False
        if q.kind == "count" and q.unit in ("人",) and q.value < 10:
            return False
        # 两次, 一个: a few occasions or things spelled in Chinese are description, not a reported figure
        if q.kind == "count" and q.unit in ("个", "次") and q.value < 10 and not _ARABIC.search(q.text):
            return False
        # 千元, 百亿: a bare magnitude is a tier (千元机, 突破千元), 几十亿 and 数十亿 a vague magnitude: no figure
        if _BARE_OR_BLUR.match(q.text):
            return False
        # 一元, 两元: an amount spelled in a single Chinese digit is an illustration, not a reported figure
        if q.kind == "money" and q.value < 10 and re.fullmatch(r"[一二两三四五六七八九十]", q.text[:1]) \
                and not any(c in q.text for c in "万亿兆"):
            return False
        return True

    def _is_object(self, text: str, m: EntityMention, s0: int) -> bool:
        """乙公司 in 出售了乙公司N股 or 占乙公司总股本的X%: the thing traded or the base of a stake; 乙银行 in
        甲是乙银行的第二大股东: the base of a ranking."""
        if _RANK_BASE.match(text, m.end):
            return True
        if m.start == s0 or text[m.start - 1] in _CLAUSE_SEP:
            return False
        w = self.re_object_before.search(text, max(s0, m.start - 4), m.start)
        if w is None:
            return False
        if w.group(0) == "占":
            return self.re_stake_base is not None and self.re_stake_base.match(text, m.end) is not None
        return True

    def _is_source(self, text: str, m: EntityMention, s0: int) -> bool:
        """据某机构, 某机构数据显示: a cited source; 保荐人为甲、乙: a service provider. Neither is a subject."""
        if self.re_provider is not None and self.re_provider.search(text, self._clause_start(text, m.start, s0),
                                                                      m.start):
            return True
        return bool(self.re_source_before.search(text[max(s0, m.start - 2):m.start])
                    or self.re_source_after.match(text[m.end:m.end + 6]))

    @staticmethod
    def _adjacent_entity(text: str, q: Quantity, sent_ents: list[EntityMention]) -> Optional[EntityMention]:
        """An entity right before the value names its subject: 某某股份(12.34亿元), 三星25%, 苹果占30%."""
        for m in reversed(sent_ents):
            if m.end <= q.start and q.start - m.end <= 3:
                if re.fullmatch(r"\s?(?:[（(]|占比?|为|达|约|以)?\s?", text[m.end:q.start]):
                    return m
                return None
            if m.end <= q.start:
                return None
        return None

    @staticmethod
    def _adjacent_to_value(m: EntityMention, values: list[Quantity]) -> bool:
        return any(0 <= q.start - m.end <= 3 for q in values)

    def _postposed_metric(self, text: str, q: Quantity, sent_metrics: list[MetricMention],
                          clause_start: int) -> Optional[MetricMention]:
        """The metric after its value: 以35%的份额排名首位 (after 的), 实现120亿元营收 / 发放1.2元现金股利 / 给予30倍PE
        (right after an amount or a multiple, when the clause names no metric before the value)."""
        alone = not any(clause_start <= x.start and x.end <= q.start for x in sent_metrics)  # no metric before
        for m in sent_metrics:
            if m.start >= q.end and text[q.end:m.start] == "的" and m.metric.kind in ("ratio",):
                return m
            if m.start == q.end and q.kind == "multiple" and m.metric.id == "valuation" and self.pe is not None \
                    and alone:
                return MetricMention(m.start, m.end, m.text, self.pe)  # 给予30倍估值: a multiple of earnings
            if m.start == q.end and q.kind == "percent" and m.metric.kind == "ratio" and alone:
                return m  # 保持33%分红率
            if m.start == q.end and q.kind == "percent" and m.metric.kind in ("count", "flow") and self.share \
                    and not self.re_lead_only.sub("", self.re_lead_strip.sub("", text[clause_start:q.start])) and alone:
                return MetricMention(m.start, m.end, m.text, self.share)  # 其中90%国际配售: that part's share
            if m.start == q.end + 1 and text[q.end] == "的" and m.metric.kind == "flow" \
                    and (q.kind == "money" or q.kind == "number" and any(c in q.text for c in "万亿")) and alone:
                return m  # 一共3.6亿的投资
            if m.start == q.end and (q.kind == "money" and m.metric.kind in ("flow", "stock", "price")
                                     or q.kind == "count" and m.metric.kind == "count"
                                     or q.kind == "money" and m.metric.money_ok
                                     or q.kind == "multiple" and m.metric.kind == "multiple") and alone:
                return m
        return None

    def _clause_start(self, text: str, pos: int, s0: int) -> int:
        """Where the clause holding ``pos`` begins: after the last clause separator in [s0, pos), else s0."""
        index = self._clause_index
        if index is not None and index[0] is text:  # (the article being assembled: its separators, by bisection)
            ends = index[1]
            k = bisect_right(ends, pos)
            return ends[k - 1] if k and ends[k - 1] > s0 else s0
        i = pos
        while i > s0 and text[i - 1] not in _CLAUSE_SEP:
            i -= 1
        return i

    def _is_change(self, text: str, q: Quantity, s0: int) -> bool:
        if q.kind == "pp":
            return True
        left = text[max(s0, q.start - 10):q.start]
        if self.re_signed_after_basis.search(left) and (left.endswith(("+", "-", "−")) or q.value < 0):
            return True  # 同比+15%, yoy -3.2%: a signed figure after a basis word is a change
        if q.kind == "percent" and _SIGNED_BRACKET.search(left):
            return True  # 营收85.6亿元（+12.3%）: a signed percent in brackets after a figure is its change
        m = self.re_change_before.search(left)
        # 增至50亿元 is a level; 增长高达12%, 成长达8% are changes
        pct_change = m is not None and q.kind == "percent" and not self.re_to_level.search(m.group("verb"))
        if self.re_to_level.search(left) and not re.search(r"(?:幅|率)(?:为|达)?\s?$", left) and not pct_change:
            return False
        if not m:
            return False
        verb = m.group("verb")
        if q.kind in ("money", "count", "number") and verb in ("增至", "降至", "减至", "跌至"):
            return False
        return True

    def _direction(self, text: str, q: Quantity, s0: int) -> int:
        left = text[max(s0, q.start - 12):q.start]
        if q.value > 0 and re.search(r"[-−]\s?$", left) and (self.re_signed_after_basis.search(left)
                                                             or _SIGNED_BRACKET.search(left)):
            return -1  # qoq-3.2%: the sign is written apart from the figure
        m = None
        for m in self.re_change_any.finditer(left):
            pass
        post = self.re_postposed.match(text[q.end:q.end + 4])
        if post:
            return 1 if post.group("w") in self.post_up else -1
        if m is not None:
            return -1 if m.group("verb") in self.down else 1
        return 1

    def _slot_free(self, f: _Open, q: Quantity) -> bool:
        if q.kind == "percent":
            return f.change_pct is None
        if q.kind == "pp":
            return f.change_pp is None
        return f.change_abs is None

    def _add_change(self, f: _Open, text: str, q: Quantity, clause_start: int, s0: int,
                    sign: Optional[int] = None) -> None:
        if sign is None:
            sign = self._direction(text, q, s0)
        v = q.value * sign
        if q.kind == "percent":
            f.change_pct = v
        elif q.kind == "pp":
            f.change_pp = v
        else:
            if q.kind == "number" and f.value is not None:
                q = q.model_copy(update={"unit": f.value.unit})
            f.change_abs = v
            f.change_unit = q.unit or None
        basis = self._paired_basis(text, clause_start, q) or self._basis(text[clause_start:q.start]) \
            or self._basis(text[max(s0, f.start - 6):f.start]) or self._basis(text[f.start:q.start])
        if basis:
            f.basis = basis

    def _commodity(self, text: str, q: Quantity, mm: MetricMention, s0: int,
                   sent_ents: list[EntityMention]) -> Optional[EntityRef]:
        """碳酸锂价格由每吨50万元…, 铜现货价格为6.8万元/吨: a price per unit of measure, with no company named in
        its clause, is the price of the commodity named right before the price word."""
        if mm.metric.kind != "price" or self.re_measure is None:
            return None
        if not (q.per and self.re_measure.fullmatch(q.per)) and not self.re_per_measure.search(
                text, max(s0, q.start - 5), q.start):
            return None
        cs = self._clause_start(text, mm.start, s0)
        if any(cs <= m.start < q.start for m in sent_ents):
            return None
        parts = re.split(r"[的之]", text[cs:mm.start])
        head = parts[-1]
        if len(parts) > 1 and (not head or head in self.price_qualifiers):
            head = parts[-2]  # 铜的现货价格: the commodity is the 铜
        head = self.re_lead_strip.sub("", head)
        head = re.sub(r"^(?:我国|国内|全国|全球|国际|目前|当前)+", "", head)
        if (2 if len(parts) == 1 else 1) <= len(head) <= 6 and re.fullmatch(r"[\u4e00-\u9fff]+", head) and head not in self.anaphora \
                and not self.metric_words.search(head):
            return EntityRef(name=head, type="market")
        return None

    def _unknown_change_phrase(self, text: str, cs: int, q: Quantity, sent_ents, occupied) -> Optional[MetricMention]:
        """关注类贷款较年初增加5亿元: the noun phrase the lexicon does not know, named before the change verb of
        the value's own clause, as a mention of the open metric ``other``."""
        if self.other is None:
            return None
        m = self.re_change_before.search(text, max(cs, q.start - 12), q.start)
        if m is None:
            return None
        # (the phrase begins after an entity named in the clause: 某银行|关注类贷款较年初增加)
        start, raw = self._words_after_entity(text, cs, m.start(), sent_ents, occupied)
        raw = _COMPARED_TAIL.sub("", raw)
        raw = self.re_phrase_lead.sub("", self.re_modal_tail.sub("", raw))
        phrase = raw
        for rx in self.re_basis.values():  # 同比, 环比, 较上年 … are no noun phrase
            phrase = rx.sub("", phrase)
        if self.re_basis_pair is not None:
            phrase = self.re_basis_pair.sub("", phrase)
        phrase = self.re_adverbs.sub("", phrase)
        if any(start <= e.start < m.start() for e in sent_ents):
            return None
        # (合作伙伴数量: a generic head closing the phrase is part of its name, not a metric of the lexicon's)
        head = self.re_open_tail.search(phrase) if self.re_open_tail is not None else None
        if not (self._unknown_noun_phrase(phrase[:head.start()] if head else phrase, _HAN_ONLY)
                and not self.re_anaphora.search(phrase) and not self.re_move_words.search(phrase)):
            return None
        if self.re_no_figure.search(raw):
            return _NO_FIGURE  # 不受…, 某某指数, 主力合约: no figure's name (a clause, a market or a contract)
        return MetricMention(m.start(), m.start(), raw, self.other)

    def _own_unknown_metric(self, text: str, cs: int, q: Quantity, sent_ents, occupied) -> bool:
        """The value's own clause names, before it, a noun phrase of four characters or more that holds no metric
        word and no entity: the figure is of that phrase, not of a metric named in an earlier clause."""
        if any(cs <= m.start < q.start for m in sent_ents):
            return False
        phrase = self.re_lead_strip.sub("", _without_periods(text, cs, q.start, occupied))
        if self.re_move_words.search(phrase):
            return False
        phrase = self.re_linking_tail.sub("", phrase)
        return self._unknown_noun_phrase(phrase, _HAN_OR_LATIN) and not self.re_change_any.search(phrase) \
            and not self.re_negative_word.search(phrase)

    def _changed_unit(self, text: str, cs: int, q: Quantity, sent_ents) -> Optional[EntityRef]:
        """同期，某某业务出现9%的萎缩: a unit or market opening the clause of a change, with no metric
        named in the sentence, changed in its scale."""
        lead = self.re_lead_strip.sub("", text[cs:q.start])
        start = q.start - len(lead)
        if any(start <= e.start < q.start for e in sent_ents):
            return None
        m = self.re_business.match(text, start) or self.re_market.match(text, start)
        if m is None or not _UNIT_CHANGE_VERB.fullmatch(text, m.end(), q.start):
            return None
        name = m.group("name")
        if self.re_generic_unit.match(name) or name in self.generic_markets or len(name) < 4:
            return None
        if any(name.endswith(x) for x in self.market_suffixes):
            return EntityRef(name=name, type="market")
        return EntityRef(name=name, type="business")  # (whose unit it is the clause does not say)

    def _words_after_entity(self, text: str, cs: int, end: int, sent_ents, occupied) -> tuple[int, str]:
        """Where the words of a clause before ``end`` begin (after the last entity named in it) and those words,
        without periods and lead words."""
        named = [e.end for e in sent_ents if cs <= e.start and e.end <= end]
        start = named[-1] if named else cs
        return start, self.re_lead_strip.sub("", _without_periods(text, start, end, occupied))

    def _added_things(self, text: str, cs: int, q: Quantity, sent_ents, occupied) -> Optional[MetricMention]:
        """新增产品3只, 新开门店120家: a count of things added, named by the verb and its object."""
        if self.other is None:
            return None
        raw = self.re_linking_tail.sub("", self._words_after_entity(text, cs, q.start, sent_ents, occupied)[1])
        add = self.re_added.search(raw)  # (公募基金业务|新增产品3只: a unit may be named before the verb)
        raw = raw[add.start():] if add is not None else raw
        if add is None or not (4 <= len(raw) <= 12 and _HAN_OR_LATIN.fullmatch(raw)):
            return None
        return MetricMention(q.start, q.start, raw, self.other)

    def _unknown_noun_phrase(self, phrase: str, chars: "re.Pattern[str]") -> bool:
        """Four characters or more of ``chars``, not ending in a place word (后, 中 …), holding no metric word."""
        return len(phrase) >= 4 and chars.fullmatch(phrase) is not None and phrase[-1] not in "后前中内外上下" \
            and not self.metric_words.search(phrase)

    @staticmethod
    def _list_joined(text: str, a: Quantity, b: Quantity) -> bool:
        return _LIST_SEP.fullmatch(text, a.end, b.start) is not None

    def _next_of_changes(self, text: str, q: Quantity, last: Optional["_Open"], clause_start: int) -> bool:
        """同环比分别增长8%、3%: the value after a change, in a list after 分别, is a change too."""
        if last is None or q.kind not in ("percent", "pp") or not re.fullmatch(r"\s?[、和及与]\s?", text[last.end:q.start]):
            return False
        if (last.change_pct if q.kind == "percent" else last.change_pp) is None:
            return False
        return "分别" in text[clause_start:q.start]

    def _paired_basis(self, text: str, clause_start: int, q: Quantity) -> Optional[str]:
        """环同比分别下降2BP、6BP: the first change is against the last quarter, the second against last year."""
        if self.re_basis_pair is None:
            return None
        pairs = list(self.re_basis_pair.finditer(text, clause_start, q.start))
        if not pairs:
            return None
        first, second = self.basis_pairs[pairs[-1].group(0)]
        return second if re.search(r"[、，,和及/]", text[pairs[-1].end():q.start]) else first

    def _basis(self, s: str) -> Optional[str]:
        best, pos = None, -1
        for b, rx in self.re_basis.items():
            for m in rx.finditer(s):
                if m.start() > pos:
                    best, pos = b, m.start()
        return best

    def _set_value(self, f: _Open, q: Quantity, text: str, s0: int, ctx: FactContext) -> None:
        unit = q.unit
        kind = q.kind
        if kind == "number":  # 199.8亿 with no unit: money for money metrics, else a plain count
            if f.metric.kind in ("flow", "stock", "price"):
                kind, unit = "money", ctx.currency
            else:
                kind, unit = "count", "count"
        value = q.value
        # (a loss metric, 净亏损3亿元, holds the sign in its name: the figure stays positive)
        if self.re_negative.search(text[max(s0, q.start - 6):q.start]) and not (
                self.re_negative_word.search(f.metric.name) or self.re_negative_word.search(f.metric_text or "")):
            value = -value
        if kind == "count" and unit != "count" and f.metric.kind == "ratio" and f.metric.when_count:
            f.metric = self.metrics_by_id[f.metric.when_count]  # 持有3亿股: a number of shares, not a ratio
        f.value = q.model_copy(update={"value": value, "unit": unit, "kind": kind})

    def _industry_topic(self, text: str, m: MetricMention, sent_ents, ctx: FactContext) -> None:
        """5月起重机销量继续回升，大吨位销量3200台: an industry's product named right before an industry
        metric makes the industry the subject of the figures that follow."""
        if m.metric.id not in self.industry_metrics or self.re_industry_product is None:
            return
        p = None
        for p in self.re_industry_product.finditer(text, max(0, m.start - 10), m.start):
            pass
        if p is None or not re.fullmatch(r"(?:的|总|累计)?", text[p.end():m.start]) \
                or any(e.start < m.start and e.end > p.start() for e in sent_ents):
            return
        cs = self._clause_start(text, m.start, 0)
        if self.re_anaphora.search(text, cs, m.start) or any(cs <= e.start < m.start for e in sent_ents):
            return  # 其手机出货量, 某某公司挖掘机销量: the company's own
        ctx.subject = EntityRef(name=p.group(0) + "行业", type="market")

    def _share_of(self, text: str, q: Quantity, mm: MetricMention, sent_metrics: list[MetricMention],
                  s0: int) -> MetricMention:
        """A percent of a figure over a base is a ratio of its own: 减持1200万股，占总股本的3.5% and 减持不超过
        总股本3.5%的股份 (减持比例); 现金分红3亿元，占净利润的35% and 现金红利占比六成 (分红率). A share word in
        the 占 clause (占总股本比例约2%) stands for the figure's metric before it."""
        own = mm
        base_clause = self.re_share_open.match(text, self._clause_start(text, mm.start, s0), mm.start)
        if mm.metric.id == "share" or base_clause or self.re_stake_base is not None and \
                self.re_stake_base.fullmatch(mm.text):
            # the metric found names the share or its base (占当年净利润的, 总股本): the figure's is the one before
            # (the metrics named inside the 占 clause name its base: 占总股本比例)
            limit = base_clause.start() if base_clause else mm.start
            earlier = [m for m in sent_metrics if m.end <= limit]
            if not earlier:
                return mm
            own = earlier[-1]
            if not (base_clause or own.end == mm.start or self.re_stake_base is not None and
                    self.re_stake_base.fullmatch(mm.text)):
                return mm
        # (a ratio written as a count as well, 持有2亿股, is itself the share: 占总股本的8%)
        ratio = own.metric if own is not mm and own.metric.when_count else \
            self.metrics_by_id.get(own.metric.share_of) if own.metric.share_of else None
        if ratio is None:
            return mm
        between = text[own.end:q.start]
        if own is mm and not (self.re_share_clause.search(between) or self.re_stake_base is not None and
                              self.re_stake_base.search(between)):
            return mm
        if _SENT_BREAK.search(between):
            return mm
        return MetricMention(own.start, own.end, ratio.name, ratio)

    def _nearest_metric(self, mentions: list[MetricMention], pos: int, s0: int,
                        rank: bool = False) -> Optional[MetricMention]:
        """The last metric before ``pos``: a ranking's for a rank, another's for any other figure."""
        best = None
        for m in mentions:
            if m.end <= pos and (m.metric.kind == "rank") == rank:
                best = m
        return best

    def _zip_entity_lists(self, text, s1, values, sent_ents) -> dict[int, EntityRef]:
        """甲公司及乙公司……各以营收600亿元及580亿元 / 甲和乙的营收分别为X和Y: one entity a value, in order."""
        out: dict[int, EntityRef] = {}
        i = 0
        while i < len(sent_ents):
            group = [sent_ents[i]]
            j = i + 1
            while j < len(sent_ents) and _NAME_SEP.fullmatch(text[group[-1].end:sent_ents[j].start]):
                group.append(sent_ents[j])
                j += 1
            if len(group) >= 2:
                marker = self.re_each.search(text, group[-1].end, s1)
                if marker is not None and not any(group[-1].end < m.start < marker.start() for m in sent_ents):
                    vals = [q for q in values if q.start >= marker.end()][:len(group)]
                    if len(vals) == len(group) and len({q.kind for q in vals}) == 1 and all(
                            _FIGURE_SEP.fullmatch(text[a.end:b.start]) for a, b in zip(vals, vals[1:])):
                        for q, m in zip(vals, group):
                            out[q.start] = m.ref
            i = j
        return out

    def _zip_metric_lists(self, text, s0, s1, values, metrics) -> tuple[dict[int, MetricMention], dict[int, int]]:
        """营业收入、净利润分别为52亿、6.1亿 (a list of metrics, then as many values) -> one metric a value."""
        out: dict[int, MetricMention] = {}
        signs: dict[int, int] = {}  # value start -> sign, for lists of changes
        i = 0
        while i < len(metrics):
            group = [metrics[i]]
            j = i + 1
            while j < len(metrics) and (self.re_metric_sep.fullmatch(text[group[-1].end:metrics[j].start] or "x")
                                        and metrics[j].start - group[-1].end <= 7
                                        or metrics[j].start == group[-1].end and metrics[j].text == group[-1].text
                                        and metrics[j].metric.id != group[-1].metric.id):  # 产销: one word, two
                group.append(metrics[j])
                j += 1
            if len(group) >= 2:
                vals = [q for q in values if q.start >= group[-1].end]
                levels = [q for q in vals if not self._is_change(text, q, s0)][:len(group)]
                if len(levels) == len(group) and all(
                        _FIGURE_SEP_OPT.fullmatch(text[a.end:b.start]) for a, b in zip(levels, levels[1:])):
                    for q, m in zip(levels, group):
                        out[q.start] = m
                elif vals and self.re_respective.fullmatch(text[group[-1].end:vals[0].start]):
                    # 营收和净利润分别同比增长4%、11%: changes only, one a metric
                    changes = vals[:len(group)]
                    if len(changes) == len(group) and all(q.kind in ("percent", "pp") for q in changes) and all(
                            _FIGURE_SEP.fullmatch(text[a.end:b.start]) for a, b in zip(changes, changes[1:])):
                        sign = self._direction(text, changes[0], s0)
                        for q, m in zip(changes, group):
                            out[q.start] = m
                            signs[q.start] = sign
            i = j
        return out, signs

    def _subject(self, text, mm: MetricMention, s0, q, sent_ents: list[EntityMention], ents, ctx) -> Optional[EntityRef]:
        if self.re_pointing is not None:
            p = self.re_pointing.search(text, max(s0, mm.start - 5), mm.start)
            if p is not None and not any(p.end() <= m.start < mm.start for m in sent_ents):
                named = [m for m in sent_ents if m.end <= p.start()]
                return named[-1].ref if named else (ctx.subject or ctx.main)
        if ctx.main is not None and self.re_group_anaphor.search(text[max(s0, mm.start - 4):mm.start]):
            near = [m for m in sent_ents if m.end == mm.start]
            if not near:  # 集团净利润 / 公司营收: the company the article is about, and the subject from here on
                ctx.subject = ctx.main
                return ctx.main
        qcs = self._clause_start(text, q.start, s0)
        if qcs > mm.start:
            # 旗舰定价较高，降价后的甲Mate60卖到5999元: the entity last named in the value's own clause, after a metric
            # named in an earlier clause, is the value's subject
            own = [m for m in sent_ents if qcs <= m.start and m.end <= q.start and not self._is_object(text, m, s0)]
            if own:
                return own[-1].ref
        before = [m for m in sent_ents if m.end <= mm.start]
        if len(before) > 1 or before and ctx.subject is not None and ctx.subject.name != before[-1].ref.name:
            # 出售了乙公司N股，交易金额X / 占乙公司总股本的X: what is traded is not the subject
            doers = [m for m in before if not self._is_object(text, m, s0)]
            if doers:
                before = doers
            elif ctx.subject is not None:
                return ctx.subject
        if before:
            # the nearest entity; but one inside a phrase of an earlier clause (甲在乙需求转弱时，营收下滑) gives
            # way to the last entity opening a clause
            near = before[-1]
            if near.start < self._clause_start(text, mm.start, s0) and near.start > s0 \
                    and text[near.start - 1] in _EMBEDDING:
                openers = [m for m in before if m.start == s0 or text[m.start - 1] in _CLAUSE_SEP]
                if openers:
                    return openers[-1].ref
            return near.ref
        inside = [m for m in sent_ents if mm.end <= m.start < q.start]
        if inside:
            return inside[0].ref
        return ctx.subject or ctx.main

    def _market_head(self, metric_text: str) -> int:
        """The length of the longest market suffix a metric phrase opens with (市场规模 -> 2), else 0."""
        m = self.re_market_head.match(metric_text)
        return m.end() if m else 0

    def _refine_subject(self, text, mm: MetricMention, entity: EntityRef, s0: int, ctx,
                        sent_ents: list[EntityMention], occupied) -> tuple[EntityRef, str]:
        """X业务收入 -> business X业务 of the subject; X市场规模 -> market X市场. Returns the metric phrase too."""
        cs = self._clause_start(text, mm.start, s0)
        # the phrase starts after the last entity named in the clause before the metric (某集团|外卖业务收入)
        named = [m for m in sent_ents if cs <= m.start and m.end <= mm.start]
        phrase_start = named[-1].end if named else cs
        owner = named[-1].ref if named else entity
        # without the periods found in it (5月叉车销量 -> 叉车销量)
        phrase = _without_periods(text, phrase_start, mm.start, occupied)
        # (what comes before the metric word is cleaned; the word itself stays whole: 公司在手订单 -> 在手订单)
        phrase = self.re_lead_strip.sub("", phrase)
        # remove period words and verbs inside
        phrase = _METRIC_PHRASE_PERIODS.sub("", phrase)
        phrase = _METRIC_PHRASE_LEAD.sub("", phrase)
        phrase = _METRIC_PHRASE_TAIL.sub("", phrase) + mm.text
        head = len(phrase) - len(mm.text)  # where the metric word starts in the phrase
        mhead = head + self._market_head(mm.text)
        m = None
        for m in self.re_business.finditer(phrase):
            pass
        if m is not None and m.end() <= head and m.group("name") not in ("业务", "主营业务"):
            name = re.sub(r"^(?:实现|录得|的|其(?![他它余次])|公司|旗下|的)+", "", m.group("name"))  # 其他业务 stays
            if len(name) >= 3 and not self.re_generic_unit.match(name):
                parent = owner.name if owner.type == "company" else owner.parent
                # 融资融券业务待结算金额: the unit is the subject, the rest names the metric
                return EntityRef(name=name, type="business", parent=parent), phrase[m.end():] or phrase
        if m is None and not named and cs > s0 and entity.type == "company":
            # 其次是投资银行业务，实现营业收入5亿元: a unit named as the topic of the clause before
            prev = self._clause_start(text, cs - 1, s0)
            owners = [e for e in sent_ents if prev <= e.start and e.end < cs]
            units = list(self.re_business.finditer(text, owners[-1].end if owners else prev, cs - 1))
            u = units[-1] if units else None
            if u is not None and not any(u.end() <= e.start < cs for e in sent_ents):
                name = re.sub(r"^(?:其次是|其次|然后是|再次是|其中|而|是|的|其(?![他它余次]))+", "", u.group("name"))
                if len(name) >= 3 and name not in ("主营业务",) and not self.re_generic_unit.match(name):
                    parent = owners[-1].ref.name if owners and owners[-1].ref.type == "company" else entity.name
                    return EntityRef(name=name, type="business", parent=parent), phrase
        line = mm.metric.id != "share" and bool(self.re_product_line.search(phrase[:max(0, head)]))
        if mm.metric.id in self.line_ratios and (not named or line) and owner.type == "company" and (
                mm.metric.id == "share" or line):
            # (耗材类产品的净利率: a ratio of a product line named with its kind of product)
            # 创新药营收占比近五成, 安防系统占总营收的九成: a product line's share of the company's revenue
            seg = phrase[:phrase.index("占")] if "占" in phrase else phrase[:max(0, head)]
            seg = _SEGMENT_TAIL.sub("", _SEGMENT_LEAD.sub("", seg))
            seg = seg[:-1] if seg.endswith("的") else seg
            if 2 <= len(seg) <= 10 and _SEGMENT_NAME.fullmatch(seg) and not _SEGMENT_STOP.search(seg) \
                    and seg not in self.anaphora and not self.re_verb_start.match(seg) \
                    and not self.metric_words.search(seg):
                return EntityRef(name=seg, type="business", parent=owner.name), phrase
        if not named and mm.metric.id in self.industry_metrics and self.re_industry_product is not None:
            products = list(self.re_industry_product.finditer(phrase, 0, max(0, head)))
            if products and not any(m.end() > products[-1].start() for m in self.re_market.finditer(phrase)) \
                    and not any(a in text[cs:mm.start] for a in self.anaphora):
                # (中国汽车市场销量 names a market; 其汽车销量 is the subject's own)
                # 起重机共销售2.1万台: the industry's figure, not the article's company's, and the subject from here
                industry = EntityRef(name=products[-1].group(0) + "行业", type="market")
                ctx.subject = industry
                return industry, phrase
        # (公司制造业贷款余额, 其服务业收入: a breakdown of the subject's own figure by sector, not the sector's)
        own = entity is not _NOBODY and entity.type == "company" and any(
            not (a.group(0) == "其" and text[a.end():a.end() + 1] in "他它余次中实")
            for a in self.re_anaphora.finditer(text, cs, mm.start))
        if mm.metric.id != "market_share" and not own:
            markets = [x for x in self.re_market.finditer(phrase) if head - 2 <= x.end() <= mhead]
            if markets and len(markets[-1].group("name")) >= 3:
                name = _MARKET_LEAD.sub("", markets[-1].group("name"))  # 2024中国整体汽车市场 -> 中国汽车市场
                name = _MARKET_INNER.sub("", name)
                name = re.split(r"[和及与、]", name)[-1]  # 软件业和服务业: the one the metric is written with
                # (a sector word is a name on its own: 封测业, 服务业)
                if (len(name) >= 4 or name in self.market_suffix_set and len(name) >= 3) \
                        and name not in self.generic_markets:
                    # 我国/全国…市场 is the country's market, named by the country (中国… in mainland text, 台湾…
                    # in Taiwan text)
                    home = self.home_country.get(ctx.currency)
                    if home and _HOME_LEAD.match(name) and len(name) - len(_HOME_LEAD.match(name).group(0)) >= 2:
                        name = home + name[len(_HOME_LEAD.match(name).group(0)):]
                    market = EntityRef(name=name, type="market")
                    if not named and (entity is _NOBODY or entity.type != "company" or entity is ctx.main):
                        ctx.subject = market  # 中国汽车市场销量…。5月销量回升…: the market stays the subject
                    rest = phrase[markets[-1].end():]  # the rest names the metric (市场规模 keeps its word)
                    return market, rest if len(rest) >= len(mm.text) else mm.text
        if not named and self.re_country is not None:
            # 2019年日本进口钢材3200万吨, 我国人均旅游支出增速…: a country opening the clause, no company in it,
            # is the subject (not a company carried from before); 中国区营收 is the company's own
            lead = self.re_lead_strip.sub("", _without_periods(text, cs, mm.start, occupied))
            c = self.re_country.match(lead)
            if c is not None and not self.re_regional_segment.match(lead, c.end()) and (
                    entity is _NOBODY or entity.type in ("company", "business")) \
                    and not self.re_anaphora.search(text, cs, mm.start):  # (其在中国…市场: the subject's own)
                home = self.home_country.get(ctx.currency)
                name = home if home and c.group(0) in ("我国", "全国", "国内") else c.group(0)
                country = EntityRef(name=name, type="market")
                ctx.subject = country  # …；出口钢材2600万吨: the country stays the subject
                return country, phrase if len(phrase) <= 20 else mm.text
        return entity, phrase if len(phrase) <= 20 else mm.text

    def _period_for(self, q: Quantity, sent_periods, ctx: FactContext, text, s0, mm) -> Optional[Period]:
        cs = self._clause_start(text, q.start, s0)
        # a period in the value's clause (before the value), else the sentence before the value, else context;
        # a comparison base (较2020年底, 和2018年同期相比) is not the fact's period unless the value is its own
        # (比2019年的1234.5亿元)
        cands = [p for p in sent_periods if p.start < q.start and not p.years and not p.years_back and not p.rel_years
                 and (not p.news_day or mm.metric.on_date)  # (昨日 dates a share price, not a report's figure)
                 and not (p.quarter_end and not p.cumulative)
                 and (not self._comparative(text, p, s0) or re.fullmatch(r"(?:的|报|为|是|时的)?\s?", text[p.end:q.start]))
                 and (not self._origin(text, p, s0) or p.start >= cs)]
        in_clause = [p for p in cands if p.start >= cs]
        pick = in_clause[-1] if in_clause else (cands[-1] if cands else None)
        per = resolve(pick, ctx.periods) if pick is not None else None
        # (新增…规模, 新发…数量: what was added over the period is a flow, though the metric is a balance)
        instant = mm.metric.instant and not self.re_new_flow.search(text, self._clause_start(text, mm.start, s0), mm.end) \
            and not (mm.metric is self.scale and mm.start == mm.end)  # (某业务出现14%的萎缩: over the period)
        if per is not None and per.kind == "instant" and not instant and mm.metric.kind != "price" \
                and per.end is not None:
            # 截至2019年末, 营业收入1234亿元: a flow up to a period end is the flow of that period
            per = period_ending(per.end) or per  # 截至9月14日累计出售…: up to that day
        if per is None and mm.metric.on_date:
            # 某某涨7.3%, 拟减持…, with no period in the sentence: the day the article last named (in the year in
            # force), else its date
            day = ctx.periods.day
            cur = ctx.periods.current
            if day is not None and (cur is None or cur.start is None or cur.end is None
                                    or cur.start.year <= day.start.year <= cur.end.year):
                per = day
            elif cur is None and ctx.periods.date is not None:
                per = instant_period(ctx.periods.date)
        if per is None:
            per = ctx.periods.current
        return self._at_instant(per, mm.metric) if instant else per

    @staticmethod
    def _at_instant(per: Optional[Period], metric: Metric) -> Optional[Period]:
        """A balance reported for 2020H1 is the balance on 2020-06-30; one stated for a month keeps the month
        (2月日活…: the month's figure, as written)."""
        if per is not None and metric.instant and per.kind not in ("instant", "month") and per.end is not None:
            return instant_period(per.end)
        return per

    def _comparative(self, text: str, pm: PeriodMention, s0: int) -> bool:
        return bool(self.re_comparative.search(text[max(s0, pm.start - 3):pm.start]))

    def _origin(self, text: str, pm: PeriodMention, s0: int) -> bool:
        return self.re_origin is not None and bool(self.re_origin.search(text[max(s0, pm.start - 2):pm.start]))

    def _update_period_ctx(self, pm: PeriodMention, ctx: FactContext, text: str, s0: int) -> None:
        if self._comparative(text, pm, s0) or self._origin(text, pm, s0):
            return
        pc = ctx.periods
        if pm.news_day:
            day = resolve(pm, pc)
            if day is not None:
                pc.day = day  # 昨（27）日…: the day of the figures of a day that follow
            return
        if pm.year is not None:
            pc.year = pm.year
            pc.year_from_date = bool(pm.month or pm.day) and not (pm.half or pm.quarter)
        if pm.years:
            pc.year = pm.years[-1]
            return
        if pm.special in ("same_period_last_year", "report_period", "report_period_end", "previous_quarter"):
            return
        per = resolve(pm, pc)
        if per is not None and per.kind == "instant" and pm.day is not None and pm.day_end is None:
            pc.day = per
        if per is not None and per.kind == "instant" and per.end is not None and (pm.explicit or pm.year_rel is not None):
            ending = period_ending(per.end)  # 截至2020年末 ... : the report is on 2020
            if ending is not None:
                pc.current = ending
            return
        if per is not None and (pm.explicit or pm.year_rel is not None or pm.special == "current_quarter"
                                or pm.quarter or pm.half):
            if per.kind != "instant":
                pc.current = per
                if pc.report is None and per.kind in ("quarter", "fiscal_quarter", "half", "fiscal_half"):
                    pc.report = per


def _without_periods(text: str, start: int, end: int, occupied) -> str:
    """``text[start:end]`` without the characters of the periods found in it (3月叉车销量 -> 叉车销量)."""
    if occupied.find(1, start, end) < 0:
        return text[start:end]
    return "".join(c for i, c in enumerate(text[start:end], start) if not occupied[i])


def fact_id(article_id: str, start: int, end: int, metric: str, value: Optional[Decimal], period: Optional[str]) -> str:
    key = f"{article_id}|{start}|{end}|{metric}|{value}|{period}"
    return hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]


def assembler(lexicon: Lexicon) -> FactAssembler:
    return lexicon.compiled("facts", FactAssembler)
