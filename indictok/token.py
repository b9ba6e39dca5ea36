"""The one shape every tokenizer's output is put into, so grouping, metrics and rendering
are written once."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import NamedTuple


class Token(NamedTuple):
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
    """A tokenizer's tokens for one text, kept as columns (cheap for 100,000 tokens).

    `text` is the text the spans point into: the input itself, or the tokenizer's
    normalised form of it (NFC for ours, NFKC for SentencePiece's default models).
    `tokens` gives the same data as `Token`s, made on first use.
    """

    tokenizer: str
    text: str
    ids: list[int]
    data: list[bytes]
    starts: list[int]
    ends: list[int]
    pieces: list[str] = field(repr=False)

    def __len__(self) -> int:
        return len(self.ids)

    @cached_property
    def tokens(self) -> list[Token]:
        return list(map(Token, self.ids, self.data, self.starts, self.ends, self.pieces))

    @classmethod
    def from_tokens(cls, tokenizer: str, text: str, tokens: list[Token]) -> Encoded:
        columns = list(zip(*tokens, strict=True)) or [(), (), (), (), ()]
        return cls(tokenizer, text, *(list(c) for c in columns))
