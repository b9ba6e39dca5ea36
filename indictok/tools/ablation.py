"""The compression ablation: each training choice for one language's tokenizer, measured alone
and together on that language's held-out files, beside SentencePiece BPE and unigram trained in
the same run on the same lines, o200k_base and the shipped file.

`python -m indictok ablation --lang ta [--write-docs]` trains every variant from scratch in
one run (one to four minutes per language on 2 cores); `--lang all` does every language.
Tokens/word is given on the even lines of each held-out file (the tuning half: choices are
made on it), the odd lines (the check half) and the whole file.
"""

from __future__ import annotations

import re
import tempfile
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

from .. import loaded, paths
from ..backends import Backend, IndicBPEBackend, SentencePieceBackend
from ..languages import LANGUAGES
from ..metrics import Stats, measure_lines
from ..tokenizer import IndicBPETokenizer
from . import corpus
from .scored_bpe import train_scored
from .training import Recipe, train_with, training_lines

COMMAND = "python -m indictok ablation --lang {lang} --write-docs"
PLAIN = Recipe(superword_merges=0, alphabet=False, drop_zwj_lines=False)
SHIPPED = Recipe()
EXTRA_LINES = 20_000  # an extra/ source is capped at its first lines (Malayalam Wikipedia: 5 MB)
RELATED = {"hi": "mr", "mr": "hi", "ne": "hi"}  # same script, related language: data mixing
MIX_SHARE = 4  # mixing adds related-language lines up to 1/MIX_SHARE of the language's own


def _latin_of_other_languages(lang: str, lines: list[str]) -> list[str]:
    """Add each Latin-script word of the other languages' training files once (no eval text)."""
    latin = re.compile(r"[A-Za-z][A-Za-z'’]*[A-Za-z]")
    words: set[str] = set()
    for other in LANGUAGES:
        if other != lang:
            for line in corpus.read_training_lines(paths.train_file(other)):
                words.update(latin.findall(line))
    return lines + [word + "\n" for word in sorted(words)]


def _replace_zwj_instead(lines: list[str]) -> list[str]:
    return [re.sub("([\u0900-\u0dff])\u200d", r"\1", line) for line in lines]


def _with_extra(path: Path) -> Callable[[list[str]], list[str]]:
    return lambda lines: lines + corpus.read_training_lines(path)[:EXTRA_LINES]


def _with_related(other: str) -> Callable[[list[str]], list[str]]:
    def mix(lines: list[str]) -> list[str]:
        budget, added = sum(map(len, lines)) // MIX_SHARE, []
        for line in corpus.read_training_lines(paths.train_file(other)):
            if budget <= 0:
                break
            added.append(line)
            budget -= len(line)
        return lines + added

    return mix


@dataclass(frozen=True)
class Variant:
    label: str
    recipe: Recipe
    more_lines: Callable[[list[str]], list[str]] | None = None
    new_data: bool = False  # trained on other lines than SHIPPED: SentencePiece BPE gets them too
    length_power: float | None = None  # merges scored by count × length ** power (scored_bpe)


def variants(lang: str) -> list[Variant]:
    """Every lever, one row each; the data levers depend on what the corpus holds for `lang`."""
    rows = [
        Variant("plain BPE, indic-v1 pattern, every line", PLAIN),
        Variant("+ alphabet only", replace(PLAIN, alphabet=True)),
        *(
            Variant(
                f"+ alphabet only, merges scored by count × bytes^{p} (Length-MAX style)",
                replace(PLAIN, alphabet=True),
                length_power=p,
            )
            for p in (0.5, -0.25)
        ),
        Variant("+ drop mark-ZWJ lines only", replace(PLAIN, drop_zwj_lines=True)),
        Variant(
            "+ superword stage only (1000 merges, ≤ 3 words, with punctuation)",
            replace(PLAIN, superword_merges=1000),
        ),
        Variant("superword + drop lines", replace(SHIPPED, alphabet=False, drop_zwj_lines=True)),
        Variant("superword + alphabet, every line", replace(SHIPPED, drop_zwj_lines=False)),
        Variant(
            "superword + alphabet, ZWJ after a sign removed instead of lines dropped",
            replace(SHIPPED, drop_zwj_lines=False),
            _replace_zwj_instead,
        ),
        Variant("**shipped recipe** (`train` defaults)", SHIPPED),
        Variant("shipped + drop mark-ZWJ lines", replace(SHIPPED, drop_zwj_lines=True)),
        Variant(
            "shipped, without punctuation in superwords", replace(SHIPPED, attach_punctuation=False)
        ),
        Variant("shipped, superwords ≤ 2 words", replace(SHIPPED, max_words=2)),
        Variant("shipped, superwords ≤ 4 words", replace(SHIPPED, max_words=4)),
        *(
            Variant(f"shipped, {n} superword merges", replace(SHIPPED, superword_merges=n))
            for n in (500, 2000, 4000)
        ),
        Variant(
            "shipped at 5,250 ids (over budget: about the byte ids SentencePiece need not spend)",
            replace(SHIPPED, vocab_size=5250),
        ),
        Variant(
            "shipped + each Latin word of the other languages' training text once",
            SHIPPED,
            lambda lines: _latin_of_other_languages(lang, lines),
            new_data=True,
        ),
    ]
    for path in corpus.extra_files(lang):
        label = f"shipped + `extra/{lang}/{path.name}` (first {EXTRA_LINES:,} lines)"
        rows.append(Variant(label, SHIPPED, _with_extra(path), new_data=True))
    if lang in RELATED:
        other = RELATED[lang]
        label = f"shipped + `train/{other}.txt` up to 1/{MIX_SHARE} of the {lang} text's size"
        rows.append(Variant(label, SHIPPED, _with_related(other), new_data=True))
    return rows


def _train(lang: str, variant: Variant, lines: list[str]) -> IndicBPETokenizer:
    if variant.length_power is None:
        return train_with(lang, variant.recipe, lines)
    alphabet = LANGUAGES[lang].alphabet if variant.recipe.alphabet else ""
    return train_scored(
        lines,
        variant.recipe.vocab_size,
        name="variant",
        alphabet=alphabet,
        power=variant.length_power,
    )


def held_out(lang: str) -> dict[str, list[str]]:
    return {p.parent.name: corpus.read_lines(p) for p in corpus.eval_files(lang)}


def measure(backend: Backend, files: dict[str, list[str]]) -> list[Stats]:
    """Per file: the even lines (tuning half), the odd lines (check half), the whole file."""
    halves: list[Stats] = []
    for lines in files.values():
        even, odd = measure_lines(backend, lines[0::2])[0], measure_lines(backend, lines[1::2])[0]
        halves += [even, odd, even + odd]
    return halves


def frequent_words(files: dict[str, list[str]]) -> list[str]:
    """The 1,000 most frequent words of the held-out files, each with its leading space
    (the form a word takes inside a sentence)."""
    counts = Counter(word for lines in files.values() for line in lines for word in line.split())
    return [" " + word for word, _ in counts.most_common(1000)]


def whole_words(backend: Backend, words: list[str]) -> int:
    """How many of `words` the tokenizer keeps as one token."""
    return sum(len(backend.encode_ids(word)) == 1 for word in words)


def row(label: str, backend: Backend, files: dict[str, list[str]], words: list[str]) -> str:
    stats = measure(backend, files)
    cells = [f"{s.tokens_per_word:.3f}" for s in stats]
    cells[2::3] = [f"**{s.tokens_per_word:.3f}** | {s.bytes_per_token:.2f}" for s in stats[2::3]]
    whole = whole_words(backend, words)
    return f"| {label} | {backend.vocab_size:,} | " + " | ".join(cells) + f" | {whole:,} |"


def sentencepiece(kind: str, lines: list[str], folder: Path) -> Backend:
    """SentencePiece (`kind`: bpe or unigram) with its defaults, trained on `lines`, at most
    4,999 pieces (unigram finds fewer in Punjabi's text: the vocab column says how many)."""
    import sentencepiece as spm

    text = folder / f"{kind}-{len(list(folder.iterdir()))}.txt"
    text.write_text("".join(lines), encoding="utf-8")
    prefix = text.with_suffix("")
    spm.SentencePieceTrainer.train(
        input=str(text),
        model_prefix=str(prefix),
        vocab_size=SHIPPED.vocab_size,
        model_type=kind,
        num_threads=2,
        minloglevel=2,
        hard_vocab_limit=False,
    )
    return SentencePieceBackend(f"spm-{kind}", prefix.with_suffix(".model"))


def build(lang: str = "hi") -> str:
    from tqdm import tqdm

    files = held_out(lang)
    words = frequent_words(files)
    names = " | ".join(
        f"{n}: even (tuning) | odd | all | bytes/token" for n in files
    )  # tokens/word, then bytes/token of the whole file
    header = f"| variant ({lang}) | vocab | {names} | frequent words whole (of 1,000) |"
    rows = [header, "|---|---:|" + "---:|---:|---:|---:|" * len(files) + "---:|"]
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for variant in tqdm(variants(lang), desc=f"ablation ({lang})", unit="variant"):
            lines = training_lines(lang, variant.recipe)
            lines = variant.more_lines(lines) if variant.more_lines else lines
            tokenizer = _train(lang, variant, lines)
            rows.append(row(variant.label, IndicBPEBackend("variant", tokenizer), files, words))
            if variant.new_data:
                backend = sentencepiece("bpe", lines, folder)
                rows.append(row("  SentencePiece BPE on the same lines", backend, files, words))
        shipped_lines = training_lines(lang, SHIPPED)
        for kind in ("bpe", "unigram"):
            label = f"SentencePiece {kind}, the shipped recipe's lines (this run)"
            rows.append(row(label, sentencepiece(kind, shipped_lines, folder), files, words))
    for name in (f"indic-bpe-{lang}", "o200k_base"):
        rows.append(row(f"`{name}` (the store's file)", loaded.get(name), files, words))
    return "\n".join(rows)
