"""The Token tax tab: assets/leaderboard.csv (written by `python -m indictok leaderboard`)
as bars for one language (the token tax, sorted, ours highlighted) and as the full table."""

from __future__ import annotations

import csv
from html import escape

from .. import catalog
from ..paths import LEADERBOARD_CSV as CSV_PATH

HEADERS = ["language", "tokenizer", "vocab", "tokens/word", "bytes/token", "token tax"]


def read_board() -> list[dict[str, str]]:
    try:
        with open(CSV_PATH, encoding="utf-8", newline="") as f:
            return list(csv.DictReader(f))
    except OSError:
        return []


def is_ours(row: dict[str, str]) -> bool:
    spec = catalog.SPECS.get(row["tokenizer"])
    return bool(spec and spec.ours)


def one_language(row: dict[str, str]) -> bool:
    """Trained on one language's text and no English (ours, SentencePiece on our corpus)."""
    spec = catalog.SPECS.get(row["tokenizer"])
    return bool(spec and spec.lang)


def tax(row: dict[str, str]) -> float:
    """Tokens ÷ the same tokenizer's English tokens; a one-language tokenizer's (no English
    in training) ÷ o200k_base's English tokens."""
    return float(row["premium_vs_o200k_english" if one_language(row) else "premium"])


def languages(board: list[dict[str, str]]) -> list[str]:
    return list(dict.fromkeys(r["language"] for r in board))


def table_rows(board: list[dict[str, str]], first: str = "") -> list[list[str]]:
    """The leaderboard's rows, language `first` first (then the file's order), in the page's
    number format: thousands separators, two decimals (three for tokens/word)."""
    rows = sorted(board, key=lambda r: r["language"] != first)  # stable: the file's order
    return [
        [
            r["language"],
            r["tokenizer"],
            f"{int(r['vocab']):,}",
            f"{float(r['tokens_per_word']):.3f}",
            f"{float(r['bytes_per_token']):.2f}",
            f"{tax(r):.2f}",
        ]
        for r in rows
    ]


def tax_bars_html(board: list[dict[str, str]], language: str) -> str:
    """One language's token tax per tokenizer as bars from zero, lowest first."""
    rows = sorted((r for r in board if r["language"] == language), key=tax)
    if not rows:
        return "<p>No leaderboard file: run <code>python -m indictok leaderboard</code>.</p>"
    top = max(tax(r) for r in rows)
    bars = "".join(
        f'<div class="itl-barrow{" itl-ours" if is_ours(r) else ""}">'
        f'<span class="itl-barlabel">{escape(r["tokenizer"])}'
        f"{' (ours)' if is_ours(r) else ''}</span>"
        f'<span class="itl-bartrack"><span class="itl-barfill" style="width:'
        f'{100 * tax(r) / top:.1f}%"></span></span>'
        f'<span class="itl-barvalue">{tax(r):.2f}×</span></div>'
        for r in rows
    )
    caption = (
        f"<figcaption>{escape(language)}: tokens ÷ tokens for the same sentences in English "
        "(1.00× = English's price; ours and SentencePiece, trained on no English: ÷ "
        "o200k_base's English tokens)</figcaption>"
    )
    figure = f'<figure class="itl-barchart">{caption}{bars}</figure>'
    return f'<div class="itl-bars itl-tax">{figure}</div>'
