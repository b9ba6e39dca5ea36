"""Tokens vs. characters: group tokens into whole aksharas, and say how each token sits.

An akshara here is an extended grapheme cluster (`regex` `\\X`, Unicode 15.1+ rules keep
conjuncts like क्ष and स्ते whole). A segment is the shortest run of whole aksharas that
a run of whole tokens covers exactly, so it can be drawn as readable text and still show
that several tokens share it. Works on any tokenizer's `Encoded`, byte-exact or not.
"""

from __future__ import annotations

import functools
import itertools
from collections.abc import Iterator
from dataclasses import dataclass
from typing import NamedTuple

import numpy as np
import regex

from .text import codepoint_offsets
from .token import Encoded

_GRAPHEME = regex.compile(r"\X")


# How a token's span sits against the characters of the text, by the code
# `token_relations` gives it (0, 1, 2):
# whole: it starts and ends at akshara boundaries;
# split: it starts or ends between code points inside one akshara (क्|ष);
# partial: it starts or ends inside a code point (partial UTF-8 bytes).
RELATIONS = ("whole", "split", "partial")
WHOLE, SPLIT, PARTIAL = range(len(RELATIONS))


RELATIONS = ("whole", "split", "partial")  # token_relations' codes 0, 1, 2 (the page's too)


class Segment(NamedTuple):
    text: str
    start: int  # byte offsets into the UTF-8 text
    end: int
    token_indices: range  # empty: text no token covers (dropped by normalisation)


def _byte_offsets(pieces: list[str]) -> list[int]:
    """[0, end of piece 1, end of piece 2, ...] in UTF-8 bytes."""
    return [0, *itertools.accumulate(map(len, map(str.encode, pieces)))]


@functools.lru_cache(maxsize=16)
def _grapheme_offsets(text: str) -> np.ndarray:
    return np.array(_byte_offsets(_GRAPHEME.findall(text)), dtype=np.int64)


def grapheme_boundaries(text: str) -> list[int]:
    """Byte offsets where aksharas start, plus the end: "नमस्ते" -> [0, 3, 6, 18].

    Cached for the last few texts: every tokenizer in a comparison asks for the same text.
    """
    return _grapheme_offsets(text).tolist()


@functools.lru_cache(maxsize=16)
def _codepoint_offsets(text: str) -> np.ndarray:
    return codepoint_offsets(text)


def token_relations(encoded: Encoded) -> np.ndarray:
    """Each token's relation as its code in RELATIONS (0 whole, 1 split, 2 partial), for every
    token at once: the page draws 100,000 tokens from this column."""
    codepoints = _codepoint_offsets(encoded.text)
    graphemes = _grapheme_offsets(encoded.text)
    whole_chars = (
        _positions(encoded.starts, codepoints)[1] & _positions(encoded.ends, codepoints)[1]
    )
    whole_aksharas = (
        _positions(encoded.starts, graphemes)[1] & _positions(encoded.ends, graphemes)[1]
    )
    codes = np.where(whole_chars, np.where(whole_aksharas, WHOLE, SPLIT), PARTIAL)
    return codes.astype(np.int8)


@dataclass(frozen=True)
class Grouping:
    """Segments as columns: segment k covers bytes bounds[k]..bounds[k+1] of the text and
    tokens firsts[k]..firsts[k+1]. Iterating gives `Segment`s."""

    data: bytes
    bounds: list[int]
    firsts: list[int]

    def __len__(self) -> int:
        return len(self.bounds) - 1

    def __getitem__(self, k: int) -> Segment:
        start, end = self.bounds[k], self.bounds[k + 1]
        tokens = range(self.firsts[k], self.firsts[k + 1])
        return Segment(self.data[start:end].decode("utf-8"), start, end, tokens)

    def __iter__(self) -> Iterator[Segment]:
        return (self[k] for k in range(len(self)))


def _positions(values: np.ndarray, sorted_ref: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """For each value: its index in `sorted_ref` (insertion point) and whether it is there."""
    index = np.searchsorted(sorted_ref, values)
    found = sorted_ref[np.minimum(index, len(sorted_ref) - 1)] == values
    return index, found


def group(encoded: Encoded) -> Grouping:
    """Cut the text where a token ends on an akshara boundary; joined, segments give the text.

    A cut also falls where text no token covers begins or ends (SentencePiece drops some
    spaces); such a segment has no tokens. Zero-width tokens join the segment they end in.
    """
    data = encoded.text.encode("utf-8")
    boundaries = _grapheme_offsets(encoded.text)
    is_cut = np.zeros(len(boundaries), dtype=bool)
    for offsets in (encoded.ends, encoded.starts):
        index, found = _positions(offsets, boundaries)
        is_cut[index[found]] = True
    is_cut[0], is_cut[-1] = False, bool(data)
    bounds = [0, *boundaries[is_cut].tolist()]
    firsts = [0, *np.searchsorted(encoded.ends, bounds[1:], side="right").tolist()]
    if firsts[-1] < len(encoded):  # zero-width tokens of an empty text
        bounds.append(len(data))
        firsts.append(len(encoded))
    return Grouping(data, bounds, firsts)


def split_graphemes(encoded: Encoded) -> int:
    """How many aksharas have a token boundary inside them."""
    boundaries = _grapheme_offsets(encoded.text)
    index, found = _positions(encoded.ends, boundaries)
    split = np.zeros(len(boundaries) + 1, dtype=bool)
    split[index[~found]] = True
    return int(np.count_nonzero(split))


def partial_tokens(encoded: Encoded) -> int:
    """How many tokens start or end inside a code point (partial UTF-8 bytes)."""
    codepoints = _codepoint_offsets(encoded.text)
    starts_ok = _positions(encoded.starts, codepoints)[1]
    ends_ok = _positions(encoded.ends, codepoints)[1]
    return int(np.count_nonzero(~(starts_ok & ends_ok)))
