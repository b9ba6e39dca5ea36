"""The Lab's engine: train a visitor's own tokenizer on their text, watch BPE learn, and pack
it for download. No gradio here (the app's Train tab and `/train` call it; tests call it
directly).

- `check_corpus`, `read_text_file`, `check_settings`: bad input gets a clear LabError.
- `split_heldout`: the last lines (a share of them) are kept out of training.
- `train`: our recipe (indictok/recipe.py, the same as `python -m indictok train --text`),
  with a progress record, a cancel flag and a time cap (`StoppedError`); nothing is written.
- `merges_table`, `sample_steps`: the merges in rank order, and a sample's tokens after each.
- `evaluate`, `write_zip`: held-out figures beside ours and o200k_base; every format we ship
  in one zip with a README.
"""

from __future__ import annotations

import hashlib
import itertools
import math
import shutil
import tempfile
import threading
import time
import zipfile
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import grading, loaded
from .backends.ours import IndicBPEBackend
from .bpe import merge_pair
from .export import render_token, write_tiktoken_ranks, write_vocab
from .grading import measure, verdict, vocab_ok
from .languages import DEFAULT_LANGUAGE, LANGUAGES, detect_language
from .limits import MAX_CORPUS_BYTES, TIME_CAP_SECONDS
from .paths import train_file
from .pretokenize import normalize, split
from .recipe import Recipe, auto_superword_merges, train_with
from .text import check_encodable
from .tokenizer import IndicBPETokenizer
from .transformers_folder import write_transformers_folder

MIN_VOCAB, MAX_VOCAB, DEFAULT_VOCAB = 257, 5000, 4999
DEFAULT_HELDOUT, MAX_HELDOUT = 0.1, 0.5
SAMPLE_CHARS = 240  # the sentence the slider redraws
COMPARED = ("o200k_base",)  # besides our tokenizer for the corpus's language
# The split patterns a visitor may choose, each with one line saying what it does.
PATTERNS = {
    "indic-superword-v1": "ours: akshara-safe words first, then the last merges (a quarter, "
    "at most 1,000) may join up to 3 Indian-script words and their danda or comma",
    "indic-v1": "word-level: a word never loses a vowel sign or virama; BPE never crosses a "
    "space, digit group or punctuation mark",
    "cl100k": "GPT-4's pattern: \\p{L}+ stops at every vowel sign and virama, so Indic words "
    "are cut into pieces before BPE sees them",
    "none": "no pattern: each line is one chunk, so merges may cross spaces and punctuation",
}


class LabError(ValueError):
    """Input the Lab refuses, with a message for the visitor."""


CANCELLED = "Training cancelled; nothing was kept."


class StoppedError(RuntimeError):
    """A training stopped before its end (cancelled, or over the time cap); nothing is kept."""


@dataclass(frozen=True)
class Settings:
    vocab_size: int = DEFAULT_VOCAB
    pattern: str = "indic-superword-v1"
    heldout: float = DEFAULT_HELDOUT


@dataclass
class Progress:
    """What a running training has done; read by another thread to draw the progress bar."""

    total: int  # merges to learn
    done: int = 0
    started: float = field(default_factory=time.monotonic)

    def seconds_left(self) -> float | None:
        if self.done == 0:
            return None
        elapsed = time.monotonic() - self.started
        return elapsed / self.done * (self.total - self.done)


@dataclass(frozen=True)
class Trained:
    tokenizer: IndicBPETokenizer
    settings: Settings
    recipe: Recipe
    lang: str | None  # the corpus's detected language (None: no Indian script found)
    corpus: dict[str, int]  # bytes, chars, lines, training_lines, heldout_lines
    heldout_text: str
    seconds: float
    sample: str  # the slider's sentence: the first held-out line (else the first line)


# ---- input checks ---------------------------------------------------------------------


def check_corpus(text: object) -> str:
    """`text` if the Lab can train on it, else a LabError saying what is wrong."""
    if not isinstance(text, str):
        raise LabError(f"the corpus must be text, not {type(text).__name__}")
    if not text.strip():
        raise LabError("the corpus is empty: paste some text, upload a .txt or pick a language")
    try:
        check_encodable(text)
    except ValueError as e:
        raise LabError(f"the corpus: {e}") from None
    if (size := len(text.encode("utf-8"))) > MAX_CORPUS_BYTES:
        raise LabError(f"the corpus is {size:,} UTF-8 bytes; the limit is {MAX_CORPUS_BYTES:,}")
    return text


def read_text_file(path: str | Path) -> str:
    """A UTF-8 text file's text; its size is checked before it is read."""
    path = Path(path)
    size = path.stat().st_size
    if size > MAX_CORPUS_BYTES:
        raise LabError(f"{path.name} is {size:,} bytes; the limit is {MAX_CORPUS_BYTES:,}")
    data = path.read_bytes()
    if b"\x00" in data:
        at = data.index(b"\x00")
        raise LabError(f"{path.name} is not a text file (a NUL byte at offset {at:,})")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        raise LabError(
            f"{path.name} is not UTF-8 text (byte 0x{data[e.start]:02X} at offset {e.start:,}); "
            "save it as UTF-8 and upload it again"
        ) from None
    return text.removeprefix("\ufeff")


def check_settings(vocab_size: object, pattern: object, heldout: object) -> Settings:
    """The settings, or a LabError naming the one out of range."""
    if isinstance(vocab_size, float) and vocab_size.is_integer():
        vocab_size = int(vocab_size)
    if not isinstance(vocab_size, int) or isinstance(vocab_size, bool):
        raise LabError(f"the vocabulary size must be a whole number, not {vocab_size!r}")
    if not MIN_VOCAB <= vocab_size <= MAX_VOCAB:
        raise LabError(
            f"the vocabulary size must be from {MIN_VOCAB} to {MAX_VOCAB:,} "
            f"(256 bytes + merges + 1 special token), not {vocab_size:,}"
        )
    if pattern not in PATTERNS:
        raise LabError(f"the split pattern must be one of {', '.join(PATTERNS)}, not {pattern!r}")
    if isinstance(heldout, bool) or not isinstance(heldout, int | float):
        raise LabError(f"the held-out share must be a number, not {heldout!r}")
    if not 0 <= heldout <= MAX_HELDOUT or math.isnan(heldout):
        raise LabError(f"the held-out share must be from 0 to {MAX_HELDOUT}, not {heldout}")
    return Settings(vocab_size, str(pattern), float(heldout))


# ---- corpus and recipe ----------------------------------------------------------------


def corpus_lines(text: str) -> list[str]:
    """Lines with their line ends, as `python -m indictok train` reads a file."""
    return text.splitlines(keepends=True)


def split_heldout(lines: list[str], share: float) -> tuple[list[str], list[str]]:
    """(training lines, held-out lines): the last `share` of the lines (at least one when
    share > 0 and there are two lines or more) are held out; training keeps at least one."""
    held = round(len(lines) * share)
    if share > 0 and len(lines) >= 2:
        held = max(1, held)
    held = min(held, len(lines) - 1) if lines else 0
    return lines[: len(lines) - held], lines[len(lines) - held :]


def training_file(lang: str) -> Path | None:
    """Our training text for `lang` (train/<lang>.txt of the shared corpus), if present."""
    try:
        return train_file(lang) if lang in LANGUAGES else None
    except FileNotFoundError:
        return None


def training_languages() -> list[str]:
    """The languages whose training text is on this machine."""
    return [code for code in LANGUAGES if training_file(code) is not None]


def corpus_language(text: str) -> str | None:
    """The language our detector sees in the corpus's first 100,000 characters."""
    return detect_language(text[:100_000])


def recipe_for(settings: Settings) -> Recipe:
    """Our recipe for these settings: `python -m indictok train --text FILE --vocab-size V
    --pattern P --heldout H --no-drop-zwj-lines` trains the same merges."""
    superword = settings.pattern == "indic-superword-v1"
    return Recipe(
        vocab_size=settings.vocab_size,
        superword_merges=auto_superword_merges(settings.vocab_size) if superword else 0,
        drop_zwj_lines=False,
        pattern="indic-v1" if superword else settings.pattern,
    )


# ---- training -------------------------------------------------------------------------


def train(
    text: str,
    settings: Settings,
    *,
    progress: Progress | None = None,
    cancel: threading.Event | None = None,
    time_cap: float = TIME_CAP_SECONDS,
    report: Callable[[int], None] | None = None,
) -> Trained:
    """Train on `text` less its held-out share; StoppedError if `cancel` is set or the time cap
    passes (checked after every merge); `report(merges done)` after every merge."""
    text = check_corpus(text)
    lines, held = split_heldout(corpus_lines(text), settings.heldout)
    if not "".join(lines).strip():
        raise LabError("nothing is left to train on after the held-out share")
    progress = progress or Progress(total=settings.vocab_size - MIN_VOCAB)
    progress.started = time.monotonic()
    deadline = progress.started + time_cap

    def on_merge(done: int) -> None:
        progress.done = done
        if report is not None:
            report(done)
        if cancel is not None and cancel.is_set():
            raise StoppedError(CANCELLED)
        if time.monotonic() > deadline:
            raise StoppedError(
                f"training stopped at the time cap ({time_cap:.0f} s) after {done:,} of "
                f"{progress.total:,} merges; nothing was kept. Try a smaller corpus, a smaller "
                "vocabulary or another split pattern"
            )

    lang = corpus_language(text)
    recipe = recipe_for(settings)
    started = time.perf_counter()
    on_merge(0)
    tokenizer = train_with(lang or "", recipe, lines, on_merge, name="yours")
    seconds = time.perf_counter() - started
    corpus = {"bytes": len(text.encode("utf-8")), "chars": len(text), "lines": len(lines) +
              len(held), "training_lines": len(lines), "heldout_lines": len(held)}  # fmt: skip
    sample = sample_sentence([*held, *lines])
    return Trained(tokenizer, settings, recipe, lang, corpus, "".join(held), seconds, sample)


def merges_sha256(tokenizer: IndicBPETokenizer) -> str:
    """sha256 of the merges in rank order, one `left right new` line each (as in .model)."""
    lines = "".join(f"{a} {b} {new_id}\n" for (a, b), new_id in tokenizer.model.merges)
    return hashlib.sha256(lines.encode("ascii")).hexdigest()


# ---- watching BPE learn ---------------------------------------------------------------


def merges_table(tokenizer: IndicBPETokenizer) -> list[list[Any]]:
    """[rank (1 = first), left, right, result, count when merged ("alphabet": seeded)]."""
    vocab, counts = tokenizer.model.vocab, tokenizer.model.counts
    return [
        [rank + 1, render_token(vocab[a]), render_token(vocab[b]), render_token(vocab[new_id]),
         f"{counts[rank]:,}" if rank in counts else "alphabet"]
        for rank, ((a, b), new_id) in enumerate(tokenizer.model.merges)
    ]  # fmt: skip


def sample_sentence(lines: list[str]) -> str:
    """The first line with text in it, shortened to about SAMPLE_CHARS characters."""
    for line in lines:
        if line.strip():
            return _shorten(line.strip())
    return ""


def _shorten(line: str) -> str:
    if len(line) <= SAMPLE_CHARS:
        return line
    cut = line.rfind(" ", 0, SAMPLE_CHARS)
    return line[: cut if cut > SAMPLE_CHARS // 2 else SAMPLE_CHARS]


def chunk_history(data: bytes, ranks: dict[tuple[int, int], tuple[int, int]]) -> list[Any]:
    """[[rank, ids], ...]: the chunk's ids before any merge (rank -1), then after each merge
    BPE applies to it. After merge k (1-based), the chunk is the last state whose rank < k."""
    ids = list(data)
    history: list[Any] = [[-1, ids]]
    while len(ids) >= 2:
        present = {p for p in itertools.pairwise(ids) if p in ranks}
        if not present:
            break
        best = min(present, key=lambda p: ranks[p][0])
        rank, new_id = ranks[best]
        ids = merge_pair(ids, best, new_id)
        history.append([rank, ids])
    return history


def sample_steps(tokenizer: IndicBPETokenizer, sample: str) -> dict[str, Any]:
    """What the browser needs to redraw `sample` after any merge k without asking again:
    each chunk's history, every id's text, and the merges table."""
    ranks = tokenizer.model.ranks
    chunks = [
        chunk_history(c.encode("utf-8"), ranks) for c in split(normalize(sample), tokenizer.pattern)
    ]
    ids = {i for chunk in chunks for _, state in chunk for i in state}
    vocab = tokenizer.model.vocab
    return {
        "sample": sample,
        "total": len(tokenizer.model.merges),
        "chunks": chunks,
        "pieces": {str(i): render_token(vocab[i]) for i in sorted(ids)},
        "merges": [row[1:] for row in merges_table(tokenizer)],
    }  # fmt: skip


# ---- the job a child process runs (indictok/jobs.py) -----------------------------------


def read_source(source: tuple[str, str]) -> str:
    """The corpus: ("text", the text) or ("file", a path: an upload or our training file)."""
    kind, value = source
    if kind == "file":
        return check_corpus(read_text_file(value))
    return check_corpus(value)


def train_job(
    emit: Callable[[int], None], source: tuple[str, str], settings: Settings, folder: str
) -> dict[str, Any]:
    """Everything a training does, in the child: read the corpus, train (`emit(merges done)`
    as it goes), measure, write the zip into `folder`. Returns what the page and `/train`
    show: the figures, the zip's path, the slider's steps and the .model file's bytes."""
    trained = train(read_source(source), settings, report=emit)
    backend = backend_of(trained)
    result = measured(trained, backend)
    path = write_zip(trained, readme(trained, result), Path(folder))
    model = Path(folder) / "yours.model"
    trained.tokenizer.save(model)
    return {
        "result": result,
        "zip": str(path),
        "steps": sample_steps(trained.tokenizer, trained.sample),
        "model": model.read_bytes(),
    }


def measured(trained: Trained, backend: IndicBPEBackend) -> dict[str, Any]:
    """The figures of a training: what `/train` answers (without the zip)."""
    settings = trained.settings
    return {
        "vocab_size": trained.tokenizer.vocab_size,
        "merges": len(trained.tokenizer.model.merges),
        "merges_sha256": merges_sha256(trained.tokenizer),
        "settings": {"vocab_size": settings.vocab_size, "pattern": settings.pattern,
                     "heldout": settings.heldout},
        "language": trained.lang,
        "corpus": trained.corpus,
        "seconds": round(trained.seconds, 2),
        "heldout": heldout_report(trained, backend),
        "reference": reference_report(trained, backend),
    }  # fmt: skip


def reference_report(trained: Trained, backend: IndicBPEBackend) -> dict[str, Any]:
    """The grader's report (indictok/grading.py, as for an uploaded file) on the reference
    text of the corpus's language (Hindi when no Indian script was found)."""
    lang = trained.lang or DEFAULT_LANGUAGE
    merges = len(trained.tokenizer.model.merges)
    report = grading.grade(
        backend, file="yours.model", kind="indictok .model (yours)", language=lang,
        vocab_counted=f"256 byte tokens + {merges:,} merges + 1 special token",
    )  # fmt: skip
    why = "detected in your corpus" if trained.lang else "no Indian script in your corpus"
    report["language_note"] = f"{LANGUAGES[lang].name} ({why})"
    return report


# ---- measuring and packing ------------------------------------------------------------


def backend_of(trained: Trained, label: str = "yours") -> IndicBPEBackend:
    return IndicBPEBackend(label, trained.tokenizer)


def heldout_report(trained: Trained, backend: IndicBPEBackend) -> dict[str, Any] | None:
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
            f"- held-out share: {held['tokens']:,} tokens, {held['bytes_per_token']} bytes/token, "
            f"{held['chars_per_token']} chars/token, {held['tokens_per_word']} tokens/word; "
            f"verdict {'PASS' if held['passed'] else 'FAIL'}"
        )
        for name, f in held["compared"].items():
            lines.append(
                f"  - {name}: {f['tokens']:,} tokens, {f['bytes_per_token']} bytes/token, "
                f"{f['tokens_per_word']} tokens/word"
            )
    if ref and "reference_text" in ref:
        t = ref["reference_text"]
        lines.append(
            f"- reference text {t['file']}: {t['bytes_per_token']} bytes/token, round trip "
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
