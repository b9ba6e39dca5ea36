"""The Lab (Train tab and `/train`): a visitor trains their own tokenizer on the server
(indictok/lab.py does the work), watches it learn (assets/js/lab.mjs) and downloads it; the
result joins their comparison as the "yours" card (app/own.py).

Bounded for a public Space: one training at a time app-wide, whatever its source (a lock
here; at most MAX_WAITING wait, told so on the page), in a child process of its own
(indictok/jobs.py: niced, memory-capped, killed at once on Cancel, at the time cap
lab.TIME_CAP_SECONDS or when the visitor leaves), a corpus cap (lab.MAX_CORPUS_BYTES), and
files only in a folder of the app's scratch root (app/scratch.py) owned by the session (by
the call for the API), removed when the session ends, when it trains again, when it expires,
at exit and on SIGTERM. The "yours" card runs in the uploaded tokenizers' child (sandbox.py).
"""

from __future__ import annotations

import itertools
import json
import threading
import time
from collections.abc import Iterator
from html import escape
from pathlib import Path
from typing import Any

import gradio as gr

from .. import grading, jobs, lab, sandbox
from ..languages import LANGUAGES
from . import contract, grade_tab, own, page_script, uploads
from .errors import InputError
from .limits import LAB_API_MAX_AGE as API_MAX_AGE
from .limits import LAB_FOLDER_MAX_AGE as FOLDER_MAX_AGE
from .limits import MAX_WAITING_TRAININGS as MAX_WAITING
from .scratch import SCRATCH

TRAIN: dict[str, Any] = {"concurrency_id": "train", "concurrency_limit": 1}
WAIT_STEP = 0.5
SOURCES = [("Pasted text", "paste"), ("Uploaded .txt", "upload"), ("Our training file", "ours")]
PATTERN_CHOICES = [(f"{name}: {what}", name) for name, what in lab.PATTERNS.items()]
# After a training: add the "yours" card (the workbench) and draw the slider panel (lab.mjs).
SHOW_JS = contract.listener_js(
    ("key", "data"),
    contract.event_js("own", "{key}", when="key"),
    contract.event_js("lab", "{json: data}", when="data"),
)
BUSY = (
    "the Lab is busy: {n} trainings are already waiting for their turn; try again in a few minutes"
)

_turn = threading.Lock()  # one training at a time app-wide, whatever its source, page or API
_waiting = 0  # trainings waiting for the turn
_cancels: dict[str, threading.Event] = {}  # session -> the flag its running training reads
_runs = itertools.count(1)  # each training's number, in its card's label
_lock = threading.Lock()


# ---- one training at a time, in a child process ------------------------------------------


def waiting_for_turn(cancel: threading.Event) -> Iterator[None]:
    """Yields while another training runs, and returns holding the turn (the caller releases
    it); LabError when MAX_WAITING trainings already wait, StoppedError when cancelled."""
    global _waiting
    if _turn.acquire(blocking=False):
        return
    with _lock:
        if _waiting >= MAX_WAITING:
            raise lab.LabError(BUSY.format(n=_waiting))
        _waiting += 1
    try:
        while not _turn.acquire(timeout=WAIT_STEP):
            if cancel.is_set():
                raise lab.StoppedError(lab.CANCELLED)
            yield
    finally:
        with _lock:
            _waiting -= 1


def start_job(source: tuple[str, str], settings: lab.Settings, folder: Path) -> jobs.Job:
    cap = lab.TIME_CAP_SECONDS
    return jobs.Job(
        "train",
        (source, settings, str(folder)),
        seconds=cap,
        timeout_message=f"training stopped at the time cap ({cap:.0f} s); nothing was kept. "
        "Try a smaller corpus, a smaller vocabulary or another split pattern",
    )


def run_job(
    job: jobs.Job, progress: lab.Progress, cancel: threading.Event | None = None
) -> Iterator[dict[str, Any] | None]:
    """Yields None while the child trains (progress updated), then its answer; StoppedError
    when `cancel` is set (the child is killed at once), JobError when it fails."""
    try:
        while True:
            if cancel is not None and cancel.is_set():
                raise lab.StoppedError(lab.CANCELLED)
            event = job.next_event(WAIT_STEP / 2)
            if event is None:
                yield None
            elif event[0] == "progress":
                if progress.done == 0:
                    progress.started = time.monotonic()  # merges start after the counting
                progress.done = event[1]
                yield None
            else:
                yield event[1]
                return
    finally:
        job.stop()


def run_training(
    session: str, source: tuple[str, str], settings: lab.Settings, keep: float = FOLDER_MAX_AGE
) -> Iterator[tuple[lab.Progress, Any]]:
    """Wait for the turn, then train in a child; yields (progress, None) while it runs, then
    (progress, outcome): the child's answer, or the exception that stopped it. Cancel (or the
    visitor leaving) kills the child at once and removes its folder."""
    cancel = threading.Event()
    with _lock:
        _cancels[session] = cancel
    progress = lab.Progress(total=settings.vocab_size - lab.MIN_VOCAB)
    try:
        try:
            for _ in waiting_for_turn(cancel):
                yield progress, WAITING
        except (lab.LabError, lab.StoppedError) as e:
            yield progress, e
            return
        try:
            folder = SCRATCH.folder("lab", session, keep)
            for answer in run_job(start_job(source, settings, folder), progress, cancel):
                yield progress, answer
        except (lab.StoppedError, jobs.JobError) as e:
            SCRATCH.release("lab", session)
            yield progress, e
        finally:
            _turn.release()
    finally:
        with _lock:
            if _cancels.get(session) is cancel:
                del _cancels[session]


WAITING = "waiting"  # run_training's outcome while another training holds the turn
WAITING_MESSAGE = "Another training is running; yours starts as soon as it ends."
PROGRESS_SECONDS = 0.25  # how often the page's progress bar is redrawn


def end_session(request: gr.Request) -> None:
    """The visitor left: stop their training and remove their folder."""
    session = request.session_hash or ""
    with _lock:
        cancel = _cancels.pop(session, None)
    if cancel is not None:
        cancel.set()
    SCRATCH.release("lab", session)


def cancel_training(request: gr.Request) -> None:
    with _lock:
        cancel = _cancels.get(request.session_hash or "")
    if cancel is not None:
        cancel.set()


def train(
    text: str,
    vocab_size: int = lab.DEFAULT_VOCAB,
    pattern: str = "indic-superword-v1",
    heldout: float = lab.DEFAULT_HELDOUT,
) -> dict[str, Any]:
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
    owner = f"api-{next(_runs)}"
    outcome: Any = None
    try:
        settings = lab.check_settings(vocab_size, pattern, heldout)
        source = ("text", lab.check_corpus(text))
        *_, (_, outcome) = run_training(owner, source, settings, API_MAX_AGE)
    except (lab.LabError, InputError) as e:
        return {"error": str(e)}
    if isinstance(outcome, Exception):
        return {"error": str(outcome)}
    path = Path(outcome["zip"])
    file = {"path": str(path), "orig_name": path.name, "meta": {"_type": "gradio.FileData"}}
    return {**outcome["result"], "zip": file}


# ---- the tab --------------------------------------------------------------------------


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


def label_of(result: dict[str, Any], run: int) -> str:
    lang = LANGUAGES[result["language"]].name if result["language"] else "no Indian script found"
    return f"Yours #{run}: {result['settings']['pattern']}, {lang}"


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
                text = gr.Textbox(
                    label="Text to train on", lines=6, max_lines=12, elem_id="itl-lab-text"
                )
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
            with gr.Column():
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
                with gr.Row():
                    button = gr.Button("Train", variant="primary", elem_id="itl-lab-train")
                    stop = gr.Button("Cancel", elem_id="itl-lab-cancel")
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

    outputs = [status, verdict, zip_file, key, data]
    cleared = {verdict: "", zip_file: None, key: "", data: ""}  # the previous training's

    def run(
        source_: str,
        text_: str,
        upload_: str | None,
        ours_: str | None,
        vocab_: Any,
        pattern_: str,
        heldout_: float,
        request: gr.Request,
    ) -> Iterator[dict[Any, Any]]:
        try:
            corpus = corpus_source(source_, text_, upload_, ours_)
            settings = lab.check_settings(vocab_, pattern_, heldout_)
        except lab.LabError as e:
            yield {status: message_html(str(e)), **cleared}
            return
        yield {
            status: progress_html(lab.Progress(total=settings.vocab_size - lab.MIN_VOCAB)),
            **cleared,
        }
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
                yield finished(outcome, visitor=request.session_hash or "")

    def finished(answer: dict[str, Any], visitor: str = "") -> dict[Any, Any]:
        result, run_number = answer["result"], next(_runs)
        try:
            backend = sandbox.SandboxedBackend("yours", answer["model"], "yours.model")
        except sandbox.SandboxError as e:
            return {status: message_html(f"trained, but the card could not start: {e}"), **cleared}
        kept = own.keep("yours", label_of(result, run_number), backend, visitor)
        corpus = result["corpus"]
        done = (
            f"Trained {result['vocab_size']:,} ids ({result['merges']:,} merges) on "
            f"{corpus['bytes']:,} bytes in {result['seconds']:.1f} s; "
            f"yours (#{run_number}) is now a card above.{own.dropped_note(kept)}"
        )
        if result["vocab_size"] < result["settings"]["vocab_size"]:
            done += " (the corpus ran out of pairs to merge before the size asked for)"
        return {
            status: message_html(done, ok=True),
            verdict: verdict_html(result),
            zip_file: answer["zip"],
            key: kept.key,
            data: json.dumps(answer["steps"], ensure_ascii=False),
        }

    event = button.click(
        run,
        [source, text, upload, ours, vocab, pattern, heldout],
        outputs,
        api_visibility="private",
        show_progress_on=[status],
        **TRAIN,
    )
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
    lab.measured(trained, lab.backend_of(trained))


def lab_js() -> str:
    config = {"events": contract.EVENTS, "palette_size": contract.PALETTE_SIZE}
    script = page_script.bundle("lab")
    return f"{contract.config_js(config)}{script}module_lab.mountLab(element, CONFIG);\n"
