"""`indictok.load(...)` in worker processes: it pickles and rebuilds (fork and spawn), and
each recipe of docs/tokenizers.md ("In worker processes": multiprocessing, Hugging Face
`datasets`, Spark), run as it is written there, gives the ids of one process.

`datasets` and `pyspark` (requirements-dev.txt) and Java are optional here: without them
their test skips saying why, unless INDICTOK_REQUIRE_RECIPES=1 (.ci/run sets it), which
makes it fail instead."""

from __future__ import annotations

import importlib.util
import json
import multiprocessing
import os
import pickle
import random
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import indictok
from indictok import encoding
from indictok.tokenizer import IndicBPETokenizer

DOCS = Path(__file__).resolve().parent.parent / "docs" / "tokenizers.md"
SECTION = "### In worker processes"
SAVE_IDS = """
if __name__ == "__main__":
    import json

    json.dump(ids, open("ids.json", "w"))
"""
WORDS = ["नमस्ते", "दुनिया", "के", "लिए", "है", "कि", "भारत", "में", "क़लम", "Hindi", "123", "।"]


def recipe_lines(n: int = 400) -> list[str]:
    """Generated lines (not corpus text), none empty, one with <|endoftext|> as text."""
    rng = random.Random(32)
    lines = [" ".join(rng.choice(WORDS) for _ in range(rng.randint(1, 15))) for _ in range(n)]
    return [*lines, "text <|endoftext|> text", "क" * 1200]  # a long run: tiktoken's route


def recipe(name: str) -> str:
    """The docs' python block that uses `name` (multiprocessing, datasets, pyspark)."""
    text = DOCS.read_text(encoding="utf-8")
    start = text.index(SECTION)
    section = text[start : text.index("\n## ", start)]
    blocks = re.findall(r"```python\n(.*?)```", section, flags=re.DOTALL)
    return next(block for block in blocks if f"import {name}" in block or f"from {name}" in block)


def require(module: str, why: str) -> None:
    """Skip (or fail under INDICTOK_REQUIRE_RECIPES=1) when `module` is not installed."""
    if importlib.util.find_spec(module) is not None:
        return
    message = f"{module} is not installed ({why}; pip install -r requirements-dev.txt)"
    if os.environ.get("INDICTOK_REQUIRE_RECIPES") == "1":
        pytest.fail(f"INDICTOK_REQUIRE_RECIPES=1, but {message}")
    pytest.skip(message)


def run_recipe(name: str, folder: Path) -> None:
    """Run the docs' block as a script (its own process, as a reader would) in `folder`,
    beside a file hi.txt of generated lines; the `ids` it makes must equal one process's."""
    lines = recipe_lines()
    (folder / "hi.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (folder / "recipe.py").write_text(recipe(name) + SAVE_IDS, encoding="utf-8")
    subprocess.run([sys.executable, "recipe.py"], cwd=folder, check=True, timeout=300)
    written = json.loads((folder / "ids.json").read_text(encoding="utf-8"))
    assert written == [indictok.load("hi").encode_ordinary(line) for line in lines]


@pytest.mark.store
def test_a_loaded_encoding_pickles_as_its_name_and_fingerprint() -> None:
    enc = indictok.load("hi")
    data = pickle.dumps(enc)
    assert len(data) < 300 and pickle.loads(data) is enc  # this process's copy, loaded once
    with pytest.raises(ValueError, match="other merges than the one that was pickled"):
        encoding._load_pickled("hi", "0" * 64)
    assert indictok.load("ta").fingerprint != enc.fingerprint


@pytest.mark.fast
def test_an_encoding_of_any_tokenizer_pickles_with_its_merges(tiny_tokenizer) -> None:
    enc = indictok.Encoding(tiny_tokenizer)
    copy = pickle.loads(pickle.dumps(enc))
    assert copy is not enc and isinstance(copy.reference, IndicBPETokenizer)
    assert copy.fingerprint == enc.fingerprint and copy.route == enc.route
    text = "नमस्ते दुनिया। यह एक छोटा सा वाक्य है।"
    assert copy.encode_ordinary(text) == enc.encode_ordinary(text)


@pytest.mark.store
@pytest.mark.parametrize("start", ["spawn", "fork"])
def test_a_pool_of_two_gives_one_process_ids(start: str) -> None:
    enc = indictok.load("hi")
    lines = recipe_lines()
    with multiprocessing.get_context(start).Pool(2) as pool:
        ids = pool.map(enc.encode_ordinary, lines, chunksize=64)
        routes = set(pool.map(_route, range(4)))
    assert ids == [enc.encode_ordinary(line) for line in lines]
    assert routes == {enc.route}  # each worker compiled (or found) the same encoder


def _route(_: int) -> str:
    return indictok.load("hi").route


@pytest.mark.store
def test_the_multiprocessing_recipe(tmp_path: Path) -> None:
    run_recipe("multiprocessing", tmp_path)


@pytest.mark.store
def test_the_datasets_recipe(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    require("datasets", "the Hugging Face datasets recipe")
    monkeypatch.setenv("HF_DATASETS_CACHE", str(tmp_path / "cache"))  # nothing in ~/.cache
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setenv("HF_DATASETS_OFFLINE", "1")
    run_recipe("datasets", tmp_path)


@pytest.mark.store
def test_the_spark_recipe(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    require("pyspark", "the Spark recipe")
    if shutil.which("java") is None and not os.environ.get("JAVA_HOME"):
        message = "Spark needs Java (.ci/run installs Debian's openjdk-17-jre-headless)"
        if os.environ.get("INDICTOK_REQUIRE_RECIPES") == "1":
            pytest.fail(f"INDICTOK_REQUIRE_RECIPES=1, but {message}")
        pytest.skip(message)
    monkeypatch.setenv("SPARK_LOCAL_IP", "127.0.0.1")  # loopback only
    monkeypatch.setenv("PYSPARK_PYTHON", sys.executable)  # the workers: this venv's Python
    run_recipe("pyspark", tmp_path)
