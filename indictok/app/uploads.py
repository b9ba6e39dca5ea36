"""The Grader tab's uploaded tokenizer and `/grade_file`: the file is read once (its size
checked first), removed from Gradio's temp folder, graded in a child process (sandbox.py)
and, on the page, kept for the visitor's comparison (own.py) as a card that also runs in a
child process. File names are hostile text: shortened, control characters dropped, escaped
in HTML."""

from __future__ import annotations

import contextlib
import os
import unicodedata
from functools import lru_cache
from html import escape
from pathlib import Path
from typing import Any

from gradio.utils import get_upload_folder

from .. import sandbox
from ..languages import LANGUAGES
from ..upload import MAX_PATTERN_CHARS, UploadError, read_upload
from . import lookup, own
from .limits import InputError, check_text, work_slot

FILE_TYPES = [".json", ".model", ".tiktoken", ".txt"]
MAX_NAME_CHARS = 80


def display_name(path: str, given: str | None = None) -> str:
    """The file's name for people: its base name, printable characters only, shortened."""
    name = Path(given or path).name
    name = "".join(c for c in name if unicodedata.category(c)[0] != "C").strip()
    if len(name) > MAX_NAME_CHARS:
        name = name[: MAX_NAME_CHARS - 1] + "…"
    return name or "tokenizer file"


def in_upload_folder(path: str) -> bool:
    """Whether `path` is a file Gradio stored for an upload (no other path is read)."""
    folder = Path(get_upload_folder()).resolve()
    try:
        return Path(path).resolve().is_relative_to(folder) and Path(path).is_file()
    except (OSError, ValueError):
        return False


def take_file(path: str) -> bytes:
    """The upload's bytes (size checked before reading); the temp file is removed."""
    try:
        return read_upload(path)
    except OSError as e:
        raise UploadError(f"the upload could not be read ({e.strerror})") from None
    finally:
        with contextlib.suppress(OSError):
            os.remove(path)


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
    path: str | None, name: str, language: Any = "auto", text: Any = "", pattern: Any = ""
) -> tuple[dict[str, Any], bytes]:
    """(the report or {"error": message}, the file's bytes) for an uploaded file."""
    if not path:
        return {"error": "choose a tokenizer file first"}, b""
    try:
        language, text, pattern = check_inputs(language, text, pattern)
        data = take_file(path)
        with work_slot():
            report = sandbox.grade_file(data, name, language=language, text=text, pattern=pattern)
    except (InputError, UploadError) as e:
        return {"error": f"{name}: {e}"}, b""
    return report, data


def grade_api_file(file: Any, language: Any, text: Any, pattern: Any) -> dict[str, Any]:
    """`/grade_file`: `file` is Gradio's FileData (a dict with the stored path)."""
    if hasattr(file, "model_dump"):
        file = file.model_dump()
    path = file.get("path") if isinstance(file, dict) else None
    if not isinstance(path, str) or not in_upload_folder(path):
        return {"error": "file must be an uploaded file (gradio_client: handle_file(path))"}
    return grade_path(path, display_name(path, file.get("orig_name")), language, text, pattern)[0]


def grade_and_keep(
    path: str | None, language: Any, text: Any, pattern: Any, visitor: str = ""
) -> tuple[dict[str, Any], str]:
    """The page's upload: (report, key of its card, "" if it got none); `visitor` is the
    Gradio session it is kept for."""
    name = display_name(path or "")
    report, data = grade_path(path, name, language, text, pattern)
    if "error" in report:
        return report, ""
    try:
        backend = sandbox.SandboxedBackend(f"uploaded: {name}", data, name, pattern or "")
    except sandbox.SandboxError as e:
        report["card"] = f"not added to the comparison: {e}"
        return report, ""
    kept = own.keep(backend.name, backend.name, backend, visitor)
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
