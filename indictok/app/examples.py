"""The page's examples: short texts we wrote ourselves, in assets/examples/."""

from __future__ import annotations

from functools import cache
from typing import NamedTuple

from ..paths import ASSETS_DIR

EXAMPLES_DIR = ASSETS_DIR / "examples"


class Example(NamedTuple):
    label: str
    stem: str
    english: str = ""  # the stem of its English original, for the token premium


EXAMPLES = [
    Example("Hindi news", "hi_news"),
    Example("Hinglish code-mix", "hinglish"),
    Example("Indian number grouping", "numbers"),
    Example("URL and code", "url_code"),
    Example("Emoji", "emoji"),
    Example("Marathi", "marathi"),
    Example("Nepali", "nepali"),
    Example("Bengali", "bengali"),
    Example("Gujarati", "gujarati"),
    Example("Punjabi", "punjabi"),
    Example("Tamil", "tamil"),
    Example("Telugu", "telugu"),
    Example("Kannada", "kannada"),
    Example("Malayalam", "malayalam"),
    Example("Urdu", "urdu"),
    Example("English", "english"),
    Example(
        "Hindi translation of the English (with its token premium)", "hindi_translation", "english"
    ),
]


def read(stem: str) -> str:
    return (EXAMPLES_DIR / f"{stem}.txt").read_text(encoding="utf-8").rstrip("\n")


@cache
def for_page() -> list[dict[str, str]]:
    """Every example as the page's picker needs it: label, text and any English original."""
    return [
        {"label": e.label, "text": read(e.stem), "english": read(e.english) if e.english else ""}
        for e in EXAMPLES
    ]
