"""How our tokenizers are trained: the recipe (every option of `python -m indictok train`,
the shipped choices as defaults) and the training text it reads.

The ablation (`python -m indictok ablation`) measures each choice; the README gives why.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ..languages import LANGUAGES
from ..tokenizer import IndicBPETokenizer
from . import corpus

DEFAULT_VOCAB_SIZE = 4999  # 256 bytes + 4,742 merges + 1 special token: under 5,000


@dataclass(frozen=True, kw_only=True)
class Recipe:
    """How our tokenizer is trained; the defaults are the shipped choice (README: ablation)."""

    vocab_size: int = DEFAULT_VOCAB_SIZE
    superword_merges: int = 1000  # the last merges may cross spaces (SuperBPE stage)
    max_words: int = 3  # words one superword token may span
    attach_punctuation: bool = True  # a run's last word takes the danda, comma, ? ! : ;
    alphabet: bool = True  # every character of the script's block is a token
    drop_zwj_lines: bool | None = None  # None: drop for the languages in corpus.DROP_...


def training_lines(lang: str, recipe: Recipe) -> list[str]:
    """`train/<lang>.txt` (with line ends), cleaned as the recipe says."""
    lines = corpus.read_training_lines(corpus.train_file(lang))
    drop = recipe.drop_zwj_lines
    if drop or (drop is None and lang in corpus.DROP_ZWJ_LINES_BY_DEFAULT):
        lines = corpus.without_mark_zwj_lines(lines)
    return lines


def train_with(
    lang: str,
    recipe: Recipe,
    lines: list[str],
    on_merge: Callable[[int], None] | None = None,
) -> IndicBPETokenizer:
    """Train `lang`'s tokenizer on `lines` following `recipe`."""
    return IndicBPETokenizer.train(
        lines, recipe.vocab_size, name=f"indic-bpe-{lang}",
        superword_merges=recipe.superword_merges, max_words=recipe.max_words,
        attach_punctuation=recipe.attach_punctuation,
        alphabet=LANGUAGES[lang].alphabet if recipe.alphabet else "", on_merge=on_merge,
    )  # fmt: skip
