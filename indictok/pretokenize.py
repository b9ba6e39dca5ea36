"""Normalisation and the Indic split pattern: text -> chunks that BPE never merges across.

The pattern is plain enough to run unchanged in three regex engines: Python's `regex`
(our trainer and reference encoder), Rust `fancy-regex` (tiktoken) and Oniguruma
(HF `tokenizers`), so all three cut text into the same chunks.

It does not do BPE, and it does not know any vocabulary.
"""

from __future__ import annotations

import unicodedata

import regex

from .nfc import nfc

# Copied from tiktoken_ext/openai_public.py (tiktoken 0.14.0), for comparison and tests.
GPT2_SPLIT_PATTERN = (
    r"""'(?:[sdmt]|ll|ve|re)| ?\p{L}++| ?\p{N}++| ?[^\s\p{L}\p{N}]++|\s++$|\s+(?!\S)|\s"""
)
GPT4_SPLIT_PATTERN = (
    r"""'(?i:[sdmt]|ll|ve|re)|[^\r\n\p{L}\p{N}]?+\p{L}++|\p{N}{1,3}+"""
    r"""| ?[^\s\p{L}\p{N}]++[\r\n]*+|\s++$|\s*[\r\n]|\s+(?!\S)|\s"""
)

# NOTE: why the Indic pattern differs from GPT-2/GPT-4 (tiktoken#292, minbpe#73):
# vowel signs, virama, nukta, anusvara and visarga are combining marks (\p{M}), not
# letters, so `\p{L}+` cuts "नमस्ते" into नमस ् त े. ZWJ/ZWNJ (U+200D/U+200C) are format
# characters (\p{Cf}) that even o200k cuts at ("क्\u200dष" -> "क्", "\u200dष").
# Each alternative, tried in order at every position:
#   1. INDIC_WORD  ` ?` + a run of non-Latin letters, marks, ZWJ and ZWNJ: one akshara-safe
#      word in any Indian script, with its leading space ("नमस्ते", " दुनिया", " क्‍ष").
#   2. LATIN_WORD  ` ?` + a run of Latin letters and marks, so code-mixed "Hindiमें" splits
#      into "Hindi" + "में", and English contractions stay whole ("don't").
#   3. NUMBER      ` ?` + 1-3 digits of any script (ASCII or Devanagari): "2024" -> "202" "4",
#      Indian grouping "1,00,000" -> "1" "," "00" "," "000", "१२३" stays whole.
#   4. PUNCT       ` ?` + a run of anything else that is not a space (punctuation, danda,
#      symbols, emoji with their ZWJ and skin tones), plus the newlines right after it:
#      "।", "॥", "://", "👩‍💻", "।\n".
#   5. NEWLINES    whitespace ending in line breaks: "\n", "  \n\n".
#   6. SPACES      whitespace not followed by a non-space (so the last space goes with the
#      next word), then any remaining whitespace.
INDIC_WORD = r" ?(?:[^\s\p{Latin}\p{N}\p{P}\p{S}\p{C}]|[\u200c\u200d])+"
LATIN_WORD = r" ?[\p{Latin}\p{M}]+(?:['’][\p{Latin}\p{M}]+)*"
NUMBER = r" ?\p{N}{1,3}"
PUNCT = r" ?[^\s\p{L}\p{M}\p{N}]+[\r\n]*"
NEWLINES = r"\s*[\r\n]+"
SPACES = r"\s+(?!\S)|\s+"
INDIC_SPLIT_PATTERN = f"{INDIC_WORD}|{LATIN_WORD}|{NUMBER}|{PUNCT}|{NEWLINES}|{SPACES}"
PATTERN_VERSION = "indic-v1"

# The superword stage (SuperBPE, Liu et al. 2025): a run of Indian-script words joined by
# single spaces, with the sentence punctuation right after its last word (danda, comma, ?, !,
# colon, semicolon), is one chunk, so late merges can learn "के लिए", " है कि" or " है।" as
# one token. Everything else (Latin, numbers, other punctuation, line breaks) splits as above.
_INDIC_LETTER = r"(?:[^\s\p{Latin}\p{N}\p{P}\p{S}\p{C}]|[\u200c\u200d])"
INDIC_RUN = rf" ?{_INDIC_LETTER}+(?: {_INDIC_LETTER}+)*"
SENTENCE_PUNCT = "[।॥,?!:;۔،؟]?"  # Indic and Urdu sentence punctuation
SUPERWORD_PATTERN = f"{INDIC_RUN}{SENTENCE_PUNCT}|{LATIN_WORD}|{NUMBER}|{PUNCT}|{NEWLINES}|{SPACES}"
SUPERWORD_PATTERN_VERSION = "indic-superword-v1"
# The same without the punctuation (an ablation variant).
SUPERWORD_BARE_PATTERN = f"{INDIC_RUN}|{LATIN_WORD}|{NUMBER}|{PUNCT}|{NEWLINES}|{SPACES}"
SUPERWORD_BARE_PATTERN_VERSION = "indic-superword-bare-v1"

_compiled: dict[str, regex.Pattern[str]] = {}


def normalize(text: str) -> str:
    """Unicode NFC, applied both when training and when encoding.

    NFC composes "क" + nukta into "क़" only where Unicode allows it; the precomposed
    letters U+0958..U+095F are *decomposed* by NFC (they are composition exclusions).
    Long texts take `nfc.nfc`, which gives the same result without normalising the parts
    that cannot change (10 ms -> 1 ms per MB of Hindi).
    """
    if len(text) < 2000:
        return unicodedata.normalize("NFC", text)
    return nfc(text)


def split(text: str, pattern: str = INDIC_SPLIT_PATTERN) -> list[str]:
    """Cut text into the chunks BPE works inside: split("नमस्ते दुनिया") -> ["नमस्ते", " दुनिया"]."""
    compiled = _compiled.get(pattern)
    if compiled is None:
        compiled = _compiled[pattern] = regex.compile(pattern)
    return compiled.findall(text)
