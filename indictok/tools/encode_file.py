"""Encode a large file (or stdin) line by line on every core: `indictok encode --file PATH`.

Output format: one line per input line, the ids of that line separated by single spaces
(an empty input line gives an empty output line). The line breaks (LF or CRLF) are not
encoded, so each output line holds the ids `indictok encode` gives for that line alone.
Lines are read in batches of about `BATCH_BYTES` and each batch is encoded on `threads`
threads (tiktoken's `encode_ordinary_batch` releases the GIL), so memory stays
bounded whatever the file size. A tqdm bar and the final throughput go to stderr.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import IO

from ..backends import Backend

BATCH_BYTES = 1 << 20


@dataclass
class Totals:
    lines: int = 0
    bytes: int = 0
    tokens: int = 0
    seconds: float = 0.0

    def summary(self, threads: int) -> str:
        rate = self.bytes / 1e6 / self.seconds if self.seconds else 0.0
        return (
            f"encoded {self.lines:,} lines, {self.bytes / 1e6:.2f} MB, {self.tokens:,} tokens "
            f"in {self.seconds:.2f} s: {rate:.1f} MB/s on {threads} threads"
        )


def default_threads() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def batches(lines: Iterable[str], batch_bytes: int = BATCH_BYTES) -> Iterator[list[str]]:
    """Lines without their line break (LF or CRLF), in lists of about `batch_bytes`."""
    batch: list[str] = []
    size = 0
    for line in lines:
        if line.endswith("\n"):
            line = line[:-2] if line.endswith("\r\n") else line[:-1]
        batch.append(line)
        size += len(line) * 3  # an upper bound on the UTF-8 size of Indic text
        if size >= batch_bytes:
            yield batch
            batch, size = [], 0
    if batch:
        yield batch


def encode_stream(
    backend: Backend, source: IO[str], out: IO[str], threads: int, total_bytes: int | None
) -> Totals:
    """Encode every line of `source` into `out` (format in the module docstring)."""
    from tqdm import tqdm

    totals = Totals()
    started = time.perf_counter()
    with tqdm(total=total_bytes, unit="B", unit_scale=True, desc=backend.name) as bar:
        for lines in batches(source):
            try:
                encoded = backend.encode_batch(lines, threads)
            except ValueError as error:
                raise ValueError(f"lines from {totals.lines + 1} on: {error}") from None
            out.write("".join(" ".join(map(str, ids)) + "\n" for ids in encoded))
            size = sum(len(line.encode("utf-8")) + 1 for line in lines)
            totals.lines += len(lines)
            totals.bytes += size
            totals.tokens += sum(map(len, encoded))
            bar.update(size)
    totals.seconds = time.perf_counter() - started
    return totals


def encode_path(backend: Backend, path: str, out: IO[str], threads: int) -> Totals:
    """`path` is a file, or "-" for stdin."""
    if path == "-":
        return encode_stream(backend, sys.stdin, out, threads, None)
    if not os.path.isfile(path):
        raise FileNotFoundError(f"--file {path}: no such file")
    with open(path, encoding="utf-8", newline="\n") as source:
        try:
            return encode_stream(backend, source, out, threads, os.path.getsize(path))
        except UnicodeDecodeError as error:
            raise ValueError(f"--file {path} is not UTF-8 text: {error.reason}") from None
