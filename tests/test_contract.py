"""The page contract: what the server and the browser code both need exists once, in
indictok/app/contract.py, and the browser is told it in the page config."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import typing
from pathlib import Path

import pytest

from indictok.app import contract, errors, limits, page_script, permalink, tables, urlguard
from indictok.app.permalink import AppState, to_query
from indictok.languages import LANGUAGES
from indictok.segments import RELATIONS

ROOT = Path(__file__).resolve().parent.parent
JS_DIR = ROOT / "assets" / "js"
VECTORS = json.loads((ROOT / "tests" / "permalink_vectors.json").read_text(encoding="utf-8"))
# The page config the JS tests read (tests/js/page_config.mjs): written by this test run, so
# `node --test tests/js/` after pytest (the README's test command) tests the real one.
PAGE_CONFIG_FIXTURE = ROOT / "test-artifacts" / "js" / "page_config.json"
# Other configs the browser code reads under the name `config`, none of them the page's
# (first keys of a `config.` path that page_config does not send):
OTHER_CONFIGS = {
    "engine": "the browser engine's tokenizers (layout.py and static.py add it)",
    "json": "a tokenizer's file, in engine.mjs",
    "scripts": "the language identifier's data (browser.language_config)",
    "sample": "the language identifier's data (browser.language_config)",
    "lid_chars": "the language identifier's data (browser.language_config)",
    "unseen": "the language identifier's data (browser.language_config)",
    "shared": "the language identifier's data (browser.language_config)",
    "static": "the static site's own settings (static.py)",
}
pytestmark = pytest.mark.fast


@pytest.fixture(scope="module")
def config() -> dict:
    return contract.page_config(["a notice"])


def test_every_permalink_vector_is_built_as_written() -> None:
    built = [case for case in VECTORS["cases"] if "state" in case]
    assert len(built) >= 4
    for case in built:
        s = case["state"]
        state = AppState(
            s["text"], s["tokenizers"], s["view"], s["whitespace"], s["embed"], s["language"]
        )
        assert to_query(state) == case["query"], case["name"]


def test_the_vectors_config_is_the_apps(config: dict) -> None:
    """tests/js/permalink.test.mjs reads the vectors with this config: it must be the page's."""
    given = VECTORS["config"]
    assert given["link"] == config["link"]
    assert given["views"] == config["views"]
    assert given["limits"]["max_bytes"] == config["limits"]["max_bytes"]
    assert given["messages"] == {k: config["messages"][k] for k in given["messages"]}
    assert [t["name"] for t in given["tokenizers"]] == [t["name"] for t in config["tokenizers"]]
    assert [x["code"] for x in given["languages"]] == [x["code"] for x in config["languages"]]


def test_a_long_text_is_left_out_of_the_link_within_the_limit() -> None:
    import random

    rng = random.Random(1)
    text = "".join(chr(rng.randrange(0x900, 0x97F)) for _ in range(20_000))  # incompressible
    query = to_query(AppState(text, ["gpt2"], "tokens", False, language="hi"))
    assert len(query) <= limits.MAX_QUERY_BYTES and "t=" not in query
    assert query == "k=gpt2&v=tokens&l=hi&note=link-too-long"
    # the longest text that fits: its query is at most the limit, one character more is not
    fits = [n for n in range(1_000, 8_000, 25) if "t=" in to_query(AppState(text[:n]))]
    longest = to_query(AppState(text[: fits[-1]]))
    assert len(longest) <= limits.MAX_QUERY_BYTES
    assert "t=" not in to_query(AppState(text[: fits[-1] + 25]))


def test_the_page_config_carries_what_both_sides_need(config: dict) -> None:
    assert config["views"] == list(permalink.VIEWS)
    assert config["relations"] == list(RELATIONS) == ["whole", "split", "partial"]
    assert config["messages"]["too_long"] == errors.TOO_LONG
    assert config["messages"]["no_tokenizer"] == errors.NO_TOKENIZER
    assert config["metric_columns"] == tables.METRIC_COLUMNS
    assert all(config["messages"][k] == v for k, v in permalink.MESSAGES.items())
    assert config["link"]["params"] == permalink.PARAMS
    assert config["limits"] == {
        "max_chars": limits.MAX_CHARS,
        "max_bytes": limits.MAX_BYTES,
        "max_own": limits.MAX_OWN_PER_VISITOR,
    }
    assert config["events"] == contract.EVENTS and config["notices"] == ["a notice"]
    rtl = [x["code"] for x in config["languages"] if x["rtl"]]
    assert rtl == [c for c, lang in LANGUAGES.items() if lang.script == "Arabic"] == ["ur"]
    # the URL guard keeps a too-long link's settings: the permalink's parameters
    assert set(urlguard.KEPT_PARAMS) == {*permalink.PARAMS.values()} - {"t", "note"} | {"__theme"}


def test_the_js_tests_get_the_real_page_config(config: dict) -> None:
    PAGE_CONFIG_FIXTURE.parent.mkdir(parents=True, exist_ok=True)
    PAGE_CONFIG_FIXTURE.write_text(json.dumps(config, ensure_ascii=False), encoding="utf-8")
    assert json.loads(PAGE_CONFIG_FIXTURE.read_text(encoding="utf-8")) == config


def config_paths(source: str) -> set[tuple[str, ...]]:
    """Every `config.a.b...` the browser code reads, as ("a", "b", ...)."""
    return {tuple(m.lstrip(".").split(".")) for m in re.findall(r"\bconfig((?:\.\w+)+)", source)}


def missing(config: dict, path: tuple[str, ...]) -> str:
    """The first key of `path` that `config` lacks ("" if it has them all; a key under a
    list, string or number is a method of it, like .map)."""
    value: object = config
    for key in path:
        if not isinstance(value, dict):
            return ""
        if key not in value:
            return key
        value = value[key]
    return ""


def test_the_config_reader_finds_paths_and_the_missing_key() -> None:
    assert config_paths("a(config.limits.max_chars, config.views.map(f))") == {
        ("limits", "max_chars"),
        ("views", "map"),
    }
    page = {"limits": {"max_chars": 1}, "views": ["x"]}
    assert missing(page, ("limits", "max_chars")) == "" == missing(page, ("views", "map"))
    assert missing(page, ("limits", "max_own")) == "max_own"


def test_every_page_config_value_the_browser_reads_is_sent(config: dict) -> None:
    """A constant or message the JS reads as config.x.y is in page_config: none is typed twice."""
    source = "".join(p.read_text(encoding="utf-8") for p in sorted(JS_DIR.glob("*.mjs")))
    paths = config_paths(source)
    assert ("limits", "max_own") in paths and ("metric_columns",) in paths
    unsent = {".".join(p) for p in paths if p[0] not in config and p[0] not in OTHER_CONFIGS}
    assert not unsent, sorted(unsent)
    lacking = {".".join(p): key for p in paths if p[0] in config and (key := missing(config, p))}
    assert not lacking, lacking


def test_the_wide_layout_starts_where_the_stylesheet_says(config: dict) -> None:
    css = (ROOT / "assets" / "style.css").read_text(encoding="utf-8")
    narrow = set(re.findall(r"@media \(max-width: (\d+)px\) \{ \.itl-main", css))
    assert narrow == {str(config["wide_min_px"] - 1)}
    assert "900px" not in "".join(p.read_text(encoding="utf-8") for p in JS_DIR.glob("*.mjs"))


def test_the_palette_size_is_the_stylesheets() -> None:
    css = (ROOT / "assets" / "style.css").read_text(encoding="utf-8")
    colours = set(re.findall(r"^\.c(\d+) \{", css, re.MULTILINE))
    assert colours == {str(i) for i in range(contract.PALETTE_SIZE)}


def test_no_shared_word_or_name_is_typed_again_in_the_browser_code() -> None:
    source = "".join(p.read_text(encoding="utf-8") for p in JS_DIR.glob("*.mjs"))
    said = [errors.TOO_LONG, errors.NO_TOKENIZER, *permalink.MESSAGES.values()]
    said += [*contract.EVENTS.values()]
    for text in said:
        assert text[:40].lower() not in source.lower(), text
    assert "link-too-long" not in source and '"ur"' not in source
    headings = [c for c in tables.METRIC_COLUMNS if " " in c or "/" in c]  # not "tokens"
    assert not [c for c in headings if f'"{c}"' in source]  # config.metric_columns
    assert "window.itlState" not in source and "itlLab" not in source


def _typedef(name: str) -> set[str]:
    source = (JS_DIR / "card.mjs").read_text(encoding="utf-8")
    block = re.search(rf"@typedef {{Object}} {name}\n(.*?)\*/", source, re.DOTALL)
    assert block, name
    return set(re.findall(r"@property \{[^}]*\} \[?(\w+)\]?", block.group(1)))


def test_the_card_typedef_names_the_fields_the_server_sends() -> None:
    assert _typedef("Card") == set(typing.get_type_hints(contract.Card))
    assert _typedef("CardStats") == set(typing.get_type_hints(contract.CardStats))
    assert _typedef("Groups") == set(typing.get_type_hints(contract.Groups))


NODE = shutil.which("node")


@pytest.mark.skipif(
    NODE is None and not os.environ.get("INDICTOK_REQUIRE_BROWSER"),
    reason="node is not installed (.ci/run installs it)",
)
@pytest.mark.parametrize("entry", ["workbench", "lab"])
def test_the_page_script_is_one_script_node_can_parse(entry: str, tmp_path: Path) -> None:
    script = page_script.bundle(entry)
    assert not re.search(r"^(import|export) ", script, re.MULTILINE)
    path = tmp_path / f"{entry}.js"
    path.write_text(f"function onLoad(element, server, CONFIG) {{\n{script}\n}}\n", "utf-8")
    done = subprocess.run(
        [NODE or "node", "--check", str(path)], check=False, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
