"""The training text our tokenizers read, cleaned as the recipe says. The recipe itself
(`Recipe`, `train_with`) is in indictok/recipe.py, shared with the app's Lab."""

from __future__ import annotations

from .. import paths
from ..recipe import DEFAULT_VOCAB_SIZE, Recipe, train_with
from . import corpus

__all__ = ["DEFAULT_VOCAB_SIZE", "Recipe", "train_with", "training_lines"]


def training_lines(lang: str, recipe: Recipe) -> list[str]:
    """`train/<lang>.txt` (with line ends), cleaned as the recipe says."""
    lines = corpus.read_training_lines(paths.train_file(lang))
    drop = recipe.drop_zwj_lines
    if drop or (drop is None and lang in corpus.DROP_ZWJ_LINES_BY_DEFAULT):
        lines = corpus.without_mark_zwj_lines(lines)
    return lines
