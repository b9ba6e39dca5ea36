"""The one shape every tokenizer's output is put into, so grouping, metrics and rendering
are written once."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Token:
    """One token, located in the UTF-8 bytes of the text it was cut from.

    `data` are the token's own bytes and may be part of a character (b"\\xe0\\xa4");
    it is never decoded alone. `start`/`end` are byte offsets (end exclusive) into
    `Encoded.text.encode()`. `piece` is the library's own display form ("Ġthe", "▁नम",
    "<0xE0>").
    """

    id: int
    data: bytes
    start: int
    end: int
    piece: str


@dataclass(frozen=True)
class Encoded:
    """A tokenizer's tokens for one text.

    `text` is the text the spans point into: the input itself, or the tokenizer's
    normalised form of it (NFC for ours, NFKC for SentencePiece's default models).
    """

    tokenizer: str
    text: str
    tokens: list[Token]

    @property
    def ids(self) -> list[int]:
        return [t.id for t in self.tokens]
