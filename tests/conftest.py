from __future__ import annotations

import os
from types import ModuleType

import pytest

from indictok import fastbpe, paths
from indictok.tokenizer import IndicBPETokenizer
from indictok.tools import corpus

# A small corpus we wrote ourselves, so core tests do not depend on the shared corpus.
TINY_CORPUS = [
    "नमस्ते दुनिया। यह एक छोटा सा वाक्य है।\n",
    "भारत एक विशाल देश है और इसकी राजधानी नई दिल्ली है।\n",
    "मैं Hindi में बात करता हूँ, don't worry.\n",
    "क़लम और ज़िंदगी, फ़िल्म और ड़र।\n",
    "कीमत 1,00,000 रुपये या १२३४ रुपये है॥\n",
] * 8


def corpus_problem() -> str | None:
    """Why the shared corpus cannot be read, or None when it can."""
    try:
        paths.corpus_dir()
    except FileNotFoundError as e:
        return str(e)
    return None


TIERS = ("fast", "corpus", "store", "app", "browser")  # pyproject's markers


def untiered(items: list[pytest.Item]) -> list[str]:
    """The tests that carry none of the tier markers (`-m fast` and the others would skip them)."""
    return [item.nodeid for item in items if not any(item.get_closest_marker(t) for t in TIERS)]


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Every test carries a tier marker, or the run stops. Tests marked `corpus` skip, saying
    why, when the corpus is absent; with INDICTOK_REQUIRE_CORPUS=1 (set by .ci/run) a missing
    corpus stops the run instead."""
    if missing := untiered(items):
        raise pytest.UsageError(f"tests without a tier marker ({', '.join(TIERS)}): {missing}")
    problem = corpus_problem()
    if problem is None:
        return
    if os.environ.get("INDICTOK_REQUIRE_CORPUS") == "1":
        raise pytest.UsageError(f"INDICTOK_REQUIRE_CORPUS=1, but the {problem}")
    skip = pytest.mark.skip(reason=f"no corpus: {problem} (README: The corpus)")
    for item in items:
        if "corpus" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(scope="session")
def tiny_tokenizer() -> IndicBPETokenizer:
    return IndicBPETokenizer.train(TINY_CORPUS, 400, name="tiny")


@pytest.fixture(scope="session")
def hindi() -> IndicBPETokenizer:
    return IndicBPETokenizer.load(paths.STORE_DIR / "indic_bpe_hi.model")


@pytest.fixture(scope="session")
def eval_lines() -> list[str]:
    """Every line of every held-out Hindi file (the corpus must be present)."""
    return [line for path in corpus.eval_files("hi") for line in corpus.read_lines(path)]


@pytest.fixture(scope="session")
def app_url(tmp_path_factory):
    """The app, launched once on a free localhost port for gradio_client and browser tests."""
    import os

    os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
    os.environ["GRADIO_TEMP_DIR"] = str(tmp_path_factory.mktemp("gradio"))
    from indictok.app import build_demo, launch_kwargs, queue_kwargs

    demo = build_demo()
    demo.queue(**queue_kwargs())
    _, url, _ = demo.launch(
        prevent_thread_lock=True, server_name="127.0.0.1", quiet=True, **launch_kwargs()
    )
    yield url
    demo.close()


@pytest.fixture(scope="module")
def browser():
    """Debian's Chromium through Playwright, launched once per test module (skipped when there
    is none, unless INDICTOK_REQUIRE_BROWSER=1). Per module, not per session: Playwright's sync
    API keeps an event loop running in this thread while it is open, and the MCP and ASGI tests
    that follow call asyncio.run."""
    from playwright.sync_api import sync_playwright

    from indictok.tools.browser import CHROMIUM_ARGS, find_chromium, require_chromium

    if find_chromium() is None and os.environ.get("INDICTOK_REQUIRE_BROWSER") != "1":
        pytest.skip(
            "no Chromium: set CHROMIUM or install chromium (INDICTOK_REQUIRE_BROWSER=1 fails)"
        )
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=require_chromium(), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def compiled(tmp_path_factory: pytest.TempPathFactory) -> ModuleType:
    """`indictok._fastbpe`: the one pip built, or `_fastbpe.c` compiled now into a temporary
    folder the way the app does at start-up (skipped only without a C compiler)."""
    route = fastbpe.ensure_compiled(tmp_path_factory.mktemp("fastbpe"))
    if route.startswith("tiktoken"):
        pytest.skip(route)
    from indictok import _fastbpe  # type: ignore[attr-defined]

    return _fastbpe
