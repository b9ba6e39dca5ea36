"""The Indic BPE tokenizer: split pattern + merges + special tokens.

`IndicBPETokenizer.train(lines, vocab_size)` learns merges; `encode`/`decode` are the
readable reference implementation; `to_tiktoken()` serves the same merges through
tiktoken's Rust encoder (same ids, much faster). `save`/`load` use a small versioned text
format (`indictok v1`) that is the only file `load` reads.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Collection, Iterable, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from . import bpe
from .model_file import FORMAT_HEADER, ModelFileReader
from .pretokenize import (
    INDIC_SPLIT_PATTERN,
    PATTERN_VERSION,
    SUPERWORD_BARE_PATTERN,
    SUPERWORD_BARE_PATTERN_VERSION,
    SUPERWORD_PATTERN,
    SUPERWORD_PATTERN_VERSION,
    normalize,
    split,
)
from .text import check_encodable

if TYPE_CHECKING:
    import tiktoken

ENDOFTEXT = "<|endoftext|>"


@dataclass(frozen=True)
class IndicBPETokenizer:
    """A byte-level BPE tokenizer with an Indic-aware split pattern."""

    name: str
    model: bpe.BPEModel
    pattern: str = INDIC_SPLIT_PATTERN
    pattern_version: str = PATTERN_VERSION
    special_tokens: dict[str, int] = field(default_factory=dict)

    # ==== training ====================================================================

    @classmethod
    def train(
        cls,
        lines: Iterable[str],
        vocab_size: int,
        *,
        name: str,
        special_tokens: Sequence[str] = (ENDOFTEXT,),
        superword_merges: int = 0,
        max_words: int = 3,
        attach_punctuation: bool = True,
        alphabet: str = "",
        on_merge: Callable[[int], None] | None = None,
        pattern: str = INDIC_SPLIT_PATTERN,
        pattern_version: str = PATTERN_VERSION,
    ) -> IndicBPETokenizer:
        """Train on `lines`; `vocab_size` counts bytes, merged tokens *and* special tokens.

        `superword_merges` > 0 spends that many of the last merges on tokens that may cross
        the spaces between Indian-script words (at most `max_words` words per token), and
        switches the split pattern to SUPERWORD_PATTERN (sentence punctuation joins the last
        word of a run; SUPERWORD_BARE_PATTERN if not `attach_punctuation`). Every character of
        `alphabet` gets its own token before any learned merge. `pattern` (named
        `pattern_version`) splits the text for the word stage; the superword stage needs the
        default, INDIC_SPLIT_PATTERN. `on_merge(merges so far)` is called after each merge and
        may raise to stop training.
        """
        if superword_merges and pattern != INDIC_SPLIT_PATTERN:
            raise ValueError("the superword stage follows the indic-v1 word stage only")
        num_regular = vocab_size - len(special_tokens)
        lines = [normalize(line) for line in lines]
        chunks = (chunk for line in lines for chunk in split(line, pattern))
        words_only = num_regular - superword_merges
        word_counts = bpe.count_words(chunks)
        if alphabet:
            model = bpe.seed(bpe.BPEModel(), (c.encode("utf-8") for c in alphabet))
            ranks = model.ranks
            words = {tuple(bpe.encode_chunk(w, ranks)): n for w, n in word_counts.items()}
            del word_counts  # a 20 MB corpus of distinct words holds hundreds of MB here
            model = bpe.continue_training(model, words, words_only, on_merge=on_merge)
            del words
        else:
            model = bpe.train(word_counts, words_only, on_merge=on_merge)
        version = pattern_version
        if superword_merges:
            pattern, version = SUPERWORD_PATTERN, SUPERWORD_PATTERN_VERSION
            if not attach_punctuation:
                pattern, version = SUPERWORD_BARE_PATTERN, SUPERWORD_BARE_PATTERN_VERSION
            runs = _encoded_runs(cls(name=name, model=model), lines, pattern)
            model = bpe.continue_training(
                model,
                runs,
                num_regular,
                on_merge=on_merge,
                accept=lambda data: len(data.split()) <= max_words,
            )
        specials = {token: len(model.vocab) + i for i, token in enumerate(special_tokens)}
        return cls(name, model, pattern, version, specials)

    # ==== sizes =======================================================================

    @property
    def vocab_size(self) -> int:
        """Number of distinct ids: 256 bytes + merged tokens + special tokens."""
        return len(self.model.vocab) + len(self.special_tokens)

    @cached_property
    def _ranks(self) -> dict[bpe.Pair, tuple[int, int]]:
        return self.model.ranks

    @cached_property
    def _chunk_cache(self) -> dict[str, list[int]]:
        return {}

    @cached_property
    def id_to_bytes(self) -> dict[int, bytes]:
        """Every id's bytes, special tokens included (as their UTF-8 text)."""
        table = dict(self.model.vocab)
        table.update({i: s.encode("utf-8") for s, i in self.special_tokens.items()})
        return table

    # ==== encoding ====================================================================

    def encode_ordinary(self, text: str) -> list[int]:
        """Encode text, treating special-token strings like any other text."""
        check_encodable(text)
        ids: list[int] = []
        for chunk in split(normalize(text), self.pattern):
            cached = self._chunk_cache.get(chunk)
            if cached is None:
                cached = bpe.encode_chunk(chunk.encode("utf-8"), self._ranks)
                if len(self._chunk_cache) < 100_000:
                    self._chunk_cache[chunk] = cached
            ids.extend(cached)
        return ids

    def encode(
        self,
        text: str,
        *,
        allowed_special: Literal["all"] | AbstractSet[str] = frozenset(),
        disallowed_special: Literal["all"] | Collection[str] = "all",
    ) -> list[int]:
        """Encode text; special-token strings raise unless listed in `allowed_special`
        (encoded as special ids) or left out of `disallowed_special` (encoded as text).

        >>> tok.encode("<|endoftext|>")        # raises ValueError, as tiktoken does
        >>> tok.encode("<|endoftext|>", allowed_special="all")  # -> [4998]
        """
        return encode_with_specials(
            text, self.special_tokens, self.encode_ordinary, allowed_special, disallowed_special
        )

    def decode_bytes(self, ids: Sequence[int]) -> bytes:
        """The exact bytes of `ids`; raises ValueError for ids this tokenizer does not have."""
        table = self.id_to_bytes
        for i in ids:
            if not isinstance(i, int) or isinstance(i, bool) or i not in table:
                raise ValueError(
                    f"invalid token id {i!r}: {self.name} has ids 0..{self.vocab_size - 1}"
                )
        return b"".join(table[i] for i in ids)

    def decode(self, ids: Sequence[int]) -> str:
        """Decode ids to text; bytes that are not valid UTF-8 become U+FFFD (as tiktoken)."""
        return self.decode_bytes(ids).decode("utf-8", errors="replace")

    def to_tiktoken(self) -> tiktoken.Encoding:
        """The same merges served by tiktoken (ranks = ids). Normalise input to NFC first."""
        import tiktoken

        return tiktoken.Encoding(
            name=self.name,
            pat_str=self.pattern,
            mergeable_ranks={data: i for i, data in self.model.vocab.items()},
            special_tokens=dict(self.special_tokens),
        )

    # ==== save / load =================================================================

    def save(self, path: str | Path) -> Path:
        """Write the `indictok v1` text format: header, metadata, then one merge per line."""
        path = Path(path)
        lines = [
            FORMAT_HEADER,
            f"name {self.name}",
            f"pattern_version {self.pattern_version}",
            f"pattern {json.dumps(self.pattern)}",
            f"special_tokens {len(self.special_tokens)}",
            *(f"{json.dumps(token)} {i}" for token, i in self.special_tokens.items()),
            f"merges {len(self.model.merges)}",
            *(f"{a} {b} {new_id}" for (a, b), new_id in self.model.merges),
        ]
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        return path

    @classmethod
    def load(cls, path: str | Path) -> IndicBPETokenizer:
        """Read a file written by `save`; raises ValueError naming the file and the line."""
        reader = ModelFileReader.open(Path(path))
        header = reader.next_line("the header")
        if header != FORMAT_HEADER:
            reader.fail(f"expected header {FORMAT_HEADER!r}, got {header[:40]!r}")
        name = reader.field("name")
        pattern_version = reader.field("pattern_version")
        pattern = reader.json_field("pattern")
        specials = {}
        for _ in range(reader.int_field("special_tokens")):
            token, _, idx = reader.next_line("a special token").rpartition(" ")
            specials[reader.json_string(token)] = reader.to_int(idx)
        model = bpe.BPEModel()
        for _ in range(reader.int_field("merges")):
            a, b, new_id = reader.numbers(3, "'<left id> <right id> <new id>'")
            if a not in model.vocab or b not in model.vocab:
                reader.fail(f"merge uses an unknown id ({a} {b})")
            if new_id != len(model.vocab):
                reader.fail(f"merge makes id {new_id}; the next id is {len(model.vocab)}")
            model.merges.append(((a, b), new_id))
            model.vocab[new_id] = model.vocab[a] + model.vocab[b]
        reader.expect_end()
        return cls(name, model, pattern, pattern_version, specials)


def _encoded_runs(
    words_tokenizer: IndicBPETokenizer, lines: list[str], pattern: str
) -> dict[tuple[int, ...], int]:
    """Each superword chunk of the corpus, encoded word by word, with its count.

    No merge learned before the superword stage joins a word to the space or punctuation
    after it (no such pair occurs inside a word chunk), so encoding a run word by word
    gives the same ids as BPE on the whole run; a test checks it on the held-out text."""
    runs: Counter[str] = Counter(chunk for line in lines for chunk in split(line, pattern))
    encoded: Counter[tuple[int, ...]] = Counter()
    for run, count in runs.items():
        encoded[tuple(words_tokenizer.encode_ordinary(run))] += count
    return dict(encoded)


def encode_with_specials(
    text: str,
    specials: dict[str, int],
    encode_ordinary: Callable[[str], list[int]],
    allowed_special: Literal["all"] | AbstractSet[str],
    disallowed_special: Literal["all"] | Collection[str],
) -> list[int]:
    """tiktoken's `encode`: a special-token string of `disallowed_special` in `text` raises
    ValueError, one of `allowed_special` gets its id, any other is ordinary text."""
    allowed = set(specials) if allowed_special == "all" else set(allowed_special)
    disallowed = set(specials) - allowed if disallowed_special == "all" else disallowed_special
    for token in specials:
        if token in disallowed and token in text:
            raise ValueError(
                f"Encountered text corresponding to disallowed special token {token!r}.\n"
                f"Pass `allowed_special={{{token!r}}}` to encode it as a special token, or "
                "use `encode_ordinary(text)` to encode it as normal text."
            )
    allowed &= set(specials)
    if not allowed:
        return encode_ordinary(text)
    ids: list[int] = []
    for i, part in enumerate(_split_on(text, allowed)):
        ids.extend([specials[part]] if i % 2 else encode_ordinary(part))
    return ids


def _split_on(text: str, specials: set[str]) -> list[str]:
    """Split text around special tokens: ["ordinary", special, "ordinary", ...]."""
    import regex

    alternation = "|".join(regex.escape(s) for s in sorted(specials, key=len, reverse=True))
    return regex.split(f"({alternation})", text)
