"""The metrics table of docs/tokenizers.md: every tokenizer of the comparison set, swapped
for the language (`--lang`, Hindi by default), on that language's FLORES devtest and Wikipedia
files; and `write_block`, which every `--write-docs` command and script writes its table with.

`python -m indictok report` prints it; with `--write-docs` it rewrites its block.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path

from .. import catalog, loaded
from ..metrics import measure_lines
from ..paths import REPO_ROOT
from . import corpus

COMMAND = "python -m indictok report --write-docs"


@functools.cache
def english_tokens(name: str) -> int:
    """Tokens `name` spends on the English original of FLORES devtest."""
    backend = loaded.get(name)
    lines = corpus.read_lines(corpus.eval_file("flores200_devtest", "en"))
    return sum(len(backend.encode_ids(line)) for line in lines)


def build_table(lang: str = "hi") -> str:
    header = (
        "| file | tokenizer | vocab | tokens | bytes/token | chars/token | tokens/word "
        "| partial-byte tokens | aksharas split | token premium vs English | round trip |\n"
        "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---|"
    )
    rows = [header]
    for path in corpus.eval_files(lang):
        lines = corpus.read_lines(path)
        flores = path.parent.name == "flores200_devtest"
        for name in catalog.for_language(list(catalog.COMPARISON_NAMES), lang):
            total, ok = measure_lines(loaded.get(name), lines)
            premium = f"{total.tokens / english_tokens(name):.2f}" if flores else "—"
            rows.append(
                f"| {path.parent.name}/{path.name} | {name} | {loaded.get(name).vocab_size:,} "
                f"| {total.tokens:,} | {total.bytes_per_token:.2f} | {total.chars_per_token:.3f} "
                f"| {total.tokens_per_word:.3f} | {total.partial_share:.1%} "
                f"| {total.split_share:.1%} | {premium} | {'exact' if ok else 'lossy'} |"
            )
    return "\n".join(rows)


def block_files() -> list[Path]:
    """The files that hold generated blocks: README.md and every docs/*.md of the checkout."""
    return [REPO_ROOT / "README.md", *sorted((REPO_ROOT / "docs").glob("*.md"))]


def write_block(table: str, section: str, command: str = COMMAND) -> Path:
    """Replace the text between `<!-- section:start -->` and `<!-- section:end -->` in the one
    file of README.md and docs/*.md that holds them (each on a line of its own), under a line
    naming `command`; return that file."""
    start, end = f"<!-- {section}:start -->", f"<!-- {section}:end -->"
    pattern = re.compile(f"^{re.escape(start)}$.*?^{re.escape(end)}$", re.DOTALL | re.MULTILINE)
    holders = [path for path in block_files() if pattern.search(path.read_text(encoding="utf-8"))]
    if len(holders) != 1:
        found = ", ".join(str(path.relative_to(REPO_ROOT)) for path in holders) or "none"
        raise ValueError(f"one of README.md and docs/*.md must hold {start} (found: {found})")
    path = holders[0]
    text = path.read_text(encoding="utf-8")
    block = f"{start}\n<!-- written by `{command}`; do not edit by hand -->\n{table}\n{end}"
    new, count = pattern.subn(lambda _: block, text)
    if count != 1:
        raise ValueError(f"{path.name} must contain the markers {start} ... {end} once")
    path.write_text(new, encoding="utf-8")
    return path
