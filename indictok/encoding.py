"""`indictok.load(name)`: one of our tokenizers with tiktoken's methods, on the fastest route.

`Encoding` has tiktoken's method names and meanings (encode, encode_ordinary, the batch
forms, decode, decode_bytes, decode_single_token_bytes, decode_with_offsets, n_vocab, name,
special_tokens_set) and normalises text to NFC first, as every route of ours does. It
encodes with the compiled two-stage encoder (fastbpe.py) when the extension is built, else
with tiktoken; both give the ids of the reference encoder in tokenizer.py, which stays the
readable specification (`load_reference`). `route` says which one serves.
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Collection, Sequence
from collections.abc import Set as AbstractSet
from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING, Literal

from .fastbpe import fast_encoder
from .languages import LANGUAGES
from .nfc import warm_up as _warm_up_nfc
from .paths import STORE_DIR, model_file
from .pretokenize import normalize
from .text import check_encodable
from .tokenizer import IndicBPETokenizer, encode_with_specials

if TYPE_CHECKING:
    import tiktoken

COMPILED, TIKTOKEN = "two-stage (compiled)", "tiktoken"
NAME_PREFIX = "indic-bpe-"  # our tokenizers' names: indic-bpe-hi, ... (`indictok list`)


LONG_RUN = 1000  # non-space characters in a row that the compiled encoder leaves to tiktoken


class Encoding:
    """Our tokenizer as tiktoken's `Encoding`: `load("hi").encode("नमस्ते")` -> [297, 303, 2645]."""

    def __init__(self, tokenizer: IndicBPETokenizer, stored_as: str | None = None) -> None:
        self.reference = tokenizer  # the readable (slow) specification of the ids
        self._stored_as = stored_as  # the language code when `load` read it from the store
        self.name = tokenizer.name
        self._tiktoken = tokenizer.to_tiktoken()
        self._two_stage = fast_encoder(tokenizer)
        self.route = COMPILED if self._two_stage else TIKTOKEN
        _warm_up_nfc()  # its table is built once per process: at load, not in the first call

    def __repr__(self) -> str:
        return f"<Encoding {self.name!r} ({self.route})>"

    # ==== worker processes ================================================================

    def __reduce__(self) -> tuple[object, tuple[object, ...]]:
        """Pickled as the way to rebuild it, so it goes to worker processes (multiprocessing
        with fork or spawn, `datasets.map(num_proc=...)`, Spark): one of ours that `load`
        read from the store as its name and fingerprint (the worker loads its own copy once
        and refuses one with other merges, as tiktoken pickles its named encodings); any
        other as its reference tokenizer. The worker compiles its own encoder."""
        if self._stored_as is not None:
            return _load_pickled, (self._stored_as, self.fingerprint)
        return Encoding, (self.reference,)

    @functools.cached_property
    def fingerprint(self) -> str:
        """sha256 of what decides the ids: the split pattern, every id's bytes (the ranks)
        and the special tokens."""
        tok = self.reference
        data = repr(
            (tok.pattern, sorted(tok.model.vocab.items()), sorted(tok.special_tokens.items()))
        )
        return hashlib.sha256(data.encode()).hexdigest()

    # ==== sizes and special tokens ========================================================

    @property
    def n_vocab(self) -> int:
        """Number of ids: 256 bytes + merged tokens + special tokens (4,999)."""
        return self.reference.vocab_size

    @property
    def vocab_size(self) -> int:
        """The same as `n_vocab`."""
        return self.reference.vocab_size

    @property
    def max_token_value(self) -> int:
        return self.n_vocab - 1

    @property
    def pattern_version(self) -> str:
        return self.reference.pattern_version

    @property
    def special_tokens_set(self) -> set[str]:
        return set(self.reference.special_tokens)

    @property
    def eot_token(self) -> int:
        """The id of `<|endoftext|>`."""
        return self.reference.special_tokens["<|endoftext|>"]

    # ==== encoding ========================================================================

    def encode_nfc(self, text: str) -> list[int]:
        """The ids of a text already checked and NFC (the app's backend calls it directly)."""
        ids = self._compiled_ids(text)
        return self._tiktoken.encode_ordinary(text) if ids is None else ids

    def _compiled_ids(self, nfc_text: str) -> list[int] | None:
        """The compiled encoder's ids, or None for tiktoken's route: no compiled encoder, or
        a run of LONG_RUN or more non-space characters (the compiled encoder's time grows
        with the square of one piece's length: 20,000 × क took 1.4 s, tiktoken 0.01 s; the
        C encoder looks for such a run before encoding). Both routes give the same ids."""
        if self._two_stage is None:
            return None
        return self._two_stage.encode_unless_long(nfc_text, LONG_RUN)

    def encode_ordinary(self, text: str) -> list[int]:
        """The ids of `text` (NFC first); special-token strings are ordinary text."""
        nfc_text = normalize(text)
        try:
            ids = self._compiled_ids(nfc_text)
        except UnicodeEncodeError:  # the compiled encoder's UTF-8 conversion found one
            check_encodable(text)  # raises ValueError naming the character
            raise
        if ids is None:
            check_encodable(text)  # tiktoken would quietly replace an unpaired surrogate
            ids = self._tiktoken.encode_ordinary(nfc_text)
        return ids

    def encode(
        self,
        text: str,
        *,
        allowed_special: Literal["all"] | AbstractSet[str] = frozenset(),
        disallowed_special: Literal["all"] | Collection[str] = "all",
    ) -> list[int]:
        """The ids of `text`, tiktoken's rules: a special-token string raises ValueError unless
        it is in `allowed_special` (then it gets its special id) or left out of
        `disallowed_special` (then it is text)."""
        specials = self.reference.special_tokens
        return encode_with_specials(
            text, specials, self.encode_ordinary, allowed_special, disallowed_special
        )

    def encode_ordinary_batch(self, text: list[str], *, num_threads: int = 8) -> list[list[int]]:
        """`encode_ordinary` of each text, on up to `num_threads` threads."""
        for item in text:
            check_encodable(item)
        return self.encode_nfc_batch([normalize(item) for item in text], num_threads)

    def encode_nfc_batch(self, texts: list[str], num_threads: int) -> list[list[int]]:
        """`encode_nfc` of each text (already checked and NFC), on up to `num_threads`."""
        if self._two_stage is None:
            return self._tiktoken.encode_ordinary_batch(texts, num_threads=num_threads)
        found = self._two_stage.encode_batch(texts, num_threads, LONG_RUN)
        return [
            self._tiktoken.encode_ordinary(t) if ids is None else ids
            for t, ids in zip(texts, found, strict=True)
        ]

    def encode_batch(
        self,
        text: list[str],
        *,
        num_threads: int = 8,
        allowed_special: Literal["all"] | AbstractSet[str] = frozenset(),
        disallowed_special: Literal["all"] | Collection[str] = "all",
    ) -> list[list[int]]:
        """`encode` of each text (the same special-token rules), on up to `num_threads`."""
        if not any(token in item for item in text for token in self.special_tokens_set):
            return self.encode_ordinary_batch(text, num_threads=num_threads)
        encode = functools.partial(
            self.encode, allowed_special=allowed_special, disallowed_special=disallowed_special
        )
        with ThreadPoolExecutor(max(1, num_threads)) as pool:
            return list(pool.map(encode, text))

    # ==== decoding ========================================================================

    def decode_bytes(self, tokens: Sequence[int]) -> bytes:
        """The bytes of `tokens`; ValueError for an id this tokenizer does not have."""
        return self.reference.decode_bytes(tokens)

    def decode(self, tokens: Sequence[int], errors: str = "replace") -> str:
        """The text of `tokens`; bytes that are not UTF-8 become U+FFFD (`errors`, as tiktoken)."""
        return self.decode_bytes(tokens).decode("utf-8", errors=errors)

    def decode_single_token_bytes(self, token: int) -> bytes:
        """The bytes of one token."""
        return self.decode_bytes([token])

    def decode_tokens_bytes(self, tokens: Sequence[int]) -> list[bytes]:
        """The bytes of each token."""
        return [self.decode_single_token_bytes(token) for token in tokens]

    def decode_with_offsets(self, tokens: Sequence[int]) -> tuple[str, list[int]]:
        """The text, and where each token starts in it (in characters). A token that starts
        inside a character starts at that character (tiktoken's rule)."""
        pieces = self.decode_tokens_bytes(tokens)
        offsets, chars = [], 0
        for piece in pieces:
            starts_inside = bool(piece) and 0x80 <= piece[0] < 0xC0
            offsets.append(max(0, chars - starts_inside))
            chars += sum(1 for byte in piece if not 0x80 <= byte < 0xC0)
        return b"".join(pieces).decode("utf-8", errors="strict"), offsets

    def to_tiktoken(self) -> tiktoken.Encoding:
        """The same merges as a `tiktoken.Encoding` (it does not normalise: pass NFC text)."""
        return self.reference.to_tiktoken()


def language_of(name: str) -> str:
    """The language code of our tokenizer `name`: "hi" or "indic-bpe-hi" -> "hi"."""
    lang = name.removeprefix(NAME_PREFIX)
    if lang not in LANGUAGES:
        codes = ", ".join(LANGUAGES)
        raise ValueError(
            f"unknown tokenizer {name!r}: use a language code ({codes}) or our tokenizer's "
            f"name ({NAME_PREFIX}hi, ...; `indictok list` prints every name); languages: {codes}"
        )
    return lang


def load_reference(name: str = "hi") -> IndicBPETokenizer:
    """Our tokenizer `name` with the pure-Python reference encoder (slow; the specification)."""
    path = STORE_DIR / model_file(language_of(name))
    if not path.is_file():
        raise FileNotFoundError(f"{path} is missing; reinstall indictok or set INDICTOK_STORE")
    return IndicBPETokenizer.load(path)


@functools.cache
def _load(lang: str) -> Encoding:
    return Encoding(load_reference(lang), stored_as=lang)


def _load_pickled(lang: str, fingerprint: str) -> Encoding:
    """`load(lang)` in the process that unpickles it, checked to have the pickled merges."""
    encoding = _load(lang)
    if encoding.fingerprint != fingerprint:
        raise ValueError(
            f"the {encoding.name} of this process (from {STORE_DIR}) has other merges than the "
            "one that was pickled: install the same indictok version (and INDICTOK_STORE) on "
            "every worker"
        )
    return encoding


def load(name: str = "hi") -> Encoding:
    """Our tokenizer `name` ("hi" or "indic-bpe-hi"), loaded once per process."""
    return _load(language_of(name))
