"""The one call the UI makes: analyse a text with several tokenizers.

Also the input limits every endpoint enforces, so a huge paste gets a clear message
instead of a slow page.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from . import registry
from .metrics import Stats, stats
from .segments import Grouping, group
from .token import Encoded
from .tokenizer import check_encodable

MAX_CHARS = 100_000
MAX_BYTES = 400_000


class InputError(ValueError):
    """Text the app refuses, with a message for the visitor."""


def check_input(text: str) -> None:
    """Raise InputError if the text is too long or is not valid Unicode."""
    if not isinstance(text, str):
        raise InputError(f"expected text, got {type(text).__name__}")
    if len(text) > MAX_CHARS:
        raise InputError(
            f"the text has {len(text):,} characters; the limit is {MAX_CHARS:,}. "
            "Paste a shorter part."
        )
    try:
        check_encodable(text)
    except ValueError as e:
        raise InputError(str(e)) from None
    if (size := len(text.encode("utf-8"))) > MAX_BYTES:
        raise InputError(f"the text is {size:,} UTF-8 bytes; the limit is {MAX_BYTES:,}.")


@dataclass
class Analysis:
    """One tokenizer's view of the text, or why it is not available."""

    name: str
    label: str
    vocab_size: int = 0
    encoded: Encoded | None = None
    grouping: Grouping | None = None
    stats: Stats = field(default_factory=Stats)
    error: str = ""
    premium: float | None = None  # tokens / tokens of the English counterpart


def analyse_one(name: str, text: str, english: str = "") -> Analysis:
    spec = registry.SPECS[name]
    try:
        backend = registry.get(name)
    except registry.TokenizerUnavailableError as e:
        return Analysis(name, spec.label, error=str(e))
    encoded = backend.encode(text)
    result = Analysis(name, spec.label, backend.vocab_size, encoded, group(encoded), stats(encoded))
    if english.strip() and len(encoded):
        result.premium = len(encoded) / max(1, len(backend.encode_ids(english)))
    return result


def analyse(text: str, names: list[str], english: str = "") -> list[Analysis]:
    """Every selected tokenizer's tokens, segments and metrics for `text`."""
    check_input(text)
    if english:
        check_input(english)
    unknown = [n for n in names if n not in registry.SPECS]
    if unknown:
        raise InputError(f"unknown tokenizer {unknown[0]!r}; available: {registry.list_names()}")
    return [analyse_one(name, text, english) for name in names]
