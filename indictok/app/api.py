"""The HTTP API (the page's "Use via API" list): every endpoint checks its input first and
answers a result or a clear message. Gradio turns each docstring's Args into the API page."""

from __future__ import annotations

from typing import Any

import gradio as gr
from gradio.data_classes import FileData

from .. import loaded
from ..analysis import Analysis, Unavailable
from ..backends import Backend, parse_ids
from ..languages import LANGUAGES
from . import board, grade_tab, request, tables, uploads
from .cache import CACHE
from .errors import InputError, echo, message
from .limits import MAX_DECODE_IDS, MAX_DECODE_OUTPUT_BYTES
from .permalink import VIEWS, AppState, to_query
from .scheduler import work_slot
from .selection import check_names
from .urlguard import visitor_of_request

FLORES_SENTENCES = 1012  # the FLORES-200 devtest sentences behind the leaderboard


def compare(
    text: str,
    tokenizers: list[str],
    view: str = "characters",
    show_whitespace: bool = False,
    english: str = "",
    language: str = "auto",
) -> dict[str, Any]:
    """Compare tokenizers on a text: the metrics the page's cards and table show.

    Args:
        text: the text to tokenize (up to 100,000 characters).
        tokenizers: names, e.g. ["indic-bpe-hi", "o200k_base"]; ours follow the text's language.
        view: "characters" or "tokens"; only used for the permalink.
        show_whitespace: only used for the permalink.
        english: optional English original of the text; fills "token premium vs English".
        language: "auto" (detect from the text) or a language code such as "ta".
    Returns:
        {"tokenizers", "language", "metrics": [a row per tokenizer], "unavailable":
        {name: why}, "permalink_query"}, or {"error": message}.
    """
    try:
        if view not in VIEWS:
            raise InputError(f"view must be one of {', '.join(VIEWS)}, not {echo(view)}")
        if not isinstance(show_whitespace, bool):
            raise InputError("show_whitespace must be true or false")
        checked = request.check(text, tokenizers, english=english, language=language)
        rows, unavailable = CACHE.get_or_make(
            ("compare", checked.text, tuple(checked.names), checked.english),
            lambda: _metrics(checked),
            lambda _: 2 * (len(checked.text) + len(checked.english)) + 4_000 * len(checked.names),
        )
    except InputError as e:
        return {"error": message(e)}
    state = AppState(checked.text, checked.names, view, show_whitespace, language=checked.chosen)
    return {
        "tokenizers": checked.names,
        "language": checked.language_note,
        "metrics": rows,
        "unavailable": unavailable,
        "permalink_query": to_query(state),
    }


def _metrics(checked: request.Checked) -> tuple[list[Any], dict[str, str]]:
    results = request.analyse_checked(checked)
    unavailable = {r.name: r.reason for r in results if isinstance(r, Unavailable)}
    return tables.metric_rows(results), unavailable


def token_ids(text: str, tokenizers: list[str]) -> dict[str, Any]:
    """Every chosen tokenizer's token ids for a text.

    Args:
        text: the text to tokenize (up to 100,000 characters).
        tokenizers: tokenizer names (no language swap: you get exactly these).
    Returns:
        {name: [ids]} for each tokenizer, {"error": message} if the request is refused.
    """
    try:
        checked = request.check(text, tokenizers, swap=False)
        results = request.analyse_checked(checked)
    except InputError as e:
        return {"error": message(e)}
    return {
        r.name: r.encoded.ids if isinstance(r, Analysis) else {"error": r.reason} for r in results
    }


def decode(tokenizer: str, ids: str) -> str:
    """Token ids back to text.

    Args:
        tokenizer: a tokenizer name, e.g. "gpt2" or "indic-bpe-hi".
        ids: a JSON list "[31373, 995]" or numbers separated by spaces or commas.
    Returns:
        The text (invalid UTF-8 shown as U+FFFD), or a message starting "Cannot decode:".
    """
    try:
        names = check_names([tokenizer])
        backend = loaded.get(names[0])
        numbers = parse_ids(ids, MAX_DECODE_IDS)
        if _decoded_size(backend, numbers) > MAX_DECODE_OUTPUT_BYTES:
            raise InputError(f"the text would exceed {MAX_DECODE_OUTPUT_BYTES:,} bytes")
        with work_slot(len(numbers)):
            return backend.decode(numbers)  # checks every id, naming the first bad one
    except (InputError, ValueError, loaded.TokenizerUnavailableError) as e:
        return f"Cannot decode: {message(e)}"


def _decoded_size(backend: Backend, ids: list[int]) -> int:
    """UTF-8 bytes the ids stand for, counted before decoding (0 if an id is invalid: the
    decoder then says which one)."""
    table = backend.table
    try:
        return sum(len(table.data_of(i)) for i in ids)
    except (KeyError, IndexError, ValueError):
        return 0


def grade(text: str = "", language: str = "auto") -> dict[str, Any]:
    """The grader's report for our tokenizer of the text's language (or the chosen one).

    Args:
        text: optional text to measure besides the bundled reference text.
        language: "auto" (detect from the text; Hindi for empty text) or a language code.
    Returns:
        {"tokenizer", "vocab_size", "vocab_ok", "reference_text", "pasted_text" (null
        without text), "passed", "passed_covers"}, or {"error": message}.
    """
    return grade_tab.grade_or_error(text, language)


def grade_file(
    file: FileData,
    language: str = "auto",
    text: str = "",
    pattern: str = "",
    request: gr.Request | None = None,
) -> dict[str, Any]:
    """The assignment's verdict for a tokenizer file (a student's submission).

    Args:
        file: a Hugging Face tokenizer.json, a SentencePiece .model, a tiktoken rank file or an
            indictok .model, at most 10 MB (gradio_client: handle_file("tokenizer.json")).
        language: "auto" (the script of its vocabulary) or a language code such as "ta".
        text: optional text to measure besides the bundled reference text.
        pattern: a tiktoken rank file's split pattern, or its JSON sidecar {"pat_str": ...}.
    Returns:
        {"vocab_size", "vocab_ok", "bytes_per_token", "chars_per_token", "tokens_per_word",
        "reference_text", "pasted_text", "stress", "passed", "summary", ...}, or
        {"error": message} for a file it refuses.
    """
    return uploads.grade_api_file(file, language, text, pattern, visitor_of_request(request))


def export_files(text: str, tokenizers: list[str], english: str = "") -> list[str]:
    """The export's three files on this server (the page's Downloads tab shows them)."""
    try:
        checked = request.check(text, tokenizers, english=english, swap=False)
        return tables.write_export(checked.text, request.analyse_checked(checked))
    except InputError as e:
        raise gr.Error(message(e)) from None


def export(text: str, tokenizers: list[str], english: str = "") -> list[dict[str, Any]]:
    """Every token of every chosen tokenizer as CSV, the metrics as CSV, and both as JSON.

    Args:
        text: the text to tokenize.
        tokenizers: tokenizer names (duplicates are ignored); at most 400,000 token rows.
        english: optional English original, for the token premium.
    Returns:
        Three files (tokens.csv, metrics.csv, analysis.json), each with a download URL.
    """
    return [
        {"path": path, "orig_name": path.rsplit("/", 1)[-1], "meta": {"_type": "gradio.FileData"}}
        for path in export_files(text, tokenizers, english)
    ]


# count_tokens and token_tax are also the Space's MCP tools for agents (docs/app.md, "Agents").
# Each Args entry is one line: the API page and the MCP tool schemas read only its first.
def count_tokens(text: str, tokenizers: list[str]) -> dict[str, Any]:
    """How many tokens each tokenizer makes of a text, and its UTF-8 bytes per token.

    Args:
        text: the text to count (up to 100,000 characters).
        tokenizers: names, e.g. ["o200k_base", "llama-3", "indic-bpe-ta"]; exactly these.
    Returns:
        {"counts": {name: {"tokens", "bytes_per_token"}}, "unavailable": {name: why}} or {"error"}
    """
    try:
        checked = request.check(text, tokenizers, swap=False)
        counts, unavailable = CACHE.get_or_make(
            ("count", checked.text, tuple(checked.names)),
            lambda: _counts(checked),
            lambda _: 200 * len(checked.names),
        )
    except InputError as e:
        return {"error": message(e)}
    return {"counts": counts, "unavailable": unavailable}


def _counts(checked: request.Checked) -> tuple[dict[str, Any], dict[str, str]]:
    counts: dict[str, Any] = {}
    unavailable: dict[str, str] = {}
    with checked.slot():
        for name in checked.names:
            try:
                backend = loaded.get(name)
            except loaded.TokenizerUnavailableError as e:
                unavailable[name] = str(e)
                continue
            tokens = len(backend.encode_ids(checked.text))
            size = len(backend.normalize(checked.text).encode("utf-8"))
            counts[name] = {
                "tokens": tokens,
                "bytes_per_token": round(size / tokens, 3) if tokens else 0.0,
            }
    return counts, unavailable


def token_tax(language: str) -> dict[str, Any]:
    """What each tokenizer charges a language against English, on the 1,012 FLORES-200
    devtest sentences: its tokens for the language ÷ its tokens for their English originals
    (1.00 = English's price; ours, trained on no English, ÷ o200k_base's English tokens).

    Args:
        language: a code (hi mr ne bn gu pa ta te kn ml ur) or an English name, e.g. "Tamil".
    Returns:
        {"language", "sentences", "tokenizers": [{"tokenizer", "token_tax", ...}]} or {"error"}
    """
    rows = board.read_board()
    names = {lang.name.lower(): lang.name for lang in LANGUAGES.values()}
    chosen = LANGUAGES[language].name if language in LANGUAGES else None
    chosen = chosen or (names.get(language.lower()) if isinstance(language, str) else None)
    if chosen is None:
        codes = ", ".join(LANGUAGES)
        return {"error": f"unknown language {echo(language)}; use one of: {codes}"}
    found = sorted((r for r in rows if r["language"] == chosen), key=board.tax)
    if not found:
        return {"error": "no leaderboard file: run `python -m indictok leaderboard`"}
    return {
        "language": chosen,
        "sentences": FLORES_SENTENCES,
        "tokenizers": [
            {
                "tokenizer": r["tokenizer"],
                "vocab": int(r["vocab"]),
                "token_tax": round(board.tax(r), 2),
                "tokens_per_word": float(r["tokens_per_word"]),
                "bytes_per_token": float(r["bytes_per_token"]),
                "ours": board.is_ours(r),
            }
            for r in found
        ],
    }
