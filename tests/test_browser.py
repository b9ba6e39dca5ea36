"""The served app in real Chromium (Debian's /usr/bin/chromium, driven by Playwright)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from indictok import registry

pytestmark = pytest.mark.browser
CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"
HINDI = "नमस्ते दुनिया! भारत एक विशाल देश है और इसकी राजधानी नई दिल्ली है।"


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: install Debian's chromium (.ci/run does)")
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run"],
        )  # fmt: skip
        yield browser
        browser.close()


@pytest.fixture
def page(browser, app_url):
    context = browser.new_context(viewport={"width": 1300, "height": 1000})
    page = context.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.dialogs = dialogs
    page.goto(app_url)
    page.wait_for_selector(".itl-card", timeout=30_000)
    yield page
    context.close()


def type_text(page, text: str) -> None:
    page.locator("#itl-input textarea").fill(text)  # like a paste
    page.wait_for_function(
        "n => { const c = document.querySelector('.itl-card[data-tokenizer=\"gpt2\"] .itl-count');"
        " return c && c.textContent.replace(/,/g, '') === String(n); }",
        arg=len(registry.get("gpt2").encode_ids(text)),
        timeout=20_000,
    )


def shown_count(page, name: str) -> int:
    text = page.locator(f'.itl-card[data-tokenizer="{name}"] .itl-count').inner_text()
    return int(text.replace(",", ""))


def test_counts_shown_equal_the_libraries(page) -> None:
    type_text(page, HINDI)
    for name in registry.DEFAULT_NAMES:
        assert shown_count(page, name) == len(registry.get(name).encode_ids(HINDI)), name
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "hindi.png"), full_page=True)


def test_tokens_that_cut_a_character_are_marked(page) -> None:
    type_text(page, HINDI)
    gpt2 = '.itl-card[data-tokenizer="gpt2"]'
    assert page.locator(f"{gpt2} .itl-seg.multi").count() > 0  # striped shared characters
    page.get_by_label("tokens", exact=True).check()
    page.wait_for_selector(f"{gpt2} .itl-tok.partial")
    assert page.locator(f"{gpt2} .itl-tok.partial .itl-hex").count() > 0
    page.screenshot(path=str(ARTIFACTS / "tokens-view.png"))


def test_hovering_a_token_highlights_the_same_bytes_elsewhere(page) -> None:
    type_text(page, HINDI)
    ours = page.locator('.itl-card[data-tokenizer="indic-bpe-hi"] .itl-text [data-b0]').nth(1)
    b0, b1 = int(ours.get_attribute("data-b0")), int(ours.get_attribute("data-b1"))
    ours.hover()
    lit = page.locator('.itl-card[data-tokenizer="gpt2"] .itl-hl')
    assert lit.count() > 0
    for k in range(lit.count()):
        c0, c1 = int(lit.nth(k).get_attribute("data-b0")), int(lit.nth(k).get_attribute("data-b1"))
        assert c0 < b1 and b0 < c1


def test_permalink_restores_text_tokenizers_and_view(page, browser) -> None:
    type_text(page, HINDI)
    page.get_by_label("tokens", exact=True).check()
    page.locator("#itl-names").get_by_label("OpenAI cl100k_base").uncheck()
    page.wait_for_function(
        "() => { const t = document.querySelector('#itl-permalink textarea, #itl-permalink input');"
        " return t && t.value.includes('v=tokens') && !t.value.includes('cl100k'); }"
    )
    url = page.locator("#itl-permalink textarea, #itl-permalink input").first.input_value()
    other = browser.new_page()
    other.goto(url)
    other.wait_for_selector('.itl-grid[data-view="tokens"]', timeout=30_000)
    assert other.locator("#itl-input textarea").input_value() == HINDI
    assert other.locator('.itl-card[data-tokenizer="cl100k_base"]').count() == 0
    assert other.locator('.itl-card[data-tokenizer="gpt2"]').count() == 1
    other.close()


def test_embed_mode_renders_inside_an_iframe(browser, app_url) -> None:
    page = browser.new_page()
    page.set_content(f'<iframe id="f" src="{app_url}?embed=1" width="900" height="700"></iframe>')
    frame = page.frame_locator("#f")
    frame.locator(".itl-card").first.wait_for(timeout=30_000)
    assert frame.locator(".itl-card").count() == len(registry.DEFAULT_NAMES)
    assert frame.locator("#itl-intro").count() == 0 or not frame.locator("#itl-intro").is_visible()
    page.screenshot(path=str(ARTIFACTS / "embed.png"))
    page.close()


HOSTILE = "<img src=x onerror=alert(1)> <script>alert(2)</script> ${1+1} {{7*7}} </div>"


def test_hostile_text_is_shown_as_text_and_runs_nothing(page) -> None:
    before = page.evaluate("document.querySelectorAll('img, script').length")
    type_text(page, HOSTILE)
    page.wait_for_timeout(500)
    assert page.dialogs == []
    assert page.evaluate("document.querySelectorAll('img, script').length") == before
    shown = page.locator('.itl-card[data-tokenizer="gpt2"] .itl-text').inner_text()
    assert re.sub(r"\s+", " ", shown).strip() == re.sub(r"\s+", " ", HOSTILE).strip()
    assert "${1+1}" in shown and "{{7*7}}" in shown


def test_pasting_tamil_switches_our_tokenizer_to_tamil(page) -> None:
    tamil = "தமிழ் ஒரு பழமையான மொழி. சென்னை தமிழ்நாட்டின் தலைநகரம்."
    type_text(page, tamil)
    card = page.locator('.itl-card[data-tokenizer="indic-bpe-ta"]')
    card.wait_for(timeout=20_000)
    assert shown_count(page, "indic-bpe-ta") == len(registry.get("indic-bpe-ta").encode_ids(tamil))
    assert page.locator('.itl-card[data-tokenizer="indic-bpe-hi"]').count() == 0
    assert "Tamil (detected)" in page.locator("#itl-lang-note").inner_text()
    checked = page.locator("#itl-names input:checked")
    assert checked.count() == len(registry.DEFAULT_NAMES)
    page.screenshot(path=str(ARTIFACTS / "tamil.png"), full_page=True)
