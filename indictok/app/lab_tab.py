"""The Lab (Train tab and `/train`): a visitor trains their own tokenizer on the server
(indictok/lab/ does the work), watches it learn (assets/js/lab.mjs) and downloads it; the
result joins their comparison as the "yours" card (app/own.py).

Bounded for a public Space: one training at a time app-wide, in a child process of its own
(app/lab_runs.py), a corpus cap (lab.MAX_CORPUS_BYTES), and files only in a folder of the
app's scratch root owned by the session, removed when the session ends, when it trains
again, when it expires, at exit and on SIGTERM. The HTML is app/lab_html.py. The "yours"
card runs in the uploaded tokenizers' child (sandbox.py).
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import gradio as gr

from .. import lab, sandbox
from ..languages import LANGUAGES
from . import contract, own, page_script, uploads
from .lab_html import label_of, message_html, progress_html, verdict_html
from .lab_runs import (
    PROGRESS_SECONDS,
    TRAIN,
    WAITING,
    WAITING_MESSAGE,
    cancel_training,
    next_run,
    run_training,
)

SOURCES = [("Pasted text", "paste"), ("Uploaded .txt", "upload"), ("Our training file", "ours")]
PATTERN_CHOICES = [(f"{name}: {what}", name) for name, what in lab.PATTERNS.items()]
# After a training: add the "yours" card (the workbench) and draw the slider panel (lab.mjs),
# which keeps the card's key to drop it when the next training starts.
SHOW_JS = contract.listener_js(
    ("key", "data"),
    contract.event_js("own", "{key}", when="key"),
    contract.event_js("lab", "{json: data, key}", when="data"),
)
# When a training starts, the previous one's card and slider go at once (lab.mjs), as its
# verdict and zip do with the first answer: the Lab never shows parts of two runs.
START_JS = "(...inputs) => { " + contract.event_js("lab", "{json: ''}") + " return inputs; }"


def corpus_source(
    source: str, text: str | None, upload: str | None, lang: str | None
) -> tuple[str, str]:
    """The corpus the visitor chose, for the child to read: ("text", text) or ("file", path)
    (an upload, which is read, never removed: Gradio's cache expires it, or our training
    file)."""
    if source == "upload":
        if not upload:
            raise lab.LabError("choose a .txt file to upload first")
        if not uploads.is_uploaded(upload):
            raise lab.LabError("that is not a file you uploaded")
        return ("file", upload)
    if source == "ours":
        path = lab.training_file(lang or "")
        if path is None:
            raise lab.LabError("our training files are not on this server; paste or upload text")
        return ("file", str(path))
    return ("text", lab.check_corpus(text or ""))


INTRO = (
    "Train **your own** byte-level BPE on your text, with our recipe, and see what "
    "your choices do: the result joins the cards above as **yours** for this session, "
    "graded on the held-out share and on our reference text, and downloadable in every "
    "format we ship. One training runs at a time; others wait their turn."
)


@dataclass(frozen=True)
class Outputs:
    """What a training shows: its status, verdict and zip, and (hidden) the "yours" card's
    key and the slider's data, for SHOW_JS."""

    status: gr.HTML
    verdict: gr.HTML
    zip_file: gr.File
    key: gr.Textbox
    data: gr.Textbox

    def all(self) -> list[Any]:
        return [self.status, self.verdict, self.zip_file, self.key, self.data]

    def cleared(self) -> dict[Any, Any]:
        """Everything the previous training showed, emptied."""
        return {self.verdict: "", self.zip_file: None, self.key: "", self.data: ""}

    def run(
        self,
        source_: str,
        text_: str,
        upload_: str | None,
        ours_: str | None,
        vocab_: Any,
        pattern_: str,
        heldout_: float,
        previous: str,
        request: gr.Request,
    ) -> Iterator[dict[Any, Any]]:
        """The Train button: check, wait for the turn, train, show the result. The previous
        training's card (kept under `previous`), verdict, zip and slider go at once."""
        status, cleared = self.status, self.cleared()
        own.forget(previous, visitor=request.session_hash or "")
        try:
            corpus = corpus_source(source_, text_, upload_, ours_)
            settings = lab.check_settings(vocab_, pattern_, heldout_)
        except lab.LabError as e:
            yield {status: message_html(str(e)), **cleared}
            return
        yield {status: progress_html(lab.Progress.of(settings)), **cleared}
        shown = 0.0
        for progress, outcome in run_training(request.session_hash or "", corpus, settings):
            if outcome is WAITING:
                yield {status: message_html(WAITING_MESSAGE)}
            elif outcome is None:
                if time.monotonic() - shown >= PROGRESS_SECONDS:
                    shown = time.monotonic()
                    yield {status: progress_html(progress)}
            elif isinstance(outcome, Exception):
                yield {status: message_html(str(outcome)), **cleared}
            else:
                yield self.finished(outcome, visitor=request.session_hash or "")

    def finished(self, answer: dict[str, Any], visitor: str = "") -> dict[Any, Any]:
        """A training's answer on the page: its card kept, its figures, its zip."""
        result, run_number = answer["result"], next_run()
        try:
            backend = sandbox.SandboxedBackend("yours", answer["model"], "yours.model")
        except sandbox.SandboxError as e:
            failed = message_html(f"trained, but the card could not start: {e}")
            return {self.status: failed, **self.cleared()}
        label = label_of(result, run_number)
        kept = own.keep("yours", label, backend, visitor)
        corpus = result["corpus"]
        done = (
            f"Trained {result['vocab_size']:,} ids ({result['merges']:,} merges) on "
            f"{corpus['bytes']:,} bytes in {result['seconds']:.1f} s; "
            f"yours (#{run_number}) is now a card above.{own.dropped_note(kept)}"
        )
        if result["vocab_size"] < result["settings"]["vocab_size"]:
            done += " (the corpus ran out of pairs to merge before the size asked for)"
        return {
            self.status: message_html(done, ok=True),
            self.verdict: verdict_html(result, label),
            self.zip_file: answer["zip"],
            self.key: kept.key,
            self.data: json.dumps({**answer["steps"], "label": label}, ensure_ascii=False),
        }

    def stop(self, request: gr.Request) -> dict[Any, Any]:
        """The Cancel button: the child is killed at once, nothing is kept."""
        cancel_training(request)
        return {self.status: message_html(lab.CANCELLED)}


def corpus_inputs() -> list[Any]:
    """Where the corpus comes from: pasted, uploaded or our training file."""
    source = gr.Radio(SOURCES, value="paste", label="Corpus")
    text = gr.Textbox(label="Text to train on", lines=6, max_lines=12, elem_id="itl-lab-text")
    upload = gr.File(
        label="A UTF-8 .txt file (up to 20 MB)",
        file_count="single",
        file_types=[".txt"],
        type="filepath",
        elem_id="itl-lab-upload",
        height=110,
    )
    langs = lab.training_languages()
    ours = gr.Dropdown(
        [(LANGUAGES[c].name, c) for c in langs],
        value=langs[0] if langs else None,
        label="Our training file (train/<lang>.txt)",
        interactive=bool(langs),
    )
    return [source, text, upload, ours]


def settings_inputs() -> list[Any]:
    """The vocabulary size, the split pattern and the held-out share."""
    vocab = gr.Number(
        lab.DEFAULT_VOCAB,
        precision=0,
        label="Vocabulary size "
        f"({lab.MIN_VOCAB}–{lab.MAX_VOCAB:,}: 256 bytes + merges + 1 "
        "special token)",
        elem_id="itl-lab-vocab",
    )
    pattern = gr.Radio(
        PATTERN_CHOICES,
        value="indic-superword-v1",
        label="Split pattern",
        elem_id="itl-lab-pattern",
    )
    heldout = gr.Slider(
        0,
        lab.MAX_HELDOUT,
        lab.DEFAULT_HELDOUT,
        step=0.05,
        label="Held-out share (the last lines; kept out of training)",
    )
    return [vocab, pattern, heldout]


def result_outputs() -> Outputs:
    """The status, the verdict, the zip, the slider panel (lab.mjs) and the hidden values."""
    status = gr.HTML("", elem_id="itl-lab-status")
    verdict = gr.HTML("", elem_id="itl-lab-verdict")
    zip_file = gr.File(
        label="Your tokenizer (.model, .tiktoken, tokenizer.json, transformers folder, README)",
        elem_id="itl-lab-zip",
    )
    gr.Markdown(
        "**Watch BPE learn**: move the slider to see a held-out sentence's tokens "
        "after the first k merges; the merges table follows it."
    )
    gr.HTML(
        "",
        html_template="<div></div>",
        js_on_load=lab_js(),
        apply_default_css=False,
        container=False,
        padding=False,
        elem_id="itl-lab-watch",
    )
    # not drawn at all (a textarea of 150 KB of Indic text costs the browser seconds of
    # text layout); SHOW_JS still receives their values
    key = gr.Textbox(visible=False, elem_id="itl-lab-key")
    data = gr.Textbox(visible=False, elem_id="itl-lab-data")
    return Outputs(status, verdict, zip_file, key, data)


def lab_tab() -> None:
    with gr.Tab("Train", id="train", elem_id="itl-lab"):
        gr.Markdown(INTRO)
        with gr.Row():
            with gr.Column():
                inputs = corpus_inputs()
            with gr.Column():
                inputs += settings_inputs()
                with gr.Row():
                    button = gr.Button("Train", variant="primary", elem_id="itl-lab-train")
                    stop = gr.Button("Cancel", elem_id="itl-lab-cancel")
        outputs = result_outputs()
    event = button.click(
        outputs.run,
        [*inputs, outputs.key],
        outputs.all(),
        js=START_JS,
        api_visibility="private",
        show_progress_on=[outputs.status],
        **TRAIN,
    )
    event.then(None, [outputs.key, outputs.data], None, js=SHOW_JS)
    stop.click(
        outputs.stop, None, [outputs.status], cancels=[event], api_visibility="private", queue=False
    )


def warm() -> None:
    """Train once on a few lines at start-up, so a visitor's first training does not pay for
    compiling the split patterns and loading the comparison tokenizers."""
    lines = "नमस्ते दुनिया। भारत एक विशाल देश है, और यह सुंदर है।\nHindi में 123 बातें।\n" * 20
    for pattern in lab.PATTERNS:
        trained = lab.train(lines, lab.Settings(300, pattern, 0.1))
    lab.measured(trained, lab.backend_of(trained))


def lab_js() -> str:
    config = {"events": contract.EVENTS, "palette_size": contract.PALETTE_SIZE}
    script = page_script.bundle("lab")
    return f"{contract.config_js(config)}{script}module_lab.mountLab(element, CONFIG);\n"
