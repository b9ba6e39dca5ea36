"""Watching BPE learn: the merges in rank order, and a sample sentence's tokens after each
merge, for the page's slider to redraw without asking the server again. The replay starts at
the first learned merge: the alphabet's seeded merges (each letter of the script a token
before training) are counted, not replayed. Pieces show whitespace as marks (text.py).
"""

from __future__ import annotations

import itertools
from typing import Any

from ..bpe import merge_pair
from ..pretokenize import normalize, split
from ..text import visible_piece
from ..tokenizer import IndicBPETokenizer

SAMPLE_CHARS = 240  # the sentence the slider redraws


def merges_table(tokenizer: IndicBPETokenizer) -> list[list[Any]]:
    """[rank (1 = first), left, right, result, count when merged ("alphabet": seeded)]."""
    vocab, counts = tokenizer.model.vocab, tokenizer.model.counts
    return [
        [
            rank + 1,
            visible_piece(vocab[a]),
            visible_piece(vocab[b]),
            visible_piece(vocab[new_id]),
            f"{counts[rank]:,}" if rank in counts else "alphabet",
        ]
        for rank, ((a, b), new_id) in enumerate(tokenizer.model.merges)
    ]


def sample_sentence(lines: list[str]) -> str:
    """The first line with text in it, shortened to about SAMPLE_CHARS characters."""
    for line in lines:
        if line.strip():
            return _shorten(line.strip())
    return ""


def _shorten(line: str) -> str:
    if len(line) <= SAMPLE_CHARS:
        return line
    cut = line.rfind(" ", 0, SAMPLE_CHARS)
    return line[: cut if cut > SAMPLE_CHARS // 2 else SAMPLE_CHARS]


def chunk_history(data: bytes, ranks: dict[tuple[int, int], tuple[int, int]]) -> list[Any]:
    """[[rank, ids], ...]: the chunk's ids before any merge (rank -1), then after each merge
    BPE applies to it. After merge k (1-based), the chunk is the last state whose rank < k."""
    ids = list(data)
    history: list[Any] = [[-1, ids]]
    while len(ids) >= 2:
        present = {p for p in itertools.pairwise(ids) if p in ranks}
        if not present:
            break
        best = min(present, key=lambda p: ranks[p][0])
        rank, new_id = ranks[best]
        ids = merge_pair(ids, best, new_id)
        history.append([rank, ids])
    return history


def seeded_merges(tokenizer: IndicBPETokenizer) -> int:
    """How many merges, first in rank order, seed the alphabet (learned merges have a count)."""
    counts = tokenizer.model.counts
    merges = len(tokenizer.model.merges)
    return next((r for r in range(merges) if r in counts), merges)


def sample_steps(tokenizer: IndicBPETokenizer, sample: str) -> dict[str, Any]:
    """What the browser needs to redraw `sample` after any merge k without asking again:
    each chunk's history, every id's text, how many merges seed the alphabet, and the learned
    merges (rank seeded + 1 on)."""
    ranks = tokenizer.model.ranks
    chunks = [
        chunk_history(c.encode("utf-8"), ranks) for c in split(normalize(sample), tokenizer.pattern)
    ]
    ids = {i for chunk in chunks for _, state in chunk for i in state}
    vocab = tokenizer.model.vocab
    return {
        "sample": sample,
        "total": len(tokenizer.model.merges),
        "chunks": chunks,
        "pieces": {str(i): visible_piece(vocab[i]) for i in sorted(ids)},
        "seeded": (seeded := seeded_merges(tokenizer)),
        "merges": [row[1:] for row in merges_table(tokenizer)[seeded:]],
    }
