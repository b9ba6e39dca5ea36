"""The load and memory cases for scripts/attack.py: fairness under heavy load, results
nobody fetches, Gradio surfaces the app does not use, bounded uploads, and the links that
froze the page.

Each function takes the app's base URL (and the attack context) and returns the table cell.
Visitors are told apart as the app does behind the Space's proxy: by X-Forwarded-For, which
the app trusts only from a private address (127.0.0.1 here).
"""

from __future__ import annotations

import http.client
import json
import statistics
import threading
import time
import urllib.parse
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from attack import SEVEN, TIMEOUT, Answer, _read, event_data, hindi, request

LIGHT_CHARS = 200
HEAVY_CHARS = 100_000
SAMPLES = 15  # light requests per measurement
RESULT_TTL = 20.0  # indictok.app.limits.RESULT_TTL_SECONDS
DRAIN = 30.0  # after the last post: its work finishes, then its result expires


def _json(base: str, path: str, data: Any, visitor: str = "") -> Answer:
    """POST JSON at once (attack.request waits 0.5 s for an early refusal first)."""
    body = json.dumps(data).encode("utf-8")  # ASCII escapes: a lone surrogate goes as \ud800
    headers = {"Content-Type": "application/json", "Content-Length": str(len(body))}
    if visitor:
        headers["X-Forwarded-For"] = visitor
    parts = urllib.parse.urlsplit(base)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=TIMEOUT)
    try:
        conn.request("POST", path, body, headers)
        response = conn.getresponse()
        return Answer(response.status, *_read(response))
    except (OSError, http.client.HTTPException) as e:
        return Answer(0, f"{type(e).__name__}: {e}".encode(), 0)
    finally:
        conn.close()


def post_call(base: str, endpoint: str, data: list[Any], visitor: str = "") -> tuple[int, str]:
    """POST /gradio_api/call/<endpoint>: (status, event id or message)."""
    answer = _json(base, f"/gradio_api/call/{endpoint}", {"data": data}, visitor)
    if answer.status != 200:
        return answer.status, answer.head.decode("utf-8", "replace")[:200]
    return 200, json.loads(answer.head)["event_id"]


def api_call(base: str, endpoint: str, data: list[Any], visitor: str = "") -> tuple[int, Any]:
    status, event = post_call(base, endpoint, data, visitor)
    if status != 200:
        return status, event
    return 200, event_data(request(f"{base}gradio_api/call/{endpoint}/{event}"))


_component: dict[str, int] = {}


def workbench_id(base: str) -> int:
    if base not in _component:
        config = json.loads(request_all(f"{base}config"))
        found = [
            c["id"]
            for c in config["components"]
            if c.get("props", {}).get("elem_id") == "itl-workbench"
        ]
        _component[base] = found[0]
    return _component[base]


def page_call(base: str, text: str, names: list[str], visitor: str = "") -> tuple[int, Any]:
    """The page's own call (a Gradio server function), as the browser sends it."""
    body = {
        "data": {"text": text, "tokenizers": names, "language": "auto", "english": ""},
        "component_id": workbench_id(base),
        "session_hash": f"page{visitor or 'light'}",
        "fn_name": "tokenize",
    }
    answer = _json(base, "/gradio_api/component_server", body, visitor)
    return answer.status, answer.head[:200]


def sources() -> tuple[str, list[str]]:
    """A long Hindi text, and 200-character slices of it (different each time: no cache)."""
    text = hindi(HEAVY_CHARS * 3)
    return text, [text[i : i + LIGHT_CHARS] for i in range(0, 200_000, 997)]


def light_latencies(base: str, slices: list[str], start: int) -> dict[str, list[float]]:
    """SAMPLES light requests through the page and through the API, one after another."""
    times: dict[str, list[float]] = {"page": [], "api": [], "failed": []}
    for i in range(SAMPLES):
        for route in ("page", "api"):
            text = slices[(start + 2 * i + (route == "api")) % len(slices)]
            began = time.perf_counter()
            if route == "page":
                status, _ = page_call(base, text, list(SEVEN[:5]))
            else:
                status, _ = api_call(
                    base, "compare", [text, list(SEVEN[:5]), "characters", False, "", "auto"]
                )
            times[route].append(time.perf_counter() - began)
            if status != 200:
                times["failed"].append(float(status))
    return times


def heavy_client(
    base: str, n: int, text: str, stop: threading.Event, tally: dict[str, int]
) -> None:
    """Visitor n: 100k characters × 7 tokenizers, over and over (odd n: the page's call)."""
    visitor, round_ = f"10.0.0.{n + 1}", 0
    while not stop.is_set():
        offset = (n * 7919 + round_ * 104_729) % (len(text) - HEAVY_CHARS)
        chunk = text[offset : offset + HEAVY_CHARS]
        if n % 2:
            status, _ = page_call(base, chunk, SEVEN, visitor)
        else:
            status, _ = api_call(base, "token_ids", [chunk, SEVEN], visitor)
        tally[str(status)] = tally.get(str(status), 0) + 1
        round_ += 1


def p50_ms(values: list[float]) -> float:
    return 1000 * statistics.median(values)


def fairness(base: str, temp_dir: str | None = None, clients: int = 10) -> str:
    text, slices = sources()
    idle = light_latencies(base, slices, 0)
    stop, tally = threading.Event(), {}
    with ThreadPoolExecutor(clients) as pool:
        for n in range(clients):
            pool.submit(heavy_client, base, n, text, stop, tally)
        time.sleep(5)  # the heavy visitors' queue fills
        loaded = light_latencies(base, slices, 1)
        stop.set()
    parts = []
    for route in ("page", "api"):
        a, b = p50_ms(idle[route]), p50_ms(loaded[route])
        p95 = 1000 * sorted(loaded[route])[int(0.95 * len(loaded[route]))]
        parts.append(f"{route} p50 {a:.0f} → {b:.0f} ms (**{b / a:.1f}×**, p95 {p95:.0f} ms)")
    refused = len(loaded["failed"]) + len(idle["failed"])
    heavy = ", ".join(f"{k}: {v}" for k, v in sorted(tally.items()))
    return f"{'; '.join(parts)}; light refused/503: {refused}; heavy answers {heavy}"


def unread_burst(base: str, visitors: int, each: int) -> str:
    """`visitors` × `each` large /token_ids calls whose results are never fetched; a light
    visitor checks the app meanwhile; afterwards the results are left to expire."""
    text, slices = sources()
    accepted, refused = [0], {}

    def one(v: int) -> None:
        for k in range(each):
            offset = (v * 31 + k * 7) * 1000 % (len(text) - HEAVY_CHARS)
            for _ in range(200):  # a client that retries when told to wait
                status, _ = post_call(
                    base,
                    "token_ids",
                    [text[offset : offset + HEAVY_CHARS], SEVEN],
                    f"10.1.0.{v + 1}",
                )
                if status == 200:
                    accepted[0] += 1
                    break
                refused[status] = refused.get(status, 0) + 1
                time.sleep(0.25)

    with ThreadPoolExecutor(each if visitors == 1 else visitors) as pool:
        if visitors == 1:  # one burst, sent at once, no retry
            jobs = [
                pool.submit(_single_post, base, text, k, accepted, refused) for k in range(each)
            ]
        else:
            jobs = [pool.submit(one, v) for v in range(visitors)]
        light = light_latencies(base, slices, 3)
        for job in jobs:
            job.result()
    time.sleep(DRAIN + RESULT_TTL)  # the last results are computed, then expire
    said = ", ".join(f"{k}: {v}" for k, v in sorted(refused.items())) or "none"
    return (
        f"{accepted[0]} accepted, refused {said}; meanwhile light page p50 "
        f"{p50_ms(light['page']):.0f} ms, API p50 {p50_ms(light['api']):.0f} ms, "
        f"light refused/503: {len(light['failed'])}; "
        f"RSS 'after' = {DRAIN + RESULT_TTL:.0f} s after the last post"
    )


def _single_post(base: str, text: str, k: int, accepted: list[int], refused: dict) -> None:
    offset = k * 1000 % (len(text) - HEAVY_CHARS)
    status, _ = post_call(base, "token_ids", [text[offset : offset + HEAVY_CHARS], SEVEN])
    if status == 200:
        accepted[0] += 1
    else:
        refused[status] = refused.get(status, 0) + 1


def deep_link(base: str, temp_dir: str | None) -> str:
    """The deep-link route and parameter, 200 times with a session that has 2 MB of input."""
    folder = Path(temp_dir) / "deep_links" if temp_dir else None
    session = "deeplinkattack"
    config = json.loads(request_all(f"{base}config"))
    index = next(d["id"] for d in config["dependencies"] if d.get("api_name") == "token_ids")
    _json(
        base,
        "/gradio_api/queue/join",
        {"data": ["x" * 200_000, ["gpt2"]], "fn_index": index, "session_hash": session},
    )
    time.sleep(2)
    statuses: dict[int, int] = {}
    for _ in range(200):
        s = request(f"{base}gradio_api/deep_link?session_hash={session}").status
        statuses[s] = statuses.get(s, 0) + 1
    page = request(f"{base}?deep_link=0123456789abcdef").status
    files = list(folder.rglob("*")) if folder and folder.exists() else []
    written = sum(p.stat().st_size for p in files if p.is_file())
    status_text = ", ".join(f"{k} ×{v}" for k, v in statuses.items())
    where = f"**{written:,} bytes** written under deep_links/" if folder else "disk not measured"
    return f"route: {status_text}; /?deep_link=…: {page}; {where}"


def gradio_surfaces(base: str, temp_dir: str | None = None) -> str:
    checks = {
        "/?page=x": request(f"{base}?page=x").status,
        "/config?page=x": request(f"{base}config?page=x").status,
        "fn_index 9999": _json(
            base, "/gradio_api/queue/join", {"data": [], "fn_index": 9999, "session_hash": "s1"}
        ).status,
        "call/nonexistent": _json(base, "/gradio_api/call/nonexistent", {"data": []}).status,
        'session_hash {"a":1}': _json(
            base, "/gradio_api/queue/join", {"data": [], "fn_index": 9, "session_hash": {"a": 1}}
        ).status,
    }
    return "; ".join(f"{k}: {v}" for k, v in checks.items())


def multipart(files: int, size: int) -> tuple[bytes, dict[str, str]]:
    boundary = "attackboundary"
    parts = b"".join(
        f'--{boundary}\r\nContent-Disposition: form-data; name="files"; filename="f{i}.txt"\r\n'
        f"Content-Type: text/plain\r\n\r\n".encode()
        + b"x" * size
        + b"\r\n"
        for i in range(files)
    )
    body = parts + f"--{boundary}--\r\n".encode()
    return body, {"Content-Type": f"multipart/form-data; boundary={boundary}"}


def uploads(base: str, temp_dir: str | None = None) -> str:
    body, headers = multipart(1000, 10)
    many = request(f"{base}gradio_api/upload", body, headers).status
    statuses: dict[int, int] = {}
    body, headers = multipart(1, 900_000)
    for _ in range(20):
        visitor = {**headers, "X-Forwarded-For": "10.2.0.1"}
        s = request(f"{base}gradio_api/upload", body, visitor).status
        statuses[s] = statuses.get(s, 0) + 1
    rate = ", ".join(f"{k} ×{v}" for k, v in statuses.items())
    return f"1,000 files in one request: {many}; 20 × 0.9 MB from one visitor at once: {rate}"


def echoed(base: str, temp_dir: str | None = None) -> str:
    _, data = api_call(
        base, "compare", ["नमस्ते", ["gpt2"], "characters", False, "", "x" * 1_900_000]
    )
    message = json.dumps(data, ensure_ascii=False)
    return f"language = 1.9 MB string: message of {len(message):,} characters"


def lookup_unused(base: str, temp_dir: str | None = None) -> str:
    """Token lookup (the page's event) of unused ids and a lone surrogate."""
    config = json.loads(request_all(f"{base}config"))
    target = next(
        c["id"] for c in config["components"] if c.get("props", {}).get("elem_id") == "itl-lookup"
    )
    index = next(
        d["id"]
        for d in config["dependencies"]
        if d["outputs"] == [target] and d["targets"][0][1] == "submit"
    )
    said = []
    for name, query in (("cl100k_base", "100256"), ("o200k_base", "199998"), ("gpt2", "a\ud800")):
        session = f"lookup{len(said)}"
        _json(
            base,
            "/gradio_api/queue/join",
            {"data": [name, query], "fn_index": index, "session_hash": session},
        )
        stream = request(f"{base}gradio_api/queue/data?session_hash={session}").head
        text = stream.decode("utf-8", "replace")
        found = "itl-error" in text and "Traceback" not in text and "KeyError" not in text
        said.append(f"{name} {query!r}: {'message' if found else 'NO MESSAGE'}")
    return "; ".join(said)


def request_all(url: str) -> bytes:
    import urllib.request

    with urllib.request.urlopen(url, timeout=60) as response:
        return bytes(response.read())


def code_points(base: str, temp_dir: str | None = None) -> str:
    text = "😀" * 99_995  # 99,995 code points, 199,990 UTF-16 units
    _, data = api_call(base, "compare", [text, ["gpt2"], "characters", False, "", "auto"])
    over = api_call(base, "token_ids", ["😀" * 100_001, ["gpt2"]])[1]
    ok = isinstance(data, list) and "metrics" in data[0]
    refused = json.dumps(over, ensure_ascii=False)[:150]
    return f"99,995 emoji: {'accepted' if ok else data}; 100,001: {refused}"


def freeze_links(base: str, temp_dir: str | None = None) -> str:
    from freeze_links import measure

    results = measure(base)
    return "; ".join(
        f"{name}: cards {a:.1f} s, input answered {b:.1f} s" for name, (a, b) in results.items()
    )


LOAD_CASES: list[tuple[str, Callable[..., str]]] = [
    ("fairness: 200 chars (5 tokenizers) idle vs 10 visitors sending 100k × 7", fairness),
    (
        "unread results: one visitor posts 70 × /token_ids 100k × 7 at once",
        lambda b, t: unread_burst(b, 1, 70),
    ),
    (
        "unread results: 10 visitors × 7 /token_ids 100k × 7, never fetched",
        lambda b, t: unread_burst(b, 10, 7),
    ),
    ("deep link: 200 × /gradio_api/deep_link of a 200 KB session; /?deep_link=", deep_link),
    ("Gradio surfaces: page, bad fn_index, API name, session hash", gradio_surfaces),
    ("uploads: count per request, size and rate per visitor", uploads),
    ("echo: a 1.9 MB invalid value", echoed),
    ("token lookup: unused ids, lone surrogate", lookup_unused),
    ("length unit: code points on page and server", code_points),
    ("freeze links in Chromium (1280×800): time to responsive", freeze_links),
]
