"""`python -m indictok static OUT`: the page as a Hugging Face *Static* Space (free to host):
a folder of files that runs entirely in the visitor's browser, and fetches nothing from
outside its own origin.

It holds the workbench (assets/js/, the same cards, URL parameters and contract as the
Gradio page), run by the browser engine (assets/js/engine.mjs) for every tokenizer proven
exact there (indictok/browser.py) whose licence lets us redistribute its file; the Token
tax table; Token lookup, Decode ids and the grader (our tokenizer, or an uploaded
tokenizer.json / .tiktoken, graded in the browser: assets/js/static_tabs.mjs).
docs/deploy.md says how to upload it.
"""

from __future__ import annotations

import json
import shutil
from html import escape
from pathlib import Path
from typing import Any

from .. import __version__, browser, catalog
from ..grading import RATIO_TARGET, REFERENCE_DIR, VOCAB_LIMIT
from ..languages import LANGUAGES
from ..paths import ASSETS_DIR
from ..pretokenize import SUPERWORD_PATTERN
from . import board, contract, limits

STATIC_NAMES = tuple(n for n in browser.BROWSER_NAMES if n not in browser.NOT_REDISTRIBUTED)
OURS = "(it holds files it writes itself; refusing to write into another folder)"
MARKER = "indictok-static"  # in index.html: OUT is a folder this command wrote


def build(out: Path) -> dict[str, Any]:
    """Write the Static Space into `out` (created, or one this command wrote before); what
    it holds: {"tokenizers": [...], "left_out": {name: why}, "bytes": total}."""
    _check_target(out)
    for folder in ("js", "vendor", "tokenizers", "reference"):
        shutil.rmtree(out / folder, ignore_errors=True)
    out.mkdir(parents=True, exist_ok=True)
    shutil.copytree(ASSETS_DIR / "js", out / "js")
    shutil.copytree(ASSETS_DIR / "vendor", out / "vendor")
    shutil.copytree(REFERENCE_DIR, out / "reference")
    shutil.copyfile(ASSETS_DIR / "style.css", out / "style.css")
    (out / "tokenizers").mkdir()
    config = page_config(out)
    (out / "config.json").write_text(json.dumps(config, ensure_ascii=False), encoding="utf-8")
    (out / "index.html").write_text(index_html(), encoding="utf-8")
    left_out = left_out_reasons()
    (out / "README.md").write_text(readme(left_out), encoding="utf-8")
    size = sum(p.stat().st_size for p in out.rglob("*") if p.is_file())
    return {"tokenizers": list(STATIC_NAMES), "left_out": left_out, "bytes": size}


def _check_target(out: Path) -> None:
    if out.is_file():
        raise ValueError(f"{out} is a file, not a folder")
    if out.is_dir() and any(out.iterdir()):
        index = out / "index.html"
        if not index.is_file() or MARKER not in index.read_text(encoding="utf-8", errors="ignore"):
            raise ValueError(f"{out} is not empty {OURS}")


def page_config(out: Path) -> dict[str, Any]:
    """contract.page_config for the static page: only the tokenizers it has, the browser
    engine's files as paths inside `out` (copied there now), and what the tabs need."""
    config = contract.page_config([])
    config["tokenizers"] = [t for t in config["tokenizers"] if t["name"] in STATIC_NAMES]
    config["defaults"] = [n for n in catalog.DEFAULT_NAMES if n in STATIC_NAMES]

    def url(kind: str, path: Path) -> str:
        if kind == "vendor":
            return f"vendor/{path.relative_to(ASSETS_DIR / 'vendor').as_posix()}"
        shutil.copyfile(path, out / "tokenizers" / path.name)
        return f"tokenizers/{path.name}"

    config["engine"] = browser.engine_config(STATIC_NAMES, url)
    config["static"] = {
        "max_query_bytes": limits.MAX_QUERY_BYTES,
        "max_upload_bytes": limits.UPLOADS.bytes_per_file,
        "grader": {
            "vocab_limit": VOCAB_LIMIT,
            "ratio_target": RATIO_TARGET,
            "references": {code: f"reference/{code}.txt" for code in LANGUAGES},
            "pattern": SUPERWORD_PATTERN,  # an uploaded .tiktoken's split pattern, by default
        },
        "left_out": left_out_reasons(),
        "version": __version__,
    }
    return config


def left_out_reasons() -> dict[str, str]:
    """Every catalog tokenizer the static page does not have, and why."""
    reasons = {}
    for name, spec in catalog.SPECS.items():
        if name in STATIC_NAMES:
            continue
        if name in browser.NOT_REDISTRIBUTED:
            reasons[name] = (
                f"its file comes under the {browser.NOT_REDISTRIBUTED[name]}, which allows "
                "redistribution only with the licence's terms and notices; the Gradio page "
                "reads it from the installed llama-models package instead"
            )
        elif spec.family == "sentencepiece":
            reasons[name] = "SentencePiece: no browser build proven exact yet (Gradio page only)"
        else:
            reasons[name] = "not proven exact in the browser yet (Gradio page only)"
    return reasons


def token_tax_html() -> str:
    """The Token tax section: one language's bars at a time (a menu), then the full table."""
    rows = board.read_board()
    names = board.languages(rows)
    if not names:
        return "<p>No leaderboard file: run <code>python -m indictok leaderboard</code>.</p>"
    options = "".join(f'<option value="{i}">{escape(n)}</option>' for i, n in enumerate(names))
    bars = "".join(
        f'<div class="itl-tax-one" data-language="{i}"{" hidden" if i else ""}>'
        f"{board.tax_bars_html(rows, n)}</div>"
        for i, n in enumerate(names)
    )
    head = "".join(f"<th>{escape(h)}</th>" for h in board.HEADERS)
    body = "".join(
        "<tr>" + "".join(f"<td>{escape(cell)}</td>" for cell in row) + "</tr>"
        for row in board.table_rows(rows)
    )
    return (
        '<label class="itl-field">Language <select id="itl-tax-language">'
        f"{options}</select></label>{bars}"
        f'<div class="itl-table-wrap"><table class="itl-table" id="itl-leaderboard">'
        f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></div>"
    )


def index_html() -> str:
    tabs = (
        ("tax", "Token tax"),
        ("grader", "Grader"),
        ("lookup", "Token lookup"),
        ("decode", "Decode ids"),
        ("about", "About"),
    )
    buttons = "".join(
        f'<button type="button" class="itl-tab" data-tab="{key}">{title}</button>'
        for key, title in tabs
    )
    return f"""<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="{MARKER} {__version__}">
<title>Indic Tokenizer Lab</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="style.css">
<link rel="modulepreload" href="js/static.mjs">
</head>
<body class="itl-static">
<header id="itl-header"><h1>Indic Tokenizer Lab</h1><p>How language models cut Indian-language
text into tokens, and what that costs against English: our own 5k-token BPEs beside GPT-4o's,
Qwen's, DeepSeek's and Mistral's. Everything runs in your browser; nothing you type leaves it.
<a href="#itl-below">Token tax, grader, lookup ↓</a></p></header>
<main>
<div id="itl-workbench"></div>
<section id="itl-below">
<nav class="itl-tabs" role="tablist">{buttons}</nav>
<div class="itl-tabpanel" data-panel="tax" hidden>
<p>What each model charges a language: its tokens for the 1,012 FLORES-200 devtest sentences
÷ its tokens for their English originals (lower is fairer; 1.00× is English's price).</p>
{token_tax_html()}
</div>
<div class="itl-tabpanel" data-panel="grader" hidden></div>
<div class="itl-tabpanel" data-panel="lookup" hidden></div>
<div class="itl-tabpanel" data-panel="decode" hidden></div>
<div class="itl-tabpanel" data-panel="about" hidden><p>The static build of the Indic
Tokenizer Lab ({__version__}): tokenizers run by tiktoken's WebAssembly build and by
tokenizers.js, vendored with their sha256; each proven to give the same ids and metrics as the
Python package on every held-out line. Llama's tokenizers and the SentencePiece models are on
the Gradio page only (README.md says why).</p></div>
</section>
</main>
<script type="module" src="js/static.mjs"></script>
</body>
</html>
"""


def readme(left_out: dict[str, str]) -> str:
    kept = "\n".join(f"- `{n}`: {catalog.SPECS[n].source}" for n in STATIC_NAMES)
    gone = "\n".join(f"- `{n}`: {why}" for n, why in left_out.items())
    return f"""---
title: Indic Tokenizer Lab (static)
emoji: 🔤
colorFrom: yellow
colorTo: red
sdk: static
app_file: index.html
license: mit
short_description: Indian-language tokenizers side by side, in your browser
---

# Indic Tokenizer Lab, static build

Written by `python -m indictok static OUT` (indictok {__version__}). Every tokenizer runs in the
visitor's browser (tiktoken's WebAssembly build, tokenizers.js); the page fetches nothing from
outside this Space. Links take the same parameters as the Gradio page: `t k v l ws embed`.

## Tokenizers here

{kept}

## Left out, and why

{gone}
"""
