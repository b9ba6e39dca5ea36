"""The languages we train a tokenizer for, as data: code, name, script and Unicode block.
Which language a text is written in is languages.py's job; this is what the catalog and the
languages' detector both read.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass


@dataclass(frozen=True)
class Language:
    code: str  # ISO 639-1, as in the corpus file names
    name: str
    script: str  # Unicode script name, as `regex` spells it in \p{Script=...}
    block: tuple[int, int]  # the script's main Unicode block (first, last code point)

    @property
    def alphabet(self) -> str:
        """Every assigned, NFC-stable character of the script's block (letters, signs, digits)."""
        chars = (chr(c) for c in range(self.block[0], self.block[1] + 1))
        return "".join(
            c
            for c in chars
            if unicodedata.category(c) != "Cn" and unicodedata.normalize("NFC", c) == c
        )


LANGUAGES: dict[str, Language] = {
    lang.code: lang
    for lang in [
        Language("hi", "Hindi", "Devanagari", (0x0900, 0x097F)),
        Language("mr", "Marathi", "Devanagari", (0x0900, 0x097F)),
        Language("ne", "Nepali", "Devanagari", (0x0900, 0x097F)),
        Language("bn", "Bengali", "Bengali", (0x0980, 0x09FF)),
        Language("gu", "Gujarati", "Gujarati", (0x0A80, 0x0AFF)),
        Language("pa", "Punjabi", "Gurmukhi", (0x0A00, 0x0A7F)),
        Language("ta", "Tamil", "Tamil", (0x0B80, 0x0BFF)),
        Language("te", "Telugu", "Telugu", (0x0C00, 0x0C7F)),
        Language("kn", "Kannada", "Kannada", (0x0C80, 0x0CFF)),
        Language("ml", "Malayalam", "Malayalam", (0x0D00, 0x0D7F)),
        Language("ur", "Urdu", "Arabic", (0x0600, 0x06FF)),
    ]
}
DEFAULT_LANGUAGE = "hi"
