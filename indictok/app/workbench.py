"""The page's hot path: the browser sends the text once and gets compact token data back.

`tokenize` is a Gradio server function (a direct call, not a queued event): the browser's
assets/js/ draws every card from its answer. No HTML is built here, so user text
reaches the page only through `textContent`.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import orjson

from .. import catalog
from ..analysis import Analysis, Unavailable
from ..segments import token_relations
from .cache import CACHE
from .contract import Card, PageAnswer, UnavailableCard
from .errors import InputError, message
from .permalink import check_state, to_query
from .request import analyse_checked, check_page


def card_data(result: Analysis | Unavailable, text: str, lang: str) -> Card | UnavailableCard:
    """One tokenizer's tokens as columns (contract.Card): ids, byte spans, relation codes,
    akshara groups; `lang` is the language of the text."""
    if isinstance(result, Unavailable):
        return {"name": result.name, "label": result.label, "error": result.reason}
    encoded, s = result.encoded, result.stats
    spec = catalog.SPECS.get(result.name)  # None for a visitor's own tokenizer
    empty = np.flatnonzero(encoded.starts == encoded.ends).tolist()
    card: Card = {
        "name": result.name,
        "label": result.label,
        "vocab": result.vocab_size,
        "lang": (spec.lang if spec else "") or lang,
        "stats": {
            "tokens": s.tokens,
            "bytes": s.bytes,
            "chars": s.chars,
            "words": s.words,
            "graphemes": s.graphemes,
            "partial_tokens": s.partial_tokens,
            "split_graphemes": s.split_graphemes,
            "bytes_per_token": s.bytes_per_token,
            "chars_per_token": s.chars_per_token,
            "tokens_per_word": s.tokens_per_word,
            "partial_share": s.partial_share,
            "split_share": s.split_share,
        },
        "premium": result.premium,
        "ids": encoded.ids,
        "starts": encoded.starts,
        "ends": encoded.ends,
        "relations": token_relations(encoded),
        "groups": {"bounds": result.grouping.bounds, "firsts": result.grouping.firsts},
        "empty_pieces": {str(i): encoded.table.piece_of(encoded.ids[i]) for i in empty},
    }  # numpy columns: orjson writes them as lists
    if encoded.text != text:  # spans point into the tokenizer's normalised text
        card["text"] = encoded.text
    return card


def analyse_request(request: Any) -> PageAnswer:
    """Check a page request, pick the language's tokenizers, analyse: the answer as a dict."""
    checked = check_page(request)
    cards = [card_data(r, checked.text, checked.language) for r in analyse_checked(checked)]
    for key, card in zip(checked.own, cards[len(cards) - len(checked.own) :], strict=True):
        card["own"] = key  # the visitor's own come last, in the order of their keys
    return {
        "language": checked.language,
        "language_note": checked.language_note,
        "tokenizers": checked.names,
        "cards": cards,
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


def permalink(request: Any) -> str:
    """The page's "Copy link": JSON {"query": the link's query string} (permalink.to_query:
    without the text when it does not fit, said by note=link-too-long) or {"error": message}."""
    try:
        answer = {"query": to_query(check_state(request))}
    except InputError as e:
        answer = {"error": message(e)}
    return orjson.dumps(answer).decode("utf-8")
