"""What one request to the web app may ask for, checked before any work is done.

The engine tokenizes any text it is given; the app owns these limits (the CLI has its own).
"""

from __future__ import annotations

import contextvars
import heapq
import itertools
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from ..text import check_encodable

MAX_CHARS = 100_000  # characters of text per request
MAX_BYTES = 400_000  # UTF-8 bytes of text per request
MAX_ENGLISH_CHARS = 100_000
MAX_TOKENIZERS = 12  # distinct tokenizers per request
MAX_OWN_PER_VISITOR = 8  # a visitor's own tokenizers kept, and added to one request's cards
MAX_OWN = 64  # visitors' own tokenizers kept app-wide (own.py) ...
MAX_OWN_BYTES = 640_000_000  # ... and their estimated memory (an upload: its file + tables)
MAX_LOOKUP_CHARS = 200  # of a token lookup's query
MAX_LOOKUP_MATCHES = 50  # vocabulary entries a text lookup lists
MAX_DECODE_IDS = 200_000
MAX_DECODE_OUTPUT_BYTES = 1_000_000
MAX_EXPORT_ROWS = 400_000  # tokens summed over the exported tokenizers
MAX_BODY_BYTES = 2_000_000  # any HTTP request body
MAX_UPLOAD_BODY_BYTES = 20_100_000  # an upload (the Lab's 20 MB .txt, with its form fields)
MAX_QUERY_BYTES = 8_192  # a URL's query string (permalinks)
WORKERS = 2  # requests that tokenize at the same time, app-wide (the Space has 2 cores)
BUSY_WAIT_SECONDS = 20.0
# Fair scheduling: a request's cost is characters × tokenizers. Light requests (a few
# paragraphs) go first and may always use a worker: large ones hold at most HEAVY_WORKERS.
LIGHT_COST = 20_000
HEAVY_WORKERS = WORKERS - 1
HEAVY_PER_VISITOR = 2  # large API requests one visitor may have waiting or running
HEAVY_QUEUED = 24  # large API requests waiting or running, app-wide
PAGE_CALLS_PER_VISITOR = 2  # the page's direct calls in flight per visitor
# Finished API results nobody fetched (/gradio_api/call/<name> then never read)
RESULT_TTL_SECONDS = 20.0
RESULTS_PER_VISITOR = 8
# Memory a result holds, estimated as RESULT_MEMORY_PER_JSON_BYTE × its JSON size (a token id
# is ~6 bytes of JSON and ~36 bytes as a Python int in a list)
RESULT_MEMORY_PER_JSON_BYTE = 8
RESULT_BYTES_PER_VISITOR = 64_000_000
RESULT_BYTES_TOTAL = 160_000_000
# Identical requests answered from memory
CACHE_ENTRIES = 32
CACHE_BYTES = 48_000_000
ECHO_CHARS = 200  # of a refused value, repeated in a message
# Uploaded tokenizer files are graded in child processes (sandbox.py), outside the workers:
GRADINGS_AT_ONCE = 2  # app-wide; a visitor has at most one at a time
GRADING_WAIT_SECONDS = 20.0  # a grading waits this long for its turn, then is refused


class InputError(ValueError):
    """A request the app refuses, with a message for the visitor."""


@dataclass(frozen=True)
class UploadLimits:
    """What one visitor may upload: the one place features that take files set their bounds.

    One file per request, as large as the largest feature takes: the Lab's training corpus
    (20 MB, lab.MAX_CORPUS_BYTES; the Grader's tokenizer file is checked again at 10 MB, each
    feature checks its own size).
    """

    files_per_request: int = 1
    bytes_per_file: int = 20 * 1024 * 1024
    requests_per_minute: int = 10  # per visitor
    bytes_per_minute: int = 45_000_000  # per visitor: two corpora a minute

    @property
    def body_bytes(self) -> int:
        return self.files_per_request * self.bytes_per_file + 64_000  # + multipart headers


UPLOADS = UploadLimits()


def echo(value: Any, limit: int = ECHO_CHARS) -> str:
    """`repr(value)` cut to `limit` characters, for a message that names a refused value."""
    shown = repr(value)
    return shown if len(shown) <= limit else f"{shown[:limit]}… ({len(shown):,} characters)"


MAX_MESSAGE_CHARS = 600


def message(error: Exception) -> str:
    """An error's message for the visitor, cut so no refused value comes back whole."""
    text = str(error)
    return text if len(text) <= MAX_MESSAGE_CHARS else text[:MAX_MESSAGE_CHARS] + "…"


def check_text(text: Any, what: str = "the text", limit: int = MAX_CHARS) -> str:
    """`text` if the app accepts it, else InputError saying what is wrong."""
    if text is None:
        return ""
    if not isinstance(text, str):
        raise InputError(f"{what} must be a string, not {type(text).__name__}")
    if len(text) > limit:
        raise InputError(too_long(what, len(text), limit))
    try:
        check_encodable(text)
    except ValueError as e:
        raise InputError(f"{what}: {e}") from None
    if (size := len(text.encode("utf-8"))) > MAX_BYTES:
        raise InputError(f"{what} is {size:,} UTF-8 bytes; the limit is {MAX_BYTES:,}.")
    return text


TOO_LONG = (
    "{what} has {chars} characters (Unicode code points); the limit is {limit}. "
    "Paste a shorter part."
)  # the page fills in the same template (it gets it in its config)


def too_long(what: str, chars: int, limit: int = MAX_CHARS) -> str:
    return TOO_LONG.format(what=what, chars=f"{chars:,}", limit=f"{limit:,}")


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


class AnswerCache:
    """The last answers to identical requests, bounded in entries and bytes."""

    def __init__(self, entries: int = CACHE_ENTRIES, size: int = CACHE_BYTES) -> None:
        self.entries, self.size = entries, size
        self._data: OrderedDict[Any, tuple[Any, int]] = OrderedDict()
        self._lock = threading.Lock()
        self.bytes = 0

    def get_or_make(self, key: Any, make: Callable[[], Any], size: Callable[[Any], int]) -> Any:
        with self._lock:
            if key in self._data:
                self._data.move_to_end(key)
                return self._data[key][0]
        value = make()
        n = size(value)
        if n > self.size // 4:  # too big to keep
            return value
        with self._lock:
            if key not in self._data:
                self._data[key] = (value, n)
                self.bytes += n
            while len(self._data) > self.entries or self.bytes > self.size:
                self.bytes -= self._data.popitem(last=False)[1][1]
        return value

    def clear(self) -> None:
        with self._lock:
            self._data.clear()
            self.bytes = 0


CACHE = AnswerCache()
