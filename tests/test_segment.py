"""Segmentation engines: the native one gives jieba's boundaries, and each tokenizer is private."""
import pytest

from finextract.lexicon import Lexicon
from finextract.normalize import Normalizer
from finextract.segment import Segmenter

pytest.importorskip("rjieba")


def test_native_segmenter_gives_jiebas_boundaries(dev_articles):
    lex = Lexicon.load()
    py, native = Segmenter(lex), Segmenter(lex, engine="rjieba")
    norm = Normalizer()
    for a in dev_articles:
        text = norm.normalize(a["text"]).text
        assert py.all_boundaries(text) == native.all_boundaries(text), a["id"]


@pytest.mark.parametrize("text", ["营收同比增长12.5%，环比下降0.8pct", "2024年Q2-Q3毛利率", "Foo.com与J.P.摩根合作"])
def test_ascii_runs_split_alike(text):
    lex = Lexicon.load()
    assert Segmenter(lex).cut(text) == Segmenter(lex, engine="rjieba").cut(text)


def test_private_tokenizers_do_not_leak_words():
    lex = Lexicon.load()
    a = Segmenter(lex, extra_words=["星云动量"])
    b = Segmenter(lex)
    assert ("星云动量", 0, 4) in a.cut("星云动量公司")
    assert ("星云动量", 0, 4) not in b.cut("星云动量公司")
