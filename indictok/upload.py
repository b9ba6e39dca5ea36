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

import json
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .backends import Backend
from .limits import MAX_EXPANSION, MAX_FILE_BYTES, MAX_PATTERN_CHARS, MAX_VOCAB

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
    loader = {
        "indictok": _load_ours,
        "tokenizer.json": _load_tokenizer_json,
        "tiktoken": _load_tiktoken,
        "sentencepiece": _load_sentencepiece,
    }[kind]
    try:
        backend, counted = loader(name, data, pattern)
    except UploadError:
        raise
    except (ValueError, KeyError, TypeError, RecursionError, RuntimeError, OSError) as e:
        raise UploadError(f"this is not a valid {KINDS[kind]}: {_short(e)}") from None
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


def _short(error: BaseException) -> str:
    text = without_paths(str(error)) or type(error).__name__
    return text if len(text) <= 300 else text[:300] + "…"


def _load_tokenizer_json(name: str, data: bytes, pattern: str) -> tuple[Backend, str]:
    from .backends.hf import HFTokenizerBackend
    from .backends.hfany import HFAnyBackend

    try:
        spec = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError) as e:
        raise UploadError(f"this is not a valid JSON file: {_short(e)}") from None
    if not isinstance(spec, dict) or not isinstance(spec.get("model"), dict):
        if isinstance(spec, dict) and "pat_str" in spec:
            raise UploadError(
                "this is a tiktoken sidecar (pat_str): upload the rank file and paste this "
                "JSON into the split pattern box"
            )
        raise UploadError('this JSON is not a tokenizer.json (it has no "model" object)')
    vocab = spec["model"].get("vocab") or {}
    added = spec.get("added_tokens") or []
    check_vocab(len(vocab) + (len(added) if isinstance(added, list) else 0))
    ids = [
        *(vocab.values() if isinstance(vocab, dict) else []),
        *(t.get("id") for t in added if isinstance(t, dict)),
    ]
    check_largest_id(max((i for i in ids if isinstance(i, int)), default=0))
    text = json.dumps(spec)  # without the BOM
    if _plain_byte_level(spec):
        backend: Backend = HFTokenizerBackend(name, text.encode("utf-8"))
    else:
        backend = HFAnyBackend(name, text.encode("utf-8"))
    model_size = len(vocab)
    extra = backend.vocab_size - model_size
    counted = (
        f"{model_size:,} entries in the model's vocabulary + {extra:,} added or special "
        f"tokens outside it = {backend.vocab_size:,} ids"
    )
    return backend, counted


def _plain_byte_level(spec: dict[str, Any]) -> bool:
    """A byte-level BPE with no normaliser and no prefix space: its tokens spell the input."""
    decoder = spec.get("decoder") or {}
    normalizer = spec.get("normalizer")
    plain = normalizer is None or normalizer == {"type": "Sequence", "normalizers": []}
    prefix = '"add_prefix_space": true' in json.dumps(spec.get("pre_tokenizer"))
    model = spec.get("model") or {}
    return (
        model.get("type") == "BPE" and decoder.get("type") == "ByteLevel" and plain and not prefix
    )


def _load_sentencepiece(name: str, data: bytes, pattern: str) -> tuple[Backend, str]:
    from google.protobuf.message import DecodeError
    from sentencepiece import sentencepiece_model_pb2

    proto = sentencepiece_model_pb2.ModelProto()  # type: ignore[attr-defined]
    try:
        proto.ParseFromString(data)
    except (DecodeError, RuntimeError, ValueError):
        raise UploadError(
            f"this is not a file we can read: expected {ACCEPTED}{_as_spm(data)}"
        ) from None
    if not proto.pieces:
        raise UploadError(f"this is not a file we can read: expected {ACCEPTED}")
    check_vocab(len(proto.pieces))
    backend = _from_temp_file(data, lambda path: _spm(name, path))
    counted = (
        f"{backend.vocab_size:,} pieces, every one counted: <unk>, <s>, </s> (control and "
        "unknown pieces), byte pieces and user-defined symbols included"
    )
    return backend, counted


def _as_spm(data: bytes) -> str:
    """What reading `data` as a SentencePiece model found, unless it is plainly text."""
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return " (read as a SentencePiece model, its protobuf is truncated or corrupt)"
    return ""


def _spm(name: str, path: Path) -> Backend:
    from .backends.spm import SentencePieceBackend

    return SentencePieceBackend(name, path)


def _load_ours(name: str, data: bytes, pattern: str) -> tuple[Backend, str]:
    from .backends.ours import IndicBPEBackend
    from .tokenizer import IndicBPETokenizer

    check_vocab(data.count(b"\n") - 5 + 256)  # a line per merge or special token, + bytes
    tokenizer = _from_temp_file(data, IndicBPETokenizer.load)
    backend = IndicBPEBackend(name, tokenizer)
    merges, specials = len(tokenizer.model.merges), len(tokenizer.special_tokens)
    counted = f"256 byte tokens + {merges:,} merges + {specials:,} special tokens"
    return backend, counted


def _from_temp_file(data: bytes, read: Any) -> Any:
    """`read(path)` of the bytes written to a private temporary file (removed at once);
    the folder's name is taken out of any message."""
    with tempfile.TemporaryDirectory(prefix="itl-upload-") as folder:
        path = Path(folder) / "uploaded.model"
        path.write_bytes(data)
        try:
            return read(path)
        except (ValueError, OSError, RuntimeError) as e:
            raise ValueError(str(e).replace(str(path), "the file")) from None


def _load_tiktoken(name: str, data: bytes, pattern: str) -> tuple[Backend, str]:
    from .backends.ranks import RankEncoding, TiktokenBackend, tiktoken_ranks

    check_vocab(data.count(b"\n") + (not data.endswith(b"\n")))  # a rank per line
    pat_str, specials = split_pattern(pattern)
    ranks = tiktoken_ranks(data, "the file")
    if not ranks:
        raise UploadError("the rank file has no ranks")
    if missing := [b for b in range(256) if bytes([b]) not in ranks]:
        raise UploadError(
            f"the rank file has no token for {len(missing)} of the 256 single bytes (the "
            f"first: 0x{missing[0]:02X}); tiktoken needs every byte as a token to encode any "
            "text, so this file cannot encode"
        )
    check_largest_id(max([*ranks.values(), *specials.values()]))
    rules = RankEncoding(pattern=pat_str, special_tokens=specials)
    backend = TiktokenBackend.build(name, rules, ranks)
    counted = (
        f"{len(ranks):,} ranks + {len(specials):,} special tokens; ids 0 to "
        f"{backend.vocab_size - 1:,} ({backend.vocab_size:,} ids)"
    )
    return backend, counted


def split_pattern(given: str) -> tuple[str, dict[str, int]]:
    """The split pattern and special tokens for a rank file: the regex itself, or a JSON
    sidecar {"pat_str": ..., "special_tokens": {...}}."""
    given = given or ""
    if not given.strip():
        raise UploadError(
            "a tiktoken rank file needs its split pattern: paste the regex (pat_str), or the "
            'JSON sidecar {"pat_str": ..., "special_tokens": {...}}'
        )
    if len(given) > MAX_PATTERN_CHARS:
        raise UploadError(f"the split pattern is over {MAX_PATTERN_CHARS:,} characters")
    if not given.lstrip().startswith("{"):
        return given, {}  # the regex as given: a leading space is part of it
    try:
        sidecar = json.loads(given)
    except (json.JSONDecodeError, RecursionError) as e:
        raise UploadError(f"the sidecar is not valid JSON: {_short(e)}") from None
    pat_str = sidecar.get("pat_str") if isinstance(sidecar, dict) else None
    specials = sidecar.get("special_tokens", {}) if isinstance(sidecar, dict) else None
    if not isinstance(pat_str, str) or not isinstance(specials, dict):
        raise UploadError('the sidecar must be {"pat_str": "...", "special_tokens": {...}}')
    if not all(isinstance(k, str) and type(v) is int and v >= 0 for k, v in specials.items()):
        raise UploadError("special_tokens must map strings to whole numbers")
    return pat_str, specials
