"""The served page in real Chromium (driven by Playwright; the browser is $CHROMIUM, else
chromium, chromium-browser or google-chrome on PATH), at 1280×800 and 390×844, light and
dark. Without a browser these tests skip, unless INDICTOK_REQUIRE_BROWSER=1 (.ci/run sets
it). Screenshots land in test-artifacts/."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from indictok import catalog, loaded, paths
from indictok.app.permalink import AppState, to_query
from indictok.languages import LANGUAGES
from indictok.tools import corpus

pytestmark = pytest.mark.browser
ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"
README = Path(__file__).resolve().parent.parent / "README.md"
HINDI = "नमस्ते दुनिया! भारत एक विशाल देश है और इसकी राजधानी नई दिल्ली है।"
DESKTOP, PHONE = {"width": 1280, "height": 800}, {"width": 390, "height": 844}
SCRIPT_FONTS = {
    "Devanagari": "Noto Sans Devanagari",
    "Bengali": "Noto Sans Bengali",
    "Gurmukhi": "Noto Sans Gurmukhi",
    "Gujarati": "Noto Sans Gujarati",
    "Tamil": "Noto Sans Tamil",
    "Telugu": "Noto Sans Telugu",
    "Kannada": "Noto Sans Kannada",
    "Malayalam": "Noto Sans Malayalam",
    "Arabic": "Noto Naskh Arabic",
}


def open_page(browser, url: str, viewport=DESKTOP, scheme: str = "light"):
    context = browser.new_context(viewport=viewport, color_scheme=scheme)
    page = context.new_page()
    page.dialogs = []
    page.on("dialog", lambda d: (page.dialogs.append(d.message), d.dismiss()))
    page.errors = []
    page.on("pageerror", lambda e: page.errors.append(str(e)))
    page.goto(url)
    page.wait_for_selector(".itl-card[data-token-count] .itl-text [data-index]", timeout=30_000)
    return page


@pytest.fixture
def page(browser, app_url):
    page = open_page(browser, app_url)
    yield page
    assert page.errors == []
    page.context.close()


def card(name: str) -> str:
    return f'.itl-card[data-tokenizer="{name}"]'


def paste(page, text: str, name: str = "o200k_base") -> None:
    """Fill the text box like a paste; wait until `name`'s card shows the library's count."""
    page.locator("#itl-input textarea").fill(text)
    expected = len(loaded.get(name).encode_ids(text))
    page.wait_for_selector(f'{card(name)}[data-token-count="{expected}"]', timeout=20_000)
    # a tokenizer of the text's language may still be loading into the browser: its card
    # comes with the next drawing of every card
    page.wait_for_function("() => !document.querySelector('.itl-loading')", timeout=20_000)


def count(page, name: str) -> int:
    return int(page.locator(card(name)).get_attribute("data-token-count"))


def shot(page, name: str, full: bool = False) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=full)


def test_counts_shown_equal_the_libraries(page) -> None:
    paste(page, HINDI)
    for name in catalog.DEFAULT_NAMES:
        assert count(page, name) == len(loaded.get(name).encode_ids(HINDI)), name
        shown = page.locator(f"{card(name)} .itl-count").inner_text()
        assert int(shown.replace(",", "")) == count(page, name)


@pytest.mark.parametrize(
    ("viewport", "scheme"),
    [(DESKTOP, "light"), (DESKTOP, "dark"), (PHONE, "light"), (PHONE, "dark")],
)
def test_tokens_start_on_the_first_screen(browser, app_url, viewport, scheme) -> None:
    page = open_page(
        browser, app_url + ("?__theme=dark" if scheme == "dark" else ""), viewport, scheme
    )
    cards = page.locator(".itl-card")
    assert cards.count() == len(catalog.DEFAULT_NAMES)
    must_show = range(cards.count()) if viewport is DESKTOP else range(1)
    for k in must_show:
        first_token = cards.nth(k).locator(".itl-text [data-index]").first.bounding_box()
        assert first_token["y"] + first_token["height"] <= viewport["height"], k
    shot(page, f"first-screen-{viewport['width']}-{scheme}")
    page.context.close()


@pytest.mark.corpus
def test_tokens_view_marks_partial_bytes_and_draws_every_token(page) -> None:
    text = "\n".join(corpus.read_lines(corpus.eval_file("wikipedia", "hi")))[:10_000]
    page.get_by_label("tokens", exact=True).check()
    paste(page, text)
    qwen = card("qwen-2.5")
    assert page.locator(f"{qwen} .itl-tok.partial .itl-hex").count() > 0
    for name in catalog.DEFAULT_NAMES:
        last = count(page, name) - 1
        body = page.locator(f"{card(name)} .itl-text")
        body.evaluate("el => { el.scrollTop = el.scrollHeight; }")
        target = page.locator(f'{card(name)} [data-index="{last}"]')
        target.wait_for(timeout=10_000)
        target.scroll_into_view_if_needed()
        assert target.is_visible(), name
    shot(page, "tokens-view-10k")


def test_hovering_a_token_highlights_the_same_bytes_elsewhere(page) -> None:
    paste(page, HINDI)
    ours = page.locator(f"{card('indic-bpe-hi')} .itl-text [data-index]").nth(2)
    ours.hover()
    lit = page.locator(f"{card('o200k_base')} .itl-hl")
    assert lit.count() > 0
    assert "ids" in (ours.get_attribute("title") or "")


def test_permalink_is_built_on_request_and_restores_the_view(page, browser) -> None:
    paste(page, HINDI)
    page.get_by_label("tokens", exact=True).check()
    page.locator("#itl-names summary").click()
    page.locator("#itl-names").get_by_label("o200k_base").uncheck()
    page.wait_for_function(
        "() => !document.querySelector('.itl-card[data-tokenizer=\"o200k_base\"]')"
    )
    page.get_by_role("button", name="Copy link").click()
    page.wait_for_function(
        "() => document.querySelector('#itl-permalink').value.includes('v=tokens')"
    )
    url = page.locator("#itl-permalink").input_value()
    names = [n for n in catalog.DEFAULT_NAMES if n != "o200k_base"]
    assert urlsplit(url).query == to_query(AppState(HINDI, names, "tokens"))  # the server's
    other = open_page(browser, url)
    assert other.locator("#itl-input textarea").input_value() == HINDI
    assert other.locator('.itl-cards[data-view="tokens"]').count() == 1
    assert other.locator(card("o200k_base")).count() == 0
    other.context.close()


def test_a_100k_character_link_opens_and_explains(browser, app_url) -> None:
    import random

    rng = random.Random(7)
    text = "".join(chr(rng.randrange(0x905, 0x939)) for _ in range(100_000))
    from indictok.app.permalink import pack_text

    page = open_page(browser, f"{app_url}?t={pack_text(text)}&k=gpt2,indic-bpe-hi&v=tokens")
    assert "too long" in page.locator("#itl-status").inner_text()
    assert page.locator(".itl-card").count() == 2
    assert page.locator('.itl-cards[data-view="tokens"]').count() == 1
    page.context.close()


def test_embed_snippet_from_the_readme_shows_tokens_inside_960x720(browser, app_url) -> None:
    snippet = re.search(r"<iframe[\s\S]*?</iframe>", README.read_text(encoding="utf-8")).group(0)
    snippet = re.sub(r'src="[^"?]*', f'src="{app_url}', snippet)
    page = browser.new_page(viewport={"width": 960, "height": 720})
    page.set_content(f"<body style='margin:0'>{snippet}</body>")
    frame = page.frame_locator("iframe")
    first = frame.locator(".itl-card").first
    first.locator(".itl-text [data-index]").first.wait_for(timeout=30_000)
    box = first.locator(".itl-text [data-index]").first.bounding_box()
    assert box["y"] + box["height"] <= 720
    assert first.locator(".itl-count").is_visible()
    assert not frame.locator("#itl-header").is_visible()
    assert not frame.locator("#itl-below").is_visible()
    shot(page, "embed-960x720")
    page.close()


HOSTILE = "<img src=x onerror=alert(1)> <script>alert(2)</script> ${1+1} {{7*7}} </div>"


def test_hostile_text_is_shown_as_text_and_runs_nothing(page) -> None:
    before = page.evaluate("document.querySelectorAll('img, script').length")
    paste(page, HOSTILE)
    page.wait_for_timeout(300)
    assert page.dialogs == []
    assert page.evaluate("document.querySelectorAll('img, script').length") == before
    shown = page.locator(f"{card('o200k_base')} .itl-text").inner_text()
    assert re.sub(r"\s+", " ", shown).strip() == re.sub(r"\s+", " ", HOSTILE).strip()


def test_bidi_overrides_are_marked_and_isolated(page) -> None:
    paste(page, "pay 100 to \u202ealice then 900 to bob")
    body = page.locator(f"{card('o200k_base')} .itl-text")
    assert "⟨RLO⟩" in body.inner_text()
    isolation = body.locator("[data-index]").first.evaluate(
        "el => getComputedStyle(el).unicodeBidi"
    )
    assert isolation == "isolate"
    shot(page, "bidi")


def test_over_the_limit_keeps_the_cards_and_says_so(page) -> None:
    paste(page, HINDI)
    before = count(page, "o200k_base")
    page.locator("#itl-input textarea").fill("अ" * 100_001)
    page.wait_for_selector("#itl-status .itl-error")
    message = page.locator("#itl-status").inner_text()
    assert "limit is 100,000" in message and "still show the previous text" in message
    assert count(page, "o200k_base") == before


@pytest.mark.corpus
def test_every_script_renders_with_its_own_font(page) -> None:
    cdp = page.context.new_cdp_session(page)
    cdp.send("DOM.enable")
    cdp.send("CSS.enable")
    lines = {}  # a native line per script: Wikipedia where the corpus has it, else FLORES
    for code, lang in LANGUAGES.items():
        path = corpus.eval_files(code)[-1]
        lines.setdefault(lang.script, max(corpus.read_lines(path)[:50], key=len)[:300])
    lines["Tamil"] += " போர், வி, வே, வா, ப்"  # the letters an earlier font stack lost
    for script, line in lines.items():
        paste(page, line, "o200k_base")
        root = cdp.send("DOM.getDocument", {"depth": -1})["root"]["nodeId"]
        selector = f"{card('o200k_base')} .itl-block > span"  # the first tokens drawn
        nodes = cdp.send("DOM.querySelectorAll", {"nodeId": root, "selector": selector})
        fonts = [
            font
            for node in nodes["nodeIds"][:40]
            for font in cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]
        ]
        families = {f["familyName"] for f in fonts}
        assert SCRIPT_FONTS[script] in families, (script, families)
        assert not any("Last Resort" in f or f == "" for f in families), (script, families)
    page.screenshot(path=str(ARTIFACTS / "scripts-urdu.png"))


def test_pasting_tamil_switches_tokenizer_and_grader_to_tamil(page) -> None:
    tamil = "தமிழ் ஒரு பழமையான மொழி. சென்னை தமிழ்நாட்டின் தலைநகரம். போர், விளையாட்டு, வேலை."
    paste(page, tamil)
    page.locator(card("indic-bpe-ta")).wait_for(timeout=20_000)
    assert count(page, "indic-bpe-ta") == len(loaded.get("indic-bpe-ta").encode_ids(tamil))
    assert page.locator(card("indic-bpe-hi")).count() == 0
    assert "Tamil (detected)" in page.locator("#itl-lang-note").inner_text()
    page.get_by_role("tab", name="Grader").click()  # opening it grades the page's language
    verdict = page.locator("#itl-grade .itl-verdict")
    graded = "() => document.querySelector('#itl-grade .itl-verdict').textContent.includes('{}')"
    page.wait_for_function(graded.format("indic-bpe-ta"), timeout=20_000)
    assert verdict.inner_text().startswith(
        "PASS: indic-bpe-ta (ours), language Tamil (as on the page)"
    )
    assert "Tamil stress strings" in page.locator("#itl-grade").inner_text()
    assert verdict.evaluate("el => getComputedStyle(el).borderLeftColor") == "rgb(34, 170, 136)"
    outdated = "() => document.getElementById('itl-grade').classList.contains('itl-outdated')"
    assert page.evaluate(outdated) is False
    paste(page, "நான் சென்னையில் வசிக்கிறேன்.")
    assert page.evaluate(outdated) is True  # the grade no longer matches the text
    page.get_by_role("button", name="Grade the text above").click()
    page.wait_for_function(f"() => !({outdated})()", timeout=20_000)
    paste(page, HINDI)  # the page's language changes: the panel follows it
    page.wait_for_function(graded.format("indic-bpe-hi"), timeout=20_000)
    assert "Hindi (as on the page)" in verdict.inner_text()
    shot(page, "tamil-grader", full=True)


def test_picker_filters_as_you_type_and_shows_vocabulary_sizes(page) -> None:
    page.locator("#itl-names summary").click()
    search = page.locator("#itl-picker-search")
    assert search.evaluate("el => el === document.activeElement")
    search.fill("llama")
    shown = page.locator("#itl-names label:visible")
    assert shown.count() == 2
    # the cards' number format: "vocab 128,256", not "128k ids"
    assert "vocab 128,256" in shown.nth(0).inner_text()
    assert re.search(r"vocab 20\d,\d{3}\b", shown.nth(1).inner_text())
    assert page.locator("#itl-names fieldset:visible legend").all_inner_texts() == ["Meta Llama"]
    search.fill("zzz")
    assert page.get_by_text("No tokenizer matches.").is_visible()
    search.fill("llama 4")
    search.press("Enter")  # one left: Enter picks it
    page.keyboard.press("Escape")
    paste(page, HINDI, "llama-4")
    assert count(page, "llama-4") == len(loaded.get("llama-4").encode_ids(HINDI))
    shot(page, "picker-llama")


def test_token_tax_tab_shows_one_language_sorted_with_ours_marked(page) -> None:
    page.get_by_role("tab", name="Token tax").click()
    bars = page.locator("#itl-tax-bars .itl-barrow")
    bars.first.wait_for()
    values = [float(v.rstrip("×")) for v in bars.locator(".itl-barvalue").all_inner_texts()]
    assert len(values) >= 10 and values == sorted(values)
    assert "Hindi" in page.locator("#itl-tax-bars figcaption").inner_text()
    ours = page.locator("#itl-tax-bars .itl-ours")
    assert ours.count() == 1 and "indic-bpe-hi" in ours.inner_text()
    page.locator("#itl-tax-language input").click()
    page.locator("li[role=option][aria-label=Tamil]").click()  # Gradio's dropdown list
    page.wait_for_function(
        "() => document.querySelector('#itl-tax-bars figcaption').textContent.includes('Tamil')"
    )
    assert "indic-bpe-ta" in page.locator("#itl-tax-bars .itl-ours").inner_text()
    shot(page, "token-tax", full=True)


def lab_corpus(size: int) -> str:
    """The first `size` characters of train/hi.txt, cut after a line."""
    text = paths.train_file("hi").read_text(encoding="utf-8")[:size]
    return text[: text.rfind("\n") + 1]


def test_lab_trains_shows_the_card_verdict_slider_and_zip(page, tmp_path) -> None:
    import zipfile

    from tokenizers import Tokenizer

    page.get_by_role("tab", name="Train").click()
    # as a paste: one input event (Playwright's fill types 150,000 characters, ~30 s here)
    page.locator("#itl-lab-text textarea").evaluate(
        "(el, text) => { el.value = text; el.dispatchEvent(new Event('input')); }",
        lab_corpus(150_000),
    )
    page.locator("#itl-lab-vocab input").fill("1000")
    page.locator("#itl-lab-train").click()
    bar = page.wait_for_function(  # the progress bar, read as soon as it is drawn
        "() => { const bar = document.querySelector('#itl-lab-status progress');"
        " return bar && [bar.max, bar.parentElement.textContent]; }",
        timeout=20_000,
        polling="raf",
    ).json_value()
    assert bar[0] == 743 and " of 743 merges" in bar[1]
    page.wait_for_selector("#itl-lab-status .itl-ok", timeout=60_000)
    assert "Trained 1,000 ids (743 merges)" in page.locator("#itl-lab-status").inner_text()
    yours = page.locator(card("yours"))
    yours.wait_for(timeout=20_000)
    assert "vocab 1,000" in yours.inner_text()
    verdict = page.locator("#itl-lab-verdict").inner_text()
    assert "on the held-out share" in verdict and "o200k_base" in verdict
    assert "yours (trained in the Lab), language Hindi (detected in your corpus)" in verdict
    assert verdict.count("PASS") >= 4  # held-out verdict, reference verdict and its checks
    # the slider: all merges, then the seeded alphabet (Hindi's 122 letters, not replayed:
    # no byte pieces), then the first learned merge
    caption = page.locator("#itl-lab-caption")
    assert caption.inner_text().startswith("After merge 743 of 743")
    slider = page.locator("#itl-lab-slider")
    assert slider.get_attribute("min") == "122"
    slider.fill("122")
    letters = page.locator("#itl-lab-tokens .itl-tok").count()
    assert caption.inner_text() == f"After merge 122 of 743: {letters} tokens"
    assert "<E0>" not in page.locator("#itl-lab-tokens").inner_text()
    assert page.locator("#itl-lab-merge").inner_text().startswith("The seeded alphabet")
    slider.fill("743")
    assert page.locator("#itl-lab-tokens .itl-tok").count() < letters / 2
    assert "·" in page.locator("#itl-lab-tokens").inner_text()  # spaces shown as marks
    slider.fill("123")
    assert page.locator("#itl-lab-merge").inner_text().startswith("Merge 123: ")
    rows = page.locator("#itl-lab-merges tbody tr:not(.itl-lab-seeded)")
    assert rows.count() == 743 - 122  # the learned merges, which follow the slider
    assert page.locator("#itl-lab-merges .itl-lab-seeded").inner_text().startswith("1–122")
    slider.fill("500")  # an input and a change event, as when the slider is let go
    current = page.locator("#itl-lab-merges tr.itl-lab-current td")
    assert current.first.inner_text() == "500" and current.count() == 5
    # the zip: its tokenizer.json gives the card's ids
    with page.expect_download() as download:
        page.locator("#itl-lab-zip a").first.click()
    path = tmp_path / "yours.zip"
    download.value.save_as(path)
    with zipfile.ZipFile(path) as zf:
        hf = Tokenizer.from_str(zf.read("transformers/tokenizer.json").decode("utf-8"))
    yours.get_by_role("button", name="ids").click()
    shown = [int(i) for i in yours.locator(".itl-ids").inner_text().split(", ")]
    assert hf.encode(page.locator("#itl-input textarea").input_value()).ids == shown
    shot(page, "lab-trained", full=True)


def test_lab_cancel_stops_a_training_and_keeps_nothing(page) -> None:
    page.get_by_role("tab", name="Train").click()
    page.get_by_label("Our training file", exact=True).check()  # train/hi.txt, 7.5 MB
    page.locator("#itl-lab-train").click()
    page.wait_for_selector("#itl-lab-status progress", timeout=20_000)
    page.locator("#itl-lab-cancel").click()
    status = page.locator("#itl-lab-status")
    page.wait_for_function(
        "() => document.getElementById('itl-lab-status').textContent.includes('cancelled')",
        timeout=20_000,
    )
    page.wait_for_timeout(8_000)  # longer than the training would have taken
    assert "Training cancelled; nothing was kept." in status.inner_text()
    assert page.locator(card("yours")).count() == 0
    assert page.locator("#itl-lab-zip a").count() == 0


def test_lab_refuses_a_binary_upload_with_a_message(page, tmp_path) -> None:
    fake = tmp_path / "photo.txt"
    fake.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    page.get_by_role("tab", name="Train").click()
    page.get_by_label("Uploaded .txt", exact=True).check()
    page.locator("#itl-lab-upload input[type=file]").set_input_files(str(fake))
    page.locator("#itl-lab-upload").get_by_text("photo.txt").wait_for(timeout=20_000)
    page.locator("#itl-lab-train").click()
    message = page.locator("#itl-lab-status .itl-no")
    message.wait_for(timeout=20_000)
    assert message.inner_text() == "photo.txt is not a text file (a NUL byte at offset 8)"


def test_an_uploaded_tokenizer_gets_its_verdict_and_joins_the_cards(
    page, tmp_path, tiny_tokenizer
) -> None:
    path = tiny_tokenizer.save(tmp_path / "tiny <b>&amp;.model")  # the name is hostile text
    page.get_by_role("tab", name="Grader").click()
    page.locator("#itl-upload input[type=file]").set_input_files(str(path))
    page.locator("#itl-upload").get_by_text("tiny").first.wait_for(timeout=20_000)
    page.locator("#itl-upload-go").click()
    verdict = page.locator("#itl-upload-verdict .itl-verdict")
    verdict.wait_for(timeout=60_000)
    name = verdict.inner_text().split(" (")[0].removeprefix("FAIL: ")
    assert verdict.inner_text().startswith("FAIL: ") and "&amp;" in name  # not "&": escaped
    assert verdict.evaluate("el => getComputedStyle(el).borderLeftColor") == "rgb(204, 51, 17)"
    assert page.locator("#itl-upload-verdict b").count() == 0  # shown as text, not markup
    assert page.locator("#itl-upload-verdict .itl-stress tr").count() == 9
    uploaded = f'.itl-card[data-tokenizer="uploaded: {name}"]'
    page.locator(f"{uploaded}[data-token-count]").wait_for(timeout=20_000)
    text = page.locator("#itl-input textarea").input_value()
    expected = len(tiny_tokenizer.encode_ordinary(unicodedata.normalize("NFC", text)))
    assert int(page.locator(uploaded).get_attribute("data-token-count")) == expected
    cards = page.locator(".itl-card").count()  # the picker counts and lists the visitor's own
    assert page.locator(".itl-picker-count").inner_text() == f"({cards})"
    assert page.locator("#itl-own li").first.text_content().startswith(f"uploaded: {name}")
    paste(page, HINDI)  # the card stays for the rest of the session and follows the text
    page.locator(
        f'{uploaded}[data-token-count="{len(tiny_tokenizer.encode_ordinary(HINDI))}"]'
    ).wait_for(timeout=20_000)
    page.locator("#itl-upload-query textarea, #itl-upload-query input").first.fill("300")
    page.locator("#itl-upload-query textarea, #itl-upload-query input").first.press("Enter")
    row = page.locator("#itl-upload-lookup td").first
    row.wait_for(timeout=20_000)
    assert row.inner_text() == "300"  # token lookup in the uploaded tokenizer
    shot(page, "grader-upload", full=True)
