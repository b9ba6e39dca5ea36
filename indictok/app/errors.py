"""A request the app refuses, and how a refusal is worded for the visitor."""

from __future__ import annotations

from typing import Any

from .limits import ECHO_CHARS, MAX_MESSAGE_CHARS

# A text over its limit: request.too_long fills it in, and the page fills in the same template
# (contract.page_config sends it as messages.too_long).
TOO_LONG = (
    "{what} has {chars} characters (Unicode code points); the limit is {limit}. "
    "Paste a shorter part."
)
NO_TOKENIZER = "choose at least one tokenizer"  # a request with no tokenizer (the page's too)


class InputError(ValueError):
    """A request the app refuses, with a message for the visitor."""


def echo(value: Any, limit: int = ECHO_CHARS) -> str:
    """`repr(value)` cut to `limit` characters, for a message that names a refused value."""
    shown = repr(value)
    return shown if len(shown) <= limit else f"{shown[:limit]}… ({len(shown):,} characters)"


def message(error: Exception) -> str:
    """An error's message for the visitor, cut so no refused value comes back whole."""
    text = str(error)
    return text if len(text) <= MAX_MESSAGE_CHARS else text[:MAX_MESSAGE_CHARS] + "…"
