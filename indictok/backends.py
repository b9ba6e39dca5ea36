"""Adapters that put each library's output into `Token`s. One class per library family,
each loaded from files in tokenizers_store/ with no network access.

Not here: which tokenizers exist (registry.py) and anything about display.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

import numpy as np

from .export import byte_level_string, render_token
from .pretokenize import normalize
from .token import Encoded
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
    """A byte-level vocabulary: id -> bytes, byte lengths as an array, display forms on demand."""

    def __init__(self, id_to_bytes: dict[int, bytes], display: Callable[[bytes], str]) -> None:
        self._bytes, self._display = id_to_bytes, display
        self._pieces: dict[int, str] = {}
        self._lengths = np.zeros(max(id_to_bytes) + 1, dtype=np.int64)
        for token_id, data in id_to_bytes.items():
            self._lengths[token_id] = len(data)

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


class SentencePieceTable:
    """A SentencePiece vocabulary: pieces, and their bytes ("▁" is a space; <0xE0> a byte)."""

    def __init__(self, model: Any) -> None:
        self._model = model

    def piece_of(self, token_id: int) -> str:
        return self._model.id_to_piece(token_id)

    def data_of(self, token_id: int) -> bytes:
        piece = self.piece_of(token_id)
        value = _byte_fallback_value(piece)
        return bytes([value]) if value is not None else piece.replace("▁", " ").encode("utf-8")


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
        self._table = ByteTokenTable(self.tokenizer.id_to_bytes, render_token)

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
        table = {rank: data for data, rank in self.encoding._mergeable_ranks.items()}
        table.update({i: s.encode() for s, i in self.encoding._special_tokens.items()})
        self._table = ByteTokenTable(table, byte_level_string)

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
        self.table = SentencePieceTable(self.model)
        self._lengths = _surface_lengths(self.path, self.model)
        self._piece_chars = np.array(
            [0 if self._covers_nothing(i) else len(self.model.id_to_piece(i))
             for i in range(self.vocab_size)], dtype=np.int64,
        )  # fmt: skip
        self._piece_strings = {self.model.id_to_piece(i) for i in range(self.vocab_size)}

    def _covers_nothing(self, i: int) -> bool:
        return bool(self.model.is_control(i) or self.model.is_unknown(i))

    def encode(self, text: str) -> Encoded:
        """Spans equal to SentencePiece's own offsets (a test checks every eval line), read
        cheaply: from piece lengths for models that do not normalise, else from piece
        lengths in the normalised text mapped back through the normaliser's offsets; the
        protobuf offsets only when neither applies."""
        check_encodable(text)
        if self._lengths is None:
            return self._encode_through_normalizer(text)
        ids = self.model.encode(text)
        lengths = self._lengths[np.array(ids, dtype=np.int64)]
        if len(ids):
            lengths[0] -= 1  # the dummy-prefix "▁" SentencePiece adds covers no input
        ends = np.cumsum(lengths)
        return Encoded(self.name, text, list(ids), ends - lengths, ends, self.table)

    def _encode_through_normalizer(self, text: str) -> Encoded:
        ids = self.model.encode(text)
        normalized, offsets = self.model.normalize(text, with_offsets=True)
        lengths = self._piece_chars[np.array(ids, dtype=np.int64)]
        for k in np.flatnonzero(lengths == 0):  # <unk>: the unknown characters it stands for
            if self.model.is_unknown(ids[k]):
                lengths[k] = self._unknown_run(normalized, int(lengths[:k].sum()))
        if not ids or lengths.sum() != len(normalized):
            return self._encode_with_offsets(text)
        ends_in_normalized = np.cumsum(lengths)
        char_offsets = np.array(offsets, dtype=np.int64)
        byte_of_char = _byte_offsets(text)
        starts = byte_of_char[char_offsets[ends_in_normalized - lengths]]
        ends = byte_of_char[char_offsets[ends_in_normalized]]
        return Encoded(self.name, text, list(ids), starts, ends, self.table)

    def _unknown_run(self, normalized: str, start: int) -> int:
        """How many characters from `start` have no piece of their own (at least one)."""
        end = start + 1
        while end < len(normalized) and normalized[end] not in self._piece_strings:
            end += 1
        return end - start

    def encode_ids(self, text: str) -> list[int]:
        check_encodable(text)
        return list(self.model.encode(text))

    def _encode_with_offsets(self, text: str) -> Encoded:
        check_encodable(text)
        proto = self.model.encode(text, return_type="proto")
        ids: list[int] = []
        starts: list[int] = []
        ends: list[int] = []
        run: list[int] = []  # byte-fallback pieces waiting for their span
        for piece in proto.pieces:
            if _byte_fallback_value(piece.piece) is not None:
                run.append(piece.id)
                if piece.begin != piece.end:
                    _add_byte_run(ids, starts, ends, run, piece.begin, piece.end)
                    run = []
                continue
            ids.append(piece.id)
            starts.append(piece.begin)
            ends.append(piece.end)
        _add_byte_run(ids, starts, ends, run, len(text.encode("utf-8")), None)
        offsets = np.array(starts, dtype=np.int64), np.array(ends, dtype=np.int64)
        return Encoded(self.name, text, ids, *offsets, self.table)

    def decode(self, ids: Sequence[int]) -> str:
        return self.model.decode(check_ids(ids, self.vocab_size, self.name))


def _byte_offsets(text: str) -> np.ndarray:
    """UTF-8 byte offset of every character boundary: [0, bytes of text[0], ...]."""
    code_points = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)
    widths = 1 + (code_points >= 0x80) + (code_points >= 0x800) + (code_points >= 0x10000)
    offsets = np.zeros(len(code_points) + 1, dtype=np.int64)
    np.cumsum(widths, out=offsets[1:])
    return offsets


def _surface_lengths(path: Path, model: Any) -> np.ndarray | None:
    """Input bytes each piece covers, for models whose pieces spell the input exactly:
    identity normaliser, no whitespace folding, byte fallback, a dummy "▁" prefix. Else None.
    """
    from sentencepiece import sentencepiece_model_pb2

    proto = sentencepiece_model_pb2.ModelProto()  # type: ignore[attr-defined]
    proto.ParseFromString(path.read_bytes())
    spec = proto.normalizer_spec
    exact = spec.name == "identity" and spec.add_dummy_prefix and spec.escape_whitespaces
    exact = exact and not spec.remove_extra_whitespaces and proto.trainer_spec.byte_fallback
    if not exact or proto.trainer_spec.treat_whitespace_as_suffix:
        return None
    table = SentencePieceTable(model)
    lengths = [len(table.data_of(i)) for i in range(model.get_piece_size())]
    for i in range(model.get_piece_size()):
        if model.is_control(i) or model.is_unknown(i):
            lengths[i] = 0
    return np.array(lengths, dtype=np.int64)


def _add_byte_run(
    ids: list[int], starts: list[int], ends: list[int], run: list[int], begin: int, end: int | None
) -> None:
    """Spans for a byte-fallback run covering [begin, end): one byte each if sizes agree."""
    exact = end is not None and end - begin == len(run)
    for k, token_id in enumerate(run):
        start = begin + k if exact else begin
        ids.append(token_id)
        starts.append(start)
        ends.append(start + 1 if exact else (end if k == len(run) - 1 and end else begin))
