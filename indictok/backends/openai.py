"""OpenAI's encodings (gpt2, cl100k_base, o200k_base) as tiktoken.Encoding objects, built
from the original rank files kept in the store, through tiktoken's public API only."""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..export import byte_level_string
from ..pretokenize import GPT2_SPLIT_PATTERN, GPT4_SPLIT_PATTERN
from ..token import Encoded
from ..tokenizer import ENDOFTEXT, check_encodable
from .base import ByteTokenTable, map_in_slices, merge_parents
from .ids import check_ids

if TYPE_CHECKING:
    import tiktoken


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

    byte_exact = True
    pattern_version = ""

    def __post_init__(self) -> None:
        self.vocab_size = self.encoding.n_vocab
        table = {}
        for token_id in range(self.vocab_size):
            try:
                table[token_id] = self.encoding.decode_single_token_bytes(token_id)
            except KeyError:  # an id the encoding skips (cl100k_base: 100256, 100261-100275)
                continue
        self._table = ByteTokenTable(table, byte_level_string)
        self.missing = frozenset(range(self.vocab_size)) - table.keys()

    def normalize(self, text: str) -> str:
        """The input itself: tiktoken does not normalise."""
        check_encodable(text)
        return text

    def encode_ids(self, text: str) -> list[int]:
        return self.encoding.encode_ordinary(self.normalize(text))

    def encode_batch(self, texts: list[str], num_threads: int) -> list[list[int]]:
        return map_in_slices(self.encoding.encode_ordinary, texts, num_threads)

    def encode_with_special(self, text: str) -> list[int]:
        """Ids with each special-token string ("<|endoftext|>") as its special id."""
        return self.encoding.encode(self.normalize(text), allowed_special="all")

    def encode(self, text: str) -> Encoded:
        return self._table.encoded(self.name, text, self.encode_ids(text))

    def check_ids(self, ids: Sequence[object]) -> list[int]:
        return check_ids(ids, self.vocab_size, self.name, self.missing)

    def decode(self, ids: Sequence[int]) -> str:
        return self.encoding.decode(self.check_ids(ids))

    def parents(self, token_id: int) -> tuple[int, int] | None:
        """The merge that made `token_id` (ids are merge ranks); None for bytes and specials."""
        specials = {self.encoding.encode_single_token(s) for s in self.encoding.special_tokens_set}
        if token_id in self.missing or token_id in specials:
            return None
        return merge_parents(self._table.data_of(token_id), self._rank_of)

    def _rank_of(self, data: bytes) -> int | None:
        try:
            return self.encoding.encode_single_token(data)
        except KeyError:
            return None
