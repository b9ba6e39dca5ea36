"""Replay the attacks on the app on this machine (docs/limits.md), and print what each got.

    python scripts/attack.py                       # starts `python app.py` on a free port
    python scripts/attack.py --url http://127.0.0.1:7860/ [--pid 1234]   # a running app
    python scripts/attack.py --only decode --write-docs

Loopback only: any URL whose host is not 127.0.0.1, ::1 or localhost is refused. Bounded:
each answer is read in chunks and only its first bytes are kept (its size is counted), every
request has a timeout, and the biggest request body is the 21 MB refused one.

Every case goes through the HTTP API as any visitor could send it (`/gradio_api/call/<name>`,
then the event stream of its answer), or as a raw GET/POST. For each case the table shows a
short answer, the wall time, and the server's resident memory after the case and at its peak
during the case (sampled from /proc/<pid>/status every 20 ms; needs the server's pid: known
when this script starts the app, else pass --pid).
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import select
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from indictok import catalog
from indictok.tools import corpus

ROOT = Path(__file__).resolve().parent.parent

LOOPBACK = {"127.0.0.1", "::1", "localhost"}
KEEP_BYTES = 4096  # of each answer; the rest is counted, not kept
TIMEOUT = 300.0
SETTLE_SECONDS = 12.0  # attack_load.py's cases: "after" is read this long after the case ends


# ---------------------------------------------------------------------------------------
# HTTP, bounded


@dataclass
class Answer:
    status: int
    head: bytes  # the first KEEP_BYTES
    size: int  # bytes in all


def _read(response: Any) -> tuple[bytes, int]:
    head, size = b"", 0
    while chunk := response.read(65536):
        size += len(chunk)
        if len(head) < KEEP_BYTES:
            head += chunk[: KEEP_BYTES - len(head)]
    return head, size


def request(url: str, data: bytes | None = None, headers: dict[str, str] | None = None) -> Answer:
    """GET (or POST `data`) and read the answer; a server may answer a big body before it has
    read it (413), so the headers go first and the body only if no answer came."""
    parts = urllib.parse.urlsplit(url)
    path = parts.path + (f"?{parts.query}" if parts.query else "")
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=TIMEOUT)
    try:
        conn.putrequest("POST" if data is not None else "GET", path, skip_accept_encoding=True)
        for key, value in {**(headers or {}), "Content-Length": str(len(data or b""))}.items():
            conn.putheader(key, value)
        conn.endheaders()
        if data and not select.select([conn.sock], [], [], 0.5)[0]:
            conn.sock.sendall(data)
        response = conn.getresponse()
        return Answer(response.status, *_read(response))
    except (OSError, http.client.HTTPException) as e:  # reset connection, timeout
        return Answer(0, f"{type(e).__name__}: {e}".encode(), 0)
    finally:
        conn.close()


def call_api(base: str, endpoint: str, data: Any) -> Answer:
    """POST /gradio_api/call/<endpoint>, then read its event stream."""
    body = json.dumps({"data": data}, ensure_ascii=False).encode("utf-8")
    posted = request(
        f"{base}gradio_api/call/{endpoint}", body, {"Content-Type": "application/json"}
    )
    if posted.status != 200:
        return posted
    event = json.loads(posted.head)["event_id"]
    return request(f"{base}gradio_api/call/{endpoint}/{event}")


def upload(base: str, path: str, data: bytes) -> Answer:
    boundary = "attackboundary"
    body = (
        (
            f'--{boundary}\r\nContent-Disposition: form-data; name="files"; filename="big.bin"\r\n'
            "Content-Type: application/octet-stream\r\n\r\n"
        ).encode()
        + data
        + f"\r\n--{boundary}--\r\n".encode()
    )
    headers = {"Content-Type": f"multipart/form-data; boundary={boundary}"}
    return request(base.rstrip("/") + path, body, headers)


def event_data(answer: Answer) -> Any:
    """The data of the last event of an answer's event stream (None if unreadable)."""
    blocks = [b for b in answer.head.decode("utf-8", "replace").split("\n\n") if b.strip()]
    lines = [line for line in (blocks[-1].splitlines() if blocks else []) if ": " in line]
    fields = dict(line.split(": ", 1) for line in lines)
    try:
        return json.loads(fields.get("data", ""))
    except ValueError:
        return None


def formula_cells(base: str, answer: Answer) -> str:
    """How many cells of the exported tokens CSV a spreadsheet would evaluate."""
    import csv
    import io

    data = event_data(answer)
    files = data[0] if isinstance(data, list) and data and isinstance(data[0], list) else data
    files = files if isinstance(files, list) else []
    paths = [f.get("url") or f.get("path", "") if isinstance(f, dict) else str(f) for f in files]
    path = next((p for p in paths if p.endswith(".csv")), "")
    if not path:
        return "no CSV in the answer: " + short(answer)
    url = path if "://" in path else f"{base}gradio_api/file={path}"
    check_loopback(url)
    fetched, note = request(url), ""
    if fetched.status != 200 and Path(path).is_file():  # same machine: read it from disk
        fetched, note = Answer(200, Path(path).read_bytes()[:KEEP_BYTES], 0), " (HTTP 403; disk)"
    text = fetched.head.decode("utf-8", "replace")
    cells = [cell for row in csv.reader(io.StringIO(text)) for cell in row]
    live = [c for c in cells if c[:1] in ("=", "+", "-", "@", "\t", "\r")]
    quoted = [c for c in cells if c[:1] == "'" and c[1:2] in ("=", "+", "-", "@")]
    return (
        f"tokens CSV{note}: {len(live)} cells a spreadsheet would evaluate, "
        f"{len(quoted)} neutralised with '"
    )


def send(base: str, case: Case) -> Answer:
    payload = case.payload()
    if case.kind == "api":
        return call_api(base, case.target, payload)
    if case.kind == "upload":
        return upload(base, case.target, payload)
    query = f"?{urllib.parse.urlencode(payload)}" if payload else ""
    return request(base.rstrip("/") + case.target + query)


def short(answer: Answer) -> str:
    """The gist of an answer in a table cell: status, then the result or the message."""
    text = answer.head.decode("utf-8", "replace")
    if text.startswith("event:"):  # an event stream: the last event and its data
        events = [block for block in text.split("\n\n") if block.strip()]
        lines = dict(line.split(": ", 1) for line in events[-1].splitlines() if ": " in line)
        data = event_data(answer)
        shown = json.dumps(data, ensure_ascii=False) if data is not None else lines.get("data")
        text = f"{lines.get('event', '?')}: {shown}"
    if answer.size > KEEP_BYTES:
        text = f"({answer.size / 1e6:.1f} MB) {text}"
    text = " ".join(text.split()).replace("|", "\\|")
    status = f"{answer.status} " if answer.status != 200 else ""
    return (status + text)[:110] + ("…" if len(status + text) > 110 else "")


# ---------------------------------------------------------------------------------------
# the cases: (name, how to send it, payload); payloads are built only when the case runs


def hindi(chars: int) -> str:
    text = "\n".join(corpus.read_lines(corpus.eval_file("wikipedia", "hi")))
    return (text * (chars // len(text) + 1))[:chars]


SEVEN = list(catalog.COMPARISON_NAMES)[:7]  # ours, OpenAI's three, Llama 3 and 4, Qwen
# Every general-purpose tokenizer (OpenAI's, the open models'): all of them loaded at once.
GENERAL = [name for name, spec in catalog.SPECS.items() if not spec.lang]
EMOJI_100K = "👩‍💻" * 33_333  # 99,999 characters, 33,333 grapheme clusters of 11 bytes
LONGEST_GPT2 = 35496  # 128 bytes, the longest gpt2 token
NESTED = "[" * 100_000 + "]" * 100_000


@dataclass(frozen=True)
class Case:
    name: str
    kind: str  # "api": endpoint name; "get"/"post": a path; "upload": POST a file
    target: str
    payload: Callable[[], Any] = lambda: None
    times: int = 1  # sent one after another
    parallel: int = 1  # copies sent at once (each `times` times)
    inspect: Callable[[str, Answer], str] | None = None  # a closer look at the first answer


def compare(
    text: Any = "नमस्ते",
    tokenizers: Any = ("gpt2",),
    view: Any = "characters",
    show_whitespace: Any = False,
    english: Any = "",
    language: Any = "auto",
) -> list:
    """/compare's six parameters, each replaceable by a wrong one."""
    tokenizers = list(tokenizers) if isinstance(tokenizers, tuple) else tokenizers
    return [text, tokenizers, view, show_whitespace, english, language]


CASES = [
    # High: memory and disk
    Case(
        "export: 100k emoji × 12 repeats of one tokenizer",
        "api",
        "export",
        lambda: [EMOJI_100K, ["indic-bpe-hi"] * 12, ""],
    ),
    Case("export: 100k emoji, 7 tokenizers", "api", "export", lambda: [EMOJI_100K, SEVEN, ""]),
    Case(
        "export: 4 × 100k Hindi at once, 7 tokenizers",
        "api",
        "export",
        lambda: [hindi(100_000), SEVEN, ""],
        parallel=4,
    ),
    Case(
        "token_ids: 80 × 100k Hindi, 7 tokenizers",
        "api",
        "token_ids",
        lambda: [hindi(100_000), SEVEN],
        times=80,
    ),
    Case(
        "decode: 60 × 200,000 gpt2 ids",
        "api",
        "decode",
        lambda: ["gpt2", " ".join(["31373"] * 200_000)],
        times=60,
    ),
    Case(
        "decode: 200,000 × the longest gpt2 token (1.2 MB → 25.6 MB)",
        "api",
        "decode",
        lambda: ["gpt2", " ".join([str(LONGEST_GPT2)] * 200_000)],
    ),
    Case(
        "decode: 10 of those at once",
        "api",
        "decode",
        lambda: ["gpt2", " ".join([str(LONGEST_GPT2)] * 200_000)],
        parallel=10,
    ),
    Case(
        "upload: 25 MB file (the largest feature takes 20 MB)",
        "upload",
        "/gradio_api/upload",
        lambda: b"x" * 25_000_000,
    ),
    Case(
        f"token_ids: 100k Hindi, all {len(GENERAL)} general-purpose tokenizers (every open "
        "model loaded)",
        "api",
        "token_ids",
        lambda: [hindi(100_000), GENERAL],
        times=3,
    ),
    # Medium
    Case(
        "compare: bidi override U+202E",
        "api",
        "compare",
        lambda: compare("pay 100 to \u202ealice then 900 to bob", show_whitespace=True),
    ),
    Case("page: permalink of 70k URL characters", "get", "/", lambda: {"t": "क" * 7_800}),
    Case(
        "page: 12 KB query on another path", "get", "/gradio_api/info", lambda: {"x": "a" * 12_000}
    ),
    Case(
        "page: 1 MB query on another path",
        "get",
        "/gradio_api/info",
        lambda: {"x": "a" * 1_000_000},
    ),
    Case(
        "compare: 10M characters (21 MB body)", "api", "compare", lambda: compare("क" * 7_000_000)
    ),
    Case(
        "compare: 40 at once, 100k Hindi, 7 tokenizers",
        "api",
        "compare",
        lambda: compare(hindi(100_000), SEVEN),
        parallel=40,
    ),
    # Low: wrong types and odd ids
    Case("compare: text = 123", "api", "compare", lambda: compare(123)),
    Case("compare: text = list", "api", "compare", lambda: compare(["a"])),
    Case("compare: text = dict", "api", "compare", lambda: compare({"a": 1})),
    Case("compare: tokenizers = 123", "api", "compare", lambda: compare(tokenizers=123)),
    Case("compare: tokenizers = [123]", "api", "compare", lambda: compare(tokenizers=[123])),
    Case(
        'compare: tokenizers = [["gpt2"]]', "api", "compare", lambda: compare(tokenizers=[["gpt2"]])
    ),
    Case('compare: tokenizers = "gpt2"', "api", "compare", lambda: compare(tokenizers="gpt2")),
    Case("compare: view = null", "api", "compare", lambda: compare(view=None)),
    Case('compare: language = "xx"', "api", "compare", lambda: compare(language="xx")),
    Case("compare: 2 of 6 parameters", "api", "compare", lambda: compare()[:2]),
    Case("decode: ids nested 100,000 deep", "api", "decode", lambda: ["gpt2", NESTED]),
    Case("decode: cl100k id 100256 (unused)", "api", "decode", lambda: ["cl100k_base", "100256"]),
    Case('decode: "9" × 5000', "api", "decode", lambda: ["gpt2", "9" * 5000]),
    Case('decode: "²"', "api", "decode", lambda: ["gpt2", "²"]),
    Case('decode: Arabic-Indic "١٢"', "api", "decode", lambda: ["gpt2", "١٢"]),
    Case(
        "export: CSV cells =, +, -, @ (spreadsheet formulas)",
        "api",
        "export",
        lambda: ["=findViewById +1 -2 @SUM(A1)", ["cl100k_base"], ""],
        inspect=formula_cells,
    ),
    Case("grade: text = 123", "api", "grade", lambda: [123, "auto"]),
    Case("file: path traversal", "get", "/gradio_api/file=../../../../etc/passwd"),
]


# ---------------------------------------------------------------------------------------
# the server's memory


class Memory:
    """Samples VmRSS of `pid` every 20 ms; `peak()` since the last `reset()`."""

    def __init__(self, pid: int | None) -> None:
        self.pid, self._peak, self._stop = pid, 0, threading.Event()
        if pid:
            threading.Thread(target=self._sample, daemon=True).start()

    def field(self, name: str) -> int:
        """A /proc/<pid>/status field in MB (0 without a pid)."""
        if not self.pid:
            return 0
        try:
            status = Path(f"/proc/{self.pid}/status").read_text()
        except OSError:
            return 0
        line = next((x for x in status.splitlines() if x.startswith(name + ":")), "")
        return int(line.split()[1]) // 1024 if line else 0

    def _sample(self) -> None:
        while not self._stop.wait(0.02):
            self._peak = max(self._peak, self.field("VmRSS"))

    def reset(self) -> None:
        self._peak = self.field("VmRSS")

    def peak(self) -> int:
        return max(self._peak, self.field("VmRSS"))

    def stop(self) -> None:
        self._stop.set()


# ---------------------------------------------------------------------------------------
# running


def run_custom(
    base: str, name: str, run: Callable[..., str], memory: Memory, temp_dir: str | None
) -> list[str]:
    """One of the load and memory cases (scripts/attack_load.py): its measurement, in one cell."""
    memory.reset()
    before = memory.field("VmRSS")
    started = time.perf_counter()
    gist = run(base, temp_dir).replace("|", "\\|")
    seconds = time.perf_counter() - started
    time.sleep(SETTLE_SECONDS)  # the app gives freed memory back every 10 s
    after = memory.field("VmRSS")
    rss = f"{before:,} → {after:,} | {memory.peak():,}" if memory.pid else "— | —"
    return [name, gist, f"{seconds:.1f}", rss]


def run_case(base: str, case: Case, memory: Memory) -> list[str]:
    memory.reset()
    before = memory.field("VmRSS")
    started = time.perf_counter()

    def repeat(_: int) -> list[Answer]:
        return [send(base, case) for _ in range(case.times)]

    with ThreadPoolExecutor(case.parallel) as pool:
        answers = [a for batch in pool.map(repeat, range(case.parallel)) for a in batch]
    seconds = time.perf_counter() - started
    gist = short(answers[0])
    if case.inspect is not None:
        gist = case.inspect(base, answers[0])
    if len(answers) > 1:
        same = sum(short(a) == gist for a in answers)
        gist = f"{same}/{len(answers)} alike: {gist}"
    after = memory.field("VmRSS")
    rss = f"{before:,} → {after:,} | {memory.peak():,}" if memory.pid else "— | —"
    return [case.name, gist, f"{seconds:.1f}", rss]


def check_loopback(url: str) -> str:
    host = urllib.parse.urlsplit(url).hostname or ""
    if host not in LOOPBACK:
        raise SystemExit(f"refused: {url} is not on this machine (allowed hosts: {LOOPBACK})")
    return url if url.endswith("/") else url + "/"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_app(temp_dir: str) -> tuple[subprocess.Popen[bytes], str]:
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("GRADIO_")}
    env.update(
        GRADIO_SERVER_PORT=str(port), GRADIO_SERVER_NAME="127.0.0.1", GRADIO_TEMP_DIR=temp_dir
    )
    server = subprocess.Popen(
        [sys.executable, "app.py"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}/"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if request(url).status == 200:
            return server, url
        if server.poll() is not None:
            raise SystemExit("the app exited during start-up")
        time.sleep(0.5)
    server.terminate()
    raise SystemExit(f"the app did not start at {url}")


def folder_mb(path: str) -> float:
    files = (p for p in Path(path).rglob("*") if p.is_file())
    return sum(p.stat().st_size for p in files) / 1e6


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--url", help="a running app on this machine (default: start one)")
    parser.add_argument("--pid", type=int, help="the running app's process id, for its memory")
    parser.add_argument("--only", default="", help="run the cases whose name contains this")
    parser.add_argument("--write-docs", action="store_true", help="put the table in docs/limits.md")
    args = parser.parse_args()

    temp_dir = tempfile.mkdtemp(prefix="attack-gradio-")
    server = None
    if args.url:
        url, pid = check_loopback(args.url), args.pid
    else:
        server, url = start_app(temp_dir)
        pid = server.pid
    memory = Memory(pid)
    started_rss = memory.field("VmRSS")
    rows = []
    try:
        for case in CASES:
            if args.only in case.name:
                rows.append(run_case(url, case, memory))
                print(" | ".join(rows[-1]), flush=True)
        from attack_load import LOAD_CASES

        for name, run in LOAD_CASES:
            if args.only in name:
                rows.append(run_custom(url, name, run, memory, temp_dir if server else None))
                print(" | ".join(rows[-1]), flush=True)
        peak, final = memory.field("VmHWM"), memory.field("VmRSS")
        alive = server is None or server.poll() is None
    finally:
        memory.stop()
        if server is not None:
            server.terminate()
            server.wait(timeout=30)
    lines = [
        "| case | answer | s | RSS before → after MB | peak MB |",
        "|---|---|---:|---|---:|",
        *(f"| {' | '.join(row)} |" for row in rows),
        "",
        f"Server RSS: {started_rss:,} MB after start-up, {final:,} MB at the end, peak "
        f"(VmHWM) **{peak:,} MB**; server {'still up' if alive else 'DIED'} after every case."
        if pid
        else "Server memory not measured (no --pid).",
    ]
    if server is not None:
        lines[-1] += f" Gradio temp files left: {folder_mb(temp_dir):.1f} MB."
    print("\n".join(lines))
    if args.write_docs:
        from indictok.tools.report import write_block

        write_block("\n".join(lines), "attack", "python scripts/attack.py --write-docs")


if __name__ == "__main__":
    main()
