"""Untrusted tokenizer files are parsed and run in a child process, never in the caller's:
a split pattern that backtracks catastrophically, a parser that loops or a file that asks for
gigabytes costs a child killed at a time limit (or stopped at its memory limit), and comes
back as a message.

- `grade_file`: one file, loaded and graded in a fresh child (GRADE_SECONDS at most); the
  web app, its API and the CLI (`indictok grade`) all call it, so they give one verdict.
- `SandboxedBackend`: a Backend whose tokenizer lives in a shared child (`shared()`): the
  card of an uploaded tokenizer. Every call has a time limit (`encode_seconds`); a child that
  is killed is started again on the next call, and reloads the tokenizers it is asked for.

The child limits its own address space (MEMORY_BYTES) before reading any request; requests
and answers are pickled over its stdin/stdout, framed by their length.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import select
import struct
import subprocess
import sys
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

import numpy as np

from .limits import ENCODE_SECONDS, ENCODE_SECONDS_PER_CHAR, GRADE_SECONDS, MAX_HELD
from .limits import SANDBOX_MEMORY_BYTES as MEMORY_BYTES
from .token import Encoded

GRADE_NICENESS = 10  # a grading child yields the cores to the page's tokenizing
CHILD_ENV = {  # one thread per library: the child is one worker, not a pool
    "RAYON_NUM_THREADS": "1",
    "TOKENIZERS_PARALLELISM": "false",
    "OMP_NUM_THREADS": "1",
    "OPENBLAS_NUM_THREADS": "1",
    "MALLOC_ARENA_MAX": "2",
}
_HEADER = struct.Struct("<Q")


def encode_seconds(chars: int) -> float:
    """The time one call on an uploaded tokenizer may take, for a text of `chars` characters."""
    return ENCODE_SECONDS + ENCODE_SECONDS_PER_CHAR * chars


class SandboxError(ValueError):
    """The child could not answer: a time limit, a crash, or the file's own error."""


class _MissingError(SandboxError):
    """The child does not hold that tokenizer (it was started again)."""


def send_frame(stream: IO[bytes], value: Any) -> None:
    data = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
    stream.write(_HEADER.pack(len(data)) + data)
    stream.flush()


def receive_frame(stream: IO[bytes]) -> Any:
    header = stream.read(_HEADER.size)
    if len(header) < _HEADER.size:
        raise EOFError
    (size,) = _HEADER.unpack(header)
    data = stream.read(size)
    if len(data) < size:
        raise EOFError
    return pickle.loads(data)


class Sandbox:
    """One child process, started on first use; calls are answered one at a time."""

    def __init__(self, memory_bytes: int = MEMORY_BYTES, niceness: int = 0) -> None:
        self.memory_bytes, self.niceness = memory_bytes, niceness
        self._process: subprocess.Popen[bytes] | None = None
        self._lock = threading.Lock()

    def call(self, op: str, *args: Any, timeout: float) -> Any:
        """The child's answer to `op(*args)`; SandboxError if it fails, dies or takes longer
        than `timeout` seconds (it is then killed)."""
        if not self._lock.acquire(timeout=timeout):
            raise SandboxError("the uploaded-tokenizer worker is busy; try again in a moment")
        try:
            return self._call(op, args, timeout)
        finally:
            self._lock.release()

    def _call(self, op: str, args: tuple[Any, ...], timeout: float) -> Any:
        process = self._start()
        assert process.stdin is not None and process.stdout is not None
        try:
            send_frame(process.stdin, (op, args))
            ready, _, _ = select.select([process.stdout], [], [], timeout)
            if not ready:
                self.close()
                raise SandboxError(
                    f"stopped after {timeout:g} seconds (the limit): loading or tokenizing "
                    "took too long (a split pattern that backtracks catastrophically, or a "
                    "very slow normaliser, does this)"
                )
            status, value = receive_frame(process.stdout)
        except (EOFError, OSError, pickle.UnpicklingError):
            self.close()
            raise SandboxError(
                "the tokenizer stopped its worker process (out of its "
                f"{self.memory_bytes / 1024**3:g} GB memory limit, or a crash in its library)"
            ) from None
        if status == "missing":
            raise _MissingError(value)
        if status != "ok":
            raise SandboxError(value)
        return value

    def _start(self) -> subprocess.Popen[bytes]:
        if self._process is None or self._process.poll() is not None:
            self._process = subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "indictok.sandbox",
                    str(self.memory_bytes),
                    str(self.niceness),
                ],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL,
                env=child_env(),
                close_fds=True,
            )
        return self._process

    def close(self) -> None:
        process, self._process = self._process, None
        if process is not None and process.poll() is None:
            process.kill()
        if process is not None:
            process.wait()
            for stream in (process.stdin, process.stdout):
                if stream is not None:
                    stream.close()


def child_env() -> dict[str, str]:
    """This environment, one thread per library, and this copy of indictok importable
    whatever the working directory."""
    root = str(Path(__file__).resolve().parent.parent)
    path = os.pathsep.join(p for p in (root, os.environ.get("PYTHONPATH", "")) if p)
    return {**os.environ, **CHILD_ENV, "PYTHONPATH": path}


def grade_file(
    data: bytes,
    filename: str,
    *,
    language: str = "auto",
    text: str = "",
    pattern: str = "",
    timeout: float = GRADE_SECONDS,
) -> dict[str, Any]:
    """The grader's report for an uploaded file, or {"error": message}: loaded and graded in
    a fresh child process that is gone when this returns."""
    sandbox = Sandbox(niceness=GRADE_NICENESS)
    try:
        return dict(sandbox.call("grade", data, filename, pattern, language, text, timeout=timeout))
    except SandboxError as e:
        return {"error": f"{filename}: {e}"}
    finally:
        sandbox.close()


_shared = Sandbox()


def shared() -> Sandbox:
    """The child that holds the uploaded tokenizers shown as cards."""
    return _shared


class PackedTable:
    """Each id's bytes and display form, packed into two buffers (a million ids fit in
    tens of MB)."""

    def __init__(self, data: list[bytes], pieces: list[str]) -> None:
        self._data, self._data_at = _pack(data)
        self._pieces, self._pieces_at = _pack([p.encode("utf-8") for p in pieces])

    def data_of(self, token_id: int) -> bytes:
        return self._data[self._data_at[token_id] : self._data_at[token_id + 1]]

    def piece_of(self, token_id: int) -> str:
        at = self._pieces_at
        return self._pieces[at[token_id] : at[token_id + 1]].decode("utf-8")


def _pack(items: list[bytes]) -> tuple[bytes, np.ndarray]:
    offsets = np.zeros(len(items) + 1, dtype=np.int64)
    np.cumsum([len(item) for item in items], out=offsets[1:])
    return b"".join(items), offsets


@dataclass
class SandboxedBackend:
    """An uploaded tokenizer run in the shared child: the Backend protocol, every call
    bounded in time. The file's bytes are kept here (at most 10 MB) to reload it if the
    child is started again."""

    name: str
    data: bytes = field(repr=False)
    filename: str
    pattern: str = ""
    sandbox: Sandbox = field(default_factory=shared, repr=False)

    def __post_init__(self) -> None:
        self.key = os.urandom(16).hex()
        info = self._load()
        self.vocab_size: int = info["vocab_size"]
        self.byte_exact: bool = info["byte_exact"]
        self.pattern_version: str = info["pattern_version"]
        self.table = PackedTable(info["data"], info["pieces"])

    def _load(self) -> dict[str, Any]:
        args = (self.key, self.data, self.filename, self.pattern)
        return dict(self.sandbox.call("load", *args, timeout=GRADE_SECONDS))

    def _ask(self, op: str, *args: Any) -> Any:
        timeout = encode_seconds(sum(len(a) for a in args if isinstance(a, str | list)))
        try:
            return self.sandbox.call(op, self.key, *args, timeout=timeout)
        except _MissingError:
            self._load()
            return self.sandbox.call(op, self.key, *args, timeout=timeout)

    def normalize(self, text: str) -> str:
        return str(self._ask("normalize", text))

    def encode(self, text: str) -> Encoded:
        normalized, ids, starts, ends = self._ask("encode", text)
        return Encoded(self.name, normalized, ids, starts, ends, self.table)

    def encode_ids(self, text: str) -> list[int]:
        return list(self._ask("encode_ids", text))

    def encode_batch(self, texts: list[str], num_threads: int) -> list[list[int]]:
        return [self.encode_ids(text) for text in texts]

    def encode_with_special(self, text: str) -> list[int]:
        raise ValueError(f"{self.name}: special tokens are encoded as text here")

    def check_ids(self, ids: Sequence[object]) -> list[int]:
        from .backends.ids import check_ids

        return check_ids(ids, self.vocab_size, self.name)

    def decode(self, ids: Sequence[int]) -> str:
        return str(self._ask("decode", self.check_ids(ids)))

    def parents(self, token_id: int) -> tuple[int, int] | None:
        return None

    def close(self) -> None:
        """Let the child drop this tokenizer."""
        with contextlib.suppress(SandboxError):
            self.sandbox.call("forget", self.key, timeout=encode_seconds(0))


# ---- the child -------------------------------------------------------------------------


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
