"""Each kind of uploaded tokenizer file loaded by its library's own loader (upload.load picks
the kind and checks what every kind shares): Hugging Face tokenizer.json, SentencePiece
.model, our .model and tiktoken rank files with their split pattern.
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path
from typing import Any

from .backends import Backend
from .limits import MAX_PATTERN_CHARS
from .upload import ACCEPTED, UploadError, check_largest_id, check_vocab, short_message


def _load_tokenizer_json(name: str, data: bytes, pattern: str) -> tuple[Backend, str]:
    from .backends.hf import HFTokenizerBackend
    from .backends.hfany import HFAnyBackend

    try:
        spec = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError) as e:
        raise UploadError(f"this is not a valid JSON file: {short_message(e)}") from None
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
        raise UploadError(f"the sidecar is not valid JSON: {short_message(e)}") from None
    pat_str = sidecar.get("pat_str") if isinstance(sidecar, dict) else None
    specials = sidecar.get("special_tokens", {}) if isinstance(sidecar, dict) else None
    if not isinstance(pat_str, str) or not isinstance(specials, dict):
        raise UploadError('the sidecar must be {"pat_str": "...", "special_tokens": {...}}')
    if not all(isinstance(k, str) and type(v) is int and v >= 0 for k, v in specials.items()):
        raise UploadError("special_tokens must map strings to whole numbers")
    return pat_str, specials


LOADERS = {
    "indictok": _load_ours,
    "tokenizer.json": _load_tokenizer_json,
    "tiktoken": _load_tiktoken,
    "sentencepiece": _load_sentencepiece,
}
