"""SentencePiece models. Spans come from SentencePiece's own offsets into the input."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from ..text import check_encodable, codepoint_offsets
from ..token import Encoded
from .base import map_in_slices
from .ids import check_ids


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
    path: Path  # checked against the store's checksums by the caller (catalog)
    byte_exact = False  # NFKC and whitespace folding: pieces need not spell the input
    pattern_version = "—"

    def normalize(self, text: str) -> str:
        """The input itself: spans point into it (text a model drops has no token)."""
        check_encodable(text)
        return text

    def __post_init__(self) -> None:
        import sentencepiece

        try:
            self.model = sentencepiece.SentencePieceProcessor(model_file=str(self.path))
        except (OSError, RuntimeError) as e:
            raise ValueError(f"{self.path} is not a valid SentencePiece model: {e}") from e
        self.vocab_size = self.model.get_piece_size()
        self.table = SentencePieceTable(self.model)
        self._lengths = _surface_lengths(self.path, self.model)
        self._piece_chars = np.array(
            [
                0 if self._covers_nothing(i) else len(self.model.id_to_piece(i))
                for i in range(self.vocab_size)
            ],
            dtype=np.int64,
        )
        self._piece_strings = {self.model.id_to_piece(i) for i in range(self.vocab_size)}

    def _covers_nothing(self, i: int) -> bool:
        return bool(self.model.is_control(i) or self.model.is_unknown(i))

    def encode(self, text: str) -> Encoded:
        """Spans equal to SentencePiece's own offsets (a test checks every eval line), read
        cheaply: from piece lengths for models that do not normalise, else from piece
        lengths in the normalised text mapped back through the normaliser's offsets; the
        protobuf offsets only when neither applies."""
        text = self.normalize(text)
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
        byte_of_char = codepoint_offsets(text)
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
        return list(self.model.encode(self.normalize(text)))

    def encode_batch(self, texts: list[str], num_threads: int) -> list[list[int]]:
        return map_in_slices(self.encode_ids, texts, num_threads)

    def encode_with_special(self, text: str) -> list[int]:
        raise ValueError(f"{self.name} has no special tokens that text can name")

    def check_ids(self, ids: Sequence[object]) -> list[int]:
        return check_ids(ids, self.vocab_size, self.name)

    def _encode_with_offsets(self, text: str) -> Encoded:
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

    def parents(self, token_id: int) -> tuple[int, int] | None:
        """None: SentencePiece ids are not merge ranks (pieces are scored, not numbered)."""
        return None

    def decode(self, ids: Sequence[int]) -> str:
        return self.model.decode(self.check_ids(ids))


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
