"""End-to-end behaviour on general sentences (not copied from the dev articles) and on the dev set."""
import json
from decimal import Decimal

import pytest

import finextract


def _facts(text, date=None):
    return finextract.extract(text, date=date).facts


def test_level_and_change_in_one_clause():
    facts = _facts("比亚迪2024年营业收入为7771亿元，同比增长29%。")
    f = [x for x in facts if x.metric_id == "revenue"][0]
    assert f.entity == "比亚迪"
    assert f.value == Decimal("777100000000")
    assert f.unit == "CNY" and f.period == "2024"
    assert f.change_pct == Decimal("29") and f.change_basis == "yoy"


def test_change_before_level_is_one_fact():
    facts = _facts("2024年第三季度，腾讯云业务收入同比增长12%，达到300亿元。")
    revenue = [x for x in facts if x.metric_id == "revenue"]
    assert len(revenue) == 1
    assert revenue[0].value == Decimal("30000000000") and revenue[0].change_pct == Decimal("12")


def test_traditional_taiwan_currency():
    facts = _facts("台積電去年營收2.16兆元，年增33.9%，稅後純益8,384億元。", date="2024-03-01")
    rev = [x for x in facts if x.metric_id == "revenue"][0]
    assert rev.unit == "TWD" and rev.period == "2023" and rev.change_pct == Decimal("33.9")


def test_fiscal_period_from_lexicon():
    facts = _facts("阿里巴巴集团2025财年第三季度收入达2801.5亿元。")
    f = facts[0]
    assert f.period == "FY2025Q3"
    assert f.period_start.isoformat() == "2024-10-01" and f.period_end.isoformat() == "2024-12-31"


def test_no_fact_from_consumer_example():
    facts = _facts("用户输入“适合通勤的运动鞋，预算800以内”，系统即可推荐商品。")
    assert facts == []


def test_evidence_offsets_exact_on_dev(dev_articles, pipeline):
    from finextract.models import Article

    n = 0
    for a in dev_articles:
        r = pipeline.extract(Article(id=a["id"], text=a["text"]))
        for f in r.facts:
            assert a["text"][f.evidence.start:f.evidence.end] == f.evidence.text
            n += 1
    assert n > 100


def test_fact_ids_stable(pipeline):
    from finextract.models import Article

    art = Article(id="x", text="宁德时代2023年净利润441亿元，同比增长43.6%。")
    assert [f.id for f in pipeline.extract(art).facts] == [f.id for f in pipeline.extract(art).facts]


def test_spacy_component():
    import spacy

    import finextract.spacy_components  # noqa: F401  (registers the factories)

    nlp = spacy.blank("zh")
    nlp.add_pipe("finextract_facts")
    doc = nlp("比亚迪2024年营业收入为7771亿元，同比增长29%。")
    assert doc._.facts and doc._.facts[0].value == Decimal("777100000000")


def test_balance_reported_for_a_half_is_an_instant():
    facts = _facts("2023年上半年，招商银行不良贷款余额为500亿元，不良贷款率为0.9%。")
    assert {f.metric_id: f.period for f in facts} == {"npl_balance": "2023-06-30", "npl_ratio": "2023-06-30"}


def test_flow_up_to_a_year_end_is_the_year():
    facts = _facts("截至2023年末，平安银行营业收入1600亿元。")
    assert facts[0].period == "2023"


def test_comparison_base_is_not_the_period():
    facts = _facts("2023年6月末，某某银行客户数达到120万户，较2022年末增加10万户。")
    assert all(f.period == "2023-06-30" for f in facts)


def test_cited_source_is_not_the_subject():
    facts = _facts("小米集团发布年报。IDC数据显示，其2023年手机出货量为1.5亿部。")
    assert facts and facts[0].entity == "小米集团"


def test_share_list_gives_each_entity_its_value():
    facts = _facts("市场份额方面，苹果占30%，三星占25%，小米占12%。")
    assert {f.entity: int(f.value) for f in facts} == {"苹果": 30, "三星": 25, "小米": 12}


def test_locale_ignores_markers_inside_words():
    # 茅台股价 holds 台股 but the article is mainland: 元 stays CNY
    facts = _facts("贵州茅台股价报1750元/股。茅台股价年内上涨。")
    assert facts and facts[0].unit == "CNY"


def test_locale_checked_lazily_decides_as_counting_every_marker(dev_articles, pipeline):
    # the locale checks markers only until its winner is certain; it decides as the rule over every marker does
    # (weights by marker, the script's prior, ties to the script's locale, no marker: the script's locale)
    from finextract.pipeline import _decide_locale

    loc = pipeline.lexicon.locales

    def counted(text, script):
        bounds = pipeline.segmenter.all_boundaries(text)
        scores = {}
        for l in loc.locales:
            rx = pipeline._re_markers[l.code]
            scores[l.code] = sum(loc.weights["strong"] if m.group(0) in loc.strong_markers else loc.weights["default"]
                                 for m in rx.finditer(text, 0, min(len(text), loc.opening_chars))
                                 if m.start() in bounds and m.end() in bounds)
            scores[l.code] += loc.weights["script"] if loc.script_prior.get(script) == l.code else 0
        return _decide_locale(scores, script)

    texts = [pipeline.normalize(a["text"]).text for a in dev_articles]
    texts += ["台积电营收年增，外资买超台股。", "茅台股价上涨，营收同比增长。", "港股通资金流入，恒指上涨，人民币走弱。", "无标记的文字。",
              "营收年增，营收季增，营收月增，同比增长。", "新台币升值，人民币贬值，港元持平。",
              # (a near tie: two mainland markers that are no whole tokens against five Taiwan ones that are)
              "中国银行与中国银行合作。营收增长，营收下降，营收持平，营收回升，营收创新高。"]
    for t in texts:
        for script in ("simplified", "traditional"):
            assert pipeline.locale(t, script) == counted(t, script), (t[:30], script)


def test_respective_values_and_changes_pair_in_order():
    r = finextract.extract("宁德时代上半年营业收入、净利润分别为1660亿元、228亿元，分别同比下降11.9%、增长10.4%。",
                           date="2024-08-01")
    got = {(f.metric_id, f.value, f.change_pct) for f in r.facts}
    assert ("revenue", Decimal("166000000000"), Decimal("-11.9")) in got
    assert ("net_profit", Decimal("22800000000"), Decimal("10.4")) in got


def test_respective_changes_without_levels():
    r = finextract.extract("比亚迪一季度营收和净利润分别同比下降4%、10.6%。", date="2024-05-01")
    got = {(f.metric_id, f.change_pct, f.period) for f in r.facts}
    assert got == {("revenue", Decimal("-4"), "2024Q1"), ("net_profit", Decimal("-10.6"), "2024Q1")}


def test_respective_levels_are_not_changes():
    r = finextract.extract("兴业银行2023年ROAE和ROAA分别为16.2%和1.3%。")
    assert all(f.change_pct is None for f in r.facts)
    assert {f.value for f in r.facts} >= {Decimal("1.3"), Decimal("16.2")}


def test_share_price_moves_after_company_names():
    r = finextract.extract("截至收盘，比亚迪涨5.1%，宁德时代跌2.3%。")
    got = {(f.entity, f.metric_id, f.change_pct) for f in r.facts}
    assert got == {("比亚迪", "share_price", Decimal("5.1")), ("宁德时代", "share_price", Decimal("-2.3"))}
    # a metric word between the company and the verb is that metric, not the share price
    assert {f.metric_id for f in finextract.extract("比亚迪销量上涨12%。").facts} == {"sales_volume"}


def test_metric_list_with_an_unlisted_modifier():
    r = finextract.extract("杭州银行第二季度实现营业收入、拨备前利润、归母净利润180.1亿、120.5亿、70.3亿，"
                           "分别同比增5.4%、6.1%、19.2%。", date="2024-08-01")
    got = {(f.metric_text, f.value, f.change_pct) for f in r.facts}
    assert ("营业收入", Decimal("18010000000"), Decimal("5.4")) in got
    assert ("归母净利润", Decimal("7030000000"), Decimal("19.2")) in got


def test_holder_owns_the_shares_it_holds():
    r = finextract.extract("腾讯仍持有京东2.5亿股。")
    assert [(f.entity, f.metric_id, f.value, f.unit) for f in r.facts] == \
        [("腾讯", "shares_held", Decimal("250000000"), "股")]
    r = finextract.extract("腾讯持有京东8.2%的股份。")
    assert [(f.entity, f.metric_id, f.value) for f in r.facts] == [("腾讯", "shareholding", Decimal("8.2"))]


def test_origin_period_belongs_to_its_own_value():
    r = finextract.extract("2024年第三季度，比亚迪经营现金流从去年同期的净流入120亿元，变为净流出35亿元。")
    got = {(f.value, f.period) for f in r.facts}
    assert (Decimal("-3500000000"), "2024Q3") in got
    assert (Decimal("12000000000"), "2023Q3") in got


def test_entity_list_pairs_with_values_in_order():
    r = finextract.extract("2023年，新光人寿及台湾人寿两家寿险公司各以保费收入4,100亿元及3,900亿元位列前二十。")
    assert {(f.entity, f.value) for f in r.facts} == {("新光人寿", Decimal("410000000000")),
                                                      ("台湾人寿", Decimal("390000000000"))}
    assert "两家寿险公司" not in " ".join(e.name for e in r.entities)  # a count of companies is no name
    r = finextract.extract("腾讯和阿里巴巴的云业务收入分别为500亿元和1000亿元。")
    assert {(f.entity, f.value) for f in r.facts} == {("腾讯", Decimal("50000000000")),
                                                      ("阿里巴巴", Decimal("100000000000"))}


def test_name_before_a_ticker_may_begin_with_a_function_character():
    r = finextract.extract("其中电子通路商至达（6543）业绩看好。至达第一季营收55.3亿元。")
    assert [(f.entity, f.value) for f in r.facts] == [("至达", Decimal("5530000000"))]


def test_market_subjects_without_any_company():
    r = finextract.extract("2024年中国整体汽车市场销量为120万辆，同比增长6%。")
    assert [(f.entity, f.entity_type, f.value, f.unit, f.period) for f in r.facts] == \
        [("中国汽车市场", "market", Decimal("1200000"), "辆", "2024")]
    assert finextract.extract("营收为30亿元。").facts == []  # no subject at all: no fact


def test_numerals_inside_words_are_no_numbers(pipeline):
    for text, want in (("我家在四川", []), ("一切顺利", []), ("他拾取了贝壳", []), ("营收增长三成", [Decimal("30")])):
        got = [q.value for q in pipeline.values.find(text, bounds=pipeline.segmenter.boundaries(text))]
        assert got == want, text


def test_lone_share_price_move_belongs_to_the_subject():
    r = finextract.extract("小米集团发布财报后，投资者信心回落，最终收跌3.2%。")
    assert [(f.entity, f.metric_id, f.change_pct) for f in r.facts] == [("小米集团", "share_price", Decimal("-3.2"))]


def test_period_prefilter_finds_the_same_periods(dev_articles, pipeline):
    """The start-character lookahead is a speed-up only: it must find exactly what the plain patterns find."""
    from conftest import load_cases
    from finextract.extractors.periods import PeriodFinder

    fast, plain = PeriodFinder(pipeline.lexicon), PeriodFinder(pipeline.lexicon, prefilter=False)
    texts = [pipeline.normalize(a["text"]).text for a in dev_articles]
    cases = load_cases("periods")
    texts += [c["text"] for c in cases["positive"]] + list(cases["negative"])
    for t in texts:
        assert fast.find(t) == plain.find(t), t[:40]


def test_value_prefilter_finds_the_same_values(dev_articles, pipeline):
    from conftest import load_cases
    from finextract.extractors.values import ValueFinder

    fast, plain = ValueFinder(pipeline.lexicon), ValueFinder(pipeline.lexicon, prefilter=False)
    cases = load_cases("values")
    texts = [pipeline.normalize(a["text"]).text for a in dev_articles]
    texts += [c["text"] for c in cases["positive"]] + list(cases["negative"])
    for t in texts:
        b = pipeline.segmenter.boundaries(t)
        assert fast.find(t, "CNY", b) == plain.find(t, "CNY", b), t[:40]


def test_entities_are_named_as_the_article_names_them():
    # the lexicon's canonical name is kept on the entity record; facts and relations use the article's own form
    r = finextract.extract("鸿海集团今年营收为500亿元，鸿海集团表示看好。")
    rec = {e.name: e for e in r.entities}
    assert "鸿海集团" in rec and rec["鸿海集团"].canonical == "鸿海"
    # an article that uses the canonical name keeps it, with no separate canonical
    r = finextract.extract("鸿海今年营收为500亿元，鸿海集团表示看好。")
    assert {f.entity for f in r.facts} == {"鸿海"}
    assert [e.canonical for e in r.entities if e.name == "鸿海"] == [None]


def test_change_word_before_a_connector_is_still_a_change():
    # 成长高达12% is growth; 提升至45% is a level
    f = finextract.extract("联电首季营收年成长高达12.5%。").facts
    assert [(x.value, x.change_pct) for x in f] == [(None, Decimal("12.5"))]
    f = finextract.extract("联电毛利率提升至45%。").facts
    assert [(x.value, x.change_pct) for x in f] == [(Decimal("45"), None)]


def test_trie_alternation_matches_like_longest_first():
    # the trie form of a word list finds what the plain longest-first alternation finds, at every position
    import random
    import re

    from finextract.patterns import alternation

    words = ["阿里", "阿里云", "阿里巴巴", "阿里巴巴集团", "云", "a.b", "a+", "集团公司", "集团", "A股", "A"]
    plain = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
    rng = random.Random(7)
    alphabet = "阿里巴集团公司云a.b+A股x"
    for _ in range(300):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 30)))
        assert [m.span() for m in re.finditer(alternation(words), text)] == \
               [m.span() for m in re.finditer(plain, text)]
    assert alternation([]) == "" and alternation(["", "x"]) == "x"


def test_first_chars_reads_where_a_match_can_start():
    # every match of a pattern starts at one of the characters read from its parse tree; where any character
    # could start one (or the pattern can match nothing), no class is given
    import random
    import re

    from finextract.patterns import first_chars

    assert first_chars(r"FY\s?\d{2}") == "F"
    assert first_chars(r"(?:(?P<y>20\d{2})年|今年|去年)?[一二]月") == "2一二今去"
    assert first_chars(r"(?<![\d.])\d+(?=%)") == r"\d"
    assert first_chars(r"(?:上|下)?半年|H[12]") == "H上下半"
    for unknown in (r"a?b*", r".x", r"[^a]b", r"(a)?\1b", r"\w+"):
        assert first_chars(unknown) is None, unknown
    assert first_chars("abc", re.IGNORECASE) is None
    rng = random.Random(3)
    patterns = [r"(?:(?P<y>20\d{2})年|本)?(?:[一二]|1[0-2])月(?:末|底)?", r"(?:第)?[一二三四]季(?:度)?", r"(?=\d)\d+亿|亿元"]
    alphabet = "20本一二1月末底第三季度亿元x3"
    for p in patterns:
        cls = re.compile(f"[{first_chars(p)}]")
        for _ in range(200):
            text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 20)))
            assert all(cls.match(text, m.start()) for m in re.finditer(p, text)), (p, text)


def test_learned_names_are_found_as_a_longest_first_alternation_finds_them():
    import random
    import re

    from finextract.extractors.entities import _leftmost_longest
    from finextract.patterns import alternation

    assert _leftmost_longest("华光股份与华光合作", ["华光", "华光股份"]) == [(0, 4), (5, 7)]
    assert _leftmost_longest("任意文字", []) == []
    rng = random.Random(1)
    for _ in range(2000):
        words = ["".join(rng.choice("ab中国c") for _ in range(rng.randint(1, 4))) for _ in range(rng.randint(1, 5))]
        text = "".join(rng.choice("ab中国cx") for _ in range(rng.randint(0, 40)))
        assert _leftmost_longest(text, words) == [m.span() for m in re.finditer(alternation(words), text)], (words, text)


def test_anchored_search_finds_the_plain_scans_matches():
    # searching only near the characters every match holds gives the matches of a plain scan, look-arounds at the
    # edge of each search included, and goes on with a plain scan where those characters crowd the text
    import random
    import re

    from finextract.patterns import anchor_plan, finditer_anchored

    plan = anchor_plan(r"(?:(?P<y>20\d{2})年)?(?:[一二]|1[0-2])月(?!\d)")
    assert plan is not None and plan.hits.pattern == "[月]" and plan.width == 8 and plan.reach == 9
    assert anchor_plan(r"第?[一二三四]季度?").hits.pattern == "[季]"  # the head word, not the numerals
    assert anchor_plan(r"(?:上|下)半年|H[12]").hits.pattern == "[H年]"
    for none in (r"\d+年", r"年(?=\d*%)", r"[一二]?月?", r"\d{4}", r"(?:年|\d)月?", r"年[^。]*末", r"[，,][一二]?\d"):
        assert anchor_plan(none) is None, none  # unbounded, held by no set, or only by digits or punctuation
    # a clause's punctuation is in nearly every sentence: the words are searched for, though their set is larger
    assert anchor_plan(r"[\u4e00-\u9fff]{2,4}?(?:公告|发布)[，,]").hits.pattern == "[告布]"
    assert anchor_plan("年", re.IGNORECASE) is None
    assert anchor_plan("(?i)q[1-4]") is None and anchor_plan("(?i:q)[1-4]") is None
    rng = random.Random(7)
    patterns = [r"(?:(?P<y>20\d{2})年)?(?:[一二]|1[0-2])月(?:末|底)?(?!\d)", r"(?<![\d.])(?:第)?[一二三四]季(?:度)?(?=[^年]|$)",
                r"(?:前|近)[一二三]个?月", r"Q[1-4](?!\d)|[1-4]Q", r"年(?:初|末)(?=至今|以来)?", r"(?:上|下)半年(?:度)?"]
    alphabet = "20年一二1月末底第三季度前近个Q4至今以来上下半x。"
    for p in patterns:
        plan = anchor_plan(p)
        assert plan is not None, p
        rx = re.compile(p)
        for _ in range(300):
            text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 60)))
            assert [m.span() for m in finditer_anchored(rx, plan, text)] == [m.span() for m in rx.finditer(text)], \
                (p, text)
        crowded = "月" * 500 + "一月" + "x" * 10 + "二月"  # the plain scan takes over: the same matches
        assert [m.span() for m in finditer_anchored(rx, plan, crowded)] == [m.span() for m in rx.finditer(crowded)]


def test_patterns_searched_near_their_anchors_match_as_a_plain_scan(dev_articles, pipeline):
    from conftest import load_cases
    from finextract.patterns import finditer_anchored

    finder = pipeline.periods
    assert sum(plan is not None for plan in finder.plans.values()) >= 10
    cases = load_cases("periods")
    texts = [pipeline.normalize(a["text"]).text for a in dev_articles]
    texts += [c["text"] for c in cases["positive"]] + list(cases["negative"])
    from finextract.extractors.entities import _GROUP_IN_BRACKETS, _GROUP_PLAN

    assert _GROUP_PLAN is not None
    texts.append("母公司华光（集团）有限公司与宏川（集团）控股股份有限公司")
    texts.append("华光股份晚间公告，宏川发布公告：拟减持；公告，公布业绩，")
    ents = pipeline.entities
    assert ents.announce_plan is not None
    for name, rx, plan in [(name, rx, finder.plans.get(name)) for name, rx in finder.patterns] + [
            ("group", _GROUP_IN_BRACKETS, _GROUP_PLAN), ("announce", ents.re_announce, ents.announce_plan)]:
        for t in texts:
            assert [m.span() for m in finditer_anchored(rx, plan, t)] == [m.span() for m in rx.finditer(t)], (name, t[:40])


def test_amount_metrics_take_only_amounts():
    # a share of profit is not the profit, and a count of firms is not revenue
    f = finextract.extract("2020年，华光股份现金分红占当年归母净利润的45.5%。").facts
    assert not [x for x in f if x.metric == "归母净利润"]
    f = finextract.extract("2020年，华光股份投行业务收入3.5亿元；承销债券家数96家。").facts
    assert [(x.metric, x.value, x.unit) for x in f if x.metric == "营业收入"] == \
           [("营业收入", Decimal("350000000"), "CNY")]
    # a stray value drops, the change stays
    f = finextract.extract("2022年末，华光股份总资产增长8.5%，不良率为1.2%。").facts
    assert [(x.metric, x.value, x.change_pct) for x in f if x.metric == "总资产"] == [("总资产", None, Decimal("8.5"))]


def test_no_names_from_verbs_or_counted_nouns():
    r = finextract.extract("财富业务包含证券经纪业务，公司为18只私募产品提供服务，新增基金规模5亿元。")
    names = {e.name for e in r.entities}
    assert not names & {"包含证券", "财富业务包含证券", "只私募产品", "新增基金"}


def test_lazy_boundaries_equal_whole_text_segmentation(dev_articles, pipeline):
    # segmenting piece by piece, on demand, gives the boundaries of segmenting the whole text
    seg = pipeline.segmenter
    for a in dev_articles:
        text = pipeline.normalize(a["text"]).text
        full = seg.all_boundaries(text)
        lazy = seg.boundaries(text)
        for k in reversed(range(len(text) + 1)):  # backwards: a piece's start is asked before its predecessor
            assert (k in lazy) == (k in full), (a["id"], k)
        # every word run of two or more characters has been segmented (positions next to a character jieba never
        # joins are answered without segmenting)
        from finextract.segment import _WORD_RUN

        in_runs = sum(len(m.group(0)) for m in _WORD_RUN.finditer(text) if len(m.group(0)) >= 2) / (len(text) or 1)
        assert lazy.segmented_share() >= in_runs - 1e-9, a["id"]
        # where no window may decide, every piece is segmented whole: the same boundaries again
        whole = seg.boundaries(text)
        whole._margin = float("inf")
        assert {k for k in range(len(text) + 1) if k in whole} == full, a["id"]


@pytest.mark.parametrize("text", [
    "张伟明说王晓红认为某某科技的营业收入同比增长",  # unknown names: runs of single characters the HMM joins
    "iPhone17Pro在Q3季度出货量达1.2亿部，ABC-123型号同比+5%",  # letters, digits and symbols inside a word run
    "的的的的了了了在在在",  # a run of one-character words
    "中华人民共和国国务院总理",  # long dictionary words
    "",
])
def test_lazy_boundaries_in_any_order(pipeline, text):
    # the dictionary route first, the HMM only inside the single-character run asked about: whatever the order of
    # the questions, every answer is that of jieba segmenting the whole text
    import random

    seg = pipeline.segmenter
    full = seg.all_boundaries(text)
    for seed in range(5):
        order = list(range(len(text) + 1))
        random.Random(seed).shuffle(order)
        lazy = seg.boundaries(text)
        assert {k for k in order if k in lazy} == full, (text, seed)


def test_metrics_read_in_sentences_with_figures_are_those_of_the_whole_text(dev_articles, pipeline):
    # the pipeline reads metric words only in the sentences that hold a value; there it finds what a reading of
    # the whole text finds, and nothing else
    from finextract.patterns import SENTENCE, sentences_holding

    for a in dev_articles:
        text = pipeline.normalize(a["text"]).text
        bounds = pipeline.segmenter.boundaries(text)
        starts = sorted(q.start for q in pipeline.values.find(text, "CNY", bounds))
        spans = sentences_holding(text, starts)
        assert spans == [m.span() for m in SENTENCE.finditer(text) if any(m.start() <= p < m.end() for p in starts)]
        inside = [m for m in pipeline.metrics.find(text, bounds) if any(a <= m.start < b for a, b in spans)]
        assert pipeline.metrics.find(text, bounds, spans) == inside, a["id"]
    assert sentences_holding("营收5亿元。无数字。净利1亿元", [2, 12]) == [(0, 6), (10, 15)]
    assert sentences_holding("没有数字。", []) == []


def test_lazy_boundaries_break_a_tie_as_jieba_does(pipeline):
    # 丙 and 膨 have the same frequency in jieba's dictionary, so 丙劣|膨 and 丙|劣膨 score the same; jieba takes the
    # longer first word, and so must the lazy route
    from finextract.segment import Segmenter

    seg = Segmenter(pipeline.lexicon, extra_words=["丙劣", "劣膨"])
    assert seg.all_boundaries("丙劣膨") == {0, 2, 3}
    lazy = seg.boundaries("丙劣膨")
    assert [k in lazy for k in range(4)] == [True, False, True, True]


def test_windows_decide_only_clear_choices(pipeline):
    # a question is answered from the route of a small window where the best reading leads the next by more than
    # rounding could change; on a tie the window declines, and the piece is segmented whole, as jieba adds its sums
    from finextract.segment import Segmenter, _inner_pairs

    seg = Segmenter(pipeline.lexicon, extra_words=["丙劣", "劣膨"])
    assert seg._routes.window("丙劣膨", 0, 3, 1e-7) is None
    assert seg._routes.window("营业收入同比增长", 0, 8, 1e-7) == [4, 6, 8]
    lazy = seg.boundaries("丙劣膨")
    assert 1 not in lazy and lazy.segmented_share() == 1.0  # (segmented whole)
    lazy = seg.boundaries("营业收入同比增长，净利润")
    assert 4 in lazy and 2 not in lazy
    assert lazy.segmented_share() < 0.7  # (the clause after the comma was never segmented)
    # the places no word spans: between two characters that are no inner pair of a word of nonzero frequency
    assert _inner_pairs({"甲乙丙": 5, "甲丙": 2, "丁戊": 0, "A·B": 3}) == {"甲": "丙乙", "乙": "丙"}


def test_fractions_and_mixed_numbers():
    from finextract.extractors.values import find_values

    assert [(q.value, q.kind) for q in find_values("十一又四分之一")] == [(Decimal("11.25"), "number")]
    # 一千分之三 is one fraction, not 一 and a per-mille
    assert [q.value for q in find_values("一千分之三")] == [Decimal("0.003")]
    assert [(q.value, q.unit) for q in find_values("费率为千分之三")] == [(Decimal("0.3"), "%")]


def test_numeral_shortcuts_resolve_as_the_general_path(pipeline):
    # digits with one big unit take a shortcut, and numerals in words are remembered; both give the general
    # path's value exactly, to the exponent (12.50亿 keeps its written precision), and a non-numeral stays None
    from finextract.extractors.numbers import parser

    num = parser(pipeline.lexicon)
    for text in ["12.50亿", "8万", "0.35亿", "3兆", "7萬", "三", "两百零五", "十四五", "廿", "负三", "3千万", "点五", "两两"]:
        for _ in range(2):  # the second time from memory
            got, want = num.parse(text), num._parse_general(text)
            assert (str(got) if got is not None else None) == (str(want) if want is not None else None), text
    assert str(num.parse("12.50亿")) == "1250000000.00"
    assert num.parse("两两") is None

def test_bare_half_after_a_narrated_date_is_the_report_half():
    text = ("宏川股份发布2023年半年报，上半年营收12.5亿元。公司成立于1998年，2005年3月在深交所上市。"
            "上半年实现净利润3.2亿元。")
    f = {x.metric: x.period for x in finextract.extract(text).facts}
    assert f["营业收入"] == "2023H1" and f["净利润"] == "2023H1"


def test_broad_lexicon_knows_listed_companies_and_not_ordinary_words():
    r = finextract.extract("汇丰控股今年净利润增长10%。福耀玻璃营收为300亿元。")
    assert {f.entity for f in r.facts} == {"汇丰控股", "福耀玻璃"}
    # ordinary words that are also short company names are not entities
    r = finextract.extract("公司努力成为世界先进水平的企业，全家出游意愿上升，日产1000吨。")
    assert not [e.name for e in r.entities if e.known]


def test_each_metric_kind_takes_its_kind_of_value():
    # a price is no count of occasions, a growth rate no count of things, a volume no money
    f = finextract.extract("2023年华光股份产品价格下跌，但12月起又一次回升。").facts
    assert not [x for x in f if x.metric == "价格"]
    f = finextract.extract("2023年华光股份拟对42个子公司增资，总金额为7亿元。").facts
    assert not [x for x in f if x.metric_id == "production"]
    # 减持 may be stated in shares or in money
    f = finextract.extract("华光股份公告，2023年大股东减持总金额4.5亿元。").facts
    assert [(x.metric, x.unit) for x in f if x.metric == "减持"] == [("减持", "CNY")]


def test_metric_right_after_an_amount():
    f = finextract.extract("华光股份2023年实现120亿元营收，董事会决定发放1.2元现金股利。").facts
    assert {(x.metric, x.value) for x in f} == {("营业收入", Decimal("12000000000")), ("股息", Decimal("1.2"))}
    # a metric named before the value in its clause keeps it
    f = finextract.extract("华光股份2023年营收120亿元净利润10亿元。").facts
    assert {(x.metric, x.value) for x in f} == {("营业收入", Decimal("12000000000")), ("净利润", Decimal("1000000000"))}


def test_industry_figures_and_second_changes():
    text = ("徐工机械表示看好。2023年3月起重机共销售2.1万台，同比增长12%，环比增长150%。"
            "国内市场全月销量1.5万台，同比增长8%。")
    f = [(x.entity, x.value, x.change_pct, x.change_basis, x.period) for x in finextract.extract(text).facts]
    assert ("起重机行业", Decimal("21000"), Decimal("12"), "yoy", "2023-03") in f
    # the same figure with its month-on-month change is a fact of its own
    assert ("起重机行业", Decimal("21000"), Decimal("150"), "mom", "2023-03") in f
    # 国内市场 is a part of the industry's figure, not a subject of its own
    assert ("起重机行业", Decimal("15000"), Decimal("8"), "yoy", "2023-03") in f
    # a company named before the product keeps the figure
    f = finextract.extract("徐工机械2023年起重机销量为3.2万台。").facts
    assert [x.entity for x in f] == ["徐工机械"]


def test_a_market_subject_carries_when_no_company_is_in_sight():
    text = "2023年中国平板市场出货量为2.7亿部。2024年出货量预计为2.9亿部。"
    assert [x.entity for x in finextract.extract(text).facts] == ["中国平板市场", "中国平板市场"]


def test_latin_company_names_after_a_company_noun():
    r = finextract.extract("南韩晶片业者Nova Chip今年营收成长30%。公司EPS为1.2元。")
    assert "Nova Chip" in {e.name for e in r.entities} and "EPS" not in {e.name for e in r.entities}


def test_a_unit_named_as_the_topic_of_the_clause_before():
    f = finextract.extract("2022年华光证券营收增长。其次是投资银行业务，实现营业收入5.2亿元，同比增长32%。").facts
    assert [(x.entity, x.value) for x in f] == [("投资银行业务", Decimal("520000000"))]
    f = finextract.extract("2022年华光股份推进业务转型，腾讯实现营收12亿元。").facts
    assert [x.entity for x in f] == ["腾讯"]


def test_a_few_occasions_spelled_in_chinese_are_no_figures():
    f = finextract.extract("2023年江南投资两次减持华光股份，华光股份营收为3亿元。").facts
    assert [(x.metric, x.value) for x in f] == [("营业收入", Decimal("300000000"))]


def test_a_headline_change_restated_with_its_figure_is_one_fact():
    text = "腾讯营收同比增长21%，利润承压。腾讯云收入达120亿元，同比增长21%。"
    f = [(x.metric, x.value, x.change_pct) for x in finextract.extract(text).facts if x.metric == "营业收入"]
    assert f == [("营业收入", Decimal("12000000000"), Decimal("21"))]
    # another company's change of the same size stays
    text = "华光股份营收同比增长21%。宏川股份营收达120亿元，同比增长21%。"
    assert len([x for x in finextract.extract(text).facts if x.metric == "营业收入"]) == 2


def test_a_change_alone_carries_the_unit_of_its_figure():
    f = {x.metric: x.unit for x in finextract.extract("2023年华光股份营收同比增长12%，销量增长5%，毛利率提升2个百分点。").facts}
    assert f == {"营业收入": "CNY", "销量": "count", "毛利率": "%"}


def test_recent_years_over_a_list_of_values():
    text = "2020年华光证券净利润12亿元。公司近三年ROE分别为2.3%、4.7%、6.4%。"
    f = [(x.value, x.period) for x in finextract.extract(text).facts if x.metric == "净资产收益率"]
    assert f == [(Decimal("2.3"), "2018"), (Decimal("4.7"), "2019"), (Decimal("6.4"), "2020")]


def test_month_end_of_the_report_half_takes_its_year():
    text = ("华光银行2023年上半年营收为100亿元。在2021年，该行利润就在减少。"
            "截至6月末，华光银行不良贷款率为0.8%。")
    f = {x.metric: x.period for x in finextract.extract(text).facts}
    assert f["不良贷款率"] == "2023-06-30"


def test_listed_company_metrics_carried_to_a_subsidiary_go_to_its_parent():
    text = ("五粮液旗下全资子公司五粮液系列酒销售有限公司今年营业收入有望达30亿元。"
            "归属于上市公司股东的净利润有望达300亿元。")
    f = {x.metric: x.entity for x in finextract.extract(text).facts}
    assert f["营业收入"] == "五粮液系列酒销售有限公司" and f["归母净利润"] == "五粮液"


def test_a_bracket_converting_an_amount_is_no_second_figure():
    f = finextract.extract("2023年华光股份营收100亿元（约合14亿美元）。").facts
    assert [(x.value, x.unit) for x in f] == [(Decimal("10000000000"), "CNY")]
    # a previous value in brackets is a figure of its own
    f = finextract.extract("维持华光股份目标价25元（前值21元）。").facts
    assert [x.value for x in f] == [Decimal("25"), Decimal("21")]


def test_a_product_line_named_before_its_share_of_revenue():
    f = finextract.extract("华光制药（600111）营收增长。创新药营收占比近60%。").facts
    assert [(x.entity, x.entity_type, x.value) for x in f] == [("创新药", "business", Decimal("60"))]
    # customers, regions and verb phrases are no product lines
    f = finextract.extract("华光科技（6543）前五大客户销售额占比30%。海外收入占比20%。发放股息占比六成。").facts
    assert {x.entity for x in f} == {"华光科技"}


def test_its_refers_to_the_unit_just_named():
    f = finextract.extract("华光制药（600111）营收增长。创新药营收占比近60%，而其毛利率为47%。").facts
    assert ("创新药", "毛利率", Decimal("47")) in [(x.entity, x.metric, x.value) for x in f]
    f = finextract.extract("华光制药（600111）营收增长12%，其毛利率为30%。").facts
    assert ("华光制药", "毛利率", Decimal("30")) in [(x.entity, x.metric, x.value) for x in f]


def test_shares_of_units_listed_with_brackets():
    f = finextract.extract("华光集团营收增长。华光集团主要业务包括航空运输（占比40%）、酒店经营（35%）等。").facts
    assert [(x.entity, x.metric, x.value, x.rule) for x in f if x.metric == "占比"] == \
        [("航空运输", "占比", Decimal("40"), "fact.segment_share"), ("酒店经营", "占比", Decimal("35"), "fact.segment_share")]


def test_a_holder_named_before_a_holding_verb_and_what_it_trades():
    text = ("上周，宏川累计出售华光股份3000万股，交易金额5.2亿元，占华光股份总股本的2.5%。"
            "宏川仍持有华光股份1.2亿股。")
    r = finextract.extract(text)
    assert any(e.name == "宏川" and e.type == "company" for e in r.entities)
    owners = {(f.entity, f.value) for f in r.facts}
    assert ("宏川", Decimal("30000000")) in owners and ("宏川", Decimal("520000000")) in owners
    assert ("宏川", Decimal("120000000")) in owners
    assert not any(f.entity == "华光股份" for f in r.facts)
    # a role noun before the verb names no holder
    r = finextract.extract("本月，股东累计减持华光股份3000万股。")
    assert not any(e.name == "股东" for e in r.entities)


def test_a_pointing_anaphor_refers_to_the_company_named_last():
    text = ("华光股份参股多家企业，例如宏川物流有限公司，该公司专注仓储。今年前六个月营业收入3.2亿元，"
            "同比下降12%，这家公司上年同期净利润为500万元。")
    f = {(x.entity, x.metric_id) for x in finextract.extract(text).facts}
    assert ("宏川物流有限公司", "revenue") in f and ("宏川物流有限公司", "net_profit") in f
    # the company the article is about stays the subject of 公司 figures
    f = finextract.extract("华光股份上半年营收20亿元。公司净利润3亿元。").facts
    assert {x.entity for x in f} == {"华光股份"}


def test_units_of_a_segment_list_are_subjects_where_named_later():
    text = ("华光股份的业务板块主要包括精细化工、新型材料和物流服务。按毛利率排序，居首的是新型材料，为45.2%，"
            "不过营收仅8.1亿元。")
    r = finextract.extract(text)
    assert any(e.name == "新型材料" and e.type == "business" for e in r.entities)
    f = {(x.entity, x.metric_id, x.value) for x in r.facts}
    assert ("新型材料", "gross_margin", Decimal("45.2")) in f and ("新型材料", "revenue", Decimal("810000000")) in f


def test_metric_phrase_leaves_out_the_periods_in_it():
    f = finextract.extract("华光股份2023年3月出口销量1.2万台，同比增长20%。").facts
    assert [(x.metric_text, x.period) for x in f] == [("出口销量", "2023-03")]
    f = finextract.extract("截至2023年末，华光股份期末资产管理规模达120亿元。").facts
    assert [x.metric_text for x in f] == ["资产管理规模"]


def test_a_span_of_days_is_its_month_and_an_undated_article_takes_its_latest_year():
    text = "华光股份2021年上半年营收20亿元。3月2日-3月9日，宏川累计出售华光股份3000万股，交易金额5.2亿元。"
    f = {x.value: x.period for x in finextract.extract(text).facts}
    assert f[Decimal("30000000")] == "2021-03" and f[Decimal("520000000")] == "2021-03"
    # up to a day that ends no period, a running total is as of that day
    text = "华光股份2021年上半年营收20亿元。截至3月9日收盘，宏川累计出售华光股份3000万股。"
    f = {x.value: x.period for x in finextract.extract(text).facts}
    assert f[Decimal("30000000")] == "2021-03-09"


def test_one_word_for_two_bases_gives_each_change_its_own():
    f = finextract.extract("2023年末，华光银行不良贷款率为1.05%，环同比分别下降2BP、6BP。").facts
    assert sorted((x.change_pp, x.change_basis) for x in f) == [(Decimal("-0.06"), "yoy"), (Decimal("-0.02"), "qoq")]
    f = finextract.extract("华光股份2023年第四季度营收12亿元，同环比分别增长8%、3%。").facts
    assert sorted((x.change_pct, x.change_basis) for x in f) == [(Decimal("3"), "qoq"), (Decimal("8"), "yoy")]


def test_generic_heads_name_a_figure_by_their_phrase():
    f = finextract.extract("华光证券2023年债券主承销金额320.8亿元，主承销家数41家。").facts
    assert {(x.metric, x.metric_id, x.value) for x in f} == {
        ("债券主承销金额", "amount", Decimal("32080000000")), ("主承销家数", "quantity", Decimal("41"))}
    # a head names nothing away from a value, and a lexicon metric before it stands
    assert finextract.extract("华光股份称交易总金额尚未确定，项目规模较大。").facts == []
    f = finextract.extract("宏川股份2023年减持总金额3.7亿元。").facts
    assert [(x.metric_id, x.value) for x in f] == [("shares_sold", Decimal("370000000"))]


def test_a_name_inside_a_phrase_of_an_earlier_clause_is_not_the_subject():
    f = finextract.extract("宏川股份在华光股份需求转弱时，经营承压，5月营收2.3亿元，年减4.1%。").facts
    assert {x.entity for x in f} == {"宏川股份"}


def test_cash_out_is_an_amount_of_its_own():
    f = finextract.extract("按当前股价估算，宏川股份此次减持最多可套现约4.8亿元，回报20倍。").facts
    assert [(x.metric, x.value) for x in f] == [("套现金额", Decimal("480000000"))]
    assert f[0].metric_text.endswith("套现") and not f[0].metric_text.startswith("可")
    # a flow takes no multiple; a valuation may
    f = finextract.extract("华光股份目前估值约为8.5X，研发成本比同行高4倍。").facts
    assert [(x.metric_id, x.value, x.unit) for x in f] == [("valuation", Decimal("8.5"), "倍")]


def test_a_price_per_unit_of_measure_is_the_commodity_s():
    text = "华光股份是国内龙头。今年以来，碳酸锂价格由每吨50万元跌至每吨12万元，铜的现货价格为6.8万元/吨。"
    f = {(x.entity, x.value) for x in finextract.extract(text, date="2023-12-01").facts}
    assert ("碳酸锂", Decimal("500000")) in f and ("碳酸锂", Decimal("120000")) in f
    assert ("铜", Decimal("68000")) in f and ("现货", Decimal("68000")) not in f
    # a company's own price stays the company's
    f = finextract.extract("华光股份产品售价为每吨3000元。").facts
    assert {x.entity for x in f} == {"华光股份"}


def test_a_peer_in_a_list_of_share_price_moves_is_a_company():
    r = finextract.extract("截至收盘，华光股份涨5.37%，宏川涨3.47%，沪指跌1%。")
    names = {e.name for e in r.entities}
    assert "宏川" in names and "沪指" not in names
    assert ("宏川", Decimal("3.47")) in {(x.entity, x.change_pct) for x in r.facts}


def test_a_sector_word_names_a_market_on_its_own():
    text = "2023年，全国规模以上工业增加值增长4.6%，其中制造业增速为5.0%。服务业增加值增长5.8%。"
    f = {(x.entity, x.metric_id) for x in finextract.extract(text).facts}
    assert ("制造业", "growth_rate") in f
    f = finextract.extract("2023年，软件业和服务业的增速超过10%，但零售业增速回落到3%以下。").facts
    assert {x.entity for x in f} == {"服务业", "零售业"}


def test_a_model_written_after_its_maker_is_a_product():
    r = finextract.extract("华为Mate60 Pro 5G版官方定价6999元，英伟达H100供不应求，苹果AI功能上线。")
    ents = {(e.name, e.type) for e in r.entities}
    # an edition or series is named with its maker as written, a bare model by itself
    assert ("华为Mate60 Pro 5G版", "product") in ents and ("H100", "product") in ents
    assert ("华为", "company") in ents and not any(n.startswith("苹果AI") or n == "AI" for n, _ in ents)
    rels = {(x.head, x.type, x.tail) for x in r.relations}
    assert ("华为Mate60 Pro 5G版", "product_of", "华为") in rels and ("H100", "product_of", "英伟达") in rels
    assert [(x.entity, x.value) for x in r.facts] == [("华为Mate60 Pro 5G版", Decimal("6999"))]


def test_a_change_of_a_year_s_figure_is_against_the_year_before():
    f = finextract.extract("华光股份2023年营收120亿元，增长12%。").facts
    assert [(x.change_pct, x.change_basis) for x in f] == [(Decimal("12"), "yoy")]
    # a quarter's change with no basis word stays open (it may be against the quarter before)
    f = finextract.extract("华光股份2023年第三季度营收30亿元，增长12%。").facts
    assert [(x.change_pct, x.change_basis) for x in f] == [(Decimal("12"), None)]


def test_a_change_after_a_comparison_base_belongs_to_the_figure_compared():
    f = finextract.extract("华光股份2023年营收120亿元，较2022年的100亿元增长20%。").facts
    assert sorted((x.period, x.value, x.change_pct, x.change_basis) for x in f) == [
        ("2022", Decimal("10000000000"), None, None), ("2023", Decimal("12000000000"), Decimal("20"), "yoy")]


def test_deal_service_firms_and_a_subject_s_own_sector_breakdown():
    text = "华光股份将于下月上市。保荐人为宏川证券、瑞信。此次集资30亿港元。"
    assert [x.entity for x in finextract.extract(text).facts] == ["华光股份"]
    text = "华光银行2023年末总资产1.2万亿元。公司制造业贷款余额300亿元。"
    assert {x.entity for x in finextract.extract(text).facts} == {"华光银行"}


def test_a_loss_word_after_a_flow_metric_signs_it():
    f = finextract.extract("华光股份2023年经营活动产生的现金流量净额亏损2.8亿元。").facts
    assert [(x.metric_id, x.value) for x in f] == [("operating_cash_flow", Decimal("-280000000"))]


def test_the_entity_named_in_the_value_s_own_clause_after_an_earlier_metric():
    text = "华光股份发布新品。当前旗舰机型定价较高，降价后的华为Mate60 Pro 5G版卖到5999元。"
    f = finextract.extract(text).facts
    assert [(x.entity, x.value) for x in f] == [("华为Mate60 Pro 5G版", Decimal("5999"))]


def test_spaces_inside_a_chinese_numeral_and_not_between_numbers():
    from finextract.extractors.values import find_values
    assert [q.value for q in find_values("一百 五 十 二")] == [Decimal("152")]
    assert [q.value for q in find_values("2019 2020")] == [Decimal("2019"), Decimal("2020")]
    # after Arabic digits a space joins only a magnitude (7 万), not a Chinese digit (2023 一季度)
    assert Decimal("2023") in [q.value for q in find_values("2023 一季度")]


def test_a_list_of_numbers_shares_the_unit_and_magnitude_of_its_last_member():
    from finextract.extractors.values import find_values
    assert [(q.value, q.unit) for q in find_values("归母净利润分别为12.3、14.5、16.7亿元")] == [
        (Decimal("1230000000"), "CNY"), (Decimal("1450000000"), "CNY"), (Decimal("1670000000"), "CNY")]
    assert [(q.value, q.unit) for q in find_values("EPS分别为1.23/1.45/1.67元")] == [
        (Decimal("1.23"), "CNY"), (Decimal("1.45"), "CNY"), (Decimal("1.67"), "CNY")]


def test_research_note_forecasts_over_a_list_of_years():
    text = ("华光股份：我们预计公司2024-2026年归母净利润分别为12.3、14.5、16.7亿元，同比增长15%、18%、15%，"
            "EPS分别为1.23/1.45/1.67元，对应PE分别为25/21/18倍，维持买入评级。")
    f = finextract.extract(text).facts
    assert {x.entity for x in f} == {"华光股份"} and all(x.forecast for x in f)
    got = {(x.metric_id, x.period, x.value, x.change_pct) for x in f}
    assert ("net_profit_attributable", "2025", Decimal("1450000000"), Decimal("18")) in got
    assert ("eps", "2026", Decimal("1.67"), None) in got and ("pe_ratio", "2024", Decimal("25"), None) in got
    assert next(x.metric_text for x in f if x.metric_id == "pe_ratio") == "PE"


def test_signed_changes_after_a_basis_word():
    text = "华光股份2024Q1实现营收12.3亿元，yoy+20.5%，qoq-3.2%；归母净利1.2亿元，同比-15%，毛利率32.1%，同比+2.3pct。"
    got = {(x.metric_id, x.change_pct, x.change_pp, x.change_basis) for x in finextract.extract(text).facts}
    assert got == {("revenue", Decimal("20.5"), None, "yoy"), ("revenue", Decimal("-3.2"), None, "qoq"),
                   ("net_profit_attributable", Decimal("-15"), None, "yoy"),
                   ("gross_margin", None, Decimal("2.3"), "yoy")}
    # a code with a hyphen stays a code
    assert finextract.extract("华光股份型号AB-1234的产品营收12亿元。").facts[0].value == Decimal("1200000000")


def test_research_note_revisions_and_multiples():
    f = finextract.extract("华光股份：下调2024年EPS至3.62（-0.15）元，给予2025年28XPE，目标价98.5元。").facts
    got = {(x.metric_id, x.metric_text, x.period, x.value, x.unit) for x in f}
    assert ("eps", "EPS", "2024", Decimal("3.62"), "CNY") in got
    assert ("pe_ratio", "PE", "2025", Decimal("28"), "倍") in got
    assert not any(x.metric_id == "eps" and x.unit == "倍" for x in f)  # a price takes no multiple


def test_report_shorthand_brackets_bare_quarters_and_slashed_bases():
    text = ("华光股份发布2024年年报，全年实现营业收入85.6亿元（+12.3%），归母净利润10.2亿元（-5.1%）。"
            "Q4单季实现营收25.1亿元，同比+8.2%；毛利率28.5%，同/环比分别+1.2/-0.5pct。截至2024年末，公司在手订单约150亿元。")
    got = {(x.metric_id, x.metric_text, x.period, x.change_pct, x.change_pp, x.change_basis)
           for x in finextract.extract(text).facts}
    assert ("revenue", "营业收入", "2024", Decimal("12.3"), None, "yoy") in got
    assert ("net_profit_attributable", "归母净利润", "2024", Decimal("-5.1"), None, "yoy") in got
    assert ("revenue", "营收", "2024Q4", Decimal("8.2"), None, "yoy") in got
    assert ("gross_margin", "毛利率", "2024Q4", None, Decimal("1.2"), "yoy") in got
    assert ("gross_margin", "毛利率", "2024Q4", None, Decimal("-0.5"), "qoq") in got
    assert any(m == "在手订单" for _, m, *_ in got)


def test_taiwan_monthly_and_quarterly_reports():
    text = ("華光科技（6688）公布5月營收15.6億元，月增5.2%，年增27%。華光科技第1季稅後純益5.2億元，季增10%，年減3%，"
            "每股純益1.25元；毛利率32.5%，季增1.2個百分點。")
    f = finextract.extract(text, date="2024-06-10").facts
    got = {(x.metric_id, x.metric_text, x.period, x.unit, x.change_pct, x.change_pp, x.change_basis) for x in f}
    assert {x.entity for x in f} == {"华光科技"}
    assert ("revenue", "营收", "2024-05", "TWD", Decimal("5.2"), None, "mom") in got
    assert ("revenue", "营收", "2024-05", "TWD", Decimal("27"), None, "yoy") in got
    assert ("net_profit", "税后纯益", "2024Q1", "TWD", Decimal("-3"), None, "yoy") in got
    assert ("gross_margin", "毛利率", "2024Q1", "%", None, Decimal("1.2"), "qoq") in got


def test_the_size_of_a_list_of_names_is_no_figure():
    f = finextract.extract("目前能量产该类电池的仅宁德时代、比亚迪、中创新航三家。").facts
    assert f == []


def test_impairment_compensation_capital_raising_and_postposed_investment():
    text = ("华光银行2023年计提信用减值损失21.7亿元。华光股份此前被判赔偿1.5亿美元。宏川股份拟募集45.6亿元，"
            "拟在5个项目上完成总计3.6亿的投资。")
    got = {(x.entity, x.metric_id, x.value, x.unit) for x in finextract.extract(text).facts}
    assert ("华光银行", "impairment_loss", Decimal("2170000000"), "CNY") in got
    assert ("华光股份", "compensation", Decimal("150000000"), "USD") in got
    assert ("宏川股份", "financing", Decimal("4560000000"), "CNY") in got
    assert ("宏川股份", "investment", Decimal("360000000"), "CNY") in got


def test_a_function_character_inside_a_word_begins_no_name():
    names = {e.name for e in finextract.extract("今年以来华光股份股价涨幅达35%。").entities}
    assert names == {"华光股份"}


def test_report_announcements_name_companies_and_buybacks_are_metrics():
    text = ("10月28日晚间，宏川智慧发布三季报，公司前三季度实现营业收入12.35亿元，同比下降3.2%。"
            "华光电子公告称，拟以自有资金不超过2亿元回购公司股份，回购价格不超过25元/股。")
    got = {(x.entity, x.metric_id, x.value) for x in finextract.extract(text, date="2024-10-29").facts}
    assert ("宏川智慧", "revenue", Decimal("1235000000")) in got
    assert ("华光电子", "buyback", Decimal("200000000")) in got and ("华光电子", "buyback_price", Decimal("25")) in got


def test_one_word_for_two_metrics():
    text = "2024年1-9月，我国新能源汽车产销分别完成831.6万辆和832万辆，同比分别增长31.7%和32.5%。"
    got = {(x.entity, x.metric_id, x.metric_text, x.value, x.change_pct) for x in finextract.extract(text).facts}
    assert got == {("新能源汽车行业", "production", "产量", Decimal("8316000"), Decimal("31.7")),
                   ("新能源汽车行业", "sales_volume", "销量", Decimal("8320000"), Decimal("32.5"))}


def test_taiwan_dated_announcement_and_trillion_with_separators():
    text = "台積電昨（10）日公布9月營收2,517.01億元，月減0.4%，年增39.6%；累計前三季營收2兆0,254.2億元，年增31.9%。"
    f = finextract.extract(text, date="2024-10-11").facts
    got = {(x.metric_text, x.period, x.value, x.change_pct, x.change_basis) for x in f}
    assert ("营收", "2024-09", Decimal("251701000000"), Decimal("-0.4"), "mom") in got
    assert ("营收", "2024Q1-Q3", Decimal("2025420000000"), Decimal("31.9"), "yoy") in got


def test_no_name_from_a_short_name_inside_a_word_or_a_stop_word_before_a_suffix():
    names = {e.name for e in finextract.extract("中国航天科技集团公司牵头设立基金。").entities}
    assert names == {"中国航天科技集团公司"}  # not 国航 (inside 中国航天), not 设立基金


def test_a_weak_suffix_name_opening_a_clause_before_a_date_or_a_report():
    f = finextract.extract("华光汽车10月交付新车3.9万台，同比增长20%。").facts
    assert [(x.entity, x.metric_id, x.value) for x in f] == [("华光汽车", "sales_volume", Decimal("39000"))]
    # an industry's product before a date is the industry, not a company
    assert not any(e.type == "company" for e in finextract.extract("新能源汽车10月销量大增。").entities)


def test_a_ticker_names_no_entity_in_the_output():
    f = finextract.extract("腾讯控股（00700.HK）公布第三季度业绩：收入1671.93亿元，同比增长8%。00700.HK股价收涨2%。").facts
    assert {x.entity for x in f} == {"腾讯控股"}


def test_national_markets_retail_and_penetration():
    text = "10月全国乘用车市场零售226.6万辆，同比增长11.3%；新能源车零售119.4万辆，渗透率达52.9%。我国OTA市场规模达1.2万亿元。"
    got = {(x.entity, x.metric_id, x.metric_text, x.value) for x in finextract.extract(text).facts}
    assert ("中国乘用车市场", "sales_volume", "零售", Decimal("2266000")) in got
    assert ("新能源车行业", "penetration_rate", "渗透率", Decimal("52.9")) in got
    assert ("中国OTA市场", "market_size", "市场规模", Decimal("1200000000000")) in got
    # in Taiwan text 全国 is Taiwan
    f = finextract.extract("全國筆電市場銷量達35萬台，較去年同期成長9%。").facts
    assert [x.entity for x in f] == ["台湾笔电市场"]


def test_a_figure_of_an_unknown_metric_takes_no_metric_from_an_earlier_clause():
    text = "华光股份前三季度实现营业收入215亿元，同比增长4.2%；客户满意指数达312万点，同比增长35%。"
    f = finextract.extract(text).facts
    assert [(x.metric_id, x.value, x.change_pct) for x in f] == [("revenue", Decimal("21500000000"), Decimal("4.2"))]
    # a clause right after a figure, after a comma, goes on with its metric
    f = finextract.extract("华光股份2023年生产甲级基酒5万吨，乙级基酒2.5万吨。").facts
    assert [x.value for x in f] == [Decimal("50000"), Decimal("25000")]
    # insurers' metrics are known
    f = finextract.extract("华光保险前三季度新业务价值达312亿元，同比增长35%；综合成本率97.2%。").facts
    assert {x.metric_id for x in f} == {"new_business_value", "combined_ratio"}


def test_market_indices_move_in_points():
    text = "截至收盘，上证指数收涨0.52%，报3326.46点；深成指跌0.3%；创业板指涨1.2%。华光股份涨停。"
    got = {(x.entity, x.metric_id, x.value, x.unit, x.change_pct) for x in finextract.extract(text).facts}
    assert got == {("上证指数", "index_level", Decimal("3326.46"), "点", Decimal("0.52")),
                   ("深证成指", "index_level", None, "点", Decimal("-0.3")),
                   ("创业板指", "index_level", None, "点", Decimal("1.2"))}


def test_a_change_alone_takes_the_currency_its_subject_reports_in():
    f = finextract.extract("华光半导体第三季度销售收入为21.7亿美元，环比增长14.2%。公司预计第四季度收入环比增长2%。").facts
    assert {x.unit for x in f} == {"USD"}


def test_a_rise_written_as_a_range_word_is_a_price_or_index_change():
    got = {(x.entity, x.metric_id, x.change_pct) for x in finextract.extract(
        "2023年半导体指数涨幅达37%。华光股份今年以来涨幅达35%。").facts}
    assert got == {("半导体指数", "index_level", Decimal("37")), ("华光股份", "share_price", Decimal("35"))}


def test_a_growth_rate_written_before_its_figure_is_the_figure():
    f = finextract.extract("华光股份近五年收入的复合增长率为35.2%，净利润同比增长12%。").facts
    got = {(x.metric_id, x.value, x.change_pct) for x in f}
    assert ("growth_rate", Decimal("35.2"), None) in got and ("net_profit", None, Decimal("12")) in got


def test_a_change_of_a_figure_the_lexicon_does_not_know_is_named_by_its_phrase():
    text = "华光银行不良贷款余额为12亿元。其中，关注类贷款较年初增加5.2亿元。营业收入同比大幅下降7.9%。"
    got = {(x.metric_id, x.metric, x.value, x.change_abs, x.unit, x.change_pct) for x in finextract.extract(text).facts}
    assert got == {("npl_balance", "不良贷款余额", Decimal("1200000000"), None, "CNY", None),
                   ("other", "关注类贷款", None, Decimal("520000000.0"), "CNY", None),
                   ("revenue", "营业收入", None, None, "CNY", Decimal("-7.9"))}
    # a phrase that names no figure (a clause, an index) gives no fact, and its change joins no other
    got = {(x.metric_id, x.change_pct) for x in finextract.extract("华光股份股价以25元开出，不受大盘重挫逾百点影响。").facts}
    assert got == {("share_price", None)}


@pytest.mark.parametrize("extra, text, expected", [
    # a modal word closing the phrase before the change verb is no part of its name (changes.yaml; 势必 is not
    # among the bundled words)
    ("modal_tail: [势必]\n", "其中，关注类贷款势必较年初增加5.2亿元。", ({"关注类贷款势必"}, {"关注类贷款"})),
    # a phrase ending in a market's or a contract's word names no figure (facts.yaml)
    ("no_figure_heads: [贷款]\n", "其中，关注类贷款较年初增加5.2亿元。", ({"关注类贷款"}, set())),
])
def test_the_words_around_an_unknown_phrase_are_lexicon_data(tmp_path, extra, text, expected):
    # the words are data: a user's lexicon adds to them
    from finextract.models import Article
    from finextract.pipeline import Pipeline

    path = tmp_path / "extra.yaml"
    path.write_text(extra, encoding="utf-8")
    names = tuple({x.metric for x in p.extract(Article(id="t", text="华光银行总资产为120亿元。" + text)).facts
                   if x.metric_id == "other"} for p in (Pipeline(), Pipeline((str(path),))))
    assert names == expected


def test_the_words_that_end_no_name_are_lexicon_data(tmp_path):
    # a name found by its suffix is none when its head ends in a word of head_end_stop (entity_patterns.yaml): a
    # user's lexicon adds one
    from finextract.models import Article
    from finextract.pipeline import Pipeline

    path = tmp_path / "extra.yaml"
    path.write_text("head_end_stop: [物流]\n", encoding="utf-8")
    text = "宏川物流公司今年营收为5亿元。"
    names = [[e.name for e in p.extract(Article(id="t", text=text)).entities] for p in (Pipeline(), Pipeline((str(path),)))]
    assert names == [["宏川物流公司"], []]


def test_a_group_legal_name_with_bracketed_group_is_the_group():
    r = finextract.extract("5月6日，华光股份披露，控股股东宏川（集团）有限公司拟减持不超过6000万股华光股份股份。")
    assert any(e.name == "宏川集团" for e in r.entities)
    assert [(x.entity, x.value) for x in r.facts] == [("宏川集团", Decimal("60000000"))]
    assert ("华光股份", "subsidiary_of", "宏川集团") in {(x.head, x.type, x.tail) for x in r.relations}


def test_a_position_in_a_ranking_is_a_figure_of_its_own():
    text = ("2023年，华光证券在债券承销榜单上排名第4位。宏川股份减持后仍是华光银行的第二大股东。"
            "华光集团营收增长12%，市场份额35%，位居第一。")
    got = {(x.entity, x.metric_id, x.value, x.unit) for x in finextract.extract(text).facts}
    assert ("华光证券", "rank", Decimal("4"), "位") in got
    assert ("宏川股份", "rank", Decimal("2"), "名") in got
    assert not any(m == "rank" for _, m, _, _ in got if _ == "华光集团")  # 位居第一: the leading one, no figure
    assert ("华光集团", "market_share", Decimal("35"), "%") in got


def test_a_percent_of_a_figure_over_a_base_is_its_own_ratio():
    text = ("宏川集团拟减持华光股份不超过800万股，占总股本比例约为3%。宏川集团仍持有华光银行2.1亿股，"
            "占华光银行总股本的8.6%。2022年华光股份现金分红3亿元，占全年归母净利润的35.2%。"
            "华光股份营收120亿元，占全国市场的15%。")
    got = {(x.entity, x.metric_id, x.value) for x in finextract.extract(text).facts}
    assert ("宏川集团", "stake_sold", Decimal("3")) in got
    assert ("宏川集团", "shareholding", Decimal("8.6")) in got
    assert ("华光股份", "payout_ratio", Decimal("35.2")) in got
    assert not any(v == Decimal("15") for _, _, v in got)  # a share of a market is no share of revenue's own


def test_a_change_then_its_level_in_the_next_clause_is_one_fact():
    got = [(x.metric_id, x.value, x.change_pct) for x in
           finextract.extract("2023年华光股份营收同比增长10%，营业收入也升至120亿元。").facts]
    assert got == [("revenue", Decimal("12000000000"), Decimal("10"))]


def test_a_share_price_with_no_period_is_of_the_day_last_named_else_the_article_date():
    text = "3月15日，锂电板块走强。从个股来看，华光股份涨6.2%，宏川股份涨4.1%。"
    got = {(x.entity, x.period) for x in finextract.extract(text, date="2024-03-16").facts}
    assert got == {("华光股份", "2024-03-15"), ("宏川股份", "2024-03-15")}
    got = {(x.entity, x.period) for x in finextract.extract("华光股份收涨6.2%。", date="2024-03-16").facts}
    assert got == {("华光股份", "2024-03-16")}
    assert [x.period for x in finextract.extract("华光股份营收120亿元。", date="2024-03-16").facts] == [None]


def test_a_holder_named_after_a_shareholder_role_and_its_share_of_the_capital():
    text = ("3月5日，宏川股份公告，员工持股平台华光投资拟减持不超过120万股，占总股本比例约0.8%。"
            "3月6日，宏达股份公告，控股股东宏达（集团）公司计划减持至多500万股，数量不超过股份总数的2%。"
            "以当前股价测算，宏达本次减持预计套现约3亿元。")
    got = {(x.entity, x.metric_id, x.value) for x in finextract.extract(text, date="2024-03-08").facts}
    assert ("华光投资", "shares_sold", Decimal("1200000")) in got
    assert ("华光投资", "stake_sold", Decimal("0.8")) in got
    assert ("宏达集团", "stake_sold", Decimal("2")) in got
    assert ("宏达集团", "cash_out", Decimal("300000000")) in got


def test_a_country_opening_a_clause_with_no_company_is_the_subject_of_trade_figures():
    text = "2022年日本进口半导体设备120亿块，价值350亿美元；出口设备80亿块，价值210亿美元。两者相抵，贸易逆差为140亿美元。"
    got = {(x.entity, x.metric_id, x.value, x.unit) for x in finextract.extract(text).facts}
    assert ("日本", "imports", Decimal("12000000000"), "块") in got
    assert ("日本", "imports", Decimal("35000000000"), "USD") in got
    assert ("日本", "exports", Decimal("21000000000"), "USD") in got
    assert ("日本", "trade_balance", Decimal("14000000000"), "USD") in got
    got = {(x.entity, x.metric_id) for x in finextract.extract("2022年华光股份在日本的营收达120亿元。").facts}
    assert got == {("华光股份", "revenue")}


def test_a_country_opening_the_clause_outranks_a_company_carried_from_before():
    text = "华光股份2023年营收120亿元。我国人均旅游支出一直保持在6%的增速水平。华光股份中国区营收增长8%。"
    got = {(x.entity, x.metric_id) for x in finextract.extract(text).facts}
    assert ("中国", "growth_rate") in got
    assert ("华光股份", "revenue") in got and not any(e == "中国" and m == "revenue" for e, m in got)


def test_a_bare_magnitude_or_a_vague_one_is_no_figure():
    text = "华光股份股价首次突破千元。宏川股份营收有望达到数十亿。华光电子手机售价下探至千元以内，营收达25亿元。"
    got = {(x.metric_id, x.value) for x in finextract.extract(text).facts}
    assert got == {("revenue", Decimal("2500000000"))}


def test_a_planned_sale_and_a_market_value_are_of_the_day_last_named():
    text = "2023年上半年市场回暖。8月13日，华光股份公告，宏川集团拟减持不超过500万股，可套现约3亿元。华光股份总市值为120亿元。"
    got = {(x.metric_id, x.period) for x in finextract.extract(text).facts}
    assert got == {("shares_sold", "2023-08-13"), ("cash_out", "2023-08-13"), ("market_cap", "2023-08-13")}


def test_the_news_s_own_day_dates_a_share_price_not_a_report_figure():
    text = "华光股份2023年营收120亿元。以昨日收盘价28.6元计算，市值约70亿元。"
    got = {(x.metric_id, x.period) for x in finextract.extract(text, date="2024-03-16").facts}
    assert got == {("revenue", "2023"), ("share_price", "2024-03-15"), ("market_cap", "2024-03-15")}


def test_a_balance_stated_for_a_month_keeps_the_month():
    got = [(x.metric_id, x.period) for x in finextract.extract("2024年5月，华光股份APP日活用户数达3200万户。").facts]
    assert got == [("users", "2024-05")]


def test_what_was_added_over_a_period_is_a_flow_though_its_metric_is_a_balance():
    text = "截至2023年末，华光基金资产管理规模为520亿元，全年新增管理规模85亿元。"
    got = {(x.value, x.period) for x in finextract.extract(text).facts}
    assert got == {(Decimal("52000000000"), "2023-12-31"), (Decimal("8500000000"), "2023")}


def test_a_basis_stated_before_the_first_figure_and_a_year_end_balance_s_change():
    text = "2023年第四季度与2022年同期相比，华光股份酒店GMV增长超20%，门票预订量增长超100%。"
    got = {(x.change_pct, x.change_basis) for x in finextract.extract(text).facts}
    assert got == {(Decimal("20"), "yoy"), (Decimal("100"), "yoy")}
    got = [(x.period, x.change_basis) for x in finextract.extract("截至2023年末，华光银行总资产增长9.6%。").facts]
    assert got == [("2023-12-31", "yoy")]


def test_a_ratio_named_right_after_its_percent_and_bank_yields_and_costs():
    text = "2022年华光银行保持33%分红率。2022年第四季度华光银行贷款收益率环比上行2BP，存款成本率环比下行3BP。"
    got = {(x.metric_id, x.value, x.change_pp) for x in finextract.extract(text).facts}
    assert got == {("payout_ratio", Decimal("33"), None), ("yield_rate", None, Decimal("0.02")),
                   ("cost_rate", None, Decimal("-0.03"))}


def test_a_multiple_before_valuation_is_a_price_earnings_multiple():
    got = [(x.metric_id, x.value, x.unit) for x in finextract.extract("我们维持华光股份2024年45x估值不变。").facts]
    assert got == [("pe_ratio", Decimal("45"), "倍")]


def test_a_loss_metric_holds_its_sign_in_its_name():
    text = "2023年华光股份净亏损3.2亿元，经营现金流亏损1.5亿元。"
    got = {(x.metric_id, x.value) for x in finextract.extract(text).facts}
    assert ("net_loss", Decimal("320000000")) in got
    assert any(v == Decimal("-150000000") for _, v in got)


def test_share_issues_and_a_phrase_closed_by_a_generic_head():
    text = "华光股份计划全球发行3000万股普通股，其中公开发售300万股。2023年末华光股份认证工程师数量较上年末增长约25%。"
    got = {(x.entity, x.metric_id, x.metric, x.value, x.change_pct) for x in finextract.extract(text).facts}
    assert ("华光股份", "issuance", "发行", Decimal("30000000"), None) in got
    assert ("华光股份", "issuance", "发行", Decimal("3000000"), None) in got
    assert ("华光股份", "other", "认证工程师数量", None, Decimal("25")) in got


def test_a_percent_opening_a_clause_before_a_part_s_name_is_that_part_s_share():
    text = "华光股份将发行5亿新股，其中90%国际配售，10%公开发售。华光股份营收增长20%。"
    got = {(x.metric_text, x.value) for x in finextract.extract(text).facts if x.metric_id == "share"}
    assert got == {("国际配售", Decimal("90")), ("公开发售", Decimal("10"))}


def test_an_industry_named_before_its_metric_is_the_topic_of_the_figures_that_follow():
    text = ("2023年3月装载机销量2.1万台，同比增长12%。2023年3月起重机销量继续回升，大吨位销量7000台，"
            "同比增长30%；小吨位销量4.2万台。")
    got = {(x.entity, x.value) for x in finextract.extract(text).facts}
    assert ("装载机行业", Decimal("21000")) in got
    assert ("起重机行业", Decimal("7000")) in got and ("起重机行业", Decimal("42000")) in got


def test_a_market_named_with_its_metric_stays_the_subject_over_the_article_s_main_company():
    text = ("华光通信指出，门市客流回暖。2023年台湾整体平板市场销量起伏，一月为12万台，五月受促销带动，"
            "销量回升至15.3万台。华光通信表示看好下半年。")
    got = {(x.entity, x.value) for x in finextract.extract(text).facts}
    assert ("台湾平板市场", Decimal("153000")) in got


def test_a_product_line_named_with_its_kind_has_its_own_margin():
    text = "2020年华光股份耗材类产品的净利率约为40%，综合净利率为35%。"
    got = {(x.entity, x.metric_id, x.value) for x in finextract.extract(text).facts}
    assert got == {("耗材类产品", "net_margin", Decimal("40")), ("华光股份", "net_margin", Decimal("35"))}


def test_a_learned_company_s_name_without_its_suffix_is_the_company():
    text = "华光集团旗下的宏川科技今日登录兴柜，宏川科技股价开出。宏川今年1~4月合并营收8.2亿元、年增15%。"
    got = {(x.entity, x.value) for x in finextract.extract(text, date="2019-05-20").facts}
    assert ("宏川科技", Decimal("820000000")) in got


def test_the_round_mark_a_figure_passed_is_no_figure_of_its_own():
    got = [x.value for x in finextract.extract("截至2022年末，华光银行总资产达1.14万亿元，迈上1万亿台阶。").facts]
    assert got == [Decimal("1140000000000")]


def test_a_count_of_things_added_is_named_by_the_verb_and_its_object():
    text = "2020年华光证券新增挂牌企业8家，资管业务新增产品5只。"
    got = {(x.entity, x.metric, x.value, x.unit) for x in finextract.extract(text).facts}
    assert got == {("华光证券", "新增挂牌企业", Decimal("8"), "家"), ("资管业务", "新增产品", Decimal("5"), "只")}


def test_a_unit_opening_a_change_with_no_metric_changed_in_its_scale():
    text = "2025年上半年，华光云的市场份额升至31.7%。此外，传统存储业务出现9.6%的萎缩。"
    got = {(x.entity, x.metric, x.change_pct, x.period) for x in finextract.extract(text).facts}
    assert ("传统存储业务", "规模", Decimal("-9.6"), "2025H1") in got


def test_figures_joined_in_a_clause_take_a_list_of_changes_in_order():
    text = "2023年5月华光重工起重机销量8200台；内销6100台和出口2100台，分别同比增长21.5%、33.2%。"
    got = {(x.metric_text, x.value, x.change_pct) for x in finextract.extract(text).facts}
    assert ("内销", Decimal("6100"), Decimal("21.5")) in got
    assert ("出口", Decimal("2100"), Decimal("33.2")) in got
