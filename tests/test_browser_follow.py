"""The tabs follow the page (issue 31): the Grader and the Token tax follow the page's language;
a token's details open Token lookup on its tokenizer and id; numbers have one format."""

from __future__ import annotations

import re

import pytest
from test_browser import HINDI, card, open_page, paste, shot
from test_browser_a11y import open_tab

pytestmark = pytest.mark.browser
TAMIL = "தமிழ் ஒரு பழமையான மொழி. சென்னை தமிழ்நாட்டின் தலைநகரம்."


def test_choosing_tamil_makes_the_grader_and_the_token_tax_follow(browser, app_url) -> None:
    page = open_page(browser, app_url)
    paste(page, HINDI)
    page.locator("#itl-language").select_option("ta")  # chosen, not detected
    page.locator(f"{card('indic-bpe-ta')}[data-token-count]").wait_for(timeout=20_000)
    open_tab(page, "Token tax")
    page.wait_for_function(
        "() => document.querySelector('#itl-tax-bars figcaption')?.textContent.startsWith('Tamil')",
        timeout=20_000,
    )
    assert page.locator("#itl-tax-language input").input_value() == "Tamil"
    assert "indic-bpe-ta" in page.locator("#itl-tax-bars .itl-ours").inner_text()
    cells = page.evaluate(  # Gradio's table draws its rows as div[role=row] (virtual)
        """() => [...document.querySelectorAll('#itl-leaderboard .virtual-row')].map(
            row => [...row.querySelectorAll('[role=gridcell]')].map(c => c.textContent.trim()))"""
    )
    assert len(cells) >= 5 and all(c[0] == "Tamil" for c in cells[:5]), cells[:5]
    assert cells[0][1] == "indic-bpe-ta"
    # one number format: thousands separators, two decimals (tokens/word three)
    assert all(re.fullmatch(r"\d{1,3}(,\d{3})*", c[2]) for c in cells), cells[:3]
    assert all(re.fullmatch(r"\d+\.\d{2}", c[4]) for c in cells), cells[:3]
    assert ["Tamil", "o200k_base", "200,019"] in [c[:3] for c in cells]
    shot(page, "token-tax-tamil-1280-light", full=True)
    open_tab(page, "Grader")
    page.wait_for_function(
        "() => document.querySelector('#itl-grade .itl-verdict')?.textContent"
        ".includes('indic-bpe-ta')",
        timeout=20_000,
    )
    assert "language Tamil" in page.locator("#itl-grade .itl-verdict").inner_text()
    assert page.errors == []
    page.context.close()


def test_token_lookup_opens_on_the_tokens_tokenizer_and_id(browser, app_url) -> None:
    page = open_page(browser, app_url)
    paste(page, HINDI)
    token = page.locator(f"{card('o200k_base')} .itl-text [data-index]").nth(2)
    token.click()
    panel = page.locator("[data-token-details]")
    token_id = re.search(r"id (\d+)", panel.inner_text()).group(1)
    panel.get_by_role("button", name="Token lookup").click()
    name = page.locator("#itl-lookup-name input")
    page.wait_for_function(
        "() => document.querySelector('#itl-lookup-name input')?.value === 'o200k_base'",
        timeout=20_000,
    )
    assert (
        page.locator("#itl-lookup-query textarea, #itl-lookup-query input").first.input_value()
        == token_id
    )
    first_cell = page.locator("#itl-lookup td").first
    first_cell.wait_for(timeout=20_000)
    assert first_cell.inner_text() == token_id
    assert name.input_value() == "o200k_base"
    shot(page, "token-lookup-from-details-1280-light", full=True)
    open_tab(page, "Grader")  # opened again by hand later, the tab keeps its answer
    open_tab(page, "Token lookup")
    page.wait_for_timeout(500)
    assert page.locator("#itl-lookup td").first.inner_text() == token_id
    assert page.locator(".toast-body").count() == 0  # no error toast on opening by hand
    assert page.errors == []
    page.context.close()
