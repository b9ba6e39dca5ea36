"""Adapters that put each library's output into `Token`s. One class per library family,
each loaded from files in tokenizers_store/ with no network access.

Not here: which tokenizers exist (registry.py) and anything about display.
"""

from __future__ import annotations

import base64
import binascii
import json
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

import numpy as np

from .export import byte_level_string, render_token
from .pretokenize import GPT2_SPLIT_PATTERN, GPT4_SPLIT_PATTERN, normalize
from .token import Encoded
from .tokenizer import ENDOFTEXT, IndicBPETokenizer, check_encodable

if TYPE_CHECKING:
    import tiktoken


class Backend(Protocol):
    name: str
    vocab_size: int

    def encode(self, text: str) -> Encoded: ...
    def encode_ids(self, text: str) -> list[int]: ...
    def decode(self, ids: Sequence[int]) -> str: ...


# ---------------------------------------------------------------------------------------
# token ids typed or sent by a visitor: one check, one message per bad id

MAX_ID_DIGITS = 9  # the largest vocabulary here has 6-digit ids
_ID_ITEM = re.compile(r"[^\s,]+")


def parse_ids(text: str, max_ids: int) -> list[int]:
    """Token ids written as a JSON list ("[12, 7]") or numbers separated by spaces or commas
    ("12 7", "12,7") -> [12, 7]. Ids are ASCII digits only; at most `max_ids` of them.
    Raises ValueError naming the first bad item and its position (counted from 0)."""
    body = text.strip() if isinstance(text, str) else None
    if body is None:
        raise ValueError(f"token ids must be text like [12, 7] or 12 7, not {_kind(text)}")
    if body.startswith("[") and body.endswith("]"):
        body = body[1:-1]
    if "[" in body or "]" in body:
        raise ValueError("nested or unclosed lists are not token ids: write one flat list, [12, 7]")
    ids: list[int] = []
    for position, match in enumerate(_ID_ITEM.finditer(body)):
        if position == max_ids:
            raise ValueError(f"more than {max_ids:,} token ids; the limit is {max_ids:,}")
        ids.append(_parse_id(match.group(), position))
    return ids


def _parse_id(item: str, position: int) -> int:
    if not (item.isascii() and item.isdigit()):
        raise ValueError(
            f"{_show(item)} at position {position} is not a token id: ids are whole numbers "
            "written with the digits 0-9"
        )
    if len(item) > MAX_ID_DIGITS:
        raise ValueError(
            f"the number at position {position} has {len(item):,} digits: too large for a "
            f"token id (at most {MAX_ID_DIGITS} digits)"
        )
    return int(item)


def check_ids(
    ids: Sequence[Any], vocab_size: int, name: str, missing: Iterable[int] = ()
) -> list[int]:
    """`ids` as a list if every one is a token id of tokenizer `name`: an int from 0 to
    vocab_size - 1 that is not in `missing` (ids the vocabulary skips); else ValueError
    naming the first bad id, its position and the valid range."""
    if isinstance(ids, (str, bytes)) or not isinstance(ids, Sequence):
        ids = [ids]  # reported below as "... at position 0 is not a token id"
    holes = frozenset(missing)
    for position, i in enumerate(ids):
        if type(i) is int and 0 <= i < vocab_size and i not in holes:
            continue  # the common case, checked without a call
        problem = _id_problem(i, position, name, vocab_size, holes)
        if problem:
            valid = f"{name}'s ids are whole numbers from 0 to {vocab_size - 1:,}"
            raise ValueError(
                problem + valid + (f", except {_spans(holes)} (unused)" if holes else "")
            )
    return list(ids)


def _id_problem(i: Any, position: int, name: str, vocab_size: int, holes: frozenset[int]) -> str:
    """What is wrong with the id at `position`, ending in ": " ("" if nothing)."""
    if isinstance(i, (list, tuple)):
        return f"{_kind(i)} at position {position} is not valid for {name}: nested lists are " \
            "not accepted; "  # fmt: skip
    if isinstance(i, bool) or not isinstance(i, int):
        return f"{_kind(i)} at position {position} is not valid for {name}: "
    if not 0 <= i < vocab_size or i in holes:
        shown = f"token id {i}" if i.bit_length() < 64 else _show(i)
        return f"{shown} at position {position} is not valid for {name}: "
    return ""


def _spans(ids: Iterable[int]) -> str:
    """{100256, 100261, 100262, 100263} -> "100256, 100261-100263"."""
    spans: list[list[int]] = []
    for i in sorted(ids):
        if spans and i == spans[-1][1] + 1:
            spans[-1][1] = i
        else:
            spans.append([i, i])
    return ", ".join(f"{a}" if a == b else f"{a}-{b}" for a, b in spans)


def _show(value: str | int) -> str:
    """A short quotation of a bad item (a 5,000-digit number is not printed whole)."""
    if isinstance(value, int):
        if value.bit_length() < 64:
            return str(value)
        return f"a number of about {round(value.bit_length() * 0.30103):,} digits"
    return repr(value) if len(value) <= 20 else repr(value[:20]) + f"… ({len(value):,} characters)"


def _kind(value: Any) -> str:
    """What a non-id is, without printing it (a list nested 100,000 deep has no safe repr)."""
    if isinstance(value, str):
        return f"the text {_show(value)}"
    if isinstance(value, bool) or value is None or isinstance(value, float):
        return repr(value)
    return f"a {type(value).__name__}"


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

    def encode_batch(self, texts: list[str], num_threads: int) -> list[list[int]]:
        """`encode_ids` of each text, on `num_threads` threads (tiktoken releases the GIL)."""
        joined = "\n".join(texts)
        check_encodable(joined)
        normalized = normalize(joined).split("\n") if joined else [""] * len(texts)
        if len(normalized) != len(texts):  # a text held a newline: normalise one by one
            normalized = [normalize(text) for text in texts]
        return map_in_slices(self._fast.encode_ordinary, normalized, num_threads)

    def encode(self, text: str) -> Encoded:
        check_encodable(text)
        text = normalize(text)
        return self._table.encoded(self.name, text, self._fast.encode_ordinary(text))

    def decode(self, ids: Sequence[int]) -> str:
        return self.tokenizer.decode(check_ids(ids, self.vocab_size, self.name))


# ---------------------------------------------------------------------------------------
# OpenAI's tiktoken encodings, built from the original rank files kept in the store

# Split patterns and special tokens as tiktoken_ext/openai_public.py (tiktoken 0.14.0) defines
# them; a test checks they equal the library's own. O200K_SPLIT_PATTERN copied from there.
O200K_SPLIT_PATTERN = (
    r"""[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]*[\p{Ll}\p{Lm}\p{Lo}\p{M}]+"""
    r"""(?i:'s|'t|'re|'ve|'m|'ll|'d)?"""
    r"""|[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]+[\p{Ll}\p{Lm}\p{Lo}\p{M}]*"""
    r"""(?i:'s|'t|'re|'ve|'m|'ll|'d)?"""
    r"""|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n/]*|\s*[\r\n]+|\s+(?!\S)|\s+"""
)
ENDOFPROMPT, FIM = "<|endofprompt|>", ("<|fim_prefix|>", "<|fim_middle|>", "<|fim_suffix|>")


@dataclass(frozen=True)
class OpenAIEncoding:
    """One tiktoken encoding: its store files (paths in tokenizers_store/), pattern, specials."""

    files: tuple[str, ...]
    pattern: str
    special_tokens: dict[str, int] = field(default_factory=dict)


OPENAI_ENCODINGS = {
    "gpt2": OpenAIEncoding(
        ("tiktoken/gpt2_vocab.bpe", "tiktoken/gpt2_encoder.json"),
        GPT2_SPLIT_PATTERN,
        {ENDOFTEXT: 50256},
    ),
    "cl100k_base": OpenAIEncoding(
        ("tiktoken/cl100k_base.tiktoken",),
        GPT4_SPLIT_PATTERN,
        {
            ENDOFTEXT: 100257,
            **dict(zip(FIM, range(100258, 100261), strict=True)),
            ENDOFPROMPT: 100276,
        },
    ),
    "o200k_base": OpenAIEncoding(
        ("tiktoken/o200k_base.tiktoken",),
        O200K_SPLIT_PATTERN,
        {ENDOFTEXT: 199999, ENDOFPROMPT: 200018},
    ),
}


def tiktoken_ranks(data: bytes, filename: str) -> dict[bytes, int]:
    """A `.tiktoken` rank file (`<base64 token> <rank>` per line) -> {token bytes: rank},
    as tiktoken.load.load_tiktoken_bpe reads it (which also copies the file into a cache
    folder under /tmp, so it is not called)."""
    ranks = {}
    for number, line in enumerate(data.splitlines(), 1):
        parts = line.split()
        try:
            token, rank = parts
            if not rank.isdigit():
                raise ValueError(rank)
            ranks[base64.b64decode(token, validate=True)] = int(rank)
        except (ValueError, binascii.Error):
            raise ValueError(
                f"{filename} line {number}: expected '<base64 token> <rank>', got {line[:60]!r}"
            ) from None
    return ranks


def data_gym_ranks(vocab_bpe: bytes, encoder_json: bytes, filename: str) -> dict[bytes, int]:
    """GPT-2's `vocab.bpe` (merges) + `encoder.json` -> {token bytes: rank}, as
    tiktoken.load.data_gym_to_mergeable_bpe_ranks builds them (without its /tmp cache)."""
    byte_of = {byte_level_string(bytes([b])): b for b in range(256)}
    # single bytes first, printable ones (in byte order) before the rest, as GPT-2 ranks them
    printable = [b for b in range(256) if chr(b).isprintable() and chr(b) != " "]
    order = printable + [b for b in range(256) if b not in printable]
    ranks = {bytes([b]): rank for rank, b in enumerate(order)}

    def decode(piece: str) -> bytes:
        return bytes(byte_of[char] for char in piece)

    lines = vocab_bpe.decode("utf-8").split("\n")[1:-1]  # a version line, a final newline
    for number, line in enumerate(lines, 2):
        try:
            first, second = line.split()
            ranks[decode(first) + decode(second)] = len(ranks)
        except (ValueError, KeyError):
            raise ValueError(
                f"{filename} line {number}: expected a merge, got {line[:60]!r}"
            ) from None
    encoder = {decode(k): v for k, v in json.loads(encoder_json).items()}
    encoder.pop(ENDOFTEXT.encode(), None)
    if encoder != ranks:
        raise ValueError(f"{filename} and encoder.json disagree (they come from different models)")
    return ranks


@dataclass
class TiktokenBackend:
    """An OpenAI encoding as a tiktoken.Encoding, built from the store's rank files (no
    download, no cache folder, no environment variable). User text is always encoded as
    ordinary text: typing "<|endoftext|>" gives the tokens of that string."""

    name: str
    encoding: tiktoken.Encoding

    @classmethod
    def from_store(cls, name: str, read: Callable[[str], bytes]) -> TiktokenBackend:
        """`read(file)` returns the checked bytes of a store file (manifest.verify)."""
        import tiktoken

        spec = OPENAI_ENCODINGS[name]
        data = [read(filename) for filename in spec.files]
        if len(data) == 2:
            ranks = data_gym_ranks(data[0], data[1], spec.files[0])
        else:
            ranks = tiktoken_ranks(data[0], spec.files[0])
        encoding = tiktoken.Encoding(
            name, pat_str=spec.pattern, mergeable_ranks=ranks, special_tokens=spec.special_tokens
        )
        return cls(name, encoding)

    def __post_init__(self) -> None:
        self.vocab_size = self.encoding.n_vocab
        table = {rank: data for data, rank in self.encoding._mergeable_ranks.items()}
        table.update({i: s.encode() for s, i in self.encoding._special_tokens.items()})
        self._table = ByteTokenTable(table, byte_level_string)
        self.missing = frozenset(range(self.vocab_size)) - table.keys()  # cl100k: 100256, ...

    def encode_ids(self, text: str) -> list[int]:
        check_encodable(text)
        return self.encoding.encode_ordinary(text)

    def encode(self, text: str) -> Encoded:
        return self._table.encoded(self.name, text, self.encode_ids(text))

    def decode(self, ids: Sequence[int]) -> str:
        return self.encoding.decode(check_ids(ids, self.vocab_size, self.name, self.missing))


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
    path: Path  # checked against the manifest by the caller (registry)

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
