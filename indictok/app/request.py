"""One request's way through the app, for the page (workbench.py), the API (api.py) and the
grader (grade_tab.py): `check` turns what was sent into checked input, every limit of
limits.py checked once (`check_text` the text's, with the visitor's message); `analyse_checked`
runs it in one of the app-wide work slots (scheduler.py).

Everything past `check` trusts its input: the text has UTF-8 bytes and fits the limits, the
names are known, each once, and already follow the text's language.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from ..analysis import Analysis, Unavailable, analyse, analyse_backend
from ..catalog import for_language
from ..sandbox import SandboxError
from ..text import check_encodable
from . import own
from .errors import NO_TOKENIZER, TOO_LONG, InputError
from .limits import MAX_BYTES, MAX_CHARS, MAX_ENGLISH_CHARS
from .scheduler import cost, work_slot
from .selection import check_language, check_names, pick_language


def check_text(text: Any, what: str = "the text", limit: int = MAX_CHARS) -> str:
    """`text` if the app accepts it, else InputError saying what is wrong."""
    if text is None:
        return ""
    if not isinstance(text, str):
        raise InputError(f"{what} must be a string, not {type(text).__name__}")
    if len(text) > limit:
        raise InputError(too_long(what, len(text), limit))
    try:
        check_encodable(text)
    except ValueError as e:
        raise InputError(f"{what}: {e}") from None
    if (size := len(text.encode("utf-8"))) > MAX_BYTES:
        raise InputError(f"{what} is {size:,} UTF-8 bytes; the limit is {MAX_BYTES:,}.")
    return text


def too_long(what: str, chars: int, limit: int = MAX_CHARS) -> str:
    """The visitor's message for `what` of `chars` characters over `limit` (errors.TOO_LONG)."""
    return TOO_LONG.format(what=what, chars=f"{chars:,}", limit=f"{limit:,}")


@dataclass(frozen=True)
class Checked:
    """A request that passed every check."""

    text: str
    english: str  # the English original ("" if none): the token premium
    names: list[str]  # catalog tokenizers to run, each once, in the order asked
    language: str  # the language whose tokenizers are shown ("hi")
    language_note: str  # why: "Hindi (detected)"
    chosen: str  # "auto", or the language the visitor chose (a permalink keeps it)
    own: list[str]  # keys of the visitor's own tokenizers (the page only)

    @property
    def cost(self) -> int:
        """What it costs the workers: characters × tokenizers (scheduler.cost)."""
        return cost(self.text + self.english, len(self.names) + len(self.own))

    @contextmanager
    def slot(self) -> Iterator[None]:
        """One of the app-wide workers, for work of this request's cost."""
        with work_slot(self.cost):
            yield


def check(
    text: Any,
    tokenizers: Any,
    *,
    english: Any = "",
    language: Any = "auto",
    own_keys: Any = None,
    swap: bool = True,
) -> Checked:
    """Every limit, once: the text and the English original (length, UTF-8 bytes, no lone
    surrogate), the names (known, at most MAX_TOKENIZERS), the language and the visitor's
    own keys; InputError with the visitor's message otherwise. With `swap`, language-specific
    tokenizers follow the text's language (indic-bpe-hi -> indic-bpe-ta for Tamil text)."""
    text = check_text(text)
    english = check_text(english, "the English original", MAX_ENGLISH_CHARS)
    asked = check_names(tokenizers)
    chosen = check_language(language)
    lang, note = pick_language(text, asked, chosen)
    names = for_language(asked, lang) if swap else asked
    keys = own.check_keys(own_keys)
    if not names and not keys:
        raise InputError(NO_TOKENIZER)
    return Checked(text, english, names, lang, note, chosen, keys)


def check_page(request: Any) -> Checked:
    """The page's request: {"text", "english", "tokenizers", "language", "own"}."""
    if not isinstance(request, dict):
        raise InputError("expected an object with text, tokenizers and language")
    return check(
        request.get("text"),
        request.get("tokenizers"),
        english=request.get("english"),
        language=request.get("language"),
        own_keys=request.get("own"),
    )


def analyse_checked(checked: Checked) -> list[Analysis | Unavailable]:
    """Every tokenizer's analysis (the catalog's, then the visitor's own), in one work slot."""
    text, english = checked.text, checked.english
    with checked.slot():
        results = analyse(text, checked.names, english)
        return results + [own_result(key, text, english) for key in checked.own]


def own_result(key: str, text: str, english: str) -> Analysis | Unavailable:
    """The card of a visitor's own tokenizer (uploaded or trained), if it is still kept."""
    kept = own.find(key)
    if kept is None:
        why = (
            "your tokenizer is no longer kept (an hour unused, or the app restarted): load it again"
        )
        return Unavailable("yours", "Your tokenizer", why)
    try:
        return analyse_backend(kept.name, kept.label, kept.backend, text, english)
    except SandboxError as e:  # an uploaded tokenizer runs in a child process, time-limited
        return Unavailable(kept.name, kept.label, str(e))
