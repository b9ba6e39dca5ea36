"""limits.py (the app's) and indictok/limits.py (the package's): numbers only, each with its
reason, and the only place a limit is written (read from the source with `ast`)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from indictok import limits as package_limits
from indictok.app import limits

PACKAGE = Path(__file__).resolve().parent.parent / "indictok"
LIMIT_FILES = (PACKAGE / "limits.py", PACKAGE / "app" / "limits.py")
LIMIT_WORDS = ("MAX_", "_SECONDS", "_BYTES", "_MAX_AGE", "_TTL")
NOT_LIMITS = {  # named like limits, but they bound nothing a visitor sends
    "PROGRESS_SECONDS": "how often a training's progress is sent and drawn",
    "SWEEP_SECONDS": "how often queueguard sweeps finished results",
    "LLAMA_MAX_RUN": "Meta's encoder's own cut, reproduced for the same tokens",
    "LLAMA_MAX_CHARS": "Meta's encoder's own cut, reproduced for the same tokens",
    "BATCH_BYTES": "encode_file's read size, not a bound",
}


def _assigned(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    targets = [t for n in tree.body if isinstance(n, ast.Assign) for t in n.targets]
    return [t.id for t in targets if isinstance(t, ast.Name)]


@pytest.mark.fast
def test_the_limits_are_numbers() -> None:
    for module in (limits, package_limits):
        for name in dir(module):
            if name.isupper():
                value = getattr(module, name)
                assert isinstance(value, int | float | limits.UploadLimits), name
    assert all(isinstance(v, int) for v in vars(limits.UPLOADS).values())


@pytest.mark.fast
def test_every_limit_has_its_reason_on_its_line_or_above() -> None:
    for path in LIMIT_FILES:
        lines = path.read_text(encoding="utf-8").splitlines()
        for i, line in enumerate(lines):
            if line.split(" = ")[0].isupper() and " = " in line and not line.startswith(" "):
                reason = "#" in line or lines[i - 1].startswith("#") or lines[i + 1].startswith(" ")
                assert reason, f"{path.name}:{i + 1} {line}"


@pytest.mark.fast
def test_no_other_module_writes_a_limit() -> None:
    """Modules import their limits; a MAX_/_SECONDS/_BYTES constant assigned elsewhere is a
    second spelling (scripts and tests may copy one, naming where it comes from)."""
    bad = [
        f"{path.relative_to(PACKAGE)}: {name}"
        for path in sorted(PACKAGE.rglob("*.py"))
        if path not in LIMIT_FILES
        for name in _assigned(path)
        if name.isupper() and any(word in name for word in LIMIT_WORDS) and name not in NOT_LIMITS
    ]
    assert not bad, bad


@pytest.mark.fast
def test_an_upload_takes_the_largest_feature_s_file() -> None:
    assert limits.UPLOADS.bytes_per_file == package_limits.MAX_CORPUS_BYTES
    assert limits.UPLOADS.bytes_per_file > package_limits.MAX_FILE_BYTES
    assert limits.UPLOADS.body_bytes > limits.UPLOADS.bytes_per_file
    assert limits.HEAVY_WORKERS < limits.WORKERS  # a light request always finds a worker
