"""Every tokenizer the package knows, as data: name -> what it is and how to load it from
tokenizers_store/. Which tokenizer stands in for another in a given language comes from
these facts (`for_language`), never from the shape of a name.

Not here: loading once and remembering failures (loaded.py); the files' hashes
(checksums.py); where the files are (paths.py).
"""

from __future__ import annotations

from . import checksums
from .backends import (
    Backend,
    IndicBPEBackend,
)
from .language_list import LANGUAGES, Language
from .open_models import (  # noqa: F401 (the files' names stay catalog.QWEN, catalog.LLAMA_FILES, ...)
    DEEPSEEK,
    LLAMA_FILES,
    LLAMA_PIN,
    LLMS,
    MISTRAL_V3,
    QWEN,
    TEKKEN,
    openai_spec,
)
from .paths import STORE_DIR, model_file
from .spec import Spec, load_spm, restore_hint
from .tokenizer import IndicBPETokenizer


def _load_ours(filename: str, name: str) -> Backend:
    path = STORE_DIR / filename
    if not path.is_file():
        raise FileNotFoundError(f"{checksums.shown(filename)} is missing")
    tokenizer = IndicBPETokenizer.load(path)  # a damaged file: which line is wrong
    checksums.verify(filename)  # a file that reads but was altered
    return IndicBPEBackend(name, tokenizer)


def _ours(lang: Language) -> Spec:
    filename, name = model_file(lang.code), f"indic-bpe-{lang.code}"
    return Spec(
        name=name,
        label=f"Indic BPE · {lang.name} (ours, 5k)",
        family="ours",
        group="Ours (5k BPE)",
        kind="indic-bpe",
        files=(filename,),
        vocab=4999,
        source=f"trained by `python -m indictok train --lang {lang.code}`",
        restore=restore_hint((filename,), f"python -m indictok train --lang {lang.code}"),
        load=lambda: _load_ours(filename, name),
        lang=lang.code,
        ours=True,
    )


def _spm(lang: Language, model_type: str) -> Spec:
    filename, name = (
        f"sentencepiece/spm_{model_type}_{lang.code}.model",
        f"spm-{model_type}-{lang.code}",
    )
    shown = "BPE" if model_type == "bpe" else model_type
    retrain = f"python -m indictok train --lang {lang.code} --kind spm-{model_type}"
    return Spec(
        name=name,
        label=f"SentencePiece {shown} · {lang.name} (5k)",
        family="sentencepiece",
        group="SentencePiece (ours, same corpus)",
        kind=f"spm-{model_type}",
        files=(filename,),
        restore=restore_hint((filename,), retrain),
        vocab=4999,
        source=f"trained by `{retrain}`",
        load=lambda: load_spm(filename, name),
        lang=lang.code,
    )


MISTRAL = "sentencepiece/mistral_7b_v01.model"
SPECS: dict[str, Spec] = {
    spec.name: spec
    for spec in [
        _ours(LANGUAGES["hi"]),
        *(openai_spec(name) for name in ("gpt2", "cl100k_base", "o200k_base")),
        *LLMS,
        Spec(
            name="mistral-7b",
            label="Mistral 7B v0.1 (SentencePiece)",
            family="sentencepiece",
            group="Mistral",
            kind="mistral-7b",
            vocab=32_000,
            source="PyPI `mistral-common==1.13.1` → `tokenizer.model.v1` (Apache-2.0)",
            files=(MISTRAL,),
            restore=restore_hint((MISTRAL,)),
            load=lambda: load_spm(MISTRAL, "mistral-7b"),
        ),
        _spm(LANGUAGES["hi"], "bpe"),
        _spm(LANGUAGES["hi"], "unigram"),
        *(_ours(lang) for lang in LANGUAGES.values() if lang.code != "hi"),
        *(_spm(lang, "bpe") for lang in LANGUAGES.values() if lang.code != "hi"),
    ]
}
# The comparison set: our Hindi tokenizer and every general-purpose one. The other languages'
# tokenizers join when a text in their language is detected (`for_language`).
COMPARISON_NAMES = tuple(name for name, spec in SPECS.items() if spec.lang in ("", "hi"))
# The visitor's question: what do the models I use charge my language? Ours for the language,
# ChatGPT's o200k_base, and the open models most built on (docs/app.md, "Defaults").
DEFAULT_NAMES = ("indic-bpe-hi", "o200k_base", "llama-3", "qwen-2.5", "deepseek-v4")


def list_names() -> list[str]:
    return list(SPECS)


def for_language(names: list[str], lang: str) -> list[str]:
    """`names` with every language-specific tokenizer swapped for `lang`'s own of the same
    kind (or, failing that, of the same family): for_language(["indic-bpe-hi", "gpt2"], "ta")
    -> ["indic-bpe-ta", "gpt2"]. Unknown names and general-purpose tokenizers stay."""
    swapped: list[str] = []
    for name in names:
        spec = SPECS.get(name)
        if spec is not None and spec.lang and spec.lang != lang:
            name = counterpart(spec, lang)
        if name not in swapped:
            swapped.append(name)
    return swapped


def counterpart(spec: Spec, lang: str) -> str:
    """`lang`'s tokenizer of the same kind (spm-bpe-hi -> spm-bpe-ta), else of the same
    family (spm-unigram-hi -> spm-bpe-ta), else `spec.name` itself."""
    own = [s for s in SPECS.values() if s.lang == lang]
    same = [s for s in own if s.kind == spec.kind] or [s for s in own if s.family == spec.family]
    return same[0].name if same else spec.name


def for_leaderboard(lang: str) -> list[str]:
    """Our tokenizer for `lang`, the baselines, then `lang`'s other tokenizers."""
    own = [s for s in SPECS.values() if s.lang == lang]
    ours = [s.name for s in own if s.ours]
    baselines = [s.name for s in SPECS.values() if s.baseline]
    return ours + baselines + [s.name for s in own if not s.ours]


def resolve(name: str) -> str:
    """A tokenizer name as people type it: a name of SPECS, or a language code for our
    tokenizer of that language ("ta" -> "indic-bpe-ta", as `indictok.load("ta")`)."""
    if name in SPECS:
        return name
    ours = [s.name for s in SPECS.values() if s.ours and s.lang == name]
    if ours:
        return ours[0]
    codes = ", ".join(LANGUAGES)
    raise ValueError(
        f"unknown tokenizer {name!r}: use a name `indictok list` prints, or a language code "
        f"for ours ({codes})"
    )
