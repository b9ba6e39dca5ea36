"""The Grader tab and the grader's page side: our tokenizer for the page's language graded on
the text above (and `/grade`), a tokenizer file graded (uploads.py takes the file), and the
report as HTML for both and for the Lab's verdict. Every rule and figure comes from
indictok/grading.py (the one grader); nothing here types a limit.

The language is the page's (the cards'), or the one chosen in the upload's menu; the panel
grades again when the page's language changes (assets/js/workbench.mjs clicks its button).
"""

from __future__ import annotations

from html import escape
from typing import Any

import gradio as gr

from .. import grading, loaded
from ..grading import RATIO_TARGET, VOCAB_LIMIT
from ..languages import DEFAULT_LANGUAGE, LANGUAGES
from ..text import visible_whitespace
from . import contract, request, uploads
from .errors import InputError, message
from .urlguard import visitor_of_request

OURS = "indic-bpe-" + DEFAULT_LANGUAGE  # the tokenizer whose counterparts are graded
OURS_COUNTED = "256 byte tokens + merges + special tokens"
PAGE = "page"  # the upload menu's choice: the page's language
# The upload's inputs, the page's state after them; "page" becomes the cards' language.
UPLOAD_JS = (
    "(file, pattern, language) => { const s = {}; "
    + contract.event_js("state", "s")
    + f" return [file, pattern, language === {PAGE!r} ? (s.language || 'auto') : language, "
    "s.text ?? '', language === " + repr(PAGE) + "]; }"
)
# The panel graded the text above in the page's language (the workbench marks it outdated
# when the text changes, and grades again when the language does).
GRADED_JS = contract.listener_js(
    ("report",), contract.event_js("graded", "{language: report?.language}")
)
OWN_JS = contract.listener_js(("key",), contract.event_js("own", "{key}", when="key"))


# ---- grading ours ---------------------------------------------------------------------


def grade_ours(text: str = "", language: str = "auto", how: str = "") -> dict[str, Any]:
    """The report for our tokenizer of the text's (or the chosen) language."""
    checked = request.check(text, [OURS], language=language)
    [name], text = checked.names, checked.text
    reason = how or checked.language_note.partition(" (")[2].removesuffix(")")
    with checked.slot():
        return grading.grade(
            loaded.get(name),
            file=name,
            kind="ours",
            vocab_counted=OURS_COUNTED,
            language=checked.language,
            text=text,
            how=reason,
        )


def grade_or_error(text: str, language: str, how: str = "") -> dict[str, Any]:
    try:
        return grade_ours(text, language, how)
    except (InputError, loaded.TokenizerUnavailableError, OSError) as e:
        return {"error": message(e)}


# ---- the report as HTML ---------------------------------------------------------------


def check_row(ok: bool | None, what: str) -> str:
    word, css = {True: ("PASS", "itl-ok"), False: ("FAIL", "itl-no"), None: ("info", "itl-info")}[
        ok
    ]
    return f'<tr><td class="{css}">{word}</td><td>{what}</td></tr>'


def visible(text: str) -> str:
    """`text` escaped, its whitespace and joiners shown as marks (as everywhere on the page)."""
    return visible_whitespace(escape(text))


def round_trip_row(measured: dict[str, Any], where: str) -> str:
    """The round trip's check; when it fails, where (whitespace shown) and the known cause."""
    what = f"round trip decode(encode(x)) == x on {where}"
    diff = measured["first_difference"]
    if diff:
        what += (
            f'<br>differs at character {diff["at"]:,}: expected <code class="itl-diff">'
            f'{visible(diff["expected"])}</code>, decoded <code class="itl-diff">'
            f"{visible(diff['decoded'])}</code>"
        )
    if measured["round_trip_cause"]:
        what += f"<br><small>{escape(measured['round_trip_cause'])}</small>"
    return check_row(measured["round_trip_ok"], what)


def as_html(report: dict[str, Any]) -> str:
    """The verdict in words and colour, every figure, where a round trip fails, the stress
    strings' tokens and the one-line summary; every piece of user text escaped."""
    if "error" in report:
        return f'<div class="itl-verdict itl-fail">Cannot grade: {escape(report["error"])}</div>'
    ref, pasted = report["reference_text"], report["pasted_text"]
    verdict = "PASS" if report["passed"] else "FAIL"
    rows = [
        check_row(
            report["vocab_ok"],
            f"vocabulary {report['vocab_size']:,} &lt; "
            f"{VOCAB_LIMIT:,} ({escape(report['vocab_counted'])})",
        ),
        check_row(
            ref["ratio_ok"],
            f"compression {ref['bytes_per_token']:.2f} ≥ {RATIO_TARGET} "
            f"UTF-8 bytes/token on {escape(ref['file'])} ({ref['bytes']:,} bytes → "
            f"{ref['tokens']:,} tokens)",
        ),
        round_trip_row(ref, "the reference text"),
        check_row(
            None,
            f"{ref['chars_per_token']:.2f} chars/token, "
            f"{ref['tokens_per_word']:.3f} tokens/word on the reference text; byte-exact "
            f"tokens: {'yes' if report['byte_exact'] else 'no'}",
        ),
    ]
    if pasted:
        rows.append(round_trip_row(pasted, "the text above"))
        ratio, tokens = pasted["bytes_per_token"], pasted["tokens"]
        measured = f"compression {ratio:.2f} on the text above ({tokens:,} tokens"
        rows.append(check_row(None, f"{measured}; reported, not required)"))
    card = f"<p>{escape(report['card'])}</p>" if report.get("card") else ""
    return (
        f'<div class="itl-verdict itl-{verdict.lower()}">{verdict}: '
        f"{escape(report['file'])} ({escape(report['kind'])}), language "
        f"{escape(report['language_note'])}</div>"
        f'<table class="itl-checks">{"".join(rows)}</table>{stress_html(report)}'
        f"<p><small>passed = {escape(report['passed_covers'])}</small></p>{card}"
        f'<p class="itl-note" id="itl-summary-label">For feedback (one line):</p>'
        '<textarea class="itl-summary" aria-labelledby="itl-summary-label" readonly rows="2">'
        f"{escape(report['summary'])}</textarea>"
    )


def stress_html(report: dict[str, Any]) -> str:
    """How the tokenizer cuts each of the language's stress strings."""
    rows = []
    for case in report["stress"]:
        tokens = "".join(f"<span>{escape(t)}</span>" for t in case["tokens"])
        split, mixed = case["aksharas_split"], len(case["mixed_tokens"])
        ok = split == 0 and mixed == 0 and case["round_trip_ok"]
        note = f"{split} akshara{'s' * (split != 1)} split"
        note += (f", {mixed} mixed-class" if mixed else "") + (
            "" if case["round_trip_ok"] else ", round trip fails"
        )
        word, css = ("kept", "itl-ok") if ok else ("cut", "itl-no")
        rows.append(
            f'<tr><td class="{css}">{word}</td><td>{escape(case["case"])}</td>'
            f"<td>{visible(case['text'])}</td><td>{tokens}</td><td>{note}</td></tr>"
        )
    head = "<tr><th>kept?</th><th>case</th><th>text</th><th>tokens</th><th>why</th></tr>"
    name = LANGUAGES[report["language"]].name
    return (
        f"<p><strong>{escape(name)} stress strings</strong> (does the split pattern respect "
        "the script?)</p>"
        f'<table class="itl-checks itl-stress">{head}{"".join(rows)}</table>'
    )


# ---- the tab --------------------------------------------------------------------------


def grader_tab(state: list[gr.components.Component], work: dict[str, Any]) -> None:
    """The Grader tab: ours for the page's language, then a file upload. `state` is the
    page's hidden inputs (text, tokenizers, language, english), `work` the queue settings."""
    with gr.Tab("Grader", id="grader") as tab:
        gr.Markdown(
            "Grades **our tokenizer for the language of the page** (the cards' language above): "
            f"{grading.rules_text()}, and how it cuts that language's stress strings. It "
            "grades again when the page's language changes. The `/grade` API endpoint "
            "answers the same JSON."
        )
        button = gr.Button(
            "Grade the text above", variant="primary", scale=0, elem_id=contract.GRADE_BUTTON_ID
        )
        first = grade_or_error("", DEFAULT_LANGUAGE, "the reference text only, until you grade")
        panel = gr.HTML(as_html(first), elem_id=contract.GRADE_PANEL_ID)
        with gr.Accordion("The same report as JSON (the /grade answer)", open=False):
            report = gr.JSON(first, show_label=False)
        upload_panel(work)

    def run(text: str, names: list[str], language: str, english: str) -> dict[Any, Any]:
        answer = grade_or_error(text, language, "as on the page")  # the cards' language
        return {panel: as_html(answer), report: answer}

    for event in (button.click, tab.select):  # opened: it grades the page as it is now
        event(
            run, state, [panel, report], js=contract.state_js(), api_visibility="private", **work
        ).then(None, [report], None, js=GRADED_JS)


def upload_panel(work: dict[str, Any]) -> None:
    """Grade a tokenizer file (a student's submission); it joins the comparison as a card."""
    gr.Markdown(
        "### Grade your own tokenizer file\n"
        "A Hugging Face `tokenizer.json`, a SentencePiece `.model`, a tiktoken rank file (with "
        "its split pattern) or our `.model`, up to 10 MB: the same checks on the reference "
        "text and stress strings of the language chosen here (the page's, unless you choose "
        "another), and on the text above. It joins the cards above for this session only; "
        "nobody else sees it. `/grade_file` and `indictok grade FILE` give the same report."
    )
    file, language, pattern = upload_inputs()
    button = gr.Button("Grade the file", variant="primary", scale=0, elem_id="itl-upload-go")
    verdict = gr.HTML(elem_id="itl-upload-verdict")
    with gr.Accordion("The same report as JSON (the /grade_file answer)", open=False):
        report = gr.JSON(show_label=False)
    key = gr.Textbox(visible=False)
    text = gr.Textbox(visible=False)
    from_page = gr.Checkbox(visible=False)
    lookup_row(key)

    def run(
        path: str | None, given: str, lang: str, text_above: str, page: bool, asked: gr.Request
    ) -> dict[Any, Any]:
        visitor, session = visitor_of_request(asked), asked.session_hash or ""
        answer, kept = uploads.grade_and_keep(path, lang, text_above, given, visitor, session)
        if page and "language_note" in answer:
            answer["language_note"] = f"{LANGUAGES[answer['language']].name} (as on the page)"
        shown = {k: v for k, v in answer.items() if k != "card"}  # the /grade_file answer
        return {verdict: as_html(answer), report: shown, key: kept, file: None}

    button.click(
        run,
        [file, pattern, language, text, from_page],
        [verdict, report, key, file],
        js=UPLOAD_JS,
        api_visibility="private",
        **work,
    ).then(None, [key], None, js=OWN_JS)


def upload_inputs() -> tuple[gr.File, gr.Dropdown, gr.Textbox]:
    """The file, the language to grade it on, and a rank file's split pattern."""
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
                [("The page's language", PAGE)] + [(v.name, k) for k, v in LANGUAGES.items()],
                value=PAGE,
                label="Grade on the language",
                elem_id="itl-upload-language",
            )
            pattern = gr.Textbox(
                label="Split pattern (tiktoken rank files only): the regex, or the JSON "
                'sidecar {"pat_str": ..., "special_tokens": {...}}',
                lines=2,
                max_lines=4,
                elem_id="itl-upload-pattern",
            )
    return file, language, pattern


def lookup_row(key: gr.Textbox) -> None:
    """Look a token up in the uploaded tokenizer kept under `key`: an id, or text."""
    with gr.Row():
        query = gr.Textbox(
            label="Token lookup in the uploaded tokenizer: an id, or text to find in its entries",
            placeholder="42 or भारत",
            elem_id="itl-upload-query",
        )
        look = gr.Button("Look up", scale=0)
    found = gr.HTML(elem_id="itl-upload-lookup")
    for event in (query.submit, look.click):
        event(
            lambda k, q: {found: uploads.lookup_html(k, q)},
            [key, query],
            [found],
            api_visibility="private",
        )
