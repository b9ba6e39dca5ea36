"""What Python says, for the browser engine to equal: every browser tokenizer's ids and card
data on every held-out line, written from the package itself (the specification).

    python scripts/js_fixtures.py [OUT] [--names a,b] [--wiki-lines N|all]

Lines: FLORES-200 devtest of our 11 languages and English, the Wikipedia eval files, and
tests/test_vendors.py's HOSTILE strings. OUT (default test-artifacts/js_fixtures/, which git
ignores: it holds corpus text) gets `fixtures.json`: the texts, each one's detected language,
and per tokenizer its file and rules and per line its token count, a CRC-32 of its ids, its
counts, a CRC-32 of its relation codes and akshara groups, and its normalised text where it
differs from the line.
tests/js/exactness.test.mjs reads them; tests/test_js_fixtures.py writes them in the test run.
"""

from __future__ import annotations

import argparse
import importlib.util
import sys
import time
import zlib
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import numpy as np
import orjson

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from indictok import browser, loaded  # noqa: E402
from indictok.analysis import analyse_backend  # noqa: E402
from indictok.languages import LANGUAGES, detect_language  # noqa: E402
from indictok.segments import token_relations  # noqa: E402
from indictok.tools import corpus  # noqa: E402

DEFAULT_OUT = ROOT / "test-artifacts" / "js_fixtures"
FLORES_LANGS = (*LANGUAGES, "en")
WORKERS = 2  # processes (the test machine has two cores)
WIKI_LINES = 300  # per language in the test run (as issue 29 measured); --wiki-lines all: every one
COUNTS = ("tokens", "bytes", "chars", "words", "graphemes", "partial_tokens", "split_graphemes")


def hostile() -> list[str]:
    """tests/test_vendors.py's HOSTILE strings (read from the test module, not copied)."""
    path = ROOT / "tests" / "test_vendors.py"
    spec = importlib.util.spec_from_file_location("test_vendors_hostile", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return list(module.HOSTILE)


def held_out_lines(wiki_lines: int | None = WIKI_LINES) -> list[tuple[str, str]]:
    """(source, line): every FLORES devtest line, the first `wiki_lines` lines of each
    Wikipedia eval file (None: all), the hostile strings."""
    root = corpus.corpus_dir() / "eval"
    found: list[tuple[str, str]] = []
    for lang in FLORES_LANGS:
        path = root / "flores200_devtest" / f"{lang}.txt"
        found += [(f"flores/{lang}", line) for line in corpus.read_lines(path)]
    for path in sorted((root / "wikipedia").glob("*.txt")):
        found += [(f"wikipedia/{path.stem}", line) for line in corpus.read_lines(path)[:wiki_lines]]
    return found + [("hostile", text) for text in hostile()]


def crc(*columns: object) -> int:
    """CRC-32 of int columns as little-endian uint32 (relation codes as bytes), chained:
    tests/js/exactness.test.mjs computes the same from the browser's columns."""
    value = 0
    for column in columns:
        data = np.asarray(column, dtype="<u1" if isinstance(column, np.ndarray) else "<u4")
        value = zlib.crc32(data.tobytes(), value)
    return value


def line_fixture(name: str, text: str) -> list:
    """What Python says for one line: [tokens, CRC of the ids, the counts..., CRC of the
    relation codes and akshara groups, the normalised text or None if it is the input]."""
    result = analyse_backend(name, name, loaded.get(name), text)
    encoded, stats, grouping = result.encoded, result.stats, result.grouping
    marks = crc(token_relations(encoded), grouping.bounds, grouping.firsts)
    normalised = encoded.text if encoded.text != text else None
    counts = [getattr(stats, field) for field in COUNTS]
    return [len(encoded.ids), crc(encoded.ids), *counts, marks, normalised]


def rows_of(names: list[str], texts: list[str]) -> dict[str, list[list]]:
    """Every line's fixture for each of `names` (line by line: a line's akshara boundaries
    are computed once, then cached, for all of them)."""
    rows: dict[str, list[list]] = {name: [] for name in names}
    for text in texts:
        for name in names:
            rows[name].append(line_fixture(name, text))
    return rows


def write(out: Path, names: list[str], wiki_lines: int | None = WIKI_LINES) -> float:
    """Write the fixtures into `out`; the seconds it took."""
    start = time.perf_counter()
    out.mkdir(parents=True, exist_ok=True)
    lines = held_out_lines(wiki_lines)
    texts = [text for _, text in lines]
    halves = [names[::2], names[1::2]]
    with ProcessPoolExecutor(WORKERS) as pool:  # the two halves of the tokenizers at once
        rows = {k: v for part in pool.map(rows_of, halves, [texts] * 2) for k, v in part.items()}
    specs = browser.specs()
    payload = {
        "texts": texts,
        "sources": [source for source, _ in lines],
        "languages": [detect_language(text) for text in texts],
        "language_config": browser.language_config(),
        "columns": ["tokens", "ids_crc", *COUNTS, "marks_crc", "normalised"],
        "tokenizers": {
            name: {
                "entry": browser.engine_entry(name, str(browser.file_path(specs[name]))),
                "lines": rows[name],
            }
            for name in names
        },
    }
    (out / "fixtures.json").write_bytes(orjson.dumps(payload))
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("out", nargs="?", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--names", default=",".join(browser.BROWSER_NAMES))
    parser.add_argument("--wiki-lines", default=str(WIKI_LINES), help="per file, or all")
    args = parser.parse_args()
    wiki = None if args.wiki_lines == "all" else int(args.wiki_lines)
    seconds = write(args.out, args.names.split(","), wiki)
    print(f"wrote {args.out / 'fixtures.json'} in {seconds:.1f} s")


if __name__ == "__main__":
    main()
