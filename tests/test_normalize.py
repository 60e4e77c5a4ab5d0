from finextract.normalize import Normalizer


def test_taiwan_usage_converted():
    n = Normalizer().normalize("隨著市場變化，著名企業營收年增")
    assert n.text.startswith("随着市场变化")
    assert "著名企业" in n.text
    assert n.script == "traditional"


def test_fullwidth_to_halfwidth():
    n = Normalizer().normalize("營收２１５．６７億元，成長１２％")
    assert "215.67亿元" in n.text and "12%" in n.text


def test_positions_are_kept():
    text = "某集團雲業務收入同比增長41%，達86.52億元。"
    n = Normalizer().normalize(text)
    assert len(n.text) == len(text)
    s, e, t = n.original_span(2, 8)
    assert t == text[2:8]


def test_simplified_detected():
    assert Normalizer().normalize("阿里云收入同比增长34%").script == "simplified"


def test_simplified_characters_stay_themselves():
    from finextract.normalize import Normalizer

    n = Normalizer()
    assert n.normalize("饿了么外卖").text == "饿了么外卖"
    assert n.normalize("餓了麼外賣").text == "饿了么外卖"


def test_script_share_counted_as_over_the_whole_text():
    # the share of changed Han characters decides the script; counting block by block, and stopping once the share
    # is exceeded, decides as a count over the whole text does, at the threshold too
    import random

    from finextract.normalize import _share_changed_above

    def whole(a: str, b: str, share: float) -> bool:
        han = sum(1 for c in a if "\u4e00" <= c <= "\u9fff") or 1
        return sum(map(str.__ne__, a, b)) / han > share

    rng = random.Random(7)
    for _ in range(300):
        n = rng.randrange(1, 400)
        a = "".join(rng.choice("营收增长公司ab12，。") for _ in range(n))
        b = "".join(c if rng.random() > rng.choice([0.0, 0.01, 0.03, 0.3]) else "變" for c in a)
        assert _share_changed_above(a, b, 0.02) == whole(a, b, 0.02), (a, b)
    # exactly 2 of 100 Han characters changed is not above 2%; 3 is
    base = "营" * 100
    assert not _share_changed_above(base, "變變" + base[2:], 0.02)
    assert _share_changed_above(base, "變變變" + base[3:], 0.02)
