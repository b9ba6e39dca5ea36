"""The grader's check of one of our tokenizers: vocabulary size, compression on a reference
text we wrote for its language (assets/reference/<lang>.txt), round trips, PASS or FAIL.

`passed` covers: vocabulary < 5,000, compression ≥ 3.2 on the reference text, the round trip
on the reference text and, when text is given, the round trip on that text. The compression
of a pasted text is reported (`pasted_text.ratio_ok`) but not required: a short or English
paste can fall below 3.2 without anything being wrong with the tokenizer.
"""

from __future__ import annotations

from functools import cache
from html import escape
from typing import Any

from .. import catalog, loaded
from ..backends import Backend
from ..grading import RATIO_TARGET, VOCAB_LIMIT
from ..languages import DEFAULT_LANGUAGE, LANGUAGES
from ..metrics import Stats
from ..paths import ASSETS_DIR
from . import request
from .limits import InputError, message

REFERENCE_DIR = ASSETS_DIR / "reference"
OURS = "indic-bpe-" + DEFAULT_LANGUAGE  # the tokenizer whose counterparts are graded
PASSED_COVERS = (
    "vocab_ok and reference_text.ratio_ok and reference_text.round_trip_ok, and "
    "pasted_text.round_trip_ok when text is given (pasted_text.ratio_ok is reported, not required)"
)


def measure(text: str, name: str) -> dict[str, Any]:
    return measure_backend(text, loaded.get(name))


def measure_backend(text: str, backend: Backend) -> dict[str, Any]:
    ids = backend.encode_ids(text)
    size = len(text.encode("utf-8"))
    ratio = Stats(tokens=len(ids), bytes=size).bytes_per_token  # metrics: one definition
    return {
        "bytes": size,
        "characters": len(text),
        "tokens": len(ids),
        "compression_ratio": round(ratio, 3),
        "ratio_ok": ratio >= RATIO_TARGET,
        "round_trip_ok": backend.decode(ids) == backend.normalize(text),
    }


@cache
def reference(name: str) -> dict[str, Any]:
    """The reference text's figures for tokenizer `name`, measured once per process."""
    lang = catalog.SPECS[name].lang
    path = REFERENCE_DIR / f"{lang}.txt"
    return {
        "file": "assets/" + path.relative_to(ASSETS_DIR).as_posix(),
        **measure(path.read_text("utf-8"), name),
    }


def grade(text: str = "", language: str = "auto") -> dict[str, Any]:
    """JSON-ready report for our tokenizer of the text's (or the chosen) language."""
    checked = request.check(text, [OURS], language=language)  # ours for the text's language
    [name], text = checked.names, checked.text
    backend = loaded.get(name)
    with checked.slot():
        ref = reference(name)
        pasted = measure(text, name) if text.strip() else None
    return report_of(name, backend, catalog.SPECS[name].lang, checked.language_note, ref, pasted)


def grade_backend(name: str, backend: Backend, lang: str, detected: bool) -> dict[str, Any]:
    """The same report for a visitor's own tokenizer (the Lab's), on `lang`'s reference text
    (the caller holds a work slot)."""
    path = REFERENCE_DIR / f"{lang}.txt"
    shown = "assets/" + path.relative_to(ASSETS_DIR).as_posix()
    ref = {"file": shown, **measure_backend(path.read_text("utf-8"), backend)}
    why = "detected in your corpus" if detected else "no Indian script in your corpus"
    return report_of(name, backend, lang, f"{LANGUAGES[lang].name} ({why})", ref, None)


def report_of(
    name: str, backend: Backend, lang: str, note: str,
    ref: dict[str, Any], pasted: dict[str, Any] | None,
) -> dict[str, Any]:  # fmt: skip
    report: dict[str, Any] = {
        "tokenizer": name,
        "language": lang,
        "language_note": note,
        "vocab_size": backend.vocab_size,
        "vocab_limit": VOCAB_LIMIT,
        "vocab_ok": backend.vocab_size < VOCAB_LIMIT,
        "ratio_target": RATIO_TARGET,
        "compression_ratio_definition": "UTF-8 bytes / tokens",
        "reference_text": ref,
        "pasted_text": pasted,
    }
    checks = [report["vocab_ok"], ref["ratio_ok"], ref["round_trip_ok"]]
    if pasted:
        checks.append(pasted["round_trip_ok"])
    report["passed"] = all(checks)
    report["passed_covers"] = PASSED_COVERS
    return report


def warm() -> None:
    """Measure every language's reference text now, not in a visitor's first request."""
    for code in LANGUAGES:
        name = catalog.for_language([OURS], code)[0]
        try:
            reference(name)
        except (OSError, loaded.TokenizerUnavailableError):
            continue  # the panel says so when asked


def grade_or_error(text: str, language: str) -> dict[str, Any]:
    try:
        return grade(text, language)
    except (InputError, loaded.TokenizerUnavailableError, OSError) as e:
        return {"error": message(e)}


def _check(ok: bool | None, what: str) -> str:
    word, css = {True: ("PASS", "itl-ok"), False: ("FAIL", "itl-no"), None: ("info", "itl-info")}[
        ok
    ]
    return f'<tr><td class="{css}">{word}</td><td>{what}</td></tr>'


def as_html(report: dict[str, Any]) -> str:
    """The report for the page: PASS/FAIL in words and colour, every check on its own row."""
    if "error" in report:
        return f'<div class="itl-verdict itl-fail">Cannot grade: {escape(report["error"])}</div>'
    ref, pasted = report["reference_text"], report["pasted_text"]
    verdict = "PASS" if report["passed"] else "FAIL"
    rows = [
        _check(
            report["vocab_ok"],
            f"vocabulary {report['vocab_size']:,} &lt; {VOCAB_LIMIT:,} "
            "(256 byte tokens + merges + special tokens)",
        ),
        _check(
            ref["ratio_ok"],
            f"compression {ref['compression_ratio']:.2f} ≥ {RATIO_TARGET} on "
            f"{escape(ref['file'])} ({ref['bytes']:,} bytes → {ref['tokens']:,} tokens)",
        ),
        _check(ref["round_trip_ok"], "round trip decode(encode(x)) == x on the reference text"),
    ]
    if pasted:
        rows.append(_check(pasted["round_trip_ok"], "round trip on your text"))
        rows.append(
            _check(
                None,
                f"compression {pasted['compression_ratio']:.2f} on your text "
                f"({pasted['bytes']:,} bytes → {pasted['tokens']:,} tokens; "
                "reported, not required)",
            )
        )
    return (
        f'<div class="itl-verdict itl-{verdict.lower()}">{verdict}: '
        f"{escape(report['tokenizer'])}, language {escape(report['language_note'])}</div>"
        f'<table class="itl-checks">{"".join(rows)}</table>'
        f"<p><small>passed = {escape(report['passed_covers'])}</small></p>"
    )  # fmt: skip
