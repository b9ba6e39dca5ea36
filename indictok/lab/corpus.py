"""The Lab's corpus: checked (LabError with a message for the visitor) and read, split into
training and held-out lines; our training text for a language, when this machine has it.
Used by the page's Lab and by `python -m indictok train --text`.
"""

from __future__ import annotations

from pathlib import Path

from ..languages import LANGUAGES, detect_language
from ..limits import MAX_CORPUS_BYTES
from ..paths import train_file
from ..text import check_encodable


class LabError(ValueError):
    """Input the Lab refuses, with a message for the visitor."""


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


def read_source(source: tuple[str, str]) -> str:
    """The corpus: ("text", the text) or ("file", a path: an upload or our training file)."""
    kind, value = source
    if kind == "file":
        return check_corpus(read_text_file(value))
    return check_corpus(value)
