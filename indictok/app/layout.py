"""The page: a compact header, the workbench (text, controls and token cards, drawn in the
browser by assets/js/workbench.mjs), and tabs below for the grader, leaderboard, downloads,
token lookup, decoding and definitions. Handlers return dicts keyed by component."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import gradio as gr
from gradio.utils import get_function_description
from starlette.middleware import Middleware

from .. import __version__, browser, catalog, fastbpe, loaded
from ..languages import DEFAULT_LANGUAGE, LANGUAGES, detect_language, identifier_problem
from ..paths import ASSETS_DIR, STORE_DIR, model_stem, transformers_dir
from . import (
    api,
    board,
    contract,
    grader,
    lab_tab,
    limits,
    lookup,
    memory,
    page_script,
    queueguard,
    uploads,
)
from .urlguard import RequestLimits
from .workbench import permalink, tokenize

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
# The panel now grades the text above; the workbench marks it outdated when the text changes.
GRADED_JS = contract.listener_js((), contract.event_js("graded"))
# Large calls wait in Gradio's "work" group; light ones move to their own group
# (queueguard.py), and inside the app limits.SCHEDULER shares the workers.
WORK: dict[str, Any] = {"concurrency_id": "work", "concurrency_limit": 2 * limits.WORKERS}
# The upload's inputs, with the text above in place of the hidden text input.
UPLOAD_JS = contract.state_js(("file", "pattern", "language"), ("text",))
# The workbench adds the uploaded tokenizer's card.
OWN_JS = contract.listener_js(("key",), contract.event_js("own", "{key}", when="key"))


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


def grader_tab(state: list[gr.components.Component]) -> None:
    with gr.Tab("Grader", id="grader"):
        gr.Markdown(
            "Grades **our tokenizer for the language of the text above** (or the language "
            "chosen there): vocabulary under 5,000 and compression (UTF-8 bytes ÷ tokens) of "
            "at least 3.2 on a reference text we wrote for that language. The `/grade` API "
            "endpoint answers the same JSON."
        )
        button = gr.Button("Grade the text above", variant="primary", scale=0)
        first = grader.grade_or_error("", DEFAULT_LANGUAGE)  # the reference text, until asked
        first["language_note"] = "Hindi: the reference text only, until you press the button"
        panel = gr.HTML(grader.as_html(first), elem_id=contract.GRADE_PANEL_ID)
        with gr.Accordion("The same report as JSON (the /grade answer)", open=False):
            report = gr.JSON(first, show_label=False)
        upload_panel(state[0])

    def run(text: str, names: list[str], language: str, english: str) -> dict[Any, Any]:
        answer = grader.grade_or_error(text, language)  # the language the cards show
        if language in LANGUAGES and "language_note" in answer:
            answer["language_note"] = f"{LANGUAGES[language].name} (as on the page)"
        return {panel: grader.as_html(answer), report: answer}

    button.click(run, state, [panel, report], js=STATE_JS, api_visibility="private", **WORK).then(
        None, js=GRADED_JS
    )


def upload_panel(text: gr.components.Component) -> None:
    """Grade a tokenizer file (a student's submission); it joins the comparison as a card."""
    gr.Markdown(
        "### Grade your own tokenizer file\n"
        "A Hugging Face `tokenizer.json`, a SentencePiece `.model`, a tiktoken rank file (with "
        "its split pattern) or our `.model`, up to 10 MB: the same checks on the reference "
        "text of its language (and on the text above), and how it cuts Indic stress strings. "
        "It joins the cards above for this session only; nobody else sees it. `/grade_file` "
        "and `indictok grade FILE` give the same report."
    )
    with gr.Row():
        file = gr.File(
            label="Tokenizer file (≤ 10 MB)",
            file_count="single",
            file_types=uploads.FILE_TYPES,
            height=120,
            elem_id="itl-upload",
        )
        with gr.Column():
            language = gr.Dropdown(
                [("Auto: the script of its vocabulary", "auto")]
                + [(v.name, k) for k, v in LANGUAGES.items()],
                value="auto",
                label="Reference text",
                elem_id="itl-upload-language",
            )
            pattern = gr.Textbox(
                label="Split pattern (tiktoken rank files only): the regex, or the JSON "
                'sidecar {"pat_str": ..., "special_tokens": {...}}',
                lines=2,
                max_lines=4,
                elem_id="itl-upload-pattern",
            )
    button = gr.Button("Grade the file", variant="primary", scale=0, elem_id="itl-upload-go")
    verdict = gr.HTML(elem_id="itl-upload-verdict")
    with gr.Accordion("The same report as JSON (the /grade_file answer)", open=False):
        report = gr.JSON(show_label=False)
    key = gr.Textbox(visible=False)
    with gr.Row():
        query = gr.Textbox(
            label="Token lookup in the uploaded tokenizer: an id, or text to find in its entries",
            placeholder="42 or भारत", elem_id="itl-upload-query",
        )  # fmt: skip
        look = gr.Button("Look up", scale=0)
    found = gr.HTML(elem_id="itl-upload-lookup")
    for event in (query.submit, look.click):
        event(
            lambda k, q: {found: uploads.lookup_html(k, q)}, [key, query], [found],
            api_visibility="private",
        )  # fmt: skip

    def run(path: str | None, given: str, lang: str, text_above: str) -> dict[Any, Any]:
        answer, kept = uploads.grade_and_keep(path, lang, text_above, given)
        shown = {k: v for k, v in answer.items() if k != "card"}  # the /grade_file answer
        return {verdict: uploads.as_html(answer), report: shown, key: kept, file: None}

    button.click(
        run, [file, pattern, language, text], [verdict, report, key, file], js=UPLOAD_JS,
        api_visibility="private", **WORK,
    ).then(None, [key], None, js=OWN_JS)  # fmt: skip


def token_tax_tab() -> None:
    rows = board.read_board()
    names = board.languages(rows)
    first = names[0] if names else ""
    with gr.Tab("Token tax", id="tax"):
        gr.Markdown(
            "What each model charges a language: its tokens for the 1,012 FLORES-200 devtest "
            "sentences ÷ its tokens for their English originals (lower is fairer; 1.00× is "
            "English's price). Written by `python -m indictok leaderboard`."
        )
        language = gr.Dropdown(names, value=first, label="Language", elem_id="itl-tax-language")
        bars = gr.HTML(board.tax_bars_html(rows, first), elem_id="itl-tax-bars")
        gr.Dataframe(
            board.table_rows(rows), headers=board.HEADERS, interactive=False,
            elem_id="itl-leaderboard",
        )  # fmt: skip
    language.change(
        lambda chosen: {bars: board.tax_bars_html(board.read_board(), chosen)},
        language, [bars], api_visibility="private",
    )  # fmt: skip


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


def lookup_tab() -> None:
    with gr.Tab("Token lookup"):
        with gr.Row():
            name = gr.Dropdown(catalog.list_names(), value="indic-bpe-hi", label="Tokenizer")
            query = gr.Textbox(
                label="An id, or text to find in the vocabulary (a leading space counts)",
                placeholder="4998 or भारत",
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


def decode_tab() -> None:
    with gr.Tab("Decode ids"):
        with gr.Row():
            name = gr.Dropdown(catalog.list_names(), value="indic-bpe-hi", label="Tokenizer")
            ids = gr.Textbox(label="Token ids", placeholder="[4998] or 12 34 56")
        decoded = gr.Textbox(label="Text", elem_id="itl-decoded")
        button = gr.Button("Decode", scale=0)
    button.click(
        lambda n, i: {decoded: api.decode(n, i)}, [name, ids], [decoded], api_visibility="private"
    )


def about() -> str:
    """The About tab: the package version and which encoder serves our tokenizers."""
    route = ENCODER_ROUTE[0] if ENCODER_ROUTE else "not decided yet"
    return (
        f"**Indic Tokenizer Lab**, indictok {__version__}. Our tokenizers are encoded here by "
        f"{route}; every route gives the same ids (README: Use it in your code). The HTTP API "
        "is described under *Use via API* at the bottom of the page."
    )


ENCODER_ROUTE: list[str] = []  # set once, at start-up, by build_demo


def build_demo() -> gr.Blocks:
    memory.tune()  # large requests' buffers go back to the system after them
    if not ENCODER_ROUTE:  # before any of our tokenizers loads: the Space's pip built nothing
        ENCODER_ROUTE.append(fastbpe.ensure_compiled())
    # the default cards' tokenizers and every language's own load now; the other open
    # models' (100-200k ids each) on first use, each within a second
    loaded.load_all([*catalog.DEFAULT_NAMES, *(n for n, s in catalog.SPECS.items() if s.lang)])
    detect_language("नमस्ते")  # reference figures load at start-up, not in a request
    grader.warm()
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
            state = [gr.Textbox(visible=False), gr.JSON(visible=False),
                     gr.Textbox(visible=False), gr.Textbox(visible=False)]  # fmt: skip
            with gr.Tabs():
                grader_tab(state)
                lab_tab.lab_tab()
                token_tax_tab()
                downloads_tab(state)
                lookup_tab()
                decode_tab()
                with gr.Tab("Definitions"):
                    gr.Markdown(DEFINITIONS)
                with gr.Tab("About"):
                    gr.Markdown(about(), elem_id="itl-about")
        endpoints = (api.compare, api.token_ids, api.decode, api.grade, api.grade_file, api.export)
        for endpoint in endpoints:
            publish(demo, endpoint)
        publish(demo, lab_tab.train, lab_tab.TRAIN)  # one training at a time, page and API
        demo.unload(lab_tab.end_session)
    return demo


def publish(demo: gr.Blocks, fn: Callable[..., Any], queue: dict[str, Any] | None = None) -> None:
    """`fn` as an API endpoint named after it, its docstring's Args and Returns shown on the
    API page beside each parameter (gr.api alone labels them "1st", "2nd", ...).

    Gradio 6.31 has no public way to describe a gr.api parameter: the API page reads each
    one's description only from its component's JSON schema ("additional_description" of
    an input, "description" of an output), which gr.api builds from the type hint alone
    (gradio_client.utils.python_type_to_json_schema: no docstring, no Annotated). So the
    schema of each gr.Api component gr.api made is extended here: the one write to a private
    attribute (`_api_info`, the schema gr.Api's constructor takes and api_info() returns).
    The components are found through the dependency gr.api returns (its "inputs" and
    "outputs" ids) and `demo.blocks`; tests/test_app.py checks the API page shows them."""
    endpoint = gr.api(fn, api_name=fn.__name__, **(queue or WORK))
    _, described, returns = get_function_description(fn)
    inputs: Sequence[Any] = [demo.blocks[i] for i in endpoint["inputs"]]  # gr.Api components
    outputs: Sequence[Any] = [demo.blocks[i] for i in endpoint["outputs"]]
    for name, component in zip(described, inputs, strict=True):
        component.label = name
        component._api_info = {**component._api_info, "additional_description": described[name]}
    for component in outputs:
        component.label = "result"
        component._api_info = {**component._api_info, "description": " ".join(returns)}


def queue_kwargs() -> dict[str, Any]:
    return {"default_concurrency_limit": limits.WORKERS, "max_size": queueguard.MAX_WAITING}


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
    }
