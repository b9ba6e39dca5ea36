"""Open the permalinks that once froze the page, and time when the page answers input.

    python scripts/freeze_links.py --url http://127.0.0.1:7860/ [--screenshot out.png]

Each link is a few hundred bytes holding 100,000 combining marks, joiners or bidi overrides.
"Responsive" = the cards' first screen is drawn and then choosing an example updates the
text box's counts; both measured in Debian's Chromium from the start of navigation.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from indictok.app.permalink import AppState, to_query  # noqa: E402
from indictok.tools.browser import CHROMIUM_ARGS, require_chromium  # noqa: E402

LINKS = {
    "a normal link (Hindi sentence), for comparison": AppState("भारत एक विशाल देश है। " * 20),
    "100k × U+0301 (combining acute)": AppState("\u0301" * 100_000),
    "100k × ZWJ, whitespace marks on": AppState("\u200d" * 100_000, show_whitespace=True),
    "100k × RLO (bidi override)": AppState("\u202e" * 100_000),
    "100k × U+0301, tokens view": AppState("\u0301" * 100_000, view="tokens"),
}
READY = "() => window.itlTiming && window.itlTiming.firstScreen ? performance.now() : null"


def link(base: str, state: AppState) -> str:
    return f"{base.rstrip('/')}/?{to_query(state)}"


def time_to_responsive(page: object, url: str, timeout: float = 300.0) -> tuple[float, float]:
    """(seconds to the first screen of cards, seconds until an input is answered after it)."""
    started = time.perf_counter()
    page.goto(url, wait_until="commit", timeout=timeout * 1000)  # type: ignore[attr-defined]
    page.wait_for_function(READY, timeout=timeout * 1000, polling=50)  # type: ignore[attr-defined]
    ready = time.perf_counter() - started
    info = page.locator(".itl-textinfo")  # type: ignore[attr-defined]
    before = info.text_content()
    page.select_option("#itl-examples", index=2)  # type: ignore[attr-defined]
    page.wait_for_function(  # type: ignore[attr-defined]
        "(t) => document.querySelector('.itl-textinfo').textContent !== t",
        arg=before,
        timeout=timeout * 1000,
    )
    return ready, time.perf_counter() - started


def measure(base: str, screenshot: str | None = None) -> dict[str, tuple[float, float]]:
    from playwright.sync_api import sync_playwright

    results = {}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=require_chromium(), args=CHROMIUM_ARGS)
        try:
            for name, state in LINKS.items():
                context = browser.new_context(viewport={"width": 1280, "height": 800})
                page = context.new_page()
                if screenshot and name.startswith("100k × ZWJ"):
                    page.goto(link(base, state))
                    page.wait_for_function(READY, timeout=300_000)
                    page.screenshot(path=screenshot)
                results[name] = time_to_responsive(page, link(base, state))
                context.close()
        finally:
            browser.close()
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--url", required=True)
    parser.add_argument("--screenshot")
    args = parser.parse_args()
    for name, (ready, answered) in measure(args.url, args.screenshot).items():
        print(f"{name}: cards {ready:.2f} s, input answered {answered:.2f} s")


if __name__ == "__main__":
    main()
