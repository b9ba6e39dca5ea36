"""The one call the page and the API make: analyse a text with several tokenizers.

The text is checked once, by the caller (the web app and the CLI own their limits); a
tokenizer whose files are missing or damaged comes back as `Unavailable`, not as an error.
"""

from __future__ import annotations

from dataclasses import dataclass

from . import catalog, loaded
from .backends import Backend
from .metrics import Stats, measure
from .segments import Grouping, group
from .token import Encoded


@dataclass(frozen=True)
class Analysis:
    """One tokenizer's view of the text: its tokens, their akshara groups and the metrics."""

    name: str
    label: str
    vocab_size: int
    encoded: Encoded
    grouping: Grouping
    stats: Stats
    premium: float | None = None  # tokens / tokens of the English original, if one was given


@dataclass(frozen=True)
class Unavailable:
    """A tokenizer that could not be loaded, and why (the message names the file and the fix)."""

    name: str
    label: str
    reason: str


def analyse_one(name: str, text: str, english: str = "") -> Analysis | Unavailable:
    spec = catalog.SPECS[name]
    try:
        backend = loaded.get(name)
    except loaded.TokenizerUnavailableError as e:
        return Unavailable(name, spec.label, str(e))
    return analyse_backend(name, spec.label, backend, text, english)


def analyse_backend(
    name: str, label: str, backend: Backend, text: str, english: str = ""
) -> Analysis:
    """`backend`'s view of `text` (a catalog tokenizer's, or a visitor's own)."""
    encoded = backend.encode(text)
    premium = None
    if english.strip() and len(encoded):
        premium = len(encoded) / max(1, len(backend.encode_ids(english)))
    return Analysis(
        name, label, backend.vocab_size, encoded, group(encoded), measure(encoded), premium
    )


def analyse(text: str, names: list[str], english: str = "") -> list[Analysis | Unavailable]:
    """Every named tokenizer's tokens, groups and metrics for `text` (names must be known:
    `catalog.SPECS`; a ValueError names an unknown one)."""
    unknown = [n for n in names if n not in catalog.SPECS]
    if unknown:
        raise ValueError(f"unknown tokenizer {unknown[0]!r}; available: {catalog.list_names()}")
    return [analyse_one(name, text, english) for name in names]
