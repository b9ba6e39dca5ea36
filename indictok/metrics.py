"""Compression metrics, one definition each (docs/tokenizers.md repeats these formulas):

bytes/token   = UTF-8 bytes / tokens          (the assignment's "compression ratio")
chars/token   = Unicode code points / tokens
tokens/word   = tokens / whitespace-separated words   ("fertility"; lower is better)
graphemes     = extended grapheme clusters (aksharas), counted with regex \\X
partial share = tokens holding partial UTF-8 bytes of a character / tokens
split share   = aksharas that a token boundary cuts / aksharas
token premium = tokens for a text / tokens for its English original (parallel FLORES)
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from .backends import Backend
from .segments import grapheme_boundaries, partial_tokens, split_graphemes
from .token import Encoded


@dataclass
class Stats:
    tokens: int = 0
    bytes: int = 0
    chars: int = 0
    graphemes: int = 0
    words: int = 0
    partial_tokens: int = 0
    split_graphemes: int = 0

    def __add__(self, other: Stats) -> Stats:
        return Stats(
            *(a + b for a, b in zip(vars(self).values(), vars(other).values(), strict=True))
        )

    @property
    def bytes_per_token(self) -> float:
        return _ratio(self.bytes, self.tokens)

    @property
    def chars_per_token(self) -> float:
        return _ratio(self.chars, self.tokens)

    @property
    def tokens_per_word(self) -> float:
        return _ratio(self.tokens, self.words)

    @property
    def partial_share(self) -> float:
        return _ratio(self.partial_tokens, self.tokens)

    @property
    def split_share(self) -> float:
        return _ratio(self.split_graphemes, self.graphemes)


def _ratio(numerator: int, denominator: int) -> float:
    return numerator / denominator if denominator else 0.0


def measure_text(text: str, tokens: int = 0) -> Stats:
    """Counts that depend only on the text (and a token count, if known)."""
    return Stats(
        tokens=tokens,
        bytes=len(text.encode("utf-8")),
        chars=len(text),
        graphemes=len(grapheme_boundaries(text)) - 1,
        words=len(text.split()),
    )


def measure(encoded: Encoded) -> Stats:
    """Every count for one tokenizer's tokens of one text."""
    result = measure_text(encoded.text, len(encoded))
    result.partial_tokens = partial_tokens(encoded)
    result.split_graphemes = split_graphemes(encoded)
    return result


def measure_lines(backend: Backend, lines: Iterable[str]) -> tuple[Stats, bool]:
    """Counts summed over `lines` (each encoded on its own), and whether every line decodes
    back to the text the tokenizer read (its normalised form, for a normalising one)."""
    total, round_trips = Stats(), True
    for line in lines:
        encoded = backend.encode(line)
        total = total + measure(encoded)
        round_trips &= backend.decode(encoded.ids) == encoded.text
    return total, round_trips
