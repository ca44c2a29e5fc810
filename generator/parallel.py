"""Work spread over the machine's cores: results come in the order of the work, whatever order it finishes in.

`ordered_map(work, items, setup, args)` makes a state once per worker process (`setup(*args)`), then
gives back `work(state, item)` for each item, in the order of `items`. Warnings a worker logs are
passed back with the item's result and logged again by the calling process, in the same order, so a
build's warnings read the same whichever process read the snapshot. Few items, or one core, and the
work runs in the calling process with no pool at all.
"""
from __future__ import annotations

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
"""Items handed to a worker at a time: fewer round trips, yet the work still spreads evenly."""
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


def ordered_map(work: Callable[[S, T], R], items: list[T], setup: Callable[..., S], args: tuple,
                jobs: int | None = None) -> Iterator[R]:
    """`work(state, item)` for each item, in order; `jobs` processes (default: one per core)."""
    jobs = workers() if jobs is None else jobs
    if jobs < 2 or len(items) < POOL_FROM:
        state = setup(*args)
        for item in items:
            yield work(state, item)
        return
    with ProcessPoolExecutor(min(jobs, len(items)), initializer=_start, initargs=(setup, args)) as pool:
        for result, records in pool.map(_run, [work] * len(items), items, chunksize=CHUNK):
            for record in records:
                logging.getLogger(record.name).handle(record)
            yield result


class _Collect(logging.Handler):
    """Keeps a worker's warnings for the calling process, their messages already formatted."""

    def __init__(self):
        super().__init__(logging.WARNING)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        record.msg, record.args, record.exc_info, record.exc_text = record.getMessage(), None, None, None
        self.records.append(record)


def _start(setup: Callable[..., S], args: tuple) -> None:
    """In a new worker: warnings are collected instead of printed, and the state is made once."""
    collect = _Collect()
    logger = logging.getLogger(LOGGER)
    logger.handlers = [collect]
    logger.propagate = False
    _state.update(collect=collect, state=setup(*args))


def _run(work: Callable[[S, T], R], item: T) -> tuple[R, list[logging.LogRecord]]:
    collect: _Collect = _state["collect"]
    collect.records = []
    return work(_state["state"], item), collect.records

