"""Merge scoring by frequency × length (after Length-MAX, Dong et al. 2025), for the ablation.

BPE picks the pair with the highest count; here the pair with the highest
count × (bytes of the merged token) ** power, so longer tokens win ties with frequent short ones.
The merges still apply in the order learned, so tiktoken serves the result like any of ours
(ranks = ids). power 0 is plain BPE (the test checks the merges are the same). Word-level only:
no superword stage.
"""

from __future__ import annotations

import heapq
import itertools

from .. import bpe
from ..pretokenize import normalize, split
from ..tokenizer import ENDOFTEXT, IndicBPETokenizer

Pair = bpe.Pair


def train_scored(
    lines: list[str], vocab_size: int, *, name: str, alphabet: str, power: float
) -> IndicBPETokenizer:
    """Word-level BPE on `lines` (every character of `alphabet` a token first), scored."""
    counts = bpe.count_words(chunk for line in lines for chunk in split(normalize(line)))
    model = bpe.seed(bpe.BPEModel(), (c.encode("utf-8") for c in alphabet))
    ranks = model.ranks
    words = [bpe.encode_chunk(word, ranks) for word in counts]
    _learn(model, words, list(counts.values()), vocab_size - 1, power)
    return IndicBPETokenizer(name, model, special_tokens={ENDOFTEXT: len(model.vocab)})


def _learn(
    model: bpe.BPEModel, words: list[list[int]], counts: list[int], size: int, power: float
) -> None:
    """bpe.continue_training with the score count × length ** power instead of the count."""
    pair_counts: dict[Pair, int] = {}
    where: dict[Pair, set[int]] = {}
    for w, word in enumerate(words):
        for pair in itertools.pairwise(word):
            pair_counts[pair] = pair_counts.get(pair, 0) + counts[w]
            where.setdefault(pair, set()).add(w)
    heap: list[tuple[float, int, int, int, Pair, set[int]]] = []
    order = itertools.count()  # among equal keys, the earlier entry first (as bpe._PairQueue)

    def push(pair: Pair, in_words: set[int]) -> None:
        length = len(model.vocab[pair[0]]) + len(model.vocab[pair[1]])
        score = pair_counts[pair] * length**power
        key = (-score, bpe.tie_rank(pair[0]), bpe.tie_rank(pair[1]), next(order), pair, in_words)
        heapq.heappush(heap, key)

    for pair, in_words in where.items():
        push(pair, in_words)
    ids = {data: i for i, data in model.vocab.items()}
    while len(model.vocab) < size and heap:
        neg_score, _, _, _, pair, in_words = heapq.heappop(heap)
        length = len(model.vocab[pair[0]]) + len(model.vocab[pair[1]])
        if pair_counts[pair] < 1:
            continue
        if -neg_score != pair_counts[pair] * length**power:  # stale: count changed since
            push(pair, in_words)
            continue
        data = model.vocab[pair[0]] + model.vocab[pair[1]]
        new_id = ids.setdefault(data, len(model.vocab))
        model.vocab[new_id] = data
        model.merges.append((pair, new_id))
        touched: dict[Pair, set[int]] = {}
        for w in in_words:
            for changed, delta in bpe._merge_word(words[w], pair, new_id):
                pair_counts[changed] = pair_counts.get(changed, 0) + delta * counts[w]
                if delta > 0:
                    touched.setdefault(changed, set()).add(w)
        for changed, changed_words in touched.items():
            if pair_counts[changed] > 0:
                push(changed, changed_words)
