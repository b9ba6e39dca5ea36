"""The browser engine's specification: scripts/js_fixtures.py writes what Python says for
every browser tokenizer on every held-out line (into test-artifacts/js_fixtures/, which git
ignores), and `node --test tests/js/` (the README's test command, after pytest) checks the
browser engine against it (tests/js/exactness_*.test.mjs)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import orjson
import pytest

from indictok import browser
from indictok.paths import ASSETS_DIR

ROOT = Path(__file__).resolve().parent.parent


def _script():
    path = ROOT / "scripts" / "js_fixtures.py"
    spec = importlib.util.spec_from_file_location("js_fixtures", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


@pytest.mark.fast
def test_the_akshara_table_is_the_regex_modules() -> None:
    """assets/js/incb.mjs is what `python -m indictok.browser` writes from `regex` today."""
    assert (ASSETS_DIR / "js" / "incb.mjs").read_text(encoding="utf-8") == browser.incb_js()


@pytest.mark.store
def test_every_browser_tokenizer_has_its_file_and_rules() -> None:
    specs = browser.specs()
    for name in browser.BROWSER_NAMES:
        assert browser.file_path(specs[name]).is_file(), name
        entry = browser.engine_entry(name, "url")
        assert entry["library"] in ("tiktoken", "tokenizers")
        assert entry["pattern"] or entry["library"] == "tokenizers"


@pytest.mark.corpus
@pytest.mark.store
def test_the_fixtures_are_written_for_every_browser_tokenizer() -> None:
    js_fixtures = _script()
    out = js_fixtures.DEFAULT_OUT
    js_fixtures.write(out, list(browser.BROWSER_NAMES))
    fixtures = orjson.loads((out / "fixtures.json").read_bytes())
    lines = len(fixtures["texts"])
    assert lines == len(fixtures["languages"]) > 12 * 1000  # every FLORES line of 12 languages
    assert list(fixtures["tokenizers"]) == list(browser.BROWSER_NAMES)
    for name, data in fixtures["tokenizers"].items():
        assert len(data["lines"]) == lines, name
        assert sum(row[0] for row in data["lines"]) > lines, name  # tokens, not empty answers
