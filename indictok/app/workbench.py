"""The page's hot path: the browser sends the text once and gets compact token data back.

`tokenize` is a Gradio server function (a direct call, not a queued event): the browser's
assets/workbench.js draws every card from its answer. No HTML is built here, so user text
reaches the page only through `textContent`.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import orjson

from ..analysis import Analysis, Unavailable
from ..segments import token_relations
from .limits import CACHE, InputError, message
from .request import analyse_checked, check_page


def card_data(result: Analysis | Unavailable, text: str) -> dict[str, Any]:
    """One tokenizer's tokens as columns: ids, byte spans, relation codes, akshara groups."""
    if isinstance(result, Unavailable):
        return {"name": result.name, "label": result.label, "error": result.reason}
    encoded, s = result.encoded, result.stats
    empty = np.flatnonzero(encoded.starts == encoded.ends).tolist()
    data: dict[str, Any] = {
        "name": result.name,
        "label": result.label,
        "vocab": result.vocab_size,
        "stats": {
            "tokens": s.tokens,
            "bytes": s.bytes,
            "chars": s.chars,
            "words": s.words,
            "graphemes": s.graphemes,
            "partial_tokens": s.partial_tokens,
            "split_graphemes": s.split_graphemes,
        },
        "premium": result.premium,
        "ids": encoded.ids,
        "starts": encoded.starts,
        "ends": encoded.ends,
        "relations": token_relations(encoded),
        "groups": {"bounds": result.grouping.bounds, "firsts": result.grouping.firsts},
        "empty_pieces": {str(i): encoded.table.piece_of(encoded.ids[i]) for i in empty},
    }
    if encoded.text != text:  # spans point into the tokenizer's normalised text
        data["text"] = encoded.text
    return data


def analyse_request(request: Any) -> dict[str, Any]:
    """Check a page request, pick the language's tokenizers, analyse: the answer as a dict."""
    checked = check_page(request)
    return {
        "language": checked.language,
        "language_note": checked.language_note,
        "tokenizers": checked.names,
        "cards": [card_data(r, checked.text) for r in analyse_checked(checked)],
    }


def _answer(request: Any) -> str:
    try:
        answer = analyse_request(request)
    except InputError as e:
        answer = {"error": message(e)}
    return orjson.dumps(answer, option=orjson.OPT_SERIALIZE_NUMPY).decode("utf-8")


def _key(request: Any) -> tuple[Any, ...] | None:
    """What makes two page requests identical (None: not worth caching)."""
    if not isinstance(request, dict) or request.get("own"):  # a visitor's own: not shared
        return None
    fields = [request.get(k) for k in ("text", "english", "language")]
    names = request.get("tokenizers")
    if not all(f is None or isinstance(f, str) for f in fields) or not isinstance(names, list):
        return None
    if not all(isinstance(n, str) for n in names):
        return None
    return ("page", *fields, tuple(names))


def tokenize(request: Any) -> str:
    """The page's one call per edit: JSON text (parsed in the browser) with every card's
    data, or {"error": message}; never an HTTP error, so the page can always say why.
    An identical request (an undo, another visitor's example) is answered from the cache."""
    key = _key(request)
    if key is None:
        return _answer(request)
    return str(CACHE.get_or_make(key, lambda: _answer(request), lambda a: 2 * len(a)))
