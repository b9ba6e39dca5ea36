"""Every tokenizer the package knows, as data: name -> what it is and how to load it from
tokenizers_store/. Which tokenizer stands in for another in a given language comes from
these facts (`for_language`), never from the shape of a name.

Not here: loading once and remembering failures (registry.py); the files' hashes (manifest.py).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from . import manifest
from .backends import (
    OPENAI_ENCODINGS,
    Backend,
    IndicBPEBackend,
    SentencePieceBackend,
    TiktokenBackend,
)
from .languages import LANGUAGES, Language
from .store import STORE_DIR, model_file
from .tokenizer import IndicBPETokenizer


@dataclass(frozen=True, kw_only=True)
class Spec:
    name: str
    label: str  # what the app shows
    family: str  # the library: "ours" | "tiktoken" | "sentencepiece" (for `indictok list`)
    group: str  # the title of the page's picker group it is listed under
    kind: str  # the same kind in every language (indic-bpe, spm-bpe, ...): language swaps
    files: tuple[str, ...]  # paths relative to tokenizers_store/
    restore: str  # how to get the files back
    load: Callable[[], Backend]
    lang: str = ""  # the language it was trained for; "" for general-purpose tokenizers
    ours: bool = False  # one of our tokenizers
    baseline: bool = False  # a general-purpose tokenizer every language is measured against


def _load_ours(filename: str, name: str) -> Backend:
    path = STORE_DIR / filename
    if not path.is_file():
        raise FileNotFoundError(f"{manifest.shown(filename)} is missing")
    tokenizer = IndicBPETokenizer.load(path)  # a damaged file: which line is wrong
    manifest.verify(filename)  # a file that reads but was altered
    return IndicBPEBackend(name, tokenizer)


def _load_spm(filename: str, name: str) -> Backend:
    manifest.verify(filename)
    return SentencePieceBackend(name, STORE_DIR / filename)


def _restore(files: tuple[str, ...], retrain: str = "") -> str:
    command = manifest.restore_command(" tokenizers_store/".join(files))
    return f"{command} (or retrain: {retrain})" if retrain else command


def _ours(lang: Language) -> Spec:
    filename, name = model_file(lang.code), f"indic-bpe-{lang.code}"
    return Spec(
        name=name, label=f"Indic BPE · {lang.name} (ours, 5k)", family="ours",
        group="Ours (5k BPE)", kind="indic-bpe", files=(filename,),
        restore=_restore((filename,), f"python -m indictok train --lang {lang.code}"),
        load=lambda: _load_ours(filename, name), lang=lang.code, ours=True,
    )  # fmt: skip


def _openai(name: str) -> Spec:
    files = OPENAI_ENCODINGS[name].files
    return Spec(
        name=name, label=f"OpenAI {name}", family="tiktoken", group="OpenAI", kind=name,
        files=files, restore=_restore(files), baseline=True,
        load=lambda: TiktokenBackend.from_store(name, manifest.verify),
    )  # fmt: skip


def _spm(lang: Language, model_type: str) -> Spec:
    filename, name = (
        f"sentencepiece/spm_{model_type}_{lang.code}.model",
        f"spm-{model_type}-{lang.code}",
    )
    shown = "BPE" if model_type == "bpe" else model_type
    retrain = f"python -m indictok train --lang {lang.code} --kind spm-{model_type}"
    return Spec(
        name=name, label=f"SentencePiece {shown} · {lang.name} (5k, same corpus)",
        family="sentencepiece", group="SentencePiece", kind=f"spm-{model_type}",
        files=(filename,), restore=_restore((filename,), retrain),
        load=lambda: _load_spm(filename, name), lang=lang.code,
    )  # fmt: skip


MISTRAL = "sentencepiece/mistral_7b_v01.model"
SPECS: dict[str, Spec] = {
    spec.name: spec
    for spec in [
        _ours(LANGUAGES["hi"]),
        *(_openai(name) for name in ("gpt2", "cl100k_base", "o200k_base")),
        _spm(LANGUAGES["hi"], "bpe"),
        _spm(LANGUAGES["hi"], "unigram"),
        Spec(
            name="mistral-7b",
            label="Mistral 7B SentencePiece (32k)",
            family="sentencepiece",
            group="SentencePiece",
            kind="mistral-7b",
            files=(MISTRAL,),
            restore=_restore((MISTRAL,)),
            load=lambda: _load_spm(MISTRAL, "mistral-7b"),
        ),
        *(_ours(lang) for lang in LANGUAGES.values() if lang.code != "hi"),
        *(_spm(lang, "bpe") for lang in LANGUAGES.values() if lang.code != "hi"),
    ]
}
# The comparison set: our Hindi tokenizer and every general-purpose one. The other languages'
# tokenizers join when a text in their language is detected (`for_language`).
COMPARISON_NAMES = tuple(name for name, spec in SPECS.items() if spec.lang in ("", "hi"))
DEFAULT_NAMES = ("indic-bpe-hi", "gpt2", "cl100k_base", "o200k_base", "spm-unigram-hi")


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
