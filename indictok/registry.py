"""The loaded tokenizers: a name from the catalog -> its backend, loaded once per process.

Every file is checked against its sha256 in tokenizers_store/SHA256SUMS (manifest.py) when
it loads; a missing, damaged or altered file disables only that tokenizer: `get` raises
TokenizerUnavailableError naming the file (and for our text format the line) and how to
restore it, and remembers it, so a broken file is read once.
"""

from __future__ import annotations

import threading

from .backends import Backend
from .catalog import COMPARISON_NAMES, DEFAULT_NAMES, SPECS, for_language, list_names

__all__ = [
    "COMPARISON_NAMES", "DEFAULT_NAMES", "SPECS", "Backend", "TokenizerUnavailableError",
    "for_language", "get", "list_names", "load_all",
]  # fmt: skip


class TokenizerUnavailableError(Exception):
    """A tokenizer whose files are missing or corrupt; the message says which and how to fix."""


_loaded: dict[str, Backend] = {}
_failed: dict[str, str] = {}
_lock = threading.Lock()


def get(name: str) -> Backend:
    """The loaded tokenizer `name`; TokenizerUnavailableError, or ValueError (unknown name)."""
    if name not in SPECS:
        raise ValueError(f"unknown tokenizer {name!r}; available: {', '.join(SPECS)}")
    with _lock:
        if name in _loaded:
            return _loaded[name]
        if name in _failed:
            raise TokenizerUnavailableError(_failed[name])
        spec = SPECS[name]
        try:
            backend = _loaded[name] = spec.load()
            return backend
        except (OSError, ValueError, KeyError) as e:
            message = f"{spec.label} is unavailable: {e}. Restore it with: {spec.restore}"
            _failed[name] = message
            raise TokenizerUnavailableError(message) from e


def load_all() -> tuple[list[str], dict[str, str]]:
    """Load every tokenizer; returns (names that loaded, {name: why another did not})."""
    ok, failed = [], {}
    for name in SPECS:
        try:
            get(name)
            ok.append(name)
        except TokenizerUnavailableError as e:
            failed[name] = str(e)
    return ok, failed
