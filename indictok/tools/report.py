"""The metrics table for the README: every tokenizer of the comparison set, swapped for the
language (`--lang`, Hindi by default), on that language's FLORES devtest and Wikipedia files.

`python -m indictok report` prints it and rewrites the README between its markers.
"""

from __future__ import annotations

import functools
import re

from .. import catalog, loaded
from ..metrics import measure_lines
from ..paths import REPO_ROOT
from . import corpus

COMMAND = "python -m indictok report --write-readme"


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


def write_into_readme(table: str, section: str = "report", command: str = COMMAND) -> None:
    """Replace the README text between `<!-- section:start -->` and `<!-- section:end -->`."""
    readme = REPO_ROOT / "README.md"
    text = readme.read_text(encoding="utf-8")
    start, end = f"<!-- {section}:start -->", f"<!-- {section}:end -->"
    block = f"{start}\n<!-- written by `{command}`; do not edit by hand -->\n{table}\n{end}"
    pattern = re.escape(start) + ".*?" + re.escape(end)
    new, count = re.subn(pattern, lambda _: block, text, flags=re.DOTALL)
    if count != 1:
        raise ValueError(f"README.md must contain the markers {start} ... {end} once")
    readme.write_text(new, encoding="utf-8")
