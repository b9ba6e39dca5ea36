"""The child process of sandbox.py (`python -m indictok.sandbox_child MEMORY NICENESS`): it
limits its own memory, then loads untrusted tokenizer files (upload.py) and answers grading,
encoding and lookup requests until its stdin closes. Nothing here runs in the app's process.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from typing import Any

from .limits import MAX_HELD
from .sandbox import _MissingError, receive_frame, send_frame


def _grade(
    held: dict[str, Any], data: bytes, filename: str, pattern: str, language: str, text: str
) -> dict[str, Any]:
    from . import grading, upload

    loaded = upload.load(data, filename, pattern)
    return grading.grade(
        loaded.backend,
        file=filename,
        kind=upload.KINDS[loaded.kind],
        vocab_counted=loaded.vocab_counted,
        language=language,
        text=text,
    )


def _load(held: dict[str, Any], key: str, data: bytes, filename: str, pattern: str) -> Any:
    from . import upload

    backend = held[key] = upload.load(data, filename, pattern).backend
    while len(held) > MAX_HELD:
        held.pop(next(iter(held)))  # the least recently used
    table, size = backend.table, backend.vocab_size
    return {
        "vocab_size": size,
        "byte_exact": backend.byte_exact,
        "pattern_version": backend.pattern_version,
        "data": [_or_empty(table.data_of, i, b"") for i in range(size)],
        "pieces": [_or_empty(table.piece_of, i, "") for i in range(size)],
    }


def _or_empty(read: Callable[[int], Any], token_id: int, empty: Any) -> Any:
    try:
        return read(token_id)
    except (KeyError, IndexError, ValueError):
        return empty  # an id the vocabulary leaves unused


def _held(held: dict[str, Any], key: str) -> Any:
    if key not in held:
        raise _MissingError(key)
    held[key] = held.pop(key)  # now the most recently used
    return held[key]


def _encode(held: dict[str, Any], key: str, text: str) -> tuple[str, list[int], Any, Any]:
    encoded = _held(held, key).encode(text)
    return encoded.text, list(encoded.ids), encoded.starts, encoded.ends


OPS: dict[str, Callable[..., Any]] = {
    "grade": _grade,
    "load": _load,
    "encode": _encode,
    "encode_ids": lambda held, key, text: list(_held(held, key).encode_ids(text)),
    "normalize": lambda held, key, text: _held(held, key).normalize(text),
    "decode": lambda held, key, ids: _held(held, key).decode(ids),
    "forget": lambda held, key: held.pop(key, None) and None,
}


def _answer(held: dict[str, Any], op: str, args: tuple[Any, ...]) -> tuple[str, Any]:
    try:
        return "ok", OPS[op](held, *args)
    except _MissingError as e:
        return "missing", str(e)
    except (SystemExit, KeyboardInterrupt):
        raise
    except BaseException as e:  # noqa: BLE001 - the child's boundary: every failure (a
        # library's panic is a BaseException) goes back as a message
        from .upload import UploadError

        if isinstance(e, UploadError):
            return "error", str(e)
        from .upload import without_paths

        if type(e).__name__ == "PanicException":  # Rust code gave up (pyo3)
            said = without_paths(str(e))[:200]
            if "retry-limit" in said:  # Oniguruma's limit on backtracking
                return "error", f"its split pattern backtracks catastrophically ({said})"
            return "error", f"its library gave up: {said}"
        return "error", f"{type(e).__name__}: {without_paths(str(e))[:300]}"


def serve(memory_bytes: int, niceness: int = 0) -> None:
    """The child's loop: limit memory, then answer requests until stdin closes."""
    import resource

    os.nice(niceness)
    resource.setrlimit(resource.RLIMIT_AS, (memory_bytes, memory_bytes))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    held: dict[str, Any] = {}
    stdin, stdout = sys.stdin.buffer, sys.stdout.buffer
    sys.stdout = sys.stderr  # nothing but answers on the real stdout
    while True:
        try:
            op, args = receive_frame(stdin)
        except EOFError:
            return
        send_frame(stdout, _answer(held, op, args))


if __name__ == "__main__":
    serve(int(sys.argv[1]), int(sys.argv[2]))
