"""Run jobs as a build system does: each as soon as it is known, the longest first.

:class:`LongestFirst` is a pool of worker threads fed by a priority queue. Jobs can be
submitted while the caller is still working out the rest (the build keeps rendering
variants while the first conversions run), and a free worker always takes the job expected
to take longest, so the build does not end with one long conversion running alone. The
expected times come from the previous build (see :mod:`lws.publish.state`).

Workers are threads: the work they wait on (Pandoc processes, the Typst compiler) runs
outside Python's interpreter lock.
"""

from __future__ import annotations

import itertools
import queue
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

T = TypeVar("T")
R = TypeVar("R")


@dataclass(frozen=True)
class Outcome(Generic[T, R]):
    """A finished job: its result or the exception it raised, and how long it ran."""

    job: T
    result: R | None
    error: Exception | None
    seconds: float


@dataclass(order=True)
class _Entry(Generic[T]):
    priority: float
    order: int
    job: T | None = field(compare=False)  # None tells a worker to stop


class LongestFirst(Generic[T, R]):
    """A pool of ``workers`` threads running ``run(job)``, the longest expected job first."""

    def __init__(self, run: Callable[[T], R], workers: int) -> None:
        self._run = run
        self._todo: queue.PriorityQueue[_Entry[T]] = queue.PriorityQueue()
        self._done: queue.Queue[Outcome[T, R]] = queue.Queue()
        self._order = itertools.count()
        self._submitted = 0
        self._threads = [
            threading.Thread(target=self._work, name=f"lws-build-{n}", daemon=True)
            for n in range(max(workers, 1))
        ]
        for thread in self._threads:
            thread.start()

    def submit(self, job: T, expected_seconds: float, after: Sequence[Future[Any]] = ()) -> None:
        """Queue a job; among the queued ones, the largest ``expected_seconds`` runs first.

        A job with unfinished ``after`` futures (the charts it shows, being drawn) is queued
        when the last of them is done, so it never holds a worker while it waits.
        """
        self._submitted += 1
        entry = _Entry(-expected_seconds, next(self._order), job)
        waiting = [future for future in after if not future.done()]
        if not waiting:
            self._todo.put(entry)
            return
        left = [len(waiting)]
        lock = threading.Lock()

        def one_done(_: Future[Any]) -> None:
            with lock:
                left[0] -= 1
                ready = left[0] == 0
            if ready:
                self._todo.put(entry)

        for future in waiting:
            future.add_done_callback(one_done)

    def outcomes(self) -> Iterator[Outcome[T, R]]:
        """Each submitted job's outcome as it finishes; then the workers stop."""
        try:
            for _ in range(self._submitted):
                yield self._done.get()
        finally:
            for _ in self._threads:
                self._todo.put(_Entry(float("inf"), next(self._order), None))

    def _work(self) -> None:
        while True:
            entry = self._todo.get()
            if entry.job is None:
                return
            start = time.perf_counter()
            try:
                result: R | None = self._run(entry.job)
                error: Exception | None = None
            except Exception as exc:  # reported by the caller as that job's failure
                result, error = None, exc
            self._done.put(Outcome(entry.job, result, error, time.perf_counter() - start))
