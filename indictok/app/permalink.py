"""App state <-> URL query string. The text is zlib-compressed and base64url-encoded.

The page builds its links in the browser (assets/workbench.js, CompressionStream "deflate",
the same format); this module is the Python side: the API's `permalink_query`, links that a
course page builds for its own texts, and the tests that check both sides agree.
Parameters: t (text), k (tokenizers, comma-separated), v (view), l (language), ws=1
(whitespace marks), embed=1 (only the text box and the cards).
"""

from __future__ import annotations

import base64
import binascii
import zlib
from dataclasses import dataclass, field
from urllib.parse import urlencode

from .. import catalog
from ..languages import LANGUAGES
from .limits import MAX_BYTES, MAX_QUERY_BYTES

VIEWS = ("characters", "tokens")


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


def unpack_text(packed: str) -> str:
    """Inverse of pack_text; raises ValueError on anything malformed, cut short or too large."""
    try:
        padded = (packed + "=" * (-len(packed) % 4)).encode("ascii")
        compressed = base64.b64decode(padded, altchars=b"-_", validate=True)
        inflater = zlib.decompressobj()
        data = inflater.decompress(compressed, MAX_BYTES + 1)
    except (binascii.Error, zlib.error, ValueError) as e:
        raise ValueError("the link's text is damaged; it may have been cut short") from e
    if len(data) > MAX_BYTES or inflater.unconsumed_tail:
        raise ValueError("the link's text is larger than the app accepts")
    if not inflater.eof:
        raise ValueError("the link's text is damaged; it may have been cut short")
    return data.decode("utf-8", errors="replace")


def to_query(state: AppState) -> str:
    """The query string for `state`; without `t` when the text would make it longer than
    MAX_QUERY_BYTES (hosting proxies cut long URLs): the link then keeps everything else."""
    params = {"k": ",".join(state.names), "v": state.view}
    if state.language != "auto":
        params["l"] = state.language
    if state.show_whitespace:
        params["ws"] = "1"
    if state.embed:
        params["embed"] = "1"
    rest = urlencode(params)
    packed = pack_text(state.text)
    return f"t={packed}&{rest}" if len(packed) + len(rest) + 3 <= MAX_QUERY_BYTES else rest


def from_query(params: dict[str, str]) -> tuple[AppState, str]:
    """State from query parameters, and a message about anything that was ignored."""
    state, problems = AppState(), []
    if "t" in params:
        try:
            state.text = unpack_text(params["t"])
        except ValueError as e:
            problems.append(str(e))
    if "k" in params:
        names = [n for n in params["k"].split(",") if n in catalog.SPECS]
        if names:
            state.names = names
        else:
            problems.append("the link names no known tokenizer; showing the defaults")
    view = params.get("v", "")
    state.view = view if view in VIEWS else "characters"
    language = params.get("l", "auto")
    state.language = language if language in LANGUAGES else "auto"
    state.show_whitespace = params.get("ws") == "1"
    state.embed = params.get("embed") == "1"
    return state, "; ".join(problems)
