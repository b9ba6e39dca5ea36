"""The tokenizers loaded in this process: a name from catalog.py -> its backend, loaded once.

Not here: which tokenizers exist and how each loads (catalog.py); where the files are
(paths.py); their sha256 hashes (checksums.py).

Every file is checked against its sha256 in tokenizers_store/SHA256SUMS (checksums.py) when
it loads; a missing, damaged or altered file disables only that tokenizer: `get` raises
TokenizerUnavailableError naming the file (and for our text format the line) and how to
restore it, and remembers it, so a broken file is read once.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable

from . import checksums
from .backends import Backend, IndicBPEBackend
from .catalog import SPECS
from .tokenizer import IndicBPETokenizer


class TokenizerUnavailableError(Exception):
    """A tokenizer whose files are missing or corrupt; the message says which and how to fix."""


_loaded: dict[str, Backend] = {}
_failed: dict[str, str] = {}
_locks = {name: threading.Lock() for name in SPECS}  # one load at a time per tokenizer


def get(name: str) -> Backend:
    """The loaded tokenizer `name` (loaded on first use); TokenizerUnavailableError, or
    ValueError (unknown name)."""
    if name in _loaded:
        return _loaded[name]
    if name not in SPECS:
        raise ValueError(f"unknown tokenizer {name!r}; available: {', '.join(SPECS)}")
    with _locks[name]:
        if name in _loaded:
            return _loaded[name]
        if name in _failed:
            raise TokenizerUnavailableError(_failed[name])
        spec = SPECS[name]
        try:
            backend = _loaded[name] = spec.load()
            return backend
        except (OSError, ValueError, KeyError) as e:
            _failed[name] = _unavailable(name, e)
            raise TokenizerUnavailableError(_failed[name]) from e


def _unavailable(name: str, error: Exception) -> str:
    spec = SPECS[name]
    return f"{spec.label} is unavailable: {error}. Restore it with: {spec.restore}"


def file_problems() -> dict[str, str]:
    """{name: why it cannot load} for each tokenizer whose files are missing or altered,
    found by their sha256 alone: nothing is parsed (tokenizers load on first use)."""
    problems = {}
    for name, spec in SPECS.items():
        try:
            for filename in spec.files:
                checksums.verify(filename)
            if spec.packaged:
                checksums.verify_packaged(*spec.packaged)
        except (OSError, ValueError) as e:
            problems[name] = _failed.get(name) or _unavailable(name, e)
    return problems | dict(_failed)


def load_all(names: Iterable[str] = SPECS) -> tuple[list[str], dict[str, str]]:
    """Load these tokenizers (all by default); (names that loaded, {name: why another did not})."""
    ok, failed = [], {}
    for name in names:
        try:
            get(name)
            ok.append(name)
        except TokenizerUnavailableError as e:
            failed[name] = str(e)
    return ok, failed


def trained(tokenizer: IndicBPETokenizer, label: str) -> Backend:
    """A tokenizer trained in this process (the Lab's), behind the same protocol."""
    return IndicBPEBackend(label, tokenizer)
