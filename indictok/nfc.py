"""Unicode NFC that skips the work where the text cannot change.

`unicodedata.normalize("NFC", text)` decomposes and recomposes every character it is not
sure about, and in Indic scripts that is almost every word (the nukta, the Bengali and
Tamil vowel signs are NFC_Quick_Check=Maybe): 10-14 ms per MB of Hindi, about as long as
tiktoken takes to tokenize it. Text from the web is nearly always NFC already, so
`nfc(text)` first finds the few places where NFC *could* change something, with numpy over
the code points, and normalises only the space-separated segments around them.

NFC changes text only at
  1. a character that NFC replaces even on its own (U+0958 क़ -> क + nukta, U+2000 -> U+2002);
  2. a pair that composes (न + nukta -> U+0929, Hangul L+V and LV+T);
  3. two combining marks in a row (reordering; a blocked composition needs one too);
  4. a precomposed character followed by a combining mark (its marks may reorder or compose).
No composition or reordering crosses a space or a line break (they are starters that compose
with nothing), so normalising the segments between them is the same as normalising the
whole text; a test checks `nfc(t) == unicodedata.normalize("NFC", t)` on every held-out file
and on random text.
"""

from __future__ import annotations

import functools
import unicodedata

import numpy as np

# Every character with a canonical decomposition or a non-zero combining class is below
# U+30000 (checked by a test); characters above it are stable starters.
_TABLE_SIZE = 0x30000
_CHANGES, _COMBINING, _PRECOMPOSED, _FIRST, _SECOND = 1, 2, 4, 8, 16
_HANGUL = ((0x1100, 0x1112, _FIRST), (0x1161, 0x1175, _SECOND), (0x11A8, 0x11C2, _SECOND))


@functools.cache
def _classes() -> np.ndarray:
    """One byte of flags per code point below U+30000 (built once, about 0.2 s)."""
    table = np.zeros(_TABLE_SIZE, dtype=np.uint8)
    for cp in range(_TABLE_SIZE):
        char = chr(cp)
        if unicodedata.combining(char):
            table[cp] |= _COMBINING
        decomposition = unicodedata.decomposition(char)
        if not decomposition or decomposition.startswith("<"):
            continue  # none, or a compatibility mapping (NFKC's business, not NFC's)
        if unicodedata.normalize("NFC", char) != char:
            table[cp] |= _CHANGES
            continue
        table[cp] |= _PRECOMPOSED
        parts = [int(part, 16) for part in decomposition.split()]
        if len(parts) == 2:  # this character is the composition of the pair
            table[parts[0]] |= _FIRST
            table[parts[1]] |= _SECOND
    table[0xAC00:0xD7A4] |= _FIRST  # Hangul LV syllables take a trailing T jamo
    for start, end, flag in _HANGUL:
        table[start : end + 1] |= flag
    return table


def warm_up() -> None:
    """Build the table (about 0.2 s, once per process) and run numpy's code paths once now,
    rather than in the first call."""
    nfc("क\u093c ख़ " * 500)


def unstable_positions(text: str) -> np.ndarray:
    """Indices of the characters where NFC might change `text` (empty: it is NFC)."""
    cps = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    flags = _classes().take(cps, mode="clip")  # take: a third of indexing's time
    flags[cps >= _TABLE_SIZE] = 0
    left, right = flags[:-1], flags[1:]
    pair = (left & (_COMBINING | _PRECOMPOSED) != 0) & (right & _COMBINING != 0)
    pair |= (left & _FIRST != 0) & (right & _SECOND != 0)
    return np.union1d(np.flatnonzero(flags & _CHANGES), np.flatnonzero(pair))


def nfc(text: str) -> str:
    """Exactly `unicodedata.normalize("NFC", text)`, without the cost when nothing changes."""
    if text.isascii():
        return text
    positions = unstable_positions(text)
    if len(positions) == 0:
        return text
    parts: list[str] = []
    done = 0
    for position in positions.tolist():
        if position < done:
            continue  # inside a segment already normalised
        start = max(text.rfind(" ", done, position), text.rfind("\n", done, position)) + 1
        end = min(_find(text, " ", position + 1), _find(text, "\n", position + 1))
        parts += [text[done:start], unicodedata.normalize("NFC", text[start:end])]
        done = end
    parts.append(text[done:])
    return "".join(parts)


def _find(text: str, char: str, start: int) -> int:
    found = text.find(char, start)
    return len(text) if found == -1 else found
