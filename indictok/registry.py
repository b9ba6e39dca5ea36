"""Every tokenizer the app can show: name -> how to load it from tokenizers_store/.

Tokenizers load lazily, once per process. Every file is checked against its sha256 in
tokenizers_store/SHA256SUMS (manifest.py) when it loads; a missing, damaged or altered file
disables only that tokenizer, and `load_all()` reports it with a message naming the file
(and for our text format the line) and how to restore it.
"""

from __future__ import annotations

import threading
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
from .corpus import STORE_DIR
from .languages import LANGUAGES, Language
from .tokenizer import IndicBPETokenizer


@dataclass(frozen=True)
class Spec:
    name: str
    label: str  # what the app shows
    family: str  # "ours" | "tiktoken" | "sentencepiece"
    files: tuple[str, ...]  # paths relative to tokenizers_store/
    restore: str  # how to get the files back
    load: Callable[[], Backend]
    lang: str = ""  # the language it was trained for; "" for general-purpose tokenizers


def _ours(filename: str, name: str) -> Callable[[], Backend]:
    def load() -> Backend:
        path = STORE_DIR / filename
        if not path.is_file():
            raise FileNotFoundError(f"{manifest.shown(filename)} is missing")
        tokenizer = IndicBPETokenizer.load(path)  # a damaged file: which line is wrong
        manifest.verify(filename)  # a file that reads but was altered
        return IndicBPEBackend(name, tokenizer)

    return load


def _tiktoken(name: str) -> Callable[[], Backend]:
    return lambda: TiktokenBackend.from_store(name, manifest.verify)


def _spm(name: str, filename: str) -> Callable[[], Backend]:
    def load() -> Backend:
        manifest.verify(filename)
        return SentencePieceBackend(name, STORE_DIR / filename)

    return load


def _restore(files: tuple[str, ...], retrain: str = "") -> str:
    command = manifest.restore_command(" tokenizers_store/".join(files))
    return f"{command} (or retrain: {retrain})" if retrain else command


def _our_spec(lang: Language) -> Spec:
    filename, name = f"indic_bpe_{lang.code}.model", f"indic-bpe-{lang.code}"
    return Spec(
        name,
        f"Indic BPE · {lang.name} (ours, 5k)",
        "ours",
        (filename,),
        _restore((filename,), f"python -m indictok train --lang {lang.code}"),
        _ours(filename, name),
        lang.code,
    )


def _spm_spec(lang: Language, kind: str) -> Spec:
    filename = f"sentencepiece/spm_{kind}_{lang.code}.model"
    return Spec(
        f"spm-{kind}-{lang.code}",
        f"SentencePiece {'BPE' if kind == 'bpe' else kind} · {lang.name} (5k, same corpus)",
        "sentencepiece",
        (filename,),
        _restore((filename,), f"python -m indictok train --lang {lang.code} --kind spm-{kind}"),
        _spm(f"spm-{kind}-{lang.code}", filename),
        lang.code,
    )


SPECS: dict[str, Spec] = {
    spec.name: spec
    for spec in [
        _our_spec(LANGUAGES["hi"]),
        *(
            Spec(
                name,
                f"OpenAI {name}",
                "tiktoken",
                OPENAI_ENCODINGS[name].files,
                _restore(OPENAI_ENCODINGS[name].files),
                _tiktoken(name),
            )
            for name in ("gpt2", "cl100k_base", "o200k_base")
        ),
        _spm_spec(LANGUAGES["hi"], "bpe"),
        _spm_spec(LANGUAGES["hi"], "unigram"),
        Spec(
            "mistral-7b",
            "Mistral 7B SentencePiece (32k)",
            "sentencepiece",
            ("sentencepiece/mistral_7b_v01.model",),
            _restore(("sentencepiece/mistral_7b_v01.model",)),
            _spm("mistral-7b", "sentencepiece/mistral_7b_v01.model"),
        ),
        *(_our_spec(lang) for lang in LANGUAGES.values() if lang.code != "hi"),
        *(_spm_spec(lang, "bpe") for lang in LANGUAGES.values() if lang.code != "hi"),
    ]
}
# The comparison set: our Hindi tokenizer and every general-purpose one. The other languages'
# tokenizers join when a text in their language is detected (`for_language`).
COMPARISON_NAMES = tuple(name for name, spec in SPECS.items() if spec.lang in ("", "hi"))
DEFAULT_NAMES = ("indic-bpe-hi", "gpt2", "cl100k_base", "o200k_base", "spm-unigram-hi")


class TokenizerUnavailableError(Exception):
    """A tokenizer whose files are missing or corrupt; the message says which and how to fix."""


_loaded: dict[str, Backend] = {}
_failed: dict[str, str] = {}
_lock = threading.Lock()


def list_names() -> list[str]:
    return list(SPECS)


def get(name: str) -> Backend:
    """The loaded tokenizer `name`; raises TokenizerUnavailable or ValueError (unknown name)."""
    if name not in SPECS:
        raise ValueError(f"unknown tokenizer {name!r}; available: {', '.join(SPECS)}")
    with _lock:
        if name in _loaded:
            return _loaded[name]
        if name in _failed:
            raise TokenizerUnavailableError(_failed[name])
        spec = SPECS[name]
        try:
            backend = _loaded[name] = spec.load()
            return backend
        except (OSError, ValueError, KeyError) as e:
            message = f"{spec.label} is unavailable: {e}. Restore it with: {spec.restore}"
            _failed[name] = message
            raise TokenizerUnavailableError(message) from e


def for_language(names: list[str], lang: str) -> list[str]:
    """`names` with every language-specific tokenizer swapped for `lang`'s own of the same
    kind (or, failing that, of the same family): for_language(["indic-bpe-hi", "gpt2"], "ta")
    -> ["indic-bpe-ta", "gpt2"]. Unknown names and general-purpose tokenizers stay."""
    swapped: list[str] = []
    for name in names:
        spec = SPECS.get(name)
        if spec is not None and spec.lang and spec.lang != lang:
            name = _counterpart(name, spec, lang)
        if name not in swapped:
            swapped.append(name)
    return swapped


def _counterpart(name: str, spec: Spec, lang: str) -> str:
    """`lang`'s tokenizer of the same kind (spm-bpe-hi -> spm-bpe-ta), else of the same
    family (spm-unigram-hi -> spm-bpe-ta), else `name` itself."""
    same_kind = name.removesuffix(f"-{spec.lang}") + f"-{lang}"
    if same_kind in SPECS:
        return same_kind
    same_family = (n for n, s in SPECS.items() if s.lang == lang and s.family == spec.family)
    return next(same_family, name)


def load_all() -> tuple[list[str], dict[str, str]]:
    """Load every tokenizer; returns (names that loaded, {name: why another did not})."""
    ok, failed = [], {}
    for name in SPECS:
        try:
            get(name)
            ok.append(name)
        except TokenizerUnavailableError as e:
            failed[name] = str(e)
    return ok, failed

