"""Reading the shared corpus (paths.corpus_dir finds it): its held-out files, extra text
and line cleaning. The corpus is never copied into the repo."""

from __future__ import annotations

import re
from pathlib import Path

from ..paths import corpus_dir

EVAL_SETS = ("flores200_devtest", "wikipedia")


def eval_file(eval_set: str, lang: str) -> Path:
    return _existing(corpus_dir() / "eval" / eval_set / f"{lang}.txt")


def eval_files(lang: str) -> list[Path]:
    """The held-out files for `lang` that exist, FLORES first."""
    found = (corpus_dir() / "eval" / s / f"{lang}.txt" for s in EVAL_SETS)
    return [path for path in found if path.is_file()]


def extra_files(lang: str) -> list[Path]:
    """`extra/<lang>/*.txt`: candidate training text beyond train/ (measured by the ablation)."""
    return sorted((corpus_dir() / "extra" / lang).glob("*.txt"))


def read_lines(path: Path) -> list[str]:
    """Lines without their line ends (held-out text is measured line by line)."""
    return path.read_text(encoding="utf-8").splitlines()


def read_training_lines(path: Path) -> list[str]:
    """Lines *with* their line ends, so newline chunks are counted as they occur."""
    return path.read_text(encoding="utf-8").splitlines(keepends=True)


# Hindi training text: the New Testament translation (about a quarter of the lines) writes a
# ZERO WIDTH JOINER after almost every virama ("क्‍या"), a 19th-century convention that modern
# text does not use; its lines also use archaic vocabulary. Dropping them (`train
# --drop-zwj-lines`, the default for Hindi only) lowers tokens/word on both held-out files.
DROP_ZWJ_LINES_BY_DEFAULT = ("hi",)
_MARK_ZWJ = re.compile("[\u0900-\u0dff]\u200d")  # a sign of an Indic script, then ZWJ


def without_mark_zwj_lines(lines: list[str]) -> list[str]:
    """The lines that do not write ZWJ right after an Indic-script sign or letter."""
    return [line for line in lines if not _MARK_ZWJ.search(line)]


def _existing(path: Path) -> Path:
    if not path.is_file():
        raise FileNotFoundError(f"{path} does not exist")
    return path
