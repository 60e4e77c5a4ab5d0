"""Extraction over many articles, on one core or several, in bounded memory.

``extract_stream(items, pipeline, workers)`` yields, in input order, for each item of
``items`` (articles and read errors) either ``(article, result)`` or an ``ArticleError``.
With several workers, articles go to a process pool in windows of a fixed size, so a
corpus of any length streams through with flat memory (the pool never holds more than
one window). Worker processes are forked after the pipeline is built, so they share its
lexicons and tokenizer dictionary instead of loading them again. Input shorter than one
window is processed in this process: one short article never pays for a pool.
"""
from __future__ import annotations

import itertools
import multiprocessing as mp
import os
from typing import Iterable, Iterator, Optional, Union

from .errors import FinextractError
from .models import Article, ArticleError, ArticleResult

Outcome = Union[tuple[Article, ArticleResult], ArticleError]

_worker_pipeline = None  # set in each worker process by _init (per process, never in the parent)


def default_workers() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


def _one(pipe, item) -> Outcome:
    if isinstance(item, ArticleError):
        return item
    try:
        return item, pipe.extract(item)
    except FinextractError as e:
        return ArticleError(source=item.origin or item.id, message=str(e))


def _init(pipe) -> None:
    global _worker_pipeline
    _worker_pipeline = pipe


def _work(item) -> Outcome:
    return _one(_worker_pipeline, item)


def extract_stream(items: Iterable[Union[Article, ArticleError]], pipeline, workers: int = 1,
                   window: Optional[int] = None) -> Iterator[Outcome]:
    """Outcomes in input order; ``workers`` > 1 uses a forked process pool fed one window at a time."""
    it = iter(items)
    workers = max(1, workers)
    window = window or workers * 32
    head = list(itertools.islice(it, window))
    if workers == 1 or len(head) < window or "fork" not in mp.get_all_start_methods():
        for item in itertools.chain(head, it):
            yield _one(pipeline, item)
        return
    ctx = mp.get_context("fork")
    with ctx.Pool(workers, initializer=_init, initargs=(pipeline,)) as pool:
        chunk = head
        while chunk:
            yield from pool.imap(_work, chunk, chunksize=max(1, len(chunk) // (workers * 4)))
            chunk = list(itertools.islice(it, window))
