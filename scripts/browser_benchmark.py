"""The browser engine's budgets, measured in Chromium: paste -> every default card final, on
the Gradio page and on the static site, and what the default cards cost to download.

    python scripts/browser_benchmark.py [--runs 7] [--write-docs]

For held-out Hindi text of 1k, 10k and 100k characters: the input event to the first frame
after every default card shows the new text's tokens (window.itlTiming.firstScreen, once no
card is loading), median of --runs pastes; the counts are checked against the package's.
Also: the static site's first screen (navigation -> every default card drawn) on localhost,
and the bytes the default cards' files take gzip-compressed (what a host serving gzip sends;
python -m http.server sends them uncompressed). Budgets: 30 / 120 / 600 ms; first screen 2 s.
"""

from __future__ import annotations

import argparse
import gzip
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

from page_benchmark import free_port, held_out_hindi, serve  # scripts/ is on sys.path

from indictok import browser as engine_specs
from indictok import catalog, loaded
from indictok.paths import ASSETS_DIR, STORE_DIR
from indictok.pretokenize import normalize
from indictok.tools.browser import CHROMIUM_ARGS, require_chromium
from indictok.tools.report import write_block

REPO = Path(__file__).resolve().parent.parent
SIZES = (1_000, 10_000, 100_000)
BUDGET = {1_000: 30, 10_000: 120, 100_000: 600}
FIRST_SCREEN_BUDGET = 2_000
START_TEXT = "नमस्ते दुनिया"
FINAL_JS = """(expected) => {
  const cards = [...document.querySelectorAll('.itl-card')];
  return window.itlTiming.firstScreen && cards.length === Object.keys(expected).length
    && cards.every((c) => String(expected[c.dataset.tokenizer]) === c.dataset.tokenCount);
}"""


def expected_counts(names: list[str], text: str) -> dict[str, int]:
    return {n: len(loaded.get(n).encode_ids(normalize(text))) for n in names}


# A paste: the text box's value set and its input event sent, as a paste does (Playwright's
# fill() of 100k characters into this page stalls in Chromium's text input path).
PASTE_JS = """(text) => { const box = document.querySelector('#itl-input textarea');
  box.value = text; box.dispatchEvent(new Event('input', { bubbles: true })); }"""


def timed_paste(page, names: list[str], text: str) -> float:
    """ms from the paste's input event to every default card's first screen of the text."""
    page.evaluate(PASTE_JS, START_TEXT)
    page.wait_for_function(FINAL_JS, arg=expected_counts(names, START_TEXT), timeout=60_000)
    page.wait_for_timeout(100)
    page.evaluate("() => { for (const k in window.itlTiming) delete window.itlTiming[k]; }")
    page.evaluate(PASTE_JS, text)
    page.wait_for_function(FINAL_JS, arg=expected_counts(names, text), timeout=60_000)
    return page.evaluate("() => window.itlTiming.firstScreen - window.__t0")


def open_page(chrome, url: str, names: list[str]):
    page = chrome.new_page(viewport={"width": 1280, "height": 800})
    start = time.perf_counter()
    page.goto(url)
    page.wait_for_function(
        "(n) => document.querySelectorAll('.itl-card[data-engine=browser][data-token-count]')"
        ".length === n",
        arg=len(names),
        timeout=60_000,
    )
    first_screen = (time.perf_counter() - start) * 1000
    page.evaluate(
        "() => document.querySelector('#itl-input textarea').addEventListener("
        "'input', () => { window.__t0 = performance.now(); }, true)"
    )
    return page, first_screen


def serve_static() -> tuple[str, subprocess.Popen, Path]:
    out = Path(tempfile.mkdtemp(prefix="itl-static-")) / "site"
    subprocess.run(
        [sys.executable, "-m", "indictok", "static", str(out)], check=True, capture_output=True
    )
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "http.server", str(port), "--bind", "127.0.0.1"],
        cwd=out,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    time.sleep(0.5)
    return f"http://127.0.0.1:{port}/", server, out


def gzip_bytes(names: list[str]) -> tuple[int, int, list[str]]:
    """(raw, gzip -6) bytes of every file the default cards fetch, and their names."""
    specs = engine_specs.specs()
    files = [STORE_DIR / "language_id.json"]
    files += [ASSETS_DIR / "vendor" / f for f in engine_specs.VENDOR_FILES.values()]
    files += [engine_specs.file_path(specs[n]) for n in names]
    raw = sum(f.stat().st_size for f in files)
    packed = sum(len(gzip.compress(f.read_bytes(), 6)) for f in files)
    return raw, packed, [f.name for f in files]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--write-docs", action="store_true")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    gradio_names = list(catalog.DEFAULT_NAMES)
    static_names = [n for n in gradio_names if n not in engine_specs.NOT_REDISTRIBUTED]
    texts = {size: held_out_hindi(size) for size in SIZES}
    results: dict[str, dict[int, float]] = {}
    first: dict[str, float] = {}
    gradio_url, stop_gradio = serve(REPO)
    static_url, static_server, _ = serve_static()
    try:
        with sync_playwright() as p:
            chrome = p.chromium.launch(executable_path=require_chromium(), args=CHROMIUM_ARGS)
            for label, url, names in (
                ("Gradio page", gradio_url, gradio_names),
                ("static site", static_url, static_names),
            ):
                page, first[label] = open_page(chrome, url, names)
                results[label] = {}
                for size in SIZES:
                    times = [timed_paste(page, names, texts[size]) for _ in range(args.runs)]
                    print(label, size, [round(t) for t in times], file=sys.stderr)
                    results[label][size] = statistics.median(times)
                page.close()
            chrome.close()
    finally:
        stop_gradio()
        static_server.terminate()
        static_server.wait()
    table = report(results, first, gradio_names, static_names, args.runs)
    print(table)
    if args.write_docs:
        write_block(table, "browser-benchmark", "python scripts/browser_benchmark.py --write-docs")


def report(results, first, gradio_names, static_names, runs) -> str:
    rows = [
        f"| {size:,} chars | **{results['Gradio page'][size]:.0f} ms** | "
        f"**{results['static site'][size]:.0f} ms** | ≤ {BUDGET[size]} ms |"
        for size in SIZES
    ]
    lines = [
        (
            f"Measured by `python scripts/browser_benchmark.py` on this machine ({date.today()}; "
            f"Chromium, 1280×800, held-out Hindi, median of {runs} pastes): paste → every "
            "default card shows the text's tokens (first screen painted), computed in the browser."
        ),
        "",
        "| text | Gradio page ("
        + ", ".join(gradio_names)
        + ") | static site ("
        + ", ".join(static_names)
        + ") | budget |",
        "|---:|---:|---:|---:|",
        *rows,
        "",
        (
            f"First screen on localhost (navigation → every default card drawn): Gradio page "
            f"{first['Gradio page']:,.0f} ms, static site {first['static site']:,.0f} ms "
            f"(budget {FIRST_SCREEN_BUDGET:,} ms)."
        ),
        "",
    ]
    for label, names in (("Gradio page", gradio_names), ("static site", static_names)):
        raw, packed, files = gzip_bytes(names)
        lines.append(
            f"Files the {label}'s default cards fetch, once ({len(files)}: the two libraries, "
            f"the language identifier, {len(names)} tokenizer files): {raw / 1e6:.1f} MB, "
            f"**{packed / 1e6:.1f} MB gzip-compressed**."
        )
    return "\n".join(lines)


if __name__ == "__main__":
    main()
