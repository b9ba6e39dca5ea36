"""A tokenizer as data (Spec): what the catalog lists and how each one loads, with the two
helpers every family shares (a SentencePiece file's loader, the restore hint)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from . import checksums
from .backends import (
    Backend,
    SentencePieceBackend,
)
from .paths import STORE_DIR


@dataclass(frozen=True, kw_only=True)
class Spec:
    name: str
    label: str  # what the app shows
    family: str  # the library: ours | tiktoken | tokenizers | sentencepiece (`indictok list`)
    group: str  # the title of the page's picker group it is listed under (the vendor)
    vocab: int  # token ids, special ones included (a test checks it against the loaded one)
    source: str = ""  # where the files come from, for the page and `indictok list`
    kind: str  # the same kind in every language (indic-bpe, spm-bpe, ...): language swaps
    files: tuple[str, ...]  # paths relative to tokenizers_store/
    restore: str  # how to get the files back
    load: Callable[[], Backend]
    packaged: tuple[str, str, str, str] | None = None  # (package, file, sha256, pin) it reads
    lang: str = ""  # the language it was trained for; "" for general-purpose tokenizers
    ours: bool = False  # one of our tokenizers
    baseline: bool = False  # a general-purpose tokenizer every language is measured against


def load_spm(filename: str, name: str) -> Backend:
    checksums.verify(filename)
    return SentencePieceBackend(name, STORE_DIR / filename)


def restore_hint(files: tuple[str, ...], retrain: str = "") -> str:
    command = checksums.restore_command(" tokenizers_store/".join(files))
    return f"{command} (or retrain: {retrain})" if retrain else command
