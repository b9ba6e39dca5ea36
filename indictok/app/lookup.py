"""Token lookup: what an id stands for (bytes, piece, the merge that made it), and which
vocabulary entries hold a piece of text."""

from __future__ import annotations

from functools import lru_cache
from html import escape

from .. import catalog, loaded
from ..backends import Backend
from ..text import check_encodable, visible_whitespace
from .errors import InputError, echo, message
from .limits import MAX_LOOKUP_CHARS, MAX_LOOKUP_MATCHES


@lru_cache(maxsize=4)
def _vocabulary(name: str) -> tuple[bytes, ...]:
    return vocabulary_of(loaded.get(name))


def _bytes_or_empty(table: object, token_id: int) -> bytes:
    try:
        return table.data_of(token_id)  # type: ignore[attr-defined]
    except (KeyError, IndexError, ValueError):
        return b""  # an id the vocabulary leaves unused (cl100k has a few)


def _row(backend: Backend, vocabulary: tuple[bytes, ...], token_id: int) -> tuple[str, ...]:
    data = vocabulary[token_id]
    try:
        text = visible_whitespace(data.decode("utf-8"))  # a leading space as "·"
    except UnicodeDecodeError:
        text = "(part of a character)"
    parents = backend.parents(token_id)
    made_from = "—" if parents is None else f"{parents[0]} + {parents[1]}"
    return (
        str(token_id),
        backend.table.piece_of(token_id),
        data.hex(" ").upper(),
        text,
        str(len(data)),
        made_from,
    )


def lookup(name: str, query: str) -> list[tuple[str, ...]]:
    """An id ("4998") gives its own row; any other text gives the vocabulary entries whose
    bytes contain it, longest first (at most MAX_LOOKUP_MATCHES)."""
    if name not in catalog.SPECS:
        raise InputError(f"unknown tokenizer {echo(name)}")
    return lookup_in(name, loaded.get(name), _vocabulary(name), query)


def lookup_in(
    name: str, backend: Backend, vocabulary: tuple[bytes, ...], query: str
) -> list[tuple[str, ...]]:
    """`lookup` in any tokenizer (a catalog one, or a visitor's own)."""
    query = query or ""
    if len(query) > MAX_LOOKUP_CHARS:
        raise InputError(f"that is {len(query):,} characters; look up at most {MAX_LOOKUP_CHARS}")
    if not query.strip():
        raise InputError("type an id (e.g. 4998) or a piece of text")
    try:
        check_encodable(query)  # a lone surrogate: named, with its position
    except ValueError as e:
        raise InputError(f"the text to look up: {e}") from None
    if query.strip().isascii() and query.strip().isdigit():
        query = query.strip()
    if query.isascii() and query.isdigit():
        token_id = int(query)
        try:  # past the vocabulary, or one of the ids it leaves unused (cl100k's 100256)
            backend.check_ids([token_id])
        except ValueError as e:
            raise InputError(str(e).replace("at position 0 ", "")) from None
        return [_row(backend, vocabulary, token_id)]
    needle = query.encode("utf-8")
    found = [i for i, data in enumerate(vocabulary) if data and needle in data]
    found.sort(key=lambda i: (len(vocabulary[i]), i))
    return [_row(backend, vocabulary, i) for i in found[:MAX_LOOKUP_MATCHES]]


def vocabulary_of(backend: Backend) -> tuple[bytes, ...]:
    """Every id's bytes (b"" for an unused id)."""
    table = backend.table
    return tuple(_bytes_or_empty(table, i) for i in range(backend.vocab_size))


def as_html(name: str, query: str) -> str:
    try:
        rows = lookup(name, query)
    except (InputError, loaded.TokenizerUnavailableError) as e:
        return f'<p class="itl-error">{escape(message(e))}</p>'
    return rows_html(name, query, rows)


def rows_html(name: str, query: str, rows: list[tuple[str, ...]]) -> str:
    if not rows:
        return f"<p>No entry of {escape(name)} contains {escape(query)}.</p>"
    columns = ("id", "piece", "bytes", "text", "length", "merged from (ids)")
    head = "".join(f"<th>{h}</th>" for h in columns)
    body = "".join("<tr>" + "".join(f"<td>{escape(c)}</td>" for c in row) + "</tr>" for row in rows)
    return f'<table class="itl-table"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'
