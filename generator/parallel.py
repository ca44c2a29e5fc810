"""Work spread over the machine's cores: results come in the order of the work, whatever order it finishes in.

`Workers(setup, args, size)` starts one process per core, each making its state once (`setup(*args)`);
its `map(work, items)` gives back `work(state, item)` for each item, in the order of `items`. Warnings
a worker logs are passed back with the item's result and logged again by the calling process, in the
same order, so a build's warnings read the same whichever process read the snapshot. Few items, or
one core, and the work runs in the calling process with no pool at all.
"""
from __future__ import annotations

import gc
import logging
import os
from concurrent.futures import ProcessPoolExecutor
from typing import Callable, Iterator, TypeVar

T = TypeVar("T")
R = TypeVar("R")
S = TypeVar("S")

POOL_FROM = 48
"""Fewer items than this are worked through in the calling process: starting workers would cost more."""
CHUNK = 8
"""Fewest items handed to a worker at a time."""
SPREAD = 4
"""Chunks per worker: the items come in long runs of neighbours (hourly snapshots repeat each other, so a
worker that reads a run classifies each repeated line once), yet enough runs for the work to spread evenly."""
MAX_CHUNK = 64
"""Most items handed over at a time: a chunk's results travel back together, so this bounds what is in transit."""
LOGGER = "generator"
"""The logger whose warnings a worker passes back."""

_state: dict = {}
"""In a worker process only: the state its `setup` made, and the warnings of the item in hand."""


def workers() -> int:
    """How many processes can run at once here (the cores this process may use)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


class Workers:
    """Processes that work for one build, each making its state once (`setup(*args)`) and keeping it.

    With `jobs` under 2 or fewer than POOL_FROM items to expect (`size`), the work runs in the calling
    process. Use it as a context manager: leaving it stops the processes.
    """

    def __init__(self, setup: Callable[..., S], args: tuple, size: int, jobs: int | None = None):
        jobs = workers() if jobs is None else jobs
        self.setup, self.args, self.state, self.jobs = setup, args, None, min(jobs, max(size, 1))
        self.pool = ProcessPoolExecutor(self.jobs, initializer=_start, initargs=(setup, args)) \
            if jobs >= 2 and size >= POOL_FROM else None
        if self.pool is not None:
            gc.freeze()  # the workers, forked from this process, never walk (and so never copy) what it holds

    def map(self, work: Callable[[S, T], R], items: list[T]) -> Iterator[R]:
        """`work(state, item)` for each item, in the order of `items`."""
        if self.pool is None or len(items) < POOL_FROM:
            if self.state is None:
                self.state = self.setup(*self.args)
            for item in items:
                yield work(self.state, item)
            return
        chunk = min(MAX_CHUNK, max(CHUNK, -(-len(items) // (self.jobs * SPREAD))))
        for result, records in self.pool.map(_run, [work] * len(items), items, chunksize=chunk):
            for record in records:
                logging.getLogger(record.name).handle(record)
            yield result

    def __enter__(self) -> Workers:
        return self

    def __exit__(self, *exc) -> None:
        if self.pool is not None:
            self.pool.shutdown(cancel_futures=True)
            gc.unfreeze()


class _Collect(logging.Handler):
    """Keeps a worker's warnings for the calling process, their messages already formatted."""

    def __init__(self):
        super().__init__(logging.WARNING)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        record.msg, record.args, record.exc_info, record.exc_text = record.getMessage(), None, None, None
        self.records.append(record)


def _start(setup: Callable[..., S], args: tuple) -> None:
    """In a new worker: warnings are collected instead of printed, the cycle collector is on (a worker may
    read HTML, whose parse trees are cycles), and the state is made once."""
    gc.enable()
    collect = _Collect()
    logger = logging.getLogger(LOGGER)
    logger.handlers = [collect]
    logger.propagate = False
    _state.update(collect=collect, state=setup(*args))


def _run(work: Callable[[S, T], R], item: T) -> tuple[R, list[logging.LogRecord]]:
    collect: _Collect = _state["collect"]
    collect.records = []
    return work(_state["state"], item), collect.records

