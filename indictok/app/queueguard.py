"""Gradio's queue, made fair and forgetful (installed by `FairBlocks.queue`).

- **Lanes**: a queued API call whose cost (characters × tokenizers, `scheduler.cost`) is light
  moves to its own Gradio concurrency group, so it never waits behind large ones; inside the
  app, `scheduler.SCHEDULER` runs light work first and keeps a worker free of large work.
- **Per-visitor caps**: a visitor may have HEAVY_PER_VISITOR large calls waiting or running
  (429 past that), the app HEAVY_QUEUED (503 for large calls only).
- **Results nobody fetches** (`POST /gradio_api/call/<name>` and never the GET) are dropped
  after RESULT_TTL_SECONDS, and sooner past RESULTS_PER_VISITOR or the byte bounds.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import Awaitable, Callable
from typing import Any

import orjson
from fastapi import HTTPException
from gradio.queueing import EventQueue
from gradio.server_messages import ProcessCompletedMessage

from . import limits, memory
from .limits import MAX_QUEUED as MAX_WAITING
from .scheduler import SCHEDULER
from .urlguard import visitor_of

LIGHT_GROUP = "light"
SWEEP_SECONDS = 1.0
TRIM_EVERY = 10  # sweeps: freed heap is given back this often after large work


def request_cost(data: Any) -> int:
    """Characters × tokenizers of a queued call's inputs, read before any work."""
    if not isinstance(data, list):
        return 1
    chars = sum(len(v) for v in data if isinstance(v, str))
    lists = [v for v in data if isinstance(v, list)]
    names = max((len(v) for v in lists), default=1)
    return max(1, chars) * max(1, names)


class Results:
    """Finished results waiting in Gradio's per-session message queues, and their owners."""

    def __init__(self, queue: Any) -> None:
        self.queue = queue
        self.owner: dict[str, str] = {}  # session hash -> visitor
        self.seen: dict[str, tuple[float, int]] = {}  # session -> (finished at, bytes)
        self.dropped = 0

    @staticmethod
    def _finished(messages: Any) -> list[Any]:
        held = getattr(messages, "_queue", ())
        return [m for m in held if isinstance(m, ProcessCompletedMessage)]

    @staticmethod
    def _size(done: list[Any]) -> int:
        try:
            json_bytes = sum(len(orjson.dumps(m.output, default=str)) for m in done)
            return limits.RESULT_MEMORY_PER_JSON_BYTE * json_bytes
        except (TypeError, orjson.JSONEncodeError):
            return 0

    def waiting(self, now: float) -> list[tuple[float, int, str]]:
        """(finished at, bytes, session) of every unread finished result, oldest first."""
        found = []
        for session, messages in list(self.queue.pending_messages_per_session.items()):
            done = self._finished(messages)
            if not done:
                self.seen.pop(session, None)
                continue
            if session not in self.seen:
                self.seen[session] = (now, self._size(done))
            found.append((*self.seen[session], session))
        for session in set(self.seen) - {s for _, _, s in found}:
            del self.seen[session]
        return sorted(found)

    def over_bounds(self, found: list[tuple[float, int, str]], now: float) -> set[str]:
        drop = {s for t, _, s in found if now - t > limits.RESULT_TTL_SECONDS}
        count: dict[str, int] = {}
        size: dict[str, int] = {}
        total = sum(n for _, n, _ in found)
        for _, n, session in reversed(found):  # newest first: the oldest go over the bounds
            who = self.owner.get(session, session)
            count[who] = count.get(who, 0) + 1
            size[who] = size.get(who, 0) + n
            if count[who] > limits.RESULTS_PER_VISITOR or (
                size[who] > limits.RESULT_BYTES_PER_VISITOR
            ):
                drop.add(session)
        for _, n, session in found:
            if total <= limits.RESULT_BYTES_TOTAL:
                break
            if session not in drop:
                drop.add(session)
            total -= n
        return drop

    def sweep(self) -> int:
        now = time.monotonic()
        drop = self.over_bounds(self.waiting(now), now)
        for session in drop:
            self.queue.pending_messages_per_session.pop(session, None)
            self.queue.pending_event_ids_session.pop(session, None)
            self.seen.pop(session, None)
            self.owner.pop(session, None)
        live = self.queue.pending_messages_per_session
        for session in [s for s in self.owner if s not in live]:
            del self.owner[session]
        self.dropped += len(drop)
        return len(drop)


class FairQueue:
    """Wraps one Gradio Queue's `push`: lanes, per-visitor caps, and the results sweeper."""

    def __init__(self, queue: Any) -> None:
        self.queue = queue
        self.results = Results(queue)
        self._push: Callable[..., Awaitable[Any]] = queue.push
        self._sweeper: asyncio.Task[None] | None = None
        queue.max_size = None  # bounded here, by lane
        queue.event_queue_per_concurrency_id[LIGHT_GROUP] = EventQueue(
            LIGHT_GROUP, 4 * limits.WORKERS
        )
        queue.push = self.push
        self._start = queue.start
        queue.start = self.start

    def start(self) -> None:
        """Gradio's queue start (inside the server's event loop), and the sweeper with it."""
        self._start()
        with contextlib.suppress(RuntimeError):  # no running loop: the first push starts it
            self._start_sweeper()

    def heavy_in_flight(self) -> list[str]:
        """The visitor of every large call waiting or running."""
        events = list(self.queue.event_ids_to_events.values())
        return [e._itl_visitor for e in events if getattr(e, "_itl_heavy", False)]

    def admit(self, visitor: str, heavy: bool) -> None:
        if len(self.queue) >= MAX_WAITING:
            raise HTTPException(503, "The app is busy; try again in a moment.")
        if not heavy:
            return
        in_flight = self.heavy_in_flight()
        if in_flight.count(visitor) >= limits.HEAVY_PER_VISITOR:
            raise HTTPException(
                429,
                f"You have {limits.HEAVY_PER_VISITOR} large requests waiting or running; "
                "fetch their answers before sending more.",
            )
        if len(in_flight) >= limits.HEAVY_QUEUED:
            raise HTTPException(503, "The app is busy with large texts; try again in a moment.")

    async def push(self, body: Any, request: Any, username: str | None) -> Any:
        self._start_sweeper()
        visitor = visitor_of(request.scope)
        heavy = request_cost(body.data) > limits.LIGHT_COST
        self.admit(visitor, heavy)
        answer = await self._push(body=body, request=request, username=username)
        success, event_id, _ = answer
        event = self.queue.event_ids_to_events.get(event_id) if success else None
        if event is not None:
            event._itl_visitor, event._itl_heavy = visitor, heavy
            self.results.owner[event.session_hash] = visitor
            if not heavy:
                self._to_light_lane(event)
        return answer

    def _to_light_lane(self, event: Any) -> None:
        group = self.queue.event_queue_per_concurrency_id.get(event.concurrency_id)
        if group is None or event not in group.queue:
            return
        group.queue.remove(event)
        event.concurrency_id = LIGHT_GROUP
        self.queue.event_queue_per_concurrency_id[LIGHT_GROUP].queue.append(event)

    def _start_sweeper(self) -> None:
        if self._sweeper is None or self._sweeper.done():
            self._sweeper = asyncio.get_running_loop().create_task(self._sweep_forever())

    async def _sweep_forever(self) -> None:
        sweeps, heavy_seen = 0, SCHEDULER.heavy_done
        while not self.queue.stopped:
            await asyncio.sleep(SWEEP_SECONDS)
            sweeps += 1
            dropped = self.results.sweep()
            heavy_done = SCHEDULER.heavy_done
            if dropped or (sweeps % TRIM_EVERY == 0 and heavy_done != heavy_seen):
                heavy_seen = heavy_done
                await asyncio.to_thread(memory.trim)


def install(queue: Any) -> FairQueue:
    """Make `queue` (a gradio Queue) fair and forgetful; once per queue."""
    existing = getattr(queue, "_itl_fair", None)
    if existing is None:
        existing = queue._itl_fair = FairQueue(queue)
    return existing
