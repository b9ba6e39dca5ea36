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

from indictok.app import contract, errors, limits, page_script, permalink, urlguard
from indictok.app.permalink import AppState, to_query
from indictok.languages import LANGUAGES
from indictok.segments import RELATIONS

ROOT = Path(__file__).resolve().parent.parent
JS_DIR = ROOT / "assets" / "js"
VECTORS = json.loads((ROOT / "tests" / "permalink_vectors.json").read_text(encoding="utf-8"))
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


def test_the_palette_size_is_the_stylesheets() -> None:
    css = (ROOT / "assets" / "style.css").read_text(encoding="utf-8")
    colours = set(re.findall(r"^\.c(\d+) \{", css, re.MULTILINE))
    assert colours == {str(i) for i in range(contract.PALETTE_SIZE)}


def test_no_shared_word_or_name_is_typed_again_in_the_browser_code() -> None:
    source = "".join(p.read_text(encoding="utf-8") for p in JS_DIR.glob("*.mjs"))
    said = [errors.TOO_LONG, *permalink.MESSAGES.values(), *contract.EVENTS.values()]
    for text in said:
        assert text[:40] not in source, text
    assert "link-too-long" not in source and '"ur"' not in source
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
