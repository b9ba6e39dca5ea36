"""Where files are: the tokenizer store, the page's assets, our model files' names, the
checkout, and the shared training corpus (absent on the Space).

Not here: the store's sha256 hashes (checksums.py), which tokenizers exist (catalog.py),
reading the files (backends/, tokenizer.py) and the loaded tokenizers (loaded.py).
"""

from __future__ import annotations

import os
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
# `pip install .` copies tokenizers_store/ into the package (pyproject.toml, package-dir).
INSTALLED_STORE = Path(__file__).resolve().parent / "tokenizers_store"
# ... and assets/ (the page's script, style, examples and reference texts) into the package.
INSTALLED_ASSETS = Path(__file__).resolve().parent / "assets"


def store_dir() -> Path:
    """Where the tokenizer files are: $INDICTOK_STORE if set (tests point it at a damaged
    copy), else the copy installed with the package, else tokenizers_store/ of the checkout."""
    if os.environ.get("INDICTOK_STORE"):
        return Path(os.environ["INDICTOK_STORE"])
    return INSTALLED_STORE if INSTALLED_STORE.is_dir() else REPO_ROOT / "tokenizers_store"


STORE_DIR = store_dir()


def training_dir() -> Path:
    """Where `indictok train` writes unless told: the store of a checkout (or
    $INDICTOK_STORE); for an installed package, tokenizers_store/ in the current folder,
    never the installed package itself."""
    if os.environ.get("INDICTOK_STORE") or STORE_DIR != INSTALLED_STORE:
        return STORE_DIR
    return Path.cwd() / "tokenizers_store"


def assets_dir() -> Path:
    """The page's files: the copy installed with the package, else assets/ of the checkout."""
    return INSTALLED_ASSETS if INSTALLED_ASSETS.is_dir() else REPO_ROOT / "assets"


ASSETS_DIR = assets_dir()
LEADERBOARD_CSV = ASSETS_DIR / "leaderboard.csv"  # written by `indictok leaderboard`


def model_file(lang: str) -> str:
    """Our tokenizer's model file for `lang`, relative to the store: "indic_bpe_hi.model"."""
    return f"{model_stem(lang)}.model"


def model_stem(lang: str) -> str:
    """The name every file of our `lang` tokenizer starts with: "indic_bpe_hi"."""
    return f"indic_bpe_{lang}"


def transformers_dir(lang: str, store: Path = STORE_DIR) -> Path:
    """The transformers folder of our tokenizer for `lang` (its tokenizer.json is the HF export)."""
    return store / "transformers" / model_stem(lang)


def corpus_dir() -> Path:
    """The shared corpus: $INDICTOK_CORPUS if set, else `../shared/corpus` next to the
    checkout; FileNotFoundError saying how to set it when it is absent (as on the Space)."""
    folder = Path(os.environ.get("INDICTOK_CORPUS") or REPO_ROOT.parent / "shared" / "corpus")
    if not (folder / "train").is_dir():
        raise FileNotFoundError(
            f"corpus not found in {folder}: set INDICTOK_CORPUS to the folder holding train/ "
            "and eval/ (default: ../shared/corpus beside this checkout)"
        )
    return folder


def train_file(lang: str) -> Path:
    """The corpus's training text for `lang`; FileNotFoundError if it is absent."""
    path = corpus_dir() / "train" / f"{lang}.txt"
    if not path.is_file():
        raise FileNotFoundError(f"{path} does not exist")
    return path
