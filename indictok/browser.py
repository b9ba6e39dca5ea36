"""The tokenizers the visitor's browser runs itself (assets/js/engines.mjs), as data.

Each entry says which vendored library runs it (tiktoken's WASM build or tokenizers.js),
which file it reads, and the vendor's text rules around the library, all taken from the
Python side (the specification): the same split patterns, NFC, Llama's and Qwen's cuts.
`BROWSER_NAMES` lists the tokenizers proven exact in the browser: tests/js/exactness.test.mjs
compares their ids and card data with Python's on every held-out line (scripts/js_fixtures.py
writes what Python says). Any other tokenizer stays on the server, and its card says so.
"""

from __future__ import annotations

import functools
import importlib.util
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import catalog
from .backends import OPENAI_ENCODINGS, vendors
from .languages import (
    LANGUAGES,
    LID_CHARS,
    LID_FILE,
    LID_UNSEEN,
    SCRIPT_SAMPLE,
    SCRIPTS,
    SHARED_SCRIPT,
)
from .paths import STORE_DIR
from .tokenizer import IndicBPETokenizer


@dataclass(frozen=True)
class BrowserSpec:
    name: str
    library: str  # "tiktoken" (a rank file) | "tokenizers" (a tokenizer.json)
    file: str  # the file's path in the store, or "<package>/<path>" for a packaged one
    pattern: str = ""
    special_tokens: tuple[tuple[str, int], ...] = ()
    nfc: bool = False  # the vendor's code normalises to NFC first (ours, Qwen)
    pieces: str = ""  # how the vendor's code cuts long text: "llama" | "qwen" | ""


def _ours(code: str) -> BrowserSpec:
    model = IndicBPETokenizer.load(STORE_DIR / f"indic_bpe_{code}.model")
    specials = tuple(model.special_tokens.items())
    return BrowserSpec(
        f"indic-bpe-{code}",
        "tiktoken",
        f"indic_bpe_{code}.tiktoken",
        model.pattern,
        specials,
        nfc=True,
    )


def _openai(name: str) -> BrowserSpec:
    encoding = OPENAI_ENCODINGS[name]
    specials = tuple(encoding.special_tokens.items())
    return BrowserSpec(name, "tiktoken", encoding.files[0], encoding.pattern, specials)


def _llama(name: str, pattern: str) -> BrowserSpec:
    package, _, _, _ = catalog.SPECS[name].packaged or ("", "", "", "")
    path, _ = catalog.LLAMA_FILES[name]
    return BrowserSpec(name, "tiktoken", f"{package}/{path}", pattern, pieces="llama")


@functools.cache
def specs() -> dict[str, BrowserSpec]:
    """Every tokenizer the browser engine can run, by name (ours in every language first);
    read once per process (our model files give their patterns)."""
    found = [_ours(code) for code in LANGUAGES]
    found += [_openai("cl100k_base"), _openai("o200k_base")]
    found += [
        _llama("llama-3", vendors.LLAMA3_PATTERN),
        _llama("llama-4", OPENAI_ENCODINGS["o200k_base"].pattern),
        BrowserSpec(
            "qwen-2.5", "tiktoken", catalog.QWEN, vendors.QWEN_PATTERN, nfc=True, pieces="qwen"
        ),
        BrowserSpec("mistral-tekken", "tiktoken", catalog.TEKKEN, vendors.TEKKEN_PATTERN),
        BrowserSpec("deepseek-v4", "tokenizers", catalog.DEEPSEEK),
    ]
    return {spec.name: spec for spec in found}


# Proven exact by tests/js/exactness.test.mjs (ids and card data on every held-out line).
BROWSER_NAMES = (
    *(f"indic-bpe-{code}" for code in LANGUAGES),
    "cl100k_base",
    "o200k_base",
    "llama-3",
    "llama-4",
    "qwen-2.5",
    "mistral-tekken",
    "deepseek-v4",
)
# Meta's Llama licences let the files be redistributed only with their terms and notices:
# the static Space leaves them out (the Gradio page reads them from the installed package).
NOT_REDISTRIBUTED = {name: "Llama Community Licence" for name in ("llama-3", "llama-4")}


def file_path(spec: BrowserSpec) -> Path:
    """Where `spec`'s file is on this machine (the store, or the installed package)."""
    package, _, inner = spec.file.partition("/")
    if spec.file.startswith("llama_models/"):
        found = importlib.util.find_spec(package)
        if found is None or not found.submodule_search_locations:
            raise FileNotFoundError(f"the package {package} is not installed")
        return Path(next(iter(found.submodule_search_locations))) / inner
    return STORE_DIR / spec.file


def engine_entry(name: str, url: str) -> dict[str, Any]:
    """What assets/js/engines.mjs needs to run `name` (its file at `url`), with the card's
    label, vocabulary size and language."""
    spec, catalogued = specs()[name], catalog.SPECS[name]
    return {
        "name": name,
        "label": catalogued.label,
        "vocab": catalogued.vocab,
        "lang": catalogued.lang,
        "library": spec.library,
        "url": url,
        "pattern": spec.pattern,
        "special_tokens": dict(spec.special_tokens),
        "nfc": spec.nfc,
        "pieces": spec.pieces,
    }


def language_config() -> dict[str, Any]:
    """What assets/js/langid.mjs needs besides language_id.json (languages.py's constants)."""
    return {
        "scripts": list(SCRIPTS),
        "languages": [
            {"code": lang.code, "name": lang.name, "script": lang.script}
            for lang in LANGUAGES.values()
        ],
        "sample": SCRIPT_SAMPLE,
        "lid_chars": LID_CHARS,
        "unseen": LID_UNSEEN,
        "shared": list(SHARED_SCRIPT),
        "lid_file": LID_FILE,
    }


def swaps() -> dict[str, dict[str, str]]:
    """For every language-specific tokenizer, its counterpart in each language
    (catalog.counterpart): what the browser swaps when the text's language changes."""
    return {
        name: {code: catalog.counterpart(spec, code) for code in LANGUAGES}
        for name, spec in catalog.SPECS.items()
        if spec.lang
    }


INCB = ("Consonant", "Linker", "Extend")  # Indic_Conjunct_Break values, codes 1, 2, 3


def incb_ranges(value: str, prop: str = "InCB") -> list[tuple[int, int]]:
    """Code point ranges with Indic_Conjunct_Break `value` (or another property `prop`), as
    the `regex` module knows them (its \\X is what the browser's akshara boundaries must equal)."""
    import regex

    pattern, found, start = regex.compile(rf"\p{{{prop}={value}}}"), [], None
    for c in range(0x110000):
        hit = not 0xD800 <= c < 0xE000 and pattern.match(chr(c)) is not None
        if hit and start is None:
            start = c
        elif not hit and start is not None:
            found.append((start, c - 1))
            start = None
    return found


def incb_js() -> str:
    """assets/js/incb.mjs: the ranges above, for assets/js/measure.mjs."""
    rows = ",\n".join(
        f"  [{code}, {ranges}]"
        for code, ranges in ((i + 1, incb_ranges(v)) for i, v in enumerate(INCB))
    )
    return (
        "// Generated by `python -m indictok.browser` from the regex module's\n"
        "// Indic_Conjunct_Break property (do not edit):\n"
        "// [code (1 Consonant, 2 Linker, 3 Extend), [[first, last], ...]].\n"
        f"export const INCB = [\n{rows.replace('(', '[').replace(')', ']')},\n];\n"
        "// Grapheme_Cluster_Break=Prepend (measure.mjs cuts long texts only where a cluster\n"
        "// cannot continue: before an ASCII character that does not follow one of these).\n"
        f"export const PREPEND = {json.dumps(incb_ranges('Prepend', 'GCB'))};\n"
    )


if __name__ == "__main__":
    from .paths import ASSETS_DIR

    (ASSETS_DIR / "js" / "incb.mjs").write_text(incb_js(), encoding="utf-8")


VENDOR_FILES = {  # assets/vendor/ files the engine loads (scripts/vendor_js.py vendors them)
    "tiktoken_glue": "tiktoken/tiktoken_bg.mjs",
    "tiktoken_wasm": "tiktoken/tiktoken_bg.wasm",
    "tokenizers": "tokenizers/tokenizers.min.mjs",
}


def engine_config(names: Iterable[str], url: Callable[[str, Path], str]) -> dict[str, Any]:
    """The page config's `engine` (assets/js/engine.mjs): the vendored libraries, the
    tokenizers `names` the browser runs, the language swaps and the language identifier.
    `url(kind, path)` is where the page fetches a file: kind "vendor" (path under
    assets/vendor/), "store" (a tokenizer's or the identifier's file on this machine)."""
    from .paths import ASSETS_DIR

    all_specs = specs()
    return {
        "vendor": {k: url("vendor", ASSETS_DIR / "vendor" / v) for k, v in VENDOR_FILES.items()},
        "tokenizers": {
            name: engine_entry(name, url("store", file_path(all_specs[name]))) for name in names
        },
        "swaps": swaps(),
        "language": language_config(),
        "lid_url": url("store", STORE_DIR / LID_FILE),
    }
