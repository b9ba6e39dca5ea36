"""The store's checksums: the sha256 of every file in tokenizers_store/, in one table.

`tokenizers_store/SHA256SUMS` (the format of `sha256sum`, so `cd tokenizers_store &&
sha256sum -c SHA256SUMS` checks it too) is written with the store README by the commands
that train (`python -m indictok train`, `train-lid`), and `verify(name)` checks a file
against it before anything reads the file: a missing, empty, altered or unlisted file
raises an error naming the file.

Not here: where the store is (paths.py) and parsing the files (backends/, tokenizer.py,
languages.py).
"""

from __future__ import annotations

import hashlib
import importlib.util
from pathlib import Path

from .paths import REPO_ROOT, STORE_DIR

MANIFEST = "SHA256SUMS"


def restore_command(name: str) -> str:
    """How to get the shipped copy of a store file back: from git in a checkout, else by
    installing the package again."""
    if (REPO_ROOT / ".git").exists():
        return f"git checkout -- tokenizers_store/{name}"
    return "install indictok again (pip install --force-reinstall, from where you installed it)"


def shown(name: str, store: Path | None = None) -> str:
    """A store file as messages name it: `tokenizers_store/tiktoken/o200k_base.tiktoken`."""
    return f"{(store or STORE_DIR).name}/{name}"


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def store_files(store: Path | None = None) -> list[str]:
    """Every file of the store the manifest covers (all but the README and itself), sorted."""
    store = store or STORE_DIR
    skip = {"README.md", MANIFEST}
    found = (p for p in store.rglob("*") if p.is_file() and p.name not in skip)
    return sorted(p.relative_to(store).as_posix() for p in found)


def write_manifest(store: Path | None = None) -> Path:
    """Record the sha256 of every store file (run by the commands that train)."""
    store = store or STORE_DIR
    lines = [f"{digest((store / name).read_bytes())}  {name}" for name in store_files(store)]
    path = store / MANIFEST
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def read_manifest(store: Path | None = None) -> dict[str, str]:
    """{file name relative to the store: sha256}; ValueError naming the line if malformed."""
    store = store or STORE_DIR
    path = store / MANIFEST
    if not path.is_file():
        raise FileNotFoundError(
            f"{shown(MANIFEST, store)} (the table of expected sha256 hashes) is missing, "
            f"so no store file can be checked; restore it with: {restore_command(MANIFEST)}"
        )
    table = {}
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        expected, _, name = line.partition("  ")
        if len(expected) != 64 or not name or expected.strip("0123456789abcdef"):
            raise ValueError(
                f"{shown(MANIFEST, store)} line {number}: expected '<64 hex digits>  <file>', "
                f"got {line[:80]!r}"
            )
        table[name] = expected
    return table


def verify(name: str, store: Path | None = None) -> bytes:
    """The bytes of store file `name` (e.g. "tiktoken/o200k_base.tiktoken"), checked against
    the manifest; FileNotFoundError or ValueError naming the file otherwise."""
    store = store or STORE_DIR
    path = store / name
    if not path.is_file():
        raise FileNotFoundError(f"{shown(name, store)} is missing")
    expected = read_manifest(store).get(name)
    if expected is None:
        raise ValueError(f"{shown(name, store)} is not listed in {shown(MANIFEST, store)}")
    data = path.read_bytes()
    if not data:
        raise ValueError(f"{shown(name, store)} is empty (0 bytes)")
    if (actual := digest(data)) != expected:
        raise ValueError(
            f"{shown(name, store)} is corrupt (altered or damaged): its sha256 is "
            f"{actual[:12]}…, {MANIFEST} records {expected[:12]}…"
        )
    return data


def verify_packaged(package: str, name: str, sha256: str, pin: str) -> bytes:
    """The bytes of file `name` inside installed package `package` (found without importing
    it), checked against `sha256`: for files whose licence keeps them out of the store.
    `pin` is the requirement that installs it ("llama-models==0.3.0")."""
    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        raise FileNotFoundError(f"the package {package} is not installed (pip install '{pin}')")
    path = Path(next(iter(spec.submodule_search_locations))) / name
    shown_path = f"{package}/{name}"
    if not path.is_file():
        raise FileNotFoundError(f"{shown_path} is missing from the installed {package}")
    data = path.read_bytes()
    if (actual := digest(data)) != sha256:
        raise ValueError(
            f"{shown_path} is not the file {pin} ships: its sha256 is {actual[:12]}…, "
            f"expected {sha256[:12]}…"
        )
    return data
