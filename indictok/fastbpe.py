"""The fastest exact encoder for our tokenizers: tiktoken's ids, computed in two stages.

tiktoken with our superword pattern is slow because its pieces are runs of up to a dozen
words (50 bytes on average) and its merge loop grows with the piece. The ids do not need
that: let S (`stage_limit`) be the lowest id of a token whose bytes could span a word
boundary of a run, that is a byte of a letter followed by a space, or a letter's last byte
followed by the start of a sentence punctuation mark. (In the shipped models S is the
first superword merge: the word stage learns inside `indic-v1` words only.) Then on a run,
every merge below S lies inside one word, so tiktoken's loop (lowest rank first) reaches
exactly the state "each word and the punctuation encoded alone with the merges below S";
from there it goes on with every merge. The compiled encoder (`_fastbpe.c`) does that:
words through a cache with the merges below S, then the loop on the run's ids, which for
most runs finds nothing to merge. Pieces that are not runs, and one-word runs, are
encoded whole (cached), as tiktoken does, including its "the whole piece is a token"
shortcut.

`fast_encoder(tokenizer)` returns that encoder's `encode` when the extension is built
(`pip install .` compiles it) and the tokenizer uses one of our split patterns; otherwise
None, and callers use `tokenizer.to_tiktoken()`, which gives the same ids. A Space installs
requirements.txt only and never builds the extension: `ensure_compiled()` (called by the
app at start-up) compiles `_fastbpe.c` with this machine's C compiler into a cache folder
when the extension is missing, and loads it from there.
`tests/test_encode_speed_equivalence.py` checks the ids on every held-out line of every
language and on random text.
"""

from __future__ import annotations

import hashlib
import importlib.util
import os
import shlex
import shutil
import subprocess
import sys
import sysconfig
import tempfile
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Any

from .pretokenize import (
    _INDIC_LETTER,
    INDIC_SPLIT_PATTERN,
    SUPERWORD_BARE_PATTERN,
    SUPERWORD_PATTERN,
)

if TYPE_CHECKING:
    from .tokenizer import IndicBPETokenizer

# split pattern -> (a run may hold several words, a run takes sentence punctuation)
SUPPORTED_PATTERNS = {
    SUPERWORD_PATTERN: (True, True),
    SUPERWORD_BARE_PATTERN: (True, False),
    INDIC_SPLIT_PATTERN: (False, False),
}
SENTENCE_PUNCTUATION = "।॥,?!:;۔،؟"  # SENTENCE_PUNCT in pretokenize.py
# The character classes the C split needs (bit -> regex), as the patterns write them.
CHARACTER_CLASSES = {
    1: _INDIC_LETTER,  # a letter of a run
    2: r"[\p{Latin}\p{M}]",  # LATIN_WORD's letters
    4: r"\p{N}",
    8: r"[^\s\p{L}\p{M}\p{N}]",  # PUNCT
    16: r"\s",
}


def stage_limit(token_bytes: list[bytes]) -> int:
    """The lowest id whose bytes could span a word boundary of a run (see the docstring)."""
    starts = {c.encode()[:k] for c in SENTENCE_PUNCTUATION for k in range(1, len(c.encode()) + 1)}
    for token_id in range(256, len(token_bytes)):
        data = token_bytes[token_id]
        for k in range(1, len(data)):
            if data[k - 1] >= 0x80 and (
                data[k] == 0x20 or (data[k - 1] < 0xC0 and data[k:] in starts)
            ):
                return token_id
    return len(token_bytes)


class TwoStageEncoder:
    """The compiled encoder for one tokenizer: `encode(nfc_text)` gives tiktoken's
    `encode_ordinary` ids; `encode_unless_long(nfc_text, long_run)` gives them too, or None
    when the text holds `long_run` or more non-space characters in a row (found in C, the
    `\\S{long_run}` of Python's `re`). Each compiled encoder keeps its own caches and
    encodes one text at a time without the GIL; `encode_batch` gives each thread its own."""

    def __init__(self, tokenizer: IndicBPETokenizer, flags: tuple[bool, bool]) -> None:
        vocab = tokenizer.model.vocab
        self._tokens = [vocab[i] for i in range(len(vocab))]
        self._args = (self._tokens, stage_limit(self._tokens), *flags)
        self._encoders = [self._compiled()]
        self.encode: Callable[[str], list[int]] = self._encoders[0].encode
        self.encode_unless_long: Callable[[str, int], list[int] | None] = self._encoders[
            0
        ].encode_unless_long

    def _compiled(self) -> Any:
        from . import _fastbpe  # type: ignore[attr-defined]

        return _fastbpe.Encoder(*self._args)

    def encode_batch(
        self, texts: list[str], num_threads: int, long_run: int = 0
    ) -> list[list[int] | None]:
        """[encode(t) for t in texts] on `num_threads` threads, one contiguous slice each;
        with `long_run`, `encode_unless_long(t, long_run)` instead (None for a long run)."""
        from concurrent.futures import ThreadPoolExecutor

        threads = max(1, min(num_threads, len(texts)))
        while len(self._encoders) < threads:
            self._encoders.append(self._compiled())
        size = -(-len(texts) // threads) or 1
        slices = [texts[i : i + size] for i in range(0, len(texts), size)]

        def encode_slice(k: int) -> list[list[int] | None]:
            encoder = self._encoders[k]
            if long_run:
                return [encoder.encode_unless_long(t, long_run) for t in slices[k]]
            return [encoder.encode(t) for t in slices[k]]

        if len(slices) <= 1:
            return encode_slice(0) if slices else []
        with ThreadPoolExecutor(len(slices)) as pool:
            parts = pool.map(encode_slice, range(len(slices)))
        return [ids for part in parts for ids in part]


def fast_encoder(tokenizer: IndicBPETokenizer) -> TwoStageEncoder | None:
    """The compiled two-stage encoder for `tokenizer`, or None when the extension is not
    built or the tokenizer's split pattern is not one of ours."""
    try:
        from . import _fastbpe  # type: ignore[attr-defined]  # noqa: F401
    except ImportError:
        return None
    flags = SUPPORTED_PATTERNS.get(tokenizer.pattern)
    if flags is None or sorted(tokenizer.model.vocab) != list(range(len(tokenizer.model.vocab))):
        return None
    return TwoStageEncoder(tokenizer, flags)


# ---- the extension: built by pip, or compiled at start-up into a cache folder ----------

SOURCES = ("_fastbpe.c", "unicode_classes.h")  # beside this file in a checkout


def built_by_pip() -> bool:
    """Whether `indictok._fastbpe` was built with the package (`pip install .`)."""
    return importlib.util.find_spec("indictok._fastbpe") is not None


def cache_dir() -> Path:
    """Where `ensure_compiled` puts the extension: $INDICTOK_CACHE, else ~/.cache/indictok."""
    default = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "indictok"
    return Path(os.environ.get("INDICTOK_CACHE") or default)


def ensure_compiled(folder: Path | None = None) -> str:
    """Make the compiled encoder importable and say how: built by pip, or compiled now (or
    earlier) with this machine's C compiler into `folder` (default `cache_dir()`); without a
    compiler or the C source, the encoders stay on tiktoken (the same ids) and it says why."""
    if "indictok._fastbpe" in sys.modules or built_by_pip():
        return "the compiled two-stage encoder (built when indictok was installed)"
    try:
        path = compile_extension(folder or cache_dir())
    except (OSError, RuntimeError) as e:
        return f"tiktoken (the compiled encoder could not be built: {e})"
    load_extension(path)
    return "the compiled two-stage encoder (compiled at start-up with this machine's C compiler)"


def compile_extension(folder: Path) -> Path:
    """`_fastbpe.c` compiled into `folder` (once per source and Python version)."""
    here = Path(__file__).parent
    sources = [here / name for name in SOURCES]
    if not all(path.is_file() for path in sources):
        raise RuntimeError("the C source is not installed with this copy of indictok")
    digest = hashlib.sha256(b"".join(path.read_bytes() for path in sources)).hexdigest()[:16]
    target = folder / digest / f"_fastbpe{sysconfig.get_config_var('EXT_SUFFIX')}"
    if target.is_file():
        return target
    include = Path(sysconfig.get_paths()["include"])
    compiler = shlex.split(sysconfig.get_config_var("CC") or "cc")
    if not (include / "Python.h").is_file() or shutil.which(compiler[0]) is None:
        raise RuntimeError(f"no C compiler ({compiler[0]}) or no Python.h in {include}")
    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=target.parent) as tmp:
        built = Path(tmp) / target.name
        flags = ["-shared", "-fPIC", "-O3", "-DNDEBUG", "-fwrapv", "-pthread", f"-I{include}"]
        command = [*compiler, *flags, str(sources[0]), "-o", str(built)]
        done = subprocess.run(command, capture_output=True, text=True, check=False)
        if done.returncode != 0:
            raise RuntimeError(f"{compiler[0]} failed: {done.stderr.strip()[-300:]}")
        os.replace(built, target)  # atomic: several workers may start at once
    return target


def load_extension(path: Path) -> ModuleType:
    """Import the compiled file at `path` as `indictok._fastbpe` (fast_encoder uses it)."""
    spec = importlib.util.spec_from_file_location("indictok._fastbpe", path)
    if spec is None or spec.loader is None:
        raise ImportError(f"cannot load {path}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    sys.modules["indictok._fastbpe"] = module
    return module


def engine_class_table() -> bytes:
    """Each code point's class bits as tiktoken's regex engine sees them (the source of
    `unicode_classes.h`; a test compares it with the compiled table)."""
    import tiktoken

    table = bytearray(0x110000)
    every = "".join(chr(c) for c in range(0x110000) if not 0xD800 <= c < 0xE000)
    single_bytes = {bytes([b]): b for b in range(256)}
    for bit, expression in CHARACTER_CLASSES.items():
        probe = tiktoken.Encoding(
            f"class-{bit}", pat_str=expression, mergeable_ranks=single_bytes, special_tokens={}
        )
        for char in probe.decode_bytes(probe.encode_ordinary(every)).decode("utf-8"):
            table[ord(char)] |= bit
    return bytes(table)


HEADER_OPENING = (
    "/* Generated by `python -m indictok.fastbpe` from tiktoken's regex engine; do not edit.\n"
    "   Each row: a range's first code point, its class bits (fastbpe.CHARACTER_CLASSES). */\n"
    "static const struct { uint32_t start; uint8_t bits; } CLASS_RANGES[] = {"
)


def class_header(table: bytes) -> str:
    """C source of `unicode_classes.h`: the table as ranges of equal class bits."""
    starts = [c for c in range(len(table)) if c == 0 or table[c] != table[c - 1]]
    rows = [f"    {{0x{c:X}, {table[c]}}}," for c in starts]
    return "\n".join([HEADER_OPENING, *rows, "};", ""])


if __name__ == "__main__":
    from pathlib import Path

    header = Path(__file__).with_name("unicode_classes.h")
    header.write_text(class_header(engine_class_table()), encoding="utf-8")
    print(f"wrote {header}")
