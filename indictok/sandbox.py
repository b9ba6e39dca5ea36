"""Untrusted tokenizer files are parsed and run in a child process, never in the caller's:
a split pattern that backtracks catastrophically, a parser that loops or a file that asks for
gigabytes costs a child killed at a time limit (or stopped at its memory limit), and comes
back as a message.

- `grade_file`: one file, loaded and graded in a fresh child (GRADE_SECONDS at most); the
  web app, its API and the CLI (`indictok grade`) all call it, so they give one verdict.
- `SandboxedBackend`: a Backend whose tokenizer lives in a shared child (`shared()`): the
  card of an uploaded tokenizer. Every call has a time limit (`encode_seconds`); a child that
  is killed is started again on the next call, and reloads the tokenizers it is asked for.

The child (sandbox_child.py) limits its own address space (MEMORY_BYTES) before reading any
request; requests and answers are pickled over its stdin/stdout, framed by their length.
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
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

import numpy as np

from .limits import ENCODE_SECONDS, ENCODE_SECONDS_PER_CHAR, GRADE_SECONDS
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
                    "indictok.sandbox_child",
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
