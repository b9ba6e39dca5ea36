"""The app-wide workers, shared fairly: a request's cost is characters × tokenizers; light
requests go first and large ones never take the last worker (limits.py sets the numbers)."""

from __future__ import annotations

import contextvars
import heapq
import itertools
import threading
from collections.abc import Iterator
from contextlib import contextmanager

from .errors import InputError
from .limits import BUSY_WAIT_SECONDS, HEAVY_PER_VISITOR, HEAVY_WORKERS, LIGHT_COST, WORKERS


def cost(text: str, names: int) -> int:
    """What a request costs the workers: characters × tokenizers."""
    return max(1, len(text)) * max(1, names)


# Who sent the request being served (set by urlguard.RequestLimits for the page's direct calls)
VISITOR: contextvars.ContextVar[str | None] = contextvars.ContextVar("visitor", default=None)


class Scheduler:
    """App-wide workers shared fairly: light requests first (then in arrival order), and
    large ones never take the last worker, so a sentence is not queued behind a book."""

    def __init__(self, workers: int = WORKERS, heavy_workers: int = HEAVY_WORKERS) -> None:
        self.workers, self.heavy_workers = workers, heavy_workers
        self._cond = threading.Condition()
        self._waiting: list[tuple[int, int]] = []  # (1 if heavy, arrival): a heap
        self._arrival = itertools.count()
        self.running = self.heavy_running = 0
        self.heavy_by_visitor: dict[str, int] = {}
        self.heavy_done = 0  # large requests finished (the memory trimmer watches it)

    def _may_start(self, ticket: tuple[int, int]) -> bool:
        if self._waiting[0] != ticket or self.running >= self.workers:
            return False
        return not ticket[0] or self.heavy_running < self.heavy_workers

    def _enter(self, ticket: tuple[int, int], timeout: float) -> None:
        with self._cond:
            heapq.heappush(self._waiting, ticket)
            if not self._cond.wait_for(lambda: self._may_start(ticket), timeout):
                self._waiting.remove(ticket)
                heapq.heapify(self._waiting)
                self._cond.notify_all()
                raise InputError(
                    "the app is busy with other visitors' texts; try again in a moment"
                )
            heapq.heappop(self._waiting)
            self.running += 1
            self.heavy_running += ticket[0]
            self._cond.notify_all()

    def _leave(self, heavy: int) -> None:
        with self._cond:
            self.running -= 1
            self.heavy_running -= heavy
            self.heavy_done += heavy
            self._cond.notify_all()

    def _claim(self, visitor: str | None) -> None:
        """Count a visitor's large request; InputError past HEAVY_PER_VISITOR."""
        if visitor is None:
            return
        with self._cond:
            if self.heavy_by_visitor.get(visitor, 0) >= HEAVY_PER_VISITOR:
                raise InputError(
                    f"you already have {HEAVY_PER_VISITOR} large texts being tokenized; "
                    "wait for them to finish"
                )
            self.heavy_by_visitor[visitor] = self.heavy_by_visitor.get(visitor, 0) + 1

    def _release(self, visitor: str | None) -> None:
        if visitor is None:
            return
        with self._cond:
            left = self.heavy_by_visitor.pop(visitor, 1) - 1
            if left > 0:
                self.heavy_by_visitor[visitor] = left

    @contextmanager
    def slot(self, work: int, timeout: float = BUSY_WAIT_SECONDS) -> Iterator[None]:
        ticket = (int(work > LIGHT_COST), next(self._arrival))
        visitor = VISITOR.get() if ticket[0] else None
        self._claim(visitor)
        try:
            self._enter(ticket, timeout)
            try:
                yield
            finally:
                self._leave(ticket[0])
        finally:
            self._release(visitor)


SCHEDULER = Scheduler()


@contextmanager
def work_slot(work: int = 1) -> Iterator[None]:
    """A worker for CPU work of cost `work`; InputError if none frees up in time."""
    with SCHEDULER.slot(work):
        yield
