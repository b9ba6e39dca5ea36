"""Measuring and packing a training: held-out figures beside ours and o200k_base, the
grader's report on the reference text, and every format we ship in one zip with a README.
"""

from __future__ import annotations

import shutil
import tempfile
import zipfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from .. import grading, loaded
from ..export import write_tiktoken_ranks, write_vocab
from ..grading import measure, verdict, vocab_ok
from ..languages import DEFAULT_LANGUAGE, LANGUAGES
from ..transformers_folder import write_transformers_folder
from .training import PATTERNS, Trained, merges_sha256

COMPARED = ("o200k_base",)  # besides our tokenizer for the corpus's language


def measured(trained: Trained, backend: loaded.Backend) -> dict[str, Any]:
    """The figures of a training: what `/train` answers (without the zip)."""
    settings = trained.settings
    return {
        "vocab_size": trained.tokenizer.vocab_size,
        "merges": len(trained.tokenizer.model.merges),
        "merges_sha256": merges_sha256(trained.tokenizer),
        "settings": {
            "vocab_size": settings.vocab_size,
            "pattern": settings.pattern,
            "heldout": settings.heldout,
        },
        "language": trained.lang,
        "corpus": trained.corpus,
        "seconds": round(trained.seconds, 2),
        "heldout": heldout_report(trained, backend),
        "reference": reference_report(trained, backend),
    }


def reference_report(trained: Trained, backend: loaded.Backend) -> dict[str, Any]:
    """The grader's report (indictok/grading.py, as for an uploaded file) on the reference
    text of the corpus's language (Hindi when no Indian script was found)."""
    lang = trained.lang or DEFAULT_LANGUAGE
    merges = len(trained.tokenizer.model.merges)
    report = grading.grade(
        backend,
        file="yours",
        kind="trained in the Lab",
        language=lang,
        vocab_counted=f"256 byte tokens + {merges:,} merges + 1 special token",
    )
    why = "detected in your corpus" if trained.lang else "no Indian script in your corpus"
    report["language_note"] = f"{LANGUAGES[lang].name} ({why})"
    return report


def backend_of(trained: Trained, label: str = "yours") -> loaded.Backend:
    return loaded.trained(trained.tokenizer, label)


def heldout_report(trained: Trained, backend: loaded.Backend) -> dict[str, Any] | None:
    """The held-out share's figures for yours, ours for the language and o200k_base (None
    when nothing was held out)."""
    if not trained.heldout_text.strip():
        return None
    ours = f"indic-bpe-{trained.lang or DEFAULT_LANGUAGE}"
    compared = {}
    for name in (ours, *COMPARED):
        try:
            compared[name] = measure(loaded.get(name), trained.heldout_text)
        except loaded.TokenizerUnavailableError:
            continue
    yours = measure(backend, trained.heldout_text)  # the grader's figures and verdict
    yours["vocab_ok"] = vocab_ok(trained.tokenizer.vocab_size)
    yours["passed"] = verdict(trained.tokenizer.vocab_size, yours)
    return {**yours, "compared": compared}


def readme(trained: Trained, result: Mapping[str, Any]) -> str:
    """The zip's README: settings, corpus size and the measured figures."""
    s, r, c = trained.settings, trained.recipe, trained.corpus
    held, ref = result.get("heldout"), result.get("reference") or {}
    lang = LANGUAGES[trained.lang].name if trained.lang else "none detected"
    merges = len(trained.tokenizer.model.merges)
    command = (
        f"python -m indictok train --text corpus.txt --lang {trained.lang or 'hi'} "
        f"--vocab-size {s.vocab_size} --pattern {s.pattern} --heldout {s.heldout} "
        "--no-drop-zwj-lines"
    )
    sha = result.get("merges_sha256") or merges_sha256(trained.tokenizer)
    lines = [
        "# Your tokenizer, trained in the Indic Tokenizer Lab",
        "",
        "## Settings",
        f"- vocabulary: {trained.tokenizer.vocab_size:,} ids (256 bytes + {merges:,} merges + 1)",
        f"- split pattern: {s.pattern} ({PATTERNS[s.pattern]})",
        f"- superword merges: {r.superword_merges}; alphabet of: {lang}",
        f"- held-out share: {s.heldout:.0%} (the last lines)",
        f"- merges sha256: {sha}",
        f"- the same as: {command}",
        "",
        "## Corpus",
        f"- {c['bytes']:,} UTF-8 bytes, {c['chars']:,} characters, {c['lines']:,} lines",
        f"- {c['training_lines']:,} lines trained on, {c['heldout_lines']:,} held out",
        f"- training took {trained.seconds:.1f} s",
        "",
        "## Measured",
    ]
    lines += _figures_lines(held, ref)
    lines += ["", "## Files", *FILES_NOTE]
    return "\n".join(lines) + "\n"


FILES_NOTE = (
    "- yours.model: our text format (`indictok.IndicBPETokenizer.load`)",
    "- yours.tiktoken: tiktoken ranks (use the split pattern in yours.model)",
    "- yours.vocab: every token, for reading",
    "- transformers/tokenizer.json: `tokenizers.Tokenizer.from_file`",
    "- transformers/: `transformers.AutoTokenizer.from_pretrained` (with its config)",
    "Encode NFC-normalised text; tokenizer.json normalises by itself.",
)


def _figures_lines(held: Mapping[str, Any] | None, ref: Mapping[str, Any]) -> list[str]:
    lines = []
    if held:
        lines.append(
            f"- held-out share: {held['tokens']:,} tokens, {held['bytes_per_token']:.2f} "
            f"bytes/token, {held['chars_per_token']:.2f} chars/token, "
            f"{held['tokens_per_word']:.3f} tokens/word; "
            f"verdict {'PASS' if held['passed'] else 'FAIL'}"
        )
        for name, f in held["compared"].items():
            lines.append(
                f"  - {name}: {f['tokens']:,} tokens, {f['bytes_per_token']:.2f} bytes/token, "
                f"{f['tokens_per_word']:.3f} tokens/word"
            )
    if ref and "reference_text" in ref:
        t = ref["reference_text"]
        lines.append(
            f"- reference text {t['file']}: {t['bytes_per_token']:.2f} bytes/token, round trip "
            f"{'ok' if t['round_trip_ok'] else 'FAILED'}; verdict "
            f"{'PASS' if ref['passed'] else 'FAIL'}"
        )
    return lines or ["- (nothing measured)"]


def write_zip(trained: Trained, readme_text: str, folder: Path) -> Path:
    """Every format we ship, and the README, as one zip in `folder` (written under a
    temporary name and renamed, so no half-written zip is ever there)."""
    tokenizer = trained.tokenizer
    stage = Path(tempfile.mkdtemp(dir=folder, prefix="stage-"))
    try:
        tokenizer.save(stage / "yours.model")
        write_tiktoken_ranks(tokenizer, stage / "yours.tiktoken")
        write_vocab(tokenizer, stage / "yours.vocab")
        write_transformers_folder(tokenizer, stage / "transformers")
        (stage / "README.md").write_text(readme_text, encoding="utf-8")
        name = f"yours-{trained.lang or 'xx'}-{tokenizer.vocab_size}.zip"
        part = folder / f"{name}.part"
        with zipfile.ZipFile(part, "w", zipfile.ZIP_DEFLATED) as zf:
            for path in sorted(stage.rglob("*")):
                if path.is_file():
                    zf.write(path, path.relative_to(stage).as_posix())
        return part.replace(folder / name)
    finally:
        shutil.rmtree(stage, ignore_errors=True)
