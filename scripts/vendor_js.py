"""Vendor the browser engine's npm libraries into assets/vendor/, pinned, with their sha256.

    python scripts/vendor_js.py          # npm pack each pin into a temp folder, copy its files
    python scripts/vendor_js.py --check  # the vendored files against assets/vendor/SHA256SUMS

The page never loads a library from a CDN: assets/vendor/ is committed, and
tests/test_vendor_js.py checks every file against SHA256SUMS (and SHA256SUMS against the
pins below). Run without --check only to change a pin; it needs `npm` and the registry.
Test-only libraries (axe-core, which the browser tests inject into the page to check
accessibility) go to tests/vendor/ with their own SHA256SUMS: the page and the static site
never serve them.
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
TEST_VENDOR = ROOT / "tests" / "vendor"  # test-only libraries: never served
TEST_SUMS = TEST_VENDOR / "SHA256SUMS"


@dataclass(frozen=True)
class Pin:
    package: str  # the npm name
    version: str
    folder: str  # under assets/vendor/
    files: dict[str, str]  # path in the npm tarball (under package/) -> name in `folder`
    test_only: bool = False  # under tests/vendor/ (TEST_SUMS), not assets/vendor/


PINS = (
    # OpenAI's tiktoken compiled to WASM: the "lite" build (no bundled encodings), ES module glue
    Pin(
        "tiktoken",
        "1.0.22",
        "tiktoken",
        {
            "lite/tiktoken_bg.js": "tiktoken_bg.mjs",  # an ES module: named so
            "lite/tiktoken_bg.wasm": "tiktoken_bg.wasm",
            "package.json": "npm-package.json",  # its licence (MIT) and version
        },
    ),
    # Hugging Face tokenizers.js: tokenizer.json in pure JS, one ES module
    Pin(
        "@huggingface/tokenizers",
        "0.2.0",
        "tokenizers",
        {
            "dist/tokenizers.min.mjs": "tokenizers.min.mjs",
            "LICENSE": "LICENSE",
            "package.json": "npm-package.json",
        },
    ),
    # Deque's axe-core: the browser tests run it on the page (WCAG 2.2 AA); test-only
    Pin(
        "axe-core",
        "4.14.1",
        "axe-core",
        {
            "axe.min.js": "axe.min.js",
            "LICENSE": "LICENSE",  # MPL-2.0
            "package.json": "npm-package.json",
        },
        test_only=True,
    ),
)


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def npm_pack(pin: Pin, into: Path) -> tuple[Path, str]:
    """The pinned tarball, extracted into `into`; and npm's integrity string for it."""
    out = subprocess.run(
        ["npm", "pack", "--json", f"{pin.package}@{pin.version}"],
        cwd=into,
        check=True,
        capture_output=True,
        text=True,
    )
    info = json.loads(out.stdout)[0]
    with tarfile.open(into / info["filename"]) as tar:
        tar.extractall(into / pin.folder, filter="data")
    return into / pin.folder / "package", info["integrity"]


def places() -> tuple[tuple[str, Path, Path, tuple[Pin, ...]], ...]:
    """(name, folder, its SHA256SUMS, the pins vendored there): the page's, then the tests'."""
    return (
        ("assets/vendor", VENDOR, SUMS, tuple(p for p in PINS if not p.test_only)),
        ("tests/vendor", TEST_VENDOR, TEST_SUMS, tuple(p for p in PINS if p.test_only)),
    )


def vendor() -> None:
    """Replace assets/vendor/ and tests/vendor/ with the pinned files; write their SHA256SUMS."""
    with tempfile.TemporaryDirectory() as tmp:
        for _, folder, sums, pins in places():
            lines = []
            for pin in pins:
                package, integrity = npm_pack(pin, Path(tmp))
                target = folder / pin.folder
                shutil.rmtree(target, ignore_errors=True)
                target.mkdir(parents=True)
                lines.append(f"# {pin.package}@{pin.version} {integrity}")
                for source, name in pin.files.items():
                    shutil.copyfile(package / source, target / name)
                    lines.append(f"{sha256(target / name)}  {pin.folder}/{name}")
            sums.write_text("\n".join(lines) + "\n")
            print(f"wrote {sums.relative_to(ROOT)}")


def problems() -> list[str]:
    """What differs between the vendored files, their SHA256SUMS and the pins (empty: all
    is well)."""
    return [p for place in places() for p in folder_problems(*place)]


def folder_problems(where: str, folder: Path, sums: Path, pins: tuple[Pin, ...]) -> list[str]:
    if not sums.is_file():
        return [f"{where}/SHA256SUMS is missing: run python scripts/vendor_js.py"]
    found, listed = [], set()
    for line in sums.read_text().splitlines():
        if line.startswith("# "):
            package, _ = line[2:].split(" ", 1)
            if package not in {f"{p.package}@{p.version}" for p in pins}:
                found.append(f"SHA256SUMS pins {package}, not one of the script's pins")
            continue
        digest, name = line.split("  ", 1)
        listed.add(name)
        path = folder / name
        if not path.is_file():
            found.append(f"{where}/{name} is missing")
        elif sha256(path) != digest:
            found.append(f"{where}/{name} differs from its sha256 in SHA256SUMS")
    wanted = {f"{p.folder}/{name}" for p in pins for name in p.files.values()}
    found += [f"{where}/{n} is not in SHA256SUMS" for n in sorted(wanted - listed)]
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
