"""The page's speed budgets, measured in Chromium in one run: tokens first, fast.

    python scripts/page_benchmark.py [--baseline-ref 39e1aef] [--runs 5] [--write-docs]
    python scripts/page_benchmark.py --tokenizers llama-3,llama-4,qwen-2.5,deepseek-v4,\
        mistral-tekken   # (one argument)

For held-out Hindi text of 1k, 10k and 100k characters and the page's 5 default tokenizers
(or the tokenizers named, opened through the page's `k=` link parameter):
- paste -> every card's first screen painted (the input event to the first frame after the
  cards' first tokens are in the page),
- paste -> every token drawn (all cards),
- server time of one update (`indictok.app.workbench.tokenize`, in this process).
With --baseline-ref, the same paste is timed on the page of that commit (run from a git
worktree in a temporary folder), interleaved run by run: to its first screen when that page
reports it (window.itlTiming), else until its cards show the new counts; the two pages take
turns going first.
Budgets: first screen <= 100 / 200 / 1,000 ms; every token of 10k <= 500 ms;
server <= 50 ms at 10k.
"""

from __future__ import annotations

import argparse
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from load_test import wait_until_up  # scripts/, this file's folder, is on sys.path

from indictok import catalog, loaded
from indictok.tools import corpus
from indictok.tools.browser import CHROMIUM_ARGS, require_chromium

REPO = Path(__file__).resolve().parent.parent
os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")

SIZES = (1_000, 10_000, 100_000)
BUDGET_FIRST = {1_000: 100, 10_000: 200, 100_000: 1_000}
START_TEXT = "नमस्ते दुनिया"  # what the page shows before each timed paste
START_COUNT = 0  # set in main(): the watched card's count for START_TEXT
WATCHED = "o200k_base"  # set in main(): the card whose count says the page has updated
COUNT_JS = (
    '([name, n]) => { const c = document.querySelector(`.itl-card[data-tokenizer="${name}"]'
    " .itl-count`); return c && c.textContent.replace(/,/g, '') === String(n); }"
)


def held_out_hindi(chars: int) -> str:
    lines = [line for path in corpus.eval_files("hi") for line in corpus.read_lines(path)]
    return "\n".join(lines)[:chars]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def serve(folder: Path) -> tuple[str, Callable[[], None]]:
    """`python app.py` of `folder` on a free port, in its own process (as on a Space)."""
    port = free_port()
    env = {**os.environ, "GRADIO_SERVER_PORT": str(port), "GRADIO_SERVER_NAME": "127.0.0.1"}
    server = subprocess.Popen(
        [sys.executable, "app.py"],
        cwd=folder,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}/"
    wait_until_up(url)

    def stop() -> None:
        server.terminate()
        server.wait(timeout=30)

    return url, stop


def serve_commit(ref: str) -> tuple[str, Callable[[], None]]:
    """The page of commit `ref`, served from a temporary git worktree."""
    folder = Path(tempfile.mkdtemp(prefix="itl-baseline-")) / "tree"
    subprocess.run(
        ["git", "-C", str(REPO), "worktree", "add", "--detach", str(folder), ref],
        check=True,
        capture_output=True,
    )
    url, stop_server = serve(folder)

    def stop() -> None:
        stop_server()
        subprocess.run(
            ["git", "-C", str(REPO), "worktree", "remove", "--force", str(folder)],
            check=False,
            capture_output=True,
        )

    return url, stop


def timed_paste(page, text: str, ours: bool) -> tuple[float, float]:
    """(first screen ms, every token ms) for our page; (cards updated ms, same) for a baseline."""
    page.locator("#itl-input textarea").fill(START_TEXT)  # every paste starts from the same
    page.wait_for_function(COUNT_JS, arg=[WATCHED, START_COUNT], timeout=60_000)  # page
    if ours:
        page.wait_for_function("() => window.itlTiming.allDrawn", timeout=60_000)
    page.wait_for_timeout(100)
    page.evaluate(
        "() => { window.__t0 = null; for (const k in (window.itlTiming || {}))"
        " delete window.itlTiming[k]; }"
    )
    page.locator("#itl-input textarea").fill(text)
    expected = len(loaded.get(WATCHED).encode_ids(text))
    page.wait_for_function(COUNT_JS, arg=[WATCHED, expected], timeout=60_000)
    if not ours:
        elapsed = page.evaluate("() => performance.now() - window.__t0")
        return elapsed, elapsed
    page.wait_for_function(
        "() => window.itlTiming.firstScreen && window.itlTiming.allDrawn", timeout=60_000
    )
    t = page.evaluate(
        "() => Object.fromEntries(Object.entries(window.itlTiming)"
        ".map(([k, v]) => [k, Math.round(v - window.__t0)]))"
    )
    if os.environ.get("ITL_BENCH_DEBUG"):
        print(len(text), t, file=sys.stderr)
    return t["firstScreen"], t["allDrawn"]


def open_page(chrome, url: str):
    page = chrome.new_page(viewport={"width": 1280, "height": 800})
    page.goto(url)
    page.wait_for_selector(".itl-card .itl-count", timeout=60_000)
    page.evaluate(
        "() => document.querySelector('#itl-input textarea').addEventListener("
        "'input', () => { window.__t0 = performance.now(); }, true)"
    )
    return page


def server_times(runs: int, names: list[str]) -> dict[int, float]:
    from indictok.app.workbench import tokenize

    result = {}
    for size in SIZES:
        tokenize({"text": held_out_hindi(size), "tokenizers": names})  # tokenizers loaded
        times = []
        for run in range(runs):  # a new text every run: the app answers a repeat from a cache
            request = {"text": held_out_hindi(size)[: size - run - 1], "tokenizers": names}
            start = time.perf_counter()
            tokenize(request)
            times.append((time.perf_counter() - start) * 1000)
        result[size] = statistics.median(times)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5, help="pastes per size (median reported)")
    parser.add_argument("--baseline-ref", help="also time the page of this git commit")
    parser.add_argument(
        "--write-docs", action="store_true", help="write the table into docs/speed.md"
    )
    parser.add_argument(
        "--tokenizers",
        default="",
        help="comma-separated names (default: the page's defaults); their table has its own "
        "block in docs/speed.md",
    )
    args = parser.parse_args()
    names = args.tokenizers.split(",") if args.tokenizers else list(catalog.DEFAULT_NAMES)
    global START_COUNT, WATCHED
    WATCHED = next(n for n in names if not catalog.SPECS[n].lang)  # not swapped by language
    START_COUNT = len(loaded.get(WATCHED).encode_ids(START_TEXT))
    query = f"?k={','.join(names)}" if args.tokenizers else ""
    from playwright.sync_api import sync_playwright

    url, stop_ours = serve(REPO)
    baseline, stop = serve_commit(args.baseline_ref) if args.baseline_ref else (None, None)
    ours: dict[int, list[tuple[float, float]]] = {size: [] for size in SIZES}
    old: dict[int, list[float]] = {size: [] for size in SIZES}
    try:
        with sync_playwright() as p:
            chrome = p.chromium.launch(executable_path=require_chromium(), args=CHROMIUM_ARGS)
            page = open_page(chrome, url + query)
            old_page = open_page(chrome, baseline + query) if baseline else None
            same = old_page is not None and old_page.evaluate("() => !!window.itlTiming")
            for run in range(args.runs):
                for size in SIZES:
                    text = held_out_hindi(size)[: size - run]  # a new text every run
                    if old_page is not None and run % 2:  # the pages take turns going first
                        old[size].append(timed_paste(old_page, text, ours=same)[0])
                    ours[size].append(timed_paste(page, text, ours=True))
                    if old_page is not None and not run % 2:
                        old[size].append(timed_paste(old_page, text, ours=same)[0])
            chrome.close()
    finally:
        stop_ours()
        if stop:
            stop()
    server = server_times(args.runs, names)
    old_measure = "every card's first screen" if baseline and same else "cards updated"
    which = f"tokenizers {', '.join(names)}" if args.tokenizers else "the 5 default tokenizers"
    lines = [
        (
            f"Measured by `python scripts/page_benchmark.py` on this machine "
            f"({time.strftime('%Y-%m-%d')}; Chromium, 1280×800, {which}, "
            f"held-out Hindi, median of {args.runs} pastes):"
        ),
        "",
        (
            "| text | paste → every card's first screen | budget | paste → every token drawn "
            "| server time per update | budget |"
        )
        + (f" previous page ({args.baseline_ref}): paste → {old_measure} |" if baseline else ""),
        "|---:|---:|---:|---:|---:|---:|" + ("---:|" if baseline else ""),
    ]
    for size in SIZES:
        first = statistics.median(t[0] for t in ours[size])
        drawn = statistics.median(t[1] for t in ours[size])
        row = (
            f"| {size:,} chars | **{first:.0f} ms** | ≤ {BUDGET_FIRST[size]:,} ms | {drawn:.0f} ms"
            f"{' (budget ≤ 500 ms)' if size == 10_000 else ''} | {server[size]:.1f} ms | "
            f"{'≤ 50 ms' if size == 10_000 else '—'} |"
        )
        if baseline:
            row += f" {statistics.median(old[size]):.0f} ms |"
        lines.append(row)
    table = "\n".join(lines)
    print(table)
    if args.write_docs:
        from indictok.tools.report import write_block

        command = "python scripts/page_benchmark.py"
        command += f" --baseline-ref {args.baseline_ref}" if args.baseline_ref else ""
        command += f" --tokenizers {args.tokenizers}" if args.tokenizers else ""
        section = "page-benchmark-open-models" if args.tokenizers else "page-benchmark"
        write_block(table, section, command + " --write-docs")


if __name__ == "__main__":
    main()
