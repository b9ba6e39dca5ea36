"""A visitor's own tokenizers (uploaded in the Grader tab, trained in the Lab): kept in this
process's memory only, under an unguessable key that only the visitor's page holds, so they
join that visitor's comparison and nobody else's. Bounded: at most MAX_OWN are kept app-wide
(the least recently used goes first), each for at most IDLE_SECONDS without use; nothing is
written to disk.

The page sends the keys it holds with each request (`"own": [key, ...]`); a key that expired
comes back as an unavailable card saying so.
"""

from __future__ import annotations

import secrets
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass, field

from ..backends import Backend
from .limits import MAX_OWN, MAX_OWN_PER_REQUEST, InputError

IDLE_SECONDS = 3600.0


@dataclass
class Own:
    """One visitor's tokenizer: the card's name and label, and the backend."""

    name: str  # shown as the card's name: "uploaded: my_tok.json", "yours"
    label: str
    backend: Backend
    used: float = field(default_factory=time.monotonic)


_kept: OrderedDict[str, Own] = OrderedDict()
_lock = threading.Lock()


def keep(name: str, label: str, backend: Backend) -> str:
    """Keep `backend` for its visitor; returns the key the visitor's page sends back."""
    key = secrets.token_urlsafe(18)
    with _lock:
        _expire()
        _kept[key] = Own(name, label, backend)
        while len(_kept) > MAX_OWN:
            _kept.popitem(last=False)
    return key


def find(key: str) -> Own | None:
    """The tokenizer kept under `key`, or None if there is none (expired, or never kept)."""
    with _lock:
        _expire()
        own = _kept.get(key) if isinstance(key, str) else None
        if own is not None:
            own.used = time.monotonic()
            _kept.move_to_end(key)
        return own


def forget(key: str) -> None:
    with _lock:
        _kept.pop(key, None)


def check_keys(keys: object) -> list[str]:
    """The keys of a request: a list of at most MAX_OWN_PER_REQUEST short strings."""
    if keys is None:
        return []
    if not isinstance(keys, list) or not all(isinstance(k, str) and len(k) < 64 for k in keys):
        raise InputError("own must be a list of keys of your own tokenizers")
    if len(keys) > MAX_OWN_PER_REQUEST:
        raise InputError(f"at most {MAX_OWN_PER_REQUEST} of your own tokenizers per request")
    return list(dict.fromkeys(keys))


def _expire() -> None:
    now = time.monotonic()
    for key in [k for k, own in _kept.items() if now - own.used > IDLE_SECONDS]:
        del _kept[key]
