"""Byte-level BPE given as a tiktoken rank file (OpenAI's encodings, Llama 3 and 4, Qwen,
Mistral's Tekken), encoded by tiktoken with each vendor's own rules: its split pattern, its
special tokens, and what its own code does to the text before tiktoken sees it."""

from __future__ import annotations

import base64
import binascii
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..export import byte_level_string
from ..text import check_encodable
from ..token import Encoded
from .base import ByteTokenTable, map_in_slices, merge_parents
from .ids import check_ids

if TYPE_CHECKING:
    import tiktoken


@dataclass(frozen=True, kw_only=True)
class RankEncoding:
    """How a vendor's code runs tiktoken: the split pattern, the special tokens, NFC first
    or not (Qwen's code normalises), and how it cuts long text before encoding (Llama's
    code encodes runs of at most 25,000 spaces or non-spaces separately)."""

    pattern: str
    special_tokens: dict[str, int] = field(default_factory=dict)
    nfc: bool = False
    pieces: Callable[[str], Iterable[str]] | None = None


def tiktoken_ranks(data: bytes, filename: str) -> dict[bytes, int]:
    """A `.tiktoken` rank file (`<base64 token> <rank>` per line) -> {token bytes: rank},
    as tiktoken.load.load_tiktoken_bpe reads it (which also copies the file into a cache
    folder under /tmp, so it is not called)."""
    try:  # the fast path; the loop below finds and names a bad line
        pairs = (line.split() for line in data.splitlines() if line)
        return {binascii.a2b_base64(t, strict_mode=True): int(r) for t, r in pairs}
    except (ValueError, binascii.Error):
        pass
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


@dataclass
class TiktokenBackend:
    """A rank-file BPE as a tiktoken.Encoding (no download, no cache folder). User text is
    always encoded as ordinary text: typing "<|endoftext|>" gives the tokens of that string."""

    name: str
    encoding: tiktoken.Encoding
    rules: RankEncoding
    id_to_bytes: dict[int, bytes] = field(repr=False)

    @classmethod
    def build(cls, name: str, rules: RankEncoding, ranks: dict[bytes, int]) -> TiktokenBackend:
        import tiktoken

        encoding = tiktoken.Encoding(
            name, pat_str=rules.pattern, mergeable_ranks=ranks, special_tokens=rules.special_tokens
        )
        id_to_bytes = {rank: token for token, rank in ranks.items()}
        id_to_bytes.update((i, token.encode()) for token, i in rules.special_tokens.items())
        return cls(name, encoding, rules, id_to_bytes)

    byte_exact = True
    pattern_version = ""

    def __post_init__(self) -> None:
        self.vocab_size = self.encoding.n_vocab
        table = self.id_to_bytes  # ids the encoding skips (cl100k_base: 100256, ...) are absent
        self._table = ByteTokenTable(table, byte_level_string)
        self.missing = frozenset(range(self.vocab_size)) - table.keys()
        self._specials = frozenset(self.rules.special_tokens.values())

    @property
    def table(self) -> ByteTokenTable:
        return self._table

    def normalize(self, text: str) -> str:
        """The text the vendor's code hands to tiktoken: NFC for Qwen, else the input."""
        check_encodable(text)
        return unicodedata.normalize("NFC", text) if self.rules.nfc else text

    def _encode_normalized(self, text: str) -> list[int]:
        if self.rules.pieces is None:
            return self.encoding.encode_ordinary(text)
        encode = self.encoding.encode_ordinary
        return [i for piece in self.rules.pieces(text) for i in encode(piece)]

    def encode_ids(self, text: str) -> list[int]:
        return self._encode_normalized(self.normalize(text))

    def encode_batch(self, texts: list[str], num_threads: int) -> list[list[int]]:
        return map_in_slices(self.encode_ids, texts, num_threads)

    def encode_with_special(self, text: str) -> list[int]:
        """Ids with each special-token string ("<|endoftext|>") as its special id."""
        return self.encoding.encode(self.normalize(text), allowed_special="all")

    def encode(self, text: str) -> Encoded:
        text = self.normalize(text)
        return self._table.encoded(self.name, text, self._encode_normalized(text))

    def check_ids(self, ids: Sequence[object]) -> list[int]:
        return check_ids(ids, self.vocab_size, self.name, self.missing)

    def decode(self, ids: Sequence[int]) -> str:
        return self.encoding.decode(self.check_ids(ids))

    def parents(self, token_id: int) -> tuple[int, int] | None:
        """The merge that made `token_id` (ids are merge ranks); None for bytes and specials."""
        if token_id in self.missing or token_id in self._specials:
            return None
        return merge_parents(self._table.data_of(token_id), self._rank_of)

    def _rank_of(self, data: bytes) -> int | None:
        try:
            return self.encoding.encode_single_token(data)
        except KeyError:
            return None
