"""What a model file in the store is, read without the manifest (the store README is
written right after training, before the manifest is)."""

from __future__ import annotations

from pathlib import Path

from ..model_file import FORMAT_HEADER
from ..tokenizer import IndicBPETokenizer
from .spm import SentencePieceBackend


def describe_model_file(path: Path) -> tuple[str, str]:
    """(vocabulary size, split pattern version) of a `.model` file, ours or SentencePiece's;
    ("", "") for any other file."""
    if path.suffix != ".model":
        return "", ""
    if path.read_bytes()[: len(FORMAT_HEADER)] == FORMAT_HEADER.encode():
        tokenizer = IndicBPETokenizer.load(path)
        return str(tokenizer.vocab_size), tokenizer.pattern_version
    backend = SentencePieceBackend(path.stem, path)
    return str(backend.vocab_size), backend.pattern_version
