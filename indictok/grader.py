"""The grader's check of our tokenizer: vocabulary size read from the model file,
compression on the bundled reference text and on any pasted text, and the round trip."""

from __future__ import annotations

from typing import Any

from . import registry
from .analysis import check_input
from .corpus import REPO_ROOT, STORE_DIR

VOCAB_LIMIT = 5000
RATIO_TARGET = 3.2
REFERENCE_FILE = REPO_ROOT / "assets" / "reference_hi.txt"


def vocab_size_from_file(lang: str = "hi") -> int:
    """256 byte tokens + merges + special tokens, counted from the .model file's header lines."""
    lines = (STORE_DIR / f"indic_bpe_{lang}.model").read_text(encoding="utf-8").splitlines()
    counts = {
        line.split()[0]: int(line.split()[1])
        for line in lines
        if line.startswith(("merges ", "special_tokens "))
    }
    return 256 + counts["merges"] + counts["special_tokens"]


def compression(text: str, name: str = "indic-bpe-hi") -> dict[str, Any]:
    backend = registry.get(name)
    ids = backend.encode_ids(text)
    data = len(text.encode("utf-8"))
    ratio = data / len(ids) if ids else 0.0
    return {
        "bytes": data,
        "characters": len(text),
        "tokens": len(ids),
        "compression_ratio": round(ratio, 3),
        "ratio_ok": ratio >= RATIO_TARGET,
        "round_trip_ok": backend.decode(ids) == registry.normalize_for(name, text),
    }


def grade(text: str = "") -> dict[str, Any]:
    """JSON-ready report; `text` is optional (empty: only the reference text is measured)."""
    check_input(text)
    vocab = vocab_size_from_file()
    reference = REFERENCE_FILE.read_text(encoding="utf-8")
    report: dict[str, Any] = {
        "tokenizer": "indic-bpe-hi",
        "vocab_size": vocab,
        "vocab_limit": VOCAB_LIMIT,
        "vocab_ok": vocab < VOCAB_LIMIT,
        "ratio_target": RATIO_TARGET,
        "compression_ratio_definition": "UTF-8 bytes / tokens",
        "reference_text": {"file": "assets/reference_hi.txt", **compression(reference)},
        "pasted_text": compression(text) if text.strip() else None,
    }
    checks = [report["vocab_ok"], report["reference_text"]["ratio_ok"]]
    checks.append(report["reference_text"]["round_trip_ok"])
    if report["pasted_text"]:
        checks.append(report["pasted_text"]["round_trip_ok"])
    report["passed"] = all(checks)
    return report
