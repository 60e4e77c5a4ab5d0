"""Extraction over many articles, on one core or several, in bounded memory.

``extract_stream(items, pipeline, workers)`` yields, in input order, for each item of
``items`` (articles and read errors) either ``(article, result)`` or an ``ArticleError``.
With several workers, articles stream through a process pool with at most one window of
them in flight, so a corpus of any length passes with flat memory and no worker waits
for the slowest article of a batch. The input is read in the caller's thread. Worker processes are forked after the pipeline is built, so they share its
lexicons and tokenizer dictionary instead of loading them again. Input shorter than one
window is processed in this process: one short article never pays for a pool.
"""
from __future__ import annotations

import itertools
import multiprocessing as mp
import collections
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
    pending: collections.deque = collections.deque()  # ArticleErrors and tasks of up to _BATCH articles, in order
    in_pool = 0
    batch: list[Article] = []
    with ctx.Pool(workers, initializer=_init, initargs=(pipeline,)) as pool:

        def submit() -> None:
            nonlocal batch, in_pool
            if batch:
                pending.append((batch, pool.apply_async(_work_batch, (batch,))))
                in_pool, batch = in_pool + len(batch), []

        def oldest() -> list[Outcome]:
            nonlocal in_pool
            done = pending.popleft()
            if isinstance(done, ArticleError):
                return [done]
            articles, task = done
            results = task.get()
            in_pool -= len(results)
            # (the workers send back each result as its JSON, not the article: this process, which feeds the
            # workers, reads JSON faster than it unpickles a model, and has the articles already)
            return [r if isinstance(r, ArticleError) else (a, ArticleResult.model_validate_json(r))
                    for a, r in zip(articles, results)]

        # the input is read here, in the caller's thread (it may query the caller's database), and at most one
        # window of articles is in the pool at any time
        for item in itertools.chain(head, it):
            if isinstance(item, ArticleError):
                submit()
                pending.append(item)
                continue
            batch.append(item)
            if len(batch) == _BATCH:
                submit()
            while in_pool >= window:
                yield from oldest()
        submit()
        while pending:
            yield from oldest()


_BATCH = 4  # articles per task: fewer round trips, still fine-grained enough to balance the workers


def _work_batch(items: list[Article]) -> list[Union[str, ArticleError]]:
    """Each article's result as JSON (a round trip gives the equal model; tested), or its error."""
    out: list[Union[str, ArticleError]] = []
    for a in items:
        outcome = _one(_worker_pipeline, a)
        # (fields at their defaults are left out: the parent reads less, and fills them in as they were)
        out.append(outcome if isinstance(outcome, ArticleError) else outcome[1].model_dump_json(exclude_defaults=True))
    return out
