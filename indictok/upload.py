"""A tokenizer file from outside (a student's submission): which kind it is, and loaded into
a Backend by its library's own loader, with limits checked before the loader runs.

Kinds: a Hugging Face `tokenizer.json`, a SentencePiece `.model` (protobuf), a tiktoken rank
file (`<base64 token> <rank>` lines, with its split pattern given apart: the regex, or a
JSON sidecar {"pat_str": ..., "special_tokens": {...}}), and our `indictok v1` `.model`.
Anything else, a file over MAX_FILE_BYTES or a vocabulary over MAX_VOCAB gets an
UploadError with a message for people. Untrusted files are loaded in a child process with
time and memory limits (sandbox.py); this module is what runs there.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from .backends import Backend
from .limits import MAX_EXPANSION, MAX_FILE_BYTES, MAX_VOCAB

KINDS = {
    "tokenizer.json": "Hugging Face tokenizer.json",
    "sentencepiece": "SentencePiece .model",
    "tiktoken": "tiktoken rank file",
    "indictok": "indictok .model (ours)",
}
ACCEPTED = (
    "a Hugging Face tokenizer.json, a SentencePiece .model, a tiktoken rank file "
    "(with its split pattern) or an indictok .model"
)
EXPANSION_PROBE = "नमस्ते தமிழ் abc 123 ।"  # a few characters of several kinds
_PATH = re.compile(r"(?:/[^\s/'\"]+){2,}")  # /a/b and longer: a file path
_RANK_LINE = re.compile(rb"[A-Za-z0-9+/]+={0,2} [0-9]+")


class UploadError(ValueError):
    """A file we refuse, with the reason in words."""


@dataclass
class Loaded:
    """An uploaded tokenizer: its kind, its backend, and how its vocabulary was counted."""

    kind: str  # a key of KINDS
    backend: Backend
    vocab_counted: str


def check_size(size: int) -> None:
    if size > MAX_FILE_BYTES:
        raise UploadError(
            f"the file is {size:,} bytes; the limit is {MAX_FILE_BYTES:,} bytes (10 MB)"
        )
    if size == 0:
        raise UploadError("the file is empty (0 bytes)")


def read_upload(path: str | Path) -> bytes:
    """The file's bytes, its size checked before reading (UploadError if it is too large)."""
    path = Path(path)
    check_size(path.stat().st_size)
    with path.open("rb") as f:
        data = f.read(MAX_FILE_BYTES + 1)
    check_size(len(data))
    return data


def detect_kind(data: bytes) -> str:
    """A key of KINDS, from the content alone (file names are not trusted)."""
    from .model_file import FORMAT_HEADER

    if data.startswith(FORMAT_HEADER.encode()):
        return "indictok"
    if data.lstrip(b"\xef\xbb\xbf \t\r\n")[:1] == b"{":
        return "tokenizer.json"
    first = data.split(b"\n", 1)[0].strip()
    if _RANK_LINE.fullmatch(first):
        return "tiktoken"
    return "sentencepiece"  # the last candidate: its parser says if it is not one


def check_vocab(size: int) -> None:
    if size > MAX_VOCAB:
        raise UploadError(
            f"its vocabulary has {size:,} entries; the limit is {MAX_VOCAB:,} "
            "(an assignment's tokenizer has fewer than 5,000)"
        )


def check_largest_id(largest: int) -> None:
    """Ids are indexes into tables: a sparse vocabulary ({"a": 2000000000}) is refused."""
    if largest >= MAX_VOCAB:
        raise UploadError(
            f"its ids go up to {largest:,}; the limit is {MAX_VOCAB - 1:,} (ids index tables here)"
        )


def load(data: bytes, filename: str, pattern: str = "") -> Loaded:
    """The file as a Backend named "uploaded: <filename>"; UploadError says why not."""
    check_size(len(data))
    kind = detect_kind(data)
    name = f"uploaded: {filename}"
    from .upload_kinds import LOADERS  # each kind's loader (they raise this module's errors)

    loader = LOADERS[kind]
    try:
        backend, counted = loader(name, data, pattern)
    except UploadError:
        raise
    except (ValueError, KeyError, TypeError, RecursionError, RuntimeError, OSError) as e:
        raise UploadError(f"this is not a valid {KINDS[kind]}: {short_message(e)}") from None
    check_normalizer(backend)
    return Loaded(kind, backend, counted)


def check_normalizer(backend: Backend) -> None:
    """UploadError if the tokenizer makes text much longer: a normaliser (`Replace` turning
    each character into thousands) or a rule that gives far more tokens than bytes would make
    every text cost that much more. A byte-level tokenizer gives at most 4 per character."""
    probe = EXPANSION_PROBE
    normalizer = getattr(getattr(backend, "tokenizer", None), "normalizer", None)
    if normalizer is not None and hasattr(normalizer, "normalize_str"):
        out = normalizer.normalize_str(probe)
        if len(out) > MAX_EXPANSION * len(probe):
            raise UploadError(
                f"its normaliser turns {len(probe):,} characters into {len(out):,} "
                f"({len(out) / len(probe):,.0f}× longer); a normaliser that makes text more "
                f"than {MAX_EXPANSION}× longer is refused"
            )
    tokens = len(backend.encode_ids(probe))
    if tokens > MAX_EXPANSION * len(probe):
        raise UploadError(
            f"it turns {len(probe):,} characters into {tokens:,} tokens "
            f"({tokens / len(probe):,.0f} per character; a byte-level tokenizer gives at most "
            f"4); a tokenizer that expands text more than {MAX_EXPANSION}× is refused"
        )


def without_paths(text: str) -> str:
    """`text` with every absolute file path cut to its last part (no server path is shown)."""
    return _PATH.sub(lambda m: m.group(0).rsplit("/", 1)[-1], text)


def short_message(error: BaseException) -> str:
    text = without_paths(str(error)) or type(error).__name__
    return text if len(text) <= 300 else text[:300] + "…"
