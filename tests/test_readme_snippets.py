"""The README's "Use it in your code" examples run, and print what their comments say.

Every ```python block of that section is executed as it is, except that a line
`print(expr)  # expected` is checked: the printed text must equal `expected`.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

README = Path(__file__).resolve().parent.parent / "README.md"
SECTION = "## Use it in your code"
_CHECKED_PRINT = re.compile(r"^(\s*)print\((.*)\)  # (.*)$")


def section_blocks() -> list[str]:
    text = README.read_text(encoding="utf-8")
    start = text.index(SECTION)
    section = text[start : text.index("\n## ", start + len(SECTION))]
    return re.findall(r"```python\n(.*?)```", section, flags=re.DOTALL)


def with_checks(block: str) -> str:
    """`print(a, b)  # x y` -> `_check('x y', a, b)`; every other line is unchanged."""
    lines = []
    for line in block.splitlines():
        found = _CHECKED_PRINT.match(line)
        if found:
            indent, args, expected = found.groups()
            line = f"{indent}_check({expected!r}, {args})"
        lines.append(line)
    return "\n".join(lines)


def _check(expected: str, *values: object) -> None:
    printed = " ".join(str(value) for value in values)
    assert printed == expected, f"README says {expected!r}, the code prints {printed!r}"


def run(code: str, where: str = "<readme>") -> None:
    """Run README code, as a reader pasting it would (that is what this test is for)."""
    exec(compile(code, where, "exec"), {"_check": _check, "__name__": "__readme__"})  # noqa: S102


@pytest.mark.fast
def test_the_section_has_a_block_for_every_route() -> None:
    blocks = section_blocks()
    imports = " ".join(blocks)
    for route in ("import indictok", "import tiktoken", "from tokenizers", "from transformers"):
        assert route in imports
    prints = [line for block in blocks for line in block.splitlines() if "print(" in line]
    assert prints and all(_CHECKED_PRINT.match(line) for line in prints)  # every one is checked


@pytest.mark.fast
def test_with_checks_turns_a_commented_print_into_a_check() -> None:
    code = with_checks('x = [1, 2]\nprint(x, "a")  # [1, 2] a\nprint(x)')
    assert code == "x = [1, 2]\n_check('[1, 2] a', x, \"a\")\nprint(x)"
    run(code)
    with pytest.raises(AssertionError, match="README says"):
        run(with_checks("print(1)  # 2"))


@pytest.mark.store
@pytest.mark.parametrize("index", range(len(section_blocks())))
def test_readme_block_runs_and_prints_what_it_says(index: int) -> None:
    block = section_blocks()[index]
    run(with_checks(block), f"README.md python block {index + 1}")
