"""Load test: many gradio_client visitors at once against the app served on localhost.

    python scripts/load_test.py [--clients 20] [--requests 50] [--write-docs]

Each client sends a mix of small, medium and large texts with a random set of tokenizers
to `/token_ids`, and every answer is compared with a direct call to the libraries. Meanwhile
one extra client keeps pasting 100,000-character texts, to show that a huge paste does not
starve the small requests (the queue runs 4 events at a time: `default_concurrency_limit=4`).
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import subprocess
import sys
import threading
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from gradio_client import Client

from indictok import catalog, loaded
from indictok.tools import corpus

ROOT = Path(__file__).resolve().parent.parent


def sample_texts() -> dict[str, list[str]]:
    lines = corpus.read_lines(corpus.eval_file("flores200_devtest", "hi"))
    joined = "\n".join(lines)
    return {
        "small (≤200 chars)": [line[:200] for line in lines[:200]],
        "medium (2,000 chars)": [joined[i : i + 2000] for i in range(0, 60_000, 2000)],
        "large (10,000 chars)": [joined[i : i + 10_000] for i in range(0, 100_000, 10_000)],
    }


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def run_client(url: str, seed: int, requests: int, texts, results, lock) -> None:
    rng = random.Random(seed)
    client = Client(url, verbose=False)
    for _ in range(requests):
        kind = rng.choice(list(texts))
        text = rng.choice(texts[kind])
        names = rng.sample(catalog.list_names(), rng.randint(1, 4))
        start = time.perf_counter()
        try:
            ids = client.predict(text, names, api_name="/token_ids")
            correct = all(ids[n] == loaded.get(n).encode_ids(text) for n in names)
        except Exception as e:  # noqa: BLE001 -- a failed answer is counted, not hidden
            correct = False
            print("error:", e, file=sys.stderr)
        with lock:
            results.append((kind, time.perf_counter() - start, correct))
    client.close()


def run_huge_pastes(url: str, stop: threading.Event, latencies: list[float]) -> None:
    client = Client(url, verbose=False)
    lines = corpus.read_lines(corpus.eval_file("wikipedia", "hi"))
    huge = "\n".join(lines)[:100_000]
    while not stop.is_set():
        start = time.perf_counter()
        names = list(catalog.COMPARISON_NAMES)[:7]
        client.predict(huge, names, "characters", False, "", api_name="/compare")
        latencies.append(time.perf_counter() - start)
    client.close()


def wait_until_up(url: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url, timeout=2)
            return
        except OSError:
            time.sleep(0.5)
    raise SystemExit(f"the app did not start at {url}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--requests", type=int, default=50)
    parser.add_argument(
        "--write-docs", action="store_true", help="also write the table into docs/limits.md"
    )
    args = parser.parse_args()

    port = 7871
    server = subprocess.Popen(
        [sys.executable, "app.py"],
        cwd=ROOT,
        env={**os.environ, "GRADIO_SERVER_PORT": str(port)},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}/"
    wait_until_up(url)
    texts = sample_texts()
    results: list[tuple[str, float, bool]] = []
    huge: list[float] = []
    lock, stop = threading.Lock(), threading.Event()
    paster = threading.Thread(target=run_huge_pastes, args=(url, stop, huge))
    started = time.perf_counter()
    paster.start()
    with ThreadPoolExecutor(args.clients) as pool:
        for seed in range(args.clients):
            pool.submit(run_client, url, seed, args.requests, texts, results, lock)
    elapsed = time.perf_counter() - started
    stop.set()
    paster.join()
    server.terminate()

    total = args.clients * args.requests
    lines = [
        (
            f"Load test: {args.clients} concurrent gradio_client visitors × {args.requests} "
            "requests to `/token_ids` (1–4 random tokenizers each), plus one visitor pasting "
            f"100,000 characters to `/compare` (the first 7 comparison "
            "tokenizers) over and over; the app runs "
            "in its own process (`python app.py`), on the same 2-core machine; one run."
        ),
        "",
        (
            f"- answers: {len(results)} of {total}; correct (equal to direct library calls): "
            f"**{sum(ok for *_, ok in results)}**; lost: {total - len(results)}"
        ),
        f"- throughput: **{len(results) / elapsed:.1f} requests/s** over {elapsed:.1f} s",
        "",
        "| request size | n | p50 ms | p95 ms | p99 ms |",
        "|---|---:|---:|---:|---:|",
    ]
    for kind in [*texts, "all"]:
        times = [t * 1000 for k, t, _ in results if kind in ("all", k)]
        if times:
            lines.append(
                f"| {kind} | {len(times)} | {statistics.median(times):.0f} "
                f"| {percentile(times, 0.95):.0f} | {percentile(times, 0.99):.0f} |"
            )
    if huge:
        lines.append(
            f"| 100,000-char paste, all 7 tokenizers (concurrently) | {len(huge)} "
            f"| {statistics.median(huge) * 1000:.0f} | {percentile(huge, 0.95) * 1000:.0f} "
            f"| {max(huge) * 1000:.0f} |"
        )
    print("\n".join(lines))
    if args.write_docs:
        from indictok.tools.report import write_block

        write_block("\n".join(lines), "load", "python scripts/load_test.py --write-docs")


if __name__ == "__main__":
    main()
