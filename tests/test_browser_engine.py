"""The page's cards come from the visitor's browser (assets/js/engine.mjs) for the
tokenizers proven exact there (indictok/browser.py): once the default cards are drawn each
says data-engine="browser", and editing the text asks the server nothing."""

from __future__ import annotations

import pytest
from test_browser import card, open_page

from indictok import catalog, loaded
from indictok.pretokenize import normalize

pytestmark = pytest.mark.browser
EDIT = "भारत एक विशाल देश है"


def wait_for_browser_cards(page) -> None:
    """Until every card of the defaults shows its tokens, computed in the browser."""
    selector = ".itl-card[data-engine='browser'][data-token-count]"
    page.wait_for_function(
        f'document.querySelectorAll("{selector}").length === {len(catalog.DEFAULT_NAMES)}',
        timeout=60_000,
    )


def test_default_cards_come_from_the_browser_and_edits_ask_the_server_nothing(
    browser,
    app_url,
) -> None:
    page = open_page(browser, app_url)
    wait_for_browser_cards(page)
    engines = page.locator(".itl-card").evaluate_all("cards => cards.map(c => c.dataset.engine)")
    assert engines == ["browser"] * len(catalog.DEFAULT_NAMES)
    asked: list[str] = []
    page.on("request", lambda r: asked.append(r.url) if "/gradio_api/" in r.url else None)
    box = page.locator("#itl-input textarea")
    for i in range(20):
        text = f"{EDIT} {i}"
        box.fill(text)
        expected = len(loaded.get("o200k_base").encode_ids(text))
        page.wait_for_selector(f'{card("o200k_base")}[data-token-count="{expected}"]')
    assert asked == []
    for name in catalog.DEFAULT_NAMES:  # the last edit's counts are the package's
        shown = int(page.locator(card(name)).get_attribute("data-token-count"))
        assert shown == len(loaded.get(name).encode_ids(normalize(text))), name
    assert page.errors == []
    page.context.close()


def test_a_server_tokenizer_still_comes_from_the_server(browser, app_url) -> None:
    page = open_page(browser, f"{app_url}?k=indic-bpe-hi,spm-bpe-hi")
    page.wait_for_selector(f"{card('spm-bpe-hi')}[data-token-count]", timeout=30_000)
    assert page.locator(card("spm-bpe-hi")).get_attribute("data-engine") == "server"
    page.wait_for_selector(f"{card('indic-bpe-hi')}[data-engine='browser'][data-token-count]")
    assert page.errors == []
    page.context.close()
