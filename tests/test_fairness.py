"""Issue 23: fair to every visitor, nothing kept that nobody asked for.

Unit tests of the scheduler, the cache, the upload meter and the result bounds (no timing is
asserted: speed and fairness are measured by scripts/attack.py), then the served app's closed
surfaces, then the freeze links in Chromium."""

from __future__ import annotations

import http.client
import json
import os
import sys
import threading
from pathlib import Path
from urllib.parse import urlsplit

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "scripts"))  # freeze_links

from indictok.app import limits
from indictok.app.limits import AnswerCache, InputError, Scheduler, echo, message


def _hold(scheduler: Scheduler, work: int, release: threading.Event) -> threading.Event:
    """A thread holding one worker with `work` until `release`; returns 'it started'."""
    started = threading.Event()

    def run() -> None:
        with scheduler.slot(work):
            started.set()
            release.wait(30)

    threading.Thread(target=run, daemon=True).start()
    assert started.wait(30)
    return started


@pytest.mark.fast
def test_large_work_never_takes_the_last_worker() -> None:
    scheduler, release = Scheduler(workers=2, heavy_workers=1), threading.Event()
    _hold(scheduler, limits.LIGHT_COST + 1, release)
    with pytest.raises(InputError, match="busy"):  # a second large request must wait
        with scheduler.slot(limits.LIGHT_COST + 1, timeout=0.05):
            pass
    with scheduler.slot(200):  # a light one gets the worker kept free
        assert scheduler.running == 2 and scheduler.heavy_running == 1
    release.set()


@pytest.mark.fast
def test_light_work_goes_before_large_work_that_waits() -> None:
    scheduler, release = Scheduler(workers=1, heavy_workers=1), threading.Event()
    _hold(scheduler, 10, release)
    order: list[str] = []

    def ask(name: str, work: int) -> None:
        with scheduler.slot(work):
            order.append(name)

    heavy = threading.Thread(target=ask, args=("heavy", limits.LIGHT_COST * 5))
    heavy.start()
    while not scheduler._waiting:  # the large request is queued first
        threading.Event().wait(0.01)
    light = threading.Thread(target=ask, args=("light", 200))
    light.start()
    while len(scheduler._waiting) < 2:
        threading.Event().wait(0.01)
    release.set()
    heavy.join(30)
    light.join(30)
    assert order == ["light", "heavy"]


@pytest.mark.fast
def test_one_visitor_may_have_only_a_few_large_requests() -> None:
    scheduler, release = Scheduler(workers=4, heavy_workers=3), threading.Event()
    token = limits.VISITOR.set("203.0.113.7")
    try:
        for _ in range(limits.HEAVY_PER_VISITOR):
            threading.Thread(
                target=lambda: _run_as("203.0.113.7", scheduler, release), daemon=True
            ).start()
        while sum(scheduler.heavy_by_visitor.values()) < limits.HEAVY_PER_VISITOR:
            threading.Event().wait(0.01)
        with pytest.raises(InputError, match="large texts being tokenized"):
            with scheduler.slot(limits.LIGHT_COST + 1):
                pass
        with scheduler.slot(100):  # light work is never capped
            pass
    finally:
        limits.VISITOR.reset(token)
        release.set()


def _run_as(visitor: str, scheduler: Scheduler, release: threading.Event) -> None:
    limits.VISITOR.set(visitor)
    with scheduler.slot(limits.LIGHT_COST + 1):
        release.wait(30)


@pytest.mark.fast
def test_the_answer_cache_is_bounded_in_entries_and_bytes() -> None:
    cache, made = AnswerCache(entries=3, size=100), []

    def make(key: str) -> str:
        made.append(key)
        return key * 10

    for key in "abcd":
        cache.get_or_make(key, lambda k=key: make(k), len)
    cache.get_or_make("d", lambda: make("d"), len)  # identical: from the cache
    assert made == ["a", "b", "c", "d"] and len(cache._data) == 3 and cache.bytes == 30
    cache.get_or_make("big", lambda: "x" * 90, len)  # over a quarter of the bytes: not kept
    assert "big" not in cache._data


@pytest.mark.fast
def test_echoed_values_and_messages_are_cut() -> None:
    assert echo("xx") == "'xx'"
    shown = echo("y" * 1_900_000)
    assert len(shown) < 300 and "1,900,002 characters" in shown
    assert len(message(InputError("z" * 100_000))) <= limits.MAX_MESSAGE_CHARS + 1


@pytest.mark.fast
def test_the_length_message_counts_code_points() -> None:
    with pytest.raises(InputError) as refused:
        limits.check_text("😀" * 100_001)
    assert str(refused.value) == limits.too_long("the text", 100_001)
    assert "(Unicode code points)" in str(refused.value)
    assert limits.check_text("😀" * 99_995)  # 199,990 UTF-16 units: accepted


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
    import os

    folder = Path(os.environ["GRADIO_TEMP_DIR"]) / "deep_links"
    assert _raw(app_url, "GET", "/gradio_api/deep_link?session_hash=abc")[0] == 404
    assert _raw(app_url, "GET", "/?deep_link=0123456789abcdef")[0] == 400
    assert _raw(app_url, "GET", "/?page=x")[0] == 400
    assert not folder.exists() or not any(folder.iterdir())
    join = {"data": [], "fn_index": 9999, "session_hash": "abc"}
    status, said = _raw(app_url, "POST", "/gradio_api/queue/join", json.dumps(join).encode(),
                        {"Content-Type": "application/json"})  # fmt: skip
    assert status == 400 and b"Malformed request" in said
    assert _raw(app_url, "POST", "/gradio_api/call/nonexistent", b'{"data": []}',
                {"Content-Type": "application/json"})[0] == 400  # fmt: skip


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
    [("cl100k_base", "100256", "is not valid for cl100k_base"),
     ("o200k_base", "199998", "except 199998"),
     ("gpt2", "50257", "from 0 to 50,256"),
     ("gpt2", "a\ud800", "unpaired surrogate U+D800")],
)  # fmt: skip
def test_token_lookup_of_unused_ids_and_bad_text_is_a_message(name, query, expected) -> None:
    from indictok.app import lookup

    html = lookup.as_html(name, query)
    assert 'class="itl-error"' in html and expected in html


@pytest.fixture(scope="module")
def chromium():
    from playwright.sync_api import sync_playwright

    from indictok.tools.browser import CHROMIUM_ARGS, find_chromium, require_chromium

    if find_chromium() is None and os.environ.get("INDICTOK_REQUIRE_BROWSER") != "1":
        pytest.skip(
            "no Chromium: set CHROMIUM or install chromium (INDICTOK_REQUIRE_BROWSER=1 fails)"
        )
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=require_chromium(), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def _freeze_links() -> dict:
    from freeze_links import LINKS

    return {k: v for k, v in LINKS.items() if k.startswith("100k")}


@pytest.mark.browser
@pytest.mark.parametrize("name", list(_freeze_links()))
def test_a_freeze_link_opens_and_the_page_answers_input(chromium, app_url, name) -> None:
    from freeze_links import link, time_to_responsive

    context = chromium.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    ready, answered = time_to_responsive(page, link(app_url, _freeze_links()[name]), 120)
    assert answered - ready < 2.0, f"input answered {answered - ready:.1f} s after the cards"
    assert errors == []
    context.close()


@pytest.mark.browser
def test_pathological_text_is_cut_with_a_tooltip_and_shown_read_only(chromium, app_url) -> None:
    from freeze_links import link

    from indictok.app.permalink import AppState

    context = chromium.new_context(viewport={"width": 1280, "height": 800})
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
def test_the_page_counts_code_points_like_the_server(chromium, app_url) -> None:
    context = chromium.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    page.goto(f"{app_url}?k=gpt2")
    page.wait_for_selector(".itl-card[data-token-count]", timeout=60_000)
    text = "😀" * 10 + "a b " * 24_996 + "a"  # 99,995 code points, 100,005 UTF-16 units
    page.locator("#itl-input textarea").fill(text)
    from indictok import loaded

    tokens = len(loaded.get("gpt2").encode_ids(text))
    page.wait_for_selector(f'.itl-card[data-tokenizer="gpt2"][data-token-count="{tokens}"]',
                           timeout=60_000)  # fmt: skip
    assert "99,995 characters" in page.locator(".itl-textinfo").inner_text()
    page.locator("#itl-input textarea").fill("😀" + "a" * 100_000)
    page.wait_for_selector("#itl-status .itl-error")
    said = page.locator("#itl-status").inner_text()
    assert limits.too_long("the text", 100_001)[4:] in said
    context.close()
