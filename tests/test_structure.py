"""The code stays small enough to read: short modules and functions, the formatter's layout.

Read from the source (nothing imported): `ast` for Python, a brace count for the page's JS.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "indictok"
MAX_MODULE_LINES = 300
MAX_FUNCTION_LINES = 60
MAX_FORMAT_SKIPS = 5  # only for a table of data that reads better aligned


def long_functions(source: str, limit: int = MAX_FUNCTION_LINES) -> list[tuple[str, int]]:
    """Every function (nested ones too) longer than `limit` lines, from `def` to its end."""
    return [
        (node.name, node.end_lineno - node.lineno + 1)
        for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
        and node.end_lineno is not None
        and node.end_lineno - node.lineno + 1 > limit
    ]


def _python_files() -> list[Path]:
    folders = [PACKAGE, ROOT / "tests", ROOT / "scripts"]
    return [ROOT / "app.py", *(p for folder in folders for p in sorted(folder.rglob("*.py")))]


@pytest.mark.fast
def test_the_function_reader_counts_lines_from_def_to_end() -> None:
    body = "\n".join(f"    x{i} = {i}" for i in range(60))
    assert long_functions(f"def short():\n{body}\n") == [("short", 61)]
    assert long_functions(f"def short():\n{body}\n", limit=61) == []
    nested = "def outer():\n    def inner():\n" + body.replace("    ", "        ") + "\n"
    assert sorted(long_functions(nested)) == [("inner", 61), ("outer", 62)]


@pytest.mark.fast
def test_no_function_of_the_package_passes_sixty_lines() -> None:
    found = {
        f"{path.relative_to(ROOT)}: {name} ({lines} lines)"
        for path in sorted(PACKAGE.rglob("*.py"))
        for name, lines in long_functions(path.read_text(encoding="utf-8"))
    }
    assert not found, sorted(found)


@pytest.mark.fast
def test_no_module_of_the_package_passes_three_hundred_lines() -> None:
    found = {
        f"{path.relative_to(ROOT)}: {n} lines"
        for path in sorted(PACKAGE.rglob("*.py"))
        if (n := len(path.read_text(encoding="utf-8").splitlines())) > MAX_MODULE_LINES
    }
    assert not found, sorted(found)


@pytest.mark.fast
def test_the_formatter_wins_almost_everywhere() -> None:
    """A formatter skip (or off block) only for a few aligned tables of data."""
    marker = re.compile(r"#\s*fmt:\s*(skip|off)\b")
    found = [
        f"{path.relative_to(ROOT)}:{n}"
        for path in _python_files()
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if marker.search(line)
    ]
    assert len(found) <= MAX_FORMAT_SKIPS, found
