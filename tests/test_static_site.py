"""`python -m indictok static OUT`: a Hugging Face Static Space that runs in the browser.
Served by `python -m http.server` from OUT and driven in Chromium: cards for `?k=...`, a paste
updates them to the package's counts on held-out Hindi, Tamil and Urdu, the tabs work, and
no request leaves the origin."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from indictok import loaded, paths
from indictok.app import static
from indictok.pretokenize import normalize
from indictok.tools import corpus

NAMES = ("indic-bpe-hi", "o200k_base", "deepseek-v4", "qwen-2.5")


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """The folder `python -m indictok static OUT` writes, served by http.server."""
    out = tmp_path_factory.mktemp("static") / "site"
    command = [sys.executable, "-m", "indictok", "static", str(out)]
    done = subprocess.run(command, check=False, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = subprocess.Popen(
        [sys.executable, "-m", "http.server", str(port), "--bind", "127.0.0.1"],
        cwd=out,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    for _ in range(100):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.1).close()
            break
        except OSError:
            time.sleep(0.05)
    yield out, f"http://127.0.0.1:{port}"
    server.terminate()
    server.wait()


@pytest.mark.fast
def test_the_folder_is_a_static_space(tmp_path: Path) -> None:
    built = static.build(tmp_path / "site")
    readme = (tmp_path / "site" / "README.md").read_text(encoding="utf-8")
    assert readme.startswith("---\n") and "\nsdk: static\n" in readme.split("---")[1]
    assert (tmp_path / "site" / "index.html").is_file()
    assert "llama-3" in built["left_out"] and "llama-3" not in built["tokenizers"]
    assert "Llama Community Licence" in readme
    index = (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    assert "http://" not in index and "https://" not in index  # nothing from elsewhere
    with pytest.raises(ValueError, match="not empty"):
        (tmp_path / "other").mkdir()
        (tmp_path / "other" / "notes.txt").write_text("mine")
        static.build(tmp_path / "other")


def held_out(lang: str) -> str:
    path = corpus.corpus_dir() / "eval" / "flores200_devtest" / f"{lang}.txt"
    return "\n".join(corpus.read_lines(path)[:40])


def ours_for(name: str, lang: str) -> str:
    return f"indic-bpe-{lang}" if name.startswith("indic-bpe-") else name


@pytest.mark.browser
@pytest.mark.corpus
def test_the_static_page_counts_like_the_package_and_stays_on_its_origin(
    browser,
    site,
) -> None:
    _, origin = site
    page = browser.new_context(viewport={"width": 1280, "height": 800}).new_page()
    errors: list[str] = []
    requests: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("request", lambda r: requests.append(r.url))
    page.goto(f"{origin}/?k={','.join(NAMES)}")
    for name in NAMES:
        page.wait_for_selector(
            f'.itl-card[data-tokenizer="{name}"][data-token-count] [data-index]', timeout=30_000
        )
    box = page.locator("#itl-input textarea")
    assert box.is_visible()
    for lang in ("hi", "ta", "ur"):
        text = held_out(lang)
        box.fill(text)
        for name in NAMES:
            shown = ours_for(name, lang)
            want = len(loaded.get(shown).encode_ids(normalize(text)))
            page.wait_for_selector(
                f'.itl-card[data-tokenizer="{shown}"][data-token-count="{want}"]', timeout=30_000
            )
    assert errors == []
    assert requests and all(url.startswith(origin + "/") for url in requests), requests
    page.context.close()


@pytest.mark.browser
def test_the_static_tabs_run_in_the_browser(browser, site) -> None:
    _, origin = site
    page = browser.new_context().new_page()
    page.goto(origin)
    page.wait_for_selector(".itl-card[data-token-count] [data-index]", timeout=30_000)
    page.click("button[data-tab='lookup']")
    page.fill("#itl-lookup-query", "नमस्ते")
    page.locator("[data-panel='lookup'] button").click()
    ids = loaded.get("indic-bpe-hi").encode_ids("नमस्ते")
    page.wait_for_selector("#itl-lookup-out tbody tr")
    shown = page.locator("#itl-lookup-out tbody tr td:first-child").all_inner_texts()
    assert [int(x) for x in shown] == ids
    page.click("button[data-tab='decode']")
    page.fill("#itl-decode-ids", " ".join(map(str, ids)))
    page.locator("[data-panel='decode'] button").click()
    page.wait_for_function("document.querySelector('#itl-decode-out').textContent.length > 0")
    assert page.locator("#itl-decode-out").inner_text() == "नमस्ते"
    page.click("button[data-tab='grader']")
    page.select_option("#itl-grade-language", "ta")
    page.locator("[data-panel='grader'] button").click()
    page.wait_for_selector("#itl-grade-out .itl-grade", timeout=30_000)
    assert page.locator("#itl-grade-out .itl-grade").get_attribute("data-passed") == "true"
    # an uploaded rank file (our Tamil one, with its pattern prefilled) and a broken one
    page.set_input_files("#itl-grade-file", str(paths.STORE_DIR / "indic_bpe_ta.tiktoken"))
    page.locator("[data-panel='grader'] button").click()
    page.wait_for_selector("#itl-grade-out .itl-grade:has-text('indic_bpe_ta.tiktoken')")
    assert page.locator("#itl-grade-out .itl-grade").get_attribute("data-passed") == "true"
    page.set_input_files(
        "#itl-grade-file", files=[{"name": "x.tiktoken", "mimeType": "text/plain", "buffer": b"hi"}]
    )
    page.locator("[data-panel='grader'] button").click()
    page.wait_for_selector("#itl-grade-out .itl-error:has-text('not a tiktoken rank file')")
    page.context.close()
