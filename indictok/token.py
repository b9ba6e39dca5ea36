"""The one shape every tokenizer's output is put into, so grouping, metrics and rendering
are written once."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import NamedTuple, Protocol

import numpy as np


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


class TokenTable(Protocol):
    """What a tokenizer knows about each id: its bytes and its display form."""

    def data_of(self, token_id: int) -> bytes: ...
    def piece_of(self, token_id: int) -> str: ...


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
    starts: np.ndarray  # int64 byte offsets, non-decreasing
    ends: np.ndarray
    table: TokenTable = field(repr=False)

    def __len__(self) -> int:
        return len(self.ids)

    @cached_property
    def data(self) -> list[bytes]:
        """Each token's own bytes."""
        return [self.table.data_of(i) for i in self.ids]

    @cached_property
    def pieces(self) -> list[str]:
        """Each token's display form in its library's convention."""
        return [self.table.piece_of(i) for i in self.ids]

    @cached_property
    def tokens(self) -> list[Token]:
        starts, ends = self.starts.tolist(), self.ends.tolist()
        return list(map(Token, self.ids, self.data, starts, ends, self.pieces))
