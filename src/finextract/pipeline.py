"""The extraction pipeline: normalise, segment, find mentions, assemble facts."""
from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from decimal import Decimal
from typing import Optional

from .extractors import entities as ent_mod
from .extractors import facts as fact_mod
from .extractors import metrics as metric_mod
from .extractors import periods as period_mod
from .extractors import relations as rel_mod
from .extractors import values as value_mod
from .lexicon import Lexicon
from .models import Article, ArticleResult, EntityRecord, EntityRef, Evidence, Fact, Relation
from .normalize import Normalized, Normalizer
from .patterns import alternation, sentence_start, sentences_holding
from .segment import Segmenter


_TICKER_FORM = re.compile(r"(?:[A-Z]{2,6}[:.])?\d{4,6}(?:\.[A-Z]{2,3})?|(?:NASDAQ|NYSE|AMEX)[:：]\s?[A-Z]{1,5}")


def _decide_locale(scores: dict[str, int], script: str) -> str:
    """The locale of the highest score (markers' weights plus the script's prior); none above zero or a tie goes to
    the script's locale (TW for traditional, else CN), then to CN."""
    best = max(scores.values()) if scores else 0
    if best == 0:
        return "TW" if script == "traditional" else "CN"
    winners = [c for c, s in scores.items() if s == best]
    if len(winners) > 1:
        return "TW" if script == "traditional" and "TW" in winners else ("CN" if "CN" in winners else winners[0])
    return winners[0]


class Pipeline:
    """One configured extractor: lexicons, converter and tokenizer of its own."""

    def __init__(self, lexicon_paths: tuple[str, ...] = (), segmenter: str = "jieba"):
        """``segmenter``: "jieba" (pure Python) or "rjieba" (native; the same boundaries on news text)."""
        self.lexicon = Lexicon.load(tuple(lexicon_paths))
        self.normalizer = Normalizer()
        self.segmenter = Segmenter(self.lexicon, engine=segmenter)
        self.values = value_mod.finder(self.lexicon)
        self.periods = period_mod.finder(self.lexicon)
        self.entities = ent_mod.finder(self.lexicon)
        self.metrics = metric_mod.finder(self.lexicon)
        self.facts = fact_mod.FactAssembler(self.lexicon)
        self.relations = rel_mod.finder(self.lexicon)
        loc = self.lexicon.locales
        self._strong = set(loc.strong_markers)
        self._re_markers = {l.code: re.compile(alternation(l.markers)) for l in loc.locales}
        self._currency = {l.code: l.currency for l in loc.locales}

    # -- locale ---------------------------------------------------------------------------------
    def locale(self, text: str, script: str, bounds: Optional[set[int]] = None) -> str:
        """CN, TW or HK: weighted marker words (whole tokens only) plus a prior for the script.

        A marker counts only where it stands as a whole token, which may take segmenting its clause; markers are
        checked one at a time, and only until the winner is certain whatever the unchecked ones turn out to be."""
        loc = self.lexicon.locales
        w = loc.weights
        if bounds is None:
            bounds = self.segmenter.boundaries(text)
        # markers are counted in the opening characters only (`opening_chars` in locales.yaml)
        end = min(len(text), loc.opening_chars)
        unchecked: dict[str, list[tuple[int, int, int]]] = {}  # per locale: (start, end, weight), last first
        known: dict[str, int] = {}  # per locale: the script prior plus the weights of the markers checked
        prior = loc.script_prior.get(script)
        for code, rx in self._re_markers.items():
            unchecked[code] = [(m.start(), m.end(), w.get("strong", 3) if m.group(0) in self._strong
                                else w.get("default", 1)) for m in rx.finditer(text, 0, end)][::-1]
            known[code] = w.get("script", 0) if code == prior else 0
        while True:
            low = {c: known[c] + sum(min(0, x[2]) for x in unchecked[c]) for c in known}
            high = {c: known[c] + sum(max(0, x[2]) for x in unchecked[c]) for c in known}
            leader = max(high, key=high.get) if high else None
            if leader is not None and low[leader] > 0 and all(low[leader] > high[c] for c in high if c != leader):
                return leader  # (its score exceeds every other's, whatever the markers left unchecked are)
            # check a marker of the locale that could score highest, else of the strongest rival that has one left
            code = next((c for c in sorted(high, key=high.get, reverse=True) if unchecked[c]), None)
            if code is None:
                break
            s, e, weight = unchecked[code].pop()
            if s in bounds and e in bounds:
                known[code] += weight
        return _decide_locale(known, script)

    # -- extraction -----------------------------------------------------------------------------
    def normalize(self, text: str) -> Normalized:
        return self.normalizer.normalize(text)

    def extract(self, article: Article, timer=None) -> ArticleResult:
        """Everything extracted from one article. ``timer.lap(stage, segmented)`` is called after each stage when
        given, with the seconds of that stage spent segmenting (segmentation is lazy: rules ask for it)."""
        if timer is not None:
            timer.lap(None)
        norm = self.normalizer.normalize(article.text)
        text = norm.text
        script = article.script or norm.script
        if timer is not None:
            timer.lap("normalize", 0.0)
        bounds = self.segmenter.boundaries(text)
        if timer is not None:
            timer.lap("segment", 0.0)
        locale = self.locale(text, script, bounds)
        currency = self._currency.get(locale, "CNY")
        ents = self.entities.find(text, bounds)
        values = self.values.find(text, currency, bounds)
        pmentions = self.periods.find(text)
        # metrics are read only where a figure stands: the sentences that hold a value
        mmentions = self.metrics.find(text, bounds, sentences_holding(text, sorted(q.start for q in values)))
        mmentions = self.metrics.with_stock_moves(text, mmentions,
                                                  [m.end for m in ents.mentions if m.ref.type == "company"],
                                                  [m.end for m in ents.mentions if m.rule == "entity.index"])
        mmentions = self.metrics.with_ranks(text, mmentions, (q for q in values if q.kind == "rank"))
        # the article's main subject: the company named most often
        counts = Counter(m.ref.name for m in ents.mentions if m.ref.type == "company")
        main: Optional[EntityRef] = None
        if counts:
            name = counts.most_common(1)[0][0]
            main = ents.refs[name]
        years = [y for pm in pmentions for y in ((pm.year,) if pm.year else pm.years)
                 if article.date is None or y <= article.date.year]
        pctx = period_mod.PeriodContext(date=article.date, fiscal_year_end=main.fiscal_year_end if main else None,
                                        latest_year=max(years) if years else None)
        ctx = fact_mod.FactContext(periods=pctx, main=main, subject=main, currency=currency)
        opened = self.facts.assemble(article.id, text, values, pmentions, ents, mmentions, ctx)
        facts: list[Fact] = []
        seen: set[str] = set()
        # the currency each subject reports in (a change stated alone takes it: a company reporting in 美元)
        units_of: dict[str, Counter] = {}
        for f, _ in opened:
            if f.value is not None and f.value.kind == "money":
                units_of.setdefault(f.entity.name, Counter())[f.value.unit] += 1
        reports_in = {name: c.most_common(1)[0][0] for name, c in units_of.items()}  # the unit used most
        # lexicon entities are named as the article names them (their canonical name kept on the entity record)
        names = article_names(ents)
        kept: list[tuple[str, str]] = []  # the canonical name and type of each fact's entity
        for f, _ in opened:
            fact = self._to_fact(article.id, norm, f, reports_in.get(f.entity.name, currency), names)
            if fact is None or fact.id in seen:
                continue
            seen.add(fact.id)
            facts.append(fact)
            kept.append((f.entity.name, f.entity.type))
        if timer is not None:
            timer.lap("facts", bounds.seconds)
            segmented = bounds.seconds
        units = [(f.entity, f.start, f.end) for f, _ in opened if f.entity.type == "business" and f.entity.parent]
        found = self.relations.find(text, ents, main, bounds, self._share_lists(text, opened), units)
        relations = [self._to_relation(article.id, norm, r, names) for r in found]
        fact_refs = {f.entity.name: f.entity for f, _ in opened}
        named: dict[str, EntityRef] = dict(ents.refs)  # canonical name -> entity, in the order of the records
        for name, typ in kept:
            if name not in named:
                ref = fact_refs.get(name)
                named[name] = EntityRef(name=name, type=typ, parent=ref.parent if ref else None)
        for r in found:  # products and units named only by a relation are entities of the article too
            for ref in (r.head, r.tail):
                if ref.name not in named:
                    named[ref.name] = EntityRef(name=ref.name, type=ref.type, parent=ref.parent)
        entities = [self._entity_record(article.id, ref, ents, names) for ref in named.values()]
        if timer is not None:
            timer.lap("relations", bounds.seconds - segmented)
        return ArticleResult(article_id=article.id, locale=locale, facts=facts, relations=relations,
                             entities=entities)

    @staticmethod
    def _share_lists(text: str, opened) -> list[list[tuple[EntityRef, int, int]]]:
        """Market shares stated in one sentence for several entities: a ranking of peers."""
        by_sentence: dict[int, list[tuple[EntityRef, int, int]]] = {}
        for f, _ in opened:
            if f.metric.id != "market_share" or f.value is None:
                continue
            sent = sentence_start(text, f.start)
            members = by_sentence.setdefault(sent, [])
            if all(m[0].name != f.entity.name for m in members):
                members.append((f.entity, f.start, f.end))
        return [m for m in by_sentence.values() if len(m) >= 2]

    def _to_relation(self, article_id: str, norm: Normalized, r, names: dict[str, str]) -> Relation:
        s, e, ev = norm.original_span(r.start, r.end)
        head, tail = names.get(r.head.name, r.head.name), names.get(r.tail.name, r.tail.name)
        return Relation(id=rel_mod.relation_id(article_id, head, r.type, tail, r.role), article_id=article_id,
                        head=head, head_type=r.head.type, type=r.type, tail=tail, tail_type=r.tail.type,
                        role=r.role, former=r.former, evidence=Evidence(start=s, end=e, text=ev), rule=r.rule,
                        confidence=r.confidence)

    def _to_fact(self, article_id: str, norm: Normalized, f, currency: str, names: dict[str, str]) -> Optional[Fact]:
        if f.value is None and f.change_pct is None and f.change_pp is None and f.change_abs is None:
            return None
        s, e, ev = norm.original_span(f.start, f.end)
        q = f.value
        value = q.value if q is not None else None
        unit = q.unit if q is not None else None
        if unit is None and f.change_abs is not None and f.change_unit:
            unit = f.change_unit  # 关注类贷款增加5亿元: the unit of the change stated
        if unit is None:
            # a change stated alone: the unit its figure would have (营收增长34% -> CNY, 销量增长5% -> count)
            unit = f.metric.unit or _METRIC_UNIT.get(f.metric.kind) or (
                currency if f.metric.kind in ("flow", "stock", "price") else "%" if f.change_pct is not None else "pp")
        period = f.period
        # 环比 of a month's figure compares with the month before
        basis = "mom" if f.basis == "qoq" and period is not None and period.kind == "month" else f.basis
        if basis is None and (f.change_pct is not None or f.change_pp is not None or f.change_abs is not None) \
                and period is not None and (period.kind in ("year", "fiscal_year") or period.kind == "instant"
                                            and period.end is not None and (period.end.month, period.end.day) == (12, 31)):
            basis = "yoy"  # a year's figure (or a year-end balance) changes against the year before
        fid = fact_mod.fact_id(article_id, s, e, f.metric.id, value, period.label if period else None)
        conf = 0.85 if q is not None else 0.75
        return Fact(id=fid, article_id=article_id, entity=names.get(f.entity.name, f.entity.name), entity_type=f.entity.type,
                    metric=f.metric_text if f.metric.open and f.metric_text else f.metric.name,
                    metric_id=f.metric.id, metric_text=f.metric_text, value=value,
                    value_max=q.value_max if q is not None else None, unit=unit,
                    qualifier=q.qualifier if q is not None else None, value_text=q.text if q is not None else None,
                    period=period.label if period else None, period_start=period.start if period else None,
                    period_end=period.end if period else None, change_pct=f.change_pct, change_abs=f.change_abs,
                    change_pp=f.change_pp, change_basis=basis, forecast=f.forecast,
                    evidence=Evidence(start=s, end=e, text=ev), rule=f.rule, confidence=conf)

    @staticmethod
    def _entity_record(article_id: str, ref: EntityRef, ents, names: dict[str, str]) -> EntityRecord:
        """The record of one entity of the article, named as the article names it (the lexicon's canonical name
        kept beside it when the article never uses it)."""
        name = ref.name
        mentioned = name in ents.refs  # (else named only as a fact's or a relation's entity)
        return EntityRecord(article_id=article_id, name=names.get(name, name), type=ref.type,
                            aliases=sorted(ents.aliases.get(name, {name})) if mentioned else [name],
                            parent=names.get(ref.parent, ref.parent) if ref.parent else ref.parent,
                            known=ref.known, canonical=name if name in names else None)


# the unit of a metric's figure by kind (money metrics take the article's currency)
_METRIC_UNIT = {"ratio": "%", "count": "count", "multiple": "倍"}


def article_names(ents) -> dict[str, str]:
    """Lexicon entities the article never calls by their canonical name -> the form it uses most (then longest).

    The lexicon's canonical name is one choice among several (三星电子 / 三星, 鸿海 / 鸿海集团); an article's
    output names each entity as the article does, and keeps the canonical name beside it for linking.
    """
    used: dict[str, Counter] = {}
    for m in ents.mentions:
        if m.ref.known and not _TICKER_FORM.fullmatch(m.surface):  # a ticker (00700.HK) names no one
            used.setdefault(m.ref.name, Counter())[m.surface] += 1
    out = {}
    for name, forms in used.items():
        if name.casefold() in {f.casefold() for f in forms}:
            continue
        out[name] = max(forms, key=lambda f: (forms[f], len(f), f))
    return out


def extract(text: str, date: Optional[dt.date | str] = None, article_id: str = "text",
            pipeline: Optional[Pipeline] = None) -> ArticleResult:
    """Extract facts from one article's text (traditional or simplified)."""
    if isinstance(date, str):
        date = dt.date.fromisoformat(date)
    pipe = pipeline or Pipeline()
    return pipe.extract(Article(id=article_id, text=text, date=date))
