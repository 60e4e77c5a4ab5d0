"""Entities: lexicon names plus names recognised from context.

Find: lexicon aliases and tickers; names before a ticker in brackets
(长江电力(600900), 台达电（2308）); names ending in an organisation suffix
(杭州银行, 某某股份, 某某制药有限公司); 简称 aliases; person names after a
title (CEO吴泳铭). Resolve: every mention to a canonical ``EntityRef``; names
first seen in the article get a canonical name of their own, and their short
forms (某某制药股份有限公司 -> 某某制药) are linked to it.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Iterable, Optional

from ..patterns import alternation as _alt, any_of as _any, anchor_plan, finditer_anchored, gated, segment_items, \
    segment_list, sentence_start
from ..lexicon import EntityEntry, Lexicon
from ..models import EntityRef

CJK = r"\u4e00-\u9fff"
_NAME_CHAR = re.compile(rf"[{CJK}A-Za-z&·\-]")
_COUNTED = re.compile(r"[一两二三四五六七八九十几多数][大家个间所]")
# a product model after its maker: Latin-initial words with digits, maybe a 5G版 / 系列 ending
_MODEL = re.compile(r"(?P<first>[A-Za-z][A-Za-z0-9]*)(?:\+|\s?[A-Z0-9][A-Za-z0-9]*\+?(?![.\d]))*"
                    r"(?P<tail>\s?(?:5G|4G)?\s?(?:版本|版|系列))?")
# a date right after a name opening a clause: 某某汽车10月交付…, 某某科技2024年营收…
_DATE_AFTER = re.compile(r"(?:(?:19|20)\d{2}年|\d{1,2}月|[一二三四1-4]季度|Q[1-4]|[12]H|H[12])")
# function characters no holder's name learned after a role word holds (股东之一某某将其持有的…)
_FUNCTION_CHARS = frozenset("将其的了在与和及之为是把被向对从")
_HAN_NAME = re.compile(r"[\u4e00-\u9fff]+")
_GROUP_IN_BRACKETS = re.compile(r"(?P<a>[\u4e00-\u9fff]{2,8})[（(]集团[）)](?:控股)?(?:股份有限公司|有限责任公司|有限公司|公司)")
_GROUP_PLAN = anchor_plan(_GROUP_IN_BRACKETS.pattern)  # (searched near 司 only: the plain scan tries every Han run)
_OPENERS = set("，。；：！？\n“”「」（）(),;:!?\"' ")
_CLEAN_BEFORE = set("，。；：、！？\n “”「」『』《》()（）,;:!?\"'的和与及在对向由从据按将被")
_RE_CLEAN_BEFORE = re.compile("[" + "".join(sorted(re.escape(c) for c in _CLEAN_BEFORE)) + "]")
_STOP_CHARS = set("的是在与和及对向为由被将把从据其该本各等如于让给即并而但又也还就都已曾更最称说了着过这那此每年月日季厂、，。；：“”《》（）()")


_NAME_END_STOP = set("对说称表在将的是和与认指透告也则向曾已于等及兼")


def _find_all(text: str, sub: str) -> list[int]:
    out, pos = [], text.find(sub)
    while pos != -1:
        out.append(pos)
        pos = text.find(sub, pos + 1)
    return out


def _leftmost_longest(text: str, words: Iterable[str]) -> list[tuple[int, int]]:
    """The spans a scan for ``words`` finds, as a regex alternation where the longest word wins does: at the
    leftmost position where a word starts, the longest one there, then on after its end (for a handful of
    words learned from one article, finding each costs less than compiling them into a regex)."""
    found = sorted((k, -len(w)) for w in set(words) if w for k in _find_all(text, w))
    out: list[tuple[int, int]] = []
    end = 0
    for k, neg in found:
        if k >= end:
            end = k - neg
            out.append((k, end))
    return out



@dataclass(frozen=True)
class EntityMention:
    start: int
    end: int
    surface: str
    ref: EntityRef
    rule: str


@dataclass
class ArticleEntities:
    """Entities of one article: mentions in text order and the canonical refs by name."""

    mentions: list[EntityMention] = field(default_factory=list)
    refs: dict[str, EntityRef] = field(default_factory=dict)
    aliases: dict[str, set[str]] = field(default_factory=dict)

    def add(self, m: EntityMention) -> None:
        self.mentions.append(m)
        self.refs.setdefault(m.ref.name, m.ref)
        self.aliases.setdefault(m.ref.name, set()).add(m.surface)

    def at(self, start: int, end: int) -> list[EntityMention]:
        return [m for m in self.mentions if m.start >= start and m.end <= end]


class EntityFinder:
    def __init__(self, lex: Lexicon):
        self.lex = lex
        self.by_surface: dict[str, EntityEntry] = {}
        for e in lex.entities.entities:
            for s in [e.name, *e.aliases]:
                self.by_surface.setdefault(s, e)
            for t in e.tickers:
                self.by_surface.setdefault(t.split(":")[-1], e)
                self.by_surface.setdefault(t, e)
        self.entries = {e.name: e for e in lex.entities.entities}
        cjk = [s for s in self.by_surface if not s.isascii()]
        asc = [s for s in self.by_surface if s.isascii() and not s.replace(".", "").isdigit()]
        tick = [s for s in self.by_surface if s.isascii() and s.replace(".", "").replace("HK", "").isdigit()]
        self.re_cjk = re.compile(_alt(cjk))
        self.re_ascii = gated(rf"(?<![A-Za-z0-9])(?:{_alt(asc)})(?![A-Za-z0-9])")
        self.re_ticker_known = gated(rf"(?<![\d.])(?:{_alt(tick)})(?![\d])") if tick else None
        ep = lex.entity_patterns
        self.suffix_type: dict[str, str] = {}
        for typ, words in ep.org_suffixes.items():
            for w in words:
                self.suffix_type[w] = typ
        self.strong = set(ep.strong_org_suffixes)
        self.generic = set(ep.generic_modifiers)
        self.stop_names = set(ep.stop_names)
        self.model_stop = set(lex.relations.model_stop)
        self.re_suffix = re.compile(_alt(self.suffix_type))
        self.bare_suffix_starts = tuple(ep.remnant_starts)
        self.head_end_stop = tuple(ep.head_end_stop)
        self.short_head_suffixes = set(ep.short_head_suffixes)
        self.legal_suffixes = tuple(ep.legal_suffixes)
        strong = sorted(self.strong | set(ep.arm_suffixes), key=len, reverse=True)
        self.re_verb_in_head = re.compile(_alt([*ep.object_verbs, *ep.name_breaking_verbs]))
        self.re_latin_name = re.compile(
            rf"(?:{_alt(ep.latin_name_after)})(?P<name>[A-Z][A-Za-z0-9&.\-]*[A-Za-z0-9](?: [A-Z][A-Za-z0-9&.\-]*){{0,2}})"
            rf"(?![A-Za-z0-9])") if ep.latin_name_after else None
        self.re_legal_tail = re.compile(rf"[{CJK}]{{2,10}}?(?:{_any(ep.legal_suffixes)})")
        self.re_announce = re.compile(rf"(?P<name>[{CJK}]{{2,6}}?)(?:{_alt(ep.announce_words)})[，,:：]") \
            if ep.announce_words else None
        # (searched near the announcement words' characters: the plain scan tries every run of Han characters)
        self.announce_plan = anchor_plan(self.re_announce.pattern) if self.re_announce is not None else None
        # 某某累计减持乙公司: a short name opening a clause, acting on a known company, is a holder's
        adv = rf"(?:{_alt(ep.holder_adverbs)})*" if ep.holder_adverbs else ""
        self.re_role_holder = re.compile(
            rf"(?:{_alt(ep.holder_roles)})(?P<name>[{CJK}A-Za-z0-9](?:[{CJK}A-Za-z0-9]| (?=[{CJK}A-Za-z0-9])){{1,9}}?)"
            rf"\s?{adv}(?:{_alt(ep.holding_verbs)})") if ep.holder_roles and ep.holding_verbs else None
        self.re_holder = re.compile(rf"(?P<name>[{CJK}]{{2,4}}?){adv}(?:{_alt(ep.holding_verbs)})了?") \
            if ep.holding_verbs else None
        self.re_not_mover = re.compile(_any(ep.not_mover_names))
        moves = lex.changes.stock_moves
        self.re_move_after = re.compile(rf"(?:{_alt(moves)})\s?[+\-]?\d") if moves else None
        self.re_move_peer = re.compile(rf"(?<=[，,、；;])(?P<name>[{CJK}]{{2,4}}?)(?:{_alt(moves)})\s?[+\-]?\d") \
            if moves else None
        segs = lex.relations.segment_lists
        self.re_segments = segment_list(segs) if segs else None
        self.re_name_after = re.compile(_alt(ep.name_context_after)) if ep.name_context_after else None
        self.index_name = {w: names[0] for names in ep.market_indices for w in names}
        self.re_index = re.compile(_alt(self.index_name)) if self.index_name else None
        # (an industry's product names no company: 新能源汽车10月销量)
        self.re_industry = re.compile(_alt(ep.industry_products)) if ep.industry_products else None
        self.re_region = re.compile(rf"(?:{_alt(ep.region_prefixes)})$") if ep.region_prefixes else None
        self.re_arm_tail = re.compile(rf"(?P<more>[{CJK}]{{0,4}}?)(?:{_alt(strong)})")
        self.re_ticker_paren = re.compile(
            r"[（(]\s*(?:(?P<short>[\u4e00-\u9fffA-Za-z]{2,8})\s*[，,]\s*)?(?:股票代码[:：]?\s*)?"
            r"(?P<t>\d{6}(?:\.(?:SH|SZ|BJ))?|\d{4,5}(?:\.(?:HK|TW|TWO))?|(?:NASDAQ|NYSE)[:：]\s?[A-Z]{1,5})\s*[)）]")
        self.re_short = re.compile(r"[（(](?:以下)?简称[:：]?\s*[“\"「『]?(?P<a>[\u4e00-\u9fffA-Za-z0-9]{2,12})[”\"」』]?\s*[)）]")
        self.surnames = set(ep.surnames)
        self.re_prefix_stop = re.compile(_alt(ep.name_prefix_stop))
        self.re_name_context = re.compile(rf"(?:{_alt(ep.name_context_before)})$") if ep.name_context_before \
            else None
        # 由集团CEO兼任: a "name" holding an organisation word is no person
        self.not_in_person_names = tuple(ep.not_in_person_names)
        self.re_title_latin = re.compile(rf"(?:{_alt(ep.titles)})\s?(?P<name>[A-Z][a-z]+(?: [A-Z]\.?)?(?: [A-Z][a-z]+){{1,2}})"
                                         rf"(?![A-Za-z])")
        self.re_title_person = re.compile(rf"(?P<title>{_alt(ep.titles)})(?P<de>的)?(?P<name>[{CJK}]{{2,3}})")
        # 担任某某公司董事长的张三表示: after 的 a name must end where a clause goes on
        self.re_after_de_name = re.compile(rf"[，,。；;：:、（(]|{_alt(ep.speech_verbs)}")

    # -- helpers --------------------------------------------------------------------------------
    def _ref(self, e: EntityEntry) -> EntityRef:
        return EntityRef(name=e.name, type=e.type, parent=e.parent, known=True, fiscal_year_end=e.fiscal_year_end)

    def _starts(self, text: str, end: int, bounds: set[int], max_len: int, min_head: int) -> list[int]:
        """Token-boundary starts of names ending at ``end``, longest first."""
        i = end
        while i > 0 and end - i < max_len and _NAME_CHAR.match(text[i - 1]) and text[i - 1] not in _STOP_CHARS:
            i -= 1
        # a start is a token boundary, or the first character after a function character (及富邦 is one token)
        # (the function character must begin its token: 以 inside 今年以来 is no function character)
        return [k for k in range(i, end - min_head + 1)
                if k in bounds or k == i and i > 0 and text[i - 1] in _STOP_CHARS and i - 1 in bounds]

    def _pick(self, text: str, starts: list[int], end: int, clean: set[str]) -> Optional[int]:
        """The longest candidate seen somewhere at a clean boundary, else the one with a two-character head."""
        for k in starts:
            if text[k:end] in clean:
                return k
        return None

    @staticmethod
    def _clean_names(text: str) -> set[int]:
        """Positions where a name may start: after punctuation, a line start or a function character."""
        out = {m.end() for m in _RE_CLEAN_BEFORE.finditer(text, 0, len(text) - 1)}
        out.add(0)
        return out

    # -- find -----------------------------------------------------------------------------------
    def find(self, text: str, bounds: set[int]) -> ArticleEntities:
        out = ArticleEntities()
        taken = bytearray(len(text) + 1)  # positions inside a name already found

        def free(s: int, e: int) -> bool:
            return e <= s or taken.find(1, s, e) < 0

        def add(s: int, e: int, ref: EntityRef, rule: str) -> None:
            out.add(EntityMention(s, e, text[s:e], ref, rule))
            taken[s:e] = b"\x01" * (e - s)

        def drop(m: EntityMention) -> None:  # a longer reading replaces a mention found earlier
            out.mentions.remove(m)
            taken[m.start:m.end] = bytes(m.end - m.start)

        # 1. lexicon names (longest first by the alternation), ASCII names on word boundaries
        for rx in (self.re_cjk, self.re_ascii):
            for m in rx.finditer(text):
                if len(m.group(0)) == 2 and rx is self.re_cjk and m.end() not in bounds:
                    continue  # 茅台|酒, a two-character name inside a longer word (a product, a place) is not it
                if free(m.start(), m.end()):
                    add(m.start(), m.end(), self._ref(self.by_surface[m.group(0)]), "entity.lexicon")
        # 1a. market indices (上证指数, 恒指): markets wherever named
        if self.re_index is not None:
            for m in self.re_index.finditer(text):
                if free(m.start(), m.end()):
                    add(m.start(), m.end(), EntityRef(name=self.index_name[m.group(0)], type="market"), "entity.index")
        # 1b. a known company's local arm: 台湾|戴尔|科技集团 (region, known name, more name, suffix)
        if self.re_region is not None:
            for m in list(out.mentions):
                if m.ref.type != "company" or m.start < 2:
                    continue
                r = self.re_region.search(text, max(0, m.start - 5), m.start)
                tail = self.re_arm_tail.match(text, m.end)
                if r is None or tail is None or text[m.start:tail.end()] in self.by_surface:
                    continue  # 美国|苹果公司 is the company itself
                if tail.group("more") == "" and len(m.surface) < 4:
                    continue  # 美国|苹果|公司: nothing between the name and the suffix
                if not free(r.start(), m.start) or not free(m.end, tail.end()):
                    continue
                drop(m)
                arm = text[r.start():tail.end()]
                add(r.start(), tail.end(), EntityRef(name=arm, type="company", parent=m.ref.name), "entity.arm")
        # 1d. 某某Mate20 X 5G版, 某某H100: a model written right after a known company is one of its products
        for m in list(out.mentions):
            if m.ref.type != "company" or m.rule != "entity.lexicon":
                continue
            mm = _MODEL.match(text, m.end)
            if mm is None or mm.group("first") in self.model_stop or not any(c.isdigit() for c in mm.group(0)) \
                    and not mm.group("tail"):
                continue
            end = m.end + len(mm.group(0).rstrip())
            if not free(m.end, end):
                continue
            # the maker stays a mention of its own; a series or edition is named with its maker as written
            # (某某S10系列), a bare model by itself (H100)
            name = text[m.start:end] if mm.group("tail") else text[m.end:end]
            add(m.end, end, EntityRef(name=name, type="product", parent=m.ref.name), "entity.model")
        # 1c. 全资子公司|五粮液|系列酒销售有限公司: after 子公司/旗下, a known name that goes on to a legal suffix
        # names a subsidiary of that company, not the company
        if self.re_name_context is not None:
            for m in list(out.mentions):
                if m.ref.type != "company" or not self.re_name_context.search(text, max(0, m.start - 6), m.start):
                    continue
                tail = self.re_legal_tail.match(text, m.end)
                if tail is None or not free(m.end, tail.end()):
                    continue
                drop(m)
                sub = text[m.start:tail.end()]
                add(m.start, tail.end(), EntityRef(name=sub, type="company", parent=m.ref.name), "entity.subsidiary")
        # 2. names before a ticker in brackets: 某某制药股份有限公司(某某制药，600123) / 台达电（2308）
        learned: dict[str, EntityRef] = {}
        clean_pos = self._clean_names(text)

        def learnable(s: int, e: int) -> bool:
            """A short name found from its context (公告, a holding verb, a list of moves) opening a clause: not
            found already, no stop word, count of things or word that begins no name."""
            name = text[s:e]
            return (s in clean_pos and name not in self.stop_names and name not in learned and free(s, e)
                    and not _COUNTED.search(name) and not self.re_prefix_stop.match(name))
        # 1e. 某某（集团）有限公司: a group's legal name with 集团 in brackets is the group (某某集团)
        for m in finditer_anchored(_GROUP_IN_BRACKETS, _GROUP_PLAN, text):
            s0, a_end = m.start("a"), m.end("a")
            while True:  # past the words that begin no name (控股股东|某某)
                stop = self.re_prefix_stop.match(text, s0, a_end)
                if stop is None or a_end - stop.end() < 2:
                    break
                s0 = stop.end()
            if a_end - s0 < 2 or s0 not in bounds:
                continue
            for x in [x for x in out.mentions if s0 <= x.start and x.end <= m.end()]:
                drop(x)  # 中国石油|化工（集团）: a shorter known name inside the legal name is not it
            if free(s0, m.end()):
                group = EntityRef(name=text[s0:a_end] + "集团", type="company")
                add(s0, m.end(), group, "entity.group")
                if text[s0:a_end] not in self.stop_names:
                    learned.setdefault(text[s0:a_end], group)  # …（集团）公司 … 包钢此次减持: the short name is the group

        occurrences: dict[str, list[int]] = {}  # a candidate name -> where the text holds it

        def choose(end: int, starts: list[int], suffix_len: int) -> Optional[int]:
            """Among the possible starts, the name most often seen at a clean boundary; then most frequent, longest."""
            cands: set[int] = set()
            cut: list[int] = []  # where a word that cannot begin a name was stripped
            for k in starts:
                if k and text[k - 1].isdigit():
                    continue  # 25|只私募基金: a classifier after a number begins no name
                if text.startswith(self.bare_suffix_starts, k) and k + 4 < end:
                    continue  # 参股公司|宏川物流有限公司: what is left of a word before the name begins none
                k2, fallback = k, k
                while True:  # strip words that cannot begin a name
                    stop = self.re_prefix_stop.match(text, k2, end)
                    if not stop or stop.end() >= end:
                        break
                    if stop.end() - k2 >= 2:
                        cut.append(k2)
                    k2 = stop.end()
                    if end - suffix_len - k2 >= 2:
                        fallback = k2
                head = end - suffix_len - k2
                if head < 1 or (head == 1 and not (suffix_len and k2 in clean_pos)):
                    first = self.re_prefix_stop.match(text, k, end)
                    if k2 != k and end - suffix_len - fallback >= 2 and k in bounds and first \
                            and (fallback != k or first.end() - k == 1) \
                            and not self.re_prefix_stop.fullmatch(text, fallback, end - suffix_len):
                        # stripping left too little: the last cut that leaves a two-character head is the name
                        # (子公司|中德证券, not 中 + 德证券; 至上, not 至 + 上; and no head that is a stop word: 设立|基金)
                        cands.add(fallback)
                    continue
                cands.add(k2)
            if not cands:
                return None
            # 年起|担任|华光股份: a longer candidate holding a stripped word inside is no name
            inner = {c for c in cands if any(c < a for a in cut)}
            cands -= inner
            if not cands:
                return None

            def score(k: int) -> tuple[int, int, int]:
                name = text[k:end]
                occ = occurrences.get(name)
                if occ is None:
                    occ = occurrences[name] = _find_all(text, name)
                return (sum(1 for p in occ if p in clean_pos), len(occ), end - k)

            return max(cands, key=score)

        for m in self.re_ticker_paren.finditer(text):
            s = choose(m.start(), self._starts(text, m.start(), bounds, 14, 2), 0)
            if s is None:
                continue
            name = text[s:m.start()]
            if name in self.stop_names or len(name) < 2:
                continue
            known = [x for x in out.mentions if x.start == s and x.end == m.start()]
            ref = known[0].ref if known else EntityRef(name=self._canonical(name, m.group("short")), type="company")
            if not known and free(s, m.start()):
                add(s, m.start(), ref, "entity.ticker")
            learned[name] = ref
            if m.group("short"):
                learned[m.group("short")] = ref
            learned[m.group("t")] = ref
        # 3. 简称 aliases
        for m in self.re_short.finditer(text):
            prev = [x for x in out.mentions if x.end <= m.start() and m.start() - x.end <= 1]
            if prev:
                learned[m.group("a")] = prev[-1].ref
        # 4. names ending in an organisation suffix
        candidates: dict[str, list[tuple[int, int, str]]] = {}
        for m in self.re_suffix.finditer(text):
            suf = m.group(0)
            s = choose(m.end(), self._starts(text, m.start(), bounds, 10 if len(suf) >= 4 else 6, 1), len(suf))
            if s is None:
                continue
            head = text[s:m.start()]
            if head in self.generic or len(head) < 2 and suf not in self.short_head_suffixes:
                continue
            if head.endswith(self.head_end_stop):
                continue
            if self.re_verb_in_head.search(head):
                continue  # 拟减持股份, 回购股份: a verb and its object, not a name
            name = text[s:m.end()]
            if name in self.stop_names or _COUNTED.search(head):
                continue  # 两家寿险公司, 三家银行: a count of organisations, not a name
            candidates.setdefault(name, []).append((s, m.end(), suf))
        spans = [(s, e) for occ in candidates.values() for s, e, _ in occ]
        heads: dict[str, EntityRef] = {}
        for name, occ in candidates.items():
            suf = occ[0][2]
            if name.startswith(self.bare_suffix_starts):
                continue  # 公司投资公司: what is left of a phrase, not a name
            if suf not in self.strong and len(occ) < 2 and not (
                    self.re_name_context is not None and
                    any(self.re_name_context.search(text, max(0, s - 6), s) and
                        not any(a <= s and e <= b and (a, b) != (s, e) for a, b in spans) for s, e, _ in occ)) \
                    and not (self.re_name_after is not None and any(
                        s in clean_pos and (s == 0 or text[s - 1] in _OPENERS)
                        and (self.re_name_after.match(text, e) or _DATE_AFTER.match(text, e))
                        and not (self.re_industry is not None and self.re_industry.fullmatch(text, s, e))
                        for s, e, _ in occ)):
                # (one sighting of a weak suffix counts when the name opens a clause and a report follows it:
                # 某某科技第1季税后纯益…, 某某电子公布5月营收…)
                continue
            typ = self.suffix_type[suf]
            ref = learned.get(name) or EntityRef(name=name, type=typ)  # type: ignore[arg-type]
            learned.setdefault(name, ref)
            head = name[:-len(suf)]
            if typ == "company" and 2 <= len(head) <= 4 and _HAN_NAME.fullmatch(head):
                heads.setdefault(head, ref)  # 沅圣科技 … 沅圣今年营收: the name without its suffix
            for s, e, _ in occ:
                if free(s, e):
                    add(s, e, ref, "entity.suffix")
        # 4b. 某某公告，…: a short name opening a clause before an announcement word
        if self.re_announce is not None:
            for m in finditer_anchored(self.re_announce, self.announce_plan, text):
                s, e = m.start("name"), m.end("name")
                name = m.group("name")
                # (the announcement word ends the name: jieba may join them, 某某电子|公告 as 电子公告)
                if learnable(s, e) and not self.re_verb_in_head.search(name) and s in bounds:
                    learned[name] = EntityRef(name=name, type="company")
        # 4c'. 某某累计减持乙公司1亿股: a short name opening a clause before a holding verb whose object is a
        # company already found is the holder's name
        if self.re_holder is not None:
            objects = sorted({m.start for m in out.mentions if m.ref.type == "company"})
            for o in objects:
                # (the pattern first: token boundaries are asked only where it matches)
                m = next((x for x in (self.re_holder.fullmatch(text, k, o) for k in range(max(0, o - 14), o - 2)
                                      if k in clean_pos) if x is not None and x.start() in bounds), None)
                if m is None:
                    continue
                s = m.start()
                e = m.end("name")
                name = m.group("name")
                if learnable(s, e) and e in bounds and not self.re_verb_in_head.search(name):
                    learned[name] = EntityRef(name=name, type="company")
        # 4c''. 控股股东某某拟减持, 员工持股平台某某计划减持: a name after a shareholder's role, before a holding
        # verb, is the holder's
        if self.re_role_holder is not None and "股" in text:
            for m in self.re_role_holder.finditer(text):
                s, e = m.start("name"), m.end("name")
                name = m.group("name").strip()
                # (the role word is the name's left edge: no clause start is needed)
                if len(name.replace(" ", "")) >= 2 and not _FUNCTION_CHARS.intersection(name) \
                        and name not in self.stop_names and name not in learned \
                        and free(s, e) and not _COUNTED.search(name) and not self.re_prefix_stop.match(name) \
                        and not self.re_verb_in_head.search(name):
                    learned[name] = EntityRef(name=name, type="company")
        # 4d. 业务板块主要包括甲、乙和丙: the units of a segment list are business units wherever named after it
        if self.re_segments is not None:
            for m in self.re_segments.finditer(text):
                sent0 = sentence_start(text, m.start())
                owners = [x for x in out.mentions if sent0 <= x.start < m.start() and x.ref.type == "company"]
                parent = owners[-1].ref.name if owners else None
                for name in segment_items(m.group("list")):
                    if len(name) >= 3 and name not in self.stop_names and name not in learned \
                            and not self.re_prefix_stop.match(name):
                        learned[name] = EntityRef(name=name, type="business", parent=parent)
        # 4e. 甲涨6.5%，乙涨4.9%: a short name opening a clause in a list of share-price moves, where a company
        # already found moves the same way, is a company's
        if self.re_move_peer is not None:
            movers = [m for m in out.mentions if m.ref.type == "company" and self.re_move_after.match(text, m.end)]
            for mv in movers:
                lo, hi = sentence_start(text, mv.start), mv.end + 40
                for m in self.re_move_peer.finditer(text, lo, min(len(text), hi)):
                    s, e, name = m.start("name"), m.end("name"), m.group("name")
                    # (the move word ends the name: jieba may join it to the name, so no boundary is asked there)
                    if learnable(s, e) and s in bounds and not self.re_not_mover.search(name):
                        learned[name] = EntityRef(name=name, type="company")
        # 4c. 晶片业者Nova Chip: a capitalised Latin name after a company noun
        if self.re_latin_name is not None:
            for m in self.re_latin_name.finditer(text):
                name = m.group("name").strip()
                # a short all-capital word after 公司 is an abbreviation (公司EPS, 公司CEO), not a name
                if len(name) >= 3 and (len(name) >= 5 or not name.isupper()) and name not in self.stop_names \
                        and name not in learned \
                        and free(m.start("name"), m.start("name") + len(name)):
                    learned[name] = EntityRef(name=name, type="company")
        # 5a. a learned company's name without its suffix, where it stands as a word of its own elsewhere, is the
        # company (the first sighting gave the full name)
        for head, ref in heads.items():
            if head in learned or head in self.stop_names or head in self.by_surface:
                continue
            k = text.find(head)
            while k >= 0:
                if free(k, k + len(head)) and k in bounds and k + len(head) in bounds:
                    add(k, k + len(head), ref, "entity.short")
                k = text.find(head, k + len(head))
        # 5. learned names and short forms recur: mark every later sighting
        for a, b in _leftmost_longest(text, (n for n in learned if len(n) >= 2 and not n.isdigit())):
            if free(a, b):
                add(a, b, learned[text[a:b]], "entity.learned")
        # 6. persons after a title: CEO吴泳铭, 董事长张安平
        surnames = self.surnames
        for m in self.re_title_person.finditer(text):
            ns = m.start("name")
            two = text[ns:ns + 2]
            if not (text[ns] in surnames or two in surnames):
                continue
            ne = ns + 3 if len(m.group("name")) == 3 else ns + 2
            if ne == ns + 3 and (text[ns + 2] in _NAME_END_STOP or (ns + 2 in bounds and ns + 3 not in bounds)):
                ne = ns + 2
            if m.group("de") and not self.re_after_de_name.match(text, ne):
                if ne == ns + 3 and self.re_after_de_name.match(text, ns + 2):
                    ne = ns + 2
                else:
                    continue
            name = text[ns:ne]
            if name in self.stop_names or not free(ns, ne) or any(w in name for w in self.not_in_person_names):
                continue
            add(ns, ne, EntityRef(name=name, type="person"), "entity.person_title")
        # 创办人Jensen Huang, 执行长Lisa Su: a Latin given name and family name after a title
        for m in self.re_title_latin.finditer(text):
            ns, ne = m.start("name"), m.end("name")
            inside = [x for x in out.mentions if ns <= x.start and x.end <= ne and x.surface.isascii()]
            for x in inside:  # 创办人Henry Ford: the family name is a company's, but here it is a person's
                drop(x)
            if free(ns, ne):
                add(ns, ne, EntityRef(name=m.group("name"), type="person"), "entity.person_title")
        out.mentions.sort(key=lambda x: (x.start, -x.end))
        return out

    def _canonical(self, name: str, short: Optional[str]) -> str:
        if short and name.startswith(short) and name.endswith(self.legal_suffixes):
            return short
        return name


def finder(lexicon: Lexicon) -> EntityFinder:
    return lexicon.compiled("entities", EntityFinder)
