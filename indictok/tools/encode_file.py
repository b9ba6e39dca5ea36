"""Encode a large file (or stdin) line by line on every core: `indictok encode --file PATH
[--out OUT] [--eot]`.

Each input line is one document: its line break (LF or CRLF) is not encoded, so a line's
ids are those `indictok encode` gives for that line alone. `--eot` appends the tokenizer's
`<|endoftext|>` id after each line's ids (4998 for ours). The output, by `--out`'s ending:
- none (stdout) or `.txt`: one line per input line, the ids separated by single spaces (an
  empty input line gives an empty output line);
- `.bin`: every id back to back as little-endian uint16, nanoGPT's `train.bin`
  (`np.memmap(path, dtype=np.uint16, mode="r")`); uint32 when the tokenizer has more ids
  than uint16 holds (65,536), which the command says;
- `.jsonl`: one JSON list of ids per input line.
Lines are read in batches of about `BATCH_BYTES` and each batch is encoded on `threads`
threads (the encoders release the GIL) and written before the next is read, so memory stays
bounded whatever the file size (one line must fit in memory). A file output is written to
a temporary file beside it and renamed when complete (removed on failure). A tqdm bar with
MB/s and the final throughput go to stderr.
"""

from __future__ import annotations

import itertools
import json
import os
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO

import numpy as np

from ..backends import Backend

BATCH_BYTES = 1 << 20
EOT = "<|endoftext|>"
FORMATS = (".bin", ".jsonl", ".txt")  # --out's endings
UINT16_IDS = 1 << 16  # a tokenizer with more ids than this is written as uint32
Writer = Callable[[list[list[int]]], object]  # writes one batch's ids, one list per line


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


def eot_id(backend: Backend) -> int:
    """The id of `<|endoftext|>` (--eot), or a ValueError saying the tokenizer has none."""
    try:
        ids = backend.encode_with_special(EOT)
    except ValueError:
        ids = []
    if len(ids) != 1:
        raise ValueError(f"--eot: {backend.name} has no {EOT} token (ours and OpenAI's have one)")
    return ids[0]


def id_dtype(backend: Backend, eot: int | None = None) -> np.dtype:
    """Little-endian uint16 when every id fits (nanoGPT's train.bin), else uint32."""
    largest = max(backend.vocab_size - 1, eot or 0)
    return np.dtype("<u2" if largest < UINT16_IDS else "<u4")


def text_writer(out: IO[str]) -> Writer:
    """One line of space-separated ids per input line."""
    return lambda encoded: out.write("".join(" ".join(map(str, ids)) + "\n" for ids in encoded))


def jsonl_writer(out: IO[str]) -> Writer:
    """One JSON list per input line."""
    return lambda encoded: out.write("".join(json.dumps(ids) + "\n" for ids in encoded))


def binary_writer(out: IO[bytes], dtype: np.dtype) -> Writer:
    """Every id back to back in `dtype` (no line boundaries: --eot marks them)."""

    def write(encoded: list[list[int]]) -> None:
        count = sum(map(len, encoded))
        flat = np.fromiter(itertools.chain.from_iterable(encoded), dtype=dtype, count=count)
        out.write(flat.tobytes())

    return write


def encode_stream(
    backend: Backend,
    source: IO[str],
    write: Writer,
    threads: int,
    total_bytes: int | None,
    eot: int | None = None,
) -> Totals:
    """Encode every line of `source` and `write` each batch's ids (`eot` after each line)."""
    from tqdm import tqdm

    totals = Totals()
    started = time.perf_counter()
    with tqdm(total=total_bytes, unit="B", unit_scale=True, desc=backend.name) as bar:
        for lines in batches(source):
            try:
                encoded = backend.encode_batch(lines, threads)
            except ValueError as error:
                raise ValueError(f"lines from {totals.lines + 1} on: {error}") from None
            if eot is not None:
                for ids in encoded:
                    ids.append(eot)
            write(encoded)
            size = sum(len(line.encode("utf-8")) + 1 for line in lines)
            totals.lines += len(lines)
            totals.bytes += size
            totals.tokens += sum(map(len, encoded))
            bar.update(size)
    totals.seconds = time.perf_counter() - started
    return totals


def encode_path(
    backend: Backend, path: str, out: IO[str], threads: int, eot: int | None = None
) -> Totals:
    """`path` is a file, or "-" for stdin; space-separated ids into the text stream `out`."""
    return _encode_source(backend, path, text_writer(out), threads, eot)


def _encode_source(
    backend: Backend, path: str, write: Writer, threads: int, eot: int | None
) -> Totals:
    if path == "-":
        return encode_stream(backend, sys.stdin, write, threads, None, eot)
    if not os.path.isfile(path):
        raise FileNotFoundError(f"--file {path}: no such file")
    with open(path, encoding="utf-8", newline="\n") as source:
        try:
            return encode_stream(backend, source, write, threads, os.path.getsize(path), eot)
        except UnicodeDecodeError as error:
            raise ValueError(f"--file {path} is not UTF-8 text: {error.reason}") from None


def output_format(out: str) -> str:
    """--out's ending (.bin, .jsonl or .txt), or an error naming them or the missing folder."""
    suffix = Path(out).suffix.lower()
    if suffix not in FORMATS:
        raise ValueError(
            f"--out {out}: the name must end in .bin (little-endian ids, nanoGPT's train.bin), "
            ".jsonl (a JSON list per line) or .txt (space-separated ids per line)"
        )
    if not Path(out).parent.is_dir():
        raise FileNotFoundError(f"--out {out}: no such folder {Path(out).parent}")
    return suffix


def output_note(backend: Backend, out: str, eot: int | None) -> str:
    """What the file `out` will hold, said before writing it (for uint32: why)."""
    suffix = output_format(out)
    if suffix != ".bin":
        each = "a JSON list of ids" if suffix == ".jsonl" else "space-separated ids"
        return f"{out}: {each} per input line"
    dtype = id_dtype(backend, eot)
    if dtype.itemsize == 2:
        return f"{out}: little-endian uint16 ids (np.memmap({out!r}, dtype=np.uint16, mode='r'))"
    return (
        f"{out}: {backend.name} has {backend.vocab_size:,} ids, more than uint16 holds "
        f"({UINT16_IDS:,}), so the ids are written as little-endian uint32: read them with "
        f"np.memmap({out!r}, dtype=np.uint32, mode='r')"
    )


def encode_to_file(
    backend: Backend, path: str, out: str, threads: int, eot: int | None = None
) -> Totals:
    """Encode `path` ("-": stdin) into the file `out`, its format by its ending (module
    docstring); written beside it under a temporary name, renamed when complete."""
    suffix = output_format(out)
    target = Path(out)
    temporary = target.with_name(f".{target.name}.{os.getpid()}.part")
    try:
        if suffix == ".bin":
            with open(temporary, "wb") as stream:
                writer = binary_writer(stream, id_dtype(backend, eot))
                totals = _encode_source(backend, path, writer, threads, eot)
        else:
            with open(temporary, "w", encoding="utf-8", newline="\n") as text:
                make = jsonl_writer if suffix == ".jsonl" else text_writer
                totals = _encode_source(backend, path, make(text), threads, eot)
        os.replace(temporary, target)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    return totals
