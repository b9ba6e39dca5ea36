"""Every visitor (issue 31): axe-core 4.14.1 (tests/vendor/, pinned with sha256) finds no
serious or critical WCAG 2.2 AA violation on the page and on each tab, at 1280×800 light and
390×844 dark; tokens open their details from the keyboard; a phone shows every card's count
on its first screen; our card stays first when tokenizers are added."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from test_browser import DESKTOP, HINDI, PHONE, card, open_page, paste, shot

from indictok import catalog

pytestmark = pytest.mark.browser
AXE = Path(__file__).resolve().parent / "vendor" / "axe-core" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
TABS = [
    "Grader",
    "Train",
    "Token tax",
    "Downloads",
    "Token lookup",
    "Decode ids",
    "Definitions",
    "About",
]


def serious_violations(page) -> list[str]:
    """axe-core's serious and critical violations on the page as it is now ("rule: node"),
    once no output waits for the server (Gradio dims a pending output to 20% opacity: the
    grader's panel while the page's language is graded)."""
    page.wait_for_function("() => !document.querySelector('.pending')", timeout=30_000)
    if not page.evaluate("typeof axe !== 'undefined'"):
        page.add_script_tag(content=AXE.read_text(encoding="utf-8"))
    found = page.evaluate(
        """tags => axe.run(document, {runOnly: {type: "tag", values: tags}}).then(r =>
            r.violations.filter(v => v.impact === "serious" || v.impact === "critical")
             .flatMap(v => v.nodes.map(n => `${v.id}: ${n.target.join(" ")}`)))""",
        AXE_TAGS,
    )
    return found


def open_tab(page, name: str) -> None:
    """Click tab `name`, through Gradio's "More tabs" menu when the screen hides it."""
    tab = page.get_by_role("tab", name=name, exact=True)
    if tab.count():
        tab.click()
    else:
        page.get_by_role("button", name="More tabs").click()
        page.locator(".overflow-dropdown button", has_text=name).click()
    page.wait_for_timeout(400)  # the tab's content renders


@pytest.mark.parametrize(("viewport", "scheme"), [(DESKTOP, "light"), (PHONE, "dark")])
def test_axe_finds_no_serious_violation_on_the_page_or_any_tab(
    browser, app_url, viewport, scheme
) -> None:
    query = "?__theme=dark" if scheme == "dark" else ""
    page = open_page(browser, app_url + query, viewport, scheme)
    settled = "() => !document.querySelector('.itl-loading, .itl-stale')"  # no dimmed cards
    page.wait_for_function(settled, timeout=30_000)
    found = {"page": serious_violations(page)}
    for name in TABS:
        open_tab(page, name)
        found[name] = serious_violations(page)
    assert {where: v for where, v in found.items() if v} == {}
    page.context.close()


def test_a_token_opens_its_details_from_the_keyboard_and_escape_closes_them(
    browser, app_url
) -> None:
    page = open_page(browser, app_url)
    paste(page, HINDI)
    ours = card("indic-bpe-hi")
    first = page.locator(f'{ours} .itl-text [tabindex="0"]')
    assert first.count() == 1  # one tab stop per card
    start = first.get_attribute("data-index")
    first.focus()
    page.keyboard.press("ArrowRight")
    focused = page.evaluate("document.activeElement.dataset.index")
    assert focused is not None and int(focused) > int(start)
    assert page.locator(f'{ours} .itl-text [tabindex="0"]').count() == 1  # the stop moved
    page.keyboard.press("Enter")
    panel = page.locator("[data-token-details]")
    assert panel.is_visible()
    token = int(focused)
    ids = page.evaluate(f"document.querySelector('{ours}')._card.data.ids")
    first_id = ids[token]
    assert f"id {first_id}" in panel.inner_text()
    assert re.search(r"bytes [0-9A-F]{2}( [0-9A-F]{2})*", panel.inner_text())
    assert "merge of ids" in panel.inner_text() or "single byte" in panel.inner_text()
    page.keyboard.press("Escape")
    assert not panel.is_visible()
    assert page.evaluate("document.activeElement.dataset.index") == focused
    # a click opens it too (a tap is a click)
    page.locator(f"{card('o200k_base')} .itl-text [data-index]").nth(1).click()
    assert panel.is_visible()
    assert panel.locator("button", has_text="Token lookup").count() == 1
    shot(page, "token-details-1280-light")
    page.context.close()


def test_the_phone_shows_every_cards_count_on_the_first_screen(browser, app_url) -> None:
    page = open_page(browser, app_url + "?__theme=dark", PHONE, "dark")
    page.wait_for_function("() => !document.querySelector('.itl-loading')", timeout=30_000)
    cards = page.locator(".itl-card[data-token-count]")
    assert cards.count() == len(catalog.DEFAULT_NAMES)
    for k in range(cards.count()):
        name = cards.nth(k).get_attribute("data-tokenizer")
        summary = page.locator(f'[data-summary-for="{name}"]')
        assert summary.count() == 1, name
        digits = re.sub(r"\D", "", summary.inner_text())
        assert digits == cards.nth(k).get_attribute("data-token-count"), name
        box = summary.bounding_box()
        assert box and box["y"] + box["height"] <= PHONE["height"], name
    shot(page, "summary-390-dark")
    last = cards.nth(cards.count() - 1)
    page.locator(f'[data-summary-for="{last.get_attribute("data-tokenizer")}"]').click()
    page.wait_for_function(
        "el => { const r = el.getBoundingClientRect(); return r.top >= 0 && r.top < innerHeight; }",
        arg=last.element_handle(),
        timeout=5_000,
    )
    page.context.close()


TAMIL = "வணக்கம் உலகம், இது ஒரு சிறிய வாக்கியம். தமிழ் ஒரு பழமையான மொழி."


def test_our_card_stays_first_and_decode_answers_enter_and_empty_input(browser, app_url) -> None:
    page = open_page(browser, app_url)
    page.locator("#itl-input textarea").fill(TAMIL)
    page.wait_for_selector(f"{card('indic-bpe-ta')}[data-token-count]", timeout=30_000)
    page.locator("#itl-names summary").click()
    picker = page.locator("#itl-names")
    assert picker.get_by_text("vocab 200,019").count() >= 1  # one number format: the cards'
    picker.locator('input[value="gpt2"]').check()
    page.wait_for_selector(f"{card('gpt2')}[data-token-count]", timeout=30_000)
    names = page.eval_on_selector_all(".itl-card", "els => els.map(e => e.dataset.tokenizer)")
    assert names[0] == "indic-bpe-ta" and names[-1] == "gpt2"
    # Decode ids: Enter decodes; empty input and bad ids say why, styled as an error
    open_tab(page, "Decode ids")
    ids = page.get_by_label("Token ids")
    ids.press("Enter")
    problem = page.locator("#itl-decode-problem .itl-error")
    problem.wait_for(timeout=10_000)
    assert "type ids first" in problem.inner_text()
    ids.fill("x")
    ids.press("Enter")
    page.wait_for_function(
        "() => document.querySelector('#itl-decode-problem').textContent.includes('not a token')"
    )
    ids.fill("[4998]")
    ids.press("Enter")
    page.wait_for_function("() => document.querySelector('#itl-decoded textarea').value !== ''")
    assert page.locator("#itl-decode-problem .itl-error").count() == 0
    page.context.close()
