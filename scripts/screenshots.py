"""The README's screenshots of the page: desktop (1280×800) and phone (390×844), light and
dark, the default example, as a visitor first sees it; then the tokenizer picker and the
Token tax tab for Tamil (desktop, light); then the Grader tab with an
uploaded tokenizer.json and its verdict (desktop light, phone dark).

    python scripts/screenshots.py                # writes assets/screenshot-*.png
    python scripts/screenshots.py grader-upload  # only the Grader tab's upload
"""

from __future__ import annotations

import sys
from pathlib import Path

from page_benchmark import serve  # scripts/, this file's folder, is on sys.path

from indictok.tools.browser import CHROMIUM_ARGS, require_chromium

REPO = Path(__file__).resolve().parent.parent

VIEWPORTS = {"desktop": (1280, 800), "phone": (390, 844)}
# every card drawn, none still loading its tokenizer into the browser
DRAWN = "() => window.itlTiming?.allDrawn && !document.querySelector('.itl-loading')"
UPLOADED = REPO / "tokenizers_store" / "transformers" / "indic_bpe_hi" / "tokenizer.json"


def main() -> None:
    from playwright.sync_api import sync_playwright

    url, stop = serve(REPO)
    try:
        with sync_playwright() as p:
            chrome = p.chromium.launch(executable_path=require_chromium(), args=CHROMIUM_ARGS)
            if sys.argv[1:] != ["grader-upload"]:
                shoot_first_screens(chrome, url)
            shoot_upload(chrome, url, "desktop", "light")
            shoot_upload(chrome, url, "phone", "dark")
            chrome.close()
    finally:
        stop()


def shoot_first_screens(chrome, url: str) -> None:
    """The first screen in each viewport and scheme, the picker, the Token tax tab."""
    for device, (width, height) in VIEWPORTS.items():
        for scheme in ("light", "dark"):
            page = chrome.new_page(viewport={"width": width, "height": height}, color_scheme=scheme)
            page.goto(f"{url}?__theme={scheme}")
            page.wait_for_function(DRAWN)
            page.wait_for_timeout(300)
            out = REPO / "assets" / f"screenshot-{device}-{scheme}.png"
            page.screenshot(path=str(out))
            print(out.relative_to(REPO))
            page.close()
    page = chrome.new_page(viewport={"width": 1280, "height": 800})
    page.goto(url)
    page.wait_for_function(DRAWN)
    shoot_picker(page)
    shoot_tax(page)
    page.close()


def shoot_upload(chrome, url: str, device: str, scheme: str) -> None:
    """The Grader tab after uploading our Hindi tokenizer.json: its verdict on screen."""
    width, height = VIEWPORTS[device]
    page = chrome.new_page(viewport={"width": width, "height": height}, color_scheme=scheme)
    page.goto(f"{url}?__theme={scheme}")
    page.wait_for_function(DRAWN)
    page.get_by_role("tab", name="Grader").click()
    page.locator("#itl-upload input[type=file]").set_input_files(str(UPLOADED))
    page.locator("#itl-upload").get_by_text("tokenizer.json").first.wait_for(timeout=20_000)
    page.locator("#itl-upload-go").click()
    page.locator("#itl-upload-verdict .itl-verdict").wait_for(timeout=120_000)
    page.locator('.itl-card[data-tokenizer="uploaded: tokenizer.json"][data-token-count]').wait_for(
        timeout=20_000
    )
    page.evaluate("document.querySelector('#itl-upload-go').scrollIntoView()")
    page.wait_for_timeout(300)
    save(page, f"screenshot-grader-upload-{device}-{scheme}.png")
    page.close()


def shoot_picker(page) -> None:
    page.locator("#itl-names summary").click()
    page.wait_for_timeout(200)
    save(page, "screenshot-picker.png")
    page.keyboard.press("Escape")


def shoot_tax(page) -> None:
    page.get_by_role("tab", name="Token tax").click()
    page.locator("#itl-tax-language input").click()
    page.locator("li[role=option][aria-label=Tamil]").click()  # Gradio's dropdown list
    page.wait_for_function(
        "() => document.querySelector('#itl-tax-bars figcaption').textContent.includes('Tamil')"
    )
    page.evaluate("document.querySelector('#itl-below').scrollIntoView()")
    page.wait_for_timeout(200)
    save(page, "screenshot-token-tax.png")


def save(page, name: str) -> None:
    out = REPO / "assets" / name
    page.screenshot(path=str(out))
    print(out.relative_to(REPO))


if __name__ == "__main__":
    main()
