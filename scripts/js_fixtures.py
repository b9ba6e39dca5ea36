"""What Python says, for the browser engine to equal: every browser tokenizer's ids and card
data on every held-out line, written from the package itself (the specification).

    python scripts/js_fixtures.py [OUT] [--names a,b] [--limit N]

Lines: FLORES-200 devtest of our 11 languages and English, the Wikipedia eval files, and
tests/test_vendors.py's HOSTILE strings. OUT (default test-artifacts/js_fixtures/, which git
ignores: the files hold corpus text) gets `lines.json` (the texts, each one's detected
language) and one `<name>.json` per tokenizer (its file and rules, then per line: ids,
counts, relation codes, akshara groups, the normalised text where it differs).
tests/js/exactness.test.mjs reads them; tests/test_js_fixtures.py writes them in the test run.
"""

from __future__ import annotations

import argparse
import importlib.util
import sys
import time
from pathlib import Path

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
COUNTS = ("tokens", "bytes", "chars", "words", "graphemes", "partial_tokens", "split_graphemes")


def hostile() -> list[str]:
    """tests/test_vendors.py's HOSTILE strings (read from the test module, not copied)."""
    path = ROOT / "tests" / "test_vendors.py"
    spec = importlib.util.spec_from_file_location("test_vendors_hostile", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return list(module.HOSTILE)


def held_out_lines(limit: int | None = None) -> list[tuple[str, str]]:
    """(source, line) for every held-out line: FLORES devtest, Wikipedia, the hostile strings."""
    root = corpus.corpus_dir() / "eval"
    found: list[tuple[str, str]] = []
    for lang in FLORES_LANGS:
        found += [(f"flores/{lang}", line) for line in corpus.read_lines(
            root / "flores200_devtest" / f"{lang}.txt")[:limit]]  # fmt: skip
    for path in sorted((root / "wikipedia").glob("*.txt")):
        found += [(f"wikipedia/{path.stem}", line) for line in corpus.read_lines(path)[:limit]]
    return found + [("hostile", text) for text in hostile()]


def tokenizer_fixture(name: str, texts: list[str]) -> dict:
    """`name`'s answer for every text, as columns the JS test compares one by one."""
    backend, spec = loaded.get(name), browser.specs()[name]
    ids, counts, relations, bounds, firsts, normalised = [], [], [], [], [], {}
    for k, text in enumerate(texts):
        result = analyse_backend(name, name, backend, text)
        encoded, stats = result.encoded, result.stats
        ids.append(encoded.ids)
        counts.append([getattr(stats, field) for field in COUNTS])
        relations.append("".join(map(str, token_relations(encoded).tolist())))
        bounds.append(result.grouping.bounds)
        firsts.append(result.grouping.firsts)
        if encoded.text != text:
            normalised[str(k)] = encoded.text
    return {
        "name": name,
        "file": str(browser.file_path(spec)),
        "entry": browser.engine_entry(name, str(browser.file_path(spec))),
        "counts": list(COUNTS),
        "ids": ids,
        "stats": counts,
        "relations": relations,
        "bounds": bounds,
        "firsts": firsts,
        "normalised": normalised,
    }


def write(out: Path, names: list[str], limit: int | None = None) -> dict[str, float]:
    """Write the fixtures into `out`; the seconds each part took."""
    out.mkdir(parents=True, exist_ok=True)
    took: dict[str, float] = {}
    start = time.perf_counter()
    lines = held_out_lines(limit)
    texts = [text for _, text in lines]
    sources = [source for source, _ in lines]
    languages = [detect_language(text) for text in texts]
    payload = {"texts": texts, "sources": sources, "languages": languages}
    (out / "lines.json").write_bytes(orjson.dumps(payload))
    took["lines"] = time.perf_counter() - start
    for name in names:
        start = time.perf_counter()
        (out / f"{name}.json").write_bytes(orjson.dumps(tokenizer_fixture(name, texts)))
        took[name] = time.perf_counter() - start
    (out / "tokenizers.json").write_bytes(orjson.dumps(names))
    return took


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("out", nargs="?", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--names", default=",".join(browser.BROWSER_NAMES))
    parser.add_argument("--limit", type=int, default=None, help="lines per file (a quick run)")
    args = parser.parse_args()
    took = write(args.out, args.names.split(","), args.limit)
    for part, seconds in took.items():
        print(f"{part}: {seconds:.1f} s")


if __name__ == "__main__":
    main()
