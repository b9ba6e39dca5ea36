"""The Grader tab's uploaded tokenizer and `/grade_file`: only a file a visitor uploaded is
read (Gradio's upload registry), once (its size checked first), never removed (Gradio's cache
expires it), graded in a child process (sandbox.py; at most GRADINGS_AT_ONCE, one per visitor)
and, on the page, kept for the visitor's comparison (own.py) as a card that also runs in a
child process. File names are hostile text: shortened, control characters dropped, escaped
in HTML."""

from __future__ import annotations

import threading
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from html import escape
from pathlib import Path
from typing import Any

from .. import sandbox
from ..languages import LANGUAGES
from ..limits import MAX_PATTERN_CHARS
from ..upload import UploadError, read_upload
from . import lookup, own
from .errors import InputError
from .limits import GRADING_WAIT_SECONDS, GRADINGS_AT_ONCE, MAX_NAME_CHARS
from .request import check_text

FILE_TYPES = [".json", ".model", ".tiktoken", ".txt"]


def display_name(path: str, given: str | None = None) -> str:
    """The file's name for people: its base name, printable characters only, shortened."""
    name = Path(given or path).name
    name = "".join(c for c in name if unicodedata.category(c)[0] != "C").strip()
    if len(name) > MAX_NAME_CHARS:
        name = name[: MAX_NAME_CHARS - 1] + "…"
    return name or "tokenizer file"


_registry: set[str] = set()  # Gradio's record of the files visitors uploaded (bind())


def bind(uploaded: set[str]) -> None:
    """Use Gradio's upload registry (`demo.upload_file_set`: every path /upload wrote)."""
    global _registry
    _registry = uploaded


def is_uploaded(path: str) -> bool:
    """Whether `path` is a file a visitor uploaded (no other path is read: not a Downloads
    file Gradio serves, not any other file of its cache)."""
    try:
        return path in _registry and Path(path).is_file()
    except (OSError, ValueError):
        return False


def read_file(path: str) -> bytes:
    """The upload's bytes (size checked before reading). The file is read, never removed: two
    visitors uploading the same bytes share one path in Gradio's cache, which expires it."""
    if not is_uploaded(path):
        raise UploadError("that is not a file you uploaded")
    try:
        return read_upload(path)
    except OSError as e:
        raise UploadError(f"the upload could not be read ({e.strerror})") from None


_gradings = threading.BoundedSemaphore(GRADINGS_AT_ONCE)
_grading_visitors: set[str] = set()
_lock = threading.Lock()


@contextmanager
def grading_turn(visitor: str) -> Iterator[None]:
    """One of the GRADINGS_AT_ONCE grading children, one at a time per visitor; InputError
    when this visitor already has one or none frees up in GRADING_WAIT_SECONDS."""
    with _lock:
        if visitor in _grading_visitors:
            raise InputError("a file of yours is being graded; wait for its verdict")
        _grading_visitors.add(visitor)
    try:
        if not _gradings.acquire(timeout=GRADING_WAIT_SECONDS):
            raise InputError("other files are being graded; try again in a moment")
        try:
            yield
        finally:
            _gradings.release()
    finally:
        with _lock:
            _grading_visitors.discard(visitor)


def check_inputs(language: Any, text: Any, pattern: Any) -> tuple[str, str, str]:
    if language not in ("auto", *LANGUAGES):
        codes = ", ".join(LANGUAGES)
        raise InputError(f"unknown language {language!r}; use auto or one of: {codes}")
    if pattern is not None and not isinstance(pattern, str):
        raise InputError("the split pattern must be a string")
    if pattern and len(pattern) > MAX_PATTERN_CHARS:
        raise InputError(f"the split pattern is over {MAX_PATTERN_CHARS:,} characters")
    return language, check_text(text), pattern or ""


def grade_path(
    path: str | None,
    name: str,
    visitor: str,
    language: Any = "auto",
    text: Any = "",
    pattern: Any = "",
) -> tuple[dict[str, Any], bytes]:
    """(the report or {"error": message}, the file's bytes) for an uploaded file."""
    if not path:
        return {"error": "choose a tokenizer file first"}, b""
    try:
        language, text, pattern = check_inputs(language, text, pattern)
        data = read_file(path)
        with grading_turn(visitor):
            report = sandbox.grade_file(data, name, language=language, text=text, pattern=pattern)
    except (InputError, UploadError) as e:
        return {"error": f"{name}: {e}"}, b""
    return report, data


def grade_api_file(
    file: Any, language: Any, text: Any, pattern: Any, visitor: str
) -> dict[str, Any]:
    """`/grade_file`: `file` is Gradio's FileData (a dict with the stored path)."""
    if hasattr(file, "model_dump"):
        file = file.model_dump()
    path = file.get("path") if isinstance(file, dict) else None
    if not isinstance(path, str) or not is_uploaded(path):
        return {"error": "file must be a file you uploaded (gradio_client: handle_file(path))"}
    name = display_name(path, file.get("orig_name"))
    return grade_path(path, name, visitor, language, text, pattern)[0]


def grade_and_keep(
    path: str | None, language: Any, text: Any, pattern: Any, visitor: str = "", session: str = ""
) -> tuple[dict[str, Any], str]:
    """The page's upload: (report, key of its card, "" if it got none). `visitor` (their
    address) grades one file at a time; `session` (their Gradio session) keeps the card."""
    name = display_name(path or "")
    report, data = grade_path(path, name, visitor, language, text, pattern)
    if "error" in report:
        return report, ""
    try:
        backend = sandbox.SandboxedBackend(f"uploaded: {name}", data, name, pattern or "")
    except sandbox.SandboxError as e:
        report["card"] = f"not added to the comparison: {e}"
        return report, ""
    kept = own.keep(backend.name, backend.name, backend, session)
    report["card"] = (
        f"added to the comparison above as “{backend.name}”, for this session."
        + own.dropped_note(kept)
    )
    return report, kept.key


@lru_cache(maxsize=2)
def _vocabulary(key: str) -> tuple[bytes, ...]:
    kept = own.find(key)
    return lookup.vocabulary_of(kept.backend) if kept else ()


def lookup_html(key: str, query: str) -> str:
    """Token lookup in the visitor's uploaded tokenizer (an id, or text in its entries)."""
    kept = own.find(key) if isinstance(key, str) and key else None
    if kept is None:
        return '<p class="itl-error">Grade a tokenizer file first (it is kept an hour unused).</p>'
    try:
        rows = lookup.lookup_in(kept.name, kept.backend, _vocabulary(key), query)
    except InputError as e:
        return f'<p class="itl-error">{escape(str(e))}</p>'
    return lookup.rows_html(kept.name, query, rows)
