"""Byte-level BPE given as a Hugging Face `tokenizer.json` (DeepSeek V4), encoded by the
`tokenizers` library itself. Added tokens marked special are encoded as text when typed
("<｜begin▁of▁sentence｜>" gives the tokens of that string), as every tokenizer here does;
the vendor's other added tokens ("<think>") are matched as the library matches them."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from ..export import byte_level_string
from ..text import check_encodable
from ..token import Encoded
from .base import ByteTokenTable
from .ids import check_ids

_BYTE_OF = {byte_level_string(bytes([b])): b for b in range(256)}
_TO_LATIN1 = str.maketrans({char: chr(b) for char, b in _BYTE_OF.items()})


def byte_level_bytes(piece: str) -> bytes:
    """'Ġhi' -> b' hi': GPT-2's byte-to-character map undone (ValueError if `piece` is not
    written in that map)."""
    if not all(char in _BYTE_OF for char in piece):
        raise ValueError(f"{piece!r} is not a byte-level token")
    return piece.translate(_TO_LATIN1).encode("latin-1")


def _byte_level_vocab(vocab: dict[str, int]) -> dict[int, bytes]:
    """{byte-level piece: id} -> {id: bytes}, in C for the common case."""
    joined = "".join(vocab).translate(_TO_LATIN1)
    try:
        data = joined.encode("latin-1")
    except UnicodeEncodeError:
        return {i: byte_level_bytes(piece) for piece, i in vocab.items()}
    table, at = {}, 0
    for piece, i in vocab.items():
        table[i] = data[at : at + len(piece)]
        at += len(piece)
    return table


@dataclass
class HFTokenizerBackend:
    """A byte-level BPE `tokenizer.json` with no normaliser: its tokens spell the input's
    bytes exactly (ValueError for any other kind: they are not shown here yet)."""

    name: str
    data: bytes  # the tokenizer.json, checked by the caller

    byte_exact = True
    pattern_version = ""

    def __post_init__(self) -> None:
        from tokenizers import Tokenizer

        self.tokenizer = Tokenizer.from_str(self.data.decode("utf-8"))
        _require_byte_level(self.tokenizer, self.name)
        self.tokenizer.encode_special_tokens = True  # typed special strings are text
        self.vocab_size = self.tokenizer.get_vocab_size(with_added_tokens=True)
        added = self.tokenizer.get_added_tokens_decoder()  # some also sit in the model's vocab
        vocab = self.tokenizer.get_vocab(with_added_tokens=False)
        table = _byte_level_vocab({p: i for p, i in vocab.items() if i not in added})
        table.update((i, token.content.encode("utf-8")) for i, token in added.items())
        self._table = ByteTokenTable(table, byte_level_string)
        self.missing = frozenset(range(self.vocab_size)) - table.keys()
        self._parents: dict[int, tuple[int, int]] | None = None
        self._matching_specials: Any = None

    @property
    def table(self) -> ByteTokenTable:
        return self._table

    def normalize(self, text: str) -> str:
        """The input itself: the tokenizer has no normaliser."""
        check_encodable(text)
        return text

    def encode_ids(self, text: str) -> list[int]:
        return self.encode_batch([text], 1)[0]

    def encode_batch(self, texts: list[str], num_threads: int) -> list[list[int]]:
        """Ids only: the library's fast route, which skips offsets (6× faster on Hindi)."""
        texts = [self.normalize(text) for text in texts]
        encodings = self.tokenizer.encode_batch_fast(texts, add_special_tokens=False)
        return [e.ids for e in encodings]

    def encode_with_special(self, text: str) -> list[int]:
        """Ids with each special-token string as its special id (the library's default)."""
        if self._matching_specials is None:  # a second copy, made once, that matches them
            from tokenizers import Tokenizer

            self._matching_specials = Tokenizer.from_str(self.data.decode("utf-8"))
        return self._matching_specials.encode(self.normalize(text), add_special_tokens=False).ids

    def encode(self, text: str) -> Encoded:
        return self._table.encoded(self.name, text, self.encode_ids(text))

    def check_ids(self, ids: Sequence[object]) -> list[int]:
        return check_ids(ids, self.vocab_size, self.name, self.missing)

    def decode(self, ids: Sequence[int]) -> str:
        """Text of `ids`; bytes that are not valid UTF-8 become U+FFFD."""
        data = b"".join(self._table.data_of(i) for i in self.check_ids(ids))
        return data.decode("utf-8", errors="replace")

    def parents(self, token_id: int) -> tuple[int, int] | None:
        """The merge that made `token_id`, from the file's merge list."""
        if self._parents is None:
            vocab = self.tokenizer.get_vocab(with_added_tokens=False)
            merges = json.loads(self.data)["model"]["merges"]
            pairs = (m.split(" ", 1) if isinstance(m, str) else m for m in merges)
            self._parents = {
                vocab[left + right]: (vocab[left], vocab[right]) for left, right in pairs
            }
        return self._parents.get(token_id)


def _require_byte_level(tokenizer: Any, name: str) -> None:
    model, decoder = type(tokenizer.model).__name__, type(tokenizer.decoder).__name__
    normalizer = tokenizer.normalizer
    plain = normalizer is None or repr(normalizer) == "Sequence(normalizers=[])"
    if model != "BPE" or decoder != "ByteLevel" or not plain:
        raise ValueError(
            f"{name}: only byte-level BPE tokenizer.json files without a normaliser are "
            f"supported (model {model}, decoder {decoder}, normaliser {normalizer!r})"
        )
