"""The Gradio app: layout and event wiring only. The only module that imports gradio."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path
from typing import Any

import gradio as gr
import pandas as pd

from . import grader, leaderboard, permalink, registry, render
from .analysis import MAX_CHARS, InputError, analyse
from .backends import check_ids
from .corpus import REPO_ROOT
from .languages import DEFAULT_LANGUAGE, LANGUAGES, detect_language

ASSETS = REPO_ROOT / "assets"
EXAMPLE_FILES = [
    ("Hindi news", "hi_news"),
    ("Hinglish code-mix", "hinglish"),
    ("Indian number grouping", "numbers"),
    ("URL and code", "url_code"),
    ("Emoji", "emoji"),
    ("Marathi", "marathi"),
    ("Nepali", "nepali"),
    ("Bengali", "bengali"),
    ("Gujarati", "gujarati"),
    ("Punjabi", "punjabi"),
    ("Tamil", "tamil"),
    ("Telugu", "telugu"),
    ("Kannada", "kannada"),
    ("Malayalam", "malayalam"),
    ("Urdu", "urdu"),
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


def _choices(lang: str = DEFAULT_LANGUAGE) -> list[tuple[str, str]]:
    """The tokenizers offered for a text in `lang`: its own, then the general-purpose ones."""
    names = registry.for_language(list(registry.COMPARISON_NAMES), lang)
    return [(registry.SPECS[name].label, name) for name in names]


def _all_choices() -> list[tuple[str, str]]:
    """Every tokenizer: what the API accepts (the page narrows it to one language at load)."""
    return [(spec.label, name) for name, spec in registry.SPECS.items()]


def _language_choices() -> list[tuple[str, str]]:
    return [("Auto-detect", "auto")] + [(lang.name, code) for code, lang in LANGUAGES.items()]


def pick_language(text: str, names: list[str], language: str) -> tuple[str, str]:
    """The language whose tokenizers to show, and a line saying why."""
    if language in LANGUAGES:
        return language, f"Language: {LANGUAGES[language].name} (chosen)"
    shown = [registry.SPECS[n].lang for n in names if n in registry.SPECS]
    current = next((lang for lang in shown if lang), DEFAULT_LANGUAGE)
    detected = detect_language(text)
    if detected is None:
        return current, f"Language: {LANGUAGES[current].name} (no Indian script detected; kept)"
    return detected, f"Language: {LANGUAGES[detected].name} (detected)"


def _status(message: str, kind: str = "error") -> str:
    return f'<div class="itl-status itl-{kind}" role="status">{render.escape(message)}</div>'


def update_page(
    text: str,
    names: list[str],
    view: str,
    show_whitespace: bool,
    english: str = "",
    language: str = "auto",
) -> tuple[str, pd.DataFrame, pd.DataFrame, pd.DataFrame, str, str, Any, str]:
    """Analyse `text` with every tokenizer -> cards, table, 2 charts, status, query,
    the tokenizer choices for the text's language, and which language that is."""
    text, asked = text or "", list(names or [])
    lang, lang_note = pick_language(text, asked, language or "auto")
    names = registry.for_language(asked, lang)
    shown = {registry.SPECS[n].lang for n in asked if n in registry.SPECS} - {""}
    same = names == asked and shown == {lang}  # the checkboxes already show this language
    picked = gr.skip() if same else gr.update(choices=_choices(lang), value=names)
    outputs = _analysis_outputs(text, names, view, show_whitespace, english, language)
    return (*outputs, picked, lang_note)


def _analysis_outputs(
    text: str, names: list[str], view: str, show_whitespace: bool, english: str, language: str
) -> tuple[str, pd.DataFrame, pd.DataFrame, pd.DataFrame, str, str]:
    """Cards, metrics table, the two charts' data, status notes and the permalink query."""
    state = permalink.AppState(text, names, view, show_whitespace, language=language or "auto")
    query = permalink.to_query(state)
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


def compare(
    text: str,
    tokenizers: list[str],
    view: str = "characters",
    show_whitespace: bool = False,
    english: str = "",
    language: str = "auto",
) -> dict[str, Any]:
    """The page's analysis as JSON: the tokenizers used (after the language switch), the
    language line, the escaped cards HTML, every metric, any notice, and the permalink query.
    An API call leaves the page's tokenizer choices alone (it has no checkboxes to update)."""
    text, asked = text or "", list(tokenizers or [])
    lang, lang_note = pick_language(text, asked, language or "auto")
    names = registry.for_language(asked, lang)
    cards, table, _, _, status, query = _analysis_outputs(
        text, names, view, show_whitespace, english, language
    )
    return {
        "tokenizers": names,
        "language": lang_note,
        "cards_html": cards,
        "metrics": table.to_dict("records"),
        "status_html": status,
        "permalink_query": query,
    }


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
    langs = (registry.SPECS[n].lang for n in state.names if registry.SPECS[n].lang)
    lang = next(langs, DEFAULT_LANGUAGE)
    names = gr.update(choices=_choices(lang), value=state.names)
    restored = (state.text, names, state.view, state.show_whitespace, state.language, note)
    return (*restored, *[full] * 4)


def leaderboard_frames() -> tuple[pd.DataFrame, pd.DataFrame]:
    """The leaderboard table, and its tokens/word by language and tokenizer kind."""
    try:
        board = pd.read_csv(leaderboard.CSV_PATH)
    except (OSError, ValueError):
        empty = pd.DataFrame(columns=["language", "tokenizer", "tokens/word"])
        return empty, empty
    kind = board["tokenizer"].str.replace(r"-(" + "|".join(LANGUAGES) + ")$", "", regex=True)
    chart = pd.DataFrame(
        {"language": board["language"], "tokenizer": kind, "tokens/word": board["tokens_per_word"]}
    )
    close = ~chart["tokenizer"].isin(["gpt2", "cl100k_base"])  # 3-12× more: see the table
    return board, chart[close]


PERMALINK_JS = "(q) => q ? window.location.origin + window.location.pathname + '?' + q : ''"


def build_demo() -> gr.Blocks:
    registry.load_all()  # load every tokenizer at start-up, not in the first request
    detect_language("नमस्ते")  # and the language identifier
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
                language = gr.Dropdown(
                    _language_choices(), value="auto", label="Language of our tokenizer",
                    info="Auto-detect picks ours for the script (and, in Devanagari, the "
                    "language) of the text", elem_id="itl-language",
                )  # fmt: skip
                lang_note = gr.Markdown(elem_id="itl-lang-note")
                names = gr.CheckboxGroup(
                    _all_choices(), value=list(registry.DEFAULT_NAMES), label="Tokenizers",
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
            samples_per_page=len(EXAMPLE_FILES),
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
        with gr.Accordion("Leaderboard: every language on FLORES-200 devtest", open=False):
            board, board_chart = leaderboard_frames()
            gr.Markdown(
                "Tokens per word (lower is better) for each language's tokenizer and the others, "
                "on the same 1,012 sentences in every language. The chart leaves out gpt2 and "
                "cl100k_base, which need 3–12× more tokens (they are in the table). Written by "
                "`python -m indictok leaderboard`."
            )
            gr.ScatterPlot(
                board_chart, x="language", y="tokens/word", color="tokenizer",
                title="Tokens per word on FLORES-200 devtest (lower is better)",
            )  # fmt: skip
            gr.Dataframe(board, interactive=False, elem_id="itl-leaderboard")
        with gr.Accordion("Decode ids → text", open=False) as decode_box:
            with gr.Row():
                decode_name = gr.Dropdown(
                    _all_choices(),
                    value="indic-bpe-hi", label="Tokenizer",
                )  # fmt: skip
                decode_ids = gr.Textbox(label="Token ids", placeholder="[4998] or 12 34 56")
            decoded = gr.Textbox(label="Text", elem_id="itl-decoded")
            decode_button = gr.Button("Decode")

        inputs = [text, names, view, show_ws, english, language]
        outputs = [cards, table, tokens_chart, ratio_chart, status, query, names, lang_note]
        common: dict[str, Any] = {
            "fn": update_page,
            "inputs": inputs,
            "outputs": outputs,
            "show_progress": "hidden",
        }
        # .change fires for typing, pasting and programmatic updates (examples, permalinks)
        text.change(**common, trigger_mode="always_last", api_visibility="private").then(
            grade_panel, text, [grade_md, grade_json], show_progress="hidden",
            api_visibility="private",
        )  # fmt: skip
        text.submit(**common, api_visibility="private")
        # names is also an output (language switch): only a visitor's click re-runs compare
        names.input(**common, api_visibility="private")
        for control in (view, show_ws, english, language):
            control.change(**common, api_visibility="private")
        examples.click(
            lambda sample: (sample[0], ""), examples, [text, english], api_visibility="private"
        )
        query.change(None, query, link, js=PERMALINK_JS)
        ids_button.click(token_ids, [text, names], ids_box, api_name="token_ids")
        export_button.click(export, [text, names, english], files, api_name="export")
        decode_button.click(decode, [decode_name, decode_ids], decoded, api_name="decode")
        gr.api(grade, api_name="grade")
        gr.api(compare, api_name="compare")
        demo.load(
            restore,
            None,
            [text, names, view, show_ws, language, status, intro, summary, grader_box, decode_box],
            api_visibility="private",
        )
    return demo


def launch_kwargs() -> dict[str, Any]:
    """What `demo.launch()` needs: our CSS and the hover script (Gradio 6: launch args)."""
    return {
        "css_paths": [ASSETS / "style.css"],
        "head": f"<script>{(ASSETS / 'hover.js').read_text(encoding='utf-8')}</script>",
    }
