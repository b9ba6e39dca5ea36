"""The Lab's speed in Chromium: training in the page (Train tab, default settings: 4,999 ids,
indic-superword-v1, 10% held out) against `python -m indictok train --text` on the same text
and settings, for 1 MB (pasted) and train/hi.txt (7.46 MB, "Our training file"); and the
slider's redraw time. `--screenshots` also writes the README's pictures of the Train tab
after a 1,000-id training: the result at 1280×800, light; the slider at 390×844, dark.

    python scripts/lab_benchmark.py [--screenshots] [--write-docs]
"""

from __future__ import annotations

import argparse
import datetime
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "scripts"))
sys.path.insert(0, str(REPO))

from page_benchmark import CHROMIUM_ARGS, serve  # noqa: E402

from indictok import paths  # noqa: E402
from indictok.tools.browser import require_chromium  # noqa: E402

RUNS = 2  # the best of RUNS, for the page and the command line alike (the machine is shared)
SET_TEXT = "(el, text) => { el.value = text; el.dispatchEvent(new Event('input')); }"
# one slider move: set, redraw (lab.mjs, synchronous), then wait for the next frame's paint
REDRAW_JS = """async (k) => {
  const slider = document.getElementById('itl-lab-slider');
  const t0 = performance.now();
  slider.value = String(k);
  slider.dispatchEvent(new Event('input'));
  await new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)));
  return performance.now() - t0;
}"""


def first_bytes(text: str, size: int) -> str:
    """The longest run of whole lines of `text` within `size` UTF-8 bytes."""
    cut = text.encode("utf-8")[:size].decode("utf-8", errors="ignore")
    return cut[: cut.rfind("\n") + 1]


def cli_seconds(path: Path, vocab: int = 4999) -> tuple[float, float]:
    """(wall seconds of the whole command, its training seconds) on `path`."""
    with tempfile.TemporaryDirectory() as out:
        command = [
            sys.executable,
            "-m",
            "indictok",
            "train",
            "--text",
            str(path),
            "--lang",
            "hi",
            "--vocab-size",
            str(vocab),
            "--pattern",
            "indic-superword-v1",
            "--heldout",
            "0.1",
            "--no-drop-zwj-lines",
            "--out-dir",
            out,
        ]
        started = time.perf_counter()
        done = subprocess.run(command, cwd=REPO, capture_output=True, text=True, check=True)
        wall = time.perf_counter() - started
    return wall, float(re.search(r"in ([0-9.]+) s", done.stdout).group(1))


def open_lab(browser, url: str, viewport=(1280, 800), scheme: str = "light"):
    page = browser.new_page(
        viewport={"width": viewport[0], "height": viewport[1]}, color_scheme=scheme
    )
    page.goto(f"{url}?__theme={scheme}")
    page.wait_for_selector(".itl-card[data-token-count]", timeout=60_000)
    page.get_by_role("tab", name="Train").click()
    page.locator("#itl-lab-text textarea").wait_for()
    return page


def page_training(page, text: str | None, vocab: int = 4999) -> tuple[float, float]:
    """(seconds from the click to the result, the server's training seconds)."""
    if text is None:
        page.get_by_label("Our training file", exact=True).check()  # Hindi is the default
    else:
        page.locator("#itl-lab-text textarea").evaluate(SET_TEXT, text)
    page.locator("#itl-lab-vocab input").fill(str(vocab))
    page.locator("#itl-lab-vocab input").blur()
    started = time.perf_counter()
    page.locator("#itl-lab-train").click()
    page.wait_for_selector("#itl-lab-status .itl-ok", timeout=300_000)
    wall = time.perf_counter() - started
    status = page.locator("#itl-lab-status").inner_text()
    page.locator('.itl-card[data-tokenizer="yours"]').wait_for(timeout=60_000)
    return wall, float(re.search(r"in ([0-9.]+) s", status).group(1))


def redraw_ms(page, moves: int = 40) -> list[float]:
    total = int(page.locator("#itl-lab-slider").get_attribute("max"))
    ks = [round(total * i / (moves - 1)) for i in range(moves)]
    return [page.evaluate(REDRAW_JS, k) for k in ks[::-1]]


Row = tuple[str, int, float, float, float, float]


def measure(browser, url: str) -> tuple[list[Row], list[float]]:
    hindi = paths.train_file("hi")
    one_mb = first_bytes(hindi.read_text(encoding="utf-8"), 1_000_000)
    rows: list[Row] = []
    redraws: list[float] = []
    with tempfile.TemporaryDirectory() as tmp:
        pasted = Path(tmp) / "hi-1mb.txt"
        pasted.write_text(one_mb, encoding="utf-8")
        cases = [("1 MB, pasted", pasted, one_mb), ("train/hi.txt, our training file", hindi, None)]
        for what, path, text in cases:
            cli = min(cli_seconds(path) for _ in range(RUNS))
            pages = []
            for _ in range(RUNS):
                page = open_lab(browser, url)
                pages.append(page_training(page, text))
                if text is None:
                    redraws = redraw_ms(page)
                page.close()
            rows.append((what, path.stat().st_size, *min(pages), *cli))
    return rows, redraws


def report(rows: list[Row], redraws: list[float]) -> str:
    intro = (
        f"Measured by `python scripts/lab_benchmark.py` on this machine ({datetime.date.today()}; "
        f"Chromium 1280×800; default settings: 4,999 ids, indic-superword-v1, 10% held out; the "
        f"best of {RUNS} runs each, on a 2-core machine shared with other work; the page's "
        "time includes the evaluation, the zip and drawing the result):"
    )
    header = (
        "| corpus | bytes | page: click → result | page: training | command line: whole "
        "command | command line: training | page ÷ command line |"
    )
    lines = [intro, "", header, "|---|---:|---:|---:|---:|---:|---:|"]
    for what, size, page_wall, page_train, cli_wall, cli_train in rows:
        lines.append(
            f"| {what} | {size:,} | {page_wall:.1f} s | {page_train:.1f} s | {cli_wall:.1f} s | "
            f"{cli_train:.1f} s | **{page_wall / cli_wall:.2f}×** (goal ≤ 1.5×) |"
        )
    if redraws:
        slider = (
            f"Slider (4,742 merges, {len(redraws)} moves from the last merge to the first): "
            f"redraw to the next paint median **{statistics.median(redraws):.1f} ms**, "
            f"max {max(redraws):.1f} ms (goal < 100 ms)."
        )
        lines += ["", slider]
    return "\n".join(lines)


def screenshots(browser, url: str) -> None:
    text = first_bytes(paths.train_file("hi").read_text(encoding="utf-8"), 400_000)
    shots = [
        ("screenshot-lab-desktop-light.png", (1280, 800), "light", "itl-lab-status"),
        ("screenshot-lab-phone-dark.png", (390, 844), "dark", "itl-lab-watch"),
    ]
    for name, viewport, scheme, top in shots:
        page = open_lab(browser, url, viewport, scheme)
        page_training(page, text, vocab=1000)
        page.evaluate(REDRAW_JS, 300)  # past the seeded alphabet: learned merges
        page.locator("#itl-lab-slider").dispatch_event("change")  # the table follows
        page.evaluate(f"document.getElementById('{top}').scrollIntoView()")
        page.wait_for_timeout(300)
        page.screenshot(path=str(REPO / "assets" / name))
        print(f"assets/{name}")
        page.close()


def write_docs(text: str) -> None:
    from indictok.tools.report import write_block

    write_block(text, "lab-benchmark", "python scripts/lab_benchmark.py --write-docs")


def main() -> None:
    from playwright.sync_api import sync_playwright

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--screenshots", action="store_true")
    parser.add_argument(
        "--write-docs", action="store_true", help="also write the table into docs/speed.md"
    )
    parser.add_argument("--no-measure", action="store_true", help="screenshots only")
    args = parser.parse_args()
    url, stop = serve(REPO)
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=require_chromium(), args=CHROMIUM_ARGS)
            if not args.no_measure:
                text = report(*measure(browser, url))
                print(text)
                if args.write_docs:
                    write_docs(text)
            if args.screenshots:
                screenshots(browser, url)
            browser.close()
    finally:
        stop()


if __name__ == "__main__":
    main()
