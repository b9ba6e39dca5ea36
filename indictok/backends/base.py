"""What every backend states about itself (`Backend`), and the pieces they share."""

from __future__ import annotations

import itertools
from collections.abc import Callable, Sequence
from typing import Protocol

import numpy as np

from ..token import Encoded, TokenTable


class Backend(Protocol):
    """One tokenizer, whatever its library. Callers ask it; they never test its family.

    `byte_exact`: the tokens' bytes joined are exactly the bytes of `normalize(text)`, and
    decode(encode(text)) gives `normalize(text)` back. `normalize(text)` is the text the
    tokens' spans point into (NFC for ours; the input itself for the others).

    Text with no UTF-8 bytes (an unpaired surrogate) is refused by `normalize`, which every
    encode method goes through once: a ValueError naming the character (text.check_encodable),
    the same from every library (tiktoken would silently encode U+FFFD instead). Backends are
    used directly (the CLI, scripts, `loaded.get(name)`), where nothing checked the text
    first; the web app also checks it once per request, before any work (app/request.py)."""

    name: str
    vocab_size: int
    byte_exact: bool
    pattern_version: str  # the split pattern's version, "" when the library has none

    @property
    def table(self) -> TokenTable:
        """Every id's bytes and display form."""
        ...

    def normalize(self, text: str) -> str: ...
    def encode(self, text: str) -> Encoded: ...
    def encode_ids(self, text: str) -> list[int]: ...
    def encode_batch(self, texts: list[str], num_threads: int) -> list[list[int]]: ...
    def encode_with_special(self, text: str) -> list[int]: ...
    def check_ids(self, ids: Sequence[object]) -> list[int]: ...
    def decode(self, ids: Sequence[int]) -> str: ...
    def parents(self, token_id: int) -> tuple[int, int] | None:
        """The two tokens a BPE merge joined into `token_id`; None for a single byte, a
        special token, or a tokenizer whose ids do not record merges (SentencePiece)."""
        ...


def merge_parents(data: bytes, rank_of: Callable[[bytes], int | None]) -> tuple[int, int] | None:
    """For byte-level BPE whose ids are merge ranks (tiktoken's rule): replay BPE on a token's
    own bytes with the merges older than it; the two tokens left are its parents."""
    own = rank_of(data)
    if own is None:
        return None
    parts = [bytes([b]) for b in data]
    while len(parts) > 2:
        ranks = [rank_of(a + b) for a, b in itertools.pairwise(parts)]
        older = [(r, i) for i, r in enumerate(ranks) if r is not None and r < own]
        if not older:
            return None
        _, i = min(older)
        parts[i : i + 2] = [parts[i] + parts[i + 1]]
    if len(parts) != 2:
        return None
    left, right = rank_of(parts[0]), rank_of(parts[1])
    return (left, right) if left is not None and right is not None else None


def map_in_slices(
    fn: Callable[[str], list[int]], texts: list[str], num_threads: int
) -> list[list[int]]:
    """[fn(t) for t in texts] on `num_threads` threads, each given one contiguous slice
    (one task per thread, not per text: short lines would spend their time in the pool)."""
    from concurrent.futures import ThreadPoolExecutor

    size = -(-len(texts) // max(num_threads, 1)) or 1
    slices = [texts[i : i + size] for i in range(0, len(texts), size)]
    with ThreadPoolExecutor(max(num_threads, 1)) as pool:
        parts = pool.map(lambda part: [fn(text) for text in part], slices)
    return [ids for part in parts for ids in part]


class ByteTokenTable:
    """A byte-level vocabulary: id -> bytes, byte lengths as an array, display forms on demand."""

    def __init__(self, id_to_bytes: dict[int, bytes], display: Callable[[bytes], str]) -> None:
        self._bytes, self._display = id_to_bytes, display
        self._pieces: dict[int, str] = {}
        self._lengths = np.zeros(max(id_to_bytes) + 1, dtype=np.int64)
        ids = np.fromiter(id_to_bytes.keys(), dtype=np.int64, count=len(id_to_bytes))
        self._lengths[ids] = np.fromiter(map(len, id_to_bytes.values()), np.int64, len(ids))

    def data_of(self, token_id: int) -> bytes:
        return self._bytes[token_id]

    def piece_of(self, token_id: int) -> str:
        piece = self._pieces.get(token_id)
        if piece is None:
            piece = self._pieces[token_id] = self._display(self._bytes[token_id])
        return piece

    def encoded(self, name: str, text: str, ids: list[int]) -> Encoded:
        """Tokens of a byte-exact tokenizer: spans are the running sum of token lengths."""
        lengths = self._lengths[np.array(ids, dtype=np.int64)]
        ends = np.cumsum(lengths)
        starts = ends - lengths
        return Encoded(name, text, ids, starts, ends, self)
