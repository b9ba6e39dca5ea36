"""Vendor the browser engine's npm libraries into assets/vendor/, pinned, with their sha256.

    python scripts/vendor_js.py          # npm pack each pin into a temp folder, copy its files
    python scripts/vendor_js.py --check  # the vendored files against assets/vendor/SHA256SUMS

The page never loads a library from a CDN: assets/vendor/ is committed, and
tests/test_vendor_js.py checks every file against SHA256SUMS (and SHA256SUMS against the
pins below). Run without --check only to change a pin; it needs `npm` and the registry.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import shutil
import subprocess
import sys
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENDOR = ROOT / "assets" / "vendor"
SUMS = VENDOR / "SHA256SUMS"


@dataclass(frozen=True)
class Pin:
    package: str  # the npm name
    version: str
    folder: str  # under assets/vendor/
    files: dict[str, str]  # path in the npm tarball (under package/) -> name in `folder`


PINS = (
    # OpenAI's tiktoken compiled to WASM: the "lite" build (no bundled encodings), ES module glue
    Pin("tiktoken", "1.0.22", "tiktoken", {
        "lite/tiktoken_bg.js": "tiktoken_bg.mjs",  # an ES module: named so
        "lite/tiktoken_bg.wasm": "tiktoken_bg.wasm",
        "package.json": "npm-package.json",  # its licence (MIT) and version
    }),
    # Hugging Face tokenizers.js: tokenizer.json in pure JS, one ES module
    Pin("@huggingface/tokenizers", "0.2.0", "tokenizers", {
        "dist/tokenizers.min.mjs": "tokenizers.min.mjs",
        "LICENSE": "LICENSE",
        "package.json": "npm-package.json",
    }),
)  # fmt: skip


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def npm_pack(pin: Pin, into: Path) -> tuple[Path, str]:
    """The pinned tarball, extracted into `into`; and npm's integrity string for it."""
    out = subprocess.run(
        ["npm", "pack", "--json", f"{pin.package}@{pin.version}"],
        cwd=into, check=True, capture_output=True, text=True,
    )  # fmt: skip
    info = json.loads(out.stdout)[0]
    with tarfile.open(into / info["filename"]) as tar:
        tar.extractall(into / pin.folder, filter="data")
    return into / pin.folder / "package", info["integrity"]


def vendor() -> None:
    """Replace assets/vendor/ with the pinned files and write SHA256SUMS."""
    lines = []
    with tempfile.TemporaryDirectory() as tmp:
        for pin in PINS:
            package, integrity = npm_pack(pin, Path(tmp))
            target = VENDOR / pin.folder
            shutil.rmtree(target, ignore_errors=True)
            target.mkdir(parents=True)
            lines.append(f"# {pin.package}@{pin.version} {integrity}")
            for source, name in pin.files.items():
                shutil.copyfile(package / source, target / name)
                lines.append(f"{sha256(target / name)}  {pin.folder}/{name}")
    SUMS.write_text("\n".join(lines) + "\n")
    print(f"wrote {SUMS.relative_to(ROOT)}")


def problems() -> list[str]:
    """What differs between assets/vendor/, SHA256SUMS and the pins (empty: all is well)."""
    if not SUMS.is_file():
        return [f"{SUMS.relative_to(ROOT)} is missing: run python scripts/vendor_js.py"]
    found, listed = [], set()
    for line in SUMS.read_text().splitlines():
        if line.startswith("# "):
            package, _ = line[2:].split(" ", 1)
            if package not in {f"{p.package}@{p.version}" for p in PINS}:
                found.append(f"SHA256SUMS pins {package}, not one of the script's pins")
            continue
        digest, name = line.split("  ", 1)
        listed.add(name)
        path = VENDOR / name
        if not path.is_file():
            found.append(f"assets/vendor/{name} is missing")
        elif sha256(path) != digest:
            found.append(f"assets/vendor/{name} differs from its sha256 in SHA256SUMS")
    wanted = {f"{p.folder}/{name}" for p in PINS for name in p.files.values()}
    found += [f"assets/vendor/{n} is not in SHA256SUMS" for n in sorted(wanted - listed)]
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--check", action="store_true", help="check, do not download")
    args = parser.parse_args()
    if not args.check:
        vendor()
    found = problems()
    for problem in found:
        print(problem, file=sys.stderr)
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
