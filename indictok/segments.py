"""Tokens vs. characters: group tokens into whole aksharas, and say how each token sits.

An akshara here is an extended grapheme cluster (`regex` `\\X`, Unicode 15.1+ rules keep
conjuncts like क्ष and स्ते whole). A segment is the shortest run of whole aksharas that
a run of whole tokens covers exactly, so it can be drawn as readable text and still show
that several tokens share it. Works on any tokenizer's `Encoded`, byte-exact or not.
"""

from __future__ import annotations

import bisect
import itertools
from collections.abc import Iterator
from dataclasses import dataclass
from enum import Enum
from typing import NamedTuple

import regex

from .token import Encoded

_GRAPHEME = regex.compile(r"\X")


class Relation(str, Enum):
    """How a token's span sits against the characters of the text."""

    WHOLE = "whole"  # starts and ends at akshara boundaries
    SPLIT = "split"  # starts or ends between code points inside one akshara (क्|ष)
    PARTIAL = "partial"  # starts or ends inside a code point: partial UTF-8 bytes


class Segment(NamedTuple):
    text: str
    start: int  # byte offsets into the UTF-8 text
    end: int
    token_indices: range  # empty: text no token covers (dropped by normalisation)


def _byte_offsets(pieces: list[str]) -> list[int]:
    """[0, end of piece 1, end of piece 2, ...] in UTF-8 bytes."""
    return [0, *itertools.accumulate(map(len, map(str.encode, pieces)))]


def grapheme_boundaries(text: str) -> list[int]:
    """Byte offsets where aksharas start, plus the end: "नमस्ते" -> [0, 3, 6, 18]."""
    return _byte_offsets(_GRAPHEME.findall(text))


def codepoint_boundaries(text: str) -> set[int]:
    return set(_byte_offsets(list(text)))


def relations(encoded: Encoded) -> list[Relation]:
    """Each token's Relation to the characters of `encoded.text`."""
    graphemes = set(grapheme_boundaries(encoded.text))
    codepoints = codepoint_boundaries(encoded.text)
    result = []
    for start, end in zip(encoded.starts, encoded.ends, strict=True):
        if start not in codepoints or end not in codepoints:
            result.append(Relation.PARTIAL)
        elif start not in graphemes or end not in graphemes:
            result.append(Relation.SPLIT)
        else:
            result.append(Relation.WHOLE)
    return result


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


def group(encoded: Encoded) -> Grouping:
    """Cut the text where a token ends on an akshara boundary; joined, segments give the text.

    A cut also falls where text no token covers begins or ends (SentencePiece drops some
    spaces); such a segment has no tokens. Zero-width tokens join the segment they end in.
    """
    data = encoded.text.encode("utf-8")
    boundaries = set(grapheme_boundaries(encoded.text))
    cuts = ((set(encoded.ends) | set(encoded.starts)) & boundaries) - {0}
    if data:
        cuts.add(len(data))
    bounds = [0, *sorted(cuts)]
    firsts = [0, *(bisect.bisect_right(encoded.ends, cut) for cut in bounds[1:])]
    if firsts[-1] < len(encoded):  # zero-width tokens of an empty text
        bounds.append(len(data))
        firsts.append(len(encoded))
    return Grouping(data, bounds, firsts)


def split_graphemes(encoded: Encoded) -> int:
    """How many aksharas have a token boundary inside them."""
    boundaries = grapheme_boundaries(encoded.text)
    inside = set(encoded.ends).difference(boundaries)
    return len({bisect.bisect_left(boundaries, offset) for offset in inside})


def partial_tokens(encoded: Encoded) -> int:
    """How many tokens start or end inside a code point (partial UTF-8 bytes)."""
    codepoints = codepoint_boundaries(encoded.text)
    pairs = zip(encoded.starts, encoded.ends, strict=True)
    return sum(1 for start, end in pairs if start not in codepoints or end not in codepoints)
