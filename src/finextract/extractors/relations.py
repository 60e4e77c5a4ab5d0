"""Relations between entities: find trigger words and their arguments, then resolve them to typed relations.

Rules (each relation records the rule that made it and its evidence span):

- ``relation.trigger``: a trigger word of ``relations.yaml`` with an entity before it and one or more after it
  in the same clause (美团旗下的三快科技; 对抗拼多多、抖音电商); the sentence's subject stands in when the
  left side is omitted. Product triggers also take a quoted name after them (推出“通义千问”).
- ``relation.role``: a person named after a title (美的集团董事长方洪波, 原总裁李小平) holds that role at the
  organisation right before the title, else at the subject in force; 原/前 make it ``former``.
- ``relation.parent``: an entity whose lexicon entry or business-unit reading names a parent that the article
  also names (微信 -> 腾讯; 外卖业务 of 美团).
- ``relation.model``: a model name written right after a company (英伟达H100) is a product of it.
- ``relation.peers``: entities ranked in one market-share list compete with its first one.
"""
from __future__ import annotations

import hashlib
import re
from bisect import bisect_left
from dataclasses import dataclass
from typing import Iterable, Optional

from ..lexicon import Lexicon
from ..models import EntityRef
from ..patterns import SENTENCE as _SENT
from ..patterns import alternation as _alt
from ..patterns import gated, segment_items, segment_list
from ..patterns import sentence_start
from .entities import ArticleEntities, EntityMention

_FOR_WHOM = set("为向")  # 甲为乙供应: the one supplied follows one of these (交给乙代工: 乙 is the maker)
_BETWEEN = set("与和同跟")  # 甲与乙签署供货协议: an agreement between two, no direction
_CLAUSE_END = "，,；;。！？!?\n"
_LIST_SEP = re.compile(r"^\s?(?:、|和|及|与|以及|,|，)?\s?$")
_QUOTED = re.compile(r"[“\"「『]([^”\"」』]{2,16})[”\"」』]")


@dataclass(frozen=True)
class FoundRelation:
    """A relation before export: canonical names, span in the normalised text."""

    head: EntityRef
    type: str
    tail: EntityRef
    start: int
    end: int
    rule: str
    confidence: float
    role: Optional[str] = None
    former: bool = False


class RelationFinder:
    def __init__(self, lex: Lexicon):
        rel = lex.relations
        self.by_word: dict[str, list[tuple[str, str]]] = {}
        for t in rel.triggers:
            for w in t.words:
                self.by_word.setdefault(w, []).append((t.type, t.order))
        self.re_trigger = re.compile(_alt(self.by_word))
        ep = lex.entity_patterns
        self.titles = sorted(ep.titles, key=len, reverse=True)
        self.title_canonical = dict(ep.title_canonical)
        self.re_title_end = re.compile(rf"(?:{_alt(ep.titles)})$")
        self.re_former = re.compile(rf"(?:{_alt(ep.former_markers)})$")
        self.re_group = re.compile(rf"(?:{_alt(ep.group_anaphora)})$")
        self.model_stop = set(rel.model_stop)
        self.re_model = re.compile(r"[A-Z][A-Za-z0-9+\-]{1,15}(?![A-Za-z0-9])")
        self.re_with = re.compile(r"(?:与|和|同|跟)")
        self.family_of = {n: f.company for f in rel.product_families for n in f.names}
        self.re_ranking = re.compile(_alt(rel.ranking_words)) if rel.ranking_words else None
        self.re_chain = re.compile(rf"的?(?:{_alt(rel.supply_chain_words)})") if rel.supply_chain_words else None
        self.re_chain_verb = re.compile(_alt(rel.supply_chain_verbs)) if rel.supply_chain_verbs else None
        item = r"[\u4e00-\u9fffA-Za-z][\u4e00-\u9fffA-Za-z0-9]{1,11}"
        self.re_segments = segment_list(rel.segment_lists) if rel.segment_lists else None
        self.re_category = (re.compile(rf"(?:{_alt(rel.product_categories)})\s?(?:[（(]\s?(?P<name>[^()（）,，、;；。\d]{{2,12}}?)"
                                       rf"\s?(?:[)）]|[、,，])|[「“『\"](?P<qname>[^」”』\"，,。]{{2,16}})[」”』\"]"
                                       rf"|(?P<lname>[A-Z][A-Za-z0-9\-]{{2,15}})(?![A-Za-z0-9]))")
                            if rel.product_categories else None)
        if self.family_of:
            # a model number, not a network generation (骁龙5G), a share (小米70%) or an amount (Mate 30万台)
            model = r"(?![2-6]G(?![A-Za-z0-9]))(?:[A-Z]{0,3}\d{1,5}[A-Za-z]{0,3}|[A-Z])(?![A-Za-z0-9.%％万亿千百年月日元个家台部款倍])"
            suffix = r"(?:\s?(?:Pro|Max|Ultra|Plus|mini|Mini|Lite|SE|5G|\+))*"
            self.re_family = gated(rf"(?<![A-Za-z])(?P<fam>{_alt(self.family_of)})\s?{model}{suffix}(?:系列)?")
        else:
            self.re_family = None
        self.name_list_words = set(rel.name_list_words)
        self.generic_words = tuple(w for w in ep.generic_modifiers if len(w) >= 2)
        self.re_copula = re.compile(rf"(?:{_alt(rel.copulas)})$") if rel.copulas else None
        self.stop_names = set(ep.stop_names)
        self.org_suffixes = tuple(w for words in ep.org_suffixes.values() for w in words)
        # 甲、乙等: 等 ends a list; 甲拟减持: a verb ends it too
        verbs = _alt([*ep.object_verbs, *rel.name_list_enders])
        name = rf"[\u4e00-\u9fffA-Za-z](?:(?!等|{verbs})[\u4e00-\u9fffA-Za-z0-9.&\-]){{1,11}}"
        self.re_name_list = re.compile(rf"\s?(?:了)?(?P<list>{name}(?:(?:、|和|及|与){name}){{0,4}})"
                                       rf"(?=等|[，,；;。（(]|$|{verbs})")

    # -- find ------------------------------------------------------------------------------------
    def find(self, text: str, ents: ArticleEntities, main: Optional[EntityRef], bounds: Optional[set[int]] = None,
             share_lists: Iterable[list[tuple[EntityRef, int, int]]] = (),
             units: Iterable[tuple[EntityRef, int, int]] = ()) -> list[FoundRelation]:
        orgs = [m for m in ents.mentions if m.ref.type != "person"]
        out: list[FoundRelation] = []
        out += self._triggers(text, orgs, main, bounds)
        out += self._roles(text, ents, orgs, main)
        out += self._parents(ents, units)
        out += self._families(text, ents)
        out += self._categories(text, orgs, main)
        out += self._rankings(text, orgs)
        out += self._segments(text, orgs, main)
        out += self._supply_chains(text, orgs)
        out += self._models(text, orgs, ents)
        for members in share_lists:
            first, s, e = members[0]
            for ref, s2, e2 in members[1:]:
                if ref.name != first.name:
                    out.append(FoundRelation(first, "competes_with", ref, min(s, s2), max(e, e2), "relation.peers", 0.6))
        return _dedupe(out)

    def _triggers(self, text: str, orgs: list[EntityMention], main: Optional[EntityRef],
                  bounds: Optional[set[int]]) -> list[FoundRelation]:
        out = []
        starts = [m.start for m in orgs]  # (sorted, as the entity finder leaves its mentions)
        for sm in _SENT.finditer(text):
            s0, s1 = sm.start(), sm.end()
            sent = orgs[bisect_left(starts, s0):bisect_left(starts, s1)]
            for tm in self.re_trigger.finditer(text, s0, s1):
                if not sent and tm.group(0) not in self.name_list_words:
                    continue  # no organisation in the sentence, and no list of new names the word could open
                if any(m.start <= tm.start() < m.end for m in sent):
                    continue  # the word is part of a name
                if bounds is not None and (tm.start() not in bounds or tm.end() not in bounds and len(tm.group(0)) < 3):
                    continue  # 投资 inside 投资者, 合并 inside 合并报表 (a longer word may end inside a token: 三国杀中)
                left = self._left(text, sent, tm.start(), s0)
                for rtype, order in self.by_word[tm.group(0)]:
                    rights = self._rights(text, sent, tm.end(), s1, rtype)
                    if not rights and rtype == "competes_with":
                        # 在甲、乙和丙的三国杀中 / 甲，乙、丙等企业的竞赛: every pair of the list competes
                        peers = self._list_before(text, sent, tm.start(), s0)
                        if peers:
                            out += _all_pairs(peers, rtype, peers[0].start, tm.end(), "relation.peer_list", 0.55)
                            continue
                    if not rights and order == "symmetric":
                        # 与甲公司、乙公司等平台开展合作: the partners stand between 与 and the trigger
                        rights, left = self._with_list(text, sent, tm.start(), s0), None
                    if not rights and tm.group(0) in self.name_list_words:
                        rights = self._name_list(text, tm.end(), s1)
                    if not rights and rtype == "supplier_of" and order == "head_first" and left is not None:
                        before = text[left.start - 1] if left.start else ""
                        if before in _FOR_WHOM:
                            # 甲将为乙供应电池: the one named before 为 supplies the one after it
                            cs = _clause_start(text, left.start)
                            makers = [m for m in sent if cs <= m.start and m.end < left.start and m.ref.type != "person"]
                            if makers and makers[-1].ref.name != left.ref.name:
                                out.append(FoundRelation(makers[-1].ref, rtype, left.ref, makers[-1].start, tm.end(),
                                                         "relation.trigger", 0.65))
                        elif before not in _BETWEEN:
                            # 甲将订单交由乙代工: the maker before the word supplies the sentence's subject
                            client = self._topic(text, sent, left.start)
                            if client is not None and client.name != left.ref.name:
                                out.append(FoundRelation(left.ref, rtype, client, left.start, tm.end(),
                                                         "relation.trigger", 0.55))
                        continue
                    if not rights and order == "tail_first" and left is not None:
                        # 甲是乙旗下的面板厂: the entity before the copula is the one owned
                        head = self._before_copula(text, sent, left.start, s0)
                        if head is not None:
                            rights, span_left = [(head.ref, tm.end())], head.start
                            out.append(FoundRelation(head.ref, rtype, left.ref, span_left, tm.end(),
                                                     "relation.copula", 0.65))
                        continue
                    if not rights:
                        continue
                    span_from = tm.start() if not rights or min(e for _, e in rights) > tm.start() else \
                        self._with_start(text, tm.start(), s0)
                    lref = left.ref if left is not None else None
                    if lref is None and (order != "tail_first" or rtype == "supplier_of"
                                         or self.re_group.search(text, max(s0, tm.start() - 4), tm.start())):
                        # the buyer of 采购 may be the sentence's subject; an owner (旗下) must be written, or
                        # referred to (公司大股东甲: 公司 is the subject)
                        lref = self._subject(sent, tm.start()) or main
                    if lref is None:
                        continue
                    start = left.start if left is not None else span_from
                    for rref, rend in rights:
                        if rref.name == lref.name:
                            continue
                        head, tail = (rref, lref) if order == "tail_first" else (lref, rref)
                        if rtype == "supplier_of" and head.type == "product" and head.parent:
                            head = EntityRef(name=head.parent, type="company")  # 采购甲H100: 甲 supplies
                            if head.name == tail.name:
                                continue  # a maker's own product in its own phone supplies nobody
                        out.append(FoundRelation(head, rtype, tail, start, max(rend, tm.end()), "relation.trigger",
                                                 0.7 if left is not None else 0.55))
        return out

    def _before_copula(self, text: str, sent: list[EntityMention], pos: int, s0: int) -> Optional[EntityMention]:
        c = self.re_copula.search(text, max(s0, pos - 4), pos) if self.re_copula is not None else None
        if c is None:
            return None
        before = [m for m in sent if m.end <= c.start() and c.start() - m.end <= 1 and m.ref.type != "person"]
        return before[-1] if before else None

    def _left(self, text: str, sent: list[EntityMention], pos: int, s0: int) -> Optional[EntityMention]:
        """The entity before a trigger in its clause (up to 12 characters away)."""
        best = None
        for m in sent:
            if m.end <= pos and pos - m.end <= 12 and not any(c in _CLAUSE_END for c in text[m.end:pos]):
                best = m
        return best

    def _rights(self, text: str, sent: list[EntityMention], pos: int, s1: int, rtype: str) -> list[tuple[EntityRef, int]]:
        """Entities after a trigger: the first within 8 characters, then a list joined by 、/和."""
        out: list[tuple[EntityRef, int]] = []
        cur = pos
        for m in sent:
            if m.start < pos:
                continue
            gap = text[cur:m.start]
            if any(c in _CLAUSE_END for c in gap):
                break
            if not out and len(gap) <= 8 or out and _LIST_SEP.match(gap):
                out.append((m.ref, m.end))
                cur = m.end
            elif out:
                break
        if rtype == "product_of" and not out:
            q = _QUOTED.search(text, pos, min(s1, pos + 12))
            if q and not any(c in _CLAUSE_END for c in text[pos:q.start()]):
                out.append((EntityRef(name=q.group(1), type="product"), q.end()))
        return out

    @staticmethod
    def _list_before(text: str, sent: list[EntityMention], pos: int, s0: int) -> list[EntityMention]:
        """The list of organisations (甲、乙和丙 / 甲，乙、丙等) closest before ``pos`` in its sentence."""
        before = [m for m in sent if s0 <= m.start and m.end <= pos and m.ref.type in ("company", "business", "product")]
        if len(before) < 2:
            return []
        group = [before[-1]]
        for m in reversed(before[:-1]):
            if re.fullmatch(r"\s?[、，,和与及跟]\s?", text[m.end:group[0].start]):
                group.insert(0, m)
            else:
                break
        if len(group) < 2 or pos - group[-1].end > 24 or any(c in "。；;！？!?\n" for c in text[group[-1].end:pos]):
            return []
        return group

    def _with_start(self, text: str, pos: int, s0: int) -> int:
        """Where the 与-list of a trigger begins (the evidence starts there)."""
        clause = max(s0, max(text.rfind(c, s0, pos) for c in _CLAUSE_END) + 1)
        w = self.re_with.search(text, clause, pos)
        return w.start() if w is not None else clause

    def _with_list(self, text: str, sent: list[EntityMention], pos: int, s0: int) -> list[tuple[EntityRef, int]]:
        clause = max(s0, max(text.rfind(c, s0, pos) for c in _CLAUSE_END) + 1)
        w = self.re_with.search(text, clause, pos)
        if w is None:
            return []
        return [(m.ref, m.end) for m in sent if w.end() <= m.start and m.end <= pos]

    def _name_list(self, text: str, pos: int, s1: int) -> list[tuple[EntityRef, int]]:
        """收购甲公司、Acme、Foo.com: names no lexicon knows, listed right after the trigger."""
        m = self.re_name_list.match(text, pos, s1)
        if m is None:
            return []
        out = []
        cur = m.start()
        parts = re.split(r"、|和|及|与", m.group("list"))
        closed = text.startswith("等", m.end("list"))  # 甲、乙等: every item is a whole name
        for i, part in enumerate(parts):
            name = re.sub(r"^之[一二三]", "", part.strip())  # 主要股东之一甲
            if any(name.startswith(g) for g in self.generic_words):
                return []  # 收购相关企业股权: a kind of thing, not a name
            latin = re.match(r"[A-Za-z][A-Za-z0-9.&\-]*", name)
            whole = (closed or i < len(parts) - 1) and len(name) <= 8  # 三菱材料、SK化学等
            if latin and latin.end() < len(name) and not whole:
                if latin.end() < 2 or latin.group(0) in self.stop_names:
                    return []  # 收购A股公司: a letter is no name
                name = latin.group(0)  # Prosus宣布减持: the Latin name ends where the Chinese text starts
                out.append((EntityRef(name=name, type="company"), text.find(name, cur) + len(name)))
                break
            end = text.find(name, cur) + len(name)
            cur = end
            if not (2 <= len(name) <= 12) or name in self.stop_names or re.search(r"\d", name) and not name.isascii():
                return []
            if name[0] in "的所将了" or len(name) > 6 and not name.isascii() and not name.endswith(self.org_suffixes):
                return []  # 所收购的某单车此前亏损严重: a clause, not a name
            out.append((EntityRef(name=name, type="company"), end))
        return out if len(out) <= 5 else []

    @staticmethod
    def _topic(text: str, sent: list[EntityMention], pos: int) -> Optional[EntityRef]:
        """The company a sentence is about before ``pos``: one that closes a clause (使用乙的服务的业者甲，… -> 甲),
        else the first."""
        before = [m for m in sent if m.end <= pos and m.ref.type in ("company", "business")]
        closing = [m for m in before if text[m.end:m.end + 1] in ("，", ",")]
        return closing[-1].ref if closing else before[0].ref if before else None

    @staticmethod
    def _subject(sent: list[EntityMention], pos: int) -> Optional[EntityRef]:
        for m in sent:
            if m.start < pos and m.ref.type in ("company", "business"):
                return m.ref
        return None

    def _roles(self, text: str, ents: ArticleEntities, orgs: list[EntityMention],
               main: Optional[EntityRef]) -> list[FoundRelation]:
        out = []
        for p in ents.mentions:
            if p.ref.type != "person" or p.rule != "entity.person_title":
                continue
            before = p.start - 1 if p.start and text[p.start - 1] in "的 " else p.start  # 董事长的张三, CEO Lisa Su
            t = self.re_title_end.search(text, max(0, before - 12), before)
            if t is None:
                continue
            titles = [t.group(0)]
            while t.start() and text[t.start() - 1] == "、":  # 董事长、总经理张三: one role per title
                t0 = self.re_title_end.search(text, max(0, t.start() - 13), t.start() - 1)
                if t0 is None:
                    break
                t = t0
                titles.insert(0, t.group(0))
            former = bool(self.re_former.search(text, max(0, t.start() - 3), t.start()))
            org = None
            start = t.start()
            # the organisation right before the title, or one whose name ends inside it (某某基金|经理 of 基金经理)
            near = [m for m in orgs if m.end <= t.start() and t.start() - m.end <= 1
                    or m.start < t.start() < m.end <= t.end()]
            if near:
                org, start = near[-1].ref, near[-1].start
            elif main is not None and self.re_group.search(text, max(0, t.start() - 4), t.start()):
                org = main
            else:
                s0 = sentence_start(text, t.start())
                before = [m for m in orgs if s0 <= m.start and m.end <= t.start()
                          and m.ref.type in ("company", "business", "organization")]
                org = before[-1].ref if before else main
            if org is None:
                continue
            for title in titles:
                out.append(FoundRelation(p.ref, "role", org, start, p.end, "relation.role", 0.75 if near else 0.55,
                                         role=self.title_canonical.get(title, title), former=former))
        return out

    @staticmethod
    def _parents(ents: ArticleEntities, units: Iterable[tuple[EntityRef, int, int]]) -> list[FoundRelation]:
        out = []
        named = {m.ref.name for m in ents.mentions}
        for m in ents.mentions:
            # (a model written after its maker names the maker in the mention itself)
            if m.ref.parent and (m.ref.parent in named or m.rule == "entity.model") and m.ref.parent != m.ref.name:
                parent = ents.refs.get(m.ref.parent) or EntityRef(name=m.ref.parent, type="company")
                rtype = "product_of" if m.ref.type == "product" else "subsidiary_of"
                out.append(FoundRelation(m.ref, rtype, parent, m.start, m.end, "relation.parent", 0.8))
        for ref, s, e in units:
            if ref.parent and ref.parent != ref.name:
                parent = ents.refs.get(ref.parent) or EntityRef(name=ref.parent, type="company")
                out.append(FoundRelation(ref, "subsidiary_of", parent, s, e, "relation.parent", 0.65))
        return out

    def _segments(self, text: str, orgs: list[EntityMention], main: Optional[EntityRef]) -> list[FoundRelation]:
        """业务板块主要包括甲、乙和丙: business units of the company the sentence is about."""
        if self.re_segments is None:
            return []
        out = []
        for m in self.re_segments.finditer(text):
            owner = _sentence_owner(text, orgs, m.start(), main, ("company",))
            if owner is None:
                continue
            cur = m.start("list")
            for name in segment_items(m.group("list")):
                end = text.find(name, cur) + len(name)
                cur = end
                if len(name) < 2 or name in self.stop_names:
                    continue
                out.append(FoundRelation(EntityRef(name=name, type="business", parent=owner.name), "subsidiary_of",
                                         owner, m.start(), end, "relation.segments", 0.55))
        return out

    def _supply_chains(self, text: str, orgs: list[EntityMention]) -> list[FoundRelation]:
        """甲打入乙供应链 / 甲、丙均为乙供应链 / 打入乙供应链的甲: the suppliers of 乙."""
        if self.re_chain is None or self.re_chain_verb is None:
            return []
        out = []
        for c in orgs:
            if c.ref.type != "company":
                continue
            ch = self.re_chain.match(text, c.end)
            if ch is None:
                continue
            after = [m for m in orgs if m.start == ch.end() + 1 and text[ch.end()] == "的"]
            if after:
                suppliers = after[:1]
            else:
                cs = _clause_start(text, c.start)
                before = [m for m in orgs if cs <= m.start and m.end <= c.start and m.ref.type != "person"]
                verb = self.re_chain_verb.search(text, before[-1].end, c.start) if before else None
                if verb is None or text[verb.end():c.start].strip():
                    continue  # the verb must lead straight to the customer (甲打入|乙供应链)
                suppliers = before
            for m in suppliers:
                if m.ref.name != c.ref.name:
                    out.append(FoundRelation(m.ref, "supplier_of", c.ref, min(m.start, c.start),
                                             max(m.end, ch.end()), "relation.supply_chain", 0.6))
        return out

    def _rankings(self, text: str, orgs: list[EntityMention]) -> list[FoundRelation]:
        """前三名依次为甲（1200万头）、乙（800万头）、丙: the companies of one ranking compete pairwise."""
        if self.re_ranking is None:
            return []
        out = []
        for m in self.re_ranking.finditer(text):
            group: list[EntityMention] = []
            cur = m.end()
            for o in orgs:
                if o.start < cur or o.ref.type not in ("company", "business", "product"):
                    continue
                gap = text[cur:o.start]
                if not (re.fullmatch(r"[:：\s]?", gap) if not group else _RANK_SEP.fullmatch(gap)):
                    break
                group.append(o)
                cur = o.end
            out += _all_pairs(group, "competes_with", m.start(), group[-1].end if group else m.end(),
                              "relation.ranking", 0.6)
        return out

    def _categories(self, text: str, orgs: list[EntityMention], main: Optional[EntityRef]) -> list[FoundRelation]:
        """操作系统(某某): a product named in brackets after its kind belongs to the company of the sentence."""
        if self.re_category is None:
            return []
        out = []
        for m in self.re_category.finditer(text):
            group = "name" if m.group("name") else "qname" if m.group("qname") else "lname"
            name = m.group(group).strip()
            if name in self.stop_names or name in self.model_stop or any(o.start <= m.start(group) < o.end for o in orgs):
                continue  # a company in brackets is no product; 芯片GPU names a kind
            owner = _sentence_owner(text, orgs, m.start(), main, ("company", "business"))
            if owner is None:
                continue
            out.append(FoundRelation(EntityRef(name=name, type="product"), "product_of", owner, m.start(), m.end(),
                                     "relation.category", 0.55))
        return out

    def _families(self, text: str, ents: ArticleEntities) -> list[FoundRelation]:
        """骁龙865, Galaxy S24 Ultra: a model of a known product line, when the article names its maker."""
        if self.re_family is None:
            return []
        out = []
        models = [m for m in ents.mentions if m.rule == "entity.model"]
        for fm in self.re_family.finditer(text):
            if any(m.start <= fm.start() < m.end for m in models):
                continue  # 某某Mate20 X 5G版: the model rule named it whole
            maker = ents.refs.get(self.family_of[fm.group("fam")])
            if maker is None:
                continue
            out.append(FoundRelation(EntityRef(name=fm.group(0).strip(), type="product"), "product_of", maker,
                                     fm.start(), fm.end(), "relation.family", 0.7))
        return out

    def _models(self, text: str, orgs: list[EntityMention], ents: ArticleEntities) -> list[FoundRelation]:
        out = []
        model_starts = {x.start for x in orgs if x.rule == "entity.model"}
        for m in orgs:
            if m.ref.type != "company":
                continue
            if self.re_family is not None and self.re_family.match(text, m.end):
                continue  # 三星Galaxy S23: the product line rule names the model whole
            mm = self.re_model.match(text, m.end)
            if m.end in model_starts:
                continue  # the entity rule named the model (with its edition) already
            if mm is None or mm.group(0) in self.model_stop or mm.group(0) in ents.refs:
                continue
            out.append(FoundRelation(EntityRef(name=mm.group(0), type="product"), "product_of", m.ref, m.start,
                                     mm.end(), "relation.model", 0.6))
        return out


_SYMMETRIC = {"competes_with", "partners_with"}


def _clause_start(text: str, pos: int) -> int:
    """Where the clause holding ``pos`` starts."""
    return max(text.rfind(x, 0, pos) for x in _CLAUSE_END) + 1


def _sentence_owner(text: str, orgs: list[EntityMention], pos: int, main: Optional[EntityRef],
                    types: tuple[str, ...]) -> Optional[EntityRef]:
    """The last organisation of ``types`` named before ``pos`` in its clause, else the first of its sentence (the
    subject: 甲的芯片「A」采用乙的工艺，第二代芯片「B」… -> 甲), else the article's main company."""
    s0 = sentence_start(text, pos)
    before = [o for o in orgs if s0 <= o.start and o.end <= pos and o.ref.type in types]
    if not before:
        return main
    clause = max(s0, max(text.rfind(c, s0, pos) for c in "，,；;") + 1)
    in_clause = [o for o in before if o.start >= clause]
    return in_clause[-1].ref if in_clause else before[0].ref


def _all_pairs(members: list[EntityMention], rtype: str, start: int, end: int, rule: str,
               confidence: float) -> list[FoundRelation]:
    """Every pair of a list of peers (甲、乙和丙 -> 甲-乙, 甲-丙, 乙-丙)."""
    return [FoundRelation(a.ref, rtype, b.ref, start, end, rule, confidence)
            for i, a in enumerate(members) for b in members[i + 1:] if a.ref.name != b.ref.name]
# between two members of a ranking: an optional figure in brackets, then a list separator
_RANK_SEP = re.compile(r"\s?(?:[（(][^（）()]{0,20}[)）])?\s?(?:[、，,和与及]|以及)\s?")


def _dedupe(rels: list[FoundRelation]) -> list[FoundRelation]:
    seen: set[tuple[str, str, str]] = set()
    out = []
    for r in rels:
        a, b = r.head.name, r.tail.name
        key = (min(a, b), r.type, max(a, b)) if r.type in _SYMMETRIC else (a, r.type, b)
        if r.type == "role":
            key = (a, f"role:{r.role}", b)
        if key in seen:
            continue
        seen.add(key)
        out.append(r)
    return out


def relation_id(article_id: str, head: str, rtype: str, tail: str, role: Optional[str] = None) -> str:
    """Stable id of a relation; a person's roles at one company (董事长、总经理) are one relation each."""
    key = f"{article_id}|{head}|{rtype}|{tail}" + (f"|{role}" if role else "")
    return hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]


def finder(lexicon: Lexicon) -> RelationFinder:
    return lexicon.compiled("relations", RelationFinder)
