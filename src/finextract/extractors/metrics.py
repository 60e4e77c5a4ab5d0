"""Metrics: find metric words (longest synonym wins) and the metric phrase as written."""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable, Iterator, Optional

from ..patterns import alternation as _alt
from ..patterns import gated
from ..lexicon import Lexicon, Metric
from ..models import Quantity



# a generic head (金额, 规模) ends a noun phrase and comes right before its value (linking words aside)
_OPEN_BEFORE = re.compile(r"[\u4e00-\u9fffA-Za-z]")
_OPEN_VALUE = re.compile(r"(?:为|达到|达|约为|约|共计|共|合计|是|超过|超|逾|近|仅|：|:)?\s?(?:人民币|港币|港元|美元|新台币)?"
                         r"[\d一二三四五六七八九十两]")


_CLAUSE_BREAK = re.compile(r"[，,；;。！？!?]")


@dataclass(frozen=True)
class MetricMention:
    start: int
    end: int
    text: str
    metric: Metric


class MetricFinder:
    def __init__(self, lex: Lexicon):
        self.by_word: dict[str, Metric] = {}
        for m in lex.metrics.metrics:
            for w in [m.name, *m.synonyms]:
                self.by_word.setdefault(w, m)
        self.by_id = {m.id: m for m in lex.metrics.metrics}
        # 产销 -> 产量 and 销量: a compound is found as its words are, then split into one mention per member
        self.compounds = {w: [self.by_id[i] for i in ids] for w, ids in lex.metrics.compounds.items()}
        cjk = [w for w in [*self.by_word, *self.compounds] if not w.isascii()]
        asc = [w for w in self.by_word if w.isascii()]
        # (an x right before a Latin metric is a multiplication sign: 28XPE)
        self.re = gated(rf"{_alt(cjk)}|(?<![A-WYZa-wyz])(?:{_alt(asc)})(?![A-Za-z])")
        ch = lex.changes
        self.share_price = self.by_id.get("share_price")
        self.index_level = self.by_id.get("index_level")
        self.rank = next((m for m in lex.metrics.metrics if m.kind == "rank"), None)
        self.re_move = None
        self.re_lone = re.compile(rf"(?:{_alt(ch.stock_moves_alone)})(?=了?\s?[+\-]?\d)") \
            if ch.stock_moves_alone and self.share_price is not None else None
        if ch.stock_moves and self.share_price is not None:
            fill = f"(?:{_alt(ch.stock_move_fillers)})*" if ch.stock_move_fillers else ""
            self.re_move = re.compile(rf"[，,\s]?{fill}(?P<verb>{_alt(ch.stock_moves)})(?:了)?\s?(?=[+\-]?\d)")

    def with_stock_moves(self, text: str, found: list[MetricMention], company_ends: list[int],
                         index_ends: Iterable[int] = ()) -> list[MetricMention]:
        """``found`` plus the share-price mentions of stock moves (after a company, or standing alone), by start;
        a move after a market index (上证指数收涨0.5%) is the index's level."""
        moved = self.stock_moves(text, company_ends, found)
        if self.index_level is not None:
            moved += [MetricMention(m.start, m.end, m.text, self.index_level)
                      for m in self.stock_moves(text, list(index_ends), found)]
        moved += [m for m in self.lone_stock_moves(text, found) if all(m.start != x.start for x in moved)]
        return sorted(found + moved, key=lambda m: (m.start, m.end)) if moved else found

    def with_ranks(self, text: str, found: list[MetricMention], ranks: Iterable[Quantity]) -> list[MetricMention]:
        """``found`` plus a rank mention (zero width, at the figure) for each rank written without a rank word in
        its clause before it (第三大股东, 挤进第八名): the rank is its own metric."""
        if self.rank is None:
            return found
        rank_starts = [f.end for f in found if f.metric.id == self.rank.id]
        added = [MetricMention(q.start, q.start, self.rank.name, self.rank) for q in ranks
                 if not any(e <= q.start and not _CLAUSE_BREAK.search(text, e, q.start) for e in rank_starts)]
        return sorted(found + added, key=lambda m: (m.start, m.end)) if added else found

    def lone_stock_moves(self, text: str, found: list[MetricMention]) -> list[MetricMention]:
        """收跌1.9% with no company before it: a share-price mention at the verb (the subject comes from context)."""
        out: list[MetricMention] = []
        if self.re_lone is None:
            return out
        taken = {f.start for f in found}
        for m in self.re_lone.finditer(text):
            if m.start() not in taken and not any(f.start <= m.start() < f.end for f in found if f.end > f.start):
                out.append(MetricMention(m.start(), m.start(), m.group(0), self.share_price))
        return out

    def stock_moves(self, text: str, ends: list[int], found: list[MetricMention]) -> list[MetricMention]:
        """A share-price mention (zero width, at the verb) after each company whose price moved (比亚迪涨5%),
        unless a metric word is written there already (小米集团股价收跌3%)."""
        out: list[MetricMention] = []
        if self.re_move is None:
            return out
        for end in ends:
            m = self.re_move.match(text, end)
            if m is not None and not any(end <= f.start < m.start("verb") for f in found):
                v = m.start("verb")
                out.append(MetricMention(v, v, m.group("verb"), self.share_price))
        return out

    def find(self, text: str, bounds: Optional[set[int]] = None,
             spans: Optional[Iterable[tuple[int, int]]] = None) -> list[MetricMention]:
        """Metric words; with token ``bounds``, only those that end on a token boundary: a Chinese compound
        ends in its head, so 投资 inside 投资者 is not the metric 投资 while 收入 inside 业务收入 is.

        With ``spans`` (sorted, apart), only the words that start inside one of them: a caller that reads metrics
        only where a figure stands passes those sentences, and no other text is segmented for the check."""
        out = []
        for m in self._matches(text, spans):
            if bounds is not None and m.end() not in bounds:
                continue
            if m.group(0) in self.compounds:
                members = self.compounds[m.group(0)]
                for k, member in enumerate(members):  # one character each, the last taking the rest
                    a = m.start() + k
                    b = m.end() if k == len(members) - 1 else a + 1
                    out.append(MetricMention(a, b, m.group(0), member))
                continue
            metric = self.by_word[m.group(0)]
            if metric.open and not (m.start() >= 2 and _OPEN_BEFORE.match(text[m.start() - 1])
                                    and _OPEN_VALUE.match(text, m.end())):
                continue  # a generic head names a figure only right after a noun and right before its value
            if metric.open and out and out[-1].end == m.start():
                continue  # 减持总金额: the metric named before it stands
            if metric.id == "net_loss" and out and out[-1].end == m.start() and out[-1].metric.kind == "flow":
                continue  # 经营现金流净额亏损3亿: the loss word signs the metric before it
            out.append(MetricMention(m.start(), m.end(), m.group(0), metric))
        return out

    def _matches(self, text: str, spans: Optional[Iterable[tuple[int, int]]]) -> Iterator[re.Match]:
        if spans is None:
            yield from self.re.finditer(text)
            return
        n = len(text)
        for a, b in spans:
            # (the scan ends one character after the span, so a look-ahead sees the real neighbour; a word found
            # there starts at the span's end mark, and no metric word holds one)
            for m in self.re.finditer(text, a, min(n, b + 1)):
                if m.start() >= b:
                    break
                yield m

    def get(self, metric_id: str) -> Optional[Metric]:
        return self.by_id.get(metric_id)


def finder(lexicon: Lexicon) -> MetricFinder:
    return lexicon.compiled("metrics", MetricFinder)
