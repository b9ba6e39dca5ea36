"""The open models' tokenizers against their budgets, measured in fresh processes in one run.

    python scripts/open_models_budget.py [--write-docs]

For each tokenizer that loads on first use (Llama 3 and 4, Qwen, DeepSeek, Mistral): the
first use in a fresh process that has already imported the package, as a visitor's first
request meets it (load the files, check their sha256, build the encoder, encode one
sentence; budget 1 s), and what loading it adds to the process's resident memory. Then one
process with every tokenizer of the catalog loaded: its RSS (budget 1.5 GB).
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time

from indictok import catalog

FIRST_USE = """
import json, time
from indictok import loaded
def rss():
    for line in open("/proc/self/status"):
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) * 1024
before = rss()
start = time.perf_counter()
ids = loaded.get({name!r}).encode_ids("भारत एक विशाल देश है और इसकी राजधानी नई दिल्ली है।")
print(json.dumps({{"seconds": time.perf_counter() - start, "added": rss() - before}}))
"""
ALL_LOADED = """
import json
from indictok import loaded
ok, failed = loaded.load_all()
rss = next(int(l.split()[1]) * 1024 for l in open("/proc/self/status") if l.startswith("VmRSS:"))
print(json.dumps({"loaded": len(ok), "failed": len(failed), "rss": rss}))
"""


def run(code: str) -> dict[str, float]:
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3, help="fresh processes per tokenizer")
    parser.add_argument(
        "--write-docs", action="store_true", help="also write the table into docs/speed.md"
    )
    args = parser.parse_args()
    lines = [
        (
            f"Measured by `python scripts/open_models_budget.py` on this machine "
            f"({time.strftime('%Y-%m-%d')}; median of {args.runs} fresh processes each):"
        ),
        "",
        "| tokenizer | vocab | first use (load + one sentence) | budget | memory it adds |",
        "|---|---:|---:|---:|---:|",
    ]
    for spec in catalog.LLMS:
        runs = [run(FIRST_USE.format(name=spec.name)) for _ in range(args.runs)]
        seconds = statistics.median(r["seconds"] for r in runs)
        added = statistics.median(r["added"] for r in runs)
        lines.append(
            f"| {spec.name} | {spec.vocab:,} | **{seconds * 1000:.0f} ms** | ≤ 1,000 ms "
            f"| {added / 2**20:.0f} MB |"
        )
    everything = run(ALL_LOADED)
    lines += [
        "",
        (
            f"Every tokenizer of the catalog loaded in one process ({everything['loaded']:.0f} "
            f"loaded, {everything['failed']:.0f} failed): RSS **{everything['rss'] / 2**20:,.0f} "
            "MB** (budget 1,536 MB)."
        ),
    ]
    table = "\n".join(lines)
    print(table)
    if args.write_docs:
        from indictok.tools.report import write_block

        command = "python scripts/open_models_budget.py --write-docs"
        write_block(table, "open-models-budget", command)


if __name__ == "__main__":
    main()
