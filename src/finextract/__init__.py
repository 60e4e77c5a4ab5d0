"""finextract: Chinese financial news (simplified or traditional) to verifiable facts.

    >>> import finextract
    >>> result = finextract.extract("宁德时代2023年营业收入为4009亿元，同比增长22%。")
    >>> result.facts[0].value
    Decimal('400900000000')
"""
from __future__ import annotations

__version__ = "0.1.0"

__all__ = ["extract", "Pipeline", "__version__"]


def __getattr__(name):  # lazy: importing finextract stays cheap for CLI start-up
    if name in ("extract", "Pipeline"):
        from . import pipeline

        return getattr(pipeline, name)
    raise AttributeError(name)
