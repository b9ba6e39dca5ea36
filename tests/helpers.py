"""What only the tests use: reference implementations the package's fast code is checked
against (imported as `helpers`: pytest puts tests/ on sys.path)."""

from __future__ import annotations

import json

from indictok.export import hf_pipeline
from indictok.pretokenize import INDIC_SPLIT_PATTERN
from indictok.segments import PARTIAL, RELATIONS, SPLIT, WHOLE
from indictok.text import codepoint_offsets


def codepoint_boundaries(text: str) -> set[int]:
    """UTF-8 byte offsets where characters start, plus the end."""
    return set(codepoint_offsets(text).tolist())


def relation_of(start: int, end: int, codepoints: set[int], graphemes: set[int]) -> str:
    """How the byte span [start, end) sits against code point and akshara boundaries: a
    name in segments.RELATIONS, one token at a time (token_relations does every token)."""
    if start not in codepoints or end not in codepoints:
        return RELATIONS[PARTIAL]
    if start not in graphemes or end not in graphemes:
        return RELATIONS[SPLIT]
    return RELATIONS[WHOLE]


def hf_bpetrainer_merges(
    lines: list[str], vocab_size: int, pattern: str = INDIC_SPLIT_PATTERN
) -> list[tuple[str, str]]:
    """Merges HF's BpeTrainer learns with our pre-processing: the reference for parity checks."""
    from tokenizers import Tokenizer, models, pre_tokenizers, trainers

    hf = Tokenizer(models.BPE())
    hf_pipeline(hf, pattern)
    alphabet = pre_tokenizers.ByteLevel.alphabet()
    trainer = trainers.BpeTrainer(
        vocab_size=vocab_size, initial_alphabet=alphabet, show_progress=False
    )
    hf.train_from_iterator(lines, trainer)
    return [tuple(m) for m in json.loads(hf.to_str())["model"]["merges"]]
