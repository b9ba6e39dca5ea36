"""Analyses as rows: the metrics table (API and export) and the streamed token CSV/JSON export.

Export files live in one folder of the app's scratch root (app/scratch.py); folders older than
EXPORT_TTL_SECONDS are removed at each export, and all of them with the root (exit, SIGTERM),
so a busy Space does not fill its disk.
"""

from __future__ import annotations

import csv
import json
import shutil
import time
import uuid
from collections.abc import Iterator

from ..analysis import Analysis, Unavailable
from .errors import InputError
from .limits import EXPORT_TTL_SECONDS, MAX_EXPORT_ROWS
from .scratch import SCRATCH

Results = list[Analysis | Unavailable]

EXPORT_ROOT = SCRATCH.root / "exports"  # removed with the scratch root (exit, SIGTERM)
SPREADSHEET_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
METRIC_COLUMNS = [
    "tokenizer",
    "vocab size",
    "tokens",
    "bytes/token",
    "chars/token",
    "tokens/word",
    "graphemes",
    "partial-byte tokens",
    "aksharas split",
    "token premium vs English",
]
TOKEN_COLUMNS = ["tokenizer", "index", "id", "piece", "bytes_hex", "start_byte", "end_byte"]


def metric_row(r: Analysis) -> dict[str, object]:
    s = r.stats
    values = [
        r.name,
        r.vocab_size,
        s.tokens,
        round(s.bytes_per_token, 2),
        round(s.chars_per_token, 3),
        round(s.tokens_per_word, 3),
        s.graphemes,
        round(s.partial_share, 4),
        round(s.split_share, 4),
        None if r.premium is None else round(r.premium, 3),
    ]
    return dict(zip(METRIC_COLUMNS, values, strict=True))


def metric_rows(results: Results) -> list[dict[str, object]]:
    return [metric_row(r) for r in results if isinstance(r, Analysis)]


def neutralise(cell: str) -> str:
    """A cell a spreadsheet would run as a formula gets a leading apostrophe (OWASP rule)."""
    return "'" + cell if cell.startswith(SPREADSHEET_TRIGGERS) else cell


def token_rows(results: Results) -> Iterator[list[object]]:
    """One row per token of every tokenizer, produced as the CSV is written."""
    for r in results:
        if isinstance(r, Unavailable):
            continue
        e = r.encoded
        for index, (token_id, start, end) in enumerate(
            zip(e.ids, e.starts.tolist(), e.ends.tolist(), strict=True)
        ):
            data = e.table.data_of(token_id)
            piece = neutralise(e.table.piece_of(token_id))
            yield [r.name, index, token_id, piece, data.hex(" ").upper(), start, end]


def check_export_size(results: Results) -> None:
    rows = sum(len(r.encoded) for r in results if isinstance(r, Analysis))
    if rows > MAX_EXPORT_ROWS:
        raise InputError(
            f"that export would have {rows:,} token rows; the limit is {MAX_EXPORT_ROWS:,}. "
            "Export fewer tokenizers or a shorter text."
        )


def _remove_old_exports() -> None:
    if not EXPORT_ROOT.is_dir():
        return
    for folder in EXPORT_ROOT.iterdir():
        if time.time() - folder.stat().st_mtime > EXPORT_TTL_SECONDS:
            shutil.rmtree(folder, ignore_errors=True)


def write_export(text: str, results: Results) -> list[str]:
    """tokens.csv, metrics.csv and analysis.json (metrics, no token rows) in a fresh folder."""
    check_export_size(results)
    _remove_old_exports()
    folder = EXPORT_ROOT / uuid.uuid4().hex
    folder.mkdir(parents=True)
    with open(folder / "tokens.csv", "w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(TOKEN_COLUMNS)
        writer.writerows(token_rows(results))
    metrics = metric_rows(results)
    with open(folder / "metrics.csv", "w", newline="", encoding="utf-8") as f:
        table = csv.DictWriter(f, METRIC_COLUMNS)
        table.writeheader()
        table.writerows(metrics)
    payload = {
        "text": text,
        "metrics": metrics,
        "tokens": {r.name: r.encoded.ids for r in results if isinstance(r, Analysis)},
    }
    (folder / "analysis.json").write_text(json.dumps(payload, ensure_ascii=False), "utf-8")
    return [str(folder / name) for name in ("tokens.csv", "metrics.csv", "analysis.json")]
