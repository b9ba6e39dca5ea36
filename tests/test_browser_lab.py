"""The Lab in Chromium (issue 31): its card, slider, verdict and zip always describe the same
run, and all go together when a training starts, fails or is cancelled; each run has its own
name; the replay starts at the first learned merge; pieces show whitespace as marks."""

from __future__ import annotations

import re

import pytest
from test_browser import card, open_page, shot

pytestmark = pytest.mark.browser
LINES = [
    "नमस्ते दुनिया। यह एक छोटा सा वाक्य है।",
    "भारत एक विशाल देश है और इसकी राजधानी नई दिल्ली है।",
    "मैं हिंदी में बात करता हूँ, और तुम?",
    "कीमत एक लाख रुपये है, बहुत महंगा है।",
    "हम सब मिलकर काम करेंगे और आगे बढ़ेंगे।",
]
CORPUS = "\n".join(LINES * 60) + "\n"  # 300 lines of Hindi: a training of a second or two
RUN = re.compile(r"Yours #(\d+): ([\w-]+), Hindi")


def train(page, text: str, vocab: int = 600, pattern: str = "indic-superword-v1") -> None:
    """Fill in the Lab (the text as one paste) and press Train."""
    page.get_by_label("Pasted text", exact=True).check()
    page.locator("#itl-lab-text textarea").evaluate(
        "(el, text) => { el.value = text; el.dispatchEvent(new Event('input')); }", text
    )
    page.locator("#itl-lab-vocab input").fill(str(vocab))
    page.locator("#itl-lab-pattern label", has_text=f"{pattern}:").first.click()
    page.locator("#itl-lab-train").click()


def shown_run(page) -> dict[str, object]:
    """What the Lab and the cards show of a run: the card's, the verdict's and the slider's
    names, and whether the zip and the slider are there."""
    yours = page.locator(card("yours"))
    return {
        "card": yours.locator("h2").inner_text() if yours.count() else None,
        "verdict": page.locator("#itl-lab-verdict .itl-lab-run").all_inner_texts(),
        "slider": page.locator("#itl-lab-run").inner_text()
        if page.locator("#itl-lab-slider").is_visible()
        else None,
        "zip": page.locator("#itl-lab-zip a").count(),
    }


def trained(page) -> str:
    """Wait for the training's card; check every part names the same run; its name."""
    page.wait_for_selector("#itl-lab-status .itl-ok", timeout=60_000)
    page.locator(f"{card('yours')}[data-token-count]").wait_for(timeout=20_000)
    page.locator("#itl-lab-slider").wait_for(state="visible", timeout=10_000)
    shown = shown_run(page)
    name = shown["card"]
    assert isinstance(name, str) and RUN.fullmatch(name), shown
    assert shown == {"card": name, "verdict": [name], "slider": name, "zip": 1}
    return name


def cleared(page) -> None:
    """Nothing of the previous run is left: no card, verdict, slider or zip."""
    page.wait_for_function(
        "() => !document.querySelector('.itl-card[data-tokenizer=\"yours\"]')", timeout=10_000
    )
    assert shown_run(page) == {"card": None, "verdict": [], "slider": None, "zip": 0}


@pytest.fixture(scope="module")
def lab_page(browser, app_url):
    page = open_page(browser, app_url)
    page.get_by_role("tab", name="Train").click()
    yield page
    assert page.errors == []
    page.context.close()


def test_a_failed_training_clears_the_previous_run_and_each_run_has_its_own_name(
    lab_page,
) -> None:
    page = lab_page
    train(page, CORPUS)
    first = trained(page)
    # without a split pattern a line over 10,000 bytes is refused: the run fails
    train(page, "क" * 4_000 + "\n" + CORPUS, pattern="none")
    page.wait_for_selector("#itl-lab-status .itl-no", timeout=30_000)
    assert "10,000" in page.locator("#itl-lab-status").inner_text()
    cleared(page)
    train(page, CORPUS, pattern="indic-v1")
    second = trained(page)
    assert second != first and RUN.fullmatch(second).group(2) == "indic-v1"
    assert int(RUN.fullmatch(second).group(1)) > int(RUN.fullmatch(first).group(1))
    shot(page, "lab-run-named", full=True)


@pytest.mark.corpus
def test_starting_a_training_clears_the_previous_run_and_cancel_keeps_it_clear(
    lab_page,
) -> None:
    page = lab_page
    if not page.locator(card("yours")).count():
        train(page, CORPUS)
        trained(page)
    page.get_by_label("Our training file", exact=True).check()  # train/hi.txt, 7.5 MB
    page.locator("#itl-lab-vocab input").fill("4999")
    page.locator("#itl-lab-train").click()
    cleared(page)  # at once, while the training runs
    page.wait_for_selector("#itl-lab-status progress", timeout=20_000)
    page.locator("#itl-lab-cancel").click()
    page.wait_for_function(
        "() => document.getElementById('itl-lab-status').textContent.includes('cancelled')",
        timeout=20_000,
    )
    cleared(page)
