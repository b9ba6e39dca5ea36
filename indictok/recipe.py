"""How our tokenizers are trained: the recipe (every option of `python -m indictok train`,
the shipped choices as defaults), shared by the command line and the app's Lab, so "the same
settings" give the same merges wherever they are used.

The ablation (`python -m indictok ablation`) measures each choice; docs/ablations.md gives why.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from . import bpe
from .languages import LANGUAGES
from .pretokenize import GPT4_SPLIT_PATTERN, INDIC_SPLIT_PATTERN, PATTERN_VERSION
from .tokenizer import IndicBPETokenizer

DEFAULT_VOCAB_SIZE = 4999  # 256 bytes + 4,742 merges + 1 special token: under 5,000
SUPERWORD_MERGES = 1000  # the shipped superword stage
# The word stage's split patterns, by name (the superword stage follows indic-v1 only).
NO_SPLIT_PATTERN = r"[^\r\n]+|[\r\n]+"  # lines: BPE may merge across spaces and punctuation
WORD_PATTERNS = {
    PATTERN_VERSION: INDIC_SPLIT_PATTERN,
    "cl100k": GPT4_SPLIT_PATTERN,
    "none": NO_SPLIT_PATTERN,
}


@dataclass(frozen=True, kw_only=True)
class Recipe:
    """How our tokenizer is trained; the defaults are the shipped choice (docs/ablations.md)."""

    vocab_size: int = DEFAULT_VOCAB_SIZE
    superword_merges: int = SUPERWORD_MERGES  # the last merges may cross spaces (SuperBPE)
    max_words: int = 3  # words one superword token may span
    attach_punctuation: bool = True  # a run's last word takes the danda, comma, ? ! : ;
    alphabet: bool = True  # every character of the script's block is a token
    drop_zwj_lines: bool | None = None  # None: drop for the languages in corpus.DROP_...
    pattern: str = PATTERN_VERSION  # the word stage's split pattern: a WORD_PATTERNS key


def auto_superword_merges(vocab_size: int) -> int:
    """The superword stage for a vocabulary size: a quarter of the merges, at most 1,000
    (1,000 at 4,999 ids, the shipped choice)."""
    return max(0, min(SUPERWORD_MERGES, (vocab_size - 257) // 4))


def alphabet_fits(alphabet: str, recipe: Recipe) -> bool:
    """Whether the alphabet's tokens fit in the word stage's merges (a vocabulary of a few
    hundred ids has no room for 120 letters; they are then left to the learned merges)."""
    word_stage = recipe.vocab_size - 1 - 256 - recipe.superword_merges  # 1 special token
    seeded = bpe.seed(bpe.BPEModel(), (c.encode("utf-8") for c in alphabet))
    return len(seeded.merges) <= word_stage


def train_with(
    lang: str,
    recipe: Recipe,
    lines: list[str],
    on_merge: Callable[[int], None] | None = None,
    name: str = "",
) -> IndicBPETokenizer:
    """Train `lang`'s tokenizer on `lines` following `recipe` (cleaning is the caller's)."""
    if recipe.pattern not in WORD_PATTERNS:
        raise ValueError(f"unknown split pattern {recipe.pattern!r}: {', '.join(WORD_PATTERNS)}")
    alphabet = LANGUAGES[lang].alphabet if recipe.alphabet and lang in LANGUAGES else ""
    if not alphabet_fits(alphabet, recipe):
        alphabet = ""
    return IndicBPETokenizer.train(
        lines,
        recipe.vocab_size,
        name=name or f"indic-bpe-{lang}",
        superword_merges=recipe.superword_merges,
        max_words=recipe.max_words,
        attach_punctuation=recipe.attach_punctuation,
        alphabet=alphabet,
        on_merge=on_merge,
        pattern=WORD_PATTERNS[recipe.pattern],
        pattern_version=recipe.pattern,
    )
