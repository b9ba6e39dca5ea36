"""The Gradio app: layout and event wiring only. The only module that imports gradio."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path
from typing import Any

import gradio as gr
import pandas as pd

from . import grader, permalink, registry, render
from .analysis import MAX_CHARS, InputError, analyse
from .backends import check_ids
from .corpus import REPO_ROOT

ASSETS = REPO_ROOT / "assets"
EXAMPLE_FILES = [
    ("Hindi news", "hi_news"),
    ("Hinglish code-mix", "hinglish"),
    ("Indian number grouping", "numbers"),
    ("URL and code", "url_code"),
    ("Emoji", "emoji"),
    ("Kannada", "kannada"),
    ("Tamil", "tamil"),
    ("Bengali", "bengali"),
    ("English", "english"),
    ("Hindi translation of the English", "hindi_translation"),
]
MAX_DECODE_IDS = 200_000

INTRO = """# Indic Tokenizer Lab
See how language models cut Indian-language text into tokens. Paste any text: every tokenizer
below shows its tokens side by side (same id → same colour; a character several tokens share
is **striped**). Our own 5k-token Hindi BPE sits next to OpenAI's gpt2, cl100k_base, o200k_base
and SentencePiece models. **bytes/token** = UTF-8 bytes ÷ tokens (the compression ratio),
**chars/token** = code points ÷ tokens, **tokens/word** = tokens ÷ whitespace words.
"""


def _example(stem: str) -> str:
    return (ASSETS / "examples" / f"{stem}.txt").read_text(encoding="utf-8").rstrip("\n")


def _choices() -> list[tuple[str, str]]:
    return [(spec.label, name) for name, spec in registry.SPECS.items()]


def _status(message: str, kind: str = "error") -> str:
    return f'<div class="itl-status itl-{kind}" role="status">{render.escape(message)}</div>'


def compare(
    text: str, names: list[str], view: str, show_whitespace: bool, english: str = ""
) -> tuple[str, pd.DataFrame, pd.DataFrame, pd.DataFrame, str, str]:
    """Analyse `text` with every tokenizer -> cards, table, 2 charts, status, query."""
    text, names = text or "", list(names or [])
    query = permalink.to_query(permalink.AppState(text, names, view, show_whitespace))
    empty = pd.DataFrame(columns=render.METRIC_COLUMNS)
    if not names:
        return _status("Choose at least one tokenizer.", "info"), empty, empty, empty, "", query
    try:
        results = analyse(text, names, english or "")
    except InputError as e:
        return _status(f"Nothing was changed: {e}"), empty, empty, empty, "", query
    table = pd.DataFrame(render.metric_rows(results), columns=render.METRIC_COLUMNS)
    chart = table[["tokenizer", "tokens", "bytes/token"]].rename(
        columns={"bytes/token": "bytes_per_token"}
    )
    notes = [r.error for r in results if r.error]
    if not text:
        notes.append("Type or paste some text, or pick an example.")
    status = "".join(_status(n, "info") for n in notes)
    cards = render.render_cards(results, view, show_whitespace)
    return cards, table, chart, chart, status, query


def token_ids(text: str, names: list[str]) -> str:
    """Every selected tokenizer's token ids for `text`, as JSON {name: [ids]}."""
    try:
        results = analyse(text or "", list(names or []))
    except InputError as e:
        raise gr.Error(str(e)) from None
    return json.dumps({r.name: r.encoded.ids for r in results if r.encoded})


def decode(name: str, ids_text: str) -> str:
    """Token ids (JSON list or numbers separated by spaces/commas) -> text."""
    raw = (ids_text or "").strip()
    if not raw:
        return ""
    if len(raw) > 20 * MAX_DECODE_IDS:
        raise gr.Error(f"That is too many ids to decode at once (limit: {MAX_DECODE_IDS:,}).")
    try:
        parsed = json.loads(raw) if raw.startswith("[") else raw.replace(",", " ").split()
        ids = [int(x) if isinstance(x, str) and x.lstrip("-").isdigit() else x for x in parsed]
        if len(ids) > MAX_DECODE_IDS:
            raise ValueError(f"{len(ids):,} ids; the limit is {MAX_DECODE_IDS:,}")
        backend = registry.get(name)
        return backend.decode(check_ids(ids, backend.vocab_size, name))
    except (ValueError, registry.TokenizerUnavailableError) as e:
        raise gr.Error(f"Cannot decode: {e}") from None


def grade(text: str = "") -> dict[str, Any]:
    """The grader's JSON: vocab size, compression ratio (bytes/token), round trip, pass/fail."""
    try:
        return grader.grade(text or "")
    except (InputError, registry.TokenizerUnavailableError) as e:
        raise gr.Error(str(e)) from None


def grade_markdown(report: dict[str, Any]) -> str:
    def mark(ok: bool) -> str:
        return "✅" if ok else "❌"

    ref = report["reference_text"]
    lines = [
        (
            f"{mark(report['vocab_ok'])} vocabulary **{report['vocab_size']:,}** < 5,000 "
            "(counted from `tokenizers_store/indic_bpe_hi.model`: 256 + merges + specials)"
        ),
        (
            f"{mark(ref['ratio_ok'])} compression **{ref['compression_ratio']:.2f}** ≥ 3.2 "
            f"on the bundled reference text ({ref['bytes']:,} bytes → {ref['tokens']:,} tokens)"
        ),
        f"{mark(ref['round_trip_ok'])} round trip `decode(encode(x)) == x` on the reference text",
    ]
    if report["pasted_text"]:
        pasted = report["pasted_text"]
        lines.append(
            f"{mark(pasted['ratio_ok'])} compression **{pasted['compression_ratio']:.2f}** on "
            f"your text ({pasted['bytes']:,} bytes → {pasted['tokens']:,} tokens); round trip "
            f"{mark(pasted['round_trip_ok'])}"
        )
    return "\n\n".join(lines)


def grade_panel(text: str) -> tuple[str, dict[str, Any]]:
    try:
        report = grader.grade(text or "")
    except (InputError, registry.TokenizerUnavailableError) as e:
        return f"❌ {render.escape(str(e))}", {}
    return grade_markdown(report), report


def export(text: str, names: list[str], english: str = "") -> list[str]:
    """Token table and metrics as CSV and JSON files."""
    try:
        results = analyse(text or "", list(names or []), english or "")
    except InputError as e:
        raise gr.Error(str(e)) from None
    folder = Path(tempfile.mkdtemp(prefix="itl-export-"))
    tokens = pd.DataFrame(render.token_rows(results))
    metrics = pd.DataFrame(render.metric_rows(results), columns=render.METRIC_COLUMNS)
    tokens.to_csv(folder / "tokens.csv", index=False)
    metrics.to_csv(folder / "metrics.csv", index=False)
    payload = {
        "text": text,
        "metrics": metrics.to_dict("records"),
        "tokens": tokens.to_dict("records"),
    }
    (folder / "analysis.json").write_text(json.dumps(payload, ensure_ascii=False, indent=1))
    return [str(folder / name) for name in ("tokens.csv", "metrics.csv", "analysis.json")]


def restore(request: gr.Request):
    """Apply the URL's state (permalink, embed mode) once, when the page loads."""
    params = dict(request.query_params) if request else {}
    state, problem = permalink.from_query(params)
    if "t" not in params:
        state.text = _example("hi_news")
    full = gr.update(visible=not state.embed)
    note = _status(problem, "info") if problem else ""
    note += "".join(_status(message) for message in registry.load_all()[1].values())
    return (state.text, state.names, state.view, state.show_whitespace, note, *[full] * 4)


PERMALINK_JS = "(q) => q ? window.location.origin + window.location.pathname + '?' + q : ''"


def build_demo() -> gr.Blocks:
    registry.load_all()  # load every tokenizer at start-up, not in the first request
    with gr.Blocks(title="Indic Tokenizer Lab", fill_width=True) as demo:
        intro = gr.Markdown(INTRO, elem_id="itl-intro")
        with gr.Row(equal_height=False):
            with gr.Column(scale=3):
                text = gr.Textbox(
                    label=f"Text (up to {MAX_CHARS:,} characters)",
                    lines=5,
                    max_lines=14,
                    elem_id="itl-input",
                    placeholder="यहाँ कोई भी पाठ लिखें या चिपकाएँ… / type or paste any text",
                )
            with gr.Column(scale=2):
                names = gr.CheckboxGroup(
                    _choices(), value=list(registry.DEFAULT_NAMES), label="Tokenizers",
                    elem_id="itl-names",
                )  # fmt: skip
                with gr.Row():
                    view = gr.Radio(
                        ["characters", "tokens"], value="characters", label="View",
                        info="characters: whole aksharas · tokens: every real boundary",
                        elem_id="itl-view",
                    )  # fmt: skip
                    show_ws = gr.Checkbox(label="Show whitespace and joiners", elem_id="itl-ws")
        examples = gr.Dataset(
            components=[gr.Textbox(visible=False)],
            samples=[[_example(stem)] for _, stem in EXAMPLE_FILES],
            sample_labels=[label for label, _ in EXAMPLE_FILES],
            label="Examples",
        )
        status = gr.HTML(elem_id="itl-status")
        cards = gr.HTML(elem_id="itl-cards")
        with gr.Accordion("Summary: every metric, and the token premium", open=True) as summary:
            english = gr.Textbox(
                label="English original (optional): fills 'token premium' = tokens ÷ "
                "tokens of the English",
                lines=1,
                elem_id="itl-english",
            )
            table = gr.Dataframe(label="Metrics", interactive=False, elem_id="itl-table")
            with gr.Row():
                tokens_chart = gr.BarPlot(x="tokenizer", y="tokens", title="Tokens")
                ratio_chart = gr.BarPlot(
                    x="tokenizer", y="bytes_per_token", title="Bytes per token (compression)"
                )
            with gr.Row():
                ids_button = gr.Button("Show every token id (JSON)", scale=0)
                ids_box = gr.Textbox(
                    label="Token ids per tokenizer", lines=2, max_lines=8,
                    buttons=["copy"], elem_id="itl-ids",
                )  # fmt: skip
            query = gr.Textbox(visible=False)
            link = gr.Textbox(
                label="Permalink (restores text, tokenizers and view)", buttons=["copy"],
                elem_id="itl-permalink",
            )  # fmt: skip
            with gr.Row():
                export_button = gr.Button("Export tokens and metrics (CSV, JSON)")
                files = gr.File(label="Downloads", file_count="multiple")
        with gr.Accordion("Grader panel: our Hindi tokenizer", open=True) as grader_box:
            grade_md = gr.Markdown(elem_id="itl-grade")
            grade_json = gr.JSON(label="Same as the `/grade` API endpoint")
        with gr.Accordion("Decode ids → text", open=False) as decode_box:
            with gr.Row():
                decode_name = gr.Dropdown(_choices(), value="indic-bpe-hi", label="Tokenizer")
                decode_ids = gr.Textbox(label="Token ids", placeholder="[4998] or 12 34 56")
            decoded = gr.Textbox(label="Text", elem_id="itl-decoded")
            decode_button = gr.Button("Decode")

        inputs = [text, names, view, show_ws, english]
        outputs = [cards, table, tokens_chart, ratio_chart, status, query]
        common: dict[str, Any] = {
            "fn": compare,
            "inputs": inputs,
            "outputs": outputs,
            "show_progress": "hidden",
        }
        # .change fires for typing, pasting and programmatic updates (examples, permalinks)
        text.change(**common, trigger_mode="always_last", api_name="compare").then(
            grade_panel, text, [grade_md, grade_json], show_progress="hidden",
            api_visibility="private",
        )  # fmt: skip
        text.submit(**common, api_visibility="private")
        for control in (names, view, show_ws, english):
            control.change(**common, api_visibility="private")
        examples.click(
            lambda sample: (sample[0], ""), examples, [text, english], api_visibility="private"
        )
        query.change(None, query, link, js=PERMALINK_JS)
        ids_button.click(token_ids, [text, names], ids_box, api_name="token_ids")
        export_button.click(export, [text, names, english], files, api_name="export")
        decode_button.click(decode, [decode_name, decode_ids], decoded, api_name="decode")
        gr.api(grade, api_name="grade")
        demo.load(
            restore,
            None,
            [text, names, view, show_ws, status, intro, summary, grader_box, decode_box],
            api_visibility="private",
        )
    return demo


def launch_kwargs() -> dict[str, Any]:
    """What `demo.launch()` needs: our CSS and the hover script (Gradio 6: launch args)."""
    return {
        "css_paths": [ASSETS / "style.css"],
        "head": f"<script>{(ASSETS / 'hover.js').read_text(encoding='utf-8')}</script>",
    }
