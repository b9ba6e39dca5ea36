"""Tokens vs. characters: group tokens into whole aksharas, and say how each token sits.

An akshara here is an extended grapheme cluster (`regex` `\\X`, Unicode 15.1+ rules keep
conjuncts like क्ष and स्ते whole). A segment is the shortest run of whole aksharas that
a run of whole tokens covers exactly, so it can be drawn as readable text and still show
that several tokens share it. Works on any tokenizer's `Encoded`, byte-exact or not.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

import regex

from .token import Encoded

_GRAPHEME = regex.compile(r"\X")


class Relation(str, Enum):
    """How a token's span sits against the characters of the text."""

    WHOLE = "whole"  # starts and ends at akshara boundaries
    SPLIT = "split"  # starts or ends between code points inside one akshara (क्|ष)
    PARTIAL = "partial"  # starts or ends inside a code point: partial UTF-8 bytes


@dataclass(frozen=True, slots=True)
class Segment:
    text: str
    start: int  # byte offsets into the UTF-8 text
    end: int
    token_indices: tuple[int, ...]  # empty: text no token covers (dropped by normalisation)


def grapheme_boundaries(text: str) -> list[int]:
    """Byte offsets where aksharas start, plus the end: "नमस्ते" -> [0, 3, 6, 18]."""
    offsets, position = [0], 0
    for match in _GRAPHEME.finditer(text):
        position += len(match.group().encode("utf-8"))
        offsets.append(position)
    return offsets


def codepoint_boundaries(text: str) -> set[int]:
    offsets, position = {0}, 0
    for char in text:
        position += len(char.encode("utf-8"))
        offsets.add(position)
    return offsets


def relations(encoded: Encoded) -> list[Relation]:
    """Each token's Relation to the characters of `encoded.text`."""
    graphemes = set(grapheme_boundaries(encoded.text))
    codepoints = codepoint_boundaries(encoded.text)
    result = []
    for token in encoded.tokens:
        edges = (token.start, token.end)
        if not all(e in codepoints for e in edges):
            result.append(Relation.PARTIAL)
        elif not all(e in graphemes for e in edges):
            result.append(Relation.SPLIT)
        else:
            result.append(Relation.WHOLE)
    return result


def group(encoded: Encoded) -> list[Segment]:
    """Cut the text where a token ends on an akshara boundary; joined, segments give the text."""
    data = encoded.text.encode("utf-8")
    boundaries = set(grapheme_boundaries(encoded.text))
    segments: list[Segment] = []
    start, members = 0, list[int]()

    def close(end: int) -> None:
        nonlocal start, members
        segments.append(Segment(data[start:end].decode("utf-8"), start, end, tuple(members)))
        start, members = end, []

    for index, token in enumerate(encoded.tokens):
        if token.start > start and not members and token.start in boundaries:
            close(token.start)  # text no token covers
        members.append(index)
        if token.end > start and token.end in boundaries:
            close(token.end)
    if start < len(data) or members:
        close(len(data))
    return segments
