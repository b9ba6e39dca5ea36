"""Replay the attacks on the Lab and the grader (docs/limits.md, "The Lab and the grader"):
one visitor must not stall the app, drain it or delete its files.

    python scripts/attack_lab.py [--write-docs]

Starts `python app.py` on a free loopback port (its own GRADIO_TEMP_DIR) and, while each
attack runs, a second client probes `GET /` and a 200-character `/compare` every 0.25 s: the
table gives the slowest probe of each case (the promise: under 2 s). The memory and cancel
cases run the Lab's code in this process (as the app does) and read the training child's
peak from the kernel (RUSAGE_CHILDREN). The last case stops the app with SIGTERM and counts
what its scratch root left behind.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import resource
import signal
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from attack import call_api, event_data, request, start_app, upload

from indictok import jobs, lab

DEVANAGARI = "कखगघचजटडतदनपबमयरलवसह"
PROBE_TEXT = "भारत एक विशाल देश है। " * 9  # ~200 characters


class Probes:
    """GET / and a light /compare every 0.25 s from another client; the slowest of each."""

    def __init__(self, base: str) -> None:
        self.base, self.worst = base, {"GET /": 0.0, "/compare": 0.0}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.wait(0.25):
            for name, ask in (("GET /", lambda: request(self.base)), ("/compare", self._compare)):
                started = time.perf_counter()
                ask()
                self.worst[name] = max(self.worst[name], time.perf_counter() - started)

    def _compare(self) -> Any:
        return call_api(
            self.base, "compare", [PROBE_TEXT, ["o200k_base"], "tokens", "auto", False, ""]
        )

    def stop(self) -> str:
        self._stop.set()
        self._thread.join()
        return f"slowest GET / {self.worst['GET /']:.2f} s, /compare {self.worst['/compare']:.2f} s"


def rss_mb(pid: int | str = "self") -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS"):
            return int(line.split()[1]) // 1024
    return 0


def gist(answer: Any, limit: int = 110) -> str:
    text = json.dumps(answer, ensure_ascii=False) if not isinstance(answer, str) else answer
    return text if len(text) <= limit else text[:limit] + "…"


# ---- the cases --------------------------------------------------------------------------


def train_long_run(base: str) -> str:
    answer = call_api(base, "train", ["a" * 200_000, 300, "indic-v1", 0.0])
    result = event_data(answer)  # None when the answer's head (its first bytes) is cut
    if isinstance(result, list) and result and isinstance(result[0], dict):
        return f"trained {result[0].get('vocab_size')} ids in {result[0].get('seconds')} s"
    said = answer.head.decode("utf-8", "replace")
    size = re.search(r'"vocab_size": (\d+)', said)
    seconds = re.search(r'"seconds": ([\d.]+)', said)
    if size and seconds:
        return f"trained {size[1]} ids in {seconds[1]} s"
    return gist(said)


def three_trainings(base: str) -> str:
    corpus = "नमस्ते दुनिया। भारत एक विशाल देश है।\n" * 3000
    spans: list[tuple[float, float]] = []

    def one(_: int) -> None:
        started = time.monotonic()
        call_api(base, "train", [corpus, 2000, "indic-superword-v1", 0.1])
        spans.append((started, time.monotonic()))

    threads = [threading.Thread(target=one, args=(i,)) for i in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    ends = sorted(end for _, end in spans)
    return "3 trainings answered one after another at " + ", ".join(
        f"{end - min(s for s, _ in spans):.1f} s" for end in ends
    )


def expanding_normalisers(base: str) -> str:
    from tokenizers import Regex, Tokenizer, models, normalizers

    hf = Tokenizer(models.BPE(vocab={chr(c): c - 97 for c in range(97, 123)}, merges=[]))
    hf.normalizer = normalizers.Sequence([normalizers.Replace(Regex("."), "x" * 100)] * 2)
    answers = []
    for i in range(2):
        posted = upload(base, "/gradio_api/upload", hf.to_str().encode() + b" " * i)
        [path] = json.loads(posted.head)
        file = {"path": path, "meta": {"_type": "gradio.FileData"}}
        started = time.perf_counter()
        answer = event_data(call_api(base, "grade_file", [file, "auto", "", ""]))
        answers.append(f"{time.perf_counter() - started:.1f} s: {gist(answer, 120)}")
    return " / ".join(answers)


def config_paths(base: str) -> str:
    raw = _get_all(base + "config")
    found = sorted(set(_find_paths(json.loads(raw))))
    paths = [path for path in found if not path.startswith(("http://", "https://"))]
    refused = served = 0
    for path in paths:
        file = {"path": path, "meta": {"_type": "gradio.FileData"}}
        answer = event_data(call_api(base, "grade_file", [file, "auto", "", ""]))
        refused += "a file you uploaded" in json.dumps(answer)
        served += request(f"{base}gradio_api/file={path}").status == 200
    return (
        f"{len(paths)} server paths of /config sent to /grade_file: {refused} refused; "
        f"{served} still served ({len(found) - len(paths)} web URL of Gradio's API examples "
        "left out: not a file of this server)"
    )


def _get_all(url: str) -> str:
    import urllib.request

    with urllib.request.urlopen(url, timeout=60) as response:
        return response.read().decode()


def _find_paths(value: Any) -> list[str]:
    if isinstance(value, dict):
        found = [value["path"]] if isinstance(value.get("path"), str) else []
        return found + [p for v in value.values() for p in _find_paths(v)]
    if isinstance(value, list):
        return [p for v in value for p in _find_paths(v)]
    return []


def messages(base: str) -> str:
    posted = upload(base, "/gradio_api/upload", b"YWI= 0\nYWM= 1\n")
    [path] = json.loads(posted.head)
    file = {"path": path, "meta": {"_type": "gradio.FileData"}}
    answer = event_data(call_api(base, "grade_file", [file, "auto", "", r"\w+"]))
    return "rank file without byte tokens: " + gist(answer, 160)


def cancel_in_process(_: str) -> str:
    """Cancel at 5 s of a training on a 1.6 MB corpus of 3,000-character lines without a split
    pattern (the Lab's code, in here; a one-line corpus is refused at once since)."""
    from indictok.app import lab_runs

    rng = random.Random(1)
    words = [
        "".join(rng.choice("कखगघचछजझटठडढणतथदधनपफबभमयरलवशसह") for _ in range(rng.randint(2, 7)))
        for _ in range(60_000)
    ]
    text = " ".join(rng.choice(words) for _ in range(200_000))[:550_000]  # ~1.6 MB of UTF-8
    line = "\n".join(text[i : i + 3000] for i in range(0, len(text), 3000))
    session = "attack-cancel"
    runs = lab_runs.run_training(session, ("text", line), lab.Settings(4999, "none", 0.0))
    started = time.monotonic()
    for _ in runs:
        if time.monotonic() - started > 5:
            break
    [job] = list(jobs._live) or [None]
    pid = job.process.pid if job and job.process else None
    lab_runs._cancels[session].set()
    stopped = time.monotonic()
    for _ in runs:
        pass
    gone = pid is None or not Path(f"/proc/{pid}").exists()
    return f"child gone {time.monotonic() - stopped:.2f} s after Cancel: {gone}"


def big_corpus_in_process(_: str) -> str:
    """A 20 MB upload of random words: this process's RSS and the training child's peak."""
    from indictok.app import lab_runs

    rng = random.Random(2)
    path = Path(tempfile.mkdtemp()) / "random.txt"
    with path.open("w", encoding="utf-8") as f:
        size = 0
        while size < 19_900_000:
            alphabet = (
                "कखगघचजटडतदनपबमयरलवसह" if rng.random() < 0.5 else "abcdefghijklmnopqrstuvwxyz"
            )
            line = (
                " ".join(
                    "".join(rng.choice(alphabet) for _ in range(rng.randint(2, 9)))
                    for _ in range(12)
                )
                + "\n"
            )
            size += f.write(line) and len(line.encode())
    before = rss_mb()
    outcome: Any = None
    peak = before
    settings = lab.Settings(4999, "indic-superword-v1", 0.1)
    for _, answer in lab_runs.run_training("attack-big", ("file", str(path)), settings):
        peak, outcome = max(peak, rss_mb()), answer
    path.unlink()
    child = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss // 1024
    result = outcome["result"]["vocab_size"] if isinstance(outcome, dict) else str(outcome)
    return (
        f"{result}; this process {before:,} → {rss_mb():,} MB (peak {peak:,}); training "
        f"child peak {child:,} MB"
    )


CASES: list[tuple[str, Callable[[str], str]]] = [
    ('/train ["a" × 200,000, 300, "indic-v1", 0.0]', train_long_run),
    ("3 trainings sent at once", three_trainings),
    ("2 tokenizer.json files whose normaliser expands text 10⁴×", expanding_normalisers),
    ("/grade_file on every path the public /config lists", config_paths),
    ("message: a rank file without single-byte tokens", messages),
    ("Cancel at 5 s of training on 1.6 MB, 3,000-character lines, pattern none", cancel_in_process),
    ("a 20 MB Lab corpus of random words", big_corpus_in_process),
]


def sigterm_leftovers() -> str:
    """Start the app, train and export once, stop it with SIGTERM: what is left in /tmp."""
    before = set(Path(tempfile.gettempdir()).glob("indictok-app-*"))
    temp = tempfile.mkdtemp(prefix="attack-gradio-")
    server, base = start_app(temp)
    call_api(base, "train", ["नमस्ते दुनिया।\n" * 200, 300, "indic-v1", 0.1])
    call_api(base, "export", ["नमस्ते", ["o200k_base"], ""])
    during = set(Path(tempfile.gettempdir()).glob("indictok-app-*")) - before
    server.send_signal(signal.SIGTERM)
    server.wait(timeout=60)
    left = [p for p in during if p.exists()]
    return f"scratch roots during the run: {len(during)}; left after SIGTERM: {len(left)}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--write-docs", action="store_true", help="the table in docs/limits.md")
    args = parser.parse_args()
    server, base = start_app(tempfile.mkdtemp(prefix="attack-gradio-"))
    rows = []
    try:
        for name, run in CASES:
            probes = Probes(base)
            started = time.perf_counter()
            answer = run(base).replace("|", "\\|")
            rows.append([name, answer, f"{time.perf_counter() - started:.1f}", probes.stop()])
            print(" | ".join(rows[-1]), flush=True)
        alive = server.poll() is None
    finally:
        server.terminate()
        server.wait(timeout=60)
    rows.append(["SIGTERM after a training and an export", sigterm_leftovers(), "", ""])
    lines = [
        "| attack | what happened | s | meanwhile, another client |",
        "|---|---|---:|---|",
        *(f"| {' | '.join(row)} |" for row in rows),
        "",
        f"Server {'still up' if alive else 'DIED'} after every case.",
    ]
    print("\n".join(lines))
    if args.write_docs:
        from indictok.tools.report import write_block

        write_block("\n".join(lines), "attack-lab", "python scripts/attack_lab.py --write-docs")


if __name__ == "__main__":
    main()
