"""Which tokenizers and which language the page shows for a text."""

from __future__ import annotations

from typing import Any

from ..catalog import SPECS, list_names
from ..languages import DEFAULT_LANGUAGE, LANGUAGES, detect_language
from .errors import InputError, echo
from .limits import MAX_TOKENIZERS


def check_names(names: Any) -> list[str]:
    """Known tokenizer names, each once, in the order given; InputError otherwise."""
    if names is None:
        return []
    if isinstance(names, str):  # one name, as an API caller may send it
        names = [names]
    if not isinstance(names, list | tuple) or not all(isinstance(n, str) for n in names):
        raise InputError("tokenizers must be a list of tokenizer names (strings)")
    unique = list(dict.fromkeys(names))
    for name in unique:
        if name not in SPECS:
            raise InputError(
                f"unknown tokenizer {echo(name)}; available: {', '.join(list_names())}"
            )
    if len(unique) > MAX_TOKENIZERS:
        raise InputError(f"{len(unique)} tokenizers asked for; the limit is {MAX_TOKENIZERS}")
    return unique


def check_language(language: Any) -> str:
    """ "auto" or a language code we have a tokenizer for; InputError otherwise."""
    if language in (None, "", "auto"):
        return "auto"
    if not isinstance(language, str) or language not in LANGUAGES:
        raise InputError(
            f"unknown language {echo(language)}; use auto or one of: {', '.join(LANGUAGES)}"
        )
    return language


def pick_language(text: str, names: list[str], language: str) -> tuple[str, str]:
    """The language whose tokenizers to show, and a few words saying why."""
    if language in LANGUAGES:
        return language, f"{LANGUAGES[language].name} (chosen)"
    shown = [SPECS[n].lang for n in names if SPECS[n].lang]
    current = shown[0] if shown else DEFAULT_LANGUAGE
    detected = detect_language(text)
    if detected is None:
        return current, f"{LANGUAGES[current].name} (no Indian script detected; kept)"
    return detected, f"{LANGUAGES[detected].name} (detected)"


def picker_entries() -> list[dict[str, str | int]]:
    """Every tokenizer for the page's picker: name, label, language, group title (the
    vendor), vocabulary size and where its files come from."""
    return [
        {
            "name": name,
            "label": spec.label,
            "lang": spec.lang,
            "language": LANGUAGES[spec.lang].name if spec.lang else "",
            "group": spec.group,
            "vocab": spec.vocab,
            "source": spec.source,
        }
        for name, spec in SPECS.items()
    ]
