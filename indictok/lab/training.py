"""Training a visitor's tokenizer: the settings (checked), our recipe for them, and `train`,
with a progress record, a cancel flag and a time cap (`StoppedError`); nothing is written.
"""

from __future__ import annotations

import hashlib
import math
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from ..limits import MAX_UNSPLIT_LINE_BYTES, TIME_CAP_SECONDS
from ..recipe import Recipe, auto_superword_merges, train_with
from ..tokenizer import IndicBPETokenizer
from .corpus import LabError, check_corpus, corpus_language, corpus_lines, split_heldout
from .replay import sample_sentence
from .timeleft import TimeLeft

MIN_VOCAB, MAX_VOCAB, DEFAULT_VOCAB = 257, 5000, 4999
DEFAULT_HELDOUT, MAX_HELDOUT = 0.1, 0.5
PATTERNS = {
    "indic-superword-v1": "ours: akshara-safe words first, then the last merges (a quarter, "
    "at most 1,000) may join up to 3 Indian-script words and their danda or comma",
    "indic-v1": "word-level: a word never loses a vowel sign or virama; BPE never crosses a "
    "space, digit group or punctuation mark",
    "cl100k": "GPT-4's pattern: \\p{L}+ stops at every vowel sign and virama, so Indic words "
    "are cut into pieces before BPE sees them",
    "none": "no pattern: each line is one chunk, so merges may cross spaces and punctuation",
}


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
    """What a running training has done; read by another thread to draw the progress bar.
    `superword`: the last merges, learned after a second counting (timeleft.py)."""

    total: int  # merges to learn
    superword: int = 0
    done: int = 0
    started: float = field(default_factory=time.monotonic)
    time_left: TimeLeft = field(init=False)

    def __post_init__(self) -> None:
        self.time_left = TimeLeft(self.total, self.superword, self.started)

    @classmethod
    def of(cls, settings: Settings) -> Progress:
        merges = settings.vocab_size - MIN_VOCAB
        return cls(merges, min(recipe_for(settings).superword_merges, merges))

    def start(self) -> None:
        """The training begins (its first counting): the clock starts now."""
        self.started = self.time_left.started = time.monotonic()

    def advance(self, done: int) -> None:
        """`done` merges are learned (reported after each one)."""
        if self.done == 0:
            self.time_left.first(time.monotonic(), done)
        self.done = done

    def seconds_left(self) -> float | None:
        """The time left to show (timeleft.py), None while it cannot be told."""
        return self.time_left.update(time.monotonic(), self.done)


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


def check_unsplit_lines(lines: list[str]) -> None:
    """Without a split pattern each line is one chunk that every merge rewrites: a LabError
    for a line over MAX_UNSPLIT_LINE_BYTES (a one-line corpus would run to the time cap)."""
    for number, line in enumerate(lines, 1):
        if (size := len(line.encode("utf-8"))) > MAX_UNSPLIT_LINE_BYTES:
            raise LabError(
                f"line {number:,} is {size:,} UTF-8 bytes; with the split pattern none each line "
                f"is one chunk, and the limit is {MAX_UNSPLIT_LINE_BYTES:,}: break the text into "
                "lines or choose a split pattern"
            )


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
    if settings.pattern == "none":
        check_unsplit_lines(lines)
    progress = progress or Progress.of(settings)
    progress.start()
    deadline = progress.started + time_cap

    def on_merge(done: int) -> None:
        progress.advance(done)
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
    corpus = {
        "bytes": len(text.encode("utf-8")),
        "chars": len(text),
        "lines": len(lines) + len(held),
        "training_lines": len(lines),
        "heldout_lines": len(held),
    }
    sample = sample_sentence([*held, *lines])
    return Trained(tokenizer, settings, recipe, lang, corpus, "".join(held), seconds, sample)


def merges_sha256(tokenizer: IndicBPETokenizer) -> str:
    """sha256 of the merges in rank order, one `left right new` line each (as in .model)."""
    lines = "".join(f"{a} {b} {new_id}\n" for (a, b), new_id in tokenizer.model.merges)
    return hashlib.sha256(lines.encode("ascii")).hexdigest()
