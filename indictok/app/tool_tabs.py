"""The page's small tabs: the token tax of one language, Token lookup (opened from a token's
details too) and Decode ids. Each builds its components and wires its own events."""

from __future__ import annotations

from html import escape
from typing import Any

import gradio as gr

from .. import catalog
from ..languages import LANGUAGES
from . import api, board, contract, lookup


def token_tax_tab() -> None:
    """The token tax of one language as bars, and the full table with that language first;
    opened, it follows the page's language (the chosen one, or the one detected)."""
    rows = board.read_board()
    names = board.languages(rows)
    first = names[0] if names else ""
    with gr.Tab("Token tax", id="tax") as tab:
        gr.Markdown(
            "What each model charges a language: its tokens for the 1,012 FLORES-200 devtest "
            "sentences ÷ its tokens for their English originals (lower is fairer; 1.00× is "
            "English's price). Written by `python -m indictok leaderboard`."
        )
        language = gr.Dropdown(names, value=first, label="Language", elem_id="itl-tax-language")
        bars = gr.HTML(board.tax_bars_html(rows, first), elem_id="itl-tax-bars")
        table = gr.Dataframe(
            board.table_rows(rows, first),
            headers=board.HEADERS,
            interactive=False,
            elem_id="itl-leaderboard",
        )
        page_language = gr.Textbox(visible=False)  # filled by the js below, when opened

    def show(chosen: str) -> dict[Any, Any]:
        board_rows = board.read_board()
        return {
            bars: board.tax_bars_html(board_rows, chosen),
            table: board.table_rows(board_rows, chosen),
        }

    def follow_page(code: str) -> dict[Any, Any]:
        """The page's language (a code; "auto" before any text): its bars and rows first."""
        name = LANGUAGES[code].name if code in LANGUAGES else first
        return {language: name, **show(name)}

    language.change(show, language, [bars, table], api_visibility="private")
    tab.select(
        follow_page,
        [page_language],
        [language, bars, table],
        js=contract.state_js(fields=("language",)),
        api_visibility="private",
    )


# Opened from a token's details (assets/js/details.mjs): the button marked as asked holds the
# token's tokenizer and id; the ask is taken once. Otherwise the tab keeps what it shows.
LOOKUP_ASKED_JS = (
    "(name, query) => { const b = document.querySelector('[data-token-details] "
    "[data-lookup-asked]'); if (!b) return [name, query]; b.removeAttribute('data-lookup-asked'); "
    "return [b.dataset.lookupTokenizer, b.dataset.lookupId]; }"
)


def lookup_tab() -> None:
    with gr.Tab("Token lookup") as tab:
        with gr.Row():
            name = gr.Dropdown(
                catalog.list_names(),
                value="indic-bpe-hi",
                label="Tokenizer",
                elem_id="itl-lookup-name",
            )
            query = gr.Textbox(
                label="An id, or text to find in the vocabulary (a leading space counts)",
                placeholder="4998 or भारत",
                elem_id="itl-lookup-query",
            )
        button = gr.Button("Look up", scale=0)
        found = gr.HTML(elem_id="itl-lookup")
    for event in (query.submit, button.click, name.change):
        event(
            lambda n, q: {found: lookup.as_html(n, q)},
            [name, query],
            [found],
            api_visibility="private",
        )

    def opened(n: str, q: str) -> dict[Any, Any]:
        """The tab opened from a token's details: its tokenizer chosen, its id looked up."""
        if not q.strip():  # opened by hand: it keeps what it shows
            return {found: gr.skip()}
        if n not in catalog.SPECS:  # a visitor's own: not in the menu
            note = f"{n} is your own tokenizer; Token lookup holds the catalogue's."
            return {found: f'<p class="itl-error">{escape(note)}</p>'}
        return {name: n, query: q, found: lookup.as_html(n, q)}

    tab.select(
        opened, [name, query], [name, query, found], js=LOOKUP_ASKED_JS, api_visibility="private"
    )


def decode_tab() -> None:
    with gr.Tab("Decode ids"):
        with gr.Row():
            name = gr.Dropdown(catalog.list_names(), value="indic-bpe-hi", label="Tokenizer")
            ids = gr.Textbox(label="Token ids", placeholder="[4998] or 12 34 56")
        decoded = gr.Textbox(label="Text", elem_id="itl-decoded")
        problem = gr.HTML(elem_id="itl-decode-problem")  # an error, styled as one, not as text
        button = gr.Button("Decode", scale=0)

    def run(n: str, i: str) -> dict[Any, Any]:
        out = api.decode(n, i) if i.strip() else "Cannot decode: type ids first, e.g. 12 34 56"
        if out.startswith("Cannot decode:"):
            return {decoded: "", problem: f'<p class="itl-error" role="alert">{escape(out)}</p>'}
        return {decoded: out, problem: ""}

    for event in (button.click, ids.submit):  # Enter in the ids box decodes too
        event(run, [name, ids], [decoded, problem], api_visibility="private")
