"""Any `tokenizer.json` the `tokenizers` library loads (WordPiece, Unigram, BPE with a
normaliser, byte-level or not): spans come from the library's own offsets (characters of
the input) mapped to UTF-8 byte offsets. Its tokens need not spell the input (a normaliser,
a prefix space, "##" pieces), so `byte_exact` is False; a plain byte-level BPE with no
normaliser is better served by HFTokenizerBackend (hf.py), which is exact."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from ..text import check_encodable, codepoint_offsets
from ..token import Encoded
from .hf import byte_level_bytes
from .ids import check_ids


class PieceTable:
    """A tokenizer.json vocabulary: each id's piece, and bytes read from it as its decoder
    would (byte-level characters, "▁" as a space, <0xE0> byte pieces, "##" continuations)."""

    def __init__(self, pieces: dict[int, str], byte_level: bool, prefix: str) -> None:
        self._pieces, self._byte_level, self._prefix = pieces, byte_level, prefix

    def piece_of(self, token_id: int) -> str:
        return self._pieces[token_id]

    def data_of(self, token_id: int) -> bytes:
        piece = self._pieces[token_id]
        if len(piece) == 6 and piece.startswith("<0x") and piece.endswith(">"):
            try:
                return bytes([int(piece[3:5], 16)])
            except ValueError:
                pass
        if self._byte_level:
            try:
                return byte_level_bytes(piece)
            except ValueError:
                pass  # an added token written as plain text
        if self._prefix and piece.startswith(self._prefix):
            piece = piece[len(self._prefix) :]
        return piece.replace("▁", " ").encode("utf-8")


@dataclass
class HFAnyBackend:
    """A `tokenizer.json` of any model the library loads, encoded by the library."""

    name: str
    data: bytes  # the tokenizer.json

    byte_exact = False  # a normaliser or decoder may change the text (stated, not assumed)
    pattern_version = ""

    def __post_init__(self) -> None:
        from tokenizers import Tokenizer

        self.tokenizer = Tokenizer.from_str(self.data.decode("utf-8"))
        self.tokenizer.encode_special_tokens = True  # typed special strings are text
        self.vocab_size = self.tokenizer.get_vocab_size(with_added_tokens=True)
        vocab = self.tokenizer.get_vocab(with_added_tokens=True)
        pieces = {i: piece for piece, i in vocab.items()}
        byte_level = type(self.tokenizer.decoder).__name__ == "ByteLevel"
        prefix = getattr(self.tokenizer.model, "continuing_subword_prefix", None) or ""
        self.table = PieceTable(pieces, byte_level, prefix)
        self.missing = frozenset(range(self.vocab_size)) - pieces.keys()

    def normalize(self, text: str) -> str:
        """The input itself: the library's offsets point into it."""
        check_encodable(text)
        return text

    def _encoding(self, text: str) -> Any:
        return self.tokenizer.encode(self.normalize(text), add_special_tokens=False)

    def encode_ids(self, text: str) -> list[int]:
        return list(self._encoding(text).ids)

    def encode_batch(self, texts: list[str], num_threads: int) -> list[list[int]]:
        return [self.encode_ids(text) for text in texts]

    def encode_with_special(self, text: str) -> list[int]:
        raise ValueError(f"{self.name}: special tokens are encoded as text here")

    def encode(self, text: str) -> Encoded:
        """Tokens with the library's character offsets as UTF-8 byte spans (made
        non-decreasing: a token the library places before the previous one starts there)."""
        encoding = self._encoding(text)
        byte_at = codepoint_offsets(text)
        chars = np.array(encoding.offsets, dtype=np.int64).reshape(-1, 2)
        chars = np.clip(chars, 0, len(text))
        starts = np.maximum.accumulate(byte_at[chars[:, 0]]) if len(chars) else chars[:, 0]
        ends = np.maximum(byte_at[chars[:, 1]], starts)
        return Encoded(self.name, text, list(encoding.ids), starts, ends, self.table)

    def check_ids(self, ids: Sequence[object]) -> list[int]:
        return check_ids(ids, self.vocab_size, self.name, self.missing)

    def decode(self, ids: Sequence[int]) -> str:
        """The library's decoder (special tokens kept)."""
        return str(self.tokenizer.decode(self.check_ids(ids), skip_special_tokens=False))

    def parents(self, token_id: int) -> tuple[int, int] | None:
        return None
