"""Pure text utilities that the backends and the engine both use (imports nothing of
indictok): whether a text has UTF-8 bytes at all, where its characters start in them, and a
piece's whitespace as visible marks."""

from __future__ import annotations

import unicodedata

import numpy as np

# The marks a piece's whitespace and joiners are shown as, everywhere on the page (the Lab's
# merges and replay, the details panel, Token lookup, the Grader): assets/js/text.mjs has the
# same table (tests/test_lab_html.py compares them).
WHITESPACE_MARKS = {
    " ": "·", "\t": "→", "\n": "↵", "\r": "␍", "\u00a0": "⍽",
    "\u200d": "⟨ZWJ⟩", "\u200c": "⟨ZWNJ⟩",
}  # fmt: skip


def visible_whitespace(text: str) -> str:
    """`text` with its whitespace and joiners as marks ("a b\n" -> "a·b↵")."""
    return "".join(WHITESPACE_MARKS.get(c, c) for c in text)


def visible_piece(data: bytes) -> str:
    """A token's bytes as the page shows them: its text with whitespace marks and other
    control characters as \\uXXXX, or where the bytes are not whole UTF-8, each byte in hex
    (b"\\xe0\\xa4" -> "<E0><A4>")."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return "".join(f"<{b:02X}>" for b in data)
    return "".join(
        WHITESPACE_MARKS.get(c)
        or (f"\\u{ord(c):04x}" if unicodedata.category(c).startswith("C") else c)
        for c in text
    )


def check_encodable(text: str) -> None:
    """Raise a clear ValueError if `text` cannot be UTF-8 encoded (an unpaired surrogate)."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as e:
        bad = text[e.start]
        raise ValueError(
            f"text contains an unpaired surrogate U+{ord(bad):04X} at character {e.start}; "
            "it is not valid Unicode text and has no UTF-8 bytes to tokenize. "
            "Remove it, or replace it with U+FFFD."
        ) from e


def codepoint_offsets(text: str) -> np.ndarray:
    """UTF-8 byte offset of every character boundary: "aन" -> [0, 1, 4]."""
    code_points = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)
    widths = 1 + (code_points >= 0x80) + (code_points >= 0x800) + (code_points >= 0x10000)
    offsets = np.zeros(len(code_points) + 1, dtype=np.int64)
    np.cumsum(widths, out=offsets[1:])
    return offsets
