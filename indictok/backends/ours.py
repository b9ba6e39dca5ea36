"""Our Indic BPE, served by `indictok.Encoding` (encoding.py): the compiled two-stage encoder
when it is built, else tiktoken; both give the same ids as the reference encoder."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ..encoding import Encoding
from ..export import render_token
from ..pretokenize import normalize
from ..text import check_encodable
from ..token import Encoded
from ..tokenizer import IndicBPETokenizer
from .base import ByteTokenTable
from .ids import check_ids


@dataclass
class IndicBPEBackend:
    """Our tokenizer; text is NFC-normalised first, so spans point into the NFC text."""

    name: str
    tokenizer: IndicBPETokenizer
    byte_exact = True

    def __post_init__(self) -> None:
        self.vocab_size = self.tokenizer.vocab_size
        self.pattern_version = self.tokenizer.pattern_version
        self.encoding = Encoding(self.tokenizer)
        self._encode_nfc = self.encoding.encode_nfc  # text already checked and NFC
        self.encoder_route = self.encoding.route
        self._table = ByteTokenTable(self.tokenizer.id_to_bytes, render_token)
        self._parents = {new_id: pair for pair, new_id in self.tokenizer.model.merges}

    @property
    def table(self) -> ByteTokenTable:
        return self._table

    def normalize(self, text: str) -> str:
        """NFC: the text our tokens cover."""
        check_encodable(text)
        return normalize(text)

    def encode_ids(self, text: str) -> list[int]:
        return self._encode_nfc(self.normalize(text))

    def encode_batch(self, texts: list[str], num_threads: int) -> list[list[int]]:
        """`encode_ids` of each text, on `num_threads` threads (both encoders release the GIL)."""
        joined = "\n".join(texts)
        normalized = self.normalize(joined).split("\n") if joined else [""] * len(texts)
        if len(normalized) != len(texts):  # a text held a newline: normalise one by one
            normalized = [normalize(text) for text in texts]
        return self.encoding.encode_nfc_batch(normalized, num_threads)

    def encode_with_special(self, text: str) -> list[int]:
        """Ids with each special-token string ("<|endoftext|>") as its special id."""
        return self.encoding.encode(text, allowed_special="all")

    def encode(self, text: str) -> Encoded:
        text = self.normalize(text)
        return self._table.encoded(self.name, text, self._encode_nfc(text))

    def check_ids(self, ids: Sequence[object]) -> list[int]:
        return check_ids(ids, self.vocab_size, self.name)

    def decode(self, ids: Sequence[int]) -> str:
        """Text of `ids`; bytes that are not valid UTF-8 become U+FFFD (as tiktoken)."""
        return self.encoding.decode(self.check_ids(ids))

    def parents(self, token_id: int) -> tuple[int, int] | None:
        """The merge that made `token_id`, as the model file records it."""
        return self._parents.get(token_id)
