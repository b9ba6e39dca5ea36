"""The leaderboard tab: assets/leaderboard.csv (written by `python -m indictok leaderboard`)
as a table and as bars from zero, one group per language."""

from __future__ import annotations

import csv
from html import escape

from ..store import LEADERBOARD_CSV as CSV_PATH

CHART_LEAVES_OUT = ("gpt2", "cl100k_base")  # 3-12x more tokens: in the table, not the bars


def read_board() -> list[dict[str, str]]:
    try:
        with open(CSV_PATH, encoding="utf-8", newline="") as f:
            return list(csv.DictReader(f))
    except OSError:
        return []


def table_rows(board: list[dict[str, str]]) -> list[list[str]]:
    return [
        [r["language"], r["tokenizer"], r["vocab"], r["tokens_per_word"], r["bytes_per_token"]]
        for r in board
    ]


def bars_html(board: list[dict[str, str]]) -> str:
    rows = [r for r in board if r["tokenizer"] not in CHART_LEAVES_OUT]
    if not rows:
        return "<p>No leaderboard file: run <code>python -m indictok leaderboard</code>.</p>"
    top = max(float(r["tokens_per_word"]) for r in rows)
    parts = []
    for language in dict.fromkeys(r["language"] for r in rows):
        bars = "".join(
            '<div class="itl-barrow">'
            f'<span class="itl-barlabel">{escape(r["tokenizer"])}</span>'
            f'<span class="itl-bartrack"><span class="itl-barfill" style="width:'
            f'{100 * float(r["tokens_per_word"]) / top:.1f}%"></span></span>'
            f'<span class="itl-barvalue">{float(r["tokens_per_word"]):.3f}</span></div>'
            for r in rows
            if r["language"] == language
        )
        caption = f"<figcaption>{escape(language)}</figcaption>"
        parts.append(f'<figure class="itl-barchart">{caption}{bars}</figure>')
    return f'<div class="itl-bars">{"".join(parts)}</div>'
