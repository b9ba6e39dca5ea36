"""Issue 23: fair to every visitor, nothing kept that nobody asked for.

Unit tests of the upload meter and the result bounds (the scheduler's and the cache's are in
test_scheduler.py and test_cache.py; no timing is asserted: speed and fairness are measured
by scripts/attack.py), then the served app's closed
surfaces, then the freeze links in Chromium."""

from __future__ import annotations

import http.client
import json
import os
import sys
from pathlib import Path
from urllib.parse import urlsplit

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "scripts"))  # freeze_links

from indictok.app import limits, request


@pytest.mark.app
def test_uploads_are_metered_per_visitor() -> None:
    from indictok.app.urlguard import UploadMeter, count_files

    meter, uploads = UploadMeter(), limits.UPLOADS
    assert count_files(b'name="files"; filename="a"\r\n...filename="b"', b"multipart/form") == 2
    for i in range(uploads.requests_per_minute):
        assert meter.allow("a", 10, now=float(i)) is None
    assert "uploads a minute" in (meter.allow("a", 10, now=20.0) or "")
    assert meter.allow("b", 10, now=20.0) is None  # another visitor
    assert meter.allow("a", 10, now=200.0) is None  # a minute later
    assert "bytes" in (meter.allow("c", uploads.bytes_per_minute + 1, now=0.0) or "")


@pytest.mark.app
def test_visitors_are_told_apart_only_behind_a_private_proxy() -> None:
    from indictok.app.urlguard import visitor_of

    def scope(host: str, forwarded: str = "") -> dict:
        headers = [(b"x-forwarded-for", forwarded.encode())] if forwarded else []
        return {"client": (host, 1), "headers": headers}

    assert visitor_of(scope("127.0.0.1", "198.51.100.1, 10.0.0.9")) == "10.0.0.9"
    assert visitor_of(scope("10.1.2.3", "198.51.100.1")) == "198.51.100.1"
    assert visitor_of(scope("203.0.113.5", "198.51.100.1")) == "203.0.113.5"  # not trusted
    assert visitor_of(scope("127.0.0.1")) == "127.0.0.1"


@pytest.mark.app
def test_unread_results_expire_and_are_bounded_per_visitor_and_in_total() -> None:
    from indictok.app.queueguard import Results, request_cost

    results = Results(queue=None)
    results.owner = {f"s{i}": "one" for i in range(12)} | {"t": "two"}
    now = 1000.0
    found = [(now - 1 + i / 100, 1_000, f"s{i}") for i in range(12)]
    found.append((now - limits.RESULT_TTL_SECONDS - 1, 10, "t"))
    dropped = results.over_bounds(sorted(found), now)
    assert "t" in dropped  # expired
    assert dropped - {"t"} == {f"s{i}" for i in range(12 - limits.RESULTS_PER_VISITOR)}
    huge = [(now + i, limits.RESULT_BYTES_TOTAL // 3 + 1, f"v{i}") for i in range(3)]
    assert results.over_bounds(huge, now) == {"v0"}  # the oldest go first
    assert request_cost(["x" * 1000, ["a", "b", "c"]]) == 3000
    assert request_cost(None) == 1


def _raw(app_url: str, method: str, path: str, body: bytes = b"", headers=None):
    url = urlsplit(app_url)
    connection = http.client.HTTPConnection(url.hostname, url.port, timeout=60)
    connection.request(method, path, body, headers or {})
    answer = connection.getresponse()
    data = answer.read()
    connection.close()
    return answer.status, data


@pytest.mark.app
def test_unused_gradio_surfaces_are_closed(app_url) -> None:

    folder = Path(os.environ["GRADIO_TEMP_DIR"]) / "deep_links"
    assert _raw(app_url, "GET", "/gradio_api/deep_link?session_hash=abc")[0] == 404
    assert _raw(app_url, "GET", "/?deep_link=0123456789abcdef")[0] == 400
    assert _raw(app_url, "GET", "/?page=x")[0] == 400
    assert not folder.exists() or not any(folder.iterdir())
    join = {"data": [], "fn_index": 9999, "session_hash": "abc"}
    status, said = _raw(
        app_url,
        "POST",
        "/gradio_api/queue/join",
        json.dumps(join).encode(),
        {"Content-Type": "application/json"},
    )
    assert status == 400 and b"Malformed request" in said
    assert (
        _raw(
            app_url,
            "POST",
            "/gradio_api/call/nonexistent",
            b'{"data": []}',
            {"Content-Type": "application/json"},
        )[0]
        == 400
    )


@pytest.mark.app
def test_uploads_are_bounded_in_files_per_request(app_url) -> None:
    def body(files: int) -> bytes:
        part = (
            b'--b\r\nContent-Disposition: form-data; name="files"; filename="f.txt"\r\n'
            b"Content-Type: text/plain\r\n\r\nhello\r\n"
        )
        return part * files + b"--b--\r\n"

    headers = {"Content-Type": "multipart/form-data; boundary=b", "X-Forwarded-For": "10.9.9.9"}
    assert _raw(app_url, "POST", "/gradio_api/upload", body(1), headers)[0] == 200
    status, said = _raw(app_url, "POST", "/gradio_api/upload", body(2), headers)
    assert status == 413 and b"At most 1 file" in said


@pytest.mark.store
@pytest.mark.parametrize(
    ("name", "query", "expected"),
    [
        ("cl100k_base", "100256", "is not valid for cl100k_base"),
        ("o200k_base", "199998", "except 199998"),
        ("gpt2", "50257", "from 0 to 50,256"),
        ("gpt2", "a\ud800", "unpaired surrogate U+D800"),
    ],
)
def test_token_lookup_of_unused_ids_and_bad_text_is_a_message(name, query, expected) -> None:
    from indictok.app import lookup

    html = lookup.as_html(name, query)
    assert 'class="itl-error"' in html and expected in html


def _freeze_links() -> dict:
    from freeze_links import LINKS

    return {k: v for k, v in LINKS.items() if k.startswith("100k")}


@pytest.mark.browser
@pytest.mark.parametrize("name", list(_freeze_links()))
def test_a_freeze_link_opens_and_the_page_answers_input(browser, app_url, name) -> None:
    from freeze_links import link, time_to_responsive

    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    ready, answered = time_to_responsive(page, link(app_url, _freeze_links()[name]), 120)
    assert answered - ready < 2.0, f"input answered {answered - ready:.1f} s after the cards"
    assert errors == []
    context.close()


@pytest.mark.browser
def test_pathological_text_is_cut_with_a_tooltip_and_shown_read_only(browser, app_url) -> None:
    from freeze_links import link

    from indictok.app.permalink import AppState

    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    page.goto(link(app_url, AppState("क" + "\u0301" * 5_000, names=["gpt2"])))
    unit = page.locator('.itl-card[data-tokenizer="gpt2"] [data-cut]').first
    unit.wait_for(timeout=60_000)
    assert unit.locator(".itl-piece").count() > 10
    unit.hover()
    assert "isolated pieces" in (unit.get_attribute("title") or "")
    assert page.locator("#itl-preview").is_visible()
    assert not page.locator("#itl-input textarea").is_visible()
    page.get_by_role("button", name="Clear").click()
    assert page.locator("#itl-input textarea").is_visible()
    context.close()


@pytest.mark.browser
def test_the_page_counts_code_points_like_the_server(browser, app_url) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    page.goto(f"{app_url}?k=gpt2")
    page.wait_for_selector(".itl-card[data-token-count]", timeout=60_000)
    text = "😀" * 10 + "a b " * 24_996 + "a"  # 99,995 code points, 100,005 UTF-16 units
    page.locator("#itl-input textarea").fill(text)
    from indictok import loaded

    tokens = len(loaded.get("gpt2").encode_ids(text))
    page.wait_for_selector(
        f'.itl-card[data-tokenizer="gpt2"][data-token-count="{tokens}"]', timeout=60_000
    )
    assert "99,995 characters" in page.locator(".itl-textinfo").inner_text()
    page.locator("#itl-input textarea").fill("😀" + "a" * 100_000)
    page.wait_for_selector("#itl-status .itl-error")
    said = page.locator("#itl-status").inner_text()
    assert request.too_long("the text", 100_001)[4:] in said
    context.close()
