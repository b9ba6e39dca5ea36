"""Byte-pair encoding on integer ids: training, encoding and the vocabulary it implies.

Pure Python, no regex, no I/O. A "word" here is one pre-token chunk (see pretokenize.py)
as a list of ids; ids 0..255 are the raw bytes, later ids are merged tokens.

Training is incremental, like HF `tokenizers`' BpeTrainer and SentencePiece: pair counts are
kept over the *unique* chunks (each weighted by how often it occurs) and updated after each
merge from the few words that contain the merged pair, instead of being recounted.

Tie-breaking (documented because it decides which merges you get): among pairs with the
same count, the pair whose ids sort first in *BpeTrainer's id order* wins. BpeTrainer numbers
the 256 byte symbols by the code point of their GPT-2 "byte-level" character (printable
bytes first: '!'..'~', '¡'..'¬', '®'..'ÿ', then the rest), and merged tokens by creation
order. Using the same order makes our merges identical to BpeTrainer's, which the tests and
the benchmark check.
"""

from __future__ import annotations

import heapq
import itertools
from array import array
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass, field

Pair = tuple[int, int]


def printable_bytes() -> list[int]:
    """The bytes GPT-2's byte-level alphabet shows as themselves ("!".."~", "¡".."¬", "®".."ÿ")."""
    return [*range(ord("!"), ord("~") + 1), *range(ord("¡"), ord("¬") + 1), *range(ord("®"), 256)]


def byte_level_order() -> list[int]:
    """Byte values in BpeTrainer's order: printable bytes first, then the remapped ones."""
    printable = printable_bytes()
    return printable + [b for b in range(256) if b not in printable]


_TIE_RANK = {byte: rank for rank, byte in enumerate(byte_level_order())}


def tie_rank(token_id: int) -> int:
    """Position of a token in BpeTrainer's id order (bytes remapped, merged ids unchanged)."""
    return _TIE_RANK.get(token_id, token_id)


@dataclass
class BPEModel:
    """The result of training: merges in the order learned, and the vocabulary they build."""

    merges: list[tuple[Pair, int]] = field(default_factory=list)  # ((left, right), new id)
    vocab: dict[int, bytes] = field(default_factory=lambda: {i: bytes([i]) for i in range(256)})
    # merge rank -> the pair's count when it was merged (learned merges only; not saved)
    counts: dict[int, int] = field(default_factory=dict, compare=False, repr=False)

    @property
    def ranks(self) -> dict[Pair, tuple[int, int]]:
        """pair -> (merge rank, new id); lower rank merges first."""
        return {pair: (rank, new_id) for rank, (pair, new_id) in enumerate(self.merges)}


# ---------------------------------------------------------------------------------------
# training


def _merge_word(word: list[int], pair: Pair, new_id: int) -> list[tuple[Pair, int]]:
    """Replace every occurrence of `pair` in `word` (left to right, in place).

    Returns the pair-count changes it causes, e.g. merging (a, b) in [x, a, b, y] gives
    (x,a) -1, (x,ab) +1, (b,y) -1, (ab,y) +1. Same bookkeeping as BpeTrainer's Word::merge,
    in one pass: linear in the word's length however many occurrences it holds (a chunk of
    200,000 × "a" would otherwise cost a list shift per occurrence).
    """
    left, right = pair
    changes: list[tuple[Pair, int]] = []
    merged: list[int] = []
    i, n = 0, len(word)
    while i < n:
        if i < n - 1 and word[i] == left and word[i + 1] == right:
            if merged:
                changes.append(((merged[-1], left), -1))
                changes.append(((merged[-1], new_id), 1))
            merged.append(new_id)
            i += 2
            if i < n:
                changes.append(((right, word[i]), -1))
                changes.append(((new_id, word[i]), 1))
        else:
            merged.append(word[i])
            i += 1
    word[:] = merged
    return changes


class _PairQueue:
    """Max-heap of candidate merges (count, tie order) with lazily re-checked counts."""

    def __init__(self) -> None:
        self._heap: list[tuple[int, int, int, int, Pair, Collection[int]]] = []
        self._pushed = 0

    def push(self, pair: Pair, count: int, where: Collection[int]) -> None:
        self._pushed += 1
        key = (-count, tie_rank(pair[0]), tie_rank(pair[1]), self._pushed, pair, where)
        heapq.heappush(self._heap, key)

    def pop_best(self, pair_counts: dict[Pair, int]) -> tuple[Pair, int, Collection[int]] | None:
        """The pair with the highest *current* count; stale entries are re-queued."""
        while self._heap:
            neg_count, _, _, _, pair, where = heapq.heappop(self._heap)
            current = pair_counts[pair]
            if current == -neg_count:
                return pair, current, where
            self.push(pair, current, where)
        return None


def train(
    word_counts: dict[bytes, int],
    vocab_size: int,
    on_merge: Callable[[int], None] | None = None,
) -> BPEModel:
    """Learn merges until the vocabulary (256 bytes + new tokens) reaches `vocab_size`.

    `word_counts` maps each unique chunk's UTF-8 bytes to how often it occurs.
    Example: train({b"aaabdaaabac": 1}, 259) learns 256 = "aa" (count 4: overlapping
    occurrences count, as in BpeTrainer), 257 = "ab" (ties with aa+a at 2; 'a' sorts
    first), 258 = "aaab".
    """
    if vocab_size < 256:
        raise ValueError(f"vocab_size must be at least 256 (the byte alphabet), got {vocab_size}")
    words = {tuple(chunk): count for chunk, count in word_counts.items()}
    return continue_training(BPEModel(), words, vocab_size, on_merge=on_merge)


def seed(model: BPEModel, tokens: Iterable[bytes]) -> BPEModel:
    """Add merges so that each of `tokens` is one token, built left to right
    (b"\xe0\xa5\xa7" -> (e0 a5), then (e0a5 a7)); merges that exist are reused. Used to give
    every letter and digit of a script its own token, however rare it is in training."""
    ids = {data: i for i, data in model.vocab.items()}
    for token in tokens:
        for end in range(2, len(token) + 1):
            data = token[:end]
            if data not in ids:
                ids[data] = new_id = len(model.vocab)
                model.vocab[new_id] = data
                model.merges.append(((ids[token[: end - 1]], token[end - 1]), new_id))
    return model


def continue_training(
    model: BPEModel,
    word_counts: dict[tuple[int, ...], int],
    vocab_size: int,
    *,
    on_merge: Callable[[int], None] | None = None,
    accept: Callable[[bytes], bool] | None = None,
) -> BPEModel:
    """Add merges to `model` until its vocabulary reaches `vocab_size`.

    `word_counts` maps each unique chunk, already encoded with `model`'s merges, to its
    count. `accept(token_bytes)` may refuse a merge (the pair is then never merged); the
    superword stage uses it to cap how many words one token may span.
    """
    token_ids = {token: i for i, token in model.vocab.items()}
    words = [list(word) for word in word_counts]
    counts = array("q", word_counts.values())
    pair_counts, queue = _count_pairs(words, counts)
    refused: set[Pair] = set()
    while len(model.vocab) < vocab_size:
        best = queue.pop_best(pair_counts)
        if best is None or best[1] < 1:
            break  # nothing left to merge: every chunk is a single token
        pair, count, positions = best
        data = model.vocab[pair[0]] + model.vocab[pair[1]]
        if pair in refused or (accept is not None and not accept(data)):
            refused.add(pair)
            continue
        # mint the new token, or reuse the id if these bytes are already a token
        new_id = token_ids.setdefault(data, len(model.vocab))
        model.vocab[new_id] = data
        model.counts[len(model.merges)] = count
        model.merges.append((pair, new_id))
        touched = _merge_in_words(words, counts, positions, pair, new_id, pair_counts)
        for changed, in_words in touched.items():
            if pair_counts[changed] > 0 and changed not in refused:
                queue.push(changed, pair_counts[changed], in_words)
        if on_merge is not None:
            on_merge(len(model.merges))
    return model


def _count_pairs(words: list[list[int]], counts: array[int]) -> tuple[dict[Pair, int], _PairQueue]:
    """Every adjacent pair's count over the unique words, weighted by word frequency, and the
    queue of pairs with the words each occurs in."""
    pair_counts: dict[Pair, int] = {}
    # the words each pair occurs in, in word order: 4 bytes a word (a set costs ~10 times
    # that, a gigabyte for a 20 MB corpus of distinct words)
    where: dict[Pair, array[int]] = {}
    seen: dict[Pair, int] = {}  # the last word each pair was recorded for
    for w, (word, count) in enumerate(zip(words, counts, strict=True)):
        for pair in itertools.pairwise(word):
            pair_counts[pair] = pair_counts.get(pair, 0) + count
            if seen.get(pair) != w:
                seen[pair] = w
                where.setdefault(pair, array("i")).append(w)
    del seen
    queue = _PairQueue()
    for pair, positions in where.items():
        queue.push(pair, pair_counts[pair], positions)
    return pair_counts, queue


def _merge_in_words(
    words: list[list[int]],
    counts: array[int],
    positions: Iterable[int],
    pair: Pair,
    new_id: int,
    pair_counts: dict[Pair, int],
) -> dict[Pair, set[int]]:
    """Merge `pair` into `new_id` in the words at `positions`, apply the count changes it
    causes to `pair_counts`, and give the pairs it created with the words they are in."""
    touched: dict[Pair, set[int]] = {}
    for w in positions:
        for changed, delta in _merge_word(words[w], pair, new_id):
            pair_counts[changed] = pair_counts.get(changed, 0) + delta * counts[w]
            if delta > 0:
                touched.setdefault(changed, set()).add(w)
    return touched


def count_words(chunks: Iterable[str]) -> dict[bytes, int]:
    """Count unique chunks by their UTF-8 bytes, in order of first appearance."""
    counts: dict[bytes, int] = {}
    for chunk in chunks:
        key = chunk.encode("utf-8")
        counts[key] = counts.get(key, 0) + 1
    return counts


# ---------------------------------------------------------------------------------------
# encoding and decoding


def encode_chunk(data: bytes, ranks: dict[Pair, tuple[int, int]]) -> list[int]:
    """Apply learned merges to one chunk, lowest merge rank first (minbpe's loop).

    Example, with merges [(97, 97) -> 256]: encode_chunk(b"aaab", ...) -> [256, 97, 98].
    """
    ids = list(data)
    while len(ids) >= 2:
        pairs = set(itertools.pairwise(ids))
        best = min(pairs, key=lambda p: ranks.get(p, (float("inf"), 0))[0])
        if best not in ranks:
            break  # nothing else can be merged
        ids = merge_pair(ids, best, ranks[best][1])
    return ids


def merge_pair(ids: list[int], pair: Pair, new_id: int) -> list[int]:
    """`ids` with every occurrence of `pair`, left to right, replaced by `new_id`."""
    merged: list[int] = []
    i = 0
    while i < len(ids):
        if i < len(ids) - 1 and (ids[i], ids[i + 1]) == pair:
            merged.append(new_id)
            i += 2
        else:
            merged.append(ids[i])
            i += 1
    return merged
