"""Analyses -> HTML (escaped here, in Python) and table rows. No gradio in this module.

Every piece of user text goes through `escape`, which also neutralises `$`, backtick and
backslash, so Gradio's HTML template can never evaluate it.
"""

from __future__ import annotations

from .analysis import Analysis
from .segments import Relation, codepoint_boundaries, grapheme_boundaries, relation_of

# Paul Tol's "light" scheme: distinguishable with common colour-vision deficiencies.
PALETTE_SIZE = 9
RENDER_TOKEN_LIMIT = 1000

_ESCAPES = {
    "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#x27;",
    "$": "&#36;", "`": "&#96;", "\\": "&#92;", "{": "&#123;",
}  # fmt: skip

WHITESPACE_MARKS = {
    " ": "·",
    "\t": "→",
    "\n": "↵\n",
    "\r": "␍",
    "\u200d": "⟨ZWJ⟩",
    "\u200c": "⟨ZWNJ⟩",
    "\u00a0": "⍽",
}


def _mark(symbol: str) -> str:
    return f'<span class="itl-ws">{symbol}</span>'


# Control characters other than tab/newline/CR are always drawn (␀, ␁, ...), never swallowed.
_CONTROLS = {chr(c): _mark(chr(0x2400 + c)) for c in range(32) if chr(c) not in "\t\n\r"}
_ESCAPE_TABLE = str.maketrans(_ESCAPES)
_PLAIN_TABLE = str.maketrans({**_ESCAPES, **_CONTROLS})
_WHITESPACE_TABLE = str.maketrans(
    {**_ESCAPES, **_CONTROLS, **{c: _mark(m) for c, m in WHITESPACE_MARKS.items()}}
)


def escape(text: str) -> str:
    """HTML-escape text, plus the characters a JS template literal would interpret."""
    return text.translate(_ESCAPE_TABLE)


def visible(text: str, show_whitespace: bool) -> str:
    """Escaped text; control characters (and, if asked, whitespace and joiners) as marks."""
    return text.translate(_WHITESPACE_TABLE if show_whitespace else _PLAIN_TABLE)


def hex_bytes(data: bytes) -> str:
    return " ".join(f"{b:02X}" for b in data)


def _colour(token_id: int) -> str:
    return f"c{token_id % PALETTE_SIZE}"


def render_characters(result: Analysis, show_whitespace: bool) -> str:
    """Whole aksharas; a segment several tokens share is striped and marked `multi`."""
    assert result.encoded is not None and result.grouping is not None
    ids, spans = result.encoded.ids, []
    for segment in result.grouping:
        members = segment.token_indices
        if members and members.start >= RENDER_TOKEN_LIMIT:
            break
        token_ids = [ids[i] for i in members]
        kind = "multi" if len(token_ids) > 1 else ("gap" if not token_ids else "one")
        colour = _colour(token_ids[0]) if token_ids else "gap"
        title = f"ids {', '.join(map(str, token_ids))}" if token_ids else "not covered"
        spans.append(
            f'<span class="itl-seg {kind} {colour}" tabindex="0" data-b0="{segment.start}" '
            f'data-b1="{segment.end}" title="{escape(title)}">'
            f"{visible(segment.text, show_whitespace)}</span>"
        )
    return "".join(spans)


def render_tokens(result: Analysis, show_whitespace: bool) -> str:
    """Every real token boundary; a token holding partial UTF-8 bytes shows its hex bytes."""
    assert result.encoded is not None
    encoded = result.encoded
    data = encoded.text.encode("utf-8")
    codepoints = codepoint_boundaries(encoded.text)
    graphemes = set(grapheme_boundaries(encoded.text))
    count = min(len(encoded), RENDER_TOKEN_LIMIT)
    starts, ends = encoded.starts[:count].tolist(), encoded.ends[:count].tolist()
    spans = []
    for token_id, start, end in zip(encoded.ids[:count], starts, ends, strict=True):
        token_bytes, piece = encoded.table.data_of(token_id), encoded.table.piece_of(token_id)
        relation = relation_of(start, end, codepoints, graphemes)
        if relation is Relation.PARTIAL:
            label = f'<span class="itl-hex">{escape(hex_bytes(token_bytes) or piece)}</span>'
        else:
            text = data[start:end].decode("utf-8")
            label = visible(text, show_whitespace) if text else escape(piece)
        title = f"id {token_id} · {hex_bytes(token_bytes)} · {piece}"
        spans.append(
            f'<span class="itl-tok {relation.value} {_colour(token_id)}" tabindex="0" '
            f'data-b0="{start}" data-b1="{end}" title="{escape(title)}">{label}</span>'
        )
    return "".join(spans)


def _stat(label: str, value: str) -> str:
    return f"<div><dt>{label}</dt><dd>{value}</dd></div>"


def render_card(result: Analysis, view: str, show_whitespace: bool) -> str:
    name = escape(result.name)
    if result.error:
        return (
            f'<section class="itl-card itl-unavailable" data-tokenizer="{name}">'
            f"<h3>{escape(result.label)}</h3><p class='itl-error'>{escape(result.error)}</p>"
            "</section>"
        )
    s = result.stats
    body = (render_tokens if view == "tokens" else render_characters)(result, show_whitespace)
    shown = min(s.tokens, RENDER_TOKEN_LIMIT)
    note = (
        f"<p class='itl-note'>Showing the first {shown:,} of {s.tokens:,} tokens; "
        "every figure counts all of them.</p>"
        if s.tokens > RENDER_TOKEN_LIMIT
        else ""
    )
    ids = result.encoded.ids if result.encoded else []
    stats_html = "".join(
        [
            _stat("tokens", f'<span class="itl-count">{s.tokens:,}</span>'),
            _stat("bytes/token", f"{s.bytes_per_token:.2f}"),
            _stat("chars/token", f"{s.chars_per_token:.2f}"),
            _stat("tokens/word", f"{s.tokens_per_word:.2f}"),
            _stat("aksharas split", f"{s.split_share:.0%}"),
        ]
    )
    return (
        f'<section class="itl-card" data-tokenizer="{name}">'
        f'<header><h3>{escape(result.label)}</h3><span class="itl-vocab">vocab '
        f"{result.vocab_size:,}</span></header><dl class='itl-stats'>{stats_html}</dl>"
        f'<div class="itl-text" dir="auto">{body}</div>{note}'
        f"<details><summary>token ids ({len(ids):,})</summary>"
        f'<code class="itl-ids">{escape(", ".join(map(str, ids[:RENDER_TOKEN_LIMIT])))}'
        f"{' …' if len(ids) > RENDER_TOKEN_LIMIT else ''}</code></details></section>"
    )


def render_cards(results: list[Analysis], view: str, show_whitespace: bool) -> str:
    cards = "".join(render_card(r, view, show_whitespace) for r in results)
    return f'<div class="itl-grid" data-view="{escape(view)}">{cards}</div>'


METRIC_COLUMNS = [
    "tokenizer",
    "vocab size",
    "tokens",
    "bytes/token",
    "chars/token",
    "tokens/word",
    "graphemes",
    "partial-byte tokens",
    "aksharas split",
    "token premium vs English",
]


def metric_rows(results: list[Analysis]) -> list[list[object]]:
    rows = []
    for r in results:
        if r.error:
            continue
        s = r.stats
        premium = round(r.premium, 2) if r.premium is not None else None
        rows.append(
            [
                r.name,
                r.vocab_size,
                s.tokens,
                round(s.bytes_per_token, 2),
                round(s.chars_per_token, 3),
                round(s.tokens_per_word, 3),
                s.graphemes,
                f"{s.partial_share:.1%}",
                f"{s.split_share:.1%}",
                premium,
            ]
        )
    return rows


def token_rows(results: list[Analysis]) -> list[dict[str, object]]:
    """One row per token of every tokenizer, for CSV/JSON export."""
    rows: list[dict[str, object]] = []
    for r in results:
        if r.encoded is None:
            continue
        for index, token in enumerate(r.encoded.tokens):
            rows.append(
                {
                    "tokenizer": r.name,
                    "index": index,
                    "id": token.id,
                    "piece": token.piece,
                    "bytes_hex": hex_bytes(token.data),
                    "start_byte": token.start,
                    "end_byte": token.end,
                }
            )
    return rows
