"""Tokenizing a corpus: `indictok encode --out X.bin` on a large file, and worker processes.

    python scripts/corpus_benchmark.py [--big-mb 1000] [--workers-mb 100] [--repeats 2]
        [--write-docs]

1. `python -m indictok encode --tokenizer indic-bpe-hi --file BIG --out BIG.bin --eot` on a
   generated file of `--big-mb` MB: wall time, MB/s and the command's peak memory (RSS), so
   "memory stays flat" is a number;
2. the recipes of docs/tokenizers.md ("In worker processes") on a generated file of
   `--workers-mb` MB, each with 1 and then 2 workers: a multiprocessing spawn pool,
   Hugging Face `datasets.map(num_proc=N)` and Spark `local[N]` with a pandas UDF (the
   last two when installed). The time is the encoding: the pool's workers started, data
   loaded, and Spark's session and Python workers up (one untimed run) before the clock
   starts; `datasets` starts its processes inside `map`, so its time includes that. Every
   run's token count is checked against one process's.

The generated files are held-out Hindi lines (FLORES devtest + Wikipedia) shuffled and
repeated, in a temporary folder removed at the end (never in the repository). With
--write-docs the table goes into docs/speed.md (`corpus-benchmark`).
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import pandas as pd  # the Spark UDF's type hints name it

import indictok
from indictok.tools import corpus

COMMAND = "python scripts/corpus_benchmark.py --write-docs"
CHUNK_LINES = 2000  # lines per task sent to a pool worker


def generate(path: Path, megabytes: int) -> list[str]:
    """Write about `megabytes` MB of held-out Hindi lines, shuffled and repeated; return
    the held-out lines."""
    lines = [line for p in corpus.eval_files("hi") for line in corpus.read_lines(p)]
    rng, size = random.Random(32), 0
    with path.open("w", encoding="utf-8") as out:
        while size < megabytes * 1_000_000:
            data = "\n".join(rng.sample(lines, len(lines))) + "\n"
            out.write(data)
            size += len(data.encode())
    return lines


def encode_big_file(path: Path) -> tuple[float, float, int]:
    """(seconds, MB/s, peak RSS in MB) of `indictok encode --out X.bin --eot` on `path`."""
    out = path.with_suffix(".bin")
    command = [sys.executable, "-m", "indictok", "encode", "--tokenizer", "indic-bpe-hi"]
    command += ["--file", str(path), "--out", str(out), "--eot"]
    start = time.perf_counter()
    subprocess.run(command, check=True, stderr=subprocess.DEVNULL)
    seconds = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024  # the only child yet
    out.unlink()
    return seconds, path.stat().st_size / 1e6 / seconds, round(peak)


def _encode_chunk(lines: list[str]) -> int:
    return sum(map(len, indictok.load("hi").encode_ordinary_batch(lines, num_threads=1)))


def _warm_up(_: int) -> None:
    """Load the tokenizer, then stay busy a moment so the other workers take tasks too."""
    indictok.load("hi").encode_ordinary("नमस्ते")
    time.sleep(0.3)


def pool_run(lines: list[str], workers: int) -> Callable[[], int]:
    """A spawn pool of `workers`, started and warmed; the returned call encodes `lines`."""
    pool = multiprocessing.get_context("spawn").Pool(workers)
    pool.map(_warm_up, range(workers * 4), chunksize=1)  # every worker has loaded it
    chunks = [lines[i : i + CHUNK_LINES] for i in range(0, len(lines), CHUNK_LINES)]

    def run() -> int:
        tokens = sum(pool.map(_encode_chunk, chunks))
        pool.close()
        pool.join()
        return tokens

    return run


def datasets_run(path: Path, workers: int, cache: Path) -> Callable[[], int] | None:
    """`load_dataset("text")` loaded; the returned call runs the docs' map with num_proc."""
    try:
        from datasets import load_dataset
    except ImportError:
        return None
    enc = indictok.load("hi")

    def tokenize(batch):
        return {"ids": enc.encode_ordinary_batch(batch["text"], num_threads=1)}

    dataset = load_dataset("text", data_files=str(path), split="train", cache_dir=str(cache))

    def run() -> int:
        mapped = dataset.map(
            tokenize,
            batched=True,
            num_proc=workers if workers > 1 else None,
            remove_columns=["text"],
            load_from_cache_file=False,
        )
        return sum(len(ids) for ids in mapped["ids"])

    return run


def spark_run(path: Path, workers: int) -> Callable[[], int] | None:
    """A `local[workers]` session with the docs' pandas UDF; the returned call encodes every
    line of `path` and sums the ids' counts on the executors."""
    if shutil.which("java") is None:
        return None
    try:
        from pyspark.sql import SparkSession
        from pyspark.sql.functions import pandas_udf
    except ImportError:
        return None
    os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
    os.environ["PYSPARK_PYTHON"] = sys.executable
    spark = SparkSession.builder.master(f"local[{workers}]").getOrCreate()
    spark.sparkContext.setLogLevel("ERROR")
    enc = indictok.load("hi")

    @pandas_udf("array<int>")
    def encode(texts: pd.Series) -> pd.Series:
        return pd.Series(enc.encode_ordinary_batch(texts.tolist(), num_threads=1))

    frame = spark.read.text(str(path)).repartition(workers * 4).cache()
    frame.count()  # read before the clock starts

    def total() -> int:  # a new plan each time: a second collect of one plan would reuse
        tokens = frame.select(encode("value").alias("ids")).selectExpr("sum(size(ids))")
        return int(tokens.collect()[0][0])  # its shuffle output and skip the UDF

    total()  # once before the clock: Spark starts its Python workers

    def run() -> int:
        tokens = total()
        spark.stop()
        return tokens

    return run


def timed(run: Callable[[], int]) -> tuple[float, int]:
    start = time.perf_counter()
    tokens = run()
    return time.perf_counter() - start, tokens


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--big-mb", type=int, default=1000, help="the encode --out file's size")
    parser.add_argument("--workers-mb", type=int, default=100, help="the workers' file's size")
    parser.add_argument("--repeats", type=int, default=2, help="runs per recipe; the best")
    parser.add_argument("--write-docs", action="store_true", help="write docs/speed.md's block")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="indictok-corpus-"))
    try:
        table = measure(folder, args.big_mb, args.workers_mb, args.repeats)
    finally:
        shutil.rmtree(folder)
    print(table)
    if args.write_docs:
        from indictok.tools.report import write_block

        write_block(table, "corpus-benchmark", COMMAND)


def measure(folder: Path, big_mb: int, workers_mb: int, repeats: int) -> str:
    big = folder / "big.txt"
    generate(big, big_mb)
    seconds, rate, peak = encode_big_file(big)
    big_size = big.stat().st_size / 1e6
    big.unlink()
    small = folder / "hi.txt"
    generate(small, workers_mb)
    size = small.stat().st_size / 1e6
    lines = small.read_text(encoding="utf-8").splitlines()
    expected = sum(map(len, indictok.load("hi").encode_ordinary_batch(lines, num_threads=2)))
    rows = []
    recipes: dict[str, Callable[[int], Callable[[], int] | None]] = {
        "multiprocessing spawn `Pool(N)`, chunks of 2,000 lines": lambda n: pool_run(lines, n),
        "Hugging Face `datasets`: `map(batched=True, num_proc=N)`": lambda n: datasets_run(
            small, n, folder / "hf-cache"
        ),
        "Spark `local[N]`, a pandas UDF": lambda n: spark_run(small, n),
    }
    for name, make in recipes.items():
        rates = []
        for workers in (1, 2):
            best = 0.0
            for _ in range(repeats):  # the best run: the machine is shared with other work
                run = make(workers)
                if run is None:
                    break
                took, tokens = timed(run)
                assert tokens == expected, f"{name}, {workers} workers: {tokens} != {expected}"
                best = max(best, size / took)
            if best:
                rates.append(best)
        if len(rates) == 2:
            rows.append(
                f"| {name} | {rates[0]:.1f} | {rates[1]:.1f} | {rates[1] / 2:.1f} | "
                f"**{rates[1] / rates[0]:.2f}×** |"
            )
        else:
            rows.append(f"| {name} | not installed here | | | |")
    intro = (
        f"Measured by `python scripts/corpus_benchmark.py` on this machine "
        f"({time.strftime('%Y-%m-%d')}; 2 cores shared with other work; generated files of "
        "held-out Hindi lines, shuffled and repeated)."
    )
    big_line = (
        "`python -m indictok encode --tokenizer indic-bpe-hi --file BIG --out BIG.bin --eot` "
        f"on {big_size:,.0f} MB: **{rate:.1f} MB/s** ({seconds:.1f} s, 2 threads), peak "
        f"memory (RSS) **{peak} MB**."
    )
    workers_line = (
        f"The recipes of [tokenizers.md](tokenizers.md) on {size:.0f} MB ({len(lines):,} "
        f"lines; MB/s of text, the best of {repeats} runs; workers started and data loaded "
        "first, but `datasets` starts its processes inside `map`; each run's token count "
        "equals one process's):"
    )
    header = "| recipe | 1 worker, MB/s | 2 workers, MB/s | per worker (2) | 1 → 2 workers |"
    return "\n".join(
        [intro, "", big_line, "", workers_line, "", header, "|---|---:|---:|---:|---:|", *rows]
    )


if __name__ == "__main__":
    main()
