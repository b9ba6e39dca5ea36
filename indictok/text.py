"""Pure text utilities that the backends and the engine both use (imports nothing of
indictok): whether a text has UTF-8 bytes at all, and where its characters start in them."""

from __future__ import annotations

import numpy as np


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
