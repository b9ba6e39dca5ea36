"""Long measurements, printed as one run's ratios (not part of the tests).

    python scripts/benchmark.py [--write-docs] [--skip-browser] [--encoding-only] [--api-only]

1. training time on train/hi.txt: ours vs HF BpeTrainer vs SentencePiece BPE (same vocab),
   whether our merges equal BpeTrainer's, and a naive recount-every-merge loop (timed for
   its first merges, extrapolated linearly, which favours it: later merges are not cheaper);
2. encoding throughput (MB/s) on the held-out Hindi text, every route, as ratios against
   o200k_base measured in the same turns (`--encoding-only` prints just this table, and
   with `--write-docs` writes just its block in docs/speed.md, `encoding-benchmark`);
3. `indictok.load("hi")`, the public API: its first call on the held-out text in a fresh
   process and its steady state, each against o200k_base's in the same run, on the whole
   text and line by line side by side (`--api-only` prints just this, and with
   `--write-docs` writes just its block, `api-benchmark`);
4. start-up (every tokenizer loaded, fresh process) and analysing 10,000 Hindi characters;
5. the split pattern's time on adversarial strings of growing length (linear = safe);
6. in Chromium: how long the page takes to update after 10,000 characters are pasted.
"""

from __future__ import annotations

import argparse
import importlib.util
import itertools
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

import indictok
from indictok import catalog, fastbpe, loaded, paths
from indictok.bpe import merge_pair
from indictok.export import merges_as_strings
from indictok.pretokenize import normalize, split
from indictok.tokenizer import IndicBPETokenizer
from indictok.tools import corpus
from indictok.tools.browser import CHROMIUM_ARGS, require_chromium

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
from helpers import hf_bpetrainer_merges

VOCAB = 4998  # our BPE part (the special token makes 4,999)
lines_out: list[str] = []


def say(line: str = "") -> None:
    print(line, flush=True)
    lines_out.append(line)


def timed(fn, *args, **kwargs):
    start = time.perf_counter()
    result = fn(*args, **kwargs)
    return result, time.perf_counter() - start


def train_sentencepiece(path: Path, out: Path) -> None:
    import sentencepiece

    sentencepiece.SentencePieceTrainer.train(
        input=str(path),
        model_prefix=str(out),
        vocab_size=VOCAB + 1,
        model_type="bpe",
        num_threads=2,
        minloglevel=2,
    )


def naive_seconds_per_merge(lines: list[str], merges: int = 3) -> float:
    """minbpe's loop: recount every pair over the whole corpus, then rewrite it, per merge."""
    ids = [list(chunk.encode()) for line in lines for chunk in split(normalize(line))]
    start = time.perf_counter()
    for new_id in range(256, 256 + merges):
        stats: Counter[tuple[int, int]] = Counter()
        for chunk in ids:
            stats.update(itertools.pairwise(chunk))
        pair = max(stats, key=stats.__getitem__)
        ids = [merge_pair(chunk, pair, new_id) for chunk in ids]
    return (time.perf_counter() - start) / merges


def training() -> None:
    path = paths.train_file("hi")
    lines = corpus.read_training_lines(path)
    say(f"### Training on train/hi.txt ({path.stat().st_size / 1e6:.2f} MB), vocab {VOCAB} + 1")
    ours, t_ours = timed(IndicBPETokenizer.train, lines, VOCAB + 1, name="bench")
    hf_merges, t_hf = timed(hf_bpetrainer_merges, lines, VOCAB)
    with tempfile.TemporaryDirectory() as tmp:
        _, t_spm = timed(train_sentencepiece, path, Path(tmp) / "spm")
    mine = merges_as_strings(ours.model)
    naive = naive_seconds_per_merge(lines) * len(ours.model.merges)
    say("| trainer | seconds | × ours |")
    say("|---|---:|---:|")
    for name, seconds in [
        ("ours (pure Python, incremental)", t_ours),
        ("HF tokenizers BpeTrainer (Rust)", t_hf),
        ("SentencePiece BPE (C++, 2 threads)", t_spm),
        ("naive recount loop (minbpe-style; 3 merges timed, extrapolated)", naive),
    ]:
        say(f"| {name} | {seconds:.1f} | {seconds / t_ours:.2f} |")
    say()
    say(f"- merges identical to BpeTrainer's: **{mine == hf_merges}** ({len(mine)} merges)")
    say(f"- ours / BpeTrainer time: **{t_ours / t_hf:.2f}×** (target ≤ 3×)")
    say(f"- naive / ours time: **{naive / t_ours:.0f}×** (target ≥ 50×)")
    say()


ENCODING_RUNS = 5
encoding_out: list[str] = []


def hf_with_split(hf_json: Path, pattern: str):
    """The shipped tokenizer.json with its split pattern replaced (other ids: timing only)."""
    import json

    from tokenizers import Tokenizer

    config = json.loads(hf_json.read_text(encoding="utf-8"))
    config["pre_tokenizer"]["pretokenizers"][0]["pattern"] = {"Regex": pattern}
    return Tokenizer.from_str(json.dumps(config))


def throughput() -> None:
    """Every way to encode with our tokenizer, timed in turns with o200k_base; the ratio is
    the median over the turns of (o200k's time in that turn) / (this route's time)."""
    import tiktoken
    from tokenizers import Tokenizer

    from indictok.fastbpe import fast_encoder
    from indictok.pretokenize import INDIC_SPLIT_PATTERN

    lines = [line for p in corpus.eval_files("hi") for line in corpus.read_lines(p)]
    text = "\n".join(lines)
    size = len(text.encode()) / 1e6
    ours = loaded.get("indic-bpe-hi")
    tokenizer = IndicBPETokenizer.load(paths.STORE_DIR / "indic_bpe_hi.model")
    fast, two_stage = tokenizer.to_tiktoken(), fast_encoder(tokenizer)
    nfc_text = normalize(text)
    hf_json = paths.STORE_DIR / "transformers/indic_bpe_hi/tokenizer.json"
    hf, hf_words = Tokenizer.from_file(str(hf_json)), hf_with_split(hf_json, INDIC_SPLIT_PATTERN)
    plain = tiktoken.Encoding(
        "plain",
        pat_str=INDIC_SPLIT_PATTERN,
        mergeable_ranks=fast._mergeable_ranks,
        special_tokens={},
    )
    o200k = loaded.get("o200k_base")
    app_route = fastbpe.ensure_compiled()  # what `python app.py` does first
    space = space_encoder(tokenizer)
    api = indictok.load("hi")
    runs = {
        "o200k_base (tiktoken)": lambda: o200k.encode_ids(text),
        f"ours, the app's route (NFC + {app_route})": lambda: ours.encode_ids(text),
        "ours, a Space's route: NFC + `_fastbpe.c` compiled at start-up (`ensure_compiled`)": (
            (lambda: space.encode(normalize(text))) if space else None
        ),
        f'ours, `indictok.load("hi").encode_ordinary` (NFC + {api.route})': (
            lambda: api.encode_ordinary(text)
        ),
        "ours, two-stage compiled encoder, text already NFC (`fastbpe`)": (
            (lambda: two_stage.encode(nfc_text)) if two_stage else None
        ),
        "ours via tiktoken, text already NFC (`to_tiktoken().encode_ordinary`)": (
            lambda: fast.encode_ordinary(nfc_text)
        ),
        "ours via HF tokenizers (`tokenizer.json`)": lambda: hf.encode(text).ids,
        "HF: the same file's pre-tokenizer alone (NFC, split, byte map; no BPE)": (
            lambda: hf.pre_tokenizer.pre_tokenize_str(nfc_text)
        ),
        "HF: the same file with the word split `indic-v1` (other ids)": (
            lambda: hf_words.encode(text).ids
        ),
        "ours, reference Python encoder (cache emptied first)": lambda: (
            tokenizer._chunk_cache.clear(),
            tokenizer.encode_ordinary(text),
        ),
        "our ranks with the plain `indic-v1` pattern, tiktoken (other ids)": (
            lambda: plain.encode_ordinary(nfc_text)
        ),
        "SentencePiece BPE 5k": lambda: loaded.get("spm-bpe-hi").encode_ids(text),
        "o200k_base, lines on 2 threads (`encode_batch`)": lambda: o200k.encode_batch(lines, 2),
        "ours, lines on 2 threads (`encode_batch`, as `indictok encode --file`)": (
            lambda: ours.encode_batch(lines, 2)
        ),
    }
    timed_runs = {name: run for name, run in runs.items() if run is not None}
    seconds: dict[str, list[float]] = {name: [] for name in timed_runs}
    for _ in range(ENCODING_RUNS):
        for name, run in timed_runs.items():
            seconds[name].append(timed(run)[1])
    reference = seconds["o200k_base (tiktoken)"]
    pieces = split(nfc_text, tokenizer.pattern)
    intro = (
        f"Held-out Hindi (FLORES devtest + Wikipedia, {size:.2f} MB), {ENCODING_RUNS} runs in "
        f"turns ({time.strftime('%Y-%m-%d')}); pieces of our split pattern: "
        f"{len(nfc_text.encode()) / len(pieces):.1f} bytes on average."
    )
    table = [
        intro,
        "",
        "| encoder | MB/s | × o200k_base |",
        "|---|---:|---:|",
    ]
    for name, times in seconds.items():
        ratio = statistics.median(o / t for o, t in zip(reference, times, strict=True))
        table.append(f"| {name} | {size / statistics.median(times):.1f} | {ratio:.2f} |")
    print(f"### Encoding the held-out Hindi text ({size:.2f} MB)", *table, "", sep="\n")
    encoding_out.extend(table)  # its own docs block (write_encoding_table)


def space_encoder(tokenizer: IndicBPETokenizer):
    """The encoder a Space gets: `_fastbpe.c` compiled by `fastbpe.compile_extension` (as
    `ensure_compiled` does when pip built nothing), or None without a C compiler."""
    try:
        path = fastbpe.compile_extension(Path(tempfile.mkdtemp()))
    except (OSError, RuntimeError):
        return None
    spec = importlib.util.spec_from_file_location("indictok._fastbpe", path)
    module = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    vocab = tokenizer.model.vocab
    tokens = [vocab[i] for i in range(len(vocab))]
    flags = fastbpe.SUPPORTED_PATTERNS[tokenizer.pattern]
    return module.Encoder(tokens, fastbpe.stage_limit(tokens), *flags)


FIRST_CALL = """
import sys, time
from indictok.tools import corpus
lines = [line for p in corpus.eval_files("hi") for line in corpus.read_lines(p)]
text = "\\n".join(lines)
start = time.perf_counter()
if sys.argv[1] == "o200k_base":
    from indictok import catalog, loaded
    encoder = loaded.get("o200k_base").encoding  # tiktoken.Encoding, from the store's file
else:
    import indictok
    encoder = indictok.load("hi")
loaded = time.perf_counter()
if sys.argv[2] == "whole":
    encoder.encode_ordinary(text)
else:
    for line in lines:
        encoder.encode_ordinary(line)
print(loaded - start, time.perf_counter() - loaded)
"""
FIRST_CALL_RUNS = 5
SHAPES = {"whole": "the whole text, one call", "lines": "line by line, one call per line"}
api_out: list[str] = []


def first_call(which: str, shape: str) -> tuple[float, float]:
    """(seconds to load, seconds of the first encode_ordinary of `shape`) in a fresh process."""
    command = [sys.executable, "-c", FIRST_CALL, which, shape]
    out = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    load, call = out.split()
    return float(load), float(call)


def public_api() -> None:
    """`indictok.load("hi")` against o200k_base on the whole text (one call) and line by line,
    side by side: the first call of a fresh process (turns of fresh processes, median of the
    per-turn ratios) and the steady state (the two encoders taking turns in one process)."""
    lines = [line for p in corpus.eval_files("hi") for line in corpus.read_lines(p)]
    text = "\n".join(lines)
    size = len(text.encode()) / 1e6
    o200k, api = loaded.get("o200k_base").encoding, indictok.load("hi")  # type: ignore[attr-defined]
    work = {
        "whole": lambda enc: enc.encode_ordinary(text),
        "lines": lambda enc: [enc.encode_ordinary(line) for line in lines],
    }
    first: dict[str, list[tuple[tuple[float, float], tuple[float, float]]]] = {}
    steady: dict[str, list[tuple[float, float]]] = {}
    for shape, run in work.items():
        first[shape] = [
            (first_call("o200k_base", shape), first_call("ours", shape))
            for _ in range(FIRST_CALL_RUNS)
        ]
        steady[shape] = [
            (timed(run, o200k)[1], timed(run, api)[1]) for _ in range(ENCODING_RUNS + 1)
        ][1:]  # the first turn is api's first call in this process: measured above

    def ratio(pairs) -> str:
        return f"**{statistics.median(o / ours for o, ours in pairs):.2f}×**"

    def ms(values) -> str:
        return f"{statistics.median(values) * 1000:.0f} ms"

    intro = (
        f'`indictok.load("hi").encode_ordinary` ({api.route}) against o200k_base\'s '
        f"`encode_ordinary` on the held-out Hindi text ({size:.2f} MB, {len(lines):,} lines), "
        f"one run ({time.strftime('%Y-%m-%d')}); × o200k_base's speed, the median of the "
        "per-turn ratios (ours ms / o200k_base ms):"
    )
    table = [
        intro,
        "",
        "| | " + " | ".join(SHAPES[shape] for shape in work) + " |",
        "|---|" + "---:|" * len(work),
    ]
    cells = []
    for shape in work:
        turns = [(o[1], ours[1]) for o, ours in first[shape]]
        cells.append(f"{ratio(turns)} ({ms([t[1] for t in turns])} / {ms([t[0] for t in turns])})")
    table.append(
        f"| first call in a fresh process ({FIRST_CALL_RUNS} turns) | " + " | ".join(cells) + " |"
    )
    cells = [
        f"{ratio(steady[shape])} ({ms([t[1] for t in steady[shape]])} / "
        f"{ms([t[0] for t in steady[shape]])})"
        for shape in work
    ]
    table.append(f"| steady state ({ENCODING_RUNS} turns) | " + " | ".join(cells) + " |")
    loads = [(o[0], ours[0]) for o, ours in first["whole"]]
    load_line = (
        f"Loading before the first call: ours {ms([t[1] for t in loads])}, o200k_base "
        f"{ms([t[0] for t in loads])} (median)."
    )
    table += ["", load_line]
    api_out.extend(table)
    print("### The public API, `indictok.load`", *api_out, "", sep="\n")


STARTUP = """
import time
start = time.perf_counter()
from indictok import catalog, loaded
ok, failed = loaded.load_all()
print(time.perf_counter() - start, len(ok), len(failed))
"""


def engine() -> None:
    say("### Engine")
    out = subprocess.run(
        [sys.executable, "-c", STARTUP], capture_output=True, text=True, check=True
    )
    seconds, loaded, failed = out.stdout.split()
    say(
        f"- start-up, every tokenizer (all languages) loaded in a fresh process: "
        f"**{float(seconds):.2f} s** "
        f"({loaded} loaded, {failed} failed; target < 3 s)"
    )
    from indictok.analysis import analyse

    lines = corpus.read_lines(corpus.eval_file("flores200_devtest", "hi"))
    text = "\n".join(lines)[:10_000]
    for names, label in [
        (list(catalog.DEFAULT_NAMES), "the 5 default"),
        (list(catalog.COMPARISON_NAMES), f"all {len(catalog.COMPARISON_NAMES)} comparison"),
    ]:
        analyse(text, names)
        times = [timed(analyse, text, names)[1] for _ in range(15)]
        say(
            f"- analysing 10,000 Hindi characters with {label} tokenizers (tokens, akshara "
            f"grouping, metrics): median **{statistics.median(times) * 1000:.1f} ms** "
            "(target < 50 ms)"
        )
    say()


def regex_safety() -> None:
    say("### Split pattern on adversarial input (linear growth = no catastrophic backtracking)")
    cases = {
        "one 'word' of Devanagari letters": "क",
        "virama after virama": "्",
        "spaces then a letter": " ",
        "digits": "1",
        "punctuation": "!",
        "ZWJ": "\u200d",
        "alternating Latin/Devanagari": "aक",
    }
    sizes = [10_000, 50_000, 200_000]
    say(
        "| input | "
        + " | ".join(f"{n:,} chars (ms)" for n in sizes)
        + " | ms per 10k chars, smallest → largest |"
    )
    say("|---|" + "---:|" * (len(sizes) + 1))
    for label, unit in cases.items():
        times = [timed(split, unit * (n // len(unit)) + "x")[1] * 1000 for n in sizes]
        per = [t / (n / 10_000) for t, n in zip(times, sizes, strict=True)]
        say(
            f"| {label} | "
            + " | ".join(f"{t:.1f}" for t in times)
            + f" | {per[0]:.2f} → {per[-1]:.2f} |"
        )
    say()


def browser() -> None:
    from playwright.sync_api import sync_playwright

    from indictok.app import build_demo, launch_kwargs

    demo = build_demo()
    _, url, _ = demo.launch(prevent_thread_lock=True, quiet=True, **launch_kwargs())
    lines = corpus.read_lines(corpus.eval_file("flores200_devtest", "hi"))
    text = "\n".join(lines)[:10_000]
    gpt2 = len(loaded.get("gpt2").encode_ids(text))
    say("### In Chromium: paste 10,000 Hindi characters; time from the input event to the counts")
    with sync_playwright() as p:
        chrome = p.chromium.launch(executable_path=require_chromium(), args=CHROMIUM_ARGS)
        page = chrome.new_page(viewport={"width": 1300, "height": 1000})
        page.goto(url)
        page.wait_for_selector(".itl-card")
        page.evaluate(
            "() => document.querySelector('#itl-input textarea').addEventListener("
            "'input', () => { window.__t0 = performance.now(); }, true)"
        )
        times = []
        for k in range(5):
            variant = text[: 10_000 - k]
            expected = len(loaded.get("gpt2").encode_ids(variant))
            page.locator("#itl-input textarea").fill(variant)
            page.wait_for_function(
                "n => { const c = document.querySelector('.itl-card[data-tokenizer=\"gpt2\"] .itl-count');"  # noqa: E501
                " return c && c.textContent.replace(/,/g, '') === String(n); }",
                arg=expected,
                timeout=30_000,
            )
            times.append(page.evaluate("() => performance.now() - window.__t0"))
        chrome.close()
    demo.close()
    say(
        f"- page updated after the paste: median **{statistics.median(times):.0f} ms** over "
        f"{len(times)} pastes (target < 500 ms; gpt2 alone shows {gpt2:,} tokens)"
    )
    say()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument(
        "--write-docs", action="store_true", help="also write the tables into docs/speed.md"
    )
    parser.add_argument("--skip-browser", action="store_true")
    parser.add_argument("--encoding-only", action="store_true", help="only the encoding table")
    parser.add_argument("--api-only", action="store_true", help="only indictok.load's speed")
    args = parser.parse_args()
    if args.api_only:
        public_api()
        if args.write_docs:
            write_api_block()
        return
    if args.encoding_only:
        throughput()
        if args.write_docs:
            write_encoding_table()
        return
    say(f"Measured on this machine in one run ({time.strftime('%Y-%m-%d')}).")
    say()
    engine()  # first: the app's state, not a heap full of training leftovers
    training()
    throughput()
    public_api()
    regex_safety()
    if not args.skip_browser:
        browser()
    if args.write_docs:
        from indictok.tools.report import write_block

        write_block("\n".join(lines_out), "benchmark", "python scripts/benchmark.py --write-docs")
        write_encoding_table()
        write_api_block()


def write_api_block() -> None:
    from indictok.tools.report import write_block

    command = "python scripts/benchmark.py --api-only --write-docs"
    write_block("\n".join(api_out), "api-benchmark", command)


def write_encoding_table() -> None:
    """The encoding table has its own block, so `--encoding-only` can rewrite it."""
    from indictok.tools.report import write_block

    command = "python scripts/benchmark.py --encoding-only --write-docs"
    write_block("\n".join(encoding_out), "encoding-benchmark", command)


if __name__ == "__main__":
    main()
