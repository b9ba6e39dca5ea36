"""Links to a view of the page: built here, read by the page (assets/js/permalink.mjs).

The page's "Copy link" asks the server (`workbench.permalink`), and the API's /compare
answers `permalink_query`: both are `to_query`. The text travels zlib-compressed and
base64url-encoded; the other parameters are PARAMS. A query longer than MAX_QUERY_BYTES
(hosting proxies cut long URLs) leaves the text out and says so with TOO_LONG_NOTE.
tests/permalink_vectors.json holds queries both sides are tested on.
"""

from __future__ import annotations

import base64
import zlib
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from .. import catalog
from .errors import InputError
from .limits import MAX_QUERY_BYTES
from .request import check

VIEWS = ("characters", "tokens")
# state field -> query parameter
PARAMS = {
    "text": "t",
    "tokenizers": "k",
    "view": "v",
    "language": "l",
    "whitespace": "ws",
    "embed": "embed",
    "note": "note",
}
TOO_LONG_NOTE = "link-too-long"  # note=link-too-long: the text was left out
# What the page says about a link it reads (it reads them; the words are written here).
MESSAGES = {
    "link_too_long": "the link's text was too long for a URL, so it was left out; "
    "the tokenizers, view and language are kept. Paste the text again",
    "link_damaged": "the link's text is damaged; it may have been cut short",
    "link_too_large": "the link's text is larger than the app accepts",
    "link_no_tokenizer": "the link names no known tokenizer; showing the defaults",
}


@dataclass
class AppState:
    text: str = ""
    names: list[str] = field(default_factory=lambda: list(catalog.DEFAULT_NAMES))
    view: str = "characters"
    show_whitespace: bool = False
    embed: bool = False
    language: str = "auto"  # "auto" (detect from the text) or a language code


def pack_text(text: str) -> str:
    compressed = zlib.compress(text.encode("utf-8", errors="surrogatepass"), 9)
    return base64.urlsafe_b64encode(compressed).decode("ascii").rstrip("=")


def to_query(state: AppState) -> str:
    """The query string for `state`. Without the text (and with note=link-too-long) when the
    whole query would be longer than MAX_QUERY_BYTES."""
    params = {PARAMS["tokenizers"]: ",".join(state.names), PARAMS["view"]: state.view}
    if state.language != "auto":
        params[PARAMS["language"]] = state.language
    if state.show_whitespace:
        params[PARAMS["whitespace"]] = "1"
    if state.embed:
        params[PARAMS["embed"]] = "1"
    with_text = urlencode({PARAMS["text"]: pack_text(state.text), **params})
    if len(with_text) <= MAX_QUERY_BYTES:
        return with_text
    return urlencode({**params, PARAMS["note"]: TOO_LONG_NOTE})


def check_state(request: Any) -> AppState:
    """The page's state as it asks for a link; InputError if anything is not acceptable."""
    if not isinstance(request, dict):
        raise InputError("expected an object with text, tokenizers, view and language")
    view = request.get("view", "characters")
    if view not in VIEWS:
        raise InputError(f"view must be one of {', '.join(VIEWS)}")
    checked = check(
        request.get("text"), request.get("tokenizers"), language=request.get("language"), swap=False
    )
    return AppState(
        text=checked.text,
        names=checked.names,
        view=view,
        show_whitespace=request.get("whitespace") is True,
        embed=request.get("embed") is True,
        language=checked.chosen,
    )
