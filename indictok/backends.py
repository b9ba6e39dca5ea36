"""Adapters that put each library's output into `Token`s. One class per library family,
each loaded from files in tokenizers_store/ with no network access.

Not here: which tokenizers exist (registry.py) and anything about display.
"""

from __future__ import annotations

import hashlib
import itertools
import os
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from .export import byte_level_string, render_token
from .pretokenize import normalize
from .token import Encoded, Token
from .tokenizer import IndicBPETokenizer, check_encodable


class Backend(Protocol):
    name: str
    vocab_size: int

    def encode(self, text: str) -> Encoded: ...
    def encode_ids(self, text: str) -> list[int]: ...
    def decode(self, ids: Sequence[int]) -> str: ...


def check_ids(ids: Sequence[Any], vocab_size: int, name: str) -> list[int]:
    """Validate token ids before decoding: integers in 0..vocab_size-1, else ValueError."""
    for position, i in enumerate(ids):
        if isinstance(i, bool) or not isinstance(i, int) or not 0 <= i < vocab_size:
            raise ValueError(
                f"token id {i!r} at position {position} is not valid for {name}: "
                f"ids are whole numbers from 0 to {vocab_size - 1}"
            )
    return list(ids)


class ByteTokenTable:
    """id -> bytes and id -> display piece for a byte-level vocabulary, filled on first use."""

    def __init__(
        self, token_bytes: Callable[[int], bytes], display: Callable[[bytes], str]
    ) -> None:
        self._token_bytes, self._display = token_bytes, display
        self.data: dict[int, bytes] = {}
        self.piece: dict[int, str] = {}

    def _add(self, ids: list[int]) -> None:
        for token_id in set(ids).difference(self.data):
            data = self.data[token_id] = self._token_bytes(token_id)
            self.piece[token_id] = self._display(data)

    def encoded(self, name: str, text: str, ids: list[int]) -> Encoded:
        """Tokens of a byte-exact tokenizer: spans are the running sum of token lengths."""
        self._add(ids)
        data = [self.data[i] for i in ids]
        ends = list(itertools.accumulate(map(len, data)))
        starts = [0, *ends[:-1]] if ends else []
        return Encoded(name, text, ids, data, starts, ends, [self.piece[i] for i in ids])


def sha256_of(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def verify_file(path: Path, sha256: str | None = None) -> Path:
    """Raise FileNotFoundError/ValueError naming the file if it is missing or altered."""
    if not path.is_file():
        raise FileNotFoundError(f"{path} is missing")
    if sha256 is not None and (actual := sha256_of(path)) != sha256:
        raise ValueError(f"{path} is corrupt: sha256 {actual[:12]}…, expected {sha256[:12]}…")
    return path


# ---------------------------------------------------------------------------------------
# our Indic BPE, served by tiktoken


@dataclass
class IndicBPEBackend:
    """Our tokenizer; text is NFC-normalised first, so spans point into the NFC text."""

    name: str
    tokenizer: IndicBPETokenizer

    def __post_init__(self) -> None:
        self.vocab_size = self.tokenizer.vocab_size
        self._fast = self.tokenizer.to_tiktoken()
        self._table = ByteTokenTable(self.tokenizer.id_to_bytes.__getitem__, render_token)

    def encode_ids(self, text: str) -> list[int]:
        check_encodable(text)
        return self._fast.encode_ordinary(normalize(text))

    def encode(self, text: str) -> Encoded:
        text = normalize(text)
        return self._table.encoded(self.name, text, self.encode_ids(text))

    def decode(self, ids: Sequence[int]) -> str:
        return self.tokenizer.decode(check_ids(ids, self.vocab_size, self.name))


# ---------------------------------------------------------------------------------------
# OpenAI's tiktoken encodings, from the original rank files kept in the store

BLOB = "https://openaipublic.blob.core.windows.net/"


@dataclass(frozen=True)
class RankFile:
    """A tiktoken data file: the URL tiktoken would fetch, our copy, its sha256."""

    url: str
    filename: str
    sha256: str


_cache_dir: str | None = None


def _tiktoken_cache_dir() -> str:
    """A private TIKTOKEN_CACHE_DIR for this process (set before any encoding loads)."""
    global _cache_dir
    if _cache_dir is None:
        _cache_dir = tempfile.mkdtemp(prefix="indictok-tiktoken-")
        os.environ["TIKTOKEN_CACHE_DIR"] = _cache_dir
    return _cache_dir


@dataclass
class TiktokenBackend:
    """tiktoken.get_encoding(name), fed from the store through tiktoken's own file cache.

    Each rank file is hash-checked here (clear error naming the file), then placed where
    tiktoken looks for its download (sha1 of the URL), so tiktoken loads it, checks the hash
    again, and uses its own pattern and special tokens. User text is always encoded as
    ordinary text: typing "<|endoftext|>" gives the tokens of that string.
    """

    name: str
    files: Sequence[RankFile]
    store: Path

    def __post_init__(self) -> None:
        import tiktoken

        cache = Path(_tiktoken_cache_dir())
        for rank_file in self.files:
            data = verify_file(self.store / rank_file.filename, rank_file.sha256).read_bytes()
            (cache / hashlib.sha1(rank_file.url.encode()).hexdigest()).write_bytes(data)
        self.encoding = tiktoken.get_encoding(self.name)
        self.vocab_size = self.encoding.n_vocab
        self._table = ByteTokenTable(self.encoding.decode_single_token_bytes, byte_level_string)

    def encode_ids(self, text: str) -> list[int]:
        check_encodable(text)
        return self.encoding.encode_ordinary(text)

    def encode(self, text: str) -> Encoded:
        return self._table.encoded(self.name, text, self.encode_ids(text))

    def decode(self, ids: Sequence[int]) -> str:
        ids = check_ids(ids, self.vocab_size, self.name)
        try:
            return self.encoding.decode(ids)
        except KeyError as e:  # a gap in the id range (cl100k has unused ids)
            raise ValueError(f"token id {e.args[0]} does not exist in {self.name}") from None


# ---------------------------------------------------------------------------------------
# SentencePiece models


def _byte_fallback_value(piece: str) -> int | None:
    """'<0xE0>' -> 0xE0; None for any other piece."""
    if len(piece) == 6 and piece.startswith("<0x") and piece.endswith(">"):
        return int(piece[3:5], 16)
    return None


@dataclass
class SentencePieceBackend:
    """A SentencePiece model. Spans come from SentencePiece's own offsets into the input.

    SentencePiece normalises (NFKC, whitespace folding), so a piece's bytes can differ from
    the input it covers; a byte-fallback run (<0xF0><0x9F><0x91><0xA9>) gets one input byte
    each when the run covers exactly that many bytes. Text a model drops (trailing spaces)
    is covered by no token.
    """

    name: str
    path: Path
    sha256: str | None = None

    def __post_init__(self) -> None:
        import sentencepiece

        verify_file(self.path, self.sha256)
        try:
            self.model = sentencepiece.SentencePieceProcessor(model_file=str(self.path))
        except (OSError, RuntimeError) as e:
            raise ValueError(f"{self.path} is not a valid SentencePiece model: {e}") from e
        self.vocab_size = self.model.get_piece_size()

    def encode_ids(self, text: str) -> list[int]:
        check_encodable(text)
        return list(self.model.encode(text))

    def encode(self, text: str) -> Encoded:
        check_encodable(text)
        proto = self.model.encode(text, return_type="proto")
        tokens: list[Token] = []
        pending: list[tuple[int, int]] = []  # byte-fallback pieces waiting for their span
        for piece in proto.pieces:
            value = _byte_fallback_value(piece.piece)
            if value is not None:
                pending.append((piece.id, value))
                if piece.begin == piece.end:
                    continue
                tokens.extend(_spread_bytes(pending, piece.begin, piece.end))
                pending = []
                continue
            data = piece.piece.replace("▁", " ").encode("utf-8")
            tokens.append(Token(piece.id, data, piece.begin, piece.end, piece.piece))
        tokens.extend(_spread_bytes(pending, len(text.encode("utf-8")), None))
        return Encoded.from_tokens(self.name, text, tokens)

    def decode(self, ids: Sequence[int]) -> str:
        return self.model.decode(check_ids(ids, self.vocab_size, self.name))


def _spread_bytes(run: list[tuple[int, int]], begin: int, end: int | None) -> list[Token]:
    """Tokens for a byte-fallback run covering [begin, end): one byte each if sizes agree."""
    if not run:
        return []
    exact = end is not None and end - begin == len(run)
    tokens = []
    for k, (token_id, value) in enumerate(run):
        start = begin + k if exact else begin
        stop = start + 1 if exact else (end if k == len(run) - 1 and end else begin)
        tokens.append(Token(token_id, bytes([value]), start, stop, f"<0x{value:02X}>"))
    return tokens
