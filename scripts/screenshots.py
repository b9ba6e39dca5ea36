"""The README's screenshots of the page: desktop (1280×800) and phone (390×844), light and
dark, the default example, as a visitor first sees it.

    python scripts/screenshots.py        # writes assets/screenshot-{desktop,phone}-{light,dark}.png
"""

from __future__ import annotations

from pathlib import Path

from page_benchmark import serve  # scripts/, this file's folder, is on sys.path

from indictok.tools.browser import CHROMIUM_ARGS, require_chromium

REPO = Path(__file__).resolve().parent.parent

VIEWPORTS = {"desktop": (1280, 800), "phone": (390, 844)}


def main() -> None:
    from playwright.sync_api import sync_playwright

    url, stop = serve(REPO)
    try:
        with sync_playwright() as p:
            chrome = p.chromium.launch(executable_path=require_chromium(), args=CHROMIUM_ARGS)
            for device, (width, height) in VIEWPORTS.items():
                for scheme in ("light", "dark"):
                    page = chrome.new_page(viewport={"width": width, "height": height},
                                           color_scheme=scheme)  # fmt: skip
                    page.goto(f"{url}?__theme={scheme}")
                    page.wait_for_function("() => window.itlTiming && window.itlTiming.allDrawn")
                    page.wait_for_timeout(300)
                    out = REPO / "assets" / f"screenshot-{device}-{scheme}.png"
                    page.screenshot(path=str(out))
                    print(out.relative_to(REPO))
                    page.close()
            chrome.close()
    finally:
        stop()


if __name__ == "__main__":
    main()
