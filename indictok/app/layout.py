"""The page: a compact header, the workbench (text, controls and token cards, drawn in the
browser by assets/js/workbench.mjs), and tabs below for the grader, leaderboard, downloads,
token lookup, decoding and definitions. Handlers return dicts keyed by component."""

from __future__ import annotations

from typing import Any

import gradio as gr
from starlette.middleware import Middleware

from .. import __version__, browser, catalog, fastbpe, loaded
from ..languages import LANGUAGES, detect_language, identifier_problem
from ..paths import ASSETS_DIR, STORE_DIR, model_stem, transformers_dir
from . import (
    api,
    contract,
    grade_tab,
    lab_runs,
    lab_tab,
    limits,
    memory,
    page_script,
    queueguard,
    scratch,
    tool_tabs,
    uploads,
)
from .publish import WORK, publish
from .urlguard import RequestLimits
from .workbench import permalink, tokenize

ENCODER_ROUTE: list[str] = []  # set once, at start-up, by build_demo
ASSETS = ASSETS_DIR
HEADER = (
    '<header id="itl-header"><h1>Indic Tokenizer Lab</h1><p>How language models cut Indian-'
    "language text into tokens, and what that costs against English: our own 5k-token BPEs "
    "beside GPT-4o's, Llama's, Qwen's, DeepSeek's and Mistral's."
    '<span class="itl-wide"> Same id, same colour; striped: several tokens share a character.'
    '</span> <a href="#itl-below">Grader, token tax, downloads ↓</a></p></header>'
)
DEFINITIONS = """
| metric | formula |
|---|---|
| **bytes/token** (the compression ratio) | UTF-8 bytes of the text ÷ tokens |
| **chars/token** | Unicode code points ÷ tokens |
| **tokens/word** (fertility; lower is better) | tokens ÷ whitespace-separated words |
| aksharas | extended grapheme clusters (`\\X`, Unicode 15.1+ keeps क्ष, स्ते whole) |
| partial-byte tokens | tokens that start or end inside a character's UTF-8 bytes ÷ tokens |
| aksharas split | aksharas with a token boundary inside them ÷ aksharas |
| token premium vs English | tokens for the text ÷ tokens for its English original |

**characters** view: whole aksharas; a striped segment holds several tokens (hover it for
their ids). **tokens** view: every real boundary; a token with part of a character's bytes
shows them in hex (dashed red outline); an underline marks a token that splits an akshara.
Hover a token to outline the same bytes in every card.
"""
# What the browser sends in place of the hidden inputs: the workbench's current state.
STATE_JS = contract.state_js()


class FairBlocks(gr.Blocks):
    """gr.Blocks whose queue is fair and forgets results nobody fetches (queueguard.py)."""

    def queue(self, *args: Any, **kwargs: Any) -> FairBlocks:
        super().queue(*args, **kwargs)
        queueguard.install(self._queue)
        return self


def notices() -> list[str]:
    """What the page says at start: tokenizers that failed to load, language detection off."""
    failed = list(loaded.file_problems().values())
    problem = identifier_problem()
    return failed + ([f"Language detection by script only: {problem}"] if problem else [])


def engine_files() -> dict[str, Any]:
    """The page config's `engine`: the tokenizers the browser runs itself (browser.py; those
    whose file is here), their files and the vendored libraries served by Gradio's file route
    (gr.set_static_paths: only these files)."""
    specs = browser.specs()
    names = [n for n in browser.BROWSER_NAMES if browser.file_path(specs[n]).is_file()]
    served: list[str] = []

    def url(kind: str, path: Any) -> str:
        served.append(str(path))
        return f"gradio_api/file={path}"

    config = browser.engine_config(names, url)
    gr.set_static_paths(served)
    return config


def workbench_js() -> str:
    """The workbench's js_on_load: the page config, then assets/js/workbench.mjs and its
    imports (page_script.bundle), mounted on the gr.HTML's element."""
    config = contract.config_js({**contract.page_config(notices()), "engine": engine_files()})
    script = page_script.bundle("workbench")
    return f"{config}{script}module_workbench.mountWorkbench(element, server, CONFIG);\n"


def tokenizer_files(lang: str) -> list[str]:
    """Our tokenizer's files for `lang`: the model, tiktoken ranks, and the transformers
    folder (tokenizer.json and its config)."""
    if lang not in LANGUAGES:
        return []
    files = [*STORE_DIR.glob(f"{model_stem(lang)}.*"), *transformers_dir(lang).glob("*.json")]
    return [str(p) for p in sorted(files) if p.is_file()]


def downloads_tab(state: list[gr.components.Component]) -> None:
    with gr.Tab("Downloads"):
        with gr.Row():
            with gr.Column():
                gr.Markdown(
                    "**This text's tokens**: every token of every card (CSV), the metrics "
                    "(CSV), and both as JSON."
                )
                export_button = gr.Button("Export tokens and metrics")
                exported = gr.File(label="Export", file_count="multiple")
            with gr.Column():
                gr.Markdown(
                    "**Our tokenizer's files**: `.model` (our format), `.tiktoken` ranks, and "
                    "`tokenizer.json` with its transformers config (README: Use it in your code)."
                )
                lang = gr.Dropdown(
                    [(v.name, k) for k, v in LANGUAGES.items()], value="hi", label="Language"
                )
                files = gr.File(
                    tokenizer_files("hi"), label="Files", file_count="multiple", height=120
                )

    def run_export(text: str, names: list[str], language: str, english: str) -> dict[Any, Any]:
        return {exported: api.export_files(text, names, english)}

    export_button.click(
        run_export, state, [exported], js=STATE_JS, api_visibility="private", **WORK
    )
    lang.change(
        lambda code: {files: tokenizer_files(code)}, lang, [files], api_visibility="private"
    )


def about() -> str:
    """The About tab: the package version and which encoder serves our tokenizers."""
    route = ENCODER_ROUTE[0] if ENCODER_ROUTE else "not decided yet"
    return (
        f"**Indic Tokenizer Lab**, indictok {__version__}. Our tokenizers are encoded here by "
        f"{route}; every route gives the same ids (README: Use it in your code). The HTTP API is "
        "described under *Use via API* at the bottom of the page."
    )


def build_demo() -> gr.Blocks:
    scratch.remove_leftovers()  # temporary roots of app processes that are gone (by marker)
    scratch.install_signal_handlers()  # SIGTERM and SIGINT remove this one's
    memory.tune()  # large requests' buffers go back to the system after them
    if not ENCODER_ROUTE:  # before any of our tokenizers loads: the Space's pip built nothing
        ENCODER_ROUTE.append(fastbpe.ensure_compiled())
    # the default cards' tokenizers and every language's own load now; the other open
    # models' (100-200k ids each) on first use, each within a second
    loaded.load_all([*catalog.DEFAULT_NAMES, *(n for n, s in catalog.SPECS.items() if s.lang)])
    detect_language("नमस्ते")  # reference figures load at start-up, not in a request
    lab_tab.warm()
    with FairBlocks(title="Indic Tokenizer Lab", fill_width=True, delete_cache=(600, 600)) as demo:
        gr.HTML(HEADER, padding=False, elem_id="itl-header-box")
        gr.HTML(
            "",
            html_template="<div></div>",
            js_on_load=workbench_js(),
            server_functions=[tokenize, permalink],
            apply_default_css=False,
            container=False,
            padding=False,
            elem_id="itl-workbench",
        )
        with gr.Column(elem_id="itl-below"):
            state = [
                gr.Textbox(visible=False),
                gr.JSON(visible=False),
                gr.Textbox(visible=False),
                gr.Textbox(visible=False),
            ]
            with gr.Tabs():
                grade_tab.grader_tab(state, WORK)
                lab_tab.lab_tab()
                tool_tabs.token_tax_tab()
                downloads_tab(state)
                tool_tabs.lookup_tab()
                tool_tabs.decode_tab()
                with gr.Tab("Definitions"):
                    gr.Markdown(DEFINITIONS)
                with gr.Tab("About"):
                    gr.Markdown(about(), elem_id="itl-about")
        endpoints = (
            api.compare,
            api.token_ids,
            api.decode,
            api.grade,
            api.grade_file,
            api.export,
            api.count_tokens,
            api.token_tax,
        )
        for endpoint in endpoints:
            publish(demo, endpoint)
        publish(demo, lab_runs.train, lab_runs.TRAIN)  # one training at a time, page and API
        demo.unload(lab_runs.end_session)
    uploads.bind(demo.upload_file_set)  # the grader and the Lab read only visitors' uploads
    return demo


def queue_kwargs() -> dict[str, Any]:
    return {"default_concurrency_limit": limits.WORKERS, "max_size": limits.MAX_QUEUED}


def launch_kwargs() -> dict[str, Any]:
    """What `demo.launch()` needs: our CSS, request limits in front of Gradio, bounded
    session memory and temp files (Gradio 6: these are launch arguments)."""
    return {
        "css_paths": [ASSETS / "style.css"],
        "app_kwargs": {"middleware": [Middleware(RequestLimits)]},
        # Gradio keeps each session's last inputs and outputs (a /token_ids answer for 100k
        # characters is ~30 MB in memory) and every API call is a session of its own: keep
        # two; the page's own calls keep nothing there and its tabs send their inputs each time
        "state_session_capacity": 2,
        "max_file_size": limits.UPLOADS.bytes_per_file,
        "show_error": True,  # a malformed API call gets Gradio's message, not {"error": null}
        # every API endpoint is also an MCP tool (Gradio's own server): streamable HTTP at
        # /gradio_api/mcp/, SSE at /gradio_api/mcp/sse (docs/app.md, "Agents")
        "mcp_server": True,
    }
