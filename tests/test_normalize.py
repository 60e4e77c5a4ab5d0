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
