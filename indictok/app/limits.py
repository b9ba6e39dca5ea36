"""What one request to the web app may ask for, checked before any work is done.

The engine tokenizes any text it is given; the app owns these limits (the CLI has its own).
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from ..tokenizer import check_encodable

MAX_CHARS = 100_000  # characters of text per request
MAX_BYTES = 400_000  # UTF-8 bytes of text per request
MAX_ENGLISH_CHARS = 100_000
MAX_TOKENIZERS = 12  # distinct tokenizers per request
MAX_DECODE_IDS = 200_000
MAX_DECODE_OUTPUT_BYTES = 1_000_000
MAX_EXPORT_ROWS = 400_000  # tokens summed over the exported tokenizers
MAX_BODY_BYTES = 2_000_000  # any HTTP request body
MAX_UPLOAD_BODY_BYTES = 20_100_000  # an upload (the Lab's 20 MB .txt, with its form fields)
MAX_QUERY_BYTES = 8_192  # a URL's query string (permalinks)
WORKERS = 2  # requests that tokenize at the same time, app-wide (the Space has 2 cores)
BUSY_WAIT_SECONDS = 20.0


class InputError(ValueError):
    """A request the app refuses, with a message for the visitor."""


def check_text(text: Any, what: str = "the text", limit: int = MAX_CHARS) -> str:
    """`text` if the app accepts it, else InputError saying what is wrong."""
    if text is None:
        return ""
    if not isinstance(text, str):
        raise InputError(f"{what} must be a string, not {type(text).__name__}")
    if len(text) > limit:
        raise InputError(
            f"{what} has {len(text):,} characters; the limit is {limit:,}. Paste a shorter part."
        )
    try:
        check_encodable(text)
    except ValueError as e:
        raise InputError(f"{what}: {e}") from None
    if (size := len(text.encode("utf-8"))) > MAX_BYTES:
        raise InputError(f"{what} is {size:,} UTF-8 bytes; the limit is {MAX_BYTES:,}.")
    return text


_slots = threading.BoundedSemaphore(WORKERS)


@contextmanager
def work_slot() -> Iterator[None]:
    """One of the app-wide WORKERS slots for CPU work; InputError if none frees up in time."""
    if not _slots.acquire(timeout=BUSY_WAIT_SECONDS):
        raise InputError("the app is busy with other visitors' texts; try again in a moment")
    try:
        yield
    finally:
        _slots.release()
