"""The compression ablation: each training choice for the Hindi tokenizer, measured alone and
together, on the two held-out Hindi files, beside o200k_base and SentencePiece at 5k.

`python -m indictok ablation [--write-readme]` trains every variant in one run (about two
minutes on 2 cores) and prints one table; the shipped model's row is measured from its file.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import replace

from .. import registry
from ..backends import Backend, IndicBPEBackend
from ..metrics import Stats, measure_lines
from . import corpus
from .training import Recipe, train_with, training_lines

COMMAND = "python -m indictok ablation --write-readme"
PLAIN = Recipe(superword_merges=0, alphabet=False, drop_zwj_lines=False)
SHIPPED = Recipe()


def _latin_of_other_languages(lines: list[str]) -> list[str]:
    """Add each Latin-script word of the other languages' training files once (no eval text)."""
    latin = re.compile(r"[A-Za-z][A-Za-z'’]*[A-Za-z]")
    words: set[str] = set()
    for lang in ("mr", "ne", "bn", "gu", "pa", "ta", "te", "kn", "ml", "ur"):
        for line in corpus.read_training_lines(corpus.train_file(lang)):
            words.update(latin.findall(line))
    return lines + [word + "\n" for word in sorted(words)]


def _replace_zwj_instead(lines: list[str]) -> list[str]:
    return [line.replace("\u094d\u200d", "\u094d") for line in lines]


Variant = tuple[str, Recipe, Callable[[list[str]], list[str]] | None]
VARIANTS: list[Variant] = [
    ("plain BPE, indic-v1 pattern, every line", PLAIN, None),
    ("+ alphabet only", replace(PLAIN, alphabet=True), None),
    ("+ drop virama-ZWJ lines only", replace(PLAIN, drop_zwj_lines=True), None),
    ("+ superword stage only (1000 merges, ≤ 3 words, with punctuation)",
     replace(PLAIN, superword_merges=1000), None),
    ("superword + drop lines", replace(SHIPPED, alphabet=False), None),
    ("superword + alphabet, every line", replace(SHIPPED, drop_zwj_lines=False), None),
    ("superword + alphabet, ZWJ removed instead of lines dropped",
     replace(SHIPPED, drop_zwj_lines=False), _replace_zwj_instead),
    ("**shipped**: superword (1000, with punctuation) + drop lines + alphabet", SHIPPED, None),
    ("shipped, without punctuation in superwords",
     replace(SHIPPED, attach_punctuation=False), None),
    ("shipped, superwords ≤ 2 words", replace(SHIPPED, max_words=2), None),
    ("shipped, 500 superword merges", replace(SHIPPED, superword_merges=500), None),
    ("shipped, 2000 superword merges", replace(SHIPPED, superword_merges=2000), None),
    ("shipped, 4000 superword merges", replace(SHIPPED, superword_merges=4000), None),
    ("shipped + each Latin word of the other languages' training text once", SHIPPED,
     _latin_of_other_languages),
]  # fmt: skip
BESIDE = ("o200k_base", "spm-bpe-hi", "spm-unigram-hi")


def held_out() -> dict[str, list[str]]:
    return {p.parent.name: corpus.read_lines(p) for p in corpus.eval_files("hi")}


def measure(backend: Backend, files: dict[str, list[str]]) -> dict[str, Stats]:
    return {name: measure_lines(backend, lines)[0] for name, lines in files.items()}


def frequent_words(files: dict[str, list[str]]) -> list[str]:
    """The 1,000 most frequent words of the held-out files, each with its leading space
    (the form a word takes inside a sentence)."""
    counts = Counter(word for lines in files.values() for line in lines for word in line.split())
    return [" " + word for word, _ in counts.most_common(1000)]


def whole_words(backend: Backend, words: list[str]) -> int:
    """How many of `words` the tokenizer keeps as one token."""
    return sum(len(backend.encode_ids(word)) == 1 for word in words)


def row(label: str, vocab: int, totals: dict[str, Stats], whole: int) -> str:
    cells = [
        f"{t.tokens_per_word:.3f} | {t.bytes_per_token:.2f} | {t.chars_per_token:.3f}"
        for t in totals.values()
    ]
    return f"| {label} | {vocab:,} | " + " | ".join(cells) + f" | {whole:,} |"


def build() -> str:
    from tqdm import tqdm

    files = held_out()
    words = frequent_words(files)
    names = " | ".join(f"{n}: tokens/word | bytes/token | chars/token" for n in files)
    header = f"| variant | vocab | {names} | frequent words whole (of 1,000) |"
    rows = [header, "|---|---:|" + "---:|---:|---:|" * len(files) + "---:|"]
    for label, recipe, more_lines in tqdm(VARIANTS, desc="ablation", unit="variant"):
        lines = training_lines("hi", recipe)
        tokenizer = train_with("hi", recipe, more_lines(lines) if more_lines else lines)
        backend: Backend = IndicBPEBackend("variant", tokenizer)
        rows.append(row(label, tokenizer.vocab_size, measure(backend, files),
                        whole_words(backend, words)))  # fmt: skip
    shipped = registry.get("indic-bpe-hi")
    rows.append(row("the shipped file, `indic_bpe_hi.model`", shipped.vocab_size,
                    measure(shipped, files), whole_words(shipped, words)))  # fmt: skip
    for name in BESIDE:
        backend = registry.get(name)
        rows.append(row(f"{name} (for comparison)", backend.vocab_size, measure(backend, files),
                        whole_words(backend, words)))  # fmt: skip
    return "\n".join(rows)
