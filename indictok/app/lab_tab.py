"""The Lab (Train tab and `/train`): a visitor trains their own tokenizer on the server
(indictok/lab.py does the work), watches it learn (assets/js/lab.mjs) and downloads it; the
result joins their comparison as the "yours" card (app/own.py).

Bounded for a public Space: one training at a time app-wide (concurrency id "train": others
wait in Gradio's queue, which shows their position), in one of the app-wide work slots, a
time cap (lab.TIME_CAP_SECONDS), a corpus cap (lab.MAX_CORPUS_BYTES), and files only in a
temporary folder per session (per call for the API), removed when the session ends, when it
trains again, after an hour, and at exit.
"""

from __future__ import annotations

import atexit
import json
import logging
import shutil
import tempfile
import threading
import time
from collections.abc import Iterator
from html import escape
from pathlib import Path
from typing import Any

import gradio as gr

from .. import grading, lab
from ..languages import DEFAULT_LANGUAGE, LANGUAGES
from . import contract, grade_tab, own, page_script
from .limits import InputError, work_slot

TRAIN: dict[str, Any] = {"concurrency_id": "train", "concurrency_limit": 1}
FOLDER_PREFIX = "itl-lab-"
FOLDER_MAX_AGE = 3600.0
SOURCES = [("Pasted text", "paste"), ("Uploaded .txt", "upload"), ("Our training file", "ours")]
LAB_COUNTED = "256 byte tokens + merges + <|endoftext|>"
PATTERN_CHOICES = [(f"{name}: {what}", name) for name, what in lab.PATTERNS.items()]
# After a training: add the "yours" card (the workbench) and draw the slider panel (lab.mjs).
SHOW_JS = contract.listener_js(
    ("key", "data"),
    contract.event_js("own", "{key}", when="key"),
    contract.event_js("lab", "{json: data}", when="data"),
)

_folders: dict[str, Path] = {}  # session -> its temporary folder
_cancels: dict[str, threading.Event] = {}  # session -> the flag its running training reads
_lock = threading.Lock()


# ---- temporary folders ----------------------------------------------------------------


def new_folder(session: str) -> Path:
    """A fresh temporary folder for `session` (its previous one is removed)."""
    sweep()
    folder = Path(tempfile.mkdtemp(prefix=FOLDER_PREFIX))
    with _lock:
        old = _folders.pop(session, None)
        _folders[session] = folder
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)
    return folder


def end_session(request: gr.Request) -> None:
    """The visitor left: stop their training and remove their folder."""
    session = request.session_hash or ""
    with _lock:
        folder = _folders.pop(session, None)
        cancel = _cancels.pop(session, None)
    if cancel is not None:
        cancel.set()
    if folder is not None:
        shutil.rmtree(folder, ignore_errors=True)


def sweep(max_age: float = FOLDER_MAX_AGE) -> None:
    """Remove Lab folders older than `max_age` seconds (API calls' folders end here)."""
    for folder in Path(tempfile.gettempdir()).glob(f"{FOLDER_PREFIX}*"):
        try:
            if time.time() - folder.stat().st_mtime > max_age:
                shutil.rmtree(folder, ignore_errors=True)
        except OSError:
            continue


@atexit.register
def _remove_all() -> None:
    for folder in list(_folders.values()):
        shutil.rmtree(folder, ignore_errors=True)


# ---- the work, shared by the tab and the API ------------------------------------------


def result_of(trained: lab.Trained, key: str = "") -> dict[str, Any]:
    """The figures of a training: what `/train` answers (without the zip)."""
    backend = lab.backend_of(trained)
    lang = trained.lang or DEFAULT_LANGUAGE
    return {
        "vocab_size": trained.tokenizer.vocab_size,
        "merges": len(trained.tokenizer.model.merges),
        "merges_sha256": lab.merges_sha256(trained.tokenizer),
        "settings": {"vocab_size": trained.settings.vocab_size,
                     "pattern": trained.settings.pattern, "heldout": trained.settings.heldout},
        "language": trained.lang,
        "corpus": trained.corpus,
        "seconds": round(trained.seconds, 2),
        "heldout": lab.heldout_report(trained, backend),
        "reference": grading.grade(
            backend, file="yours", kind="trained in the Lab", vocab_counted=LAB_COUNTED,
            language=lang, how="detected in your corpus" if trained.lang else "no Indian script "
            "in your corpus; the default",
        ),
    }  # fmt: skip


def train_and_pack(
    text: str,
    settings: lab.Settings,
    folder: Path,
    progress: lab.Progress | None = None,
    cancel: threading.Event | None = None,
) -> tuple[lab.Trained, dict[str, Any], Path]:
    """Train in a work slot, measure, and write the zip into `folder`."""
    with work_slot():
        trained = lab.train(text, settings, progress=progress, cancel=cancel)
        result = result_of(trained)
        path = lab.write_zip(trained, lab.readme(trained, result), folder)
    return trained, result, path


def train(
    text: str, vocab_size: int = lab.DEFAULT_VOCAB, pattern: str = "indic-superword-v1",
    heldout: float = lab.DEFAULT_HELDOUT,
) -> dict[str, Any]:  # fmt: skip
    """Train your own byte-level BPE on a text, with our recipe (the same merges as
    `python -m indictok train --text FILE` with these settings).

    Args:
        text: the training text (UTF-8; at most 20,000,000 bytes, and the 2 MB request cap).
        vocab_size: ids in all, from 257 to 5,000 (256 bytes + merges + <|endoftext|>).
        pattern: "indic-superword-v1", "indic-v1", "cl100k" (GPT-4's) or "none".
        heldout: share of the last lines kept out of training and measured, 0 to 0.5.
    Returns:
        {"vocab_size", "merges_sha256", "heldout": {"bytes_per_token", "chars_per_token",
        "tokens_per_word", "tokens", ..., "compared"} (null if nothing is held out),
        "reference": the grader's report, "zip": the tokenizer in every format}, or
        {"error": message}.
    """
    try:
        settings = lab.check_settings(vocab_size, pattern, heldout)
        folder = Path(tempfile.mkdtemp(prefix=FOLDER_PREFIX))
        sweep()
        _, result, path = train_and_pack(lab.check_corpus(text), settings, folder)
    except (lab.LabError, lab.StoppedError, InputError) as e:
        return {"error": str(e)}
    file = {"path": str(path), "orig_name": path.name, "meta": {"_type": "gradio.FileData"}}
    return {**result, "zip": file}


# ---- the tab --------------------------------------------------------------------------


def corpus_text(source: str, text: str | None, upload: str | None, lang: str | None) -> str:
    """The corpus the visitor chose; an uploaded file is deleted once read."""
    if source == "upload":
        if not upload:
            raise lab.LabError("choose a .txt file to upload first")
        try:
            return lab.check_corpus(lab.read_text_file(upload))
        finally:
            Path(upload).unlink(missing_ok=True)
    if source == "ours":
        path = lab.training_file(lang or "")
        if path is None:
            raise lab.LabError("our training files are not on this server; paste or upload text")
        return lab.check_corpus(lab.read_text_file(path))
    return lab.check_corpus(text or "")


def progress_html(progress: lab.Progress) -> str:
    """The progress bar: merges done of total, and the time left (numbers only)."""
    done, total = progress.done, max(progress.total, 1)
    left = progress.seconds_left()
    when = "counting the corpus's chunks…" if left is None else f"about {left:.0f} s left"
    return (
        f'<div class="itl-lab-progress"><progress value="{done}" max="{total}"></progress>'
        f"<span>{done:,} of {progress.total:,} merges · {when}</span></div>"
    )


def message_html(message: str, ok: bool = False) -> str:
    css = "itl-ok" if ok else "itl-no"
    return f'<p class="itl-lab-message {css}">{escape(message)}</p>'


def verdict_html(result: dict[str, Any]) -> str:
    """The grader's verdict on the held-out share and on the reference text, escaped."""
    parts = []
    held = result["heldout"]
    if held is None:
        parts.append("<p>Nothing was held out (held-out share 0 or a one-line corpus).</p>")
    else:
        verdict = "PASS" if held["passed"] else "FAIL"
        parts.append(
            f'<div class="itl-verdict itl-{verdict.lower()}">{verdict} on the held-out share: '
            f"vocabulary {result['vocab_size']:,} &lt; {grading.VOCAB_LIMIT:,}, "
            f"{held['bytes_per_token']:.2f} bytes/token (≥ {grading.RATIO_TARGET}), "
            f"round trip {'ok' if held['round_trip_ok'] else 'FAILED'}"
            "</div>" + compare_table(held)
        )
    parts.append(grade_tab.as_html(result["reference"]))
    return "".join(parts)


def compare_table(held: dict[str, Any]) -> str:
    rows = [("yours", held), *held["compared"].items()]
    cells = "".join(
        f"<tr><td>{escape(name)}</td><td>{f['tokens']:,}</td><td>{f['bytes_per_token']:.2f}</td>"
        f"<td>{f['chars_per_token']:.3f}</td><td>{f['tokens_per_word']:.3f}</td></tr>"
        for name, f in rows
    )
    return (
        '<div class="itl-lab-scroll"><table class="itl-checks itl-lab-compare"><tr><th>on the '
        "held-out share</th><th>tokens</th><th>bytes/token</th><th>chars/token</th>"
        f"<th>tokens/word</th></tr>{cells}</table></div>"
    )


def label_of(trained: lab.Trained) -> str:
    lang = LANGUAGES[trained.lang].name if trained.lang else "no Indian script found"
    return f"Yours: {trained.settings.pattern}, {lang}"


def run_training(
    session: str, text: str, settings: lab.Settings
) -> Iterator[tuple[lab.Progress, Any]]:
    """Train in a thread; yields (progress, None) while it runs, then (progress, outcome):
    (trained, result, zip path) or the exception that stopped it (at once when cancelled)."""
    cancel = threading.Event()
    with _lock:
        _cancels[session] = cancel
    progress = lab.Progress(total=settings.vocab_size - lab.MIN_VOCAB)
    box: dict[str, Any] = {}

    def work() -> None:
        try:
            box["outcome"] = train_and_pack(text, settings, new_folder(session), progress, cancel)
        except (lab.LabError, lab.StoppedError, InputError) as e:
            box["outcome"] = e
        except Exception as e:  # never leave the page with a progress bar that stops
            logging.getLogger(__name__).exception("Lab training failed")
            box["outcome"] = lab.LabError(f"training failed ({type(e).__name__}); nothing was kept")

    thread = threading.Thread(target=work, name="itl-lab-train", daemon=True)
    thread.start()
    try:
        while thread.is_alive():
            if cancel.is_set():  # say so now; the thread stops at its next check (< 1 merge)
                yield progress, lab.StoppedError(lab.CANCELLED)
                thread.join()  # this event keeps the app's one training slot until then
                return
            yield progress, None
            thread.join(0.1)
        yield progress, box.get("outcome")
    finally:
        with _lock:
            if _cancels.get(session) is cancel:
                del _cancels[session]


def cancel_training(request: gr.Request) -> None:
    with _lock:
        cancel = _cancels.get(request.session_hash or "")
    if cancel is not None:
        cancel.set()


def lab_tab() -> None:
    with gr.Tab("Train", id="train", elem_id="itl-lab"):
        gr.Markdown(
            "Train **your own** byte-level BPE on your text, with our recipe, and see what "
            "your choices do: the result joins the cards above as **yours** for this session, "
            "graded on the held-out share and on our reference text, and downloadable in every "
            "format we ship. One training runs at a time; others wait their turn."
        )
        with gr.Row():
            with gr.Column():
                source = gr.Radio(SOURCES, value="paste", label="Corpus")
                text = gr.Textbox(label="Text to train on", lines=6, max_lines=12,
                                  elem_id="itl-lab-text")  # fmt: skip
                upload = gr.File(
                    label="A UTF-8 .txt file (up to 20 MB)", file_count="single",
                    file_types=[".txt"], type="filepath", elem_id="itl-lab-upload", height=110,
                )  # fmt: skip
                langs = lab.training_languages()
                ours = gr.Dropdown([(LANGUAGES[c].name, c) for c in langs],
                                   value=langs[0] if langs else None,
                                   label="Our training file (train/<lang>.txt)",
                                   interactive=bool(langs))  # fmt: skip
            with gr.Column():
                vocab = gr.Number(lab.DEFAULT_VOCAB, precision=0, label="Vocabulary size "
                                  f"({lab.MIN_VOCAB}–{lab.MAX_VOCAB:,}: 256 bytes + merges + 1 "
                                  "special token)",
                                  elem_id="itl-lab-vocab")  # fmt: skip
                pattern = gr.Radio(PATTERN_CHOICES, value="indic-superword-v1",
                                   label="Split pattern", elem_id="itl-lab-pattern")  # fmt: skip
                heldout = gr.Slider(
                    0, lab.MAX_HELDOUT, lab.DEFAULT_HELDOUT, step=0.05,
                    label="Held-out share (the last lines; kept out of training)",
                )  # fmt: skip
                with gr.Row():
                    button = gr.Button("Train", variant="primary", elem_id="itl-lab-train")
                    stop = gr.Button("Cancel", elem_id="itl-lab-cancel")
        status = gr.HTML("", elem_id="itl-lab-status")
        verdict = gr.HTML("", elem_id="itl-lab-verdict")
        zip_file = gr.File(label="Your tokenizer (.model, .tiktoken, tokenizer.json, "
                           "transformers folder, README)", elem_id="itl-lab-zip")  # fmt: skip
        gr.Markdown("**Watch BPE learn**: move the slider to see a held-out sentence's tokens "
                    "after the first k merges; the merges table follows it.")  # fmt: skip
        gr.HTML("", html_template="<div></div>", js_on_load=lab_js(), apply_default_css=False,
                container=False, padding=False, elem_id="itl-lab-watch")  # fmt: skip
        # not drawn at all (a textarea of 150 KB of Indic text costs the browser seconds of
        # text layout); SHOW_JS still receives their values
        key = gr.Textbox(visible=False, elem_id="itl-lab-key")
        data = gr.Textbox(visible=False, elem_id="itl-lab-data")

    outputs = [status, verdict, zip_file, key, data]
    cleared = {verdict: "", zip_file: None, key: "", data: ""}  # the previous training's

    def run(
        source_: str, text_: str, upload_: str | None, ours_: str | None, vocab_: Any,
        pattern_: str, heldout_: float, request: gr.Request,
    ) -> Iterator[dict[Any, Any]]:  # fmt: skip
        try:
            corpus = corpus_text(source_, text_, upload_, ours_)
            settings = lab.check_settings(vocab_, pattern_, heldout_)
        except (lab.LabError, OSError) as e:
            yield {status: message_html(str(e)), **cleared}
            return
        yield {status: progress_html(lab.Progress(total=settings.vocab_size - lab.MIN_VOCAB)),
               **cleared}  # fmt: skip
        for progress, outcome in run_training(request.session_hash or "", corpus, settings):
            if outcome is None:
                yield {status: progress_html(progress)}
            elif isinstance(outcome, Exception):
                yield {status: message_html(str(outcome))}
            else:
                yield finished(*outcome, visitor=request.session_hash or "")

    def finished(
        trained: lab.Trained, result: dict[str, Any], path: Path, visitor: str = ""
    ) -> dict[Any, Any]:
        kept = own.keep("yours", label_of(trained), lab.backend_of(trained), visitor)
        done = (f"Trained {result['vocab_size']:,} ids ({result['merges']:,} merges) on "
                f"{trained.corpus['bytes']:,} bytes in {trained.seconds:.1f} s; "
                f"yours is now a card above.{own.dropped_note(kept)}")  # fmt: skip
        if result["vocab_size"] < trained.settings.vocab_size:
            done += " (the corpus ran out of pairs to merge before the size asked for)"

        steps = lab.sample_steps(trained.tokenizer, trained.sample)
        return {
            status: message_html(done, ok=True), verdict: verdict_html(result),
            zip_file: str(path), key: kept.key,
            data: json.dumps(steps, ensure_ascii=False),
        }  # fmt: skip

    event = button.click(
        run, [source, text, upload, ours, vocab, pattern, heldout], outputs,
        api_visibility="private", show_progress_on=[status], **TRAIN,
    )  # fmt: skip
    event.then(None, [key, data], None, js=SHOW_JS)

    def stop_training(request: gr.Request) -> dict[Any, Any]:
        cancel_training(request)
        return {status: message_html(lab.CANCELLED)}

    stop.click(
        stop_training, None, [status], cancels=[event], api_visibility="private", queue=False
    )


def warm() -> None:
    """Train once on a few lines at start-up, so a visitor's first training does not pay for
    compiling the split patterns and loading the comparison tokenizers."""
    lines = "नमस्ते दुनिया। भारत एक विशाल देश है, और यह सुंदर है।\nHindi में 123 बातें।\n" * 20
    for pattern in lab.PATTERNS:
        trained = lab.train(lines, lab.Settings(300, pattern, 0.1))
    result_of(trained)


def lab_js() -> str:
    config = {"events": contract.EVENTS, "palette_size": contract.PALETTE_SIZE}
    script = page_script.bundle("lab")
    return f"{contract.config_js(config)}{script}module_lab.mountLab(element, CONFIG);\n"
