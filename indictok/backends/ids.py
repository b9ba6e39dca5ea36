"""Token ids typed or sent by a visitor: one check, one message per bad id."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import Any

from ..limits import MAX_ID_DIGITS

_ID_ITEM = re.compile(r"[^\s,]+")


def parse_ids(text: str, max_ids: int) -> list[int]:
    """Token ids written as a JSON list ("[12, 7]") or numbers separated by spaces or commas
    ("12 7", "12,7") -> [12, 7]. Ids are ASCII digits only; at most `max_ids` of them.
    Raises ValueError naming the first bad item and its position (counted from 0)."""
    body = text.strip() if isinstance(text, str) else None
    if body is None:
        raise ValueError(f"token ids must be text like [12, 7] or 12 7, not {_kind(text)}")
    if body.startswith("[") and body.endswith("]"):
        body = body[1:-1]
    if "[" in body or "]" in body:
        raise ValueError("nested or unclosed lists are not token ids: write one flat list, [12, 7]")
    ids: list[int] = []
    for position, match in enumerate(_ID_ITEM.finditer(body)):
        if position == max_ids:
            raise ValueError(f"more than {max_ids:,} token ids; the limit is {max_ids:,}")
        ids.append(_parse_id(match.group(), position))
    return ids


def _parse_id(item: str, position: int) -> int:
    if not (item.isascii() and item.isdigit()):
        raise ValueError(
            f"{_show(item)} at position {position} is not a token id: ids are whole numbers "
            "written with the digits 0-9"
        )
    if len(item) > MAX_ID_DIGITS:
        raise ValueError(
            f"the number at position {position} has {len(item):,} digits: too large for a "
            f"token id (at most {MAX_ID_DIGITS} digits)"
        )
    return int(item)


def check_ids(
    ids: Sequence[Any], vocab_size: int, name: str, missing: Iterable[int] = ()
) -> list[int]:
    """`ids` as a list if every one is a token id of tokenizer `name`: an int from 0 to
    vocab_size - 1 that is not in `missing` (ids the vocabulary skips); else ValueError
    naming the first bad id, its position and the valid range."""
    if isinstance(ids, (str, bytes)) or not isinstance(ids, Sequence):
        ids = [ids]  # reported below as "... at position 0 is not a token id"
    holes = frozenset(missing)
    for position, i in enumerate(ids):
        if type(i) is int and 0 <= i < vocab_size and i not in holes:
            continue  # the common case, checked without a call
        problem = _id_problem(i, position, name, vocab_size, holes)
        if problem:
            valid = f"{name}'s ids are whole numbers from 0 to {vocab_size - 1:,}"
            raise ValueError(
                problem + valid + (f", except {_spans(holes)} (unused)" if holes else "")
            )
    return list(ids)


def _id_problem(i: Any, position: int, name: str, vocab_size: int, holes: frozenset[int]) -> str:
    """What is wrong with the id at `position`, ending in ": " ("" if nothing)."""
    if isinstance(i, (list, tuple)):
        return (
            f"{_kind(i)} at position {position} is not valid for {name}: nested lists are "
            "not accepted; "
        )
    if isinstance(i, bool) or not isinstance(i, int):
        return f"{_kind(i)} at position {position} is not valid for {name}: "
    if not 0 <= i < vocab_size or i in holes:
        shown = f"token id {i}" if i.bit_length() < 64 else _show(i)
        return f"{shown} at position {position} is not valid for {name}: "
    return ""


def _spans(ids: Iterable[int]) -> str:
    """{100256, 100261, 100262, 100263} -> "100256, 100261-100263"."""
    spans: list[list[int]] = []
    for i in sorted(ids):
        if spans and i == spans[-1][1] + 1:
            spans[-1][1] = i
        else:
            spans.append([i, i])
    return ", ".join(f"{a}" if a == b else f"{a}-{b}" for a, b in spans)


def _show(value: str | int) -> str:
    """A short quotation of a bad item (a 5,000-digit number is not printed whole)."""
    if isinstance(value, int):
        if value.bit_length() < 64:
            return str(value)
        return f"a number of about {round(value.bit_length() * 0.30103):,} digits"
    return repr(value) if len(value) <= 20 else repr(value[:20]) + f"… ({len(value):,} characters)"


def _kind(value: Any) -> str:
    """What a non-id is, without printing it (a list nested 100,000 deep has no safe repr)."""
    if isinstance(value, str):
        return f"the text {_show(value)}"
    if isinstance(value, bool) or value is None or isinstance(value, float):
        return repr(value)
    return f"a {type(value).__name__}"
