"""A visitor's own tokenizers (uploaded in the Grader tab, trained in the Lab): kept in this
process's memory only, under an unguessable key that only the visitor's page holds, so they
join that visitor's comparison and nobody else's. Nothing is written to disk.

Bounded twice:
- per visitor (their Gradio session): at most MAX_OWN_PER_VISITOR; keeping one more drops
  their oldest, and `keep` says which (the page, which keeps as many keys, says so too);
- app-wide: at most MAX_OWN tokenizers and MAX_OWN_BYTES of them (each one's footprint
  estimated from its file and vocabulary); past either, the least recently used goes first.
  Each is also dropped after IDLE_SECONDS without use.

The page sends the keys it holds with each request (`"own": [key, ...]`); a key that is no
longer kept comes back as an unavailable card saying so.
"""

from __future__ import annotations

import secrets
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass, field

from ..backends import Backend
from .errors import InputError
from .limits import MAX_OWN, MAX_OWN_BYTES, MAX_OWN_PER_VISITOR
from .limits import OWN_IDLE_SECONDS as IDLE_SECONDS

BYTES_PER_ID = 256  # a kept tokenizer's tables per vocabulary entry, estimated


@dataclass
class Own:
    """One visitor's tokenizer: the card's name and label, and the backend."""

    name: str  # shown as the card's name: "uploaded: my_tok.json", "yours"
    label: str
    backend: Backend
    visitor: str = ""  # the Gradio session that made it
    size: int = 0  # estimated bytes it holds
    used: float = field(default_factory=time.monotonic)
    made: float = field(default_factory=time.monotonic)


@dataclass(frozen=True)
class Kept:
    """What `keep` did: the new key, and the name of the visitor's tokenizer it dropped."""

    key: str
    dropped: str | None = None


_kept: OrderedDict[str, Own] = OrderedDict()  # least recently used first
_lock = threading.Lock()


def footprint(backend: Backend) -> int:
    """Estimated bytes a kept tokenizer holds: its file's bytes (an upload keeps them to
    reload it) and its tables."""
    data = getattr(backend, "data", b"")
    return (len(data) if isinstance(data, bytes) else 0) + BYTES_PER_ID * backend.vocab_size


def keep(name: str, label: str, backend: Backend, visitor: str = "") -> Kept:
    """Keep `backend` for its visitor: the key the visitor's page sends back, and which of
    their tokenizers was dropped to make room (None if none was)."""
    key = secrets.token_urlsafe(18)
    with _lock:
        _expire()
        dropped = None
        theirs = [k for k, own in _kept.items() if visitor and own.visitor == visitor]
        if len(theirs) >= MAX_OWN_PER_VISITOR:
            oldest = min(theirs, key=lambda k: _kept[k].made)
            dropped = _kept.pop(oldest).name
        _kept[key] = Own(name, label, backend, visitor, footprint(backend))
        while len(_kept) > 1 and (
            len(_kept) > MAX_OWN or sum(own.size for own in _kept.values()) > MAX_OWN_BYTES
        ):
            _kept.popitem(last=False)
    return Kept(key, dropped)


def dropped_note(kept: Kept) -> str:
    """A sentence saying which of the visitor's tokenizers `keep` dropped ("" if none)."""
    if kept.dropped is None:
        return ""
    return (
        f" At most {MAX_OWN_PER_VISITOR} of your own tokenizers are kept: your oldest, "
        f"“{kept.dropped}”, was dropped."
    )


def find(key: str) -> Own | None:
    """The tokenizer kept under `key`, or None if there is none (expired, or never kept)."""
    with _lock:
        _expire()
        own = _kept.get(key) if isinstance(key, str) else None
        if own is not None:
            own.used = time.monotonic()
            _kept.move_to_end(key)
        return own


def forget(key: str, visitor: str | None = None) -> None:
    """Drop the tokenizer kept under `key`; with `visitor`, only if it is theirs."""
    with _lock:
        own = _kept.get(key) if isinstance(key, str) else None
        if own is not None and visitor in (None, own.visitor):
            del _kept[key]


def check_keys(keys: object) -> list[str]:
    """The keys of a request: a list of at most MAX_OWN_PER_VISITOR short strings."""
    if keys is None:
        return []
    if not isinstance(keys, list) or not all(isinstance(k, str) and len(k) < 64 for k in keys):
        raise InputError("own must be a list of keys of your own tokenizers")
    if len(keys) > MAX_OWN_PER_VISITOR:
        raise InputError(f"at most {MAX_OWN_PER_VISITOR} of your own tokenizers per request")
    return list(dict.fromkeys(keys))


def _expire() -> None:
    now = time.monotonic()
    for key in [k for k, own in _kept.items() if now - own.used > IDLE_SECONDS]:
        del _kept[key]
