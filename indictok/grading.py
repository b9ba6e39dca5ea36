"""The assignment's verdict for any tokenizer (ours, or a file from outside): vocabulary
under 5,000, compression (UTF-8 bytes ÷ tokens) of at least 3.2 on a reference text we wrote
for its language (assets/reference/<lang>.txt), round trips, and how it cuts a fixed set of
Indic stress strings, so a grader sees whether its split pattern respects the script.

`passed` covers: vocab_ok, reference_text.ratio_ok, reference_text.round_trip_ok and, when
text is given, pasted_text.round_trip_ok. Stress strings and pasted-text compression are
reported, not required. The web app and the CLI show this same report.
"""

from __future__ import annotations

import unicodedata
from collections import Counter
from typing import Any

import numpy as np

from .backends import Backend
from .export import render_token
from .languages import DEFAULT_LANGUAGE, LANGUAGES
from .metrics import measure
from .paths import ASSETS_DIR
from .segments import split_graphemes

VOCAB_LIMIT = 5000
RATIO_TARGET = 3.2
REFERENCE_DIR = ASSETS_DIR / "reference"
PASSED_COVERS = (
    "vocab_ok and reference_text.ratio_ok and reference_text.round_trip_ok, and "
    "pasted_text.round_trip_ok when text is given (pasted_text.ratio_ok and the stress "
    "strings are reported, not required)"
)
# What "the regex takes care of the Indian context" means, one case each (Devanagari).
STRESS = (
    ("vowel sign", "किताब"),
    ("virama conjunct", "क्षत्रिय स्त्री"),
    ("nukta letter", "ज़िंदगी"),
    ("ZWJ", "क्\u200dष"),
    ("ZWNJ", "क्\u200cष"),
    ("danda", "यह है। वह था॥"),
    ("Indic digits", "१२३४५ रुपये"),
    ("mixed Latin", "मैं Hindi में बात"),
)


def reference_text(lang: str) -> str:
    return (REFERENCE_DIR / f"{lang}.txt").read_text("utf-8")


def measure_text(backend: Backend, text: str) -> dict[str, Any]:
    """Counts, ratios and the round trip of one text."""
    encoded = backend.encode(text)
    stats = measure(encoded)
    return {
        "bytes": stats.bytes,
        "characters": stats.chars,
        "words": stats.words,
        "tokens": stats.tokens,
        "compression_ratio": round(stats.bytes_per_token, 3),
        "chars_per_token": round(stats.chars_per_token, 3),
        "tokens_per_word": round(stats.tokens_per_word, 3),
        "ratio_ok": stats.bytes_per_token >= RATIO_TARGET,
        "round_trip_ok": backend.decode(encoded.ids) == encoded.text,
    }


def vocabulary_scripts(backend: Backend) -> Counter[str]:
    """Characters of each of our languages' scripts in the vocabulary's tokens."""
    table, texts = backend.table, []
    for token_id in range(backend.vocab_size):
        try:
            texts.append(table.data_of(token_id).decode("utf-8", "ignore"))
        except (KeyError, IndexError, ValueError):
            continue  # an unused id
    points = np.frombuffer("".join(texts).encode("utf-32-le"), dtype=np.uint32)
    counts: Counter[str] = Counter()
    for lang in LANGUAGES.values():
        first, last = lang.block
        counts[lang.script] = int(np.count_nonzero((points >= first) & (points <= last)))
    return +counts


def detect_language(backend: Backend) -> tuple[str, str]:
    """The language to grade on, and why: the script most of the vocabulary is written in;
    among the languages sharing it, the one whose reference text it compresses best."""
    scripts = vocabulary_scripts(backend)
    if not scripts:
        return DEFAULT_LANGUAGE, "no Indian script in its vocabulary; the default"
    script = max(scripts, key=scripts.__getitem__)
    candidates = [code for code, lang in LANGUAGES.items() if lang.script == script]

    def ratio(lang: str) -> float:
        text = reference_text(lang)
        return len(text.encode("utf-8")) / max(1, len(backend.encode_ids(text)))

    lang = max(candidates, key=ratio)
    why = f"detected: its vocabulary is mostly {script}"
    if len(candidates) > 1:
        names = ", ".join(LANGUAGES[c].name for c in candidates)
        why += f"; of {names} it compresses {LANGUAGES[lang].name}'s reference text best"
    return lang, why


def _class_of(char: str) -> str:
    category = unicodedata.category(char)
    if category[0] == "N":
        return "digit"
    if category[0] in "LM":
        return "latin" if char.isascii() else "indic"
    return "other" if char in "\u200c\u200d" else ("space" if char.isspace() else "punct")


def stress_case(backend: Backend, what: str, text: str) -> dict[str, Any]:
    """How the tokenizer cuts one stress string: its tokens, aksharas it splits, tokens
    whose span joins classes the Indic pattern keeps apart (letters, digits, punctuation,
    Latin)."""
    encoded = backend.encode(text)
    pieces = [render_token(data) for data in encoded.data]
    data = encoded.text.encode("utf-8")
    spans = zip(encoded.starts.tolist(), encoded.ends.tolist(), strict=True)
    covered = [data[a:b].decode("utf-8", "ignore") for a, b in spans]
    mixed = [
        piece
        for piece, span in zip(pieces, covered, strict=True)
        if len({_class_of(c) for c in span} - {"space", "other"}) > 1
    ]
    return {
        "case": what,
        "text": text,
        "tokens": pieces,
        "ids": list(encoded.ids),
        "aksharas_split": split_graphemes(encoded),
        "mixed_tokens": mixed,
        "round_trip_ok": backend.decode(encoded.ids) == encoded.text,
    }


def grade(
    backend: Backend,
    *,
    file: str,
    kind: str,
    vocab_counted: str,
    language: str = "auto",
    text: str = "",
) -> dict[str, Any]:
    """The JSON-ready report for `backend` (an uploaded tokenizer named after its file)."""
    if language != "auto" and language not in LANGUAGES:
        codes = ", ".join(LANGUAGES)
        raise ValueError(f"unknown language {language!r}; use auto or one of: {codes}")
    lang, how = detect_language(backend) if language == "auto" else (language, "chosen")
    ref = {"file": f"assets/reference/{lang}.txt", **measure_text(backend, reference_text(lang))}
    pasted = measure_text(backend, text) if text.strip() else None
    report: dict[str, Any] = {
        "file": file,
        "kind": kind,
        "tokenizer": backend.name,
        "language": lang,
        "language_note": f"{LANGUAGES[lang].name} ({how})",
        "vocab_size": backend.vocab_size,
        "vocab_counted": vocab_counted,
        "vocab_limit": VOCAB_LIMIT,
        "vocab_ok": backend.vocab_size < VOCAB_LIMIT,
        "bytes_per_token": ref["compression_ratio"],
        "chars_per_token": ref["chars_per_token"],
        "tokens_per_word": ref["tokens_per_word"],
        "ratio_target": RATIO_TARGET,
        "compression_ratio_definition": "UTF-8 bytes / tokens",
        "byte_exact": backend.byte_exact,
        "reference_text": ref,
        "pasted_text": pasted,
        "stress": [stress_case(backend, what, s) for what, s in STRESS],
    }
    checks = [report["vocab_ok"], ref["ratio_ok"], ref["round_trip_ok"]]
    report["passed"] = all(checks + ([pasted["round_trip_ok"]] if pasted else []))
    report["passed_covers"] = PASSED_COVERS
    report["summary"] = summary(report)
    return report


def summary(report: dict[str, Any]) -> str:
    """One line a grader can paste into feedback."""
    ref = report["reference_text"]
    split = sum(case["aksharas_split"] for case in report["stress"])
    mixed = sum(len(case["mixed_tokens"]) for case in report["stress"])

    def mark(ok: bool) -> str:
        return "ok" if ok else "FAIL"

    return (
        f"{'PASS' if report['passed'] else 'FAIL'}: {report['file']} ({report['kind']}), "
        f"{report['language_note'].split(' (')[0]} reference text: vocabulary "
        f"{report['vocab_size']:,} < {VOCAB_LIMIT:,} {mark(report['vocab_ok'])}; "
        f"{ref['compression_ratio']:.2f} bytes/token >= {RATIO_TARGET} {mark(ref['ratio_ok'])}; "
        f"round trip {mark(ref['round_trip_ok'])}; {ref['chars_per_token']:.2f} chars/token, "
        f"{ref['tokens_per_word']:.2f} tokens/word; Indic stress strings: aksharas split {split}, "
        f"tokens mixing letters with digits, punctuation or Latin {mixed}"
    )
