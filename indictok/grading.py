"""The assignment's grader, the one every surface calls (the page's Grader and its upload,
`/grade`, `/grade_file`, the Lab's verdict, `indictok grade`):

- the rules: vocabulary under VOCAB_LIMIT, at least RATIO_TARGET UTF-8 bytes per token on a
  reference text we wrote for the language (assets/reference/<lang>.txt), and the round trip
  decode(encode(x)) == x (x as the tokenizer reads it: its own normalisation applied);
- `measure`: one text's figures (metrics.Stats: one definition of each ratio), its round
  trip and, when that fails, where (`first_difference`) and the known cause;
- `verdict`: PASS or FAIL from those figures; `grade`: the whole report, with how the
  tokenizer cuts the language's stress strings (stress.py).

The language is the one chosen, or the one the given text is written in, else Hindi; it is
never guessed from the tokenizer's vocabulary.
"""

from __future__ import annotations

import unicodedata
from typing import Any

from .backends import Backend
from .export import render_token
from .languages import DEFAULT_LANGUAGE, LANGUAGES, detect_language
from .metrics import Stats
from .paths import ASSETS_DIR
from .segments import split_graphemes
from .stress import cases

VOCAB_LIMIT = 5000  # the vocabulary must be smaller
RATIO_TARGET = 3.2  # UTF-8 bytes per token, at least
REFERENCE_DIR = ASSETS_DIR / "reference"
DIFFERENCE_CHARS = 20  # characters of a failed round trip shown from where it differs
PASSED_COVERS = (
    "vocab_ok and reference_text.ratio_ok and reference_text.round_trip_ok, and "
    "pasted_text.round_trip_ok when text is given (pasted_text.ratio_ok and the stress "
    "strings are reported, not required)"
)
WHITESPACE_CAUSE = (
    "only whitespace differs: the tokenizer normalises whitespace (SentencePiece's normaliser "
    "turns line breaks and runs of spaces into one space), so its decoded text cannot equal "
    "the text"
)


def rules_text() -> str:
    """The rules in one line, for the page and the CLI's help."""
    return (
        f"vocabulary < {VOCAB_LIMIT:,}, at least {RATIO_TARGET} UTF-8 bytes per token on the "
        "language's reference text, and decode(encode(x)) == x"
    )


def reference_text(lang: str) -> str:
    return (REFERENCE_DIR / f"{lang}.txt").read_text("utf-8")


def first_difference(expected: str, decoded: str) -> dict[str, Any] | None:
    """Where `decoded` first differs from `expected` (None when they are equal): the
    character index, and DIFFERENCE_CHARS characters of each from there."""
    if expected == decoded:
        return None
    pairs = enumerate(zip(expected, decoded, strict=False))  # the shorter one may end first
    at = next((i for i, (a, b) in pairs if a != b), min(len(expected), len(decoded)))
    end = at + DIFFERENCE_CHARS
    return {"at": at, "expected": expected[at:end], "decoded": decoded[at:end]}


def round_trip_cause(expected: str, decoded: str) -> str | None:
    """The known cause of a failed round trip, when it is one."""
    if expected != decoded and expected.split() == decoded.split():
        return WHITESPACE_CAUSE
    return None


def measure(backend: Backend, text: str) -> dict[str, Any]:
    """One text's counts, ratios (metrics.Stats) and round trip, the text taken as the
    tokenizer reads it (its normalisation applied)."""
    read = backend.normalize(text)
    ids = backend.encode_ids(read)
    stats = Stats(
        tokens=len(ids), bytes=len(read.encode("utf-8")), chars=len(read), words=len(read.split())
    )
    decoded = backend.decode(ids)
    return {
        "bytes": stats.bytes,
        "characters": stats.chars,
        "words": stats.words,
        "tokens": stats.tokens,
        "bytes_per_token": round(stats.bytes_per_token, 3),
        "chars_per_token": round(stats.chars_per_token, 3),
        "tokens_per_word": round(stats.tokens_per_word, 3),
        "ratio_ok": stats.bytes_per_token >= RATIO_TARGET,
        "round_trip_ok": decoded == read,
        "first_difference": first_difference(read, decoded),
        "round_trip_cause": round_trip_cause(read, decoded),
    }


def vocab_ok(vocab_size: int) -> bool:
    return vocab_size < VOCAB_LIMIT


def verdict(
    vocab_size: int, reference: dict[str, Any], pasted: dict[str, Any] | None = None
) -> bool:
    """PASS (True) or FAIL: what PASSED_COVERS says."""
    checks = [vocab_ok(vocab_size), reference["ratio_ok"], reference["round_trip_ok"]]
    return all(checks + ([pasted["round_trip_ok"]] if pasted else []))


def choose_language(language: str, text: str = "", how: str = "") -> tuple[str, str]:
    """(code, note): `language` if it is a code, for "auto" the language `text` is written
    in, else Hindi. `how` overrides the note's reason ("as on the page")."""
    if language in LANGUAGES:
        lang, why = language, "chosen"
    elif language == "auto":
        found = detect_language(text) if text.strip() else None
        lang = found or DEFAULT_LANGUAGE
        why = "detected in the text" if found else "the default; choose another language"
    else:
        codes = ", ".join(LANGUAGES)
        raise ValueError(f"unknown language {language!r}; use auto or one of: {codes}")
    return lang, f"{LANGUAGES[lang].name} ({how or why})"


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
    how: str = "",
) -> dict[str, Any]:
    """The JSON-ready report for `backend` (named after its file, or our tokenizer's name):
    graded on `language` (a code, or "auto": the language of `text`, else Hindi)."""
    lang, note = choose_language(language, text, how)
    ref = {"file": f"assets/reference/{lang}.txt", **measure(backend, reference_text(lang))}
    pasted = measure(backend, text) if text.strip() else None
    report: dict[str, Any] = {
        "file": file,
        "kind": kind,
        "tokenizer": backend.name,
        "language": lang,
        "language_note": note,
        "vocab_size": backend.vocab_size,
        "vocab_counted": vocab_counted,
        "vocab_limit": VOCAB_LIMIT,
        "vocab_ok": vocab_ok(backend.vocab_size),
        "bytes_per_token": ref["bytes_per_token"],
        "chars_per_token": ref["chars_per_token"],
        "tokens_per_word": ref["tokens_per_word"],
        "ratio_target": RATIO_TARGET,
        "compression_ratio_definition": "UTF-8 bytes / tokens",
        "byte_exact": backend.byte_exact,
        "reference_text": ref,
        "pasted_text": pasted,
        "stress": [stress_case(backend, what, s) for what, s in cases(lang)],
        "passed": verdict(backend.vocab_size, ref, pasted),
        "passed_covers": PASSED_COVERS,
    }
    report["summary"] = summary(report)
    return report


def summary(report: dict[str, Any]) -> str:
    """One line a grader can paste into feedback."""
    ref = report["reference_text"]
    split = sum(case["aksharas_split"] for case in report["stress"])
    mixed = sum(len(case["mixed_tokens"]) for case in report["stress"])

    def mark(ok: bool) -> str:
        return "ok" if ok else "FAIL"

    trip = mark(ref["round_trip_ok"])
    if ref["first_difference"]:
        trip += f" at character {ref['first_difference']['at']:,}"
    return (
        f"{'PASS' if report['passed'] else 'FAIL'}: {report['file']} ({report['kind']}), "
        f"{LANGUAGES[report['language']].name} reference text: vocabulary "
        f"{report['vocab_size']:,} < {VOCAB_LIMIT:,} {mark(report['vocab_ok'])}; "
        f"{ref['bytes_per_token']:.2f} bytes/token >= {RATIO_TARGET} {mark(ref['ratio_ok'])}; "
        f"round trip {trip}; {ref['chars_per_token']:.2f} chars/token, "
        f"{ref['tokens_per_word']:.2f} tokens/word; stress strings: aksharas split {split}, "
        f"tokens mixing letters with digits, punctuation or Latin {mixed}"
    )
